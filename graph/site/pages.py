"""The site's HTML: one page per entity and the front page with the dataset's description.

Plain pages with no script, rendered by Jinja with autoescaping, so every text from the facts
is escaped wherever it goes; a Content-Security-Policy lets them load nothing but their own
pictures (the map's base layer beside them), so a hostile label cannot make one reach out.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from markupsafe import Markup

from graph.rdf.dataset import DESCRIPTION, LICENCE, LICENCE_NAME, LOCAL_ENDPOINT, TITLE, DatasetFacts, version
from graph.rdf.terms import terms
from graph.rdf.vocab import ID
from graph.site.entities import Catalogue, Entity
from graph.site.figures import locator_svg, neighbourhood_svg

# Styles are inline; the only picture is basemap.svg beside the pages ('self' over HTTP,
# file: when opened from the disk).
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' file:; base-uri 'none'; form-action 'none'"
PAGES = "../../pages"  # the network and map pages, from an entity page


@cache
def _static(name: str) -> str:
    return resources.files("graph.site").joinpath("static", name).read_text(encoding="utf-8")


@cache
def _environment() -> Any:
    from jinja2 import Environment, FunctionLoader

    return Environment(loader=FunctionLoader(_static), autoescape=True, keep_trailing_newline=True)


def class_names(cls: str) -> tuple[str, str]:
    text = terms().classes.get(cls)
    return (text.en, text.zh) if text else (cls, cls)


def entity_html(catalogue: Catalogue, entity: Entity) -> str:
    """An entity's page: names, class, statements, sources, what links to it, its neighbourhood
    and, where it has a point, its place on the map."""
    cls_en, cls_zh = class_names(entity.cls)
    pages = []
    for pairing in entity.pairings:
        node = catalogue.net.nodes[pairing]
        pages.append((f"{PAGES}/{pairing}.html", node.label("zh"), node.label("en")))
        pages.append((f"{PAGES}/{pairing}-map.html", "地图", "map"))
    if not pages:
        pages.append((f"{PAGES}/overview.html", "关系网络", "network"))
    network, hidden = neighbourhood_svg(catalogue.net, entity.id)
    point = ""
    if entity.point is not None:
        lat, long = entity.point
        point = f"{abs(lat)}°{'N' if lat >= 0 else 'S'}, {abs(long)}°{'E' if long >= 0 else 'W'}"
    html: str = _environment().get_template("entity.html").render(
        csp=CSP,
        css=Markup(_static("site.css")),
        e=entity,
        iri=ID + entity.id,
        cls_en=cls_en,
        cls_zh=cls_zh,
        pages=pages,
        network=network,
        hidden=hidden,
        locator=locator_svg(entity.point, "../basemap.svg") if entity.point is not None else "",
        point=point,
        licence=LICENCE_NAME,
    )
    return html


def front_html(catalogue: Catalogue, facts: DatasetFacts) -> str:
    """The front page: the dataset's description and every entry by class."""
    by_class: dict[str, list[tuple[str, str]]] = {}
    for entry_id in catalogue.ids():
        en, zh = catalogue.names[ID + entry_id]
        by_class.setdefault(catalogue.classes[ID + entry_id], []).append((entry_id, zh or en or entry_id))
    classes = [(cls, *reversed(class_names(cls)), members) for cls, members in sorted(by_class.items())]
    html: str = _environment().get_template("index.html").render(
        csp=CSP,
        css=Markup(_static("site.css")),
        title_en=TITLE["en"],
        title_zh=TITLE["zh"],
        description_en=DESCRIPTION["en"],
        description_zh=DESCRIPTION["zh"],
        licence=LICENCE,
        licence_name=LICENCE_NAME,
        version=version(),
        facts=facts,
        endpoint=LOCAL_ENDPOINT,
        classes=classes,
    )
    return html
