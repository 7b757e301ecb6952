"""``build/site/``: the static site that ``duikou build`` writes, plain files for any static host.

``index.html`` (the dataset's description and every entry), ``id/<id>.html`` for every entity
with the same entity's triples beside it as ``<id>.ttl``, ``<id>.nt`` and ``<id>.jsonld``
(what ``duikou serve`` answers for ``/id/<id>`` by the Accept header), ``void.ttl``,
``basemap.svg`` (the entity pages' map) and the ontology's documentation with its files.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

from graph.rdf.convert import Triple
from graph.rdf.dataset import dataset_facts, description_turtle
from graph.rdf.serialize import jsonld_text, ntriples_lines, turtle_chunks
from graph.rdf.vocab import ID
from graph.site.entities import Catalogue
from graph.site.figures import basemap_svg
from graph.site.ontology import ontology_files
from graph.site.pages import entity_html, front_html
from graph.views.html import write_text
from graph.views.network import build_network

SITE = "site"
ENTITIES = "id"
# The representations of an entity beside its page, by file suffix.
RDF_SUFFIXES = ("ttl", "nt", "jsonld")


def entity_files(triples: Sequence[Triple]) -> dict[str, dict[str, str]]:
    """Each entity's own triples as Turtle, N-Triples and JSON-LD text, by id and suffix."""
    found = {}
    for subject, group in groupby(triples, key=lambda t: t[0]):
        if not subject.startswith(ID):
            continue
        rows = list(group)
        found[subject[len(ID) :]] = {"ttl": "".join(turtle_chunks(rows)), "nt": "".join(ntriples_lines(rows)), "jsonld": jsonld_text(rows)}
    return found


def write_site(compiled_or_triples: Any, folder: Path) -> Path:
    """Write the static site into ``folder/site`` and return its front page."""
    triples: Sequence[Triple] = getattr(compiled_or_triples, "triples", compiled_or_triples)
    site = Path(folder) / SITE
    (site / ENTITIES).mkdir(parents=True, exist_ok=True)
    catalogue = Catalogue(triples, build_network(triples))
    for entry_id, texts in entity_files(triples).items():
        if ID + entry_id not in catalogue.classes:
            continue
        for suffix in RDF_SUFFIXES:
            write_text(site / ENTITIES / f"{entry_id}.{suffix}", texts[suffix])
        write_text(site / ENTITIES / f"{entry_id}.html", entity_html(catalogue, catalogue.entity(entry_id)))
    for name, data in ontology_files(Path(folder) / "ontology.ttl").items():
        (site / name).write_bytes(data)
    write_text(site / "basemap.svg", basemap_svg())
    (site / "void.ttl").write_bytes(description_turtle(triples))
    front = site / "index.html"
    write_text(front, front_html(catalogue, dataset_facts(triples)))
    return front
