"""Content negotiation: the Accept header's q-values, specificity and ties (RFC 9110 §12.5.1)."""

from __future__ import annotations

import pytest

from graph.sparql.negotiate import negotiate, parse_accept
from graph.sparql.results import BOOLEAN_TYPES, GRAPH_TYPES, SOLUTION_TYPES

JSON, XML = "application/sparql-results+json", "application/sparql-results+xml"


@pytest.mark.parametrize(
    ("accept", "offered", "chosen"),
    [
        (None, SOLUTION_TYPES, JSON),  # no header: the server's default
        ("", SOLUTION_TYPES, JSON),
        ("*/*", GRAPH_TYPES, "text/turtle"),
        (XML, SOLUTION_TYPES, XML),  # SPARQLWrapper's default for SELECT and ASK
        ("application/rdf+xml", GRAPH_TYPES, "application/rdf+xml"),  # … and for CONSTRUCT and DESCRIBE
        # rdflib's SPARQLStore asks for both XML types at once, in no fixed order.
        ("application/rdf+xml, application/sparql-results+xml", SOLUTION_TYPES, XML),
        ("application/sparql-results+xml, application/rdf+xml", GRAPH_TYPES, "application/rdf+xml"),
        (f"{JSON};q=0.5, text/csv", SOLUTION_TYPES, "text/csv"),  # the higher quality wins
        (f"text/csv;q=0.4, {XML};q=0.9, */*;q=0.1", SOLUTION_TYPES, XML),
        ("text/*, application/sparql-results+json", SOLUTION_TYPES, JSON),  # equal q: the exact type beats text/*
        ("text/csv, text/tab-separated-values", SOLUTION_TYPES, "text/csv"),  # equal q and specificity: the client's order
        ("text/tab-separated-values, text/csv", SOLUTION_TYPES, "text/tab-separated-values"),
        ("text/*", SOLUTION_TYPES, "text/csv"),  # one range, several matches: the server's order
        ("text/turtle;q=0, */*", GRAPH_TYPES, "application/n-triples"),  # q=0: not acceptable, whatever */* says
        (f"{JSON};q=0, {XML};q=0, */*;q=0.3", BOOLEAN_TYPES, "application/json"),
        ("TEXT/CSV", SOLUTION_TYPES, "text/csv"),  # media types are case-insensitive
        ("text/csv; charset=utf-8; q=0.8", SOLUTION_TYPES, "text/csv"),
        ("application/json;q=1.000", SOLUTION_TYPES, "application/json"),
    ],
)
def test_the_preferred_offered_type(accept: str | None, offered: tuple[str, ...], chosen: str) -> None:
    assert negotiate(accept, offered) == chosen


@pytest.mark.parametrize(
    "accept",
    [
        "application/pdf",
        "text/csv",  # offered for SELECT, not for ASK
        f"{JSON};q=0, {XML};q=0, application/json;q=0",
        "*/*;q=0",
        f"{JSON};q=2",  # q above 1 is malformed: the range is dropped, nothing else is acceptable
        f"{JSON};q=high",
        "json",  # no slash: not a media range
        "*/json",
    ],
)
def test_nothing_acceptable(accept: str) -> None:
    assert negotiate(accept, BOOLEAN_TYPES) is None


def test_malformed_ranges_are_dropped_and_the_rest_kept() -> None:
    ranges = parse_accept(f"garbage, {JSON};q=x, text/csv;q=0.5;level=1, */*")
    assert [(r.type, r.subtype, r.quality) for r in ranges] == [("text", "csv", 0.5), ("*", "*", 1.0)]
