"""`duikou build`: deterministic, round-trips through two independent parsers, atomic."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from conftest import FACTS, FIXTURES, need_program, run_cli

OUTPUTS = ("duikou.ttl", "duikou.nt", "duikou.jsonld")


@pytest.fixture
def built(real_build: Path) -> Path:
    return real_build


def _parse(path: Path, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format=fmt)


def _assert_isomorphic(a: rdflib.Graph, b: rdflib.Graph) -> None:
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        pytest.fail("graphs differ\nonly in first:\n" + only_a.serialize(format="nt") + "\nonly in second:\n" + only_b.serialize(format="nt"))


def test_build_prints_a_summary(tmp_path: Path) -> None:
    result = run_cli("build", "--facts", str(FACTS), "--out", str(tmp_path / "b"))
    assert result.returncode == 0, result.stderr
    assert "entities by class:" in result.stdout
    assert "triples:" in result.stdout and "sources:" in result.stdout and "warnings:" in result.stdout
    summary = json.loads((tmp_path / "b" / "summary.json").read_text(encoding="utf-8"))
    assert summary["triples"] == sum(1 for _ in (tmp_path / "b" / "duikou.nt").open(encoding="utf-8"))


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert run_cli("build", "--facts", str(FACTS), "--out", str(again)).returncode == 0
    for name in (*OUTPUTS, "summary.json"):
        assert (built / name).read_bytes() == (again / name).read_bytes(), name


def test_turtle_and_jsonld_parse_back_to_the_built_graph(built: Path) -> None:
    reference = _parse(built / "duikou.nt", "nt")
    assert len(reference) > 0
    _assert_isomorphic(_parse(built / "duikou.ttl", "turtle"), reference)
    _assert_isomorphic(_parse(built / "duikou.jsonld", "json-ld"), reference)


def test_an_independent_parser_agrees(built: Path) -> None:
    rapper = need_program("rapper")
    checked = subprocess.run([rapper, "-i", "turtle", "-c", str(built / "duikou.ttl")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    converted = subprocess.run([rapper, "-q", "-i", "turtle", "-o", "ntriples", str(built / "duikou.ttl")], capture_output=True, text=True)
    assert converted.returncode == 0, converted.stderr
    _assert_isomorphic(rdflib.Graph().parse(data=converted.stdout, format="nt"), _parse(built / "duikou.nt", "nt"))


def test_the_graph_has_no_blank_nodes(built: Path) -> None:
    graph = _parse(built / "duikou.nt", "nt")
    assert not any(isinstance(term, rdflib.BNode) for triple in graph for term in triple)


def test_turtle_is_sorted_by_subject(built: Path) -> None:
    subjects = [line.strip() for line in (built / "duikou.ttl").read_text(encoding="utf-8").splitlines() if line.startswith("id:")]
    assert subjects == sorted(subjects)
    assert len(subjects) == len(set(subjects))


def _outputs(out: Path) -> dict[str, bytes]:
    """Everything in a build folder but its cache (which may learn the files a failed build read)."""
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file() and ".cache" not in p.relative_to(out).parts}


def test_a_failed_build_leaves_the_previous_build_untouched(base_facts: Path, tmp_path: Path) -> None:
    facts = base_facts
    out = tmp_path / "build"
    assert run_cli("build", "--facts", str(facts), "--out", str(out)).returncode == 0
    (out / "bench-1000.json").write_text("{}", encoding="utf-8")  # written by another command
    before = _outputs(out)
    shutil.copy(FIXTURES / "broken" / "dangling-reference.yaml", facts / "broken.yaml")
    result = run_cli("build", "--facts", str(facts), "--out", str(out))
    assert result.returncode == 1
    assert "left as it was" in result.stderr
    assert _outputs(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".build")]


def test_a_new_build_replaces_outputs_and_keeps_other_files(base_facts: Path, tmp_path: Path) -> None:
    facts = base_facts
    out = tmp_path / "build"
    assert run_cli("build", "--facts", str(facts), "--out", str(out)).returncode == 0
    (out / "bench-1000.json").write_text("{}", encoding="utf-8")
    old = (out / "duikou.nt").read_text(encoding="utf-8")
    text = (facts / "base.yaml").read_text(encoding="utf-8").replace("三明市", "三明")
    (facts / "base.yaml").write_text(text, encoding="utf-8")
    assert run_cli("build", "--facts", str(facts), "--out", str(out)).returncode == 0
    assert (out / "duikou.nt").read_text(encoding="utf-8") != old
    assert '"三明"@zh' in (out / "duikou.nt").read_text(encoding="utf-8")
    assert (out / "bench-1000.json").exists()


def test_api_serialize_matches_the_build(built: Path) -> None:
    from graph import load

    kg = load(FACTS)
    assert kg.serialize("turtle") == (built / "duikou.ttl").read_text(encoding="utf-8")
    assert kg.serialize("nt") == (built / "duikou.nt").read_text(encoding="utf-8")
    _assert_isomorphic(kg.graph, _parse(built / "duikou.nt", "nt"))
    reloaded = load(built / "duikou.ttl")
    assert reloaded.serialize("nt") == kg.serialize("nt")
