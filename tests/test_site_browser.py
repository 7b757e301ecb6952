"""The static site in real headless Chromium, opened from the disk as a reader of the files
would: pages of every class, links followed from one to the next, no request leaving the build,
no console error, and the XSS fixture's labels shown as text, never run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.api import build
from graph.rdf.vocab import ID

from conftest import FIXTURES, ROOT

SCREENSHOTS = ROOT / "build" / "screenshots"


class Reader:
    """One browser tab that records every request and every error."""

    def __init__(self, browser: Any, build_dir: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.inside = build_dir.resolve().as_uri() + "/"
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: None if r.url.startswith((self.inside, "data:", "about:")) else self.outside.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.errors.append("dialog: " + d.message), d.dismiss()))

    def assert_clean(self) -> None:
        assert self.outside == [], self.outside
        assert self.errors == [], self.errors


def test_pages_of_every_class_open_clean_and_link_to_each_other(browser: Any, real_build: Path) -> None:
    import rdflib
    from rdflib import RDF

    reader = Reader(browser, real_build)
    page = reader.page
    page.goto((real_build / "site" / "index.html").as_uri())
    assert page.text_content("#licence").strip().endswith("(CC BY 4.0)")
    data = rdflib.Graph().parse(real_build / "duikou.nt", format="nt")
    first_of_class: dict[str, str] = {}
    for subject, cls in sorted(data.subject_objects(RDF.type)):
        first_of_class.setdefault(str(cls), str(subject)[len(ID) :])
    assert len(first_of_class) >= 15
    for entry_id in first_of_class.values():
        page.goto((real_build / "site" / "index.html").as_uri())
        page.click(f'#entities a[href="id/{entry_id}.html"]')
        page.wait_for_url(f"**/site/id/{entry_id}.html")
        assert page.locator("#statements tr").count() > 0
        assert page.text_content("#iri") == ID + entry_id
    # From a city to its pairing, to the pairing's network page, and to the map's base layer.
    page.goto((real_build / "site" / "id" / "sanming.html").as_uri())
    assert page.locator("#map svg image").count() == 1
    assert page.evaluate("() => document.querySelector('#map svg image').getBBox().width") > 0
    page.screenshot(path=str(_screenshot("site-entity.png")), full_page=False)
    page.click('#network a[href="pairing-shanghai-sanming.html"]')
    page.wait_for_url("**/id/pairing-shanghai-sanming.html")
    page.click('#statements a[href="shanghai.html"]')
    page.wait_for_url("**/id/shanghai.html")
    page.click('nav a[href="../ontology.html#City"]')
    page.wait_for_url("**/site/ontology.html#City")
    assert page.locator("#City h3").text_content().startswith("城市")
    reader.assert_clean()


def test_network_and_map_pages_link_to_the_entity_pages(browser: Any, real_build: Path) -> None:
    reader = Reader(browser, real_build)
    page = reader.page
    page.goto((real_build / "pages" / "pairing-shanghai-sanming.html").as_uri())
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=180_000)
    page.fill("#dk-search", "三明市")
    page.press("#dk-search", "Enter")
    page.click("#dk-details a.dk-entity")
    page.wait_for_url("**/site/id/sanming.html")
    page.goto((real_build / "pages" / "pairing-shanghai-sanming-map.html").as_uri())
    page.click("#dk-points [data-place=sanming]", force=True)
    page.click("#dk-details a.dk-entity")
    page.wait_for_url("**/site/id/sanming.html")
    assert page.text_content("#name-zh") == "三明市"
    reader.assert_clean()


def test_hostile_labels_are_text_in_the_browser(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(FIXTURES / "xss", out)
    reader = Reader(browser, out)
    for entry_id in ("old-city", "developed-city", "old-district", "pairing-developed-old", "xss-firm"):
        reader.page.goto((out / "site" / "id" / f"{entry_id}.html").as_uri())
        assert reader.page.evaluate("() => window.__xss") is None
        assert reader.page.locator("h1 img, h1 script, td script, td img, td iframe").count() == 0
    reader.page.goto((out / "site" / "index.html").as_uri())
    assert reader.page.evaluate("() => window.__xss") is None
    reader.assert_clean()


def _screenshot(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / name
