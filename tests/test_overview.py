"""The notebook summary of a KnowledgeGraph (_repr_html_): small, escaped and computed from the graph."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from functools import cache
from html import escape
from pathlib import Path

from graph import load
from graph.api import KnowledgeGraph
from graph.facts.loader import Record, read_facts
from graph.rdf.convert import IRI, LANG, TYPED, Triple
from graph.rdf.vocab import DK, ID, PREFIXES, RDF_TYPE
from graph.views.overview import MAX_PAIRINGS

from conftest import FACTS

LABEL = PREFIXES["rdfs"] + "label"


@cache
def kg() -> KnowledgeGraph:
    return load(FACTS)


@cache
def records() -> dict[str, Record]:
    return read_facts(FACTS).records


def text_of(html: str) -> str:
    """The visible text, one space between words."""
    return " ".join("".join(ElementTree.fromstring(html).itertext()).split())


def test_is_well_formed_and_small() -> None:
    html = kg()._repr_html_()
    ElementTree.fromstring(html)  # balanced and escaped, or this raises
    assert len(html) < 4000
    assert "<script" not in html and "<style" not in html


def test_counts_come_from_the_graph() -> None:
    text = text_of(kg()._repr_html_())
    per_class = Counter(r.type for r in records().values())
    for cls, count in per_class.items():
        assert f"{cls} {count:,}" in text, cls
    assert f"{len(kg().triples):,} triples" in text
    assert f"{sum(per_class.values()):,} entities" in text
    assert f"{per_class['Source']:,} sources" in text
    assert f"{per_class['Pairing']} pairings" in text


def test_lists_the_top_level_pairings_with_how_to_query() -> None:
    text = text_of(kg()._repr_html_())
    top = sorted((r for r in records().values() if r.type == "Pairing" and "within" not in r.values), key=lambda r: r.id)
    assert top
    # The first MAX_PAIRINGS by id are listed, the rest counted.
    if len(top) > MAX_PAIRINGS:
        assert f"and {len(top) - MAX_PAIRINGS} more" in text
    for pairing in top[:MAX_PAIRINGS]:
        assert f"id:{pairing.id}" in text
        assert (pairing.values["name"].get("en") or pairing.values["name"]["zh"]) in text
        inside = [r for r in records().values() if r.type == "Pairing" and r.values.get("within") == pairing.id]
        if inside:
            assert f"{pairing.id}, {pairing.values['level']} level, {len(inside)} pairing(s) within" in text
    assert "kg.query(" in text and "kg.entity(" in text and "kg.to_networkx()" in text


def made(triples: list[Triple], folder: Path | None = None) -> KnowledgeGraph:
    return KnowledgeGraph(sorted(triples), facts_dir=folder)


def pairing(n: int, label: str) -> list[Triple]:
    iri = f"{ID}p{n:03d}"
    return [(iri, RDF_TYPE, (IRI, DK + "Pairing", "")), (iri, LABEL, (LANG, label, "en"))]


def test_escapes_labels_kinds_and_folder_names() -> None:
    hostile = '<script>alert("x")</script> & co'
    triples = pairing(1, hostile) + [(f"{ID}s", DK + "sourceKind", (IRI, DK + "source-<u>", ""))]
    html = made(triples, Path("facts<i>"))._repr_html_()
    ElementTree.fromstring(html)
    assert "<script>" not in html and "<u>" not in html and "<i>" not in html
    assert escape(hostile) in html and escape("facts<i>") in html
    assert hostile in text_of(html)


def test_long_pairing_lists_are_cut_short() -> None:
    triples = [t for n in range(3 * MAX_PAIRINGS) for t in pairing(n, f"pairing number {n}")]
    html = made(triples)._repr_html_()
    assert len(re.findall(r"<li>", html)) == MAX_PAIRINGS + 1
    assert f"and {2 * MAX_PAIRINGS} more" in html


def test_a_graph_without_pairings_or_folder_still_shows() -> None:
    triples = [(f"{ID}x", RDF_TYPE, (IRI, DK + "City", "")), (f"{ID}x", DK + "note", (TYPED, "n", ""))]
    text = text_of(made(triples)._repr_html_())
    assert "2 triples, 1 entities" in text and "City 1" in text and "pairings" not in text
