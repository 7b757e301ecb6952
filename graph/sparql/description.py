"""The endpoint's SPARQL 1.1 Service Description, served at ``GET /sparql`` without a query.

It says what a client can rely on: the endpoint, the language (SPARQL 1.1 Query, no Update),
the result formats, the default dataset with a VoID description (triples, subjects,
properties, objects, classes, counted on the build being served), and the server's limits.
The SD and VoID vocabularies have no terms for limits, and the duikou ontology describes
paired cooperation, not servers, so the limits use four terms of their own in
``https://w3id.org/duikou/serve#`` (prefix ``dkserve:``), defined in the description itself:
``queryTimeout`` (seconds), ``resultRowLimit`` (rows or triples), ``requestSizeLimit`` (bytes)
and ``queryMemoryLimit`` (bytes).

Turtle by default, JSON-LD or N-Triples by ``Accept``. Its blank nodes have fixed labels, so
the same server gives the same bytes for the same build.
"""

from __future__ import annotations

import json
import threading
from typing import TYPE_CHECKING, Any

from graph.rdf.vocab import DK, ID, PREFIXES
from graph.sparql.lanes import Scheduler, store_identity
from graph.sparql.negotiate import negotiate
from graph.sparql.queryworker import Reply
from graph.sparql.results import GRAPH_TYPES, SOLUTION_TYPES, Body

if TYPE_CHECKING:
    import rdflib

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
SERVE = "https://w3id.org/duikou/serve#"
_PREFIXES = (("sd", SD), ("void", VOID), ("dkserve", SERVE), ("dk", DK), *((p, PREFIXES[p]) for p in ("rdf", "rdfs", "xsd")))
DESCRIPTION_TYPES = ("text/turtle", "application/ld+json", "application/n-triples")
_RDFLIB_FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}
# The W3C's IRIs for the formats the endpoint answers in (https://www.w3.org/ns/formats/).
FORMAT_IRIS = {
    "application/sparql-results+json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "application/sparql-results+xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "text/csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "text/tab-separated-values": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "text/turtle": "http://www.w3.org/ns/formats/Turtle",
    "application/n-triples": "http://www.w3.org/ns/formats/N-Triples",
    "application/rdf+xml": "http://www.w3.org/ns/formats/RDF_XML",
}
LIMIT_TERMS = {
    "queryTimeout": ("query timeout", "Seconds a query may run; one still running then is stopped and answered with 503.", "decimal"),
    "resultRowLimit": ("result row limit", "Rows (or triples) in one answer; more are cut, and the answer says so in X-Result-Truncated.", "integer"),
    "requestSizeLimit": ("request size limit", "Bytes in one request body; a larger request is refused with 413.", "integer"),
    "queryMemoryLimit": ("query memory limit", "Bytes of memory one query's process may use; a query that needs more is stopped and answered with 503.", "integer"),
}
COUNTS = (
    "SELECT * WHERE {"
    " { SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?distinctSubjects) (COUNT(DISTINCT ?p) AS ?properties)"
    " (COUNT(DISTINCT ?o) AS ?distinctObjects) WHERE { ?s ?p ?o } }"
    " { SELECT (COUNT(DISTINCT ?c) AS ?classes) WHERE { ?x a ?c } } }"
)


class Describer:
    """Answers for the service description; the VoID counts are kept until the store changes."""

    def __init__(self, scheduler: Scheduler, max_request_bytes: int) -> None:
        self.scheduler = scheduler
        self.max_request_bytes = max_request_bytes
        self.lock = threading.Lock()
        self.counted: tuple[Any, dict[str, int]] | None = None

    def reply(self, endpoint: str, accept: str | None) -> Reply:
        media = negotiate(accept, DESCRIPTION_TYPES)
        if media is None:
            return Reply.text(406, f"cannot describe the service in {accept!r}; the description is available as {', '.join(DESCRIPTION_TYPES)}", Vary="Accept")
        graph = describe(endpoint, self.limits(), self.counts())
        options: dict[str, Any] = {"context": dict(_PREFIXES), "auto_compact": True} if media == "application/ld+json" else {}
        data = graph.serialize(format=_RDFLIB_FORMATS[media], encoding="utf-8", **options)
        # rdflib writes N-Triples and JSON-LD in its store's order, which changes with Python's
        # string hashing from one process to the next; Turtle it sorts itself.
        if media == "application/n-triples":
            data = b"".join(sorted(data.splitlines(keepends=True)))
        elif media == "application/ld+json":
            data = json.dumps(_sorted_json(json.loads(data)), ensure_ascii=False, indent=1, sort_keys=True).encode()
        return Reply(200, Body(media, data), {"Vary": "Accept"})

    def limits(self) -> dict[str, float | int]:
        limits = self.scheduler.limits
        return {
            "queryTimeout": limits.timeout,
            "resultRowLimit": limits.max_rows,
            "requestSizeLimit": self.max_request_bytes,
            "queryMemoryLimit": limits.memory_mib * 2**20,
        }

    def counts(self) -> dict[str, int]:
        """The VoID counts of the build being served ({} while they cannot be had: server busy)."""
        identity = store_identity(self.scheduler.build_dir)
        with self.lock:
            if self.counted is not None and self.counted[0] == identity:
                return self.counted[1]
        reply = self.scheduler.run(COUNTS, "application/sparql-results+json")
        if reply.status != 200:
            return {}
        row = json.loads(reply.body.data)["results"]["bindings"][0]
        counts = {name: int(value["value"]) for name, value in row.items()}
        with self.lock:
            self.counted = (identity, counts)
        return counts


def _sorted_json(value: Any) -> Any:
    """JSON-LD with its arrays sorted: the description has no @list, so their order means nothing."""
    if isinstance(value, dict):
        return {key: _sorted_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return sorted((_sorted_json(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
    return value


def describe(endpoint: str, limits: dict[str, float | int], counts: dict[str, int]) -> rdflib.Graph:
    """The service description of the endpoint at ``endpoint``, as an rdflib graph."""
    from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef

    sd, void, serve = Namespace(SD), Namespace(VOID), Namespace(SERVE)
    graph = Graph()
    for prefix, namespace in _PREFIXES:
        graph.bind(prefix, namespace)
    service, dataset, default_graph = URIRef(endpoint), BNode("dataset"), BNode("defaultGraph")
    graph.add((service, RDF.type, sd.Service))
    graph.add((service, sd.endpoint, service))
    graph.add((service, sd.supportedLanguage, sd.SPARQL11Query))
    graph.add((service, sd.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    for media in dict.fromkeys((*SOLUTION_TYPES, *GRAPH_TYPES)):
        if media in FORMAT_IRIS:
            graph.add((service, sd.resultFormat, URIRef(FORMAT_IRIS[media])))
    graph.add((service, sd.defaultDataset, dataset))
    graph.add((dataset, RDF.type, sd.Dataset))
    graph.add((dataset, RDF.type, void.Dataset))
    graph.add((dataset, sd.defaultGraph, default_graph))
    graph.add((dataset, void.sparqlEndpoint, service))
    graph.add((dataset, void.uriSpace, Literal(ID)))
    graph.add((dataset, void.vocabulary, URIRef(DK)))
    graph.add((default_graph, RDF.type, sd.Graph))
    for name, count in sorted(counts.items()):
        graph.add((default_graph, void[name], Literal(count, datatype=XSD.integer)))
    for name, value in limits.items():
        label, comment, datatype = LIMIT_TERMS[name]
        graph.add((service, serve[name], Literal(str(value), datatype=XSD[datatype])))
        graph.add((serve[name], RDF.type, RDF.Property))
        graph.add((serve[name], RDFS.label, Literal(label, lang="en")))
        graph.add((serve[name], RDFS.comment, Literal(comment, lang="en")))
        graph.add((serve[name], RDFS.range, XSD[datatype]))
    return graph
