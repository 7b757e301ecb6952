"""The two small pictures of an entity page, as plain SVG written at build time: its
neighbourhood on the network and its point on the map of China.

No script: the neighbourhood is the entity in the middle and its neighbours (graph.views.network's
ego network at depth 1) on a circle around it, coloured as on the network pages, each a link to
its page; the map is the base layer of the map pages (graph.views.basemap), written once as
``basemap.svg`` beside the pages, with the point drawn over it. Text goes in as escaped text.
"""

from __future__ import annotations

import math
from decimal import Decimal

from markupsafe import Markup, escape

from graph.views.basemap import WIDTH, boundary_lines, frame, inset_source_box, inset_transform, provinces
from graph.views.network import NetworkModel, relation_label
from graph.views.pages import CLASS_STYLES

NEIGHBOURS_SHOWN = 18  # more would not be readable on a circle; the page lists them all
_WIDTH, _HEIGHT = 720, 440
_RADIUS = 160
_OTHER_COLOUR = "#9e9e9e"
_FIRST = frozenset({"Pairing", "Programme", "RevolutionaryOldArea", "Province", "City"})


def neighbourhood_svg(net: NetworkModel, entry_id: str, lang: str = "zh") -> tuple[Markup, int]:
    """The SVG of an entity's neighbours, and how many neighbours were left out of it."""
    if entry_id not in net.nodes:
        return Markup(""), 0
    links: dict[str, str] = {}
    for edge in net.incident[entry_id]:
        other = edge.target if edge.source == entry_id else edge.source
        if other != entry_id:
            links.setdefault(other, edge.relation)
    # Pairings and places first: they are what the entity belongs to; then by relation.
    ordered = sorted(links, key=lambda other: (net.nodes[other].cls not in _FIRST, links[other], other))
    shown, hidden = ordered[:NEIGHBOURS_SHOWN], len(ordered) - NEIGHBOURS_SHOWN
    cx, cy = _WIDTH / 2, _HEIGHT / 2
    parts = [f'<svg class="neighbourhood" viewBox="0 0 {_WIDTH} {_HEIGHT}" xmlns="http://www.w3.org/2000/svg" role="img">']
    placed = []
    for index, other in enumerate(shown):
        angle = 2 * math.pi * index / max(len(shown), 1) - math.pi / 2
        x, y = round(cx + _RADIUS * math.cos(angle), 1), round(cy + _RADIUS * math.sin(angle), 1)
        placed.append((other, x, y, math.cos(angle)))
        relation = relation_label(links[other])
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x}" y2="{y}"><title>{escape(relation[0 if lang == "en" else 1])}</title></line>')
    for other, x, y, direction in placed:
        parts.append(_node(net, other, x, y, lang, f"{other}.html", direction))
    parts.append(_node(net, entry_id, cx, cy, lang, "", 0.0))
    parts.append("</svg>")
    return Markup("".join(parts)), max(hidden, 0)


def _node(net: NetworkModel, node_id: str, x: float, y: float, lang: str, href: str, direction: float) -> str:
    """A node and its label, which goes outwards: right of the nodes on the right, left on the left."""
    node = net.nodes[node_id]
    colour = CLASS_STYLES.get(node.cls, ("", _OTHER_COLOUR))[1]
    label = node.label(lang)
    short = label if len(label) <= 14 else label[:13] + "…"
    radius = 11 if href else 18
    if direction > 0.25:
        anchor, tx, ty = "start", x + radius + 4, y + 4
    elif direction < -0.25:
        anchor, tx, ty = "end", x - radius - 4, y + 4
    else:
        anchor, tx, ty = "middle", x, y + radius + 13
    body = (
        f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{colour}"><title>{escape(label)}</title></circle>'
        f'<text x="{round(tx, 1)}" y="{round(ty, 1)}" text-anchor="{anchor}">{escape(short)}</text>'
    )
    return f'<a href="{escape(href)}" class="node">{body}</a>' if href else f'<g class="node focus">{body}</g>'


def locator_svg(point: tuple[Decimal, Decimal], basemap: str) -> Markup:
    """The map of China (``basemap``: the relative address of basemap.svg) with one point."""
    f = frame()
    x, y = f.to_svg(float(point[1]), float(point[0]))
    return Markup(
        f'<svg class="locator" viewBox="0 0 {WIDTH:g} {f.height:g}" xmlns="http://www.w3.org/2000/svg" role="img">'
        f'<image href="{escape(basemap)}" x="0" y="0" width="{WIDTH:g}" height="{f.height:g}"/>'
        f'<circle cx="{x}" cy="{y}" r="9" class="point"/></svg>'
    )


def basemap_svg() -> str:
    """China's provinces, the nine-dash line and the South China Sea inset, as one SVG file."""
    f = frame()
    x, y, width, height, _ = inset_transform()
    source = " ".join(f"{v:g}" for v in inset_source_box())
    shapes = "".join(f'<path d="{p.path}"/>' for p in provinces())
    lines = "".join(f'<path d="{d}" class="line"/>' for d in boundary_lines().values())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 {WIDTH:g} {f.height:g}">\n'
        "<style>path{fill:#eef0f2;stroke:#9aa3ad;stroke-width:0.6}path.line{fill:none;stroke:#6b7785;stroke-width:1}"
        "rect{fill:#fff;stroke:#9aa3ad}</style>\n"
        f'<g id="shapes">{shapes}{lines}</g>\n'
        f'<rect x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}"/>'
        f'<svg x="{x:g}" y="{y:g}" width="{width:g}" height="{height:g}" viewBox="{source}"><use href="#shapes" xlink:href="#shapes"/></svg>\n'
        "</svg>\n"
    )
