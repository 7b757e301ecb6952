"""How well the facts cover each pair of a programme: one row per city-level pairing.

The row counts what falls under the pairing, directly or through the pairings within it:
documents (in scope of it, or setting it up, other than the documents that set up the whole
programme), agreements, county-level pairings, events, parks and dated figures. Sources are the
ones that state the pairing itself; ``publishers`` counts their distinct original publishers,
which is how independent they are: a pair with fewer than two is marked ``single_source``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from graph.facts.loader import FactSet, Record


@dataclass
class PairCoverage:
    """What the facts hold about one city-level pairing."""

    pairing: str
    name_zh: str
    name_en: str
    developed: list[str]
    old_area: list[str]
    old_areas: list[str]  # the revolutionary old areas its old-area cities are placed in
    programme: str | None
    start: str | None
    sources: int
    publishers: int
    documents: list[str] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)
    county_pairings: int = 0
    events: int = 0
    parks: int = 0
    figures: int = 0

    @property
    def single_source(self) -> bool:
        return self.publishers < 2

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "single_source": self.single_source}

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> PairCoverage:
        """The row that ``as_dict`` gave."""
        return cls(**{name: value for name, value in row.items() if name != "single_source"})


def pairing_of(records: dict[str, Record], entry_id: str) -> str | None:
    """The top-level pairing an entry falls under, through ``pairing`` and ``within`` links."""
    seen: set[str] = set()
    current: str | None = entry_id
    while current is not None and current not in seen:
        seen.add(current)
        record = records.get(current)
        if record is None:
            return None
        if record.type == "Pairing":
            parent = record.values.get("within")
            if parent is None:
                return record.id
            current = parent
        else:
            current = record.values.get("pairing")
    return None


def coverage(facts: FactSet) -> list[PairCoverage]:
    """One row per city-level pairing, in id order."""
    records = facts.records
    programme_documents = {d for p in facts.by_type("Programme") for d in p.values.get("established_by", ())}
    rows: dict[str, PairCoverage] = {}
    for record in sorted(facts.by_type("Pairing"), key=lambda r: r.id):
        if record.values["level"] != "city":
            continue
        values = record.values
        sources = values.get("sources", [])
        publishers = {records[s].values.get("publisher") for s in sources if s in records}
        old_areas = sorted({area for city in values["old_area"] if city in records for area in records[city].values.get("old_areas", ())})
        start = values.get("start")
        rows[record.id] = PairCoverage(
            record.id,
            values["name"].get("zh", ""),
            values["name"].get("en", ""),
            list(values["developed"]),
            list(values["old_area"]),
            old_areas,
            values.get("programme"),
            start.lexical if start is not None else None,
            len(sources),
            len(publishers),
            documents=sorted(d for d in values.get("established_by", ()) if d not in programme_documents and records[d].type == "PolicyDocument"),
            agreements=sorted(d for d in values.get("established_by", ()) if records[d].type == "Agreement"),
        )
    for record in records.values():
        values = record.values
        if record.type == "PolicyDocument":
            if record.id in programme_documents:
                continue
            for scoped in values.get("scope", ()):
                row = rows.get(pairing_of(records, scoped) or "")
                if row is not None and record.id not in row.documents:
                    row.documents.append(record.id)
                    row.documents.sort()
            continue
        if record.type == "Observation":
            row = rows.get(pairing_of(records, values["subject"]) or "")
            if row is not None:
                row.figures += 1
            continue
        if record.type == "Pairing" and values.get("within"):
            row = rows.get(pairing_of(records, record.id) or "")
            if row is not None and values["level"] == "county":
                row.county_pairings += 1
            continue
        if "pairing" not in values:
            continue
        row = rows.get(pairing_of(records, record.id) or "")
        if row is None:
            continue
        if record.type == "Agreement" and record.id not in row.agreements:
            row.agreements.append(record.id)
            row.agreements.sort()
        elif record.type == "Event":
            row.events += 1
        elif record.type == "IndustrialPark":
            row.parks += 1
    return list(rows.values())


def coverage_text(rows: list[PairCoverage]) -> str:
    """The coverage as a fixed-width table; pairs with one independent source are starred."""
    header = f"  {'pairing':<34} {'old area':<26} {'start':<8} {'src':>3} {'pub':>3} {'docs':>4} {'agr':>3} {'cnty':>4} {'evt':>3} {'park':>4} {'fig':>3}"
    lines = [header]
    for row in rows:
        mark = "*" if row.single_source else " "
        area = ", ".join(a.removeprefix("oldarea-") for a in row.old_areas) or "-"
        lines.append(
            f"{mark} {row.pairing:<34} {area:<26} {row.start or '-':<8} {row.sources:>3} {row.publishers:>3} {len(row.documents):>4}"
            f" {len(row.agreements):>3} {row.county_pairings:>4} {row.events:>3} {row.parks:>4} {row.figures:>3}"
        )
    lines.append("  src: sources stating the pairing; pub: their distinct publishers; * fewer than two independent sources")
    return "\n".join(lines)
