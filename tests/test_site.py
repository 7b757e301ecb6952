"""The static site (build/site/): a page and the triples of every entity, links that all lead
somewhere in the build, the same bytes for the same facts, hostile labels kept as text."""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import rdflib
from markupsafe import escape
from rdflib import RDF
from rdflib.compare import isomorphic

from graph.build.pipeline import compile_facts
from graph.rdf.vocab import ID
from graph.site.entities import Catalogue
from graph.site.pages import entity_html
from graph.views.network import build_network

from conftest import FACTS, FIXTURES, run_cli

_VOID = {"meta", "link", "br", "img", "input", "hr", "image", "circle", "line", "path", "rect", "use"}


class Page(HTMLParser):
    """The links, elements, attributes and text of a page, as a browser's parser sees them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.texts: list[str] = []
        self.by_id: dict[str, str] = {}
        self._open: list[str | None] = []  # the id of each open element, or of its nearest ancestor with one
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]
        values = dict(attrs)
        if tag in ("a", "link", "image") and values.get("href"):
            self.links.append(str(values["href"]))
        if tag not in _VOID:
            self._open.append(values.get("id") or (self._open[-1] if self._open else None))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._open and self._open[-1] is not None:
            self.by_id[self._open[-1]] = self.by_id.get(self._open[-1], "") + data


def entity_ids(build: Path) -> set[str]:
    data = rdflib.Graph().parse(build / "duikou.nt", format="nt")
    return {str(s)[len(ID) :] for s in data.subjects(RDF.type, None)}


def test_every_entity_has_a_page_and_its_triples(real_build: Path) -> None:
    site = real_build / "site"
    data = rdflib.Graph().parse(real_build / "duikou.nt", format="nt")
    ids = entity_ids(real_build)
    assert {p.stem for p in (site / "id").glob("*.html")} == ids
    for entry_id in sorted(ids)[::25] + ["sanming", "pairing-shanghai-sanming"]:
        own = rdflib.Graph()
        for triple in data.triples((rdflib.URIRef(ID + entry_id), None, None)):
            own.add(triple)
        for suffix, fmt in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
            parsed = rdflib.Graph().parse(site / "id" / f"{entry_id}.{suffix}", format=fmt)
            assert isomorphic(parsed, own), (entry_id, suffix)


def test_every_link_of_the_site_leads_to_a_file_of_the_build(real_build: Path) -> None:
    site = real_build / "site"
    checked = 0
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for link in Page(text).links:
            url = urlsplit(link)
            if url.scheme in ("http", "https"):
                continue
            assert not url.scheme, (page, link)
            if not url.path:
                assert f'id="{url.fragment}"' in text, (page, link)
                continue
            target = (page.parent / unquote(url.path)).resolve()
            assert target.is_file(), (page.relative_to(real_build), link)
            assert real_build.resolve() in target.parents
            checked += 1
    assert checked > 10_000


def test_an_entity_page_says_what_the_graph_says(real_build: Path) -> None:
    page = Page((real_build / "site" / "id" / "sanming.html").read_text(encoding="utf-8"))
    assert page.by_id["name-zh"] == "三明市" and page.by_id["name-en"] == "Sanming"
    assert page.by_id["class"] == "城市 · City"
    assert page.by_id["iri"] == ID + "sanming"
    for linked in ("fujian.html", "pairing-shanghai-sanming.html", "../../pages/pairing-shanghai-sanming.html", "../../pages/pairing-shanghai-sanming-map.html", "../basemap.svg"):
        assert linked in page.links, linked
    assert {"section", "svg", "circle"} <= set(page.tags)
    pairing = Page((real_build / "site" / "id" / "pairing-shanghai-sanming.html").read_text(encoding="utf-8"))
    assert "shanghai.html" in pairing.links and "sanming.html" in pairing.links
    # A figure reads with its unit and date, and names its sources.
    figure = Page((real_build / "site" / "id" / "obs-paired-schools-2023-11.html").read_text(encoding="utf-8"))
    assert any("83" in text and "2023-11-08" in text for text in figure.texts)
    assert any(link.startswith("src-") for link in figure.links)
    money = Page((real_build / "site" / "id" / "obs-jinan-linyi-mengyin-park-investment-2022.html").read_text(encoding="utf-8"))
    assert any("833亿元" in text for text in money.texts) and any("83.3 billion yuan" in text for text in money.texts)


def test_the_front_page_describes_the_dataset_and_lists_every_entry(real_build: Path) -> None:
    page = Page((real_build / "site" / "index.html").read_text(encoding="utf-8"))
    data = rdflib.Graph().parse(real_build / "duikou.nt", format="nt")
    assert int(page.by_id["triples"]) == len(data)
    assert "CC BY 4.0" in page.by_id["licence"]
    listed = {link[len("id/") : -len(".html")] for link in page.links if link.startswith("id/")}
    assert listed == entity_ids(real_build)
    assert {"void.ttl", "ontology.html", "../pages/index.html"} <= set(page.links)


def test_the_site_is_the_same_for_the_same_facts(real_build: Path, tmp_path: Path) -> None:
    assert run_cli("build", "--facts", str(FACTS), "--out", str(tmp_path / "again")).returncode == 0

    def digests(site: Path) -> dict[str, str]:
        return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}

    assert digests(tmp_path / "again" / "site") == digests(real_build / "site")


@pytest.mark.parametrize("entry_id", ["old-city", "developed-city", "old-district", "pairing-developed-old", "xss-firm"])
def test_hostile_labels_stay_text(entry_id: str) -> None:
    triples = compile_facts(FIXTURES / "xss").triples
    catalogue = Catalogue(triples, build_network(triples))
    entity = catalogue.entity(entry_id)
    page = Page(entity_html(catalogue, entity))
    assert page.by_id["name-zh"] == entity.zh and page.by_id["name-en"] == entity.en
    assert {"script", "img", "iframe", "object", "embed"}.isdisjoint(page.tags)
    assert not [name for name in page.attributes if name.startswith("on")]
    assert not [link for link in page.links if link.lower().lstrip().startswith("javascript:")]
    text = "".join(page.texts)
    for shown in (entity.zh, entity.en):
        assert shown in text


def test_the_ontology_documentation_shows_every_term_with_both_labels_and_its_alignments(real_build: Path) -> None:
    from rdflib import OWL, RDFS, SKOS, URIRef

    from graph.rdf.vocab import DK

    ontology = rdflib.Graph().parse(real_build / "ontology.ttl", format="turtle")
    text = (real_build / "site" / "ontology.html").read_text(encoding="utf-8")
    page = Page(text)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    terms = {t for kind in kinds for t in ontology.subjects(RDF.type, kind) if str(t).startswith(DK)}
    assert len(terms) > 80
    for term in terms:
        local = str(term)[len(DK) :]
        labels = {lit.language: str(lit) for lit in ontology.objects(term, RDFS.label)}
        section = text[text.index(f'<section class="term" id="{local}">') :]
        section = section[: section.index("</section>")]
        assert labels["zh"] in section and labels["en"] in section, local
        for predicate in (SKOS.definition, SKOS.closeMatch, SKOS.relatedMatch, RDFS.subClassOf):
            for value in ontology.objects(term, predicate):
                shown = str(escape(value)) if isinstance(value, rdflib.Literal) else f'href="{value}"'
                assert shown in section or f'href="#{str(value)[len(DK):]}"' in section, (local, predicate, value)
    assert f"#{URIRef(DK + 'City')}" not in page.links  # anchors are local names
    assert ontology.value(URIRef("https://w3id.org/duikou/ontology"), OWL.versionInfo) is not None
    for suffix, fmt in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        assert isomorphic(rdflib.Graph().parse(real_build / "site" / f"ontology.{suffix}", format=fmt), ontology), suffix
