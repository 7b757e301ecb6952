"""`duikou serve` resolves entity IRIs: /id/<id> and /ontology by the Accept header, the site's
and the pages' files as they are, a 404 that suggests ids, and nothing outside the build."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import rdflib
from rdflib.compare import isomorphic

from graph.rdf.vocab import ID

from conftest import Endpoint, need_program

FORMATS = (("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt"))


@pytest.fixture(scope="module")
def served(real_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Endpoint, Path]]:
    # A copy of the build, with links planted that point out of it.
    build = tmp_path_factory.mktemp("linked") / "build"
    shutil.copytree(real_build, build, symlinks=True)
    secret = build.parent / "secret.ttl"
    secret.write_text("<x:secret> <x:is> <x:here> .\n", encoding="utf-8")
    (build / "site" / "id" / "leak.html").symlink_to(secret)
    (build / "site" / "leak.ttl").symlink_to(secret)
    (build / "site" / "up").symlink_to(build.parent, target_is_directory=True)
    (build / "pages" / "leak.html").symlink_to(secret)
    server = Endpoint(build, log=build.parent / "serve.log")
    yield server, build
    server.stop()


def own_triples(build: Path, entry_id: str) -> rdflib.Graph:
    found = rdflib.Graph()
    for triple in rdflib.Graph().parse(build / "duikou.nt", format="nt").triples((rdflib.URIRef(ID + entry_id), None, None)):
        found.add(triple)
    return found


@pytest.mark.parametrize("entry_id", ["sanming", "pairing-shanghai-sanming", "obs-paired-schools-2023-11"])
def test_an_entity_in_each_rdf_format_is_its_triples(served: tuple[Endpoint, Path], entry_id: str) -> None:
    endpoint, build = served
    expected = own_triples(build, entry_id)
    assert len(expected) > 3
    for media, fmt in FORMATS:
        status, headers, body = endpoint.http(f"/id/{entry_id}", headers={"Accept": media})
        assert status == 200 and headers["Content-Type"].startswith(media)
        assert headers["Vary"] == "Accept" and headers["Content-Location"].startswith(f"/id/{entry_id}.")
        assert isomorphic(rdflib.Graph().parse(data=body, format=fmt), expected), media


def test_an_independent_parser_reads_the_turtle(served: tuple[Endpoint, Path]) -> None:
    rapper = need_program("rapper")
    endpoint, build = served
    for path, expected in (("/id/sanming", own_triples(build, "sanming")), ("/ontology", rdflib.Graph().parse(build / "ontology.ttl"))):
        _, _, body = endpoint.http(path, headers={"Accept": "text/turtle"})
        converted = subprocess.run([rapper, "-q", "-i", "turtle", "-o", "ntriples", "-", "http://example.org/"], input=body, capture_output=True, check=True)
        assert isomorphic(rdflib.Graph().parse(data=converted.stdout, format="nt"), expected), path


def test_browsers_get_the_page_and_unknown_types_a_406(served: tuple[Endpoint, Path]) -> None:
    endpoint, build = served
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for accept in (browser_accept, "*/*", ""):
        status, headers, body = endpoint.http("/id/sanming", headers={"Accept": accept} if accept else {})
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        assert body == (build / "site" / "id" / "sanming.html").read_bytes()
        assert "'unsafe-inline'" in headers["Content-Security-Policy"] and "default-src 'self'" in headers["Content-Security-Policy"]
    assert endpoint.http("/id/sanming", headers={"Accept": "image/png"})[0] == 406
    assert endpoint.http("/id/sanming", method="HEAD", headers={"Accept": "text/turtle"})[0] == 200


def test_the_ontology_and_the_dataset_are_negotiated(served: tuple[Endpoint, Path]) -> None:
    endpoint, build = served
    ontology = rdflib.Graph().parse(build / "ontology.ttl")
    for media, fmt in FORMATS:
        status, headers, body = endpoint.http("/ontology", headers={"Accept": media})
        assert status == 200 and isomorphic(rdflib.Graph().parse(data=body, format=fmt), ontology), media
    status, headers, body = endpoint.http("/ontology", headers={"Accept": "text/html"})
    assert status == 200 and b'id="City"' in body and headers["Content-Location"] == "/ontology.html"
    status, headers, body = endpoint.http("/dataset", headers={"Accept": "text/turtle"})
    assert status == 200 and body == (build / "void.ttl").read_bytes()
    assert endpoint.http("/dataset")[2] == (build / "site" / "index.html").read_bytes()


def test_the_site_pages_and_files_are_served_as_they_are(served: tuple[Endpoint, Path]) -> None:
    endpoint, build = served
    for path, file in (
        ("/index.html", "site/index.html"),
        ("/site/index.html", "site/index.html"),
        ("/id/sanming.html", "site/id/sanming.html"),
        ("/site/id/sanming.jsonld", "site/id/sanming.jsonld"),
        ("/basemap.svg", "site/basemap.svg"),
        ("/pages/pairing-shanghai-sanming.html", "pages/pairing-shanghai-sanming.html"),
        ("/pages/lib/vis-network.min.js", "pages/lib/vis-network.min.js"),
        ("/duikou.nt", "duikou.nt"),
    ):
        status, _, body = endpoint.http(path)
        assert status == 200 and body == (build / file).read_bytes(), path
    status, headers, _ = endpoint.http("/id/sanming", method="OPTIONS")
    assert status == 204 and headers["Allow"] == "GET, HEAD, OPTIONS"
    assert endpoint.http("/id/sanming", data=b"x", method="POST", headers={"Content-Type": "text/plain"})[0] == 405


def test_an_unknown_id_is_a_404_page_with_close_matches(served: tuple[Endpoint, Path]) -> None:
    endpoint, _ = served
    status, headers, body = endpoint.http("/id/sanmin")
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    assert b'<a href="/id/sanming">sanming</a>' in body
    status, _, body = endpoint.http("/id/zzzzzzzz-nothing")
    assert status == 404 and b"No entity has a similar id" in body
    for hostile in ("/id/%3Cscript%3Ealert(1)%3C/script%3E", "/id/<script>", "/id/a%00b"):
        status, _, body = endpoint.http(hostile.replace("<", "%3C").replace(">", "%3E"))
        assert status == 404 and b"<script" not in body


@pytest.mark.parametrize(
    "path",
    [
        "/id/../duikou.nt",
        "/id/..%2fduikou.nt",
        "/id/%2e%2e/summary.json",
        "/site/../summary.json",
        "/site/%2e%2e/summary.json",
        "/site/id/../../summary.json",
        "/pages/../summary.json",
        "/pages/%2E%2E%2Fsummary.json",
        "/pages/lib/../../summary.json",
        "//etc/passwd",
        "/site//etc/passwd",
        "/site/%2Fetc%2Fpasswd",
        "/pages/..\\summary.json",
        "/static/../../pyproject.toml",
        "/id/leak",
        "/id/leak.html",
        "/site/leak.ttl",
        "/leak.ttl",
        "/site/up/secret.ttl",
        "/up/secret.ttl",
        "/pages/leak.html",
        "/summary.json",
        "/oxigraph/CURRENT",
    ],
)
def test_nothing_outside_the_build_can_be_read(served: tuple[Endpoint, Path], path: str) -> None:
    endpoint, _ = served
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", endpoint.port, timeout=30)
    connection.request("GET", path)  # sent as written: no client normalises the dots away
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status in (400, 404), (path, response.status)
    assert b"<x:here>" not in body and b"\"triples\"" not in body and b"root:" not in body


def test_the_served_site_and_pages_open_clean_in_a_browser(served: tuple[Endpoint, Path], browser: Any) -> None:
    endpoint, _ = served
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((endpoint.base + "/", "data:")) else outside.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(endpoint.base + "/id/sanming")
    assert page.text_content("#name-zh") == "三明市"
    assert page.evaluate("() => document.querySelector('#map svg image').getBBox().width") > 0
    page.click('#statements a[href="fujian.html"]')
    page.wait_for_url(endpoint.base + "/id/fujian.html")
    page.goto(endpoint.base + "/id/sanming")
    page.click('nav a[href="../../pages/pairing-shanghai-sanming.html"]')
    page.wait_for_url(endpoint.base + "/pages/pairing-shanghai-sanming.html")
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=180_000)
    page.fill("#dk-search", "三明市")
    page.press("#dk-search", "Enter")
    page.click("#dk-details a.dk-entity")
    page.wait_for_url(endpoint.base + "/site/id/sanming.html")
    page.click('nav a[href="../index.html"]')
    page.wait_for_url(endpoint.base + "/site/index.html")
    page.close()
    assert outside == [] and errors == [], (outside, errors)
