"""The SHACL shapes: one per class, named, with messages, passing valid data and catching breaks."""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from graph.facts import model
from graph.facts.loader import read_facts
from graph.rdf.convert import fact_triples
from graph.rdf.graphs import to_rdflib
from graph.rdf.ontology import DKSH
from graph.rdf.shacl import ShapeViolation, shapes_graph, validate_graph
from graph.rdf.vocab import DK, ID, PREFIXES

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
SH = Namespace(PREFIXES["sh"])
DKSHNS = Namespace(DKSH)
DKNS = Namespace(DK)
RDFS_LABEL = PREFIXES["rdfs"] + "label"

# For each class: the node its broken fixture breaks, the property and the YAML field.
BROKEN: dict[str, tuple[str, str, str]] = {
    "Source": ("src-broken", PREFIXES["dcterms"] + "title", "title"),
    "Measure": ("measure-broken", RDFS_LABEL, "name"),
    "Province": ("fujian", RDFS_LABEL, "name"),
    "City": ("sanming", DK + "partOf", "part_of"),
    "District": ("sanming-mingxi", DK + "partOf", "part_of"),
    "Hospital": ("ruijin-hospital", DK + "source", "sources"),
    "School": ("sanming-no1-middle-school", DK + "source", "sources"),
    "University": ("sjtu", PREFIXES["schema"] + "url", "website"),
    "Firm": ("test-group", DK + "field", "fields"),
    "Organization": ("test-chamber", DK + "locatedIn", "located_in"),
    "IndustrialPark": ("test-park", DK + "openedOn", "opened"),
    "Project": ("project-test", DK + "amount", "amount"),
    "Agreement": ("agreement-test", DK + "party", "parties"),
    "PolicyDocument": ("doc-test", DK + "issuer", "issuers"),
    "Event": ("event-test", DK + "date", "date"),
    "Pairing": ("pairing-test", DK + "level", "level"),
    "Observation": ("obs-test", DK + "value", "value"),
    "Location": ("location-test", "http://www.w3.org/2003/01/geo/wgs84_pos#lat", "lat"),
    "RevolutionaryOldArea": ("oldarea-test", DK + "spansProvince", "provinces"),
    "Programme": ("programme-test", DK + "periodEnd", "period_end"),
}


@cache
def fixture(name: str) -> Graph:
    return Graph().parse(FIXTURES / name, format="turtle")


def test_the_valid_graph_conforms() -> None:
    assert validate_graph(fixture("valid.ttl")) == []


def test_the_valid_graph_has_every_class() -> None:
    types = set(fixture("valid.ttl").objects(None, RDF.type))
    assert {DKNS[t.name] for t in model.ENTRY_TYPES} <= types


def test_every_class_has_a_broken_fixture() -> None:
    assert set(BROKEN) == {t.name for t in model.ENTRY_TYPES}
    assert {p.name for p in FIXTURES.glob("broken-*.ttl")} == {f"broken-{name}.ttl" for name in BROKEN}


@pytest.mark.parametrize("class_name", sorted(BROKEN))
def test_each_node_shape_catches_its_break(class_name: str) -> None:
    node, path, yaml_field = BROKEN[class_name]
    violations = validate_graph(fixture(f"broken-{class_name}.ttl"))
    assert violations, f"broken-{class_name}.ttl passed the shapes"
    # Only the broken node and property fail: the rest of the fixture is valid.
    assert {(v.focus, v.path, v.yaml_field) for v in violations} == {(ID + node, path, yaml_field)}
    assert all(v.severity == "error" and v.message.startswith(f"`{yaml_field}`") for v in violations)


def test_converted_facts_of_every_type_conform() -> None:
    # What the converter writes from valid YAML must satisfy the shapes generated from the same model.
    facts = read_facts(FIXTURES / "facts")
    assert facts.problems == []
    assert {r.type for r in facts.records.values()} == {t.name for t in model.ENTRY_TYPES}
    assert validate_graph(to_rdflib(fact_triples(facts))) == []


def test_every_class_has_a_node_shape() -> None:
    shapes = shapes_graph()
    for entry_type in model.ENTRY_TYPES:
        shape = DKSHNS[entry_type.name]
        assert (shape, RDF.type, SH.NodeShape) in shapes
        assert (shape, SH.targetClass, DKNS[entry_type.name]) in shapes


def test_every_shape_is_named() -> None:
    shapes = shapes_graph()
    for shape_type in (SH.NodeShape, SH.PropertyShape):
        for shape in shapes.subjects(RDF.type, shape_type):
            assert isinstance(shape, URIRef) and str(shape).startswith(DKSH), shape
    for _node, _p, shape in shapes.triples((None, SH.property, None)):
        assert isinstance(shape, URIRef), shape


def test_every_property_shape_has_a_message_and_its_yaml_field() -> None:
    shapes = shapes_graph()
    for entry_type in model.ENTRY_TYPES:
        names = {f.name for f in entry_type.fields}
        property_shapes = list(shapes.objects(DKSHNS[entry_type.name], SH.property))
        assert property_shapes
        for shape in property_shapes:
            message = shapes.value(shape, SH.message)
            assert isinstance(message, Literal) and message.language == "en" and "write" in str(message), shape
            yaml_field = shapes.value(shape, DKSHNS.yamlField)
            assert yaml_field is not None and str(yaml_field) in names, shape


def test_every_field_with_a_predicate_has_a_property_shape() -> None:
    shapes = shapes_graph()
    for entry_type in model.ENTRY_TYPES:
        checked = {str(shapes.value(s, DKSHNS.yamlField)) for s in shapes.objects(DKSHNS[entry_type.name], SH.property)}
        assert checked == {f.name for f in entry_type.fields}, entry_type.name


def test_described_nodes_need_a_source() -> None:
    shapes = shapes_graph()
    for entry_type in model.ENTRY_TYPES:
        shape = DKSHNS[f"{entry_type.name}-source"]
        if not entry_type.needs_sources:
            assert (shape, None, None) not in shapes
            continue
        assert shapes.value(shape, SH.path) == DKNS.source
        assert shapes.value(shape, SH.minCount) == Literal(1)
        assert shapes.value(shape, SH["class"]) == DKNS.Source


def test_violations_are_sorted_and_deduplicated() -> None:
    graph = Graph()
    graph += fixture("broken-School.ttl")
    school = URIRef(ID + "sanming-no1-middle-school")
    graph.add((school, DKNS.source, URIRef(ID + "sanming")))  # a second value, also not a Source
    graph.add((URIRef(ID + "sanming"), RDF.type, DKNS.City))  # and a City with neither name nor source
    violations = validate_graph(graph)
    assert violations == sorted(violations, key=ShapeViolation.sort_key)
    assert len(violations) == len(set(violations))
    assert [(v.focus[len(ID) :], v.yaml_field) for v in violations] == [
        ("sanming", "name"),
        ("sanming", "sources"),
        ("sanming-no1-middle-school", "sources"),
    ]


def test_shape_violation_is_frozen() -> None:
    violation = ShapeViolation("https://w3id.org/duikou/id/x", None, None, "message", "error")
    with pytest.raises(dataclasses.FrozenInstanceError):
        violation.message = "changed"  # type: ignore[misc]
