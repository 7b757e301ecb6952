"""What an entity page says, read from the built triples: names, class, every statement in
readable form, what links to it, its sources, its point and the network and map pages it is on.

Statements are worded as the network pages' side panel words them (graph.views.network), so
that a value reads the same everywhere. Everything is sorted, so the same triples give the same
pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from graph.rdf.convert import IRI, LANG, Triple
from graph.rdf.vocab import DK, ID, RDF_TYPE
from graph.views.network import (
    FIGURE,
    LOCATION_OF,
    RDFS_LABEL,
    WGS_LAT,
    WGS_LONG,
    Fact,
    NetworkModel,
    SourceInfo,
    fact_of,
    figure_text,
    pairing_members,
    relation_label,
    source_info,
)

_SOURCE = DK + "source"
_GOVERNMENT_SEAT = DK + "point-government-seat"
Rows = list[tuple[str, tuple[int, str, str]]]


@dataclass
class Entity:
    id: str
    cls: str
    en: str
    zh: str
    statements: list[Fact] = field(default_factory=list)  # a Fact's ref is the id of the entity its value names
    incoming: list[Fact] = field(default_factory=list)
    sources: list[SourceInfo] = field(default_factory=list)
    point: tuple[Decimal, Decimal] | None = None  # (lat, long)
    pairings: list[str] = field(default_factory=list)  # the city pairings whose pages show it


class Catalogue:
    """Every entity of a build, with what its page needs."""

    def __init__(self, triples: Sequence[Triple], net: NetworkModel) -> None:
        self.by_subject: dict[str, Rows] = defaultdict(list)
        self.classes: dict[str, str] = {}
        for s, p, o in triples:
            if s.startswith(ID):
                self.by_subject[s].append((p, o))
                if p == RDF_TYPE and o[1].startswith(DK):
                    self.classes[s] = o[1][len(DK) :]
        self.names = {s: _names(rows) for s, rows in self.by_subject.items()}
        self.incoming: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for s, rows in self.by_subject.items():
            for p, (kind, value, _) in rows:
                if kind == IRI and value in self.classes and p != RDF_TYPE:
                    self.incoming[value].append((s, p))
        self.points = _points(self.by_subject, self.classes)
        self.pairings: dict[str, list[str]] = defaultdict(list)
        for pairing in net.city_pairings():
            for member in pairing_members(net, pairing):
                self.pairings[member].append(pairing)
        self.net = net

    def ids(self) -> list[str]:
        return sorted(iri[len(ID) :] for iri in self.classes)

    def entity(self, entry_id: str) -> Entity:
        iri = ID + entry_id
        rows = sorted(self.by_subject[iri])
        en, zh = self.names[iri]
        found = Entity(entry_id, self.classes[iri], en, zh)
        if found.cls == "Observation":
            text_en, text_zh = figure_text(dict(rows), self.by_subject, self.names)
            found.statements.append(Fact(FIGURE[0], FIGURE[1], text_en, text_zh))
        for p, (kind, value, extra) in rows:
            if p == RDF_TYPE:
                continue
            if p == _SOURCE:
                found.sources.append(source_info(value, self.by_subject.get(value, [])))
                continue
            found.statements.append(fact_of(p, kind, value, extra, self.names, self.classes))
        for subject, p in sorted(self.incoming[iri], key=lambda item: (item[1], item[0])):
            prop_en, prop_zh = relation_label(p[len(DK) :] if p.startswith(DK) else p)
            other_en, other_zh = self.names[subject]
            ref = subject[len(ID) :]
            found.incoming.append(Fact(prop_en, prop_zh, other_en or other_zh or ref, other_zh or other_en or ref, ref))
        place = iri
        if place not in self.points:
            place = next((v for p, (k, v, x) in rows if p == DK + "locatedIn" and v in self.points), iri)
        found.point = self.points.get(place)
        found.pairings = self.pairings.get(entry_id, [])
        return found


def _names(rows: Rows) -> tuple[str, str]:
    zh = next((v for p, (k, v, x) in rows if p == RDFS_LABEL and k == LANG and x == "zh"), "")
    en = next((v for p, (k, v, x) in rows if p == RDFS_LABEL and k == LANG and x == "en"), "")
    return en, zh


def _points(by_subject: dict[str, Rows], classes: dict[str, str]) -> dict[str, tuple[Decimal, Decimal]]:
    """Each located entity's point (its seat of government where one is given), and each
    Location's own point."""
    candidates: dict[str, list[tuple[bool, str, Decimal, Decimal]]] = defaultdict(list)
    for subject, cls in classes.items():
        if cls != "Location":
            continue
        rows = dict(by_subject[subject])
        if WGS_LAT not in rows or WGS_LONG not in rows:
            continue
        lat, long = Decimal(rows[WGS_LAT][1]), Decimal(rows[WGS_LONG][1])
        candidates[subject].append((False, subject, lat, long))
        place = rows.get(LOCATION_OF, (IRI, "", ""))[1]
        if place:
            seat = any(p == DK + "pointKind" and v == _GOVERNMENT_SEAT for p, (k, v, x) in by_subject[subject])
            candidates[place].append((not seat, subject, lat, long))
    return {subject: (min(found)[2], min(found)[3]) for subject, found in candidates.items()}
