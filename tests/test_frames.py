"""kg.query() DataFrames have Python-typed columns, checked against the values in the facts."""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import cache
from typing import Any

import pandas as pd
import pytest
from rdflib import Literal, URIRef

from graph import load
from graph.api import KnowledgeGraph
from graph.facts.loader import Record, read_facts
from graph.facts.values import DateValue
from graph.rdf.vocab import ID, PREFIXES
from graph.sparql.frames import OTHER, cell, first_day, oxigraph_cell
from graph.sparql.querylib import example_queries

from conftest import FACTS

XSD = PREFIXES["xsd"]


@cache
def kg() -> KnowledgeGraph:
    return load(FACTS)


@cache
def records() -> dict[str, Record]:
    return read_facts(FACTS).records


def of_type(type_name: str) -> list[Record]:
    return [r for r in records().values() if r.type == type_name]


def expected_date(value: DateValue) -> Any:
    """What a date of the facts should become in a DataFrame cell."""
    if value.precision == "day":
        return datetime.date.fromisoformat(value.lexical)
    return pd.Period(value.lexical, freq="M" if value.precision == "month" else "Y")


def test_figures_have_numeric_values_and_dates_of_their_own_precision() -> None:
    frame = kg().query("SELECT ?figure ?value ?asOf WHERE { ?figure a dk:Observation ; dk:value ?value ; dk:asOf ?asOf }")
    observations = {r.id: r for r in of_type("Observation")}
    assert len(frame) == len(observations)
    # counts and amounts side by side: one numeric column
    assert frame["value"].dtype == "float64"
    precisions = set()
    for row in frame.itertuples():
        record = observations[row.figure.removeprefix("id:")]
        assert row.value == float(record.values["value"].amount)
        want = expected_date(record.values["as_of"])
        assert type(row.asOf) is type(want) and row.asOf == want
        if isinstance(want, pd.Period):
            assert row.asOf.freqstr == want.freqstr
        precisions.add(record.values["as_of"].precision)
    assert len(precisions) > 1, "the facts date figures at more than one precision"


def test_counts_alone_are_integers() -> None:
    frame = kg().query(
        "SELECT ?figure ?value WHERE { ?figure dk:value ?value ; dk:measure/dk:measureKind dk:measurekind-count }"
    )
    assert frame["value"].dtype == "int64"
    counts = {r.id: int(r.values["value"].amount) for r in of_type("Observation") if r.values["value"].kind == "count"}
    assert dict(zip(frame["figure"].str.removeprefix("id:"), frame["value"].tolist(), strict=True)) == counts


def test_integers_with_gaps_are_nullable_integers() -> None:
    frame = kg().query(
        "SELECT ?figure ?count WHERE { ?figure a dk:Observation "
        "OPTIONAL { ?figure dk:value ?count ; dk:measure/dk:measureKind dk:measurekind-count } }"
    )
    assert frame["count"].dtype == "Int64"
    not_counts = sum(1 for r in of_type("Observation") if r.values["value"].kind != "count")
    assert not_counts and frame["count"].isna().sum() == not_counts


def test_money_is_float_yuan_exactly_and_missing_amounts_are_nan() -> None:
    frame = kg().query("SELECT ?project ?amount WHERE { ?project a dk:Project OPTIONAL { ?project dk:amount ?amount } }")
    assert frame["amount"].dtype == "float64"
    amounts = {r.id: r.values.get("amount") for r in of_type("Project")}
    assert frame["amount"].isna().sum() == sum(1 for a in amounts.values() if a is None)
    for project, amount in zip(frame["project"], frame["amount"], strict=True):
        stated = amounts[project.removeprefix("id:")]
        if stated is not None:
            assert Decimal(amount) == stated.amount, "whole yuan survive the float conversion exactly"
    assert frame["amount"].notna().any(), "the facts give some project amounts"


def test_sums_of_money_are_numbers() -> None:
    frame = kg().query("SELECT (SUM(?amount) AS ?total) (COUNT(?amount) AS ?projects) WHERE { ?p dk:amount ?amount }")
    assert frame["total"].dtype == "float64" and frame["projects"].dtype == "int64"
    assert frame["total"][0] == float(sum(r.values["amount"].amount for r in of_type("Project") if "amount" in r.values))


def test_exact_dates_are_dates() -> None:
    frame = kg().query('SELECT ?event ?date WHERE { ?event a dk:Event ; dk:date ?date FILTER(datatype(?date) = xsd:date) }')
    assert frame["date"].dtype == object and len(frame)
    events = {r.id: r for r in of_type("Event")}
    for event, date in zip(frame["event"], frame["date"], strict=True):
        assert isinstance(date, datetime.date)
        assert date == expected_date(events[event.removeprefix("id:")].values["date"])


def test_years_alone_make_a_period_column() -> None:
    frame = kg().query("SELECT ?x ?start WHERE { ?x dk:periodStart ?start FILTER(datatype(?start) = xsd:gYear) }")
    assert len(frame), "the facts have periods starting at a year"
    assert frame["start"].dtype == pd.PeriodDtype("Y")
    starts = {r.id: r.values["period_start"] for r in records().values() if "period_start" in r.values}
    for entity, start in zip(frame["x"], frame["start"], strict=True):
        assert start.year == starts[entity.removeprefix("id:")].year


def test_iris_are_curies_unless_asked_for_in_full() -> None:
    sparql = "SELECT ?city ?province ?other WHERE { ?city dk:partOf ?province ; a dk:City BIND(<http://example.org/x> AS ?other) }"
    compact = kg().query(sparql)
    full = kg().query(sparql, full_iris=True)
    cities = {r.id: r.values["part_of"] for r in of_type("City") if "part_of" in r.values}
    assert dict(zip(compact["city"], compact["province"], strict=True)) == {f"id:{c}": f"id:{p}" for c, p in cities.items()}
    assert set(full["city"]) == {ID + c for c in cities}
    assert set(compact["other"]) == {"http://example.org/x"}, "an IRI no prefix fits stays whole"
    assert kg().query("SELECT ?s WHERE { ?p dk:status ?s } LIMIT 1")["s"][0].startswith("dk:status-")


def test_text_columns_hold_strings() -> None:
    frame = kg().query('SELECT ?city ?zh WHERE { ?city a dk:City ; rdfs:label ?zh FILTER(lang(?zh) = "zh") }')
    names = {r.id: r.values["name"]["zh"] for r in of_type("City") if "zh" in r.values["name"]}
    assert dict(zip(frame["city"].str.removeprefix("id:"), frame["zh"], strict=True)) == names
    assert pd.api.types.is_string_dtype(frame["zh"])


@pytest.mark.parametrize(
    ("rows", "dtype"),
    [("(1 true) (2 false)", "bool"), ("(1 true) (2 UNDEF)", "boolean")],
)
def test_booleans(rows: str, dtype: str) -> None:
    frame = kg().query(f"SELECT ?n ?flag WHERE {{ VALUES (?n ?flag) {{ {rows} }} }} ORDER BY ?n")
    assert str(frame["flag"].dtype) == dtype
    assert frame["flag"].tolist()[0] is True


def test_a_column_of_mixed_kinds_keeps_each_value_typed() -> None:
    frame = kg().query('SELECT ?x WHERE { VALUES ?x { 3 "three" "2023"^^xsd:gYear "2023-11-05"^^xsd:date } }')
    assert frame["x"].dtype == object
    assert list(frame["x"]) == [3, "three", pd.Period("2023", freq="Y"), datetime.date(2023, 11, 5)]


def test_an_empty_answer_keeps_its_columns() -> None:
    frame = kg().query("SELECT ?a ?b WHERE { ?a dk:noSuchProperty ?b }")
    assert list(frame.columns) == ["a", "b"] and frame.empty


def test_rows_without_pandas_keep_exact_decimals_and_full_iris() -> None:
    rows = kg().query("SELECT ?project ?amount WHERE { ?project dk:amount ?amount }", dataframe=False)
    assert rows and all(isinstance(r["amount"], Decimal) and r["project"].startswith(ID) for r in rows)


def test_ask_and_construct_are_not_tables() -> None:
    assert kg().query("ASK { id:shanghai dk:pairedWith id:sanming }") is True
    graph = kg().query("CONSTRUCT { ?a dk:pairedWith ?b } WHERE { ?a dk:pairedWith ?b ; a dk:City }")
    assert len(graph) and "dk:pairedWith" in graph.serialize(format="turtle")


def test_ill_typed_literals_keep_their_text() -> None:
    assert cell(Literal("many", datatype=URIRef(XSD + "integer"))) == (OTHER, "many")
    assert cell(Literal("soon", datatype=URIRef(XSD + "gYear"))) == (OTHER, "soon")


def test_first_day_of_each_precision() -> None:
    assert first_day(pd.Period("2023", freq="Y")) == datetime.date(2023, 1, 1)
    assert first_day(pd.Period("2023-11", freq="M")) == datetime.date(2023, 11, 1)
    assert first_day(datetime.date(2023, 11, 5)) == datetime.date(2023, 11, 5)
    assert first_day(datetime.datetime(2023, 11, 5, 8, 30)) == datetime.date(2023, 11, 5)
    assert first_day(None) is None and first_day(pd.NaT) is None and first_day(float("nan")) is None
    with pytest.raises(TypeError):
        first_day("2023")


def test_entity_accepts_the_curies_queries_return() -> None:
    city = kg().query("SELECT ?city WHERE { ?city a dk:City } LIMIT 1")["city"][0]
    assert kg().entity(city) == kg().entity(city.removeprefix("id:"))


def test_ill_typed_literals_keep_their_text_on_oxigraph_too() -> None:
    import pyoxigraph

    many = pyoxigraph.Literal("many", datatype=pyoxigraph.NamedNode(XSD + "integer"))
    assert oxigraph_cell(many) == (OTHER, "many")


@pytest.mark.parametrize("name", sorted(example_queries()))
def test_both_engines_give_the_same_frames(name: str) -> None:
    text = example_queries()[name].text
    on_oxigraph, on_rdflib = kg().query(text), kg().query(text, engine="rdflib")
    pd.testing.assert_frame_equal(on_oxigraph, on_rdflib)
    assert kg().query(text, dataframe=False) == kg().query(text, dataframe=False, engine="rdflib")


def test_literals_of_every_kind_convert_alike_on_both_engines() -> None:
    rows = '(1 true) (2 false) (3 "2023-11-05T08:30:00"^^xsd:dateTime) (4 "x"@en) (5 "1.50"^^xsd:decimal) (6 <sanming>)'
    text = f"SELECT ?n ?v WHERE {{ VALUES (?n ?v) {{ {rows} }} }} ORDER BY ?n"
    pd.testing.assert_frame_equal(kg().query(text), kg().query(text, engine="rdflib"))
    assert kg().query(text, dataframe=False) == kg().query(text, dataframe=False, engine="rdflib")


def test_queries_run_on_oxigraph_without_making_the_rdflib_graph() -> None:
    fresh = load(FACTS)
    assert len(fresh.query("SELECT ?city WHERE { ?city a dk:City }")) > 0
    assert "graph" not in vars(fresh) and "_query_graph" not in vars(fresh)
    assert len(fresh.graph) == len(fresh.triples)  # and made when asked for


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        kg().query("ASK {}", engine="jena")
