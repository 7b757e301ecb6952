"""Hostile input: every bad facts file gives a clear, located error, through the real CLI.

Each input is given to `duikou check` and to `duikou build` in a fresh process limited to
2 GiB of address space and two minutes. Each run must exit with 1 or 2, print no traceback,
place the problem at file:line:column with a fix, write nothing into the facts, and leave the
previous build byte for byte as it was. Small inputs are committed in tests/fixtures/hostile/
(the broken/ corpus runs here too); big ones are made by the tests.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, build_manifest

HOSTILE = FIXTURES / "hostile"
BROKEN = FIXTURES / "broken"
MEMORY_LIMIT = 2 * 1024**3
TIME_LIMIT = 120
LINE = re.compile(r"^(?P<file>\S[^:]*):(?P<line>\d+):(?P<column>\d+) (?:(?P<entry>[^:\s]+): )?(?P<message>.+) — (?P<fix>.+)$")

# fixture -> (line, column, words the message must contain)
EXPECTED = {
    "amount-arabic-indic.yaml": (6, 13, "digits that are not ASCII"),
    "amount-dollars.yaml": (6, 13, "is not a number"),
    "amount-infinite.yaml": (6, 13, "not a finite number"),
    "amount-nan.yaml": (6, 13, "not a finite number"),
    "amount-too-many-digits.yaml": (6, 13, "not a plausible figure"),
    "amount-words.yaml": (6, 13, "is not a number"),
    "billion-laughs.yaml": (10, 4, "aliases"),
    "binary-tag.yaml": (5, 11, "is not text"),
    "bom-inside.yaml": (3, 2, "byte-order mark"),
    "comments-only.yaml": (1, 1, "the file is empty"),
    "complex-key.yaml": (3, 7, "is not a string"),
    "control-character.yaml": (5, 18, "U+0007"),
    "count-negative.yaml": (8, 12, "negative"),
    "date-feb-29-not-leap.yaml": (7, 11, "not a real date"),
    "date-fullwidth.yaml": (7, 11, "digits that are not ASCII"),
    "date-year-zero.yaml": (7, 11, "out of range"),
    "entries-not-list.yaml": (3, 3, "must be a list"),
    "gbk.yaml": (5, 16, "not UTF-8"),
    "id-accented.yaml": (3, 9, "not a slug"),
    "id-bidi-override.yaml": (3, 9, "not a slug"),
    "id-iri-unsafe.yaml": (3, 9, "not a slug"),
    "id-line-break.yaml": (3, 9, "not a slug"),
    "id-number.yaml": (3, 9, "not a slug"),
    "id-path.yaml": (3, 9, "not a slug"),
    "id-space.yaml": (3, 9, "not a slug"),
    "id-unicode.yaml": (3, 9, "not a slug"),
    "inferred-number-key.yaml": (6, 15, "inferred must map field names"),
    "merge-key.yaml": (4, 5, "merge keys"),
    "multi-document.yaml": (3, 1, "second YAML document"),
    "null-key.yaml": (4, 5, "is not a string"),
    "percent-with-wan.yaml": (8, 12, "mixes"),
    "python-module.yaml": (2, 10, "python/module"),
    "python-name.yaml": (5, 11, "python/name"),
    "python-object-apply.yaml": (2, 10, "python/object/apply"),
    "python-object-new.yaml": (3, 5, "python/object/new"),
    "ref-iri-unsafe.yaml": (6, 14, "is not an id"),
    "set-tag.yaml": (2, 10, "must be a list"),
    "top-level-list.yaml": (2, 1, "must be a mapping"),
    "top-level-scalar.yaml": (2, 1, "must be a mapping"),
    "type-list.yaml": (4, 11, "unknown type"),
    "url-javascript.yaml": (6, 14, "not a web address"),
    "url-line-break.yaml": (6, 14, "not a web address"),
    "utf16.yaml": (1, 1, "UTF-16"),
    "whitespace-only.yaml": (1, 1, "the file is empty"),
}
# Hostile-looking but harmless: accepted, and read exactly as without the oddity.
ACCEPTED = {"bom-utf8.yaml"}
# Problems only the SHACL shapes find: `build` leaves them to `check`.
CHECK_ONLY = {"shape-pairing-level.yaml"}


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_limited(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``duikou`` under the memory and time limits."""
    return subprocess.run(
        [sys.executable, "-m", "graph.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limit_memory,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )


def manifest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) with the SHA-256 of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A complete build of the base facts, copied in place of build/ before each hostile run."""
    root = tmp_path_factory.mktemp("previous")
    facts = root / "facts"
    facts.mkdir()
    shutil.copy(FIXTURES / "base" / "base.yaml", facts)
    result = run_limited("build", "--facts", str(facts), "--out", str(root / "build"), cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "build"


class Workspace:
    """A facts folder (the base facts plus hostile files) and a build/ holding a previous build."""

    def __init__(self, root: Path, previous: Path) -> None:
        self.root = root
        self.facts = root / "facts"
        self.facts.mkdir()
        shutil.copy(FIXTURES / "base" / "base.yaml", self.facts)
        self.build = root / "build"
        shutil.copytree(previous, self.build)

    def run(self, verb: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        extra = ("--out", str(self.build)) if verb == "build" else ()
        # Run from inside the facts folder, so that problems name files as a curator sees them.
        return run_limited(verb, "--facts", ".", *extra, cwd=self.facts, env=env)

    def assert_refused(self, name: str, line: int, column: int, words: str, verbs: tuple[str, ...] = ("check", "build"), env: dict[str, str] | None = None) -> None:
        """Each verb exits with 1, places the problem with a fix, and writes nothing."""
        facts_before, build_before = manifest(self.facts), build_manifest(self.build)
        for verb in verbs:
            result = self.run(verb, env)
            output = result.stdout + result.stderr
            assert result.returncode == 1, f"{verb}: exit {result.returncode}\n{output}"
            assert "Traceback" not in output, output
            problems = result.stdout if verb == "check" else result.stderr
            lines = [text for text in problems.splitlines() if not text.startswith("build failed")]
            matches = [LINE.match(text) for text in lines]
            assert lines and all(matches), f"{verb}: not one located problem per line:\n{problems}"
            located = [m for m in matches if m and m["file"] == name and (int(m["line"]), int(m["column"])) == (line, column)]
            assert located, f"{verb}: nothing at {name}:{line}:{column}\n{problems}"
            assert any(words in m["message"] for m in located), f"{verb}: {words!r} not said\n{problems}"
            assert all(m["fix"].strip() for m in located)
            assert manifest(self.facts) == facts_before, f"{verb} wrote into the facts"
            assert build_manifest(self.build) == build_before, f"{verb} changed build/"
            assert not [p for p in self.root.iterdir() if p.name.startswith(".build")], f"{verb} left a staging folder"


@pytest.fixture
def workspace(tmp_path: Path, previous_build: Path) -> Workspace:
    return Workspace(tmp_path, previous_build)


def test_every_hostile_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in HOSTILE.iterdir()) == sorted([*EXPECTED, *ACCEPTED])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_fixture_is_refused_where_it_is(name: str, workspace: Workspace) -> None:
    shutil.copy(HOSTILE / name, workspace.facts / name)
    workspace.assert_refused(name, *EXPECTED[name])
    assert not list(workspace.root.rglob("hostile-marker")), "a tag in the facts ran a command"


@pytest.mark.parametrize("name", sorted(p.name for p in BROKEN.glob("*.yaml")))
def test_broken_fixture_is_refused_under_limits(name: str, workspace: Workspace) -> None:
    # tests/test_check.py checks where each problem is; here: limits, no output, both verbs.
    from test_check import EXPECTED as BROKEN_EXPECTED

    shutil.copy(BROKEN / name, workspace.facts / name)
    verbs = ("check",) if name in CHECK_ONLY else ("check", "build")
    workspace.assert_refused(name, *BROKEN_EXPECTED[name], verbs=verbs)


def test_a_utf8_byte_order_mark_is_read_as_if_absent(workspace: Workspace, tmp_path: Path) -> None:
    data = (HOSTILE / "bom-utf8.yaml").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    (workspace.facts / "bom.yaml").write_bytes(data)
    with_bom = run_limited("build", "--facts", "facts", "--out", "with", cwd=workspace.root)
    (workspace.facts / "bom.yaml").write_bytes(data[3:])
    without = run_limited("build", "--facts", "facts", "--out", "without", cwd=workspace.root)
    assert with_bom.returncode == without.returncode == 0, with_bom.stderr + without.stderr
    assert build_manifest(workspace.root / "with") == build_manifest(workspace.root / "without")


# Inputs too big to commit, made here. Each returns (file name, line, column, words).
def _hundred_megabytes(facts: Path) -> tuple[str, int, int, str]:
    block = "".join(f"  - id: firm-{i}\n    type: Firm\n    name: {{zh: 企业{i}}}\n    sources: [src-test]\n" for i in range(1000))
    with open(facts / "huge.yaml", "w", encoding="utf-8") as handle:
        handle.write("entries:\n")
        while handle.tell() < 100 * 1024 * 1024:
            handle.write(block)
    return "huge.yaml", 1, 1, "over the limit"


def _deep_flow(facts: Path) -> tuple[str, int, int, str]:
    depth = 100_000
    (facts / "deep.yaml").write_text("entries: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    return "deep.yaml", 1, 1009, "nested too deeply"


def _deep_block(facts: Path) -> tuple[str, int, int, str]:
    lines = "".join("  " * level + f"k{level}:\n" for level in range(1100))
    (facts / "deep.yaml").write_text(lines, encoding="utf-8")
    return "deep.yaml", 1000, 2003, "nested too deeply"


def _just_too_deep(facts: Path) -> tuple[str, int, int, str]:
    # Within libyaml's own limit but past duikou's: the check that keeps error messages and
    # anything walking values recursively safe.
    (facts / "deep.yaml").write_text("entries:\n  - id: x\n    name: " + "[" * 40 + "]" * 40 + "\n", encoding="utf-8")
    return "deep.yaml", 3, 40, "nested too deeply"


def _huge_integer(facts: Path) -> tuple[str, int, int, str]:
    (facts / "number.yaml").write_text("entries:\n  - id: x\n    value: " + "9" * 5000 + "\n", encoding="utf-8")
    return "number.yaml", 3, 12, "too long to be a figure"


def _huge_id(facts: Path) -> tuple[str, int, int, str]:
    (facts / "long.yaml").write_text("entries:\n  - id: " + "x y" * 2_000_000 + "\n    type: City\n", encoding="utf-8")
    return "long.yaml", 2, 9, "not a slug"


GENERATED: dict[str, Callable[[Path], tuple[str, int, int, str]]] = {
    "file-of-100-mb": _hundred_megabytes,
    "flow-nesting-100000-deep": _deep_flow,
    "block-nesting-1100-deep": _deep_block,
    "nesting-40-deep": _just_too_deep,
    "integer-of-5000-digits": _huge_integer,
    "id-of-6-mb": _huge_id,
}


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_generated_hostile_input_is_refused(case: str, workspace: Workspace) -> None:
    name, line, column, words = GENERATED[case](workspace.facts)
    workspace.assert_refused(name, line, column, words)


def test_problem_lines_stay_short(workspace: Workspace) -> None:
    _huge_id(workspace.facts)
    result = workspace.run("check")
    assert result.returncode == 1
    assert max(len(line) for line in result.stdout.splitlines()) < 1000


def test_a_terminal_that_cannot_show_chinese_gets_escapes(workspace: Workspace) -> None:
    shutil.copy(HOSTILE / "amount-words.yaml", workspace.facts)
    result = workspace.run("check", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "\\u6570\\u5341\\u4ebf\\u5143" in result.stdout  # 数十亿元


def test_the_file_size_limit_can_be_set(workspace: Workspace) -> None:
    workspace.assert_refused("base.yaml", 1, 1, "over the limit", env={"DUIKOU_MAX_FILE_MB": "0.0001"})


def test_twenty_thousand_problems_are_placed_in_bounded_time(workspace: Workspace) -> None:
    # Placing a problem re-reads its file for positions: once per file, not once per problem.
    count = 20_000
    body = "".join(f"  - id: city-{i}\n    type: City\n    name: {{en: City {i}}}\n    nmae: typo\n    sources: [src-test]\n" for i in range(count))
    (workspace.facts / "typos.yaml").write_text("entries:\n" + body, encoding="utf-8")
    result = workspace.run("check")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    typos = [line for line in result.stdout.splitlines() if "unknown field 'nmae'" in line]
    assert len(typos) == count
    assert typos[-1].startswith(f"typos.yaml:{5 * count}:5 city-{count - 1}:")


def test_file_names_that_are_not_text_are_shown_escaped(workspace: Workspace) -> None:
    for raw_name in (b"bad-\xff.yaml", b"two\nlines.yaml"):
        (workspace.facts / os.fsdecode(raw_name)).write_text("entries:\n  - id: Bad Id\n", encoding="utf-8")
    result = workspace.run("check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert all(LINE.match(line) for line in result.stdout.splitlines()), result.stdout
    assert "bad-\\udcff.yaml:2:9" in result.stdout
    assert "two\\nlines.yaml:2:9" in result.stdout


def test_special_files_and_link_loops_are_not_read(workspace: Workspace) -> None:
    # A pipe or a device named .yaml would block or never end if read; a link back to the
    # folder would make the walk endless.
    os.mkfifo(workspace.facts / "pipe.yaml")
    (workspace.facts / "zeros.yaml").symlink_to("/dev/zero")
    (workspace.facts / "loop").symlink_to(workspace.facts, target_is_directory=True)
    result = workspace.run("check")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("shape", ["missing", "a file", "empty"])
def test_a_facts_folder_that_cannot_be_loaded_exits_2(shape: str, tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    if shape == "a file":
        facts.write_text("entries: []\n", encoding="utf-8")
    elif shape == "empty":
        facts.mkdir()
    for verb in ("check", "build"):
        result = run_limited(verb, "--facts", str(facts), cwd=tmp_path)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith("could not load: ") and " — " in result.stderr
        assert not (tmp_path / "build").exists()
