"""kg.to_networkx() keeps every entry as a node with its class and labels, and every reference as an edge."""

from __future__ import annotations

from functools import cache

import networkx as nx

from graph import load
from graph.api import KnowledgeGraph
from graph.facts import model
from graph.facts.loader import Record, read_facts
from graph.rdf.vocab import ID

from conftest import FACTS


@cache
def kg() -> KnowledgeGraph:
    return load(FACTS)


@cache
def records() -> dict[str, Record]:
    return read_facts(FACTS).records


@cache
def network() -> nx.MultiDiGraph:
    return kg().to_networkx()


def test_every_entry_is_a_node_with_its_class_and_labels() -> None:
    g = network()
    entries = {r.id: r for r in records().values() if r.type != "Source"}
    assert set(g.nodes) == set(entries)
    for entry_id, record in entries.items():
        node = g.nodes[entry_id]
        names = record.values["name"]
        assert node["cls"] == record.type
        assert node["iri"] == ID + entry_id
        assert node["label_zh"] == names.get("zh", "")
        assert node["label_en"] == names.get("en", "")
        assert node["label"] == (names.get("zh") or names.get("en") or entry_id)


def test_every_reference_is_an_edge_keyed_by_its_property() -> None:
    g = network()
    expected = set()
    for record in records().values():
        if record.type == "Source":
            continue
        for spec in record.entry_type.fields:
            if spec.kind not in (model.REF, model.REFS) or spec.targets in (("Field",), ("Source",)) or spec.name not in record.values:
                continue
            value = record.values[spec.name]
            for target in [value] if spec.kind == model.REF else value:
                expected.add((record.id, target, spec.predicate))
    found = {(a, b, key) for a, b, key in g.edges(keys=True) if key != "dk:pairedWith"}
    assert found == expected
    assert all(data["relation"] == key for _, _, key, data in g.edges(keys=True, data=True))


def test_pairings_link_their_parties_both_ways() -> None:
    g = network()
    expected = set()
    for record in records().values():
        if record.type == "Pairing":
            for developed in record.values["developed"]:
                for old_area in record.values["old_area"]:
                    expected |= {(developed, old_area), (old_area, developed)}
    assert {(a, b) for a, b, key in g.edges(keys=True) if key == "dk:pairedWith"} == expected
    assert expected


def test_sources_only_when_asked_for() -> None:
    with_sources = kg().to_networkx(include_sources=True)
    sources = {r.id for r in records().values() if r.type == "Source"}
    assert sources and sources <= set(with_sources.nodes) and not sources & set(network().nodes)
    cited = {(r.id, s) for r in records().values() if r.type != "Source" for s in r.values.get("sources", [])}
    assert {(a, b) for a, b, key in with_sources.edges(keys=True) if key == "dk:source"} == cited
    assert all(with_sources.nodes[s]["cls"] == "Source" for s in sources)
