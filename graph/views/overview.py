"""The small HTML summary a notebook shows for a KnowledgeGraph (its ``_repr_html_``).

Everything is counted from the plain triples, so showing ``kg`` costs no SPARQL, and every
piece of text from the graph is HTML-escaped.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import TYPE_CHECKING

from graph.facts import model
from graph.rdf.convert import IRI, LANG, Triple
from graph.rdf.vocab import DK, ID, PREFIXES, RDF_TYPE

if TYPE_CHECKING:
    from pathlib import Path

# Rows of the class table; a class in none of them is shown under "other".
CLASS_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("places", (*model.PLACE_TYPES, "RevolutionaryOldArea")),
    ("institutions", model.ORG_TYPES),
    ("cooperation", ("Programme", "Pairing", "IndustrialPark", "Project", "Agreement", "PolicyDocument", "Event")),
    ("figures", ("Observation", "Measure")),
    ("provenance", ("Source",)),
)
MAX_PAIRINGS = 8
_LABEL = PREFIXES["rdfs"] + "label"
_WITHIN = DK + "withinPairing"
_LEVEL = DK + "level"
_SOURCE_KIND = DK + "sourceKind"


def overview_html(triples: list[Triple], facts_dir: Path | None) -> str:
    """A few lines of HTML about a graph: size, entities per class, top-level pairings, sources, how to query."""
    classes: dict[str, str] = {}
    labels: dict[tuple[str, str], str] = {}
    within: dict[str, str] = {}
    levels: dict[str, str] = {}
    source_kinds: Counter[str] = Counter()
    for s, p, (kind, value, extra) in triples:
        if p == RDF_TYPE and value.startswith(DK):
            classes[s] = value[len(DK) :]
        elif p == _LABEL and kind == LANG:
            labels.setdefault((s, extra), value)
        elif p == _WITHIN and kind == IRI:
            within[s] = value
        elif p == _LEVEL and kind == IRI:
            levels[s] = value.rpartition("-")[2]
        elif p == _SOURCE_KIND and kind == IRI:
            source_kinds[value.rpartition("-")[2]] += 1
    per_class = Counter(classes.values())

    def name(iri: str) -> str:
        return labels.get((iri, "en")) or labels.get((iri, "zh")) or short(iri)

    origin = f" from <code>{escape(str(facts_dir))}</code>" if facts_dir is not None else ""
    parts = [
        '<div class="duikou-kg">',
        f"<p><b>duikou knowledge graph</b>{origin}: {len(triples):,} triples, {len(classes):,} entities, "
        f"{per_class.get('Source', 0):,} sources{_kinds(source_kinds)}.</p>",
        _class_table(per_class),
    ]
    pairings = sorted(iri for iri, cls in classes.items() if cls == "Pairing")
    top = [iri for iri in pairings if iri not in within]
    if pairings:
        inner = Counter(_top_of(iri, within) for iri in pairings if iri in within)
        items = [
            f"<li>{escape(name(iri))} <code>{escape(short(iri))}</code>"
            f"{escape(', ' + levels[iri] + ' level') if iri in levels else ''}"
            f"{f', {inner[iri]} pairing(s) within' if inner[iri] else ''}</li>"
            for iri in top[:MAX_PAIRINGS]
        ]
        if len(top) > MAX_PAIRINGS:
            items.append(f"<li>… and {len(top) - MAX_PAIRINGS} more</li>")
        parts.append(f"<p>{len(pairings)} pairings, {len(top)} at the top level:</p><ul>{''.join(items)}</ul>")
    example = short(top[0]) if top else "<id>"
    parts.append(
        "<p>Try <code>kg.query(&quot;SELECT ?city ?name WHERE { ?city a dk:City ; rdfs:label ?name }&quot;)</code> "
        f"(a DataFrame; prefixes such as <code>dk:</code> and <code>id:</code> are declared), "
        f"<code>kg.entity(&quot;{escape(example)}&quot;)</code>, <code>kg.to_networkx()</code>; "
        "example queries: <code>graph.sparql.querylib.example_queries()</code>.</p>"
    )
    parts.append("</div>")
    return "\n".join(parts)


def short(iri: str) -> str:
    return "id:" + iri[len(ID) :] if iri.startswith(ID) else iri


def _top_of(pairing: str, within: dict[str, str]) -> str:
    seen = {pairing}
    while pairing in within and within[pairing] not in seen:
        pairing = within[pairing]
        seen.add(pairing)
    return pairing


def _kinds(source_kinds: Counter[str]) -> str:
    if not source_kinds:
        return ""
    return " (" + ", ".join(f"{count} {escape(kind)}" for kind, count in sorted(source_kinds.items())) + ")"


def _class_table(per_class: Counter[str]) -> str:
    grouped = {cls for _, members in CLASS_GROUPS for cls in members}
    groups = [*CLASS_GROUPS, ("other", tuple(sorted(c for c in per_class if c not in grouped)))]
    rows = []
    for title, members in groups:
        cells = ", ".join(f"{escape(cls)} {per_class[cls]:,}" for cls in members if per_class.get(cls))
        if cells:
            rows.append(f"<tr><th style=\"text-align:left\">{escape(title)}</th><td style=\"text-align:left\">{cells}</td></tr>")
    return f"<table>{''.join(rows)}</table>"
