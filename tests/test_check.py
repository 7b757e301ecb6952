"""`duikou check` on broken fixtures: every kind of problem, placed at file:line:col."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli

BROKEN = FIXTURES / "broken"

# fixture -> (line, column, words the message must contain)
EXPECTED = {
    "syntax.yaml": (5, 1, "expected ',' or '}'"),
    "tab-indentation.yaml": (3, 1, "tab"),
    "duplicate-key.yaml": (7, 5, "duplicate key 'name'"),
    "unknown-field.yaml": (4, 5, "unknown field 'nmae'"),
    "wrong-type.yaml": (5, 20, "not a list of texts"),
    "impossible-date.yaml": (8, 12, "not a real date"),
    "invalid-date.yaml": (8, 12, "no month 13"),
    "duplicate-id.yaml": (2, 9, "duplicate id, first used at base.yaml:13"),
    "dangling-reference.yaml": (5, 14, "no entry has id 'sanmign'"),
    "wrong-reference-type.yaml": (5, 14, "'fujian' is a Province"),
    "missing-sources.yaml": (2, 5, "missing sources"),
    "unknown-unit.yaml": (5, 13, "unknown unit '美元'"),
    "negative-amount.yaml": (5, 13, "negative"),
    "value-kind-mismatch.yaml": (7, 12, "not a whole count"),
    "bad-id.yaml": (2, 9, "not a slug"),
    "unknown-type.yaml": (3, 11, "unknown type 'Town'"),
    "python-tag.yaml": (4, 11, "could not determine a constructor"),
    "alias.yaml": (2, 4, "aliases"),
    "empty.yaml": (1, 1, "the file is empty"),
    "not-utf8.yaml": (4, 16, "not UTF-8"),
    "shape-pairing-level.yaml": (12, 12, "level does not fit"),
    "undated-event.yaml": (2, 9, "an event without a date needs a note"),
    "size-without-unit.yaml": (5, 11, "a size needs its unit"),
    "event-not-after.yaml": (6, 16, "not the date its earliest source was published (2024-05-09)"),
}
LINE = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<column>\d+) (?:(?P<entry>[^:]+): )?(?P<message>.+) — (?P<fix>.+)$")


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_reports_the_problem_where_it_is(name: str, base_facts: Path) -> None:
    shutil.copy(BROKEN / name, base_facts / name)
    result = run_cli("check", "--facts", str(base_facts), cwd=base_facts)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    line, column, words = EXPECTED[name]
    problems = [LINE.match(text) for text in result.stdout.splitlines()]
    assert all(problems), result.stdout
    located = [m for m in problems if m and m["file"] == name and int(m["line"]) == line and int(m["column"]) == column]
    assert located, result.stdout
    assert any(words in m["message"] for m in located), result.stdout
    assert all(m["fix"].strip() for m in located)


def test_check_reports_every_problem_at_once(base_facts: Path) -> None:
    for name in ("dangling-reference.yaml", "unknown-unit.yaml", "impossible-date.yaml", "syntax.yaml"):
        shutil.copy(BROKEN / name, base_facts / name)
    result = run_cli("check", "--facts", str(base_facts), cwd=base_facts)
    assert result.returncode == 1
    files = {line.split(":")[0] for line in result.stdout.splitlines()}
    assert {"dangling-reference.yaml", "unknown-unit.yaml", "impossible-date.yaml", "syntax.yaml"} <= files


def test_python_tags_execute_nothing(base_facts: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    (base_facts / "evil.yaml").write_text(f"entries: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    result = run_cli("check", "--facts", str(base_facts), cwd=base_facts)
    assert result.returncode == 1
    assert not marker.exists()


def test_valid_facts_conform(base_facts: Path) -> None:
    result = run_cli("check", "--facts", str(base_facts), "--no-shapes", cwd=base_facts)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_a_missing_folder_could_not_load(tmp_path: Path) -> None:
    result = run_cli("check", "--facts", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr
