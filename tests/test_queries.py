"""The example queries answer their research questions, checked against the facts themselves."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from graph import load
from graph.api import KnowledgeGraph
from graph.facts import Record, read_facts
from graph.querylib import example_queries
from graph.vocab import ID

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
    path = f"graph/queries/{name}.rq"
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
