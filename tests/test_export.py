"""`duikou export` and `kg.export()`: tables that pass `frictionless validate`, network files
that independent readers (igraph for GraphML, graphology for GEXF) load with the graph's nodes,
edges and attributes, the same bytes for the same facts, and a folder's other files left alone."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path

import pytest

from graph import load
from graph.api import KnowledgeGraph

from conftest import FACTS, ROOT, UNDER_CI, need_program, run_cli

GEXF_READER = ROOT / "tests" / "js" / "read_gexf.js"


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return load(FACTS)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "export"
    result = run_cli("export", "--facts", str(FACTS), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(Path(line).name for line in result.stdout.split()) == sorted(
        ["entities.csv", "relations.csv", "observations.csv", "sources.csv", "datapackage.json", "duikou.graphml", "duikou.gexf"]
    )
    return out


def frictionless(*args: str) -> subprocess.CompletedProcess[str]:
    program = Path(sys.executable).parent / "frictionless"
    if not program.exists():
        need_program("frictionless")
    return subprocess.run([str(program if program.exists() else "frictionless"), *args], capture_output=True, text=True, timeout=300)


def test_the_tables_pass_frictionless_validate(exported: Path, tmp_path: Path) -> None:
    result = frictionless("validate", str(exported / "datapackage.json"))
    assert result.returncode == 0, result.stdout + result.stderr
    # The check can fail: a value that is not a number, and a link to no entity, are caught.
    broken = tmp_path / "broken"
    shutil.copytree(exported, broken)
    rows = (broken / "observations.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    cells = next(csv.reader([rows[1]]))
    cells[header.index("value")] = "eighty-three"
    cells[header.index("subject")] = "no-such-entity"
    out = [rows[0], ",".join(cells), *rows[2:]]
    (broken / "observations.csv").write_text("\r\n".join(out) + "\r\n", encoding="utf-8")
    failed = frictionless("validate", str(broken / "datapackage.json"))
    assert failed.returncode != 0 and "type-error" in failed.stdout and "foreign-key" in failed.stdout


def test_the_tables_hold_the_graph(exported: Path, kg: KnowledgeGraph) -> None:
    import pandas

    entities = pandas.read_csv(exported / "entities.csv", keep_default_na=False)
    assert len(entities) == sum(kg.summary().values())
    assert entities.set_index("id").loc["sanming", "name_zh"] == "三明市"
    observations = pandas.read_csv(exported / "observations.csv", keep_default_na=False, parse_dates=["date_first_day"])
    assert len(observations) == kg.summary()["Observation"]
    row = observations.set_index("id").loc["obs-paired-schools-2023-11"]
    assert (row["subject"], row["value"], row["unit"], row["date"], row["date_precision"]) == ("pairing-shanghai-sanming", 83, "school", "2023-11-08", "day")
    assert set(observations["date_precision"]) <= {"year", "month", "day"} and observations["value"].dtype.kind == "f"
    relations = pandas.read_csv(exported / "relations.csv")
    assert ("sanming", "dk:partOf", "fujian") in set(relations.itertuples(index=False, name=None))
    sources = pandas.read_csv(exported / "sources.csv", keep_default_na=False)
    assert len(sources) == kg.summary()["Source"]
    package = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert [r["path"] for r in package["resources"]] == ["entities.csv", "relations.csv", "observations.csv", "sources.csv"]


def test_igraph_reads_the_graphml(exported: Path, kg: KnowledgeGraph) -> None:
    import igraph

    expected = kg.to_networkx()
    read = igraph.Graph.Read_GraphML(str(exported / "duikou.graphml"))
    assert read.is_directed()
    assert (read.vcount(), read.ecount()) == (expected.number_of_nodes(), expected.number_of_edges())
    by_id = {v["id"]: v for v in read.vs}
    for node, attributes in expected.nodes(data=True):
        for name in ("cls", "label_zh", "label_en", "iri"):
            assert by_id[node][name] == attributes[name], (node, name)
    got = Counter((read.vs[e.source]["id"], read.vs[e.target]["id"], e["relation"]) for e in read.es)
    assert got == Counter((s, t, r) for s, t, r in expected.edges(data="relation"))
    assert by_id["pairing-shanghai-sanming"]["date"] and by_id["pairing-shanghai-sanming"]["date_precision"]


def test_graphology_reads_the_gexf_with_a_timeline(exported: Path, kg: KnowledgeGraph) -> None:
    node = need_program("node")
    if not (ROOT / "web" / "node_modules" / "graphology-gexf").is_dir():
        message = "web/node_modules has no graphology-gexf (setup.sh installs it with npm ci)"
        pytest.fail(message) if UNDER_CI else pytest.skip(message)
    result = subprocess.run([node, str(GEXF_READER), str(exported / "duikou.gexf")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    read = json.loads(result.stdout)
    expected = kg.to_networkx()
    assert read["type"] == "directed" and read["multi"]
    assert set(read["nodes"]) == set(expected.nodes)
    for node_id, attributes in expected.nodes(data=True):
        for name in ("cls", "label_zh", "label_en", "iri"):
            assert read["nodes"][node_id][name] == attributes[name], (node_id, name)
    assert Counter((s, t, a["relation"]) for s, t, a in read["edges"]) == Counter(expected.edges(data="relation"))
    # Gephi's timeline: the graph is dynamic with dates, and pairings and events start on their day.
    root = ElementTree.parse(exported / "duikou.gexf").getroot()
    ns = {"g": root.tag[1 : root.tag.index("}")]}
    graph = root.find("g:graph", ns)
    assert graph is not None and (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    starts = {n.get("id"): n.get("start") for n in root.iterfind("g:graph/g:nodes/g:node", ns)}
    start = kg.entity("pairing-shanghai-sanming")["dk:startDate"][0]
    assert starts["pairing-shanghai-sanming"].startswith(str(start)[:7])
    events = [n for n, data in expected.nodes(data=True) if data["cls"] == "Event"]
    assert events and sum(1 for n in events if starts[n]) >= len(events) // 2


def test_export_is_deterministic_atomic_and_leaves_other_files(exported: Path, kg: KnowledgeGraph, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("my own notes\n", encoding="utf-8")
    (out / "entities.csv").write_text("stale\n", encoding="utf-8")
    written = kg.export(out)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my own notes\n"
    assert sorted(p.name for p in out.iterdir()) == sorted([p.name for p in written] + ["notes.txt"])  # no temporary file left
    for path in written:
        assert path.read_bytes() == (exported / path.name).read_bytes(), path.name
    assert [p.name for p in kg.export(tmp_path / "csv-only", format="csv")][-1] == "datapackage.json"
    with pytest.raises(ValueError):
        kg.export(tmp_path / "bad", format="xlsx")
