"""Map pages: a map model as one self-contained, offline HTML page of plain SVG.

The drawing library is the browser's own SVG: the provinces, arcs and points are a few hundred
paths, which SVG draws at once, and without a library nothing has to be shipped or kept up to
date. The page holds one JSON block with all the data (escaped as in the network pages), a
small script that builds the SVG from it with textContent and attributes only, and a
Content-Security-Policy that forbids any request to leave the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from graph.geo.boundaries import DATASET, DATASET_VERSION, units
from graph.rdf.convert import Triple
from graph.rdf.terms import terms
from graph.views.basemap import WIDTH, boundary_lines, frame, inset_source_box, inset_transform, outline_path, provinces
from graph.views.html import environment, fact_row, script_json, script_text, static_text, write_text
from graph.views.mapmodel import MapModel, pairing_map, programme_map
from graph.views.network import NetworkModel

_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"

UI: dict[str, tuple[str, str]] = {
    "search": ("Search places", "搜索地点"),
    "oldArea": ("Old area", "革命老区"),
    "province": ("Province", "省份"),
    "year": ("Start", "起始年份"),
    "colour": ("Colour", "着色"),
    "byArea": ("By old area", "按革命老区"),
    "byProvince": ("By developed province", "按发达地区省份"),
    "byLevel": ("By level", "按结对层级"),
    "noArea": ("no old area given", "未注明革命老区"),
    "all": ("all", "全部"),
    "switch": ("中文", "English"),
    "arcs": ("pairings", "对结对"),
    "places": ("places", "个地点"),
    "facts": ("Facts", "事实"),
    "sources": ("Sources", "来源"),
    "pairing": ("Pairing", "结对关系"),
    "network": ("Network", "关系网络"),
    "entity": ("Entity page", "条目页面"),
    "hint": ("Click a place or an arc to see its facts and sources.", "点击地点或连线查看其事实与来源。"),
    "unlocated": ("Places without a location", "缺少坐标的地点"),
    "sides": (
        "Arcs run from the developed side (blue) to the old-area side (red).",
        "连线由发达地区一方(蓝)指向革命老区一方(红)。",
    ),
}
CREDIT = (
    f"Schematic map (示意图), not to scale. Boundaries: 天地图 administrative divisions, from {DATASET} {DATASET_VERSION} (MIT). "
    "Each point's source is listed with its place.",
    f"示意图。行政区划边界:天地图(取自 {DATASET} {DATASET_VERSION},MIT 许可)。各地点坐标的来源见该地点的来源列表。",
)
_LEVELS = ("city", "county", "institution")
_MIN_VIEW = 40.0  # a pairing map shows at least this many base-view units across


def _view(model: MapModel, points: list[tuple[float, float]]) -> list[float]:
    if not model.focus or not points:
        return [0.0, 0.0, WIDTH, frame().height]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    width, height = max(max(xs) - min(xs), _MIN_VIEW), max(max(ys) - min(ys), _MIN_VIEW * 0.66)
    pad = 0.15
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return [round(cx - width * (0.5 + pad), 1), round(cy - height * (0.5 + pad), 1), round(width * (1 + 2 * pad), 1), round(height * (1 + 2 * pad), 1)]


@cache
def _unit_outline(level: str, name: str, parent: str, tolerance: float) -> str:
    for unit in units(level):
        if unit.name == name and (parent in ("", unit.province, unit.city)):
            return outline_path(unit.polygons, tolerance)
    return ""


def _outlines(model: MapModel, view: list[float]) -> list[list[str]]:
    """The boundaries of a pairing map's two cities and their county-level units."""
    if not model.focus:
        return []
    tolerance = round(max(view[2] / 2000, 0.02), 3)
    found = []
    for city_id in model.focus:
        city = model.places.get(city_id)
        if city is None:
            continue
        province = model.names.get(city.province, ("", ""))[1]
        outline = _unit_outline("city", city.zh, province, tolerance)
        if outline:
            found.append(["city", outline])
        for place in model.places.values():
            if place.cls == "District" and place.city == city_id:
                path = _unit_outline("district", place.zh, city.zh, tolerance)
                if path:
                    found.append(["district", path])
    return found


def map_data(model: MapModel, lang: str = "zh") -> dict[str, Any]:
    """Everything the map script needs, sorted so that the same model gives the same page."""
    f = frame()
    located: dict[str, tuple[float, float]] = {}
    for place in model.places.values():
        if place.lat is not None and place.long is not None:
            located[place.id] = f.to_svg(float(place.long), float(place.lat))
    arcs = [a for a in model.arcs if a.source in located and a.target in located]
    degree: dict[str, int] = {}
    for arc in arcs:
        degree[arc.source] = degree.get(arc.source, 0) + 1
        degree[arc.target] = degree.get(arc.target, 0) + 1
    places = [
        {"id": p.id, "cls": p.cls, "zh": p.zh, "en": p.en, "x": located[p.id][0], "y": located[p.id][1], "side": p.side, "province": p.province, "arcs": degree.get(p.id, 0)}
        for p in model.places.values()
        if p.id in located
    ]
    view = _view(model, list(located.values()))
    subjects = sorted({str(p["id"]) for p in places} | {a.id.split("~")[0] for a in arcs} | set(model.unlocated))
    nodes = model.network.nodes
    cited = {s: nodes[s].sources for s in subjects if s in nodes and nodes[s].sources}
    sources = {sid for ids in cited.values() for sid in ids}
    home = sorted({model.names.get(p.province, ("", ""))[1] or (p.zh if p.cls == "City" else "") for p in model.places.values()} - {""})
    x, y, w, h, _ = inset_transform()
    return {
        "lang": lang,
        "title": list(model.title),
        "base": {
            "provinces": [[p.adcode, p.name, p.path] for p in provinces()],
            "lines": list(boundary_lines().values()),
            "inset": [x, y, w, h, *inset_source_box()],
            "width": WIDTH,
            "height": frame().height,
        },
        "homeProvinces": home if model.focus else [],
        "outlines": _outlines(model, view),
        "view": view,
        "places": places,
        "keep": [p["id"] for p in places] if model.focus else [],
        "unlocated": [{"id": i, "zh": model.places[i].zh, "en": model.places[i].en} for i in model.unlocated],
        "arcs": [
            {
                "id": a.id,
                "pairing": a.id.split("~")[0],
                "s": a.source,
                "t": a.target,
                "level": a.level,
                "zh": a.zh,
                "en": a.en,
                "year": a.year,
                "areas": list(a.old_areas),
                "dprov": a.developed_province,
            }
            for a in arcs
        ],
        "names": {k: list(v) for k, v in model.names.items()},
        "facts": {s: [fact_row(fact) for fact in nodes[s].facts] for s in subjects if s in nodes},
        "cited": cited,
        "sources": {s.id: [s.title, s.publisher, s.published, s.url] for s in model.network.sources.values() if s.id in sources},
        "classes": {c: [terms().classes[c].en, terms().classes[c].zh] for c in ("City", "District")},
        "levels": {level: [terms().concepts[f"level-{level}"].en, terms().concepts[f"level-{level}"].zh] for level in _LEVELS},
        "ui": {key: list(texts) for key, texts in UI.items()},
        "credit": list(CREDIT),
        "colourBy": "level" if model.focus else "area",
    }


def map_html(model: MapModel, lang: str = "zh", network_href: str | None = None, entity_base: str = "") -> str:
    """The HTML of one map page. Labels are Chinese unless ``lang`` is "en" (the page has a
    switch too); ``network_href`` links the page to the network page of the same pairing,
    ``entity_base`` (the site's id/ folder, relative to the page) each place to its entity page."""
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language {lang!r}: use zh or en")
    from markupsafe import Markup

    html: str = (
        environment()
        .get_template("map.html")
        .render(
            html_lang="en" if lang == "en" else "zh-Hans",
            title=model.title[0] if lang == "en" else model.title[1],
            csp=_CSP,
            network_href=network_href or "",
            page_css=Markup(static_text("map.css")),
            page_js=Markup(script_text(static_text("panel.js") + static_text("map.js"))),
            data=Markup(script_json({**map_data(model, lang), "entityBase": entity_base})),
        )
    )
    return html



def write_maps(triples: Sequence[Triple], net: NetworkModel, pages: Path, entity_base: str = "") -> dict[str, str]:
    """Write the programme map (map.html) and each city pairing's map (<id>-map.html) into
    ``pages``; returns the file name of each, by pairing id ("" for the programme map)."""
    written: dict[str, str] = {}
    programme = programme_map(triples, net)
    if programme.arcs:
        write_text(pages / "map.html", map_html(programme, entity_base=entity_base))
        written[""] = "map.html"
    for pairing in net.city_pairings():
        name = f"{pairing}-map.html"
        write_text(pages / name, map_html(pairing_map(triples, pairing, net), network_href=f"{pairing}.html", entity_base=entity_base))
        written[pairing] = name
    return written
