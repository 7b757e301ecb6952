"""The fast build path against the plain one, on generated facts big enough for worker processes:
parallel, cached, incremental and streamed builds give the graph the plain rdflib pipeline gives."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from graph.api import build
from graph.bench.synthetic import write_synthetic_facts
from graph.build.pipeline import CACHE_FOLDER, BuildFailed, compile_facts
from graph.build.reading import PARALLEL_FROM_FILES
from graph.facts.loader import read_facts
from graph.rdf.graphs import to_rdflib
from graph.rdf.serialize import ntriples_lines, turtle_chunks

# Enough files that the build reads them in worker processes.
ENTITIES = (PARALLEL_FROM_FILES + 6) * 100


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated") / "facts"
    write_synthetic_facts(folder, ENTITIES, seed=7)
    assert len(list(folder.rglob("*.yaml"))) >= PARALLEL_FROM_FILES
    return folder


@pytest.fixture(scope="module")
def plain(generated: Path) -> dict[str, bytes]:
    """The outputs written straight from all triples, sorted, in one process."""
    triples = compile_facts(generated).triples
    return {"duikou.nt": "".join(ntriples_lines(triples)).encode(), "duikou.ttl": "".join(turtle_chunks(triples)).encode()}


@pytest.fixture(scope="module")
def parallel_build(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("parallel") / "build"
    compiled = build(generated, out, graph_only=True, jobs=2)
    assert compiled.files_read == len(compiled.facts.files)
    return out


def _outputs(out: Path, stream: bool = False) -> dict[str, bytes]:
    """What a build wrote: N-Triples and Turtle, or N-Triples alone for a streamed build."""
    return {name: (out / name).read_bytes() for name in (("duikou.nt",) if stream else ("duikou.nt", "duikou.ttl"))}


def _assert_isomorphic(a: rdflib.Graph, b: rdflib.Graph) -> None:
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        pytest.fail(f"graphs differ: {len(only_a)} triples only in the first, {len(only_b)} only in the second\n" + only_a.serialize(format="nt")[:2000])


def test_parallel_build_writes_what_the_plain_writer_writes(parallel_build: Path, plain: dict[str, bytes]) -> None:
    assert _outputs(parallel_build) == plain


def test_fast_path_and_rdflib_pipeline_give_isomorphic_graphs(parallel_build: Path, generated: Path) -> None:
    # The plain rdflib pipeline: Graph.add for every triple, then rdflib's own serializer.
    peer = to_rdflib(compile_facts(generated).triples)
    reparsed = rdflib.Graph().parse(data=peer.serialize(format="nt"), format="nt")
    for name, fmt in (("duikou.nt", "nt"), ("duikou.ttl", "turtle")):
        _assert_isomorphic(rdflib.Graph().parse(parallel_build / name, format=fmt), reparsed)


def test_one_process_and_workers_agree(generated: Path, parallel_build: Path, tmp_path: Path) -> None:
    build(generated, tmp_path / "one", graph_only=True, jobs=1, cache=False)
    assert _outputs(tmp_path / "one") == _outputs(parallel_build)
    assert not (tmp_path / "one" / CACHE_FOLDER).exists()


def test_streamed_build_holds_the_same_triples(generated: Path, plain: dict[str, bytes], tmp_path: Path) -> None:
    compiled = build(generated, tmp_path / "streamed", stream=True, jobs=2)
    streamed = (tmp_path / "streamed" / "duikou.nt").read_bytes()
    assert not (tmp_path / "streamed" / "duikou.ttl").exists()
    lines = streamed.splitlines()
    assert sorted(lines) == sorted(plain["duikou.nt"].splitlines())
    assert len(lines) == compiled.summary()["triples"]


def _edit_one_file(facts: Path) -> Path:
    edited = sorted(facts.rglob("*.yaml"))[len(list(facts.rglob("*.yaml"))) // 2]
    text = edited.read_text(encoding="utf-8")
    changed = text.replace("en: Synthetic", "en: Edited synthetic", 1)
    assert changed != text
    edited.write_text(changed, encoding="utf-8")
    return edited


@pytest.mark.parametrize("stream", [False, True], ids=["sorted", "streamed"])
def test_a_rebuild_reads_only_the_edited_file_and_equals_a_cold_build(stream: bool, generated: Path, tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(generated, facts)
    out = tmp_path / "build"
    build(facts, out, graph_only=True, stream=stream, jobs=2)
    _edit_one_file(facts)
    again = build(facts, out, graph_only=True, stream=stream, jobs=2)
    assert again.files_read == 1
    cold = build(facts, tmp_path / "cold", graph_only=True, stream=stream, jobs=2, cache=False)
    assert _outputs(out, stream) == _outputs(tmp_path / "cold", stream)
    rebuilt = (out / "duikou.nt").read_bytes()
    assert b"Edited synthetic" in rebuilt and b"#pairedWith>" in rebuilt  # the parties' links were put in
    assert again.summary() == cold.summary()


def test_a_state_left_by_another_kind_of_build_is_not_used(generated: Path, tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(generated, facts)
    out = tmp_path / "build"
    build(facts, out, graph_only=True, jobs=2)
    _edit_one_file(facts)
    streamed = build(facts, out, stream=True, jobs=2)
    # Cache entries and the state are keyed by the parts they hold: a sorted build's serve no stream.
    assert streamed.files_read == len(streamed.facts.files)
    build(facts, tmp_path / "cold", stream=True, jobs=2, cache=False)
    assert _outputs(out, stream=True) == _outputs(tmp_path / "cold", stream=True)
    assert build(facts, out, graph_only=True, jobs=2).files_read == len(streamed.facts.files)


@pytest.mark.parametrize("damage", ["truncated-meta", "garbage-meta", "flipped-part", "missing-part", "emptied-part"])
def test_a_damaged_cache_is_never_trusted(damage: str, generated: Path, parallel_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    shutil.copytree(parallel_build, out)
    entries = sorted((out / CACHE_FOLDER).glob("??/*.meta"))
    assert entries
    for meta in entries[:: max(1, len(entries) // 5)]:
        part = meta.with_suffix(".nt")
        if damage == "truncated-meta":
            meta.write_bytes(meta.read_bytes()[: meta.stat().st_size // 2])
        elif damage == "garbage-meta":
            meta.write_bytes(os.urandom(200))
        elif damage == "flipped-part":  # same size, one byte changed: only the digest tells
            data = bytearray(part.read_bytes())
            data[len(data) // 2] ^= 0x20
            part.write_bytes(bytes(data))
        elif damage == "missing-part":
            meta.with_suffix(".ttl").unlink()
        else:
            part.write_bytes(b"")
    build(generated, out, graph_only=True, jobs=2)
    assert _outputs(out) == _outputs(parallel_build)


def test_problems_found_in_workers_are_those_found_in_one_process(generated: Path, tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(generated, facts)
    files = sorted(facts.rglob("*.yaml"))
    for broken in (files[3], files[-2]):
        text = broken.read_text(encoding="utf-8")
        broken.write_text(text.replace("sources: [", "sources: [no-such-source, ", 1).replace("type: Firm", "type: Firma", 1), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(facts, tmp_path / "build", graph_only=True, jobs=2)
    expected = read_facts(facts).problems
    assert expected
    assert sorted(failure.value.report.problems) == sorted(expected)
    assert not (tmp_path / "build").exists()


@pytest.mark.parametrize("stream", [False, True], ids=["sorted", "streamed"])
def test_a_rebuild_still_checks_what_an_edit_breaks_across_files(stream: bool, generated: Path, tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(generated, facts)
    out = tmp_path / "build"
    build(facts, out, graph_only=True, stream=stream, jobs=2)
    before = _outputs(out, stream)
    edited = sorted(facts.rglob("*.yaml"))[len(list(facts.rglob("*.yaml"))) // 2]
    text = edited.read_text(encoding="utf-8")
    # A reference to an entry of another file, now to one that does not exist.
    at = text.index("sources: [src-", text.index("\nentries:\n"))
    edited.write_text(text[:at] + "sources: [src-gone, " + text[at + len("sources: [") :], encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build(facts, out, graph_only=True, stream=stream, jobs=2)
    assert any("src-gone" in problem.message for problem in failure.value.report.errors)
    assert _outputs(out, stream) == before
    edited.write_text(text, encoding="utf-8")
    again = build(facts, out, graph_only=True, stream=stream, jobs=2)
    assert _outputs(out, stream) == before
    assert again.summary()["entities"] == compile_facts(facts).summary()["entities"]
