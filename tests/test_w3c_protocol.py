"""The W3C SPARQL 1.1 Protocol tests, sent to a real `duikou serve` over HTTP.

Every test of the W3C manifest (tests/fixtures/w3c-protocol/manifest.ttl, vendored) is a case
below: the W3C test's id, the request it sends, and the status and result format it expects.
The manifest's endpoint, http://www.example/sparql/, is ours at /sparql; requests carry the
manifest's headers only (no Accept), so the server's defaults answer. A test checks that each
case is the manifest's request and expectation, so the two cannot drift apart.

- Query tests: all pass, except the six that load their own data (the manifest's ut:graphData)
  into graphs named by default-graph-uri and named-graph-uri. duikou serve serves one build and
  loads nothing, so those graphs are empty there and the ASK answers false where the W3C test
  expects true. They still run, and their status and format are checked; the wrong boolean
  alone is expected (a strict xfail that only the boolean can satisfy), with that reason.
- Update tests: the endpoint is read-only. The well-formed updates, which the W3C tests expect
  to succeed, get 403 (their follow-up queries check the update's effect and are not sent); the
  malformed ones expect a 4xx and get one.
"""

from __future__ import annotations

import http.client
import json
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import rdflib
from rdflib.collection import Collection

from conftest import FACTS, FIXTURES, Endpoint, run_cli

MANIFEST = FIXTURES / "w3c-protocol" / "manifest.ttl"
KASEI = "http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2F"
DATA0 = f"default-graph-uri={KASEI}data0.rdf"
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
OK, CLIENT_ERROR, REFUSED = (200, 399), (400, 499), (403, 403)
NEEDS_DATA = (
    "not applicable: the W3C test loads its own data into graphs named by default-graph-uri/named-graph-uri; "
    "duikou serve serves one build and loads nothing, so those graphs are empty and the ASK answers false"
)
READ_ONLY = "not applicable: the W3C test expects the update to succeed; this endpoint is read-only and refuses it (403)"


class WrongBoolean(AssertionError):
    """The ASK answered otherwise than the W3C test expects."""


@dataclass(frozen=True)
class Case:
    id: str
    method: str
    path: str  # the manifest's ht:absolutePath
    content_type: str | None = None
    body: bytes | None = None
    status: tuple[int, int] = OK  # the range the status must fall in
    format: str | None = None  # the manifest's mf:expectedFormat: boolean, tabular or RDF
    boolean: bool | None = None  # the manifest's mf:expectedBoolean
    not_applicable: str | None = None


DATASET_ASK = "ASK { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type . <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type . }"
NAMED_ASK = "ASK { GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type } GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type } }"
FULL_ASK = """ASK {
  <http://kasei.us/2009/09/sparql/data/data3.rdf> a ?type
  GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type }
  GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type }
}"""
MULTIPLE_ASK = (
    "ASK FROM <http://kasei.us/2009/09/sparql/data/data3.rdf> { GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type }"
    " GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type } }"
)

QUERY_CASES = [
    Case("query_post_form", "POST", f"/sparql/?{DATA0}", FORM, b"query=ASK%20%7B%7D", format="boolean", boolean=True),
    Case(
        "query_dataset_default_graphs_get",
        "GET",
        "/sparql/?query=ASK%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf%3E%20a%20%3Ftype%20.%20"
        "%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf%3E%20a%20%3Ftype%20.%20%7D"
        f"&default-graph-uri={KASEI}data1.rdf&default-graph-uri={KASEI}data2.rdf",
        format="boolean",
        boolean=True,
        not_applicable=NEEDS_DATA,
    ),
    Case(
        "query_dataset_default_graphs_post",
        "POST",
        f"/sparql/?default-graph-uri={KASEI}data1.rdf&default-graph-uri={KASEI}data2.rdf",
        QUERY,
        DATASET_ASK.encode(),
        format="boolean",
        boolean=True,
        not_applicable=NEEDS_DATA,
    ),
    Case(
        "query_dataset_named_graphs_post",
        "POST",
        f"/sparql/?named-graph-uri={KASEI}data1.rdf&named-graph-uri={KASEI}data2.rdf",
        QUERY,
        NAMED_ASK.encode(),
        format="boolean",
        boolean=True,
        not_applicable=NEEDS_DATA,
    ),
    Case(
        "query_dataset_named_graphs_get",
        "GET",
        "/sparql/?query=ASK%20%7B%20GRAPH%20%3Fg1%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf%3E%20a%20%3Ftype%20%7D"
        "%20GRAPH%20%3Fg2%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf%3E%20a%20%3Ftype%20%7D%20%7D"
        f"&named-graph-uri={KASEI}data1.rdf&named-graph-uri={KASEI}data2.rdf",
        format="boolean",
        boolean=True,
        not_applicable=NEEDS_DATA,
    ),
    Case(
        "query_dataset_full",
        "POST",
        f"/sparql/?default-graph-uri={KASEI}data3.rdf&named-graph-uri={KASEI}data1.rdf&named-graph-uri={KASEI}data2.rdf",
        QUERY,
        FULL_ASK.encode(),
        format="boolean",
        boolean=True,
        not_applicable=NEEDS_DATA,
    ),
    Case(
        "query_multiple_dataset",
        "POST",
        f"/sparql/?named-graph-uri={KASEI}data1.rdf%26named-graph-uri%3D{KASEI}data2.rdf",
        QUERY,
        MULTIPLE_ASK.encode(),
        format="boolean",
        boolean=True,
        not_applicable=NEEDS_DATA,
    ),
    Case("query_get", "GET", f"/sparql/?query=ASK%20%7B%7D&{DATA0}", format="boolean", boolean=True),
    Case("query_content_type_select", "POST", f"/sparql/?{DATA0}", QUERY, b"SELECT (1 AS ?value) {}", format="tabular"),
    Case("query_content_type_ask", "POST", f"/sparql/?{DATA0}", QUERY, b"ASK {}", format="boolean"),
    Case("query_content_type_describe", "POST", f"/sparql/?{DATA0}", QUERY, b"DESCRIBE <http://example.org/>", format="RDF"),
    Case("query_content_type_construct", "POST", f"/sparql/?{DATA0}", QUERY, b"CONSTRUCT { <s> <p> 1 } WHERE {}", format="RDF"),
    Case("query_post_direct", "POST", "/sparql/", QUERY, b"ASK {}", format="boolean", boolean=True),
    Case("bad_query_method", "PUT", f"/sparql/?query=ASK%20%7B%7D&{DATA0}", FORM, status=CLIENT_ERROR),
    Case("bad_multiple_queries", "GET", "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", status=CLIENT_ERROR),
    Case("bad_query_wrong_media_type", "POST", "/sparql/", "text/plain", b"ASK {}", status=CLIENT_ERROR),
    Case("bad_query_missing_form_type", "POST", "/sparql/", None, b"query=ASK%20%7B%7D", status=CLIENT_ERROR),
    Case("bad_query_missing_direct_type", "POST", "/sparql/", None, b"ASK {}", status=CLIENT_ERROR),
    Case("bad_query_non_utf8", "POST", "/sparql/", f"{QUERY}; charset=UTF-16", "ASK {}".encode("utf-16"), status=CLIENT_ERROR),
    Case("bad_query_syntax", "GET", "/sparql/?query=ASK%20%7B", status=CLIENT_ERROR),
]

_DOCUMENTS = """PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DROP ALL ;
INSERT DATA {
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data2.rdf> { <http://kasei.us/2009/09/sparql/data/data2.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data3.rdf> { <http://kasei.us/2009/09/sparql/data/data3.rdf> a foaf:Document }
} ;
INSERT {
    GRAPH <http://example.org/protocol-update-dataset-%s-test/> {
        %s
    }
}
WHERE {
%s
}"""
UPDATE_CASES = [
    Case(
        "update_dataset_default_graph",
        "POST",
        f"/sparql/?using-graph-uri={KASEI}data1.rdf",
        UPDATE,
        b"""PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
CLEAR ALL ;
INSERT DATA {
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document
    }
} ;
INSERT {
    GRAPH <http://example.org/protocol-update-dataset-test/> {
        ?s a dc:BibliographicResource
    }
}
WHERE {
    ?s a foaf:Document
}""",
        status=REFUSED,
        not_applicable=READ_ONLY,
    ),
    Case(
        "update_dataset_default_graphs",
        "POST",
        f"/sparql/?using-graph-uri={KASEI}data1.rdf&using-graph-uri={KASEI}data2.rdf",
        UPDATE,
        (_DOCUMENTS % ("graphs", "?s a dc:BibliographicResource", "    ?s a foaf:Document")).encode(),
        status=REFUSED,
        not_applicable=READ_ONLY,
    ),
    Case(
        "update_dataset_named_graphs",
        "POST",
        f"/sparql/?using-named-graph-uri={KASEI}data1.rdf&using-named-graph-uri={KASEI}data2.rdf",
        UPDATE,
        (_DOCUMENTS % ("named-graphs", "?s a dc:BibliographicResource", "    GRAPH ?g {\n        ?s a foaf:Document\n    }")).encode(),
        status=REFUSED,
        not_applicable=READ_ONLY,
    ),
    Case(
        "update_dataset_full",
        "POST",
        f"/sparql/?using-graph-uri={KASEI}data1.rdf&using-named-graph-uri={KASEI}data2.rdf",
        UPDATE,
        (
            _DOCUMENTS
            % (
                "full",
                "?s <http://example.org/in> ?in",
                '    {\n        GRAPH ?g { ?s a foaf:Document }\n        BIND(?g AS ?in)\n    }\n    UNION\n    {\n'
                '        ?s a foaf:Document .\n        BIND("default" AS ?in)\n    }',
            )
        ).encode(),
        status=REFUSED,
        not_applicable=READ_ONLY,
    ),
    Case("update_post_form", "POST", "/sparql/", FORM, b"update=CLEAR+ALL", status=REFUSED, not_applicable=READ_ONLY),
    Case("update_post_direct", "POST", "/sparql/", UPDATE, b"CLEAR ALL", status=REFUSED, not_applicable=READ_ONLY),
    Case(
        "update_base_uri",
        "POST",
        "/sparql/",
        UPDATE,
        b"CLEAR GRAPH <http://example.org/protocol-base-test/> ;\n"
        b"INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> <http://example.org/p> <test> } }",
        status=REFUSED,
        not_applicable=READ_ONLY,
    ),
    Case("bad_update_get", "GET", "/sparql/?update=CLEAR%20ALL", status=CLIENT_ERROR),
    Case("bad_multiple_updates", "POST", "/sparql/", FORM, b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", status=CLIENT_ERROR),
    Case("bad_update_wrong_media_type", "POST", "/sparql/", "text/plain", b"CLEAR NAMED", status=CLIENT_ERROR),
    Case("bad_update_missing_form_type", "POST", "/sparql/", None, b"update=CLEAR%20NAMED", status=CLIENT_ERROR),
    Case("bad_update_non_utf8", "POST", "/sparql/", f"{UPDATE}; charset=UTF-16", "CLEAR NAMED".encode("utf-16"), status=CLIENT_ERROR),
    Case("bad_update_syntax", "POST", "/sparql/", FORM, b"update=CLEAR%20XYZ", status=CLIENT_ERROR),
    Case(
        "bad_update_dataset_conflict",
        "POST",
        "/sparql/?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople",
        UPDATE,
        b"PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\nDELETE { ?person foaf:givenName 'Bill' }\n"
        b"INSERT { ?person foaf:givenName 'William' }\nWHERE {\n    ?person foaf:givenName 'Bill'\n}",
        status=CLIENT_ERROR,
    ),
]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    out = tmp_path_factory.mktemp("w3c") / "build"
    assert run_cli("build", "--facts", str(FACTS), "--out", str(out)).returncode == 0
    server = Endpoint(out, log=out.parent / "serve.log")
    yield server
    server.stop()


def send(endpoint: Endpoint, case: Case) -> tuple[int, str, bytes]:
    """The case's request exactly as the manifest writes it (no header it does not name but Host
    and Content-Length); its status, media type and body."""
    connection = http.client.HTTPConnection("127.0.0.1", endpoint.port, timeout=60)
    try:
        headers = {"Content-Type": case.content_type} if case.content_type else {}
        connection.request(case.method, case.path.replace("/sparql/", "/sparql", 1), body=case.body, headers=headers)
        response = connection.getresponse()
        return response.status, (response.getheader("Content-Type") or "").split(";")[0].strip(), response.read()
    finally:
        connection.close()


def boolean_of(media: str, body: bytes) -> bool:
    if media == "application/sparql-results+xml":
        found = ElementTree.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
        assert found is not None and found.text in ("true", "false"), body
        return found.text == "true"
    assert media in ("application/sparql-results+json", "application/json"), media
    value = json.loads(body)["boolean"]
    assert isinstance(value, bool)
    return value


def check_format(case: Case, media: str, body: bytes) -> None:
    if case.format == "boolean":
        boolean_of(media, body)
    elif case.format == "tabular":
        assert media in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"), media
        if media == "application/sparql-results+json":
            assert json.loads(body)["head"]["vars"] == ["value"]
    elif case.format == "RDF":
        formats = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml"}
        assert media in formats, media
        rdflib.Graph().parse(data=body, format=formats[media])


def run_case(endpoint: Endpoint, case: Case) -> None:
    status, media, body = send(endpoint, case)
    low, high = case.status
    assert low <= status <= high, (status, body)
    check_format(case, media, body)
    if case.boolean is not None and boolean_of(media, body) is not case.boolean:
        raise WrongBoolean(f"{case.id}: the ASK answered {not case.boolean}, the W3C test expects {case.boolean}")


def _params(cases: list[Case]) -> list[Any]:
    return [
        pytest.param(case, id=case.id, marks=pytest.mark.xfail(raises=WrongBoolean, strict=True, reason=case.not_applicable))
        if case.not_applicable == NEEDS_DATA
        else pytest.param(case, id=case.id)
        for case in cases
    ]


@pytest.mark.parametrize("case", _params(QUERY_CASES))
def test_w3c_query_test(endpoint: Endpoint, case: Case) -> None:
    run_case(endpoint, case)


@pytest.mark.parametrize("case", _params(UPDATE_CASES))
def test_w3c_update_test_is_refused(endpoint: Endpoint, case: Case) -> None:
    run_case(endpoint, case)


def test_the_server_is_up_after_the_suite(endpoint: Endpoint) -> None:
    status, _, body = endpoint.query("ASK { id:sanming dk:partOf id:fujian }")
    assert status == 200 and json.loads(body)["boolean"] is True


# -- the cases are the manifest's ------------------------------------------------------------------
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
MANIFEST_BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#"


def manifest_tests() -> dict[str, dict[str, Any]]:
    """Each W3C test's first request and the response it expects, read from the manifest."""
    graph = rdflib.Graph().parse(MANIFEST, format="turtle")
    entries = Collection(graph, next(graph.objects(None, MF.entries)))
    found: dict[str, dict[str, Any]] = {}
    for test in entries:
        request = Collection(graph, graph.value(graph.value(test, MF.action), HT.requests))[0]
        response = graph.value(request, HT.resp)
        body = graph.value(request, HT.body)
        headers = graph.value(request, HT.headers)
        content_type = None
        for header in Collection(graph, headers) if headers else []:
            if str(graph.value(header, HT.fieldName)).lower() == "content-type":
                content_type = str(graph.value(header, HT.fieldValue))
        codes = {str(code).rsplit("#", 1)[1] for code in graph.objects(response, MF.expectedStatus)}
        expected_boolean = graph.value(response, MF.expectedBoolean)
        found[str(test)[len(MANIFEST_BASE) :]] = {
            "method": str(graph.value(request, HT.methodName)),
            "path": str(graph.value(request, HT.absolutePath)),
            "content_type": content_type,
            "body": None if body is None else str(graph.value(body, CNT.chars)).encode(str(graph.value(body, CNT.characterEncoding)).lower()),
            "status": OK if codes == {"StatusCode2xx", "StatusCode3xx"} else CLIENT_ERROR if codes == {"StatusCode4xx"} else codes,
            "format": None if graph.value(response, MF.expectedFormat) is None else str(graph.value(response, MF.expectedFormat)),
            "boolean": None if expected_boolean is None else expected_boolean.toPython(),
            "needs_data": (test, UT.graphData, None) in graph,
        }
    return found


def test_the_cases_are_the_manifests_tests() -> None:
    tests = manifest_tests()
    cases = {case.id: case for case in QUERY_CASES + UPDATE_CASES}
    assert set(tests) == set(cases) and len(tests) == len(QUERY_CASES + UPDATE_CASES) == 34
    assert {case.id for case in QUERY_CASES} == {name for name in tests if "update" not in name}
    for name, test in tests.items():
        case = cases[name]
        request = {"method": case.method, "path": case.path, "content_type": case.content_type, "body": case.body}
        assert request == {key: test[key] for key in request}, name
        assert (case.format, case.boolean) == (test["format"], test["boolean"]), name
        # A case departs from the W3C expectation only where it says why.
        if case.not_applicable == READ_ONLY:
            assert test["status"] == OK and case.status == REFUSED, name
        else:
            assert case.status == test["status"], name
        assert (case.not_applicable == NEEDS_DATA) == test["needs_data"], name


def test_the_manifest_is_the_vendored_copy() -> None:
    import hashlib

    readme = (MANIFEST.parent / "README.md").read_text(encoding="utf-8")
    assert hashlib.sha256(Path(MANIFEST).read_bytes()).hexdigest() in readme
