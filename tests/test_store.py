"""The on-disk store: built with the other outputs, read-only, and the same answers as rdflib."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import rdflib

from graph.rdf.graphs import new_graph
from graph.rdf.vocab import PREFIXES, QUERY_BASE
from graph.sparql.query import answer
from graph.sparql.querylib import example_queries
from graph.sparql.store import has_store, open_store, run, store_answer, store_path, to_rdflib_term
from graph.sparql.terms import python_value

from conftest import FACTS, run_cli


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("store") / "build"
    result = run_cli("build", "--facts", str(FACTS), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def rdflib_graph(built: Path) -> rdflib.Graph:
    graph = new_graph()
    graph.parse(built / "duikou.nt", format="nt")
    graph.parse(built / "ontology.ttl", format="turtle")
    return graph


def test_the_build_writes_a_store_holding_the_graph_and_the_ontology(built: Path, rdflib_graph: rdflib.Graph) -> None:
    assert has_store(built)
    store = open_store(built)
    in_store = {(to_rdflib_term(q.subject), to_rdflib_term(q.predicate), to_rdflib_term(q.object)) for q in store}
    in_files = set(rdflib_graph)
    assert not any(isinstance(term, rdflib.BNode) for triple in in_files for term in triple)
    assert in_store == in_files


def terms_on_rdflib(graph: rdflib.Graph, sparql: str) -> Any:
    result = graph.query(sparql, initNs=dict(PREFIXES))
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return set(result.graph)
    columns = [str(v) for v in result.vars or []]
    return columns, [[row[i] for i in range(len(columns))] for row in result]


def terms_on_store(build: Path, sparql: str) -> Any:
    import pyoxigraph

    result = run(open_store(build), sparql)
    if isinstance(result, pyoxigraph.QueryBoolean):
        return bool(result)
    if isinstance(result, pyoxigraph.QueryTriples):
        return {(to_rdflib_term(t.subject), to_rdflib_term(t.predicate), to_rdflib_term(t.object)) for t in result}
    columns = [v.value for v in result.variables]
    return columns, [[None if s[c] is None else to_rdflib_term(s[c]) for c in columns] for s in result]


def normalised(result: Any, ordered: bool) -> Any:
    """Rows of (Python type, Python value, language, datatype) per cell, so that decimals, dates
    and numbers compare by value but keep their type, and language tags count; a multiset of
    rows when the query fixes no order."""
    if not isinstance(result, tuple):
        return result
    columns, rows = result
    values = [tuple(_canonical(term) for term in row) for row in rows]
    return (columns, values) if ordered else (columns, Counter(values))


def _canonical(term: Any) -> Any:
    if not isinstance(term, rdflib.Literal):
        return python_value(term)
    value = python_value(term)
    return (type(value).__name__, value, term.language, str(term.datatype or ""))


@pytest.mark.parametrize("name", sorted(example_queries()))
def test_every_example_query_gives_the_same_answer_on_both_engines(built: Path, rdflib_graph: rdflib.Graph, name: str) -> None:
    text = example_queries()[name].text
    ordered = re.search(r"^\s*ORDER\s+BY", text, re.MULTILINE | re.IGNORECASE) is not None
    on_rdflib = normalised(terms_on_rdflib(rdflib_graph, text), ordered)
    on_store = normalised(terms_on_store(built, text), ordered)
    assert on_store == on_rdflib
    assert on_store[1], "the query has an answer"
    # The API's values (graph.sparql.query.answer and graph.sparql.store.store_answer) agree as well.
    assert store_answer(open_store(built), text) == answer(rdflib_graph, text)


@pytest.mark.parametrize(
    "sparql",
    [
        "ASK { id:sanming dk:partOf id:fujian }",
        "ASK { id:sanming dk:partOf id:shanghai }",
        "CONSTRUCT { ?city rdfs:label ?label } WHERE { ?city a dk:City ; rdfs:label ?label }",
        "SELECT ?o (COUNT(*) AS ?n) WHERE { ?o dk:value ?v } GROUP BY ?o ORDER BY ?o",
        "SELECT (SUM(?v) AS ?total) WHERE { ?o dk:value ?v ; dk:measure id:measure-total-investment }",
    ],
)
def test_ask_construct_and_aggregates_agree(built: Path, rdflib_graph: rdflib.Graph, sparql: str) -> None:
    ordered = "ORDER BY" in sparql
    assert normalised(terms_on_store(built, sparql), ordered) == normalised(terms_on_rdflib(rdflib_graph, sparql), ordered)


def test_relative_iris_resolve_against_the_same_base_on_both_engines(built: Path, rdflib_graph: rdflib.Graph) -> None:
    # Without BASE, both engines resolve <sanming> against QUERY_BASE, the entities' namespace.
    assert PREFIXES["id"] == QUERY_BASE
    select = "SELECT ?p ?o WHERE { <sanming> ?p ?o }"
    on_store, on_rdflib = store_answer(open_store(built), select), answer(rdflib_graph, select)
    assert on_store[1] and on_store[0] == on_rdflib[0] and sorted(map(str, on_store[1])) == sorted(map(str, on_rdflib[1]))
    assert store_answer(open_store(built), "ASK { <sanming> dk:partOf <fujian> }") is answer(rdflib_graph, "ASK { <sanming> dk:partOf <fujian> }") is True
    constructed = "CONSTRUCT { <s> <p> 1 } WHERE {}"  # the W3C protocol test query_content_type_construct
    expected = {(rdflib.URIRef(QUERY_BASE + "s"), rdflib.URIRef(QUERY_BASE + "p"), rdflib.Literal(1))}
    assert set(store_answer(open_store(built), constructed)) == set(answer(rdflib_graph, constructed)) == expected
    # A query's own BASE still wins.
    assert set(store_answer(open_store(built), "BASE <http://example.org/> " + constructed)) == {
        (rdflib.URIRef("http://example.org/s"), rdflib.URIRef("http://example.org/p"), rdflib.Literal(1))
    }


def test_the_store_is_opened_read_only(built: Path) -> None:
    store = open_store(built)
    before = len(store)
    with pytest.raises(Exception, match="read"):
        store.update("INSERT DATA { <https://w3id.org/duikou/id/x> <http://www.w3.org/2000/01/rdf-schema#label> 'x' }")
    assert len(open_store(built)) == before


def test_several_readers_at_once(built: Path) -> None:
    held = [open_store(built), open_store(built)]  # as duikou serve's workers hold it
    result = run_cli("query", "SELECT ?c WHERE { ?c a dk:City } ORDER BY ?c", "--build", str(built), "--engine", "oxigraph", "--output", "csv")
    assert result.returncode == 0, result.stderr
    cities = {str(s["c"]) for s in held[0].query("SELECT ?c WHERE { ?c a <https://w3id.org/duikou/ontology#City> }")}
    assert set(result.stdout.split()[1:]) == {c.strip("<>") for c in cities}


def test_query_output_is_the_same_on_both_engines(built: Path, rdflib_graph: rdflib.Graph) -> None:
    from graph.sparql.query import format_rows

    for name, example in sorted(example_queries().items()):
        columns, on_store = store_answer(open_store(built), example.text)
        _, on_rdflib = answer(rdflib_graph, example.text)
        for output in ("table", "csv", "tsv", "json"):
            assert format_rows(on_store, columns, output) == format_rows(on_rdflib, columns, output), (name, output)


def test_the_query_command_chooses_the_engine(built: Path) -> None:
    path = "graph/sparql/queries/signed-at-events.rq"
    on_store = run_cli("query", path, "--build", str(built), "--engine", "oxigraph")
    on_rdflib = run_cli("query", path, "--build", str(built), "--engine", "rdflib")
    by_default = run_cli("query", path, "--build", str(built))
    assert on_store.returncode == on_rdflib.returncode == by_default.returncode == 0, on_store.stderr + on_rdflib.stderr
    assert on_store.stdout == on_rdflib.stdout == by_default.stdout


def test_without_a_store_queries_run_on_rdflib(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / "build"
    shutil.copytree(built, copy)
    shutil.rmtree(store_path(copy))
    result = run_cli("query", "ASK { id:sanming a dk:City }", "--build", str(copy))
    assert result.returncode == 0 and result.stdout == "true\n", result.stderr
    missing = run_cli("query", "ASK { id:sanming a dk:City }", "--build", str(copy), "--engine", "oxigraph")
    assert missing.returncode == 2 and "duikou build" in missing.stderr


def test_a_rebuild_replaces_the_store_with_the_rest(base_facts: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert run_cli("build", "--facts", str(base_facts), "--out", str(out)).returncode == 0
    label = "SELECT ?l WHERE { id:sanming rdfs:label ?l FILTER(lang(?l) = 'zh') }"
    assert store_answer(open_store(out), label)[1] == [{"l": "三明市"}]
    text = (base_facts / "base.yaml").read_text(encoding="utf-8").replace("三明市", "三明")
    (base_facts / "base.yaml").write_text(text, encoding="utf-8")
    assert run_cli("build", "--facts", str(base_facts), "--out", str(out)).returncode == 0
    assert store_answer(open_store(out), label)[1] == [{"l": "三明"}]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".build")]
