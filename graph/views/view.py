"""One page on demand: ``duikou view`` and ``duikou map``, ``KnowledgeGraph.view()`` and
``KnowledgeGraph.map()`` in notebooks."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from graph.build.atomic import write_file_atomically
from graph.rdf.convert import Triple
from graph.views.mapmodel import pairing_map, programme_map
from graph.views.mappage import map_html
from graph.views.pages import page_html


@dataclass(frozen=True)
class NetworkView:
    """A self-contained network page. In a notebook it shows itself in a sandboxed iframe,
    so that its scripts run apart from the notebook's and it works offline."""

    html: str
    height: int = 640
    title: str = "duikou network"

    def _repr_html_(self) -> str:
        # srcdoc keeps the page in the notebook file; sandbox without allow-same-origin gives it
        # an opaque origin, so nothing in it can reach the notebook.
        return (
            f'<iframe sandbox="allow-scripts" srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width: 100%; height: {int(self.height)}px; border: 1px solid #ddd;" title="{html.escape(self.title, quote=True)}" loading="eager"></iframe>'
        )

    def save(self, path: str | Path) -> Path:
        """Write the page to a file (UTF-8) and return its path."""
        target = Path(path)
        write_file_atomically(target, self.html.encode("utf-8"))
        return target


def network_view(
    triples: list[Triple], focus: str | None = None, depth: int = 2, pairing: str | None = None, lang: str = "zh", height: int = 640
) -> NetworkView:
    """The page for ``KnowledgeGraph.view``: the whole network, one pairing, or an ego network."""
    return NetworkView(page_html(triples, focus=focus, depth=depth, pairing=pairing, lang=lang), height)


def view(
    focus: str | None = None,
    facts_dir: Path = Path("facts"),
    depth: int = 2,
    pairing: str | None = None,
    lang: str = "zh",
    out: Path | None = None,
) -> Path:
    """Write one interactive network page and return its path.

    With an entity id, the page shows that entity and everything at most --depth links away
    (default 2); with --pairing, one pairing's network; with neither, the whole network.
    Labels are Chinese unless --lang en (the page has a switch too). The page is a single
    offline HTML file (default: build/views/<id>.html); duikou view opens it in a browser
    when one is available and always prints its path.
    """
    from graph.build.pipeline import compile_facts

    triples = compile_facts(Path(facts_dir)).triples
    text = page_html(triples, focus=focus, depth=depth, pairing=pairing, lang=lang)
    target = out or Path("build") / "views" / f"{focus or pairing or 'overview'}.html"
    write_file_atomically(target, text.encode("utf-8"))
    return target


def map_view(triples: list[Triple], pairing: str | None = None, lang: str = "zh", height: int = 640) -> NetworkView:
    """The page for ``KnowledgeGraph.map``: the programme map, or one pairing's map."""
    model = pairing_map(triples, pairing) if pairing else programme_map(triples)
    return NetworkView(map_html(model, lang=lang), height, "duikou map")


def map_page(facts_dir: Path = Path("facts"), pairing: str | None = None, lang: str = "zh", out: Path | None = None) -> Path:
    """Write one map page and return its path.

    Without --pairing, the map of the programme: every city-level pairing as an arc from the
    developed city to the old-area city, over China's provinces. With --pairing ID, that
    pairing's two cities with their county-level units, and arcs for the county-level and
    institution pairings under it. Places without a location are listed beside the map. The
    page is a single offline HTML file (default: build/views/map.html or <ID>-map.html);
    duikou map opens it in a browser when one is available and always prints its path.
    """
    from graph.build.pipeline import compile_facts

    triples = compile_facts(Path(facts_dir)).triples
    model = pairing_map(triples, pairing) if pairing else programme_map(triples)
    target = out or Path("build") / "views" / (f"{pairing}-map.html" if pairing else "map.html")
    write_file_atomically(target, map_html(model, lang=lang).encode("utf-8"))
    return target
