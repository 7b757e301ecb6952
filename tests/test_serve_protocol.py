"""`duikou serve` and the whole protocol: real clients with their defaults, result formats by
Accept, the service description, HTTP methods, and malformed requests sent over raw sockets."""

from __future__ import annotations

import json
import socket
import urllib.parse
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from graph import load
from graph.rdf.vocab import DK, ID

from conftest import FACTS, Endpoint, run_cli

CITIES = "SELECT ?city WHERE { ?city a dk:City } ORDER BY ?city"
FUJIAN = "CONSTRUCT { ?city rdfs:label ?label } WHERE { ?city a dk:City ; dk:partOf id:fujian ; rdfs:label ?label }"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
SERVE = rdflib.Namespace("https://w3id.org/duikou/serve#")
RESULTS = "{http://www.w3.org/2005/sparql-results#}"
SANMING = rdflib.URIRef(ID + "sanming")


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("protocol") / "build"
    assert run_cli("build", "--facts", str(FACTS), "--out", str(out)).returncode == 0
    return out


@pytest.fixture(scope="module")
def endpoint(build: Path) -> Iterator[Endpoint]:
    server = Endpoint(build, "--timeout", "5", "--max-rows", "500", log=build.parent / "serve.log")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def kg() -> object:
    return load(FACTS)


def cities_of(kg: object) -> list[str]:
    return [str(row["city"]) for row in kg.query(CITIES, dataframe=False)]  # type: ignore[attr-defined]


def json_bindings(body: bytes) -> list[dict[str, str]]:
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]


# -- real clients, default settings ----------------------------------------------------------------
def test_sparqlwrapper_with_its_defaults(endpoint: Endpoint, kg: object) -> None:
    from SPARQLWrapper import SPARQLWrapper

    def ask(query: str) -> tuple[str, object]:
        client = SPARQLWrapper(endpoint.sparql)  # GET, XML results: the defaults
        client.setQuery(query)
        result = client.query()
        return result.info()["content-type"], result.convert()

    media, document = ask(CITIES)
    assert media.startswith("application/sparql-results+xml")
    assert [node.firstChild.data for node in document.getElementsByTagName("uri")] == cities_of(kg)  # type: ignore[attr-defined]
    media, document = ask("ASK { id:sanming dk:partOf id:fujian }")
    assert media.startswith("application/sparql-results+xml")
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "true"  # type: ignore[attr-defined]
    media, graph = ask(FUJIAN)
    assert media.startswith("application/rdf+xml")
    assert set(graph) == set(kg.query(FUJIAN))  # type: ignore[call-overload, attr-defined]
    media, graph = ask("DESCRIBE id:sanming")
    assert media.startswith("application/rdf+xml")
    assert set(graph) == set(kg.query("CONSTRUCT { id:sanming ?p ?o } WHERE { id:sanming ?p ?o }"))  # type: ignore[call-overload, attr-defined]


def test_rdflib_sparqlstore_as_a_read_only_graph(endpoint: Endpoint, kg: object) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore

    graph = rdflib.Graph(SPARQLStore(endpoint.sparql))  # GET, XML results: the defaults
    assert [str(row[0]) for row in graph.query(CITIES)] == cities_of(kg)
    assert graph.query("ASK { id:sanming dk:partOf id:fujian }").askAnswer is True
    assert set(graph.query(FUJIAN).graph or []) == set(kg.query(FUJIAN))  # type: ignore[call-overload, attr-defined]
    assert (SANMING, rdflib.RDF.type, rdflib.URIRef(DK + "City")) in graph
    labels = set(graph.objects(SANMING, rdflib.RDFS.label))
    assert rdflib.Literal("三明市", lang="zh") in labels and graph.value(SANMING, rdflib.URIRef(DK + "partOf")) == rdflib.URIRef(ID + "fujian")
    assert set(graph.triples((SANMING, None, None))) == set(kg.query("CONSTRUCT { id:sanming ?p ?o } WHERE { id:sanming ?p ?o }"))  # type: ignore[call-overload, attr-defined]
    count = json_bindings(endpoint.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[2])[0]["n"]
    assert len(graph) == int(count)
    with pytest.raises(TypeError, match="read only"):
        graph.add((SANMING, rdflib.RDFS.label, rdflib.Literal("x")))
    # A client that would write is refused by the server itself.
    writer = SPARQLUpdateStore(endpoint.sparql, endpoint.sparql)
    with pytest.raises(Exception, match="403"):
        writer.update("INSERT DATA { <https://w3id.org/duikou/id/x> a <https://w3id.org/duikou/ontology#City> }")
    assert graph.query("ASK { <https://w3id.org/duikou/id/x> ?p ?o }").askAnswer is False


# -- formats by Accept -----------------------------------------------------------------------------
def test_xml_results_are_the_json_results(endpoint: Endpoint) -> None:
    query = "SELECT ?city ?label WHERE { ?city a dk:City ; dk:partOf id:fujian ; rdfs:label ?label } ORDER BY ?city ?label"
    status, headers, body = endpoint.query(query, "application/sparql-results+xml")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml") and headers["Vary"] == "Accept"
    root = ElementTree.fromstring(body)
    assert [v.get("name") for v in root.iter(RESULTS + "variable")] == ["city", "label"]
    from_xml = []
    for result in root.iter(RESULTS + "result"):
        row = {}
        for binding in result:
            term = binding[0]
            row[binding.get("name")] = (term.tag[len(RESULTS) :], term.text, term.get("{http://www.w3.org/XML/1998/namespace}lang"))
        from_xml.append(row)
    from_json = [
        {name: (term["type"], term["value"], term.get("xml:lang")) for name, term in b.items()}
        for b in json.loads(endpoint.query(query)[2])["results"]["bindings"]
    ]
    assert from_xml and from_xml == from_json
    status, _, body = endpoint.query("ASK { id:sanming dk:partOf id:guangdong }", "application/sparql-results+xml")
    assert status == 200 and ElementTree.fromstring(body).find(RESULTS + "boolean").text == "false"  # type: ignore[union-attr]


def test_rdf_xml_is_the_turtle_graph(endpoint: Endpoint) -> None:
    status, headers, body = endpoint.query(FUJIAN, "application/rdf+xml")
    assert status == 200 and headers["Content-Type"].startswith("application/rdf+xml")
    turtle = endpoint.query(FUJIAN, "text/turtle")[2]
    assert len(rdflib.Graph().parse(data=body, format="xml")) > 0
    assert set(rdflib.Graph().parse(data=body, format="xml")) == set(rdflib.Graph().parse(data=turtle, format="turtle"))


def test_q_values_choose_the_format(endpoint: Endpoint) -> None:
    cases = [
        ("application/sparql-results+json;q=0.5, text/csv", "text/csv"),
        ("*/*;q=0.1, application/sparql-results+xml", "application/sparql-results+xml"),
        ("application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
        ("text/*;q=0.9, application/json;q=0.8", "text/csv"),
    ]
    for accept, media in cases:
        status, headers, _ = endpoint.query(CITIES, accept)
        assert status == 200 and headers["Content-Type"].split(";")[0] == media, accept
    status, _, body = endpoint.query(CITIES, "text/turtle, application/sparql-results+json;q=0")
    assert status == 406
    assert all(media.encode() in body for media in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv"))


def test_what_xml_cannot_carry_is_refused_in_xml_only(endpoint: Endpoint) -> None:
    control = 'SELECT ?x WHERE { BIND("bell\\u0007" AS ?x) }'
    status, _, body = endpoint.query(control, "application/sparql-results+xml")
    assert status == 406 and b"U+0007" in body and b"application/sparql-results+json" in body
    status, _, body = endpoint.query(control)
    assert status == 200 and json_bindings(body) == [{"x": "bell\x07"}]
    # RDF/XML names a predicate as an element: one ending in "/" cannot be written.
    status, _, body = endpoint.query("CONSTRUCT { id:sanming <http://example.org/> 1 } WHERE {}", "application/rdf+xml")
    assert status == 406 and b"text/turtle" in body
    assert endpoint.query("CONSTRUCT { id:sanming <http://example.org/> 1 } WHERE {}", "text/turtle")[0] == 200


def test_relative_iris_resolve_against_the_entities_namespace(endpoint: Endpoint) -> None:
    status, _, body = endpoint.query("CONSTRUCT { <s> <p> 1 } WHERE {}", "application/n-triples")
    assert status == 200 and body.decode().split() == [f"<{ID}s>", f"<{ID}p>", '"1"^^<http://www.w3.org/2001/XMLSchema#integer>', "."]
    status, _, body = endpoint.query("ASK { <sanming> dk:partOf <fujian> }")
    assert status == 200 and json.loads(body)["boolean"] is True


# -- the service description -----------------------------------------------------------------------
def test_the_service_description(endpoint: Endpoint) -> None:
    status, headers, body = endpoint.http("/sparql")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=body, format="turtle")
    service = rdflib.URIRef(endpoint.sparql)
    assert (service, rdflib.RDF.type, SD.Service) in graph
    assert (service, SD.endpoint, service) in graph
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    formats = {str(f).rsplit("/", 1)[1] for f in graph.objects(service, SD.resultFormat)}
    assert formats == {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle", "N-Triples", "RDF_XML"}
    default_graph = graph.value(graph.value(service, SD.defaultDataset), SD.defaultGraph)
    counted = json_bindings(endpoint.query("SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?s) WHERE { ?s ?p ?o }")[2])[0]
    assert graph.value(default_graph, VOID.triples).toPython() == int(counted["n"]) > 0  # type: ignore[union-attr]
    assert graph.value(default_graph, VOID.distinctSubjects).toPython() == int(counted["s"])  # type: ignore[union-attr]
    limits = {name: graph.value(service, SERVE[name]).toPython() for name in ("queryTimeout", "resultRowLimit", "requestSizeLimit", "queryMemoryLimit")}  # type: ignore[union-attr]
    assert limits == {"queryTimeout": 5, "resultRowLimit": 500, "requestSizeLimit": 1 << 20, "queryMemoryLimit": 2048 << 20}
    for name in limits:  # each term of the small vocabulary is defined in the description itself
        assert graph.value(SERVE[name], rdflib.RDFS.comment) is not None
    # JSON-LD and N-Triples by Accept: the same graph; the same bytes each time.
    for media, syntax in (("application/ld+json", "json-ld"), ("application/n-triples", "nt")):
        status, headers, other = endpoint.http("/sparql", headers={"Accept": media})
        assert status == 200 and headers["Content-Type"].startswith(media)
        assert isomorphic(rdflib.Graph().parse(data=other, format=syntax), graph)
        assert endpoint.http("/sparql", headers={"Accept": media})[2] == other
    assert endpoint.http("/sparql?")[2] == body == endpoint.http("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})[2]
    status, _, refusal = endpoint.http("/sparql", headers={"Accept": "application/xml"})
    assert status == 406 and b"application/ld+json" in refusal


def test_the_description_names_the_endpoint_by_a_sane_host_only(endpoint: Endpoint) -> None:
    status, body = raw(endpoint, b"GET /sparql HTTP/1.1\r\nHost: example.org:8080\r\nAccept: application/n-triples\r\n\r\n")
    assert status == 200 and b"<http://example.org:8080/sparql> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" in body
    status, body = raw(endpoint, b"GET /sparql HTTP/1.1\r\nHost: x> <y\r\nAccept: application/n-triples\r\n\r\n")
    assert status == 200 and f"<{endpoint.sparql}>".encode() in body and b"<y" not in body


# -- methods (RFC 9110) ----------------------------------------------------------------------------
def test_head_options_and_refused_methods(endpoint: Endpoint) -> None:
    path = "/sparql?" + urllib.parse.urlencode({"query": CITIES})
    status, got, body = endpoint.http(path)
    status_head, head, nothing = endpoint.http(path, method="HEAD")
    assert status == status_head == 200 and nothing == b"" and head["Content-Length"] == got["Content-Length"] == str(len(body))
    assert head["Content-Type"] == got["Content-Type"] and head["X-Result-Rows"] == got["X-Result-Rows"]
    for page in ("/", "/sparql", "/status"):
        status, headers, nothing = endpoint.http(page, method="HEAD")
        assert status == 200 and nothing == b"" and int(headers["Content-Length"]) > 0
    status, headers, body = endpoint.http("/sparql", method="OPTIONS")
    assert status == 204 and headers["Allow"] == "GET, HEAD, POST, OPTIONS" and body == b""
    assert endpoint.http("/static/editor.js", method="OPTIONS")[1]["Allow"] == "GET, HEAD, OPTIONS"
    assert raw(endpoint, b"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")[0] == 204
    for method, target in (("PUT", "/sparql"), ("DELETE", "/sparql"), ("PATCH", "/sparql"), ("TRACE", "/sparql"), ("POST", "/"), ("PUT", "/static/editor.js")):
        status, headers, body = endpoint.http(target, b"", method=method)
        assert status == 405 and headers["Allow"], (method, target)
        assert method.encode() in body
    assert endpoint.http("/nothing", b"", method="PUT")[0] == 404
    # A method the server does not know at all: 501 (RFC 9110 §15.6.2), worded like the rest.
    status, body = raw(endpoint, b"BREW /sparql HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 501 and b"BREW" in body and b"GET, HEAD, POST, OPTIONS" in body


# -- malformed requests over raw sockets -----------------------------------------------------------
def raw(endpoint: Endpoint, request: bytes, close: bool = False) -> tuple[int, bytes]:
    """Send bytes as they are; the status and body of the answer (the server closes after it)."""
    with socket.create_connection(("127.0.0.1", endpoint.port), timeout=60) as connection:
        connection.sendall(request)
        if close:
            connection.shutdown(socket.SHUT_WR)
        answer = b""
        while piece := connection.recv(65536):
            answer += piece
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def post(body: bytes, *headers: str, path: str = "/sparql", length: bool = True) -> bytes:
    """A POST of ``body``, with its Content-Length unless told otherwise or framed by the headers given."""
    framed = any(h.lower().startswith(("content-length:", "transfer-encoding:")) for h in headers)
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", *headers, *([f"Content-Length: {len(body)}"] if length and not framed else [])]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


ASK = b"ASK { id:sanming dk:partOf id:fujian }"
DIRECT = "Content-Type: application/sparql-query"
FORM = "Content-Type: application/x-www-form-urlencoded"
MALFORMED = {
    "Content-Length not a number": (post(ASK, DIRECT, "Content-Length: abc"), 400, b"not a length"),
    "negative Content-Length": (post(ASK, DIRECT, "Content-Length: -1"), 400, b"not a length"),
    "two Content-Lengths": (post(ASK, DIRECT, f"Content-Length: {len(ASK)}", f"Content-Length: {len(ASK) + 1}"), 400, b"not a length"),
    "a list of lengths": (post(ASK, DIRECT, f"Content-Length: {len(ASK)}, {len(ASK) + 1}"), 400, b"not a length"),
    "no length": (post(ASK, DIRECT, length=False), 411, b"Content-Length"),
    "too large": (post(b"x" * ((1 << 20) + 1), DIRECT, f"Content-Length: {(1 << 20) + 1}"), 413, b"too large"),
    "body shorter than its length": (post(ASK, DIRECT, "Content-Length: 100"), 400, b"ended after %d of the 100" % len(ASK)),
    "length and chunked": (post(b"%x\r\n%s\r\n0\r\n\r\n" % (len(ASK), ASK), DIRECT, f"Content-Length: {len(ASK)}", "Transfer-Encoding: chunked"), 400, b"both"),
    "malformed chunk size": (post(b"zz\r\nASK {}\r\n0\r\n\r\n", DIRECT, "Transfer-Encoding: chunked"), 400, b"malformed chunked"),
    "chunk longer than its size": (post(b"3\r\nASK {}\r\n0\r\n\r\n", DIRECT, "Transfer-Encoding: chunked"), 400, b"malformed chunked"),
    "chunked too large": (post(b"200000\r\n" + b"x" * 4096, DIRECT, "Transfer-Encoding: chunked"), 413, b"too large"),
    "query in the URL and the body": (post(b"query=ASK%20%7B%7D", FORM, path="/sparql?query=ASK%20%7B%7D"), 400, b"both in the URL and in the body"),
    "query in the URL and a direct body": (post(b"ASK {}", DIRECT, path="/sparql?query=ASK%20%7B%7D"), 400, b"both"),
    "invalid UTF-8 percent-encoded in the URL": (b"GET /sparql?query=ASK%20%7B%FF%7D HTTP/1.1\r\nHost: x\r\n\r\n", 400, b"not UTF-8"),
    "raw invalid UTF-8 in the URL": (b"GET /sparql?query=ASK\xff HTTP/1.1\r\nHost: x\r\n\r\n", 400, b"not UTF-8"),
    "invalid UTF-8 in a direct body": (post(b"ASK { ?s ?p '\xc3\x28' }", DIRECT), 400, b"not UTF-8"),
    "invalid UTF-8 in a form body": (post(b"query=%C3%28", FORM), 400, b"not UTF-8"),
    "a Latin-1 body": (post("ASK { ?s ?p 'é' }".encode("latin-1"), DIRECT + "; charset=ISO-8859-1"), 400, b"ISO-8859-1"),
    "a UTF-16 form": (post("query=ASK {}".encode("utf-16"), FORM + "; charset=utf-16"), 400, b"utf-16"),
    "bad percent-encoding in the URL": (b"GET /sparql?query=ASK%ZZ HTTP/1.1\r\nHost: x\r\n\r\n", 400, b"percent-encoding"),
    "truncated percent-encoding in the URL": (b"GET /sparql?query=ASK%7 HTTP/1.1\r\nHost: x\r\n\r\n", 400, b"percent-encoding"),
    "bad percent-encoding in a form": (post(b"query=ASK%G1", FORM), 400, b"percent-encoding"),
    "overlong header line": (b"GET /sparql HTTP/1.1\r\nHost: x\r\nX-Long: " + b"a" * 70000 + b"\r\n\r\n", 431, b"too long"),
    "too many headers": (b"GET /sparql HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(120)) + b"\r\n", 431, b"headers"),
    "overlong request line": (b"GET /sparql?query=" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", 414, b""),
    "garbage request line": (b"HELLO\r\n\r\n", 400, b""),
    "empty query": (b"GET /sparql?query=%20 HTTP/1.1\r\nHost: x\r\n\r\n", 400, b"empty"),
    "two queries": (b"GET /sparql?query=ASK%7B%7D&query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n", 400, b"exactly one query"),
    "a relative graph IRI": (b"GET /sparql?query=ASK%7B%7D&default-graph-uri=g HTTP/1.1\r\nHost: x\r\n\r\n", 400, b"absolute IRI"),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_malformed_request_gets_a_clear_4xx_and_the_server_stays_up(endpoint: Endpoint, name: str) -> None:
    request, expected, says = MALFORMED[name]
    status, body = raw(endpoint, request, close=name == "body shorter than its length")
    assert status == expected, body
    assert says.lower() in body.lower(), body
    status, _, answer = endpoint.query(ASK.decode())
    assert status == 200 and json.loads(answer)["boolean"] is True


def test_chunked_bodies_are_decoded(endpoint: Endpoint) -> None:
    query = b"ASK { id:sanming dk:partOf id:fujian }"
    chunked = b"".join(b"%x;ext=1\r\n%s\r\n" % (len(piece), piece) for piece in (query[:10], query[10:])) + b"0\r\nX-Trailer: t\r\n\r\n"
    status, body = raw(endpoint, post(chunked, DIRECT, "Transfer-Encoding: chunked", "Accept: application/sparql-results+json"))
    assert status == 200 and json.loads(body)["boolean"] is True
    form = b"query=" + urllib.parse.quote(CITIES).encode()
    status, body = raw(endpoint, post(b"%x\r\n%s\r\n0\r\n\r\n" % (len(form), form), FORM, "Transfer-Encoding: Chunked"))
    assert status == 200 and json_bindings(body)


def test_an_unknown_transfer_coding_is_not_implemented(endpoint: Endpoint) -> None:
    # Not malformed, but not supported: RFC 9112 §6.1 says 501.
    status, body = raw(endpoint, post(b"x", DIRECT, "Transfer-Encoding: gzip, chunked"))
    assert status == 501 and b"gzip" in body
    assert endpoint.query(ASK.decode())[0] == 200


def test_utf8_queries_and_declared_utf8_are_accepted(endpoint: Endpoint) -> None:
    query = "ASK { ?city rdfs:label '三明市'@zh }".encode()
    for content_type in (DIRECT, DIRECT + "; charset=UTF-8", DIRECT + '; charset="utf-8"'):
        status, body = raw(endpoint, post(query, content_type, f"Content-Length: {len(query)}"))
        assert status == 200 and json.loads(body)["boolean"] is True, content_type
    status, body = raw(endpoint, f"GET /sparql?query={urllib.parse.quote(query)} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert status == 200 and json.loads(body)["boolean"] is True


def test_control_characters_in_request_lines_are_escaped_in_the_log(endpoint: Endpoint) -> None:
    assert raw(endpoint, b"GET /\x1b[2J\x1b[31mred\x07\\n HTTP/1.1\r\nHost: x\r\n\r\n")[0] == 404
    assert raw(endpoint, b"G\x1bT /sparql HTTP/1.1\r\nHost: x\r\n\r\n")[0] == 501
    endpoint.log.flush()
    log = Path(endpoint.log.name).read_text(encoding="utf-8", errors="replace")
    assert "/\\x1b[2J\\x1b[31mred\\x07\\\\n" in log  # the backslash the client sent is doubled
    assert "G\\x1bT" in log
    assert "\x1b" not in log and "\x07" not in log
