"""`duikou push` against a real Virtuoso, and the example queries answered there as here.

The test starts its own virtuoso-t on 127.0.0.1 (free ports, a private database in a temp
folder), changes the dba password, pushes the build over the Graph Store Protocol, then runs
every example query at /sparql and compares the answers with the embedded engine's.
"""

from __future__ import annotations

import json
import secrets
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest

from graph.api import build
from graph.rdf.graphs import new_graph
from graph.rdf.vocab import PREFIXES
from graph.sparql.push import DEFAULT_GRAPH_IRI, PushRefused, push
from graph.sparql.query import answer, prologue
from graph.sparql.querylib import example_queries
from graph.sparql.terms import python_value

from conftest import FACTS, need_program, run_cli

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "decimal", "float", "double", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
# Literals of one of these datatypes are ordered by their lexical form (no time zones in the facts).
LEXICAL_ORDER = {XSD + t for t in ("date", "dateTime", "gYear", "gYearMonth", "string")}
PASSWORD_VAR = "DUIKOU_TEST_VIRTUOSO_PASSWORD"

# Known wrong answers from Virtuoso 7.2 (Debian 7.2.5.1, build 07.20.3229), reported as expected
# failures when, and only when, Virtuoso shows exactly this symptom: no rows at all.
VIRTUOSO_WRONG = {
    "longyan-guangzhou-institutions": (
        "Virtuoso 7.2 returns no rows when a query joins a transitive path (dk:withinPairing+) with further "
        "patterns on its subject and applies lang() (or datatype()) to a label; without lang() or without the + "
        "it answers correctly. Its SPARQL-to-SQL translation is right; the fault depends on the plan it picks: "
        "it shows on a store that received only this build, not if the same triples were loaded into another graph first."
    ),
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Virtuoso:
    http: str
    isql_port: int
    password: str
    startup_seconds: float

    @property
    def crud(self) -> str:
        return f"{self.http}/sparql-graph-crud-auth"

    def select(self, sparql: str, graph: str = DEFAULT_GRAPH_IRI) -> dict[str, Any]:
        """A query run at /sparql over one named graph, with SPARQL JSON results."""
        return json.loads(self.get(sparql, graph, "application/sparql-results+json"))  # type: ignore[no-any-return]

    def get(self, sparql: str, graph: str, accept: str) -> bytes:
        query = urllib.parse.urlencode({"query": prologue() + sparql, "default-graph-uri": graph})
        request = urllib.request.Request(f"{self.http}/sparql?{query}", headers={"Accept": accept})
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.read()  # type: ignore[no-any-return]

    def count(self, graph: str) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", graph)["results"]["bindings"]
        return int(rows[0]["n"]["value"])


INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{isql}
DisableUnixSocket = 1
; As in the shipped virtuoso.ini: in another case mode /sparql answers ASK as an empty SELECT.
CaseMode = 2
NumberOfBuffers = 4000
MaxDirtyBuffers = 3000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {dir}
ServerThreads = 4
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


def isql(isql_program: str, port: int, password: str, statement: str) -> subprocess.CompletedProcess[str]:
    """Run one SQL statement; it goes through stdin so no password or statement shows in ps."""
    return subprocess.run(
        [isql_program, f"127.0.0.1:{port}", "dba", password],
        input=statement + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    server = need_program("virtuoso-t")
    isql_program = need_program("isql-vt")
    folder = tmp_path_factory.mktemp("virtuoso")
    isql_port, http_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(INI.format(dir=folder, isql=isql_port, http=http_port), encoding="utf-8")
    log = open(folder / "stdout.log", "wb")  # noqa: SIM115 — open for the server's whole life
    started = time.perf_counter()
    process = subprocess.Popen([server, "+configfile", str(folder / "virtuoso.ini"), "+foreground"], cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    http = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                pytest.fail(f"virtuoso-t exited with {process.returncode}:\n{(folder / 'stdout.log').read_text(errors='replace')[-3000:]}")
            try:
                urllib.request.urlopen(f"{http}/sparql?query=ASK%7B%7D", timeout=5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("virtuoso-t did not answer on /sparql within 180 s")
                time.sleep(0.25)
        startup = time.perf_counter() - started
        print(f"\nVirtuoso started in {startup:.1f} s")

        # A new database logs in as dba/dba: change that before anything is pushed.
        password = secrets.token_urlsafe(18)
        changed = isql(isql_program, isql_port, "dba", f"user_set_password('dba', '{password}');")
        assert changed.returncode == 0 and "Error" not in changed.stdout + changed.stderr, changed.stdout + changed.stderr
        assert isql(isql_program, isql_port, "dba", "select 1;").returncode != 0, "the default dba password still works"
        yield Virtuoso(http, isql_port, password, startup)
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def full_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("full") / "build"
    build(FACTS, folder)
    return folder


@pytest.fixture(scope="module")
def pushed(virtuoso: Virtuoso, full_build: Path) -> Virtuoso:
    """The full build, pushed once into the default graph for the query comparisons."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PASSWORD_VAR, virtuoso.password)
        started = time.perf_counter()
        result = push(full_build, virtuoso.crud, user="dba", password_env=PASSWORD_VAR)
        print(f"\npushed {result.triples} triples ({result.bytes} bytes) in {time.perf_counter() - started:.2f} s")
    return virtuoso


@pytest.fixture(scope="module")
def embedded(full_build: Path) -> Any:
    """What `duikou query` queries: the build with the ontology, in rdflib."""
    graph = new_graph()
    graph.parse(full_build / "duikou.nt", format="nt")
    graph.parse(full_build / "ontology.ttl", format="turtle")
    return graph


# --- the example queries, answered by Virtuoso and by the embedded engine --------------------------


def store_value(binding: dict[str, str] | None) -> Any:
    """A SPARQL JSON binding as the Python value the embedded engine gives for the same term."""
    from rdflib import Literal

    if binding is None:
        return None
    if binding["type"] in ("uri", "bnode"):
        return binding["value"]
    return python_value(Literal(binding["value"], lang=binding.get("xml:lang"), datatype=binding.get("datatype")))


def sort_key(binding: dict[str, str] | None) -> tuple[int, Any] | None:
    """Where SPARQL defines the order of a term, a key for it; None where it leaves it open."""
    if binding is None:
        return (0, "")
    if binding["type"] == "bnode":
        return (1, "")
    if binding["type"] == "uri":
        return (2, binding["value"])
    datatype = binding.get("datatype", "" if "xml:lang" in binding else XSD + "string")
    if datatype in NUMERIC:
        try:
            return (3, Decimal(binding["value"]))
        except InvalidOperation:
            return None
    if datatype in LEXICAL_ORDER:
        return (4, (datatype, binding["value"]))
    return None


def compare(a: dict[str, Any], b: dict[str, Any], keys: list[tuple[str, bool]]) -> int | None:
    """-1, 0 or 1 as ORDER BY sorts two rows; None where SPARQL leaves their order open."""
    for variable, descending in keys:
        ka, kb = sort_key(a.get(variable)), sort_key(b.get(variable))
        if ka is None or kb is None:
            return None
        if ka[0] == kb[0] == 4 and ka[1][0] != kb[1][0]:
            return None  # e.g. an xsd:date against an xsd:gYear: no order between them
        if ka != kb:
            return (1 if ka > kb else -1) * (-1 if descending else 1)
    return 0


def order_keys(sparql: str) -> list[tuple[str, bool]]:
    """The ORDER BY variables of a query, with whether each is descending (up to the first expression)."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import Variable

    def find(node: Any) -> Any:
        if getattr(node, "name", None) == "OrderBy":
            return node
        for child in node.values() if isinstance(node, dict) else ():
            found = find(child)
            if found is not None:
                return found
        return None

    order = find(prepareQuery(prologue() + sparql).algebra)
    keys: list[tuple[str, bool]] = []
    for condition in order.expr if order is not None else ():
        expression, descending = (condition.expr, condition.order == "DESC") if getattr(condition, "name", None) == "OrderCondition" else (condition, False)
        if not isinstance(expression, Variable):
            break
        keys.append((str(expression), descending))
    return keys


def as_binding(term: Any) -> dict[str, str] | None:
    from rdflib import BNode, Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        binding = {"type": "literal", "value": str(term)}
        if term.language:
            binding["xml:lang"] = term.language
        elif term.datatype:
            binding["datatype"] = str(term.datatype)
        return binding
    return {"type": "bnode" if isinstance(term, BNode) else "uri", "value": str(term)}


def assert_ordered(rows: list[dict[str, Any]], keys: list[tuple[str, bool]], who: str) -> None:
    for i, earlier in enumerate(rows):
        for later in rows[i + 1 :]:
            assert compare(earlier, later, keys) in (None, 0, -1), f"{who} breaks the ORDER BY: {earlier} before {later}"


QUERIES = example_queries()


@pytest.mark.parametrize("name", list(QUERIES))
def test_virtuoso_answers_each_example_query_as_the_embedded_engine(name: str, pushed: Virtuoso, embedded: Any) -> None:
    sparql = QUERIES[name].text
    expected = answer(embedded, sparql)

    if isinstance(expected, bool):
        assert pushed.select(sparql)["boolean"] is expected
        return
    if not isinstance(expected, tuple):  # CONSTRUCT or DESCRIBE: compare the graphs
        from rdflib.compare import isomorphic

        found = new_graph().parse(data=pushed.get(sparql, DEFAULT_GRAPH_IRI, "text/turtle"), format="turtle")
        assert isomorphic(found, expected), f"{name}: Virtuoso's graph differs from the embedded one"
        return

    columns, rows = expected
    result = pushed.select(sparql)
    assert result["head"]["vars"] == columns
    store_rows = [{c: b.get(c) for c in columns} for b in result["results"]["bindings"]]
    got = Counter(tuple(store_value(row[c]) for c in columns) for row in store_rows)
    want = Counter(tuple(row[c] for c in columns) for row in rows)
    if got != want and name in VIRTUOSO_WRONG and not store_rows:
        pytest.xfail(VIRTUOSO_WRONG[name])  # exactly the known symptom; any other difference fails below
    assert got == want, f"{name}: only from Virtuoso {got - want}; only embedded {want - got}"
    assert rows, f"{name} answers nothing: the comparison would prove nothing"

    keys = order_keys(sparql)
    if keys:
        embedded_rows = [{c: as_binding(term) for c, term in zip(columns, row, strict=True)} for row in embedded.query(sparql, initNs=dict(PREFIXES))]
        assert_ordered(embedded_rows, keys, "the embedded engine")
        assert_ordered(store_rows, keys, "Virtuoso")


def test_the_order_check_can_fail() -> None:
    keys = [("amount", True), ("id", False)]
    small = {"amount": {"type": "typed-literal", "datatype": XSD + "decimal", "value": "5"}, "id": {"type": "uri", "value": "x:b"}}
    large = {"amount": {"type": "typed-literal", "datatype": XSD + "integer", "value": "12"}, "id": {"type": "uri", "value": "x:a"}}
    unbound = {"amount": None, "id": {"type": "uri", "value": "x:c"}}
    assert_ordered([large, small, unbound], keys, "DESC order")
    with pytest.raises(AssertionError):
        assert_ordered([small, large], keys, "ascending where DESC is asked")
    year = {"amount": {"type": "typed-literal", "datatype": XSD + "gYear", "value": "2023"}, "id": {"type": "uri", "value": "x:d"}}
    day = {"amount": {"type": "typed-literal", "datatype": XSD + "date", "value": "2023-09-01"}, "id": {"type": "uri", "value": "x:e"}}
    assert compare(year, day, keys) is None


# --- pushing ------------------------------------------------------------------------------------


def test_push_loads_every_triple_of_the_build(pushed: Virtuoso, embedded: Any) -> None:
    assert pushed.count(DEFAULT_GRAPH_IRI) == len(embedded)


def test_push_replaces_the_named_graph(virtuoso: Virtuoso, full_build: Path, base_facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = "https://w3id.org/duikou/graph/test-replace"
    monkeypatch.setenv(PASSWORD_VAR, virtuoso.password)
    args = ("push", "--build", str(full_build), "--endpoint", virtuoso.crud, "--graph", graph, "--user", "dba", "--password-env", PASSWORD_VAR)

    first = run_cli(*args)
    assert first.returncode == 0, first.stderr
    assert graph in first.stdout
    full = virtuoso.count(graph)
    assert run_cli(*args).returncode == 0
    assert virtuoso.count(graph) == full, "pushing twice must not duplicate or add triples"

    small = tmp_path / "small"
    build(base_facts, small)
    assert run_cli("push", "--build", str(small), *args[3:]).returncode == 0
    small_graph = new_graph()
    small_graph.parse(small / "duikou.nt", format="nt")
    small_graph.parse(small / "ontology.ttl", format="turtle")
    assert virtuoso.count(graph) == len(small_graph) < full
    only_in_full = next(str(s) for s in new_graph().parse(full_build / "duikou.nt", format="nt").subjects() if (s, None, None) not in small_graph)
    asked = virtuoso.select(f"ASK {{ <{only_in_full}> ?p ?o }}", graph)
    assert asked.get("boolean") is False, f"{only_in_full} survived the replacement: {asked}"


def test_a_wrong_password_is_refused_and_changes_nothing(virtuoso: Virtuoso, full_build: Path, base_facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = "https://w3id.org/duikou/graph/test-refused"
    monkeypatch.setenv(PASSWORD_VAR, virtuoso.password)
    push(full_build, virtuoso.crud, graph, "dba", PASSWORD_VAR)
    before = virtuoso.count(graph)

    monkeypatch.setenv(PASSWORD_VAR, "dba")  # the default password, changed at start-up
    small = tmp_path / "small"
    build(base_facts, small)
    result = run_cli("push", "--build", str(small), "--endpoint", virtuoso.crud, "--graph", graph, "--user", "dba", "--password-env", PASSWORD_VAR)
    assert result.returncode == 1
    assert "401" in result.stderr and "dba" in result.stderr
    assert virtuoso.count(graph) == before


def test_a_login_is_asked_for_when_none_is_given(virtuoso: Virtuoso, full_build: Path) -> None:
    with pytest.raises(PushRefused, match="asks for a login"):
        push(full_build, virtuoso.crud)


def test_a_refusal_carries_the_servers_message(virtuoso: Virtuoso, full_build: Path) -> None:
    # The endpoint without authentication lets anonymous users read only: Virtuoso says why it refuses.
    result = run_cli("push", "--build", str(full_build), "--endpoint", f"{virtuoso.http}/sparql-graph-crud")
    assert result.returncode == 1
    assert "HTTP 403" in result.stderr and "Permission denied" in result.stderr


def test_an_unreachable_endpoint_is_could_not_load(full_build: Path) -> None:
    result = run_cli("push", "--build", str(full_build), "--endpoint", f"http://127.0.0.1:{free_port()}/sparql-graph-crud-auth")
    assert result.returncode == 2
    assert "cannot reach" in result.stderr


def test_the_password_never_comes_from_the_command_line(full_build: Path) -> None:
    result = run_cli("push", "--build", str(full_build), "--endpoint", "http://127.0.0.1:9/x", "--user", "dba", "--password-env", "DUIKOU_TEST_UNSET_VARIABLE")
    assert result.returncode == 2
    assert "DUIKOU_TEST_UNSET_VARIABLE" in result.stderr and "not set" in result.stderr
