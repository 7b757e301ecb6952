"""The on-disk pyoxigraph store: the built graph kept in an indexed database so queries stay fast.

``duikou build`` bulk-loads duikou.nt and the ontology into ``build/oxigraph/`` inside its
staging folder, so the store is swapped in together with the files it was made from. Readers
open it read-only: any number of processes (``duikou serve``'s workers, ``duikou query``) can
read it at once, and none of them can change it. rdflib stays the Python API; answers from the
store are turned into the same Python values as rdflib's.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.facts.problems import LoadFailure
from graph.facts.values import canonical_decimal
from graph.rdf.vocab import PREFIXES, QUERY_BASE

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib

STORE_NAME = "oxigraph"
# What goes into the store, from the build folder: the facts, then the ontology beside them.
STORE_SOURCES = (("duikou.nt", "application/n-triples"), ("ontology.ttl", "text/turtle"))


def store_path(build_dir: Path) -> Path:
    return Path(build_dir) / STORE_NAME


def has_store(build_dir: Path) -> bool:
    return (store_path(build_dir) / "CURRENT").is_file()


def write_store(folder: Path) -> Path:
    """Bulk-load the built files of ``folder`` into ``folder/oxigraph`` and close it."""
    import pyoxigraph

    path = store_path(folder)
    store = pyoxigraph.Store(str(path))
    try:
        for name, media_type in STORE_SOURCES:
            source = folder / name
            if source.is_file():
                store.bulk_load(path=str(source), format=pyoxigraph.RdfFormat.from_media_type(media_type))
        store.flush()
        store.optimize()
    finally:
        del store  # RocksDB closes when the last reference goes
    return path


def open_store(build_dir: Path) -> pyoxigraph.Store:
    """The store of a build, opened read-only."""
    import pyoxigraph

    path = store_path(build_dir)
    if not has_store(build_dir):
        raise LoadFailure(f"{path}: no store — run `duikou build` first")
    return pyoxigraph.Store.read_only(str(path))


def run(store: pyoxigraph.Store, sparql: str, default_graphs: tuple[str, ...] | None = None, named_graphs: tuple[str, ...] | None = None) -> Any:
    """Execute a query with duikou's prefixes predeclared and relative IRIs resolved against
    QUERY_BASE; the raw pyoxigraph result.

    A dataset given by the SPARQL Protocol (``default_graphs``, ``named_graphs``) replaces the
    query's FROM and FROM NAMED; as the protocol says, naming graphs of one kind only leaves the
    other kind empty. The build is the store's default graph and it has no named graphs, so a
    graph named this way is empty, as it is when a query names it in FROM.
    """
    import pyoxigraph

    dataset: dict[str, Any] = {}
    if default_graphs is not None or named_graphs is not None:
        dataset["default_graph"] = [pyoxigraph.NamedNode(iri) for iri in default_graphs or ()]
        dataset["named_graphs"] = [pyoxigraph.NamedNode(iri) for iri in named_graphs or ()]
    return store.query(sparql, prefixes=dict(PREFIXES), base_iri=QUERY_BASE, **dataset)


def memory_store(ntriples: bytes | Path, ontology: Path) -> pyoxigraph.Store:
    """An in-memory store bulk-loaded with the facts (N-Triples, as text or a file) and the
    ontology beside them, as the on-disk store holds them: what ``kg.query`` runs on."""
    import pyoxigraph

    store = pyoxigraph.Store()
    if isinstance(ntriples, Path):
        store.bulk_load(path=str(ntriples), format=pyoxigraph.RdfFormat.N_TRIPLES)
    else:
        store.bulk_load(input=ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    if ontology.is_file():
        store.bulk_load(path=str(ontology), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def load_memory_store(build_dir: Path) -> pyoxigraph.Store:
    """A build's graph (duikou.nt and ontology.ttl) in an in-memory store: ``duikou serve``
    holds it so when it fits (graph.sparql.holder)."""
    (facts, _), (ontology, _) = STORE_SOURCES
    path = Path(build_dir) / facts
    if not path.is_file():
        raise LoadFailure(f"{path}: no built graph — run `duikou build` first")
    return memory_store(path, Path(build_dir) / ontology)


def oxigraph_python_value(term: Any) -> Any:
    """The Python value rdflib would give for a pyoxigraph result term (None when unbound)."""
    from graph.sparql.terms import python_value

    return None if term is None else python_value(to_rdflib_term(term))


def store_answer(store: pyoxigraph.Store, sparql: str, convert: Callable[[Any], Any] = oxigraph_python_value) -> Any:
    """Like ``sparql.answer``: a bool for ASK, an rdflib Graph for CONSTRUCT and DESCRIBE,
    else (columns, rows) of each pyoxigraph term (None when unbound) passed through
    ``convert``: by default the same Python values rdflib gives."""
    import pyoxigraph

    from graph.rdf.graphs import new_graph

    result = run(store, sparql)
    if isinstance(result, pyoxigraph.QueryBoolean):
        return bool(result)
    if isinstance(result, pyoxigraph.QueryTriples):
        graph = new_graph()
        for triple in result:
            graph.add((to_rdflib_term(triple.subject), to_rdflib_term(triple.predicate), to_rdflib_term(triple.object)))
        return graph
    columns = [v.value for v in result.variables]
    # A solution's terms in the order of the variables: reading them by name is several times slower.
    rows = [{c: convert(term) for c, term in zip(columns, solution, strict=True)} for solution in result]
    return columns, rows


def to_rdflib_term(term: Any) -> rdflib.term.Identifier:
    """The rdflib term for a pyoxigraph term, so both engines share one value mapping."""
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == PREFIXES["xsd"] + "string":
            return Literal(term.value)
        if datatype == PREFIXES["xsd"] + "decimal":
            # Oxigraph writes decimals in XSD 1.1 form (3000000000); the build writes XSD 1.0
            # canonical form (3000000000.0), which rdflib keeps: print them alike.
            return Literal(canonical_decimal(Decimal(term.value)), datatype=URIRef(datatype))
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")
