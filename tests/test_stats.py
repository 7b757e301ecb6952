"""``duikou stats``: the curation report, and its coverage table of the programme's pairs."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from graph.facts.coverage import coverage, coverage_text, pairing_of
from graph.facts.loader import FactSet, read_facts
from graph.facts.stats import stats, stats_text

from conftest import run_cli

FACTS = Path(__file__).resolve().parent.parent / "facts"


@cache
def facts() -> FactSet:
    return read_facts(FACTS)


def test_one_row_for_every_city_pairing() -> None:
    rows = coverage(facts())
    city = sorted(r.id for r in facts().by_type("Pairing") if r.values["level"] == "city")
    assert [row.pairing for row in rows] == city


def test_rows_count_what_falls_under_each_pairing() -> None:
    records = facts().records
    for row in coverage(facts()):
        county = [r for r in facts().by_type("Pairing") if r.values["level"] == "county" and pairing_of(records, r.id) == row.pairing]
        assert row.county_pairings == len(county)
        events = [r for r in facts().by_type("Event") if pairing_of(records, r.id) == row.pairing]
        assert row.events == len(events)
        figures = [r for r in facts().by_type("Observation") if pairing_of(records, r.values["subject"]) == row.pairing]
        assert row.figures == len(figures)
        pairing = records[row.pairing]
        assert row.sources == len(pairing.values["sources"])
        assert row.publishers == len({records[s].values["publisher"] for s in pairing.values["sources"]})
        for city in row.old_area:
            assert set(records[city].values.get("old_areas", ())) <= set(row.old_areas)


def test_the_programme_documents_are_not_counted_as_a_pair_s_own() -> None:
    programme_documents = {d for p in facts().by_type("Programme") for d in p.values.get("established_by", ())}
    assert programme_documents
    for row in coverage(facts()):
        assert not programme_documents & set(row.documents)
        for document in row.documents:
            assert facts().records[document].type == "PolicyDocument"


def test_a_pair_with_one_independent_source_is_marked_and_says_so() -> None:
    rows = coverage(facts())
    text = coverage_text(rows)
    for row in rows:
        line = next(line for line in text.splitlines() if f" {row.pairing} " in line)
        assert line.startswith("*") == row.single_source
        if row.single_source:
            note = facts().records[row.pairing].values.get("note", "")
            assert "source" in note, f"{row.pairing} has one independent source: say so in its note"


def test_the_report_and_its_json_agree() -> None:
    report = stats(FACTS)
    rows = report["coverage_by_pairing"]
    assert [r["pairing"] for r in rows] == [row.pairing for row in coverage(facts())]
    text = stats_text(report)
    assert "Coverage of the city pairings" in text
    result = run_cli("stats", "--facts", str(FACTS), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["coverage_by_pairing"] == rows
