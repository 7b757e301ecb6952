"""The curation report behind ``duikou stats``: what the facts hold, per class, source and pairing,
and how well each pair of the programme is covered."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from graph.facts.coverage import PairCoverage, coverage, coverage_text, pairing_of
from graph.facts.loader import read_valid_facts


def stats(facts_dir: Path = Path("facts")) -> dict[str, Any]:
    """Count entities per class and per source, dated figures per pairing, and each city
    pairing's coverage.

    Figures are counted against the pairing they are about, directly or through the pairing
    their subject belongs to; figures about anything else are listed under "(other)". The
    coverage table has one row per city-level pairing: its old area, start, the sources that
    state it and their distinct publishers (pairs with fewer than two are marked), and how many
    documents, agreements, county pairings, events, parks and figures fall under it.
    """
    facts = read_valid_facts(Path(facts_dir))
    records = facts.records
    per_class = Counter(r.type for r in records.values())
    per_source: dict[str, Counter[str]] = defaultdict(Counter)
    for record in records.values():
        for source in record.values.get("sources", ()):
            per_source[source][record.type] += 1

    figures: dict[str, Counter[str]] = defaultdict(Counter)
    for record in facts.by_type("Observation"):
        figures[pairing_of(records, record.values["subject"]) or "(other)"][record.values["measure"]] += 1
    return {
        "entities_by_class": dict(sorted(per_class.items())),
        "entities_by_source": {s: dict(sorted(c.items())) for s, c in sorted(per_source.items())},
        "figures_by_pairing": {p: dict(sorted(c.items())) for p, c in sorted(figures.items())},
        "coverage_by_pairing": [row.as_dict() for row in coverage(facts)],
    }


def stats_text(report: dict[str, Any]) -> str:
    lines = ["Entities by class"]
    lines += [f"  {name:<16} {count:>6}" for name, count in report["entities_by_class"].items()]
    lines += ["", "Entities by source"]
    for source, counts in report["entities_by_source"].items():
        total = sum(counts.values())
        detail = ", ".join(f"{k} {v}" for k, v in counts.items())
        lines.append(f"  {source:<40} {total:>5}  ({detail})")
    lines += ["", "Dated figures by pairing"]
    for pairing, counts in report["figures_by_pairing"].items():
        lines.append(f"  {pairing}: {sum(counts.values())}")
        lines += [f"    {measure:<44} {count:>4}" for measure, count in counts.items()]
    rows = report["coverage_by_pairing"]
    lines += ["", f"Coverage of the city pairings ({len(rows)}, {sum(1 for r in rows if r['single_source'])} with fewer than two independent sources)"]
    lines.append(coverage_text([PairCoverage.from_dict(row) for row in rows]))
    return "\n".join(lines)
