"""The benchmark: a tiny run writes every figure, and the memory sampler sees a whole process tree.

No timing is asserted: the figures depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from graph.bench.benchmark import STEPS, bench, table
from graph.bench.processes import measure
from graph.bench.query_timing import run_queries
from graph.bench.synthetic import write_synthetic_facts
from graph.facts.loader import read_facts
from graph.sparql.querylib import example_queries

from conftest import run_cli

KEYS = {*STEPS, "metadata", "targets"}

# The child itself stays small; its own child allocates (and touches) 200 MB for a second.
GRANDCHILD_ALLOCATES = (
    "import subprocess, sys\n"
    "subprocess.run([sys.executable, '-c', 'import time; b = b\"x\" * (200 * 2**20); time.sleep(1)'], check=True)\n"
)


def test_the_sampler_measures_the_memory_of_a_grandchild() -> None:
    measured = measure([sys.executable, "-c", GRANDCHILD_ALLOCATES])
    assert measured.returncode == 0, measured.stderr
    assert measured.sampled_mib >= 150
    assert measured.peak_mib >= measured.sampled_mib


def test_the_sampler_does_not_count_the_process_that_measures() -> None:
    ballast = b"y" * (200 * 2**20)  # the measuring process is big; the child is not
    measured = measure([sys.executable, "-c", "import time; time.sleep(0.3)"])
    assert measured.returncode == 0
    assert 1 < measured.sampled_mib < 100
    assert len(ballast) > 0


def test_a_command_over_its_time_limit_is_stopped() -> None:
    measured = measure([sys.executable, "-c", "import time; time.sleep(60)"], timeout=0.5)
    assert measured.returncode < 0
    assert measured.seconds < 30


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("bench")
    return out, bench(300, runs=1, out=out)


def test_a_tiny_run_writes_every_figure(tiny: tuple[Path, dict[str, Any]]) -> None:
    out, _ = tiny
    written = json.loads((out / "bench-300.json").read_text(encoding="utf-8"))
    assert set(written) == KEYS
    for step in STEPS:
        figures = written[step]
        assert figures["median_s"] > 0, step
        assert figures["peak_mib"] > 0, step
        assert len(figures["runs"]) == 1, step
    meta = written["metadata"]
    assert meta["entities"] == 300 and meta["files"] > 0 and meta["yaml_bytes"] > 0 and meta["triples"] > 0
    assert {"PyYAML", "rdflib", "pyoxigraph"} <= set(meta["libraries"])
    assert "PyYAML" in meta["yaml_reader"]  # the reader the build used
    per_query = written["queries"]["per_query"]
    assert per_query
    paths = ("oxigraph", "store", "serve", "api")
    for name, figures in per_query.items():
        assert all(figures[path]["median_s"] > 0 for path in paths), name
        # Every path answers alike: the same number of rows in memory, on disk, from the
        # endpoint, from kg.query and on rdflib.
        assert {figures[path]["rows"] for path in (*paths, "rdflib")} == {figures["oxigraph"]["rows"]}, name
    assert any(f["oxigraph"]["rows"] for f in per_query.values())
    # At least four selective queries, each finding something about its city or pairing.
    selective = [f for f in per_query.values() if f["kind"] == "selective"]
    assert len(selective) >= 4 and all(f["oxigraph"]["rows"] > 0 for f in selective)
    assert {f["kind"] for f in per_query.values()} == {"selective", "report"}
    assert {t["target"].split()[0] for t in written["targets"]} >= {"build", "rdflib_peer", "rebuild", "every", "load()"}
    assert written["queries"]["store"]["load_s"] > 0 and written["queries"]["store"]["peak_mib"] > 0
    api = written["queries"]["api"]
    assert api["load_and_first_query_s"] > api["load_s"] + api["store_s"] and api["load_s"] > 0 and api["store_s"] > 0
    assert api["first_query"] in per_query
    serve = written["queries"]["serve"]
    assert serve["peak_mib"] > 0
    # What a killed worker costs: a fork of the graph's holder, or a process opening the store.
    assert serve["servers"]["memory"]["graph"] == "in memory" and serve["servers"]["disk"]["graph"] == "on disk"
    assert all(serve["servers"][mode]["worker_start_ms"] > 0 and serve["servers"][mode]["pss_mib"] > 0 for mode in ("memory", "disk"))
    # The disk figures are the store `duikou query` reads: the build folder now has one.
    assert (out / "bench-300" / "build" / "oxigraph" / "CURRENT").is_file()


def test_the_table_names_every_step_and_target(tiny: tuple[Path, dict[str, Any]]) -> None:
    _, result = tiny
    text = table(result)
    for step in STEPS:
        assert f"\n{step} " in text
    assert "× parse_floor" in text and "targets:" in text and "--no-shapes" in text
    assert all(t["target"] in text for t in result["targets"])


def test_queries_over_the_time_limit_are_reported_as_timeouts(tiny: tuple[Path, dict[str, Any]]) -> None:
    out, _ = tiny
    names = ["figure-time-series", "signed-at-events"]
    texts = {name: example_queries()[name].text for name in names}
    run = run_queries("rdflib", out / "bench-300" / "build" / "duikou.nt", texts, 1, 0.0001)
    assert run.figures == {name: {"timeout": True, "limit_s": 0.0001} for name in names}
    assert len(run.processes) == 1 and run.processes[0].returncode == 0


def test_the_facts_are_left_as_generated(tiny: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    out, _ = tiny
    facts = out / "bench-300" / "facts"
    write_synthetic_facts(tmp_path, 300)
    assert {p.relative_to(facts): p.read_bytes() for p in facts.rglob("*.yaml")} == {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*.yaml")}
    assert read_facts(facts).problems == []


def test_the_cli_runs_chosen_steps_and_reuses_the_facts(tiny: tuple[Path, dict[str, Any]]) -> None:
    out, _ = tiny
    result = run_cli("bench", "--entities", "300", "--runs", "1", "--steps", "parse_floor,check", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "reusing the synthetic facts" in result.stderr
    assert "parse_floor" in result.stdout and "not measured" in result.stdout
    written = json.loads((out / "bench-300.json").read_text(encoding="utf-8"))
    assert set(written) == KEYS
    assert written["check"]["median_s"] > 0
    assert "skipped" in written["build"] and "skipped" in written["queries"]


def test_an_unknown_step_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown step"):
        bench(100, runs=1, out=tmp_path, steps=["parse", "build"])


def test_the_selective_queries_find_the_real_facts_alike_on_both_engines() -> None:
    from graph import load
    from graph.bench.selective import selective_queries

    from conftest import FACTS

    kg = load(FACTS)
    for name, text in selective_queries("sanming", "pairing-shanghai-sanming").items():
        rows = kg.query(text, dataframe=False)
        assert rows, name
        assert rows == kg.query(text, dataframe=False, engine="rdflib"), name


def test_selective_only_runs_no_report_and_says_so(tiny: tuple[Path, dict[str, Any]]) -> None:
    out, _ = tiny
    result = run_cli("bench", "--entities", "300", "--runs", "1", "--steps", "queries", "--queries", "selective", "--out", str(out))
    assert result.returncode == 0, result.stderr
    written = json.loads((out / "bench-300.json").read_text(encoding="utf-8"))
    assert written["metadata"]["queries"] == "selective"
    kinds = {f["kind"] for f in written["queries"]["per_query"].values()}
    assert kinds == {"selective"}
    assert not any("report" in t["target"] for t in written["targets"])


def test_an_unknown_query_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown queries"):
        bench(100, runs=1, out=tmp_path, queries="reports")
