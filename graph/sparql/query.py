"""Running SPARQL over an rdflib graph and returning typed rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.rdf.vocab import PREFIXES, QUERY_BASE
from graph.sparql.terms import python_value

if TYPE_CHECKING:
    import pyoxigraph
    import rdflib


def prologue() -> str:
    """PREFIX lines for duikou's prefixes, so queries need not declare them."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def answer(graph: rdflib.Graph, sparql: str, convert: Callable[[Any], Any] = python_value) -> Any:
    """A bool for ASK, an rdflib Graph for CONSTRUCT and DESCRIBE, else (columns, rows).

    Relative IRIs resolve against QUERY_BASE, as on the store (graph.sparql.store.run).

    Each row is a dict by column name, of the result terms passed through ``convert``.
    """
    result = graph.query(sparql, initNs=dict(PREFIXES), base=QUERY_BASE)
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        constructed = result.graph
        assert constructed is not None  # rdflib sets it for these query types
        for prefix, namespace in PREFIXES.items():  # so that it serialises with dk:, id: … rather than ns1:
            constructed.bind(prefix, namespace, override=True, replace=True)
        return constructed
    columns = [str(v) for v in result.vars or []]
    rows = [{c: convert(row[i]) for i, c in enumerate(columns)} for row in result]  # type: ignore[index]
    return columns, rows


def run_query(graph: rdflib.Graph | pyoxigraph.Store, sparql: str, dataframe: bool = True, full_iris: bool = False) -> Any:
    """SELECT answers as a typed DataFrame (graph.sparql.frames) when pandas is installed and
    ``dataframe`` is true, else as a list of dicts of python_value cells. ``graph`` is an
    rdflib Graph or a pyoxigraph Store: the answers are the same."""
    import pyoxigraph

    from graph.sparql.frames import cell, oxigraph_cell

    if dataframe:
        from importlib.util import find_spec

        dataframe = find_spec("pandas") is not None
    from graph.build.reading import collector_paused
    from graph.sparql.frames import to_dataframe

    # An answer is many small objects and no reference cycles; in a process that holds a loaded
    # graph, the cyclic collector would rescan that graph again and again while they are made
    # (it tripled the time of a 16,000-row answer at 100,000 entities).
    with collector_paused():
        if isinstance(graph, pyoxigraph.Store):
            from graph.sparql.store import oxigraph_python_value, store_answer

            result = store_answer(graph, sparql, convert=_unchanged if dataframe else oxigraph_python_value)
            convert = oxigraph_cell
        else:
            result = answer(graph, sparql, convert=_unchanged if dataframe else python_value)
            convert = cell
        if not isinstance(result, tuple):
            return result
        columns, rows = result
        if not dataframe:
            return rows
        return to_dataframe(columns, rows, full_iris=full_iris, convert=convert)


def _unchanged(term: Any) -> Any:
    return term


def format_rows(rows: list[dict[str, Any]], columns: list[str], output: str) -> str:
    """Rows as an aligned text table, CSV, TSV or JSON (SPARQL JSON-like, values as text)."""
    import csv
    import io
    import json

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    if output == "json":
        return json.dumps({"columns": columns, "rows": [{c: text(r[c]) for c in columns} for r in rows]}, ensure_ascii=False, indent=2) + "\n"
    if output in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if output == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([text(row[c]).replace("\t", " ").replace("\n", " ") if output == "tsv" else text(row[c]) for c in columns])
        return buffer.getvalue()
    from graph.rdf.serialize import compact

    def short(value: Any) -> str:
        shown = text(value)
        return compact(shown) or shown if shown.startswith("http") else shown.replace("\n", " ")

    cells = [[short(r[c]) for c in columns] for r in rows]
    widths = [max([_width(c)] + [_width(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(v, w) for v, w in zip(row, widths, strict=True)) for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


ENGINES = ("auto", "oxigraph", "rdflib")


def query(sparql: str, build_dir: Path = Path("build"), output: str = "table", engine: str = "auto") -> str:
    """Run a SPARQL query (inline text, or the path of a .rq file) against the built graph.

    The graph is build/duikou.nt with the ontology (build/ontology.ttl); run `duikou build`
    first. duikou's prefixes (dk:, id:, rdfs:, skos: …) are predeclared, and relative IRIs
    resolve against https://w3id.org/duikou/id/ (<sanming> is id:sanming). The result is printed
    as a table, or as CSV, TSV or JSON with --output. The query runs on the build's on-disk
    store (build/oxigraph/, fast on large graphs) when there is one, else on rdflib; --engine
    chooses. Both give the same answers.
    """
    from graph.facts.problems import LoadFailure

    path = Path(sparql)
    if sparql.endswith(".rq") or (len(sparql) < 4096 and "\n" not in sparql and path.is_file()):
        if not path.is_file():
            raise LoadFailure(f"{sparql}: no such query file")
        sparql = path.read_text(encoding="utf-8")
    result = _answer_from_build(sparql, Path(build_dir), engine)
    if isinstance(result, bool):
        return ("true" if result else "false") + "\n"
    if not isinstance(result, tuple):
        return str(result.serialize(format="turtle"))
    columns, rows = result
    return format_rows(rows, columns, output)


def _answer_from_build(sparql: str, build_dir: Path, engine: str) -> Any:
    from graph.facts.problems import LoadFailure
    from graph.rdf.graphs import new_graph
    from graph.sparql.store import has_store, open_store, store_answer

    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    if engine == "oxigraph" or (engine == "auto" and has_store(build_dir)):
        return store_answer(open_store(build_dir), sparql)
    data = build_dir / "duikou.nt"
    if not data.is_file():
        raise LoadFailure(f"{data}: no built graph — run `duikou build` first")
    graph = new_graph()
    graph.parse(data, format="nt")
    ontology = build_dir / "ontology.ttl"
    if ontology.is_file():
        graph.parse(ontology, format="turtle")
    return answer(graph, sparql)
