"""The network behind the pages: built triples → nodes and edges with labels, facts and sources.

Entities become nodes; sources, measures and dated figures do not. They are what the side
panel shows about a node: a figure is listed with its subject, and its sources join the
subject's. ``dk:pairedWith`` is left out because the pairing node already joins the two sides.
Everything is sorted, so the same triples always give the same model.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property

from graph.facts import model
from graph.rdf.convert import IRI, LANG, Triple
from graph.rdf.terms import terms
from graph.rdf.vocab import DK, ID, PREFIXES, RDF_TYPE

# Shown in the side panel of the nodes they describe, never as nodes of their own.
PANEL_ONLY_CLASSES = frozenset({"Source", "Measure", "Observation", "Location"})
# Relations that are not drawn: type and sources are in the panel; pairedWith duplicates the
# pairing node; field is a filter, not an entity.
NOT_DRAWN = frozenset({RDF_TYPE, DK + "source", DK + "pairedWith", DK + "field", DK + "inferredProperty"})
# Where a node's year comes from, first found wins.
YEAR_PROPERTIES = tuple(DK + name for name in ("date", "signedOn", "startDate", "openedOn", "periodStart"))

RDFS_LABEL = PREFIXES["rdfs"] + "label"
LOCATION_OF = DK + "locationOf"
WGS_LAT = PREFIXES["wgs"] + "lat"
WGS_LONG = PREFIXES["wgs"] + "long"
LOCATION = ("location", "位置")
_SCHEMA_URL = PREFIXES["schema"] + "url"
_DCTERMS = PREFIXES["dcterms"]
_FIELD_PREFIX = DK + "field-"

# Labels of the properties the ontology borrows from other vocabularies.
_BORROWED: dict[str, tuple[str, str]] = {
    RDFS_LABEL: ("name", "名称"),
    PREFIXES["skos"] + "altLabel": ("other names", "别名"),
    PREFIXES["skos"] + "editorialNote": ("note", "备注"),
    _DCTERMS + "description": ("description", "简介"),
    _SCHEMA_URL: ("website", "网址"),
}
FIGURE = ("figure", "数据")
# The panel lists names and descriptions first and curators' notes and figures last.
_FACT_ORDER = {"name": 0, "other names": 1, "abbreviation": 2, "description": 3, "location": 5, "note": 6, "inference note": 7, "inferred property": 7, FIGURE[0]: 8}
_QUALIFIERS = {"about": ("about ", "约"), "more-than": ("more than ", "超过"), "at-least": ("at least ", "至少")}


@dataclass(frozen=True)
class Fact:
    """One line of a node's side panel: a property and its value in both languages.

    ``ref`` names the entity the value points at (the panel links to it when it is on the
    page); ``url`` is set for web addresses.
    """

    prop_en: str
    prop_zh: str
    en: str
    zh: str
    ref: str = ""
    url: str = ""


@dataclass
class Node:
    id: str
    cls: str
    label_zh: str = ""
    label_en: str = ""
    fields: list[str] = field(default_factory=list)
    year: int | None = None
    facts: list[Fact] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    investment: Decimal = Decimal(0)  # yuan: a project's amount, or an investor's projects' total
    level: str = ""  # a pairing's level: city, county or institution

    def label(self, lang: str) -> str:
        first, second = (self.label_en, self.label_zh) if lang == "en" else (self.label_zh, self.label_en)
        return first or second or self.id


@dataclass(frozen=True, order=True)
class Edge:
    source: str
    target: str
    relation: str  # the property's local name or CURIE, a key of ``relation_label``


@dataclass(frozen=True)
class SourceInfo:
    id: str
    title: str
    publisher: str
    published: str
    url: str


class NetworkModel:
    """Nodes by id (sorted), edges (sorted) and the sources the nodes cite."""

    def __init__(self, nodes: dict[str, Node], edges: list[Edge], sources: dict[str, SourceInfo]) -> None:
        self.nodes = nodes
        self.edges = edges
        self.sources = sources

    @cached_property
    def incident(self) -> dict[str, list[Edge]]:
        """The edges at every node, either way."""
        found: dict[str, list[Edge]] = {node: [] for node in self.nodes}
        for edge in self.edges:
            found[edge.source].append(edge)
            if edge.target != edge.source:
                found[edge.target].append(edge)
        return found

    def adjacency(self) -> dict[str, set[str]]:
        """Neighbours of every node, ignoring direction."""
        return {node: {e.target if e.source == node else e.source for e in edges} for node, edges in self.incident.items()}

    def degrees(self) -> dict[str, int]:
        return {node: len(others) for node, others in self.adjacency().items()}

    def restricted(self, keep: Iterable[str]) -> NetworkModel:
        """The model with only the given nodes and the edges between them."""
        kept = set(keep) & self.nodes.keys()
        nodes = {node_id: self.nodes[node_id] for node_id in sorted(kept)}
        edges = sorted({e for node in kept for e in self.incident[node] if e.source in kept and e.target in kept})
        cited = sorted({s for node in nodes.values() for s in node.sources})
        return NetworkModel(nodes, edges, {s: self.sources[s] for s in cited if s in self.sources})

    def ego(self, focus: str, depth: int = 2) -> NetworkModel:
        """``focus`` and every node at most ``depth`` links away from it."""
        if focus not in self.nodes:
            raise KeyError(f"no entity on the network has id {focus!r}")
        seen = {focus: 0}
        queue = deque([focus])
        while queue:
            current = queue.popleft()
            if seen[current] >= depth:
                continue
            for edge in self.incident[current]:
                other = edge.target if edge.source == current else edge.source
                if other not in seen:
                    seen[other] = seen[current] + 1
                    queue.append(other)
        return self.restricted(seen)

    def city_pairings(self) -> list[str]:
        """Ids of the city-level pairings, the ones that get a page each."""
        return sorted(node.id for node in self.nodes.values() if node.cls == "Pairing" and node.level == "city")

    def pairing(self, pairing_id: str) -> NetworkModel:
        """The part of the network that belongs to one pairing (see ``pairing_members``)."""
        return self.restricted(pairing_members(self, pairing_id))

    def pair_level(self) -> NetworkModel:
        """Provinces, cities and city pairings only: the network aggregated to its pairs."""
        return self.restricted(
            n.id for n in self.nodes.values() if n.cls in ("Province", "City") or (n.cls == "Pairing" and n.level == "city")
        )

    def linked(self, node: str, relation: str, incoming: bool) -> list[str]:
        """The nodes that ``node`` points at through ``relation``, or that point at it."""
        if incoming:
            return [e.source for e in self.incident[node] if e.target == node and e.relation == relation]
        return [e.target for e in self.incident[node] if e.source == node and e.relation == relation]


def pairing_members(net: NetworkModel, pairing_id: str) -> set[str]:
    """A pairing's page: the pairing and the pairings within it, both sides, their districts,
    what is located on the old-area side, what falls under the pairing (projects, parks,
    agreements, events, documents in scope), and everything linked to those.

    Developed-side entities come in only through a link: a developed city pairs with several
    old-area cities, and its institutions that work with another one belong on that page.
    """
    node = net.nodes.get(pairing_id)
    if node is None or node.cls != "Pairing":
        raise KeyError(f"no pairing has id {pairing_id!r}")

    def closure(start: Iterable[str], relation: str) -> set[str]:
        """Everything that reaches ``start`` through ``relation`` repeatedly (sub-pairings, places within)."""
        found, queue = set(start), deque(start)
        while queue:
            for other in net.linked(queue.popleft(), relation, incoming=True):
                if other not in found:
                    found.add(other)
                    queue.append(other)
        return found

    pairings = closure({pairing_id}, "withinPairing")
    sides = {side for p in pairings for relation in ("developedSide", "oldAreaSide") for side in net.linked(p, relation, incoming=False)}
    old_area_places = closure(closure(net.linked(pairing_id, "oldAreaSide", incoming=False), "partOf"), "locatedIn")
    side_districts = {d for side in sides for d in net.linked(side, "partOf", incoming=True) if net.nodes[d].cls == "District"}
    belonging = {n for p in pairings for relation in ("withinPairing", "scope") for n in net.linked(p, relation, incoming=True)}
    belonging |= {d for p in pairings for d in net.linked(p, "establishedBy", incoming=False)}
    core = pairings | sides | old_area_places | side_districts | belonging
    linked = set(core)
    for member in core:
        if net.nodes[member].cls not in model.PLACE_TYPES:
            linked.update(e.target if e.source == member else e.source for e in net.incident[member])
    # Another pairing's old-area city comes in only as a side of this one: a regional plan in
    # the scope of two pairings names both cities, and each belongs on its own page.
    foreign = {side for other in net.city_pairings() if other not in pairings for side in net.linked(other, "oldAreaSide", incoming=False)}
    return linked - (foreign - core)


def _local(iri: str) -> str:
    return iri[len(DK) :] if iri.startswith(DK) else iri


def relation_label(relation: str) -> tuple[str, str]:
    """English and Chinese label of a relation (a dk: local name or a full IRI)."""
    text = terms().properties.get(relation)
    if text is not None:
        return text.en, text.zh
    if relation in _BORROWED:
        return _BORROWED[relation]
    return relation, relation


def _concept_label(local: str) -> tuple[str, str]:
    if local.startswith("field-"):
        for concept in model.COOPERATION_FIELDS:
            if concept.id == local[len("field-") :]:
                return concept.en, concept.zh
    text = terms().concepts.get(local) or terms().classes.get(local) or terms().properties.get(local)
    return (text.en, text.zh) if text else (local, local)


def field_labels() -> dict[str, tuple[str, str]]:
    """English and Chinese label of every cooperation field, by id."""
    return {f.id: (f.en, f.zh) for f in model.COOPERATION_FIELDS}


def format_yuan(amount: Decimal) -> tuple[str, str]:
    """A sum of money the way each language writes it: ('3 billion yuan', '30亿元')."""
    zh = _scaled(amount, ((Decimal(10) ** 8, "亿元"), (Decimal(10) ** 4, "万元")), "元")
    en = _scaled(amount, ((Decimal(10) ** 9, " billion yuan"), (Decimal(10) ** 6, " million yuan")), " yuan")
    return en, zh


def _scaled(amount: Decimal, units: tuple[tuple[Decimal, str], ...], plain: str) -> str:
    for size, unit in units:
        if abs(amount) >= size:
            return _plain_number(amount / size) + unit
    return _plain_number(amount) + plain


def _plain_number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def build_network(triples: Iterable[Triple]) -> NetworkModel:
    """The network model of a list of triples, as ``compile_facts`` or ``load`` give them."""
    by_subject: dict[str, list[tuple[str, tuple[int, str, str]]]] = defaultdict(list)
    classes: dict[str, str] = {}
    for s, p, o in triples:
        if not s.startswith(ID):
            continue
        by_subject[s].append((p, o))
        if p == RDF_TYPE and o[1].startswith(DK):
            classes[s] = o[1][len(DK) :]
    names: dict[str, tuple[str, str]] = {}
    for subject, rows in by_subject.items():
        zh = next((v for p, (k, v, x) in rows if p == RDFS_LABEL and k == LANG and x == "zh"), "")
        en = next((v for p, (k, v, x) in rows if p == RDFS_LABEL and k == LANG and x == "en"), "")
        names[subject] = (en, zh)

    nodes: dict[str, Node] = {}
    for subject in sorted(classes):
        if classes[subject] in PANEL_ONLY_CLASSES:
            continue
        en, zh = names[subject]
        nodes[subject[len(ID) :]] = Node(subject[len(ID) :], classes[subject], label_zh=zh, label_en=en)

    edges: set[Edge] = set()
    for subject in sorted(classes):
        node = nodes.get(subject[len(ID) :])
        if node is None:
            continue
        for p, (kind, value, extra) in sorted(by_subject[subject]):
            if p == DK + "source":
                node.sources.append(value[len(ID) :])
            elif p == DK + "field" and value.startswith(_FIELD_PREFIX):
                node.fields.append(value[len(_FIELD_PREFIX) :])
            elif p == DK + "level" and value.startswith(DK + "level-"):
                node.level = value[len(DK + "level-") :]
            if p in YEAR_PROPERTIES and node.year is None and value[:4].isdigit():
                node.year = int(value[:4])
            if kind == IRI and value.startswith(ID) and value[len(ID) :] in nodes and p not in NOT_DRAWN:
                edges.add(Edge(node.id, value[len(ID) :], _local(p)))
            if p not in (RDF_TYPE, DK + "source"):
                node.facts.append(fact_of(p, kind, value, extra, names, classes))
    _add_figures(by_subject, classes, names, nodes)
    _add_locations(by_subject, classes, nodes)
    _add_investment(nodes, by_subject, classes)
    for node in nodes.values():
        node.facts.sort(key=lambda fact: _FACT_ORDER.get(fact.prop_en, 4))
        node.sources = sorted(set(node.sources))
        node.fields = sorted(set(node.fields))
    sources = {
        subject[len(ID) :]: source_info(subject, by_subject[subject])
        for subject in sorted(classes)
        if classes[subject] == "Source"
    }
    cited = {s for node in nodes.values() for s in node.sources}
    return NetworkModel(nodes, sorted(edges), {s: info for s, info in sources.items() if s in cited})


def fact_of(p: str, kind: int, value: str, extra: str, names: dict[str, tuple[str, str]], classes: dict[str, str]) -> Fact:
    """One statement in readable form: entities by name (with ``ref``), concepts by label, money in yuan."""
    prop_en, prop_zh = relation_label(_local(p))
    if p == DK + "inferredProperty":
        en, zh = relation_label(_local(value))
        return Fact(prop_en, prop_zh, en, zh)
    if kind == IRI:
        if value.startswith(ID):
            en, zh = names.get(value, ("", ""))
            ref = value[len(ID) :]
            return Fact(prop_en, prop_zh, en or zh or ref, zh or en or ref, ref=ref if value in classes else "")
        if value.startswith(DK):
            en, zh = _concept_label(value[len(DK) :])
            return Fact(prop_en, prop_zh, en, zh)
        return Fact(prop_en, prop_zh, value, value, url=value)
    if p == DK + "amount":
        en, zh = format_yuan(_decimal(value))
        return Fact(prop_en, prop_zh, en, zh)
    return Fact(prop_en, prop_zh, value, value)


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        return Decimal(0)


def _add_figures(
    by_subject: dict[str, list[tuple[str, tuple[int, str, str]]]],
    classes: dict[str, str],
    names: dict[str, tuple[str, str]],
    nodes: dict[str, Node],
) -> None:
    """List each dated figure with its subject, and let the subject cite the figure's sources."""
    for subject in sorted(classes):
        if classes[subject] != "Observation":
            continue
        rows = {p: o for p, o in by_subject[subject]}
        about = rows.get(DK + "subject", (IRI, "", ""))[1][len(ID) :]
        if about not in nodes or DK + "value" not in rows:
            continue
        en, zh = figure_text(rows, by_subject, names)
        nodes[about].facts.append(Fact(FIGURE[0], FIGURE[1], en, zh))
        nodes[about].sources.extend(v[len(ID) :] for p, (k, v, x) in by_subject[subject] if p == DK + "source")


def figure_text(rows: dict[str, tuple[int, str, str]], by_subject: dict[str, list[tuple[str, tuple[int, str, str]]]], names: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """A dated figure (an observation's predicates and objects) as each language writes it:
    its measure, qualifier, value with its unit, and date."""
    measure = rows.get(DK + "measure", (IRI, "", ""))[1]
    measure_rows = by_subject.get(measure, [])
    kind = next((v[len(DK + "measurekind-") :] for p, (k, v, x) in measure_rows if p == DK + "measureKind"), "")
    unit = {x: v for p, (k, v, x) in measure_rows if p == DK + "unitLabel" and k == LANG}
    amount = _decimal(rows.get(DK + "value", (0, "0", ""))[1])
    if kind == "money":
        en_value, zh_value = format_yuan(amount)
    elif kind == "ratio":
        en_value = zh_value = _plain_number(amount * 100) + "%"
    else:
        en_value = f"{_plain_number(amount)} {unit.get('en', '')}".rstrip()
        zh_value = _plain_number(amount) + unit.get("zh", "")
    qualifier = rows.get(DK + "qualifier", (IRI, "", ""))[1][len(DK + "qualifier-") :]
    before_en, before_zh = _QUALIFIERS.get(qualifier, ("", ""))
    as_of = rows.get(DK + "asOf", (0, "", ""))[1]
    measure_en, measure_zh = names.get(measure, ("", ""))
    return f"{measure_en or measure_zh}: {before_en}{en_value} ({as_of})", f"{measure_zh or measure_en}:{before_zh}{zh_value}({as_of})"


def _add_locations(by_subject: dict[str, list[tuple[str, tuple[int, str, str]]]], classes: dict[str, str], nodes: dict[str, Node]) -> None:
    """List each location with its place, and let the place cite the location's sources."""
    for subject in sorted(classes):
        if classes[subject] != "Location":
            continue
        rows = {p: o for p, o in by_subject[subject]}
        place = rows.get(LOCATION_OF, (IRI, "", ""))[1][len(ID) :]
        if place not in nodes or WGS_LAT not in rows or WGS_LONG not in rows:
            continue
        lat, long = _decimal(rows[WGS_LAT][1]), _decimal(rows[WGS_LONG][1])
        kind = rows.get(DK + "pointKind", (IRI, "", ""))[1][len(DK) :]
        kind_en, kind_zh = _concept_label(kind)
        where = f"{abs(lat)}°{'N' if lat >= 0 else 'S'}, {abs(long)}°{'E' if long >= 0 else 'W'}"
        nodes[place].facts.append(Fact(LOCATION[0], LOCATION[1], f"{where} ({kind_en})", f"{where}({kind_zh})"))
        nodes[place].sources.extend(v[len(ID) :] for p, (k, v, x) in by_subject[subject] if p == DK + "source")


def _add_investment(nodes: dict[str, Node], by_subject: dict[str, list[tuple[str, tuple[int, str, str]]]], classes: dict[str, str]) -> None:
    """A project's investment is its amount; an investor's, the total of the projects it invests in."""
    for node in nodes.values():
        if node.cls != "Project":
            continue
        rows = by_subject[ID + node.id]
        amount = sum((_decimal(v) for p, (k, v, x) in rows if p == DK + "amount"), Decimal(0))
        node.investment = amount
        for p, (_, value, _) in rows:
            investor = value[len(ID) :]
            if p == DK + "investor" and investor in nodes:
                nodes[investor].investment += amount


def source_info(subject: str, rows: list[tuple[str, tuple[int, str, str]]]) -> SourceInfo:
    """A source's title, publisher, date and address, from its triples."""
    values = {p: v for p, (k, v, x) in sorted(rows)}
    return SourceInfo(
        id=subject[len(ID) :],
        title=values.get(_DCTERMS + "title", ""),
        publisher=values.get(_DCTERMS + "publisher", ""),
        published=values.get(_DCTERMS + "issued", ""),
        url=values.get(_SCHEMA_URL, ""),
    )
