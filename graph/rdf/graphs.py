"""Bridging plain triples and rdflib: the rdflib Graph is the Python API's view of the build."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from graph.rdf.convert import IRI, LANG, TYPED, Triple
from graph.rdf.vocab import PREFIXES

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


def from_rdflib(graph: rdflib.Graph) -> list[Triple]:
    """Plain sorted triples from an rdflib Graph (blank nodes are not part of duikou graphs)."""
    from rdflib import BNode, Literal, URIRef

    triples: list[Triple] = []
    for s, p, o in graph:
        if isinstance(s, BNode) or isinstance(o, BNode):
            raise ValueError("duikou graphs have no blank nodes")
        if isinstance(o, URIRef):
            obj: tuple[int, str, str] = (IRI, str(o), "")
        elif isinstance(o, Literal) and o.language:
            obj = (LANG, str(o), o.language)
        else:
            assert isinstance(o, Literal)
            datatype = str(o.datatype) if o.datatype and str(o.datatype) != PREFIXES["xsd"] + "string" else ""
            obj = (TYPED, str(o), datatype)
        triples.append((str(s), str(p), obj))
    return sorted(triples)
