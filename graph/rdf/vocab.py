"""Namespaces and prefixes: the IRIs that users' queries depend on."""

from __future__ import annotations

DK = "https://w3id.org/duikou/ontology#"
ID = "https://w3id.org/duikou/id/"
ONTOLOGY_IRI = "https://w3id.org/duikou/ontology"
SHAPES_IRI = "https://w3id.org/duikou/shapes"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# The base IRI of every query, on either engine and at the endpoint: a relative IRI in a query
# without BASE (<sanming>) names an entity. Fixed rather than the endpoint's address, so that a
# query means the same wherever it runs.
QUERY_BASE = ID

# Prefixes written into every output and predeclared for queries. Order is output order.
PREFIXES: dict[str, str] = {
    "dk": DK,
    "id": ID,
    "dcterms": "http://purl.org/dc/terms/",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "wgs": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# Enum fields become SKOS concepts named <scheme>-<value> in the dk: namespace.
ENUM_SCHEMES: dict[tuple[str, str], str] = {
    ("Source", "kind"): "source",
    ("Measure", "kind"): "measurekind",
    ("City", "kind"): "city",
    ("District", "kind"): "district",
    ("Organization", "kind"): "organization",
    ("IndustrialPark", "kind"): "park",
    ("Project", "status"): "status",
    ("PolicyDocument", "kind"): "document",
    ("Event", "kind"): "event",
    ("Pairing", "level"): "level",
    ("Observation", "qualifier"): "qualifier",
    ("Location", "point"): "point",
}


def expand(curie: str) -> str:
    """dk:partOf -> https://w3id.org/duikou/ontology#partOf"""
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


def entity_iri(entry_id: str) -> str:
    return ID + entry_id


def class_iri(type_name: str) -> str:
    return DK + type_name


def field_concept_iri(field_id: str) -> str:
    return DK + "field-" + field_id


def enum_iri(scheme: str, value: str) -> str:
    return DK + f"{scheme}-{value}"
