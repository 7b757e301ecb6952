"""Bridging plain triples and rdflib: the rdflib Graph is the Python API's view of the build."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .convert import IRI, LANG, Triple
from .vocab import PREFIXES

if TYPE_CHECKING:
    import rdflib


def new_graph() -> rdflib.Graph:
    import rdflib

    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, rdflib.Namespace(namespace), override=True, replace=True)
    return graph


def to_rdflib(triples: Iterable[Triple], graph: rdflib.Graph | None = None) -> rdflib.Graph:
    """An rdflib Graph holding the triples (with duikou's prefixes bound)."""
    from rdflib import Literal, URIRef

    graph = new_graph() if graph is None else graph
    iris: dict[str, URIRef] = {}

    def iri(value: str) -> URIRef:
        term = iris.get(value)
        if term is None:
            term = iris[value] = URIRef(value)
        return term

    add = graph.add
    for s, p, (kind, value, extra) in triples:
        if kind == IRI:
            obj: rdflib.term.Identifier = iri(value)
        elif kind == LANG:
            obj = Literal(value, lang=extra)
        else:
            obj = Literal(value, datatype=iri(extra) if extra else None)
        add((iri(s), iri(p), obj))
    return graph
