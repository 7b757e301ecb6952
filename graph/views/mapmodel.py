"""What the maps show, read from the built triples: located places, and pairings as arcs.

The programme map has every city of a city-level pairing as a point and every city-level
pairing as an arc from the developed city to the old-area city. A pairing's map has the two
cities with their county-level units, and arcs for the county-level pairings and institution
pairings under it whose places are known (an institution stands at the place it is located in).
A place without a location is kept aside, to be listed beside the map. Everything is sorted,
so the same triples give the same map.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from graph.rdf.convert import IRI, Triple
from graph.rdf.vocab import DK, ID, RDF_TYPE
from graph.views.network import LOCATION_OF, RDFS_LABEL, WGS_LAT, WGS_LONG, NetworkModel, build_network

MAPPED_CLASSES = ("City", "District")
PROGRAMME_MAP_TITLE = ("The programme's pairings on a map", "对口合作结对城市分布示意图")
_GOVERNMENT_SEAT = DK + "point-government-seat"


@dataclass(frozen=True)
class Place:
    id: str
    cls: str
    zh: str
    en: str
    province: str  # the id of its province ("" for a municipality, which is its own)
    city: str  # the id of its city (itself for a city)
    lat: Decimal | None
    long: Decimal | None
    side: str  # developed, old-area or both


@dataclass(frozen=True)
class Arc:
    id: str  # the pairing's id
    source: str  # the developed side's place
    target: str  # the old-area side's place
    level: str
    zh: str
    en: str
    year: int | None
    old_areas: tuple[str, ...]  # the revolutionary old areas of the old-area city
    developed_province: str  # the developed city's province, or the municipality itself


@dataclass
class MapModel:
    """The places and arcs of one map, with the names of the old areas and provinces they
    refer to, and the network model that gives each its facts and sources."""

    title: tuple[str, str]
    places: dict[str, Place]
    arcs: list[Arc]
    names: dict[str, tuple[str, str]]  # old areas and provinces: id -> (en, zh)
    network: NetworkModel
    focus: tuple[str, ...] = ()  # a pairing map's two cities, whose outlines are drawn
    unlocated: list[str] = field(default_factory=list)


class _Graph:
    """The few relations the maps need, by local id."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self.classes: dict[str, str] = {}
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        self.links: dict[tuple[str, str], list[str]] = defaultdict(list)  # (subject, dk local) -> object ids
        self.literals: dict[tuple[str, str], str] = {}
        self.locations: dict[str, list[str]] = defaultdict(list)  # place -> its Location entries
        for s, p, (kind, value, extra) in triples:
            if not s.startswith(ID):
                continue
            subject = s[len(ID) :]
            if p == RDF_TYPE and value.startswith(DK):
                self.classes[subject] = value[len(DK) :]
            elif p == RDFS_LABEL:
                self.labels[subject][extra] = value
            elif kind == IRI and value.startswith(ID):
                self.links[(subject, p)].append(value[len(ID) :])
                if p == LOCATION_OF:
                    self.locations[value[len(ID) :]].append(subject)
            elif kind == IRI:
                self.links[(subject, p)].append(value)
            else:
                self.literals[(subject, p)] = value

    def one(self, subject: str, local: str) -> str:
        found = self.links.get((subject, DK + local), [])
        return sorted(found)[0] if found else ""

    def many(self, subject: str, local: str) -> list[str]:
        return sorted(self.links.get((subject, DK + local), []))

    def names(self, subject: str) -> tuple[str, str]:
        labels = self.labels.get(subject, {})
        return labels.get("en", ""), labels.get("zh", "")

    def of_class(self, cls: str) -> list[str]:
        return sorted(s for s, c in self.classes.items() if c == cls)

    def location(self, place: str) -> tuple[Decimal, Decimal] | None:
        """A place's point: its seat of government where one is given, else another point."""
        candidates = []
        for local in self.locations.get(place, []):
            lat, long = self.literals.get((local, WGS_LAT)), self.literals.get((local, WGS_LONG))
            if lat is None or long is None:
                continue
            seat = _GOVERNMENT_SEAT in self.links.get((local, DK + "pointKind"), [])
            candidates.append((not seat, local, Decimal(lat), Decimal(long)))
        if not candidates:
            return None
        _, _, lat_value, long_value = min(candidates)
        return lat_value, long_value

    def place_of(self, entity: str) -> str:
        """The mapped place an entity stands at: itself for a city or county, else where it is."""
        if self.classes.get(entity) in MAPPED_CLASSES:
            return entity
        where = self.one(entity, "locatedIn")
        return where if self.classes.get(where) in MAPPED_CLASSES else ""

    def level(self, pairing: str) -> str:
        return self.one(pairing, "level").rpartition("#level-")[2]

    def year(self, pairing: str) -> int | None:
        start = self.literals.get((pairing, DK + "startDate"), "")
        return int(start[:4]) if start[:4].isdigit() else None


def _place(graph: _Graph, place_id: str, side: str) -> Place:
    en, zh = graph.names(place_id)
    cls = graph.classes.get(place_id, "")
    city = place_id if cls == "City" else graph.one(place_id, "partOf")
    province = graph.one(city, "partOf")
    lat, long = graph.location(place_id) or (None, None)
    return Place(place_id, cls, zh, en, province, city, lat, long, side)


def _arcs(graph: _Graph, pairing: str, level: str) -> list[tuple[str, str]]:
    """The (developed place, old-area place) pairs a pairing joins, for those sides that stand
    at a mapped place."""
    developed = [graph.place_of(p) for p in graph.many(pairing, "developedSide")]
    old_area = [graph.place_of(p) for p in graph.many(pairing, "oldAreaSide")]
    return sorted({(d, o) for d in developed for o in old_area if d and o and d != o})


def _arc(graph: _Graph, pairing: str, source: str, target: str, level: str, old_city: str) -> Arc:
    en, zh = graph.names(pairing)
    developed_city = source if graph.classes.get(source) == "City" else graph.one(source, "partOf")
    province = graph.one(developed_city, "partOf") or developed_city
    return Arc(
        f"{pairing}~{source}~{target}",
        source,
        target,
        level,
        zh,
        en,
        graph.year(pairing),
        tuple(graph.many(old_city, "inOldArea")),
        province,
    )


def _model(graph: _Graph, title: tuple[str, str], arcs: list[Arc], extra_places: Iterable[tuple[str, str]], network: NetworkModel, focus: tuple[str, ...] = ()) -> MapModel:
    sides: dict[str, set[str]] = defaultdict(set)
    for arc in arcs:
        sides[arc.source].add("developed")
        sides[arc.target].add("old-area")
    for place_id, side in extra_places:
        sides[place_id].add(side)
    places = {}
    for place_id in sorted(sides):
        side = "both" if len(sides[place_id]) > 1 else next(iter(sides[place_id]))
        places[place_id] = _place(graph, place_id, side)
    named = {a for arc in arcs for a in arc.old_areas} | {arc.developed_province for arc in arcs} | {p.province for p in places.values() if p.province}
    names = {n: graph.names(n) for n in sorted(named)}
    unlocated = [p.id for p in places.values() if p.lat is None]
    return MapModel(title, places, arcs, names, network, focus, unlocated)


def programme_map(triples: Iterable[Triple] | list[Triple], network: NetworkModel | None = None) -> MapModel:
    """Every city-level pairing as an arc between its two cities."""
    triples = list(triples)
    graph = _Graph(triples)
    arcs = []
    for pairing in graph.of_class("Pairing"):
        if graph.level(pairing) != "city":
            continue
        for source, target in _arcs(graph, pairing, "city"):
            arcs.append(_arc(graph, pairing, source, target, "city", target))
    return _model(graph, PROGRAMME_MAP_TITLE, arcs, (), network or build_network(triples))


def pairing_map(triples: Iterable[Triple] | list[Triple], pairing_id: str, network: NetworkModel | None = None) -> MapModel:
    """One city-level pairing: its two cities and their county-level units, with an arc for
    each county-level and institution pairing under it whose places are known."""
    triples = list(triples)
    graph = _Graph(triples)
    if graph.classes.get(pairing_id) != "Pairing":
        raise KeyError(f"{pairing_id!r} is not a pairing of the graph")
    cities = [graph.place_of(p) for p in (*graph.many(pairing_id, "developedSide"), *graph.many(pairing_id, "oldAreaSide"))]
    old_cities = [graph.place_of(p) for p in graph.many(pairing_id, "oldAreaSide")]
    old_city = old_cities[0] if old_cities else ""
    arcs = [_arc(graph, pairing_id, s, t, "city", old_city) for s, t in _arcs(graph, pairing_id, "city")]
    under = {pairing_id}
    changed = True
    while changed:  # pairings within pairings within this one, to any depth
        changed = False
        for pairing in graph.of_class("Pairing"):
            if pairing not in under and graph.one(pairing, "withinPairing") in under:
                under.add(pairing)
                changed = True
    for pairing in sorted(under - {pairing_id}):
        level = graph.level(pairing)
        arcs.extend(_arc(graph, pairing, s, t, level, old_city) for s, t in _arcs(graph, pairing, level))
    developed_cities = {graph.place_of(p) for p in graph.many(pairing_id, "developedSide")}
    extra: list[tuple[str, str]] = []
    for city in sorted(c for c in cities if c):
        side = "developed" if city in developed_cities else "old-area"
        extra.append((city, side))
        extra.extend((d, side) for d in graph.of_class("District") if graph.one(d, "partOf") == city)
    en, zh = graph.names(pairing_id)
    return _model(graph, (en or pairing_id, zh or pairing_id), arcs, extra, network or build_network(triples), tuple(sorted(c for c in cities if c)))
