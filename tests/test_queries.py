"""The example queries answer their research questions, checked against the facts themselves."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from graph import load
from graph.api import KnowledgeGraph
from graph.facts.loader import Record, read_facts
from graph.facts.model import COOPERATION_FIELDS
from graph.rdf.vocab import ID
from graph.sparql.querylib import example_queries

from conftest import FACTS


@cache
def kg() -> KnowledgeGraph:
    return load(FACTS)


@cache
def records() -> dict[str, Record]:
    return read_facts(FACTS).records


def rows(name: str) -> list[dict[str, Any]]:
    result = kg().query(example_queries()[name].text, dataframe=False)
    assert isinstance(result, list)
    return result


def short(iri: str) -> str:
    return iri[len(ID) :]


def reaches(entry_id: str, target: str, fields: tuple[str, ...] = ("located_in", "part_of")) -> bool:
    seen: set[str] = set()
    todo = [entry_id]
    while todo:
        current = todo.pop()
        if current == target:
            return True
        if current in seen or current not in records():
            continue
        seen.add(current)
        todo += [records()[current].values[f] for f in fields if f in records()[current].values]
    return False


def within(pairing_id: str, target: str) -> bool:
    parent = records()[pairing_id].values.get("within")
    return parent == target or (parent is not None and within(parent, target))


def test_every_example_query_is_documented() -> None:
    for query in example_queries().values():
        assert query.title and query.question.endswith("?"), query.name
    assert len(example_queries()) >= 8


def test_the_readme_lists_every_example_query() -> None:
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| \[`([a-z0-9-]+)`\]\(graph/sparql/queries/", readme, re.MULTILINE)
    assert listed == sorted(example_queries()), "regenerate the README's table of example queries"
    for q in example_queries().values():
        assert f"| [`{q.name}`](graph/sparql/queries/{q.name}.rq) | {q.title} | {q.question} |" in readme, q.name


@pytest.mark.parametrize("name", sorted(example_queries()))
def test_every_example_query_has_its_own_test(name: str) -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    assert source.count(f'rows("{name}")') >= 1, f"no test in this module checks the answer of {name}"


def test_firms_investing_in_sanming() -> None:
    expected = {
        (investor, r.id)
        for r in records().values()
        if r.type == "Project" and "located_in" in r.values and reaches(r.values["located_in"], "sanming")
        for investor in r.values.get("investors", [])
        if records()[investor].type == "Firm"
    }
    found = {(short(row["firm"]), short(row["project"])) for row in rows("firms-investing-in-sanming")}
    assert found == expected
    assert found, "the seeds name firms investing in Sanming"
    amounts = [row["amountYuan"] for row in rows("firms-investing-in-sanming") if row["amountYuan"] is not None]
    assert amounts == sorted(amounts, reverse=True)


def test_longyan_institutions_and_their_guangzhou_partners() -> None:
    expected = {
        (developed, old)
        for r in records().values()
        if r.type == "Pairing" and r.values["level"] == "institution" and within(r.id, "pairing-guangzhou-longyan")
        for developed in r.values["developed"]
        for old in r.values["old_area"]
    }
    found = {(short(row["guangzhouSide"]), short(row["longyanSide"])) for row in rows("longyan-guangzhou-institutions")}
    assert found == expected
    assert found, "the seeds name Longyan institutions paired with Guangzhou ones"


def test_paired_schools_and_hospitals_form_time_series() -> None:
    measures = {"measure-paired-schools-old-area", "measure-paired-schools-developed", "measure-paired-hospitals-old-area", "measure-paired-hospitals-developed"}
    observations = [r for r in records().values() if r.type == "Observation" and r.values["measure"] in measures]
    found = rows("paired-schools-and-hospitals-over-time")
    assert {(short(r["pairing"]), short(r["measure"]), int(r["value"])) for r in found} == {
        (o.values["subject"], o.values["measure"], int(o.values["value"].amount)) for o in observations
    }
    series: dict[tuple[str, str], set[str]] = {}
    for row in found:
        series.setdefault((row["pairing"], row["measure"]), set()).add(str(row["asOf"]))
    assert any(len(dates) > 1 for dates in series.values()), "sources at different dates give a time series"


def test_what_was_signed_at_each_event() -> None:
    events = {r.id for r in records().values() if r.type == "Event"}
    expected = {
        (r.id, relation, item)
        for r in records().values()
        if r.type == "Event"
        for relation in ("signed", "announced")
        for item in r.values.get(relation, [])
    } | {
        (o.values["subject"], o.values["measure"], o.id)
        for o in records().values()
        if o.type == "Observation" and o.values["subject"] in events
    }
    found = {
        (short(row["event"]), row["relation"].rsplit("#", 1)[1] if "#" in row["relation"] else short(row["relation"]), short(row["item"]))
        for row in rows("signed-at-events")
    }
    assert found == expected
    assert found


def city_pairings() -> set[str]:
    return {r.id for r in records().values() if r.type == "Pairing" and r.values["level"] == "city"}


def belongs_to(entry_id: str, pairing_id: str) -> bool:
    """The entry is the pairing, or is within it through dk:withinPairing (pairing: / within:)."""
    seen: set[str] = set()
    current: str | None = entry_id
    while current is not None and current not in seen:
        if current == pairing_id:
            return True
        seen.add(current)
        values = records()[current].values
        current = values.get("pairing") or values.get("within")
    return False


def measure_kind(measure_id: str) -> str:
    return str(records()[measure_id].values["kind"])


def test_investment_by_pairing_and_year() -> None:
    observations = [r for r in records().values() if r.type == "Observation" and measure_kind(r.values["measure"]) == "money"]
    projects = [r for r in records().values() if r.type == "Project" and "amount" in r.values and "signed" in r.values]
    expected = {
        (p, o.values["as_of"].lexical[:4], o.values["subject"], o.values["measure"], o.values["value"].amount)
        for p in city_pairings()
        for o in observations
        if belongs_to(o.values["subject"], p)
    } | {(p, r.values["signed"].lexical[:4], r.id, "amount", r.values["amount"].amount) for p in city_pairings() for r in projects if belongs_to(r.id, p)}
    found_rows = rows("investment-by-pairing-and-year")
    found = {
        (short(r["pairing"]), r["year"], short(r["subject"]), short(r["measure"]) if r["measure"].startswith(ID) else r["measure"].rsplit("#")[1], r["amountYuan"])
        for r in found_rows
    }
    assert found == expected
    assert len({p for p, *_ in found}) > 1, "more than one pairing reports investment"
    keys = [(r["pairing"], r["year"]) for r in found_rows]
    assert keys == sorted(keys)


def expected_time_series(records: dict[str, Record]) -> set[tuple[Any, ...]]:
    """(subject, measure, date, value, source, linked partner, disagreeing partner) for every figure
    of a series: one subject and measure at more than one date."""
    observations = [r for r in records.values() if r.type == "Observation"]
    dates: dict[tuple[str, str], set[str]] = {}
    for o in observations:
        dates.setdefault((o.values["subject"], o.values["measure"]), set()).add(o.values["as_of"].lexical)

    def key(o: Record) -> tuple[str, str, str]:
        return (o.values["subject"], o.values["measure"], o.values["as_of"].lexical)

    rows = set()
    for o in observations:
        if len(dates[(o.values["subject"], o.values["measure"])]) < 2:
            continue
        linked = set(o.values.get("conflicts_with", [])) | {x.id for x in observations if o.id in x.values.get("conflicts_with", [])}
        disagreeing = {x.id for x in observations if x.id != o.id and key(x) == key(o) and x.values["value"].amount != o.values["value"].amount}
        for source in o.values["sources"]:
            for partner in linked or {None}:
                for other in disagreeing or {None}:
                    rows.add((*key(o), o.values["value"].amount, source, partner, other))
    return rows


def found_time_series(found: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    return {
        (short(r["subject"]), short(r["measure"]), str(r["asOf"]), r["value"], short(r["source"]), r["conflictsWith"] and short(r["conflictsWith"]), r["disagreesWith"] and short(r["disagreesWith"]))
        for r in found
    }


def test_figures_reported_more_than_once_form_time_series() -> None:
    found_rows = rows("figure-time-series")
    found = found_time_series(found_rows)
    assert found == expected_time_series(records())
    assert len({(s, m) for s, m, *_ in found}) > 1, "the sources give several time series"
    for subject, measure, *_ in found:
        series = [str(r["asOf"]) for r in found_rows if (short(r["subject"]), short(r["measure"])) == (subject, measure)]
        assert series == sorted(series) and len(set(series)) > 1


def test_figure_time_series_shows_conflicts_on_both_engines(base_facts: Path, tmp_path: Path) -> None:
    from graph.sparql.store import open_store, store_answer

    from conftest import run_cli

    figures = [("obs-a", 80, "2023-11-08", ""), ("obs-b", 83, "2023-11-08", "conflicts_with: [obs-a]"), ("obs-c", 83, "2023-11-08", ""), ("obs-d", 90, "2024", "")]
    (base_facts / "figures.yaml").write_text(
        "entries:\n"
        + "".join(
            f"  - id: {i}\n    type: Observation\n    name: {{en: {i}}}\n    subject: sanming\n    measure: measure-schools\n"
            f"    value: {value}\n    as_of: {date}\n    sources: [src-test]\n" + (f"    {extra}\n" if extra else "")
            for i, value, date, extra in figures
        ),
        encoding="utf-8",
    )
    expected = expected_time_series(read_facts(base_facts).records)
    assert ("sanming", "measure-schools", "2023-11-08", 80, "src-test", "obs-b", "obs-c") in expected
    text = example_queries()["figure-time-series"].text
    assert found_time_series(load(base_facts).query(text, dataframe=False)) == expected
    out = tmp_path / "build"
    assert run_cli("build", "--facts", str(base_facts), "--out", str(out)).returncode == 0
    assert found_time_series(store_answer(open_store(out), text)[1]) == expected


def test_cooperation_fields_by_pairing() -> None:
    within = [r for r in records().values() if r.type != "Observation" and r.id not in city_pairings()]
    expected = {}
    for p in city_pairings():
        listed = set(records()[p].values.get("fields", []))
        used = {f for r in within if belongs_to(r.id, p) for f in r.values.get("fields", [])}
        for field_id in listed | used:
            items = {r.id for r in within if belongs_to(r.id, p) and field_id in r.values.get("fields", [])}
            expected[(p, field_id)] = (field_id in listed, len(items))
    found_rows = rows("cooperation-fields-by-pairing")
    found = {(short(r["pairing"]), r["field"].rsplit("#field-", 1)[1]): (r["listed"] == 1, r["items"]) for r in found_rows}
    assert found == expected
    labels = {f.id: f.en for f in COOPERATION_FIELDS}
    assert all(r["fieldName"] == labels[r["field"].rsplit("#field-", 1)[1]] for r in found_rows), "labels come from the ontology"
    for p in city_pairings():
        counts = [r["items"] for r in found_rows if short(r["pairing"]) == p]
        assert counts == sorted(counts, reverse=True)


def test_institutions_by_class_and_city() -> None:
    classes = ("Hospital", "School", "University", "Firm", "Organization")
    cities = [r.id for r in records().values() if r.type == "City"]
    counts: dict[tuple[str, str], int] = {}
    for r in records().values():
        if r.type in classes and "located_in" in r.values:
            for city in cities:
                if reaches(r.values["located_in"], city):
                    counts[(city, r.type)] = counts.get((city, r.type), 0) + 1
    found = {(short(r["city"]), r["class"].rsplit("#", 1)[1]): r["institutions"] for r in rows("institutions-by-city")}
    assert found == counts
    assert {"sanming", "longyan", "shanghai", "guangzhou"} <= {city for city, _ in found}


def test_what_each_source_supports() -> None:
    counts: dict[tuple[str, str], int] = {}
    for r in records().values():
        for source in r.values.get("sources", []):
            counts[(source, r.type)] = counts.get((source, r.type), 0) + 1
    found_rows = rows("sources-by-class")
    assert {(short(r["source"]), r["class"].rsplit("#", 1)[1]): r["entries"] for r in found_rows} == counts
    for row in found_rows:
        source = records()[short(row["source"])].values
        assert row["title"] == source["title"] and row["seed"] == source.get("seed")
        assert (str(row["published"]) if row["published"] is not None else None) == (source["published"].lexical if "published" in source else None)


def test_policy_documents_by_issuer_and_scope() -> None:
    documents = [r for r in records().values() if r.type == "PolicyDocument"]
    expected = {(d.id, issuer, scope) for d in documents for issuer in d.values["issuers"] for scope in d.values.get("scope", [None])}
    found_rows = rows("policy-documents")
    assert {(short(r["document"]), short(r["issuer"]), short(r["scope"]) if r["scope"] else None) for r in found_rows} == expected
    for row in found_rows:
        document = records()[short(row["document"])].values
        assert (str(row["date"]) if row["date"] is not None else None) == (document["date"].lexical if "date" in document else None)
        assert (short(row["approvedBy"]) if row["approvedBy"] else None) == document.get("approved_by")
    dates = [str(r["date"]) if r["date"] is not None else "" for r in found_rows]
    assert dates == sorted(dates)


def test_county_level_pairings() -> None:
    expected = {
        (r.id, side, unit)
        for r in records().values()
        if r.type == "Pairing" and r.values["level"] == "county"
        for side, key in (("developed", "developed"), ("old area", "old_area"))
        for unit in r.values[key]
    }
    found_rows = rows("county-level-pairings")
    assert {(short(r["pairing"]), r["side"], short(r["unit"])) for r in found_rows} == expected
    assert expected, "the seeds give a county-level pairing"
    for row in found_rows:
        unit = records()[short(row["unit"])]
        assert row["unitKind"].endswith("-" + unit.values["kind"])


def test_events_by_pairing_year_and_kind() -> None:
    counts: dict[tuple[str, str, str], int] = {}
    for r in records().values():
        if r.type != "Event":
            continue
        for p in city_pairings():
            if r.values.get("pairing") and belongs_to(r.values["pairing"], p):
                key = (p, r.values["date"].lexical[:4] if "date" in r.values else None, r.values["kind"])
                counts[key] = counts.get(key, 0) + 1
    found = {(short(r["pairing"]), r["year"], r["kind"].rsplit("#event-", 1)[1]): r["events"] for r in rows("events-by-year")}
    assert found == counts
    assert len({year for _, year, _ in found if year}) > 1, "events span several years"


@pytest.mark.parametrize("name", sorted(example_queries()))
def test_every_example_query_has_an_answer(name: str) -> None:
    assert rows(name)


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from conftest import run_cli

    out = tmp_path_factory.mktemp("q") / "build"
    assert run_cli("build", "--facts", str(FACTS), "--out", str(out)).returncode == 0
    return out


@pytest.mark.parametrize("output", ["json", "csv", "tsv", "table"])
def test_query_command_gives_the_api_answer_in_every_format(build_dir: Any, output: str) -> None:
    import csv
    import io
    import json

    from conftest import run_cli

    name = "firms-investing-in-sanming"
    path = f"graph/sparql/queries/{name}.rq"
    result = run_cli("query", path, "--build", str(build_dir), "--output", output)
    assert result.returncode == 0, result.stderr
    expected = {(r["firm"], r["project"]) for r in rows(name)}
    if output == "json":
        found = {(r["firm"], r["project"]) for r in json.loads(result.stdout)["rows"]}
    elif output in ("csv", "tsv"):
        reader = csv.DictReader(io.StringIO(result.stdout), delimiter="," if output == "csv" else "\t")
        found = {(r["firm"], r["project"]) for r in reader}
    else:
        assert result.stdout.rstrip().endswith(f"({len(rows(name))} rows)")
        return
    assert found == expected


def test_query_command_reports_a_malformed_query(build_dir: Any) -> None:
    from conftest import run_cli

    result = run_cli("query", "SELEC ?x", "--build", str(build_dir))
    assert result.returncode == 1
    assert "query failed" in result.stderr and "Traceback" not in result.stderr


def programme_pairings() -> list[Record]:
    return [r for r in records().values() if r.type == "Pairing" and r.values.get("programme")]


def test_the_programme_s_pairs_by_old_area_and_province() -> None:
    expected = {
        (p.id, city, area, records()[city].values.get("part_of"), developed)
        for p in programme_pairings()
        for city in p.values["old_area"]
        for developed in p.values["developed"]
        for area in records()[city].values.get("old_areas", [None])
    }
    found_rows = rows("programme-pairs-by-old-area")
    found = {
        (short(r["pairing"]), short(r["oldCity"]), short(r["oldArea"]) if r["oldArea"] else None, short(r["province"]) if r["province"] else None, short(r["developed"]))
        for r in found_rows
    }
    assert found == expected
    assert len(found_rows) == len(expected)
    for row in found_rows:
        assert row["oldCityName"] == records()[short(row["oldCity"])].values["name"]["zh"]
        if row["oldArea"]:
            assert row["oldAreaName"] == records()[short(row["oldArea"])].values["name"]["zh"]
    names = [r["oldAreaName"] or "" for r in found_rows]
    assert names == sorted(names)


def own_documents(pairing: Record) -> set[str]:
    """The policy documents of a pair: in scope of it or of a pairing within it, or setting it up,
    other than those that set up its programme."""
    programme = records()[pairing.values["programme"]]
    excluded = set(programme.values.get("established_by", ()))
    found = {d for d in pairing.values.get("established_by", ()) if records()[d].type == "PolicyDocument"}
    for r in records().values():
        if r.type == "PolicyDocument" and any(s == pairing.id or (records()[s].type == "Pairing" and within(s, pairing.id)) for s in r.values.get("scope", ())):
            found.add(r.id)
    return found - excluded


def test_pairs_without_a_plan_of_their_own() -> None:
    expected = {
        p.id: len(own_documents(p))
        for p in programme_pairings()
        if not any(records()[d].values.get("kind") == "plan" for d in own_documents(p))
    }
    found = {short(r["pairing"]): int(r["documents"]) for r in rows("pairs-without-own-plan")}
    assert found == expected
    assert len(expected) < len(programme_pairings()), "some pairs have a plan of their own"


def test_projects_and_investment_signed_per_pair_over_time() -> None:
    measures = {"measure-signed-projects", "measure-total-investment"}
    expected = {
        (p.id, o.id)
        for p in programme_pairings()
        for o in records().values()
        if o.type == "Observation" and o.values["measure"] in measures and (o.values["subject"] == p.id or belongs_to(o.values["subject"], p.id))
    }
    found_rows = rows("programme-signed-over-time")
    by_value = {(short(r["pairing"]), short(r["subject"]), short(r["measure"]), str(r["asOf"])) for r in found_rows}
    assert by_value == {(p, records()[o].values["subject"], records()[o].values["measure"], records()[o].values["as_of"].lexical) for p, o in expected}
    assert len(found_rows) == len(expected)
    keys = [(short(r["pairing"]), str(r["asOf"])) for r in found_rows]
    assert keys == sorted(keys)


def test_paired_places_as_geosparql_points() -> None:
    located = {r.values["of"]: r for r in records().values() if r.type == "Location"}
    parties = {p for r in records().values() if r.type == "Pairing" for side in ("developed", "old_area") for p in r.values[side]}
    found = rows("places-on-the-map")
    assert {short(row["place"]) for row in found} == {p for p in parties if p in located}
    for row in found:
        location = located[short(row["place"])]
        assert short(row["location"]) == location.id
        assert str(row["wkt"]) == f"POINT({location.values['long']} {location.values['lat']})"
        assert (float(row["lat"]), float(row["long"])) == (float(location.values["lat"]), float(location.values["long"]))
