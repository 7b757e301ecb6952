"""The Python API: ``load()`` gives a KnowledgeGraph that mirrors the command line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.facts.problems import LoadFailure, Report
from graph.rdf.convert import IRI, LANG, Triple
from graph.rdf.serialize import compact, jsonld_text, ntriples_lines, turtle_chunks
from graph.rdf.vocab import DK, ID, PREFIXES, RDF_TYPE

if TYPE_CHECKING:
    import networkx
    import pyoxigraph
    import rdflib

    from graph.build.pipeline import Compiled
    from graph.views.view import NetworkView

RDFS_LABEL = PREFIXES["rdfs"] + "label"
SOURCE = DK + "source"
_FORMATS = {"turtle": "ttl", "ttl": "ttl", "nt": "nt", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld", "jsonld": "jsonld"}


class KnowledgeGraph:
    """The paired-cooperation graph, with SPARQL, entity lookup, networkx and serialisation."""

    def __init__(self, triples: list[Triple] | Callable[[], list[Triple]], facts_dir: Path | None = None, ntriples: bytes | None = None) -> None:
        # The triples, or what makes them when first asked for; ``ntriples``, when given, is
        # the same graph as N-Triples text, which the query store loads without them.
        self._triples = triples
        self._ntriples = ntriples
        self.facts_dir = facts_dir

    # -- views of the data -------------------------------------------------------------
    @cached_property
    def triples(self) -> list[Triple]:
        """Every triple, sorted: (subject, predicate, (kind, value, datatype or language))."""
        return self._triples if isinstance(self._triples, list) else self._triples()

    @cached_property
    def graph(self) -> rdflib.Graph:
        """The facts as an rdflib Graph (the ontology is in ``.ontology``), made when first asked for."""
        from graph.rdf.graphs import to_rdflib

        return to_rdflib(self.triples)

    @cached_property
    def store(self) -> pyoxigraph.Store:
        """The facts and the ontology in an in-memory Oxigraph store: what ``query`` runs on."""
        from graph.build.pipeline import ONTOLOGY_DIR
        from graph.sparql.store import memory_store

        data = self._ntriples if self._ntriples is not None else "".join(ntriples_lines(self.triples)).encode("utf-8")
        self._ntriples = None  # the store holds it now
        return memory_store(data, ONTOLOGY_DIR / "duikou.ttl")

    @cached_property
    def ontology(self) -> rdflib.Graph:
        """The ontology and its concept schemes (cooperation fields, statuses …)."""
        from graph.build.pipeline import ONTOLOGY_DIR
        from graph.rdf.graphs import new_graph

        graph = new_graph()
        path = ONTOLOGY_DIR / "duikou.ttl"
        if path.exists():
            graph.parse(path, format="turtle")
        return graph

    @cached_property
    def _query_graph(self) -> rdflib.Graph:
        from graph.rdf.graphs import new_graph

        union = new_graph()
        for triple in self.graph:
            union.add(triple)
        for triple in self.ontology:
            union.add(triple)
        return union

    def query(self, sparql: str, dataframe: bool = True, full_iris: bool = False, engine: str = "oxigraph") -> Any:
        """Run a SPARQL query over the facts and the ontology, with duikou's prefixes declared
        and relative IRIs resolved against ``https://w3id.org/duikou/id/`` (``<sanming>``).

        SELECT returns a pandas DataFrame with Python-typed columns where pandas is installed
        and ``dataframe`` is true: IRIs as CURIEs (``id:sanming``; full IRIs with
        ``full_iris``), counts as int64, money and ratios as float64, xsd:date as
        ``datetime.date``, xsd:gYearMonth and xsd:gYear as ``pandas.Period`` (see graph.sparql.frames).
        Otherwise a list of dicts: full IRIs, ``int``, ``Decimal``, ``datetime.date``, and the
        text of gYear/gYearMonth. ASK returns a bool; CONSTRUCT and DESCRIBE an rdflib Graph.

        ``engine`` is ``"oxigraph"`` (an in-memory store, ``.store``, loaded at the first
        query) or ``"rdflib"`` (rdflib's SPARQL engine over ``.graph`` and ``.ontology``, far
        slower on large graphs); both give the same answers.
        """
        from graph.sparql.query import run_query

        if engine == "oxigraph":
            return run_query(self.store, sparql, dataframe=dataframe, full_iris=full_iris)
        if engine == "rdflib":
            return run_query(self._query_graph, sparql, dataframe=dataframe, full_iris=full_iris)
        raise ValueError(f"unknown engine {engine!r}: use oxigraph or rdflib")

    def entity(self, entry_id: str) -> dict[str, Any]:
        """Everything the graph says about one entry: ``{"id", "iri", "types", <CURIE>: [values]}``.

        ``entry_id`` is an id (``sanming``), a CURIE as queries return it (``id:sanming``) or
        a full IRI. Raises KeyError when no entry has this id.
        """
        if entry_id.startswith("id:"):
            entry_id = entry_id[len("id:") :]
        iri = entry_id if entry_id.startswith("http") else ID + entry_id
        rows = [t for t in self.triples if t[0] == iri]
        if not rows:
            raise KeyError(f"no entry has id {entry_id!r}")
        result: dict[str, Any] = {"id": iri[len(ID) :] if iri.startswith(ID) else iri, "iri": iri, "types": []}
        for _, predicate, (kind, value, extra) in rows:
            if predicate == RDF_TYPE:
                result["types"].append(compact(value) or value)
                continue
            key = compact(predicate) or predicate
            shown: Any
            if kind == IRI:
                shown = value[len(ID) :] if value.startswith(ID) else compact(value) or value
            elif kind == LANG:
                shown = {"value": value, "lang": extra}
            else:
                shown = _python_value(value, extra)
            result.setdefault(key, []).append(shown)
        return result

    def to_networkx(self, include_sources: bool = False) -> networkx.MultiDiGraph:
        """A networkx MultiDiGraph of the entries, keyed by id. Nodes carry ``iri``, ``cls`` (the
        class, such as ``City``), ``label_zh``, ``label_en`` ("" when absent) and ``label`` (Chinese,
        else English, else the id); edges are keyed by their relation, a CURIE such as
        ``dk:pairedWith``, also in the ``relation`` attribute. Sources are left out unless
        ``include_sources``."""
        import networkx as nx

        graph = nx.MultiDiGraph()
        classes: dict[str, str] = {}
        labels: dict[tuple[str, str], str] = {}
        for s, p, (kind, value, extra) in self.triples:
            if p == RDF_TYPE and value.startswith(DK):
                classes[s] = value[len(DK) :]
            elif p == RDFS_LABEL and kind == LANG:
                labels.setdefault((s, extra), value)
        for iri, cls in classes.items():
            if cls == "Source" and not include_sources:
                continue
            graph.add_node(
                iri[len(ID) :],
                iri=iri,
                cls=cls,
                label_zh=labels.get((iri, "zh"), ""),
                label_en=labels.get((iri, "en"), ""),
                label=labels.get((iri, "zh")) or labels.get((iri, "en")) or iri[len(ID) :],
            )
        for s, p, (kind, value, _) in self.triples:
            if kind != IRI or p == RDF_TYPE or s not in classes or value not in classes:
                continue
            if not include_sources and (p == SOURCE or classes[s] == "Source"):
                continue
            graph.add_edge(s[len(ID) :], value[len(ID) :], key=compact(p) or p, relation=compact(p) or p)
        return graph

    def view(self, focus: str | None = None, depth: int = 2, pairing: str | None = None, lang: str = "zh", height: int = 640) -> NetworkView:
        """An interactive network page: the whole graph, one pairing (``pairing=``), or the
        entities at most ``depth`` links from ``focus``. In a notebook it displays itself in a
        sandboxed iframe and works offline; ``.html`` is the page and ``.save(path)`` writes it."""
        from graph.views.view import network_view

        return network_view(self.triples, focus=focus, depth=depth, pairing=pairing, lang=lang, height=height)

    def map(self, pairing: str | None = None, lang: str = "zh", height: int = 640) -> NetworkView:
        """An interactive map: the programme's city pairings as arcs over China's provinces, or
        one pairing (``pairing=``) with its county-level units and the pairings under it. In a
        notebook it displays itself in a sandboxed iframe and works offline."""
        from graph.views.view import map_view

        return map_view(self.triples, pairing=pairing, lang=lang, height=height)

    def export(self, out: str | Path, format: str = "all") -> list[Path]:
        """Write the graph for other tools into the folder ``out``, as ``duikou export`` does:
        ``format`` "csv" (tidy tables with a Frictionless datapackage.json), "graphml", "gexf"
        or "all". Each file is replaced atomically; nothing else in the folder is touched.
        Returns the files written."""
        from graph.export.write import FORMATS, write_export

        return write_export(self.triples, Path(out), FORMATS if format == "all" else (format,))

    def serialize(self, format: str = "turtle") -> str:
        """The graph as Turtle, N-Triples or JSON-LD text, identical to what ``duikou build`` writes."""
        kind = _FORMATS.get(format.lower())
        if kind == "ttl":
            return "".join(turtle_chunks(self.triples))
        if kind == "nt":
            return "".join(ntriples_lines(self.triples))
        if kind == "jsonld":
            return jsonld_text(self.triples)
        raise ValueError(f"unknown format {format!r}: use turtle, nt or json-ld")

    def check(self) -> Report:
        """Validate: the facts folder in full when loaded from one, else the SHACL shapes."""
        from graph.build.check import check

        if self.facts_dir is not None:
            return check(self.facts_dir)
        from graph.facts.problems import Problem
        from graph.rdf.shacl import validate_graph

        return Report([Problem("(graph)", 0, 0, v.focus, v.message, "fix the node", v.severity) for v in validate_graph(self.graph)])

    def summary(self) -> dict[str, int]:
        """Entities by class."""
        counts = Counter(o[1][len(DK) :] for s, p, o in self.triples if p == RDF_TYPE and o[1].startswith(DK))
        return dict(sorted(counts.items()))

    def _repr_html_(self) -> str:
        """The notebook display: counts per class, pairings, sources and how to query."""
        from graph.views.overview import overview_html

        return overview_html(self.triples, self.facts_dir)

    def __len__(self) -> int:
        return len(self.triples)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {len(self.triples)} triples, {sum(self.summary().values())} entities>"


def _python_value(lexical: str, datatype: str) -> Any:
    from rdflib import Literal, URIRef

    if not datatype:
        return lexical
    return Literal(lexical, datatype=URIRef(datatype)).toPython()


def build(
    facts_dir: Path = Path("facts"),
    out_dir: Path = Path("build"),
    graph_only: bool = False,
    stream: bool = False,
    jobs: int = 0,
    cache: bool = True,
) -> Compiled:
    """Read the facts, validate them, and write build/duikou.ttl, duikou.nt and duikou.jsonld.

    The ontology and its SHACL shapes are written alongside as ontology.ttl and shapes.ttl, and
    a summary (entities by class, triples, sources, warnings) as summary.json, the
    dataset's VoID and DCAT description as void.ttl, the
    interactive network pages under pages/ (an overview, one page per city pairing, an index),
    the static site under site/ (a page per entity with its triples, the ontology's
    documentation, a front page with the dataset's description),
    and the query store build/oxigraph/ (the whole graph, bulk-loaded). Outputs replace the
    previous build all at once; if anything fails, the previous build is left untouched.

    Files are read in parallel (``jobs`` worker processes; 0: one per core) and each file's
    result is kept in the cache build/.cache, keyed by the file's content: a rebuild reads
    only the files that changed (``cache=False``: read everything, keep nothing).
    ``graph_only`` writes only the graph (Turtle, N-Triples, ontology, summary): no JSON-LD,
    pages or store. ``stream`` writes N-Triples only, file by file, for facts too big to hold
    as one graph in memory.
    """
    from graph.build.pipeline import BuildOptions
    from graph.build.pipeline import build as run_build
    from graph.build.writers import write_jsonld
    from graph.rdf.dataset import description_turtle
    from graph.site.write import write_site
    from graph.sparql.store import write_store
    from graph.views.pages import write_pages

    def jsonld(compiled: Compiled, folder: Path) -> None:
        write_jsonld(compiled.triples, folder)
        (folder / "void.ttl").write_bytes(description_turtle(compiled.triples))

    def store(compiled: Compiled, folder: Path) -> None:
        write_store(folder)  # after the pages: loading the store is the slowest step

    options = BuildOptions(Path(facts_dir), Path(out_dir), graph_only, stream, jobs, cache)
    return run_build(options, writers=(jsonld, write_pages, write_site, store))


def load(source: str | Path = "facts") -> KnowledgeGraph:
    """Load a facts folder (validated and built in memory) or a built .ttl/.nt/.jsonld file."""
    path = Path(source)
    if path.is_dir():
        from graph.build.pipeline import compile_with_ntriples

        compiled, ntriples = compile_with_ntriples(path)
        return KnowledgeGraph(lambda: compiled.triples, facts_dir=path, ntriples=ntriples)
    if path.is_file():
        from graph.rdf.graphs import from_rdflib, new_graph

        formats = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld"}
        graph = new_graph().parse(path, format=formats.get(path.suffix, "turtle"))
        return KnowledgeGraph(from_rdflib(graph))
    raise LoadFailure(f"{path}: no such facts folder or RDF file")
