"""The maps' data: locations are sourced facts inside their provinces, and the map models hold
one arc per pairing and one point per paired place, with the unlocated ones listed."""

from __future__ import annotations

import html
import shutil
from functools import cache
from pathlib import Path

from graph.build.check import check
from graph.build.pipeline import compile_facts
from graph.facts.loader import FactSet, read_facts
from graph.geo.boundaries import contains, units
from graph.geo.locate import LOCATIONS_FILE, locate
from graph.rdf.convert import Triple
from graph.views.basemap import INSET_FRAME, MAIN_FRAME, boundary_lines, provinces
from graph.views.mapmodel import pairing_map, programme_map
from graph.views.mappage import map_data, map_html

from conftest import FACTS, FIXTURES


@cache
def facts() -> FactSet:
    return read_facts(FACTS)


@cache
def triples() -> list[Triple]:
    return compile_facts(FACTS).triples


def province_of(place_id: str) -> str:
    """The Chinese name of the province a city or county is in (a municipality is its own)."""
    records = facts().records
    record = records[place_id]
    city = records[record.values["part_of"]] if record.type == "District" else record
    province = records.get(city.values.get("part_of", ""))
    return (province or city).values["name"]["zh"]


def test_every_location_lies_inside_its_province() -> None:
    outlines = {unit.name: unit.polygons for unit in units("province")}
    located = [r for r in facts().by_type("Location")]
    assert located
    for location in located:
        place = location.values["of"]
        point = (round(float(location.values["long"]) * 1e6), round(float(location.values["lat"]) * 1e6))
        name = province_of(place)
        assert name in outlines, f"{place}: no province named {name} in the boundaries"
        assert contains(outlines[name], point), f"{location.id}: {point} is outside {name}"


def test_the_point_test_can_fail() -> None:
    fujian = next(u for u in units("province") if u.name == "福建省")
    assert contains(fujian.polygons, (117_639_000, 26_263_000))  # Sanming
    assert not contains(fujian.polygons, (121_473_000, 31_230_000))  # Shanghai


def test_every_paired_place_has_a_sourced_location() -> None:
    records = facts().records
    located = {r.values["of"]: r for r in facts().by_type("Location")}
    for pairing in facts().by_type("Pairing"):
        for party in (*pairing.values["developed"], *pairing.values["old_area"]):
            if records[party].type in ("City", "District"):
                assert party in located, f"{pairing.id}: {party} has no location — run duikou locate"
    for location in located.values():
        assert location.values["sources"], location.id
        assert location.values["point"] != "boundary-point" or "not its seat of government" in location.values.get("note", ""), location.id


def test_the_locations_file_is_current(tmp_path: Path) -> None:
    # What duikou locate would write today is what is committed: points, names and sources.
    result = locate(FACTS, check=True)
    assert not result.changed, "facts/places/locations.yaml is out of date — run duikou locate"
    assert result.unmatched == []
    # Writing into a copy gives the same bytes, and a second run changes nothing.
    copy = tmp_path / "facts"
    shutil.copytree(FACTS, copy)
    (copy / LOCATIONS_FILE).unlink()
    assert locate(copy).changed
    assert (copy / LOCATIONS_FILE).read_bytes() == (FACTS / LOCATIONS_FILE).read_bytes()
    assert not locate(copy).changed


def test_a_place_located_elsewhere_is_left_to_that_file(tmp_path: Path) -> None:
    copy = tmp_path / "facts"
    shutil.copytree(FACTS, copy)
    (copy / "places" / "seat.yaml").write_text(
        "sources:\n  - id: src-seat-test\n    title: Test\n    publisher: Test\n    url: https://example.org/seat\n    kind: reference\n"
        "entries:\n  - id: location-sanming-seat\n    type: Location\n    name: {zh: 三明市政府驻地, en: Seat of Sanming}\n"
        "    of: sanming\n    lat: 26.263\n    long: 117.639\n    point: government-seat\n    sources: [src-seat-test]\n",
        encoding="utf-8",
    )
    result = locate(copy)
    assert "sanming" in result.elsewhere and "sanming" not in result.located
    assert "of: sanming\n" not in (copy / LOCATIONS_FILE).read_text(encoding="utf-8")
    # The map prefers the seat of government.
    model = programme_map(compile_facts(copy).triples)
    assert (str(model.places["sanming"].lat), str(model.places["sanming"].long)) == ("26.263", "117.639")


def test_the_programme_map_has_an_arc_per_city_pairing_and_a_point_per_paired_city() -> None:
    model = programme_map(triples())
    city_pairings = [p for p in facts().by_type("Pairing") if p.values["level"] == "city"]
    assert sorted({a.id.split("~")[0] for a in model.arcs}) == sorted(p.id for p in city_pairings)
    assert len(model.arcs) == sum(len(p.values["developed"]) * len(p.values["old_area"]) for p in city_pairings)
    for arc in model.arcs:
        pairing = facts().records[arc.id.split("~")[0]]
        assert arc.source in pairing.values["developed"] and arc.target in pairing.values["old_area"]
        assert arc.old_areas == tuple(sorted(facts().records[arc.target].values.get("old_areas", ())))
    cities = {c for p in city_pairings for c in (*p.values["developed"], *p.values["old_area"])}
    assert set(model.places) == cities
    data = map_data(model)
    assert {p["id"] for p in data["places"]} == cities - set(model.unlocated)
    assert len(data["arcs"]) == len(model.arcs)


def test_a_pairing_map_has_its_cities_counties_and_the_pairings_under_it() -> None:
    records = facts().records
    model = pairing_map(triples(), "pairing-shanghai-sanming")
    assert set(model.focus) == {"shanghai", "sanming"}
    counties = {r.id for r in facts().by_type("District") if r.values["part_of"] in ("shanghai", "sanming")}
    assert counties <= set(model.places)
    under = {a.id.split("~")[0] for a in model.arcs} - {"pairing-shanghai-sanming"}
    assert under and all(records[p].values["level"] in ("county", "institution") for p in under)
    county_arcs = [a for a in model.arcs if a.level == "county"]
    assert county_arcs and all(records[a.source].type == "District" and records[a.target].type == "District" for a in county_arcs)


def test_a_place_without_a_location_is_listed_and_warned_about(tmp_path: Path) -> None:
    copy = tmp_path / "facts"
    shutil.copytree(FACTS, copy)
    text = (copy / LOCATIONS_FILE).read_text(encoding="utf-8")
    start = text.index("  - id: location-sanming\n")
    end = text.index("  - id: ", start + 10)
    (copy / LOCATIONS_FILE).write_text(text[:start] + text[end:], encoding="utf-8")
    report = check(copy, shapes=False)
    assert report.conforms
    assert [w.message for w in report.warnings if "sanming has no location" in w.message]
    model = programme_map(compile_facts(copy).triples)
    assert model.unlocated == ["sanming"]
    data = map_data(model)
    assert [p["id"] for p in data["unlocated"]] == ["sanming"]
    assert all("sanming" not in (a["s"], a["t"]) for a in data["arcs"])
    assert len(data["arcs"]) == len(model.arcs) - 1


def test_the_base_layer_has_every_province_and_the_south_china_sea_inset() -> None:
    names = {p.name for p in provinces()}
    assert {"台湾省", "海南省", "香港特别行政区", "澳门特别行政区", "西藏自治区", "新疆维吾尔自治区"} <= names
    assert len(names) == 34
    assert INSET_FRAME[1] < 5 < MAIN_FRAME[1], "the inset reaches the southern islands the main frame leaves out"
    lines = boundary_lines()
    assert set(lines) == {"九段线", "未定国界"} and all(path.startswith("M") for path in lines.values())
    assert map_data(programme_map(triples()))["base"]["lines"] == list(lines.values())


def test_pages_are_deterministic_and_load_nothing(tmp_path: Path) -> None:
    first = map_html(programme_map(triples()))
    assert first == map_html(programme_map(compile_facts(FACTS).triples))
    assert "Content-Security-Policy" in first and "default-src 'none'" in html.unescape(first)
    for marker in ("<script src", "<link", "@import", "url(http", "src=\"http"):
        assert marker not in first


def test_hostile_labels_are_escaped_in_the_data_block() -> None:
    model = programme_map(compile_facts(FIXTURES / "xss").triples)
    page = map_html(model)
    data_block = page[page.index('id="dk-data">') : page.index("</script>", page.index('id="dk-data">'))]
    assert "<" not in data_block.partition(">")[2] and "</script" not in data_block.lower()


def test_kg_map_shows_itself_in_a_sandboxed_frame() -> None:
    from graph import load

    kg = load(FACTS)
    programme = kg.map()
    assert programme.html == map_html(programme_map(triples()))
    frame = programme._repr_html_()
    assert frame.startswith('<iframe sandbox="allow-scripts" srcdoc="') and 'title="duikou map"' in frame
    one = kg.map(pairing="pairing-shanghai-sanming", lang="en")
    assert '<html lang="en">' in one.html and one.html != programme.html
