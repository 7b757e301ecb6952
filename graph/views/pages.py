"""Interactive network pages: the network model as self-contained, offline vis-network HTML.

vis-network 9.1.2 comes from pyvis's package (its ``templates/lib`` folder); pyvis's own page
template is not used, because it loads Bootstrap from a CDN in every mode. The page is ours:
one JSON block with all the data (escaped so that nothing in it can end the script), a small
script that draws it with vis-network and renders every text with textContent, and a
Content-Security-Policy that forbids any request to leave the page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from graph.rdf.convert import Triple
from graph.rdf.terms import terms
from graph.views.html import environment, fact_row, script_json, script_text, static_text, write_text
from graph.views.layout import PHYSICS_LIMIT, positions
from graph.views.network import NetworkModel, build_network, field_labels, relation_label

# Above this many nodes a page shows the network aggregated to its pairs (provinces, cities,
# city pairings): a browser still opens 10,000 nodes in seconds, but the page grows by about
# 0.7 MB and the networkx layout by about a second per thousand nodes.
DETAIL_LIMIT = 20_000
VIS_VERSION = "9.1.2"
LIB = "lib"  # folder beside the build's pages holding vis-network
ENTITY_BASE = "../site/id/"  # the site's entity pages, from the build's pages

# Shape and colour of each class: places are hexagons, pairings stars, documents squares,
# events triangles, projects diamonds, organisations dots.
CLASS_STYLES: dict[str, tuple[str, str]] = {
    "Pairing": ("star", "#f2a900"),
    "Programme": ("star", "#b71c1c"),
    "RevolutionaryOldArea": ("hexagon", "#ad1457"),
    "Province": ("hexagon", "#6d4c41"),
    "City": ("hexagon", "#c62828"),
    "District": ("hexagon", "#ef8a80"),
    "Firm": ("dot", "#1565c0"),
    "Organization": ("dot", "#607d8b"),
    "Hospital": ("dot", "#d81b60"),
    "School": ("dot", "#ffb300"),
    "University": ("dot", "#f4511e"),
    "IndustrialPark": ("triangleDown", "#558b2f"),
    "Project": ("diamond", "#2e7d32"),
    "Agreement": ("square", "#8e24aa"),
    "PolicyDocument": ("square", "#4527a0"),
    "Event": ("triangle", "#00897b"),
}
_OTHER_STYLE = ("dot", "#9e9e9e")

# Interface texts: (English, Chinese).
UI: dict[str, tuple[str, str]] = {
    "search": ("Search names or ids", "搜索名称或标识"),
    "field": ("Field", "领域"),
    "year": ("Year", "年份"),
    "size": ("Size", "大小"),
    "all": ("all", "全部"),
    "degree": ("by links", "按连接数"),
    "investment": ("by investment", "按投资额"),
    "switch": ("中文", "English"),
    "nodes": ("nodes", "个节点"),
    "facts": ("Facts", "事实"),
    "fields": ("Cooperation fields", "合作领域"),
    "sources": ("Sources", "来源"),
    "hint": ("Click a node to see its facts and sources.", "点击节点查看其事实与来源。"),
    "overview": ("duikou: the paired-cooperation network", "duikou:对口合作网络"),
    "map": ("Map", "地图"),
    "entity": ("Entity page", "条目页面"),
    "programme": ("The programmes and their pairs", "对口合作工作机制与结对城市"),
    "around": ("Around {}", "{} 的关联网络"),
    "index": ("duikou network pages", "duikou 网络页面"),
    "aggregated": ("{} (provinces, cities and pairings of {} entities)", "{}(共 {} 个实体,仅显示省、市与结对关系)"),
}

# Nothing may leave the page: scripts and styles are inline (or in the lib folder beside the
# build's pages), images are data: URIs from vis-network's stylesheet.
_CSP_INLINE = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"
# 'self' lets duikou serve hand out the same pages (the lib folder then comes over HTTP).
_CSP_LIB = "default-src 'none'; script-src 'unsafe-inline' 'self' file:; style-src 'unsafe-inline' 'self' file:; img-src data:"


@dataclass(frozen=True)
class PageSpec:
    """Which part of the network a page shows."""

    focus: str | None = None
    depth: int = 2
    pairing: str | None = None


def page_html(
    triples: Iterable[Triple] | NetworkModel,
    focus: str | None = None,
    depth: int = 2,
    pairing: str | None = None,
    lang: str = "zh",
    lib: str | None = None,
) -> str:
    """A self-contained interactive page: the whole network, one pairing, or the entities at
    most ``depth`` links from ``focus``. Labels are Chinese unless ``lang`` is "en".

    With ``lib`` (a relative folder), the page loads vis-network from that folder instead of
    inlining it; ``write_pages`` uses this so that a build ships the library once.
    """
    net = triples if isinstance(triples, NetworkModel) else build_network(triples)
    shown, title = _select(net, PageSpec(focus, depth, pairing))
    return render(shown, title, lang=lang, lib=lib)


def _select(net: NetworkModel, spec: PageSpec) -> tuple[NetworkModel, tuple[str, str]]:
    if spec.focus is not None:
        shown = net.ego(spec.focus, spec.depth)
        centre = net.nodes[spec.focus]
        en, zh = UI["around"]
        return shown, (en.format(centre.label("en")), zh.format(centre.label("zh")))
    if spec.pairing is not None:
        shown = net.pairing(spec.pairing)
        pairing = net.nodes[spec.pairing]
        return shown, (pairing.label("en"), pairing.label("zh"))
    return net, UI["overview"]


def render(
    net: NetworkModel, title: tuple[str, str], lang: str = "zh", lib: str | None = None, map_href: str | None = None, entity_base: str = ""
) -> str:
    """The HTML of a page showing every node of ``net``; ``map_href`` links it to its map,
    ``entity_base`` (the site's id/ folder, relative to the page) each node to its entity page."""
    if lang not in ("zh", "en"):
        raise ValueError(f"unknown language {lang!r}: use zh or en")
    if len(net.nodes) > DETAIL_LIMIT:
        en, zh = UI["aggregated"]
        title = (en.format(title[0], len(net.nodes)), zh.format(title[1], len(net.nodes)))
        net = net.pair_level()
    data = page_data(net, title, lang)
    data["entityBase"] = entity_base
    template = environment().get_template("network.html")
    from markupsafe import Markup

    html: str = template.render(
        html_lang="en" if lang == "en" else "zh-Hans",
        title=title[0] if lang == "en" else title[1],
        csp=_CSP_INLINE if lib is None else _CSP_LIB,
        inline=lib is None,
        lib=lib or "",
        map_href=map_href or "",
        vis_css=Markup(_asset_text("vis-network.css")),
        vis_js=Markup(script_text(_asset_text("vis-network.min.js"))),
        page_css=Markup(static_text("network.css")),
        page_js=Markup(script_text(static_text("panel.js") + static_text("network.js"))),
        data=Markup(script_json(data)),
    )
    return html


def page_data(net: NetworkModel, title: tuple[str, str], lang: str) -> dict[str, Any]:
    """Everything the page script needs, sorted so that the same network gives the same page."""
    degrees = net.degrees()
    large = len(net.nodes) > PHYSICS_LIMIT
    placed = positions(list(net.nodes), [(e.source, e.target) for e in net.edges]) if large else {}
    nodes = []
    for node in net.nodes.values():
        item: dict[str, Any] = {
            "id": node.id,
            "cls": node.cls,
            "zh": node.label_zh,
            "en": node.label_en,
            "fields": node.fields,
            "year": node.year,
            "sd": _degree_size(degrees[node.id]),
            "si": _investment_size(node.investment),
        }
        if node.id in placed:
            item["x"], item["y"] = placed[node.id]
        nodes.append(item)
    present = {node.cls for node in net.nodes.values()}
    classes = {
        cls: {"shape": shape, "color": color, "en": terms().classes[cls].en if cls in terms().classes else cls, "zh": terms().classes[cls].zh if cls in terms().classes else cls}
        for cls, (shape, color) in [*CLASS_STYLES.items(), *((c, _OTHER_STYLE) for c in sorted(present - CLASS_STYLES.keys()))]
    }
    relations = sorted({e.relation for e in net.edges})
    all_fields = field_labels()
    fields = sorted({f for node in net.nodes.values() for f in node.fields})
    return {
        "lang": lang,
        "title": list(title),
        "nodes": nodes,
        "edges": [[e.source, e.target, e.relation] for e in net.edges],
        "facts": {node.id: [fact_row(f) for f in node.facts] for node in net.nodes.values()},
        "cited": {node.id: node.sources for node in net.nodes.values() if node.sources},
        "sources": {s.id: [s.title, s.publisher, s.published, s.url] for s in net.sources.values()},
        "classes": classes,
        "relations": {r: list(relation_label(r)) for r in relations},
        "fields": fields,
        "fieldLabels": {f: list(all_fields.get(f, (f, f))) for f in fields},
        "years": sorted({node.year for node in net.nodes.values() if node.year is not None}),
        "ui": {key: list(texts) for key, texts in UI.items()},
        "options": vis_options(large),
    }


def _degree_size(degree: int) -> float:
    return round(min(10 + 4 * math.sqrt(degree), 42), 1)


def _investment_size(yuan: Decimal) -> float:
    # Logarithmic: investments range from thousands to tens of billions of yuan.
    return round(8 + 5 * math.log10(1 + float(yuan) / 1e6), 1) if yuan > 0 else 6.0


def vis_options(large: bool) -> dict[str, Any]:
    """vis-network options. Small networks settle under physics (and the page then freezes
    them); large ones come with positions computed by networkx and no physics at all."""
    options: dict[str, Any] = {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "nodes": {
            "font": {"size": 14, "face": "WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif"},
            "borderWidth": 1,
            "scaling": {"label": {"drawThreshold": 3}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#b5b5b5", "highlight": "#444", "hover": "#777"},
            "font": {"size": 10, "color": "#666", "strokeWidth": 3, "align": "middle"},
            "smooth": False,
            "width": 1,
        },
        "interaction": {"hover": not large, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large, "tooltipDelay": 3600000},
        "physics": {
            "enabled": not large,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -120, "centralGravity": 0.012, "springLength": 110, "springConstant": 0.06, "avoidOverlap": 0.6},
            "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 50, "fit": True},
            "minVelocity": 0.75,
        },
    }
    return options


@cache
def _asset_text(name: str) -> str:
    return (_vis_folder() / name).read_text(encoding="utf-8")


def _vis_folder() -> Path:
    import pyvis

    return Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}"


def write_pages(compiled_or_triples: Any, folder: Path) -> list[Path]:
    """Write the network pages into ``folder/pages``: overview.html, one page per city pairing
    (named by its id) with its map (<id>-map.html), the programme map (map.html), index.html,
    and vis-network once in pages/lib; given the facts (a build's ``Compiled``), also
    programme.html, the table of each programme's pairs. Returns the pages written."""
    triples: Sequence[Triple] = getattr(compiled_or_triples, "triples", compiled_or_triples)
    net = build_network(triples)
    pages = Path(folder) / "pages"
    (pages / LIB).mkdir(parents=True, exist_ok=True)
    for name in ("vis-network.min.js", "vis-network.css"):
        (pages / LIB / name).write_bytes((_vis_folder() / name).read_bytes())
    written: list[tuple[str, tuple[str, str], Path]] = []
    overview = pages / "overview.html"
    write_text(overview, render(net, UI["overview"], lib=LIB, entity_base=ENTITY_BASE))
    written.append(("overview", UI["overview"], overview))
    from graph.views.mapmodel import PROGRAMME_MAP_TITLE
    from graph.views.mappage import write_maps

    maps = write_maps(triples, net, pages, ENTITY_BASE)
    for pairing in net.city_pairings():
        node = net.nodes[pairing]
        path = pages / f"{pairing}.html"
        title = (node.label("en"), node.label("zh"))
        write_text(path, render(net.pairing(pairing), title, lib=LIB, map_href=maps.get(pairing), entity_base=ENTITY_BASE))
        written.append((pairing, title, path))
    if "" in maps:
        written.insert(1, ("map", PROGRAMME_MAP_TITLE, pages / maps[""]))
    facts = getattr(compiled_or_triples, "facts", None)
    if facts is not None and facts.by_type("Programme"):
        from graph.views.programme import programme_html

        path = pages / "programme.html"
        write_text(path, programme_html(facts, {p: f"{p}.html" for p in net.city_pairings()}))
        written.insert(1, ("programme", UI["programme"], path))
    index = pages / "index.html"
    write_text(index, index_html([(title, path.name) for _, title, path in written]))
    return [path for _, _, path in written] + [index]


def index_html(entries: list[tuple[tuple[str, str], str]]) -> str:
    """A plain list of the pages, with both titles."""
    from markupsafe import escape

    items = "\n".join(f'<li><a href="{escape(href)}">{escape(zh)}</a> · {escape(en)}</li>' for (en, zh), href in entries)
    title = f"{UI['index'][1]} · {UI['index'][0]}"
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">\n<title>{escape(title)}</title>\n</head>\n'
        f"<body>\n<h1>{escape(title)}</h1>\n<ul>\n{items}\n</ul>\n</body>\n</html>\n"
    )
