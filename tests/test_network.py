"""The network model and the page HTML, checked without a browser (tests/test_pages_browser.py
opens the pages in Chromium)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from graph.build.pipeline import compile_facts
from graph.rdf.convert import IRI
from graph.rdf.vocab import DK, ID, RDF_TYPE
from graph.views.network import PANEL_ONLY_CLASSES, NetworkModel, build_network, pairing_members
from graph.views.pages import page_html, script_json, write_pages

from conftest import FACTS, FIXTURES, ROOT, run_cli

XSS = FIXTURES / "xss"


@pytest.fixture(scope="module")
def triples() -> list:
    return compile_facts(FACTS).triples


@pytest.fixture(scope="module")
def net(triples: list) -> NetworkModel:
    return build_network(triples)


def test_every_entity_but_sources_measures_and_figures_is_a_node(triples: list, net: NetworkModel) -> None:
    classes = {s[len(ID) :]: o[1][len(DK) :] for s, p, o in triples if p == RDF_TYPE and s.startswith(ID)}
    expected = {entity for entity, cls in classes.items() if cls not in PANEL_ONLY_CLASSES}
    assert set(net.nodes) == expected
    assert all(net.nodes[n].cls == classes[n] for n in net.nodes)


def test_edges_join_nodes_and_carry_their_relation(triples: list, net: NetworkModel) -> None:
    stated = {(s[len(ID) :], p[len(DK) :], o[1][len(ID) :]) for s, p, o in triples if o[0] == IRI and p.startswith(DK)}
    for edge in net.edges:
        assert edge.source in net.nodes and edge.target in net.nodes
        assert (edge.source, edge.relation, edge.target) in stated
    assert not [e for e in net.edges if e.relation in ("pairedWith", "source")]


def test_a_node_cites_its_sources_and_those_of_its_figures_and_locations(triples: list, net: NetworkModel) -> None:
    cites: dict[str, set[str]] = {}
    subject_of: dict[str, str] = {}
    for s, p, o in triples:
        if p == DK + "source":
            cites.setdefault(s[len(ID) :], set()).add(o[1][len(ID) :])
        if p in (DK + "subject", DK + "locationOf"):
            subject_of[s[len(ID) :]] = o[1][len(ID) :]
    for node in net.nodes.values():
        described_by = {entry for entry, subject in subject_of.items() if subject == node.id}
        expected = cites.get(node.id, set()).union(*(cites.get(f, set()) for f in described_by))
        assert set(node.sources) == expected, node.id
        figures = [e for e in described_by if not e.startswith("location-")]
        assert len([f for f in node.facts if f.prop_en == "figure"]) == len(figures)
        assert len([f for f in node.facts if f.prop_en == "location"]) == len(described_by) - len(figures)
        assert all(s in net.sources for s in node.sources)


def test_an_ego_network_holds_what_is_within_reach(net: NetworkModel) -> None:
    near = net.adjacency()
    focus = "sanming"
    assert set(net.ego(focus, 0).nodes) == {focus}
    assert set(net.ego(focus, 1).nodes) == {focus} | near[focus]
    two = set(net.ego(focus, 2).nodes)
    assert two == {focus} | near[focus] | set().union(*(near[n] for n in near[focus]))
    with pytest.raises(KeyError):
        net.ego("no-such-entity")


def test_a_pairing_page_holds_both_sides_their_districts_and_what_falls_under_it(net: NetworkModel) -> None:
    pairings = net.city_pairings()
    assert pairings
    old_area = {p: net.linked(p, "oldAreaSide", incoming=False) for p in pairings}
    for pairing in pairings:
        members = pairing_members(net, pairing)
        sides = net.linked(pairing, "developedSide", incoming=False) + old_area[pairing]
        assert set(sides) <= members
        for side in sides:
            assert {d for d in net.linked(side, "partOf", incoming=True) if net.nodes[d].cls == "District"} <= members
        assert set(net.linked(pairing, "withinPairing", incoming=True)) <= members
        for other in pairings:
            if other != pairing and not set(old_area[other]) & set(old_area[pairing]):
                assert not set(old_area[other]) & members, (pairing, other)


def test_the_same_facts_give_byte_identical_pages(triples: list, tmp_path: Path) -> None:
    assert page_html(triples) == page_html(list(triples))
    first, second = tmp_path / "a", tmp_path / "b"
    write_pages(triples, first)
    write_pages(triples, second)
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    assert all((first / n).read_bytes() == (second / n).read_bytes() for n in names)


def test_a_page_requests_nothing_from_outside(triples: list) -> None:
    html = page_html(triples, pairing="pairing-shanghai-sanming")
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=", html, re.I)
    assert not re.search(r"bootstrap|cdnjs|jsdelivr|unpkg|url\(\s*['\"]?(https?:)?//", html, re.I)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert policy and unescape(policy.group(1)).startswith("default-src 'none';")
    assert "vis-network" in html.lower()


def test_script_json_cannot_end_the_script_and_round_trips() -> None:
    value = {"label": "</script><script>alert(1)</script><!-- & \u2028\u2029 '\""}
    text = script_json(value)
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(text) == value


def test_payloads_in_the_facts_reach_the_page_only_as_json_strings() -> None:
    html = page_html(compile_facts(XSS).triples)
    data = html.split('<script type="application/json" id="dk-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data
    assert "onerror" in data  # the payload is there, as data
    plain = page_html(compile_facts(FIXTURES / "base").triples)
    assert html.lower().count("<script") == plain.lower().count("<script")  # no element added by the data


def test_pages_are_utf8_whatever_the_platform_encoding(tmp_path: Path) -> None:
    script = "import sys; from pathlib import Path; from graph.api import build; build(Path(sys.argv[1]), Path(sys.argv[2]))"
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "ascii", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-X", "utf8=0", "-c", script, str(FACTS), str(tmp_path / "build")], check=True, env=env, cwd=ROOT)
    page = (tmp_path / "build" / "pages" / "pairing-shanghai-sanming.html").read_bytes().decode("utf-8")
    assert "三明市" in page and '<meta charset="utf-8">' in page


def test_build_writes_an_overview_a_page_and_a_map_per_city_pairing_and_an_index(tmp_path: Path, net: NetworkModel) -> None:
    result = run_cli("build", "--out", str(tmp_path / "build"))
    assert result.returncode == 0, result.stderr
    pages = tmp_path / "build" / "pages"
    # The facts hold a programme, so its page is written too (tests/test_programme_page.py).
    listed = {"overview.html", "programme.html", "map.html"} | {f"{p}.html" for p in net.city_pairings()}
    maps = {f"{p}-map.html" for p in net.city_pairings()}
    assert {p.name for p in pages.glob("*.html")} == listed | maps | {"index.html"}
    index = (pages / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{name}"' in index for name in listed)
    # Each pairing's page links to its map, and the map back to the page.
    for pairing in net.city_pairings():
        assert f'href="{pairing}-map.html"' in (pages / f"{pairing}.html").read_text(encoding="utf-8")
        assert f'href="{pairing}.html"' in (pages / f"{pairing}-map.html").read_text(encoding="utf-8")
    assert (pages / "lib" / "vis-network.min.js").exists()


def test_duikou_view_writes_a_page_prints_its_path_and_opens_a_browser(tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    recorder = tmp_path / "browser.py"
    recorder.write_text("import sys, pathlib\npathlib.Path(sys.argv[1]).write_text(sys.argv[2])\n", encoding="utf-8")
    out = tmp_path / "sanming.html"
    env = {**os.environ, "BROWSER": f"{sys.executable} {recorder} {opened} %s", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "graph.cli", "view", "sanming", "--depth", "1", "--lang", "en", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    assert opened.read_text(encoding="utf-8") == out.resolve().as_uri()
    html = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Sanming" in html


def test_duikou_view_names_an_unknown_id(tmp_path: Path) -> None:
    result = run_cli("view", "no-such-entity", "--out", str(tmp_path / "x.html"), "--no-open")
    assert result.returncode == 1
    assert "no-such-entity" in result.stderr
    assert not (tmp_path / "x.html").exists()


def test_kg_view_is_an_isolated_iframe_holding_the_whole_page(triples: list) -> None:
    from graph.api import KnowledgeGraph

    view = KnowledgeGraph(triples).view(pairing="pairing-shanghai-sanming", height=500)
    frame = view._repr_html_()
    assert frame.startswith('<iframe sandbox="allow-scripts" srcdoc="')
    assert "allow-same-origin" not in frame and "height: 500px" in frame
    source = frame.split('srcdoc="', 1)[1].split('"', 1)[0]
    assert unescape(source) == view.html == page_html(triples, pairing="pairing-shanghai-sanming")


def test_a_network_over_the_detail_limit_is_shown_at_pair_level(triples: list, net: NetworkModel, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.views import pages

    monkeypatch.setattr(pages, "DETAIL_LIMIT", len(net.nodes) - 1)
    html = page_html(triples, lang="en")
    data = json.loads(html.split('id="dk-data">', 1)[1].split("</script>", 1)[0])
    shown = {n["id"] for n in data["nodes"]}
    assert shown == set(net.pair_level().nodes)
    assert set(net.city_pairings()) <= shown
    assert {net.nodes[n].cls for n in shown} <= {"Province", "City", "Pairing"}
    assert str(len(net.nodes)) in data["title"][0]
