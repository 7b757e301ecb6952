"""Synthetic facts: deterministic, valid with no problem, a realistic mix, and a sane size."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graph.bench.synthetic import CLUSTERS_PER_FOLDER, FILES_PER_CLUSTER, PER_FILE, file_path, read_stamp, write_synthetic_facts
from graph.build.check import check
from graph.facts import model
from graph.facts.loader import FactSet, read_facts
from graph.facts.values import DateValue, Quantity
from graph.rdf.convert import fact_triples

from conftest import run_cli

NOT_COUNTED = ("Source", "Measure")


def contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


@pytest.fixture(scope="module")
def thousand(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object], FactSet]:
    folder = tmp_path_factory.mktemp("synthetic") / "facts"
    summary = write_synthetic_facts(folder, 1000)
    return folder, summary, read_facts(folder)


def test_same_entities_and_seed_give_byte_identical_files(tmp_path: Path) -> None:
    write_synthetic_facts(tmp_path / "a", 700, seed=5)
    write_synthetic_facts(tmp_path / "b", 700, seed=5)
    write_synthetic_facts(tmp_path / "c", 700, seed=6)
    a, b, c = contents(tmp_path / "a"), contents(tmp_path / "b"), contents(tmp_path / "c")
    assert a == b
    assert a.keys() == c.keys()
    assert a != c


def test_the_facts_read_with_no_error_and_no_warning(thousand: tuple[Path, dict[str, object], FactSet]) -> None:
    _, summary, facts = thousand
    assert [str(p) for p in facts.problems] == []
    entities = [r for r in facts.records.values() if r.type not in NOT_COUNTED]
    assert len(entities) == summary["entities"] == 1000
    assert len(facts.files) == summary["files"]


def test_the_facts_conform_to_the_shapes(thousand: tuple[Path, dict[str, object], FactSet]) -> None:
    folder, _, _ = thousand
    report = check(folder, shapes=True)
    assert [str(p) for p in report.problems] == []


@pytest.mark.parametrize("entities", [1, 37, 100, 250, 501])
def test_any_number_of_entities_is_valid_and_exact(tmp_path: Path, entities: int) -> None:
    write_synthetic_facts(tmp_path, entities)
    facts = read_facts(tmp_path)
    assert [str(p) for p in facts.problems] == []
    assert sum(r.type not in NOT_COUNTED for r in facts.records.values()) == entities


def test_every_entry_type_appears(thousand: tuple[Path, dict[str, object], FactSet]) -> None:
    _, _, facts = thousand
    types = Counter(r.type for r in facts.records.values())
    assert set(types) == set(model.ENTRY_TYPE_BY_NAME)
    # Institutions and activities outnumber the places they are in.
    assert types["Firm"] > types["City"] and types["Project"] > types["Pairing"] > types["City"]


def test_every_field_kind_is_exercised(thousand: tuple[Path, dict[str, object], FactSet]) -> None:
    _, _, facts = thousand
    kinds_used = {spec.kind for r in facts.records.values() for spec in r.entry_type.fields if spec.name in r.values}
    assert kinds_used >= {model.LANG_TEXT, model.LANG_TEXTS, model.TEXT, model.TEXTS, model.REF, model.REFS, model.DATE, model.MONEY, model.QUANTITY, model.ENUM, model.URL, model.INFERENCES}
    values = [v for r in facts.records.values() for v in r.values.values()]
    assert {v.precision for v in values if isinstance(v, DateValue)} == {"year", "month", "day"}
    assert {v.kind for v in values if isinstance(v, Quantity)} >= {"money", "count", "ratio", "number"}
    texts = [r.values.get("amount") for r in facts.by_type("Project")]
    assert any(isinstance(t, Quantity) and t.text.endswith("万元") for t in texts)
    assert all("published" in s.values for s in facts.by_type("Source"))


def test_references_cross_files_and_clusters(thousand: tuple[Path, dict[str, object], FactSet]) -> None:
    _, _, facts = thousand
    other_file = other_cluster = 0
    for record in facts.records.values():
        for spec in record.entry_type.fields:
            if spec.kind not in (model.REF, model.REFS) or spec.targets == ("Field",) or spec.name not in record.values:
                continue
            refs = record.values[spec.name]
            for ref in [refs] if spec.kind == model.REF else refs:
                target = facts.records[ref]
                other_file += target.file != record.file
                if target.type not in NOT_COUNTED:
                    other_cluster += Path(target.file).name[:6] != Path(record.file).name[:6]
    assert other_file > 1000  # most entries of the later files of a cluster point into its first
    assert other_cluster > 0


def test_every_entity_cites_a_source_and_looks_synthetic(thousand: tuple[Path, dict[str, object], FactSet]) -> None:
    _, _, facts = thousand
    for record in facts.records.values():
        if record.type == "Source":
            assert record.values["url"].startswith("https://example.org/")
            assert "合成" in record.values["title"]
            continue
        names = record.values["name"]
        assert "合成" in names.get("zh", "合成") and "Synthetic" in names.get("en", "Synthetic"), record.id
        if record.type != "Measure":
            assert record.values["sources"], record.id
        if "website" in record.values:
            assert record.values["website"].startswith("https://example.org/")


def test_size_per_entity_is_near_the_reference_scale(thousand: tuple[Path, dict[str, object], FactSet]) -> None:
    folder, summary, facts = thousand
    entities = int(str(summary["entities"]))
    # The reference scale: about 270 bytes of YAML and 8.5 triples per entity.
    assert 200 <= int(str(summary["bytes"])) / entities <= 400
    assert 7 <= len(fact_triples(facts)) / entities <= 11
    per_file = Counter(r.file for r in facts.records.values() if r.type not in NOT_COUNTED)
    assert max(per_file.values()) == PER_FILE
    assert max(p.stat().st_size for p in folder.rglob("*.yaml")) < 1024 * 1024


def test_no_folder_holds_more_than_1000_files() -> None:
    files_at_a_million = 1_000_000 // PER_FILE
    folders = Counter(file_path(*divmod(i, FILES_PER_CLUSTER)).parent for i in range(files_at_a_million))
    assert max(folders.values()) <= 1000
    assert len(folders) == files_at_a_million // (CLUSTERS_PER_FOLDER * FILES_PER_CLUSTER)


def test_a_smaller_generation_replaces_a_larger_one(tmp_path: Path) -> None:
    write_synthetic_facts(tmp_path, 900)
    summary = write_synthetic_facts(tmp_path, 150)
    assert read_stamp(tmp_path) == summary
    fresh = tmp_path.parent / "fresh"
    write_synthetic_facts(fresh, 150)
    assert contents(tmp_path) == contents(fresh)
    assert [str(p) for p in read_facts(tmp_path).problems] == []


def test_a_folder_of_other_facts_is_refused(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text("entries: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not generated"):
        write_synthetic_facts(tmp_path, 100)
    assert (tmp_path / "mine.yaml").read_text(encoding="utf-8") == "entries: []\n"


def test_the_cli_writes_what_the_library_writes(tmp_path: Path) -> None:
    result = run_cli("generate", str(tmp_path / "cli"), "--entities", "230", "--seed", "2")
    assert result.returncode == 0, result.stderr
    assert "230 synthetic entities" in result.stdout
    write_synthetic_facts(tmp_path / "lib", 230, seed=2)
    assert contents(tmp_path / "cli") == contents(tmp_path / "lib")
