"""Running SPARQL over an rdflib graph and returning typed rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .vocab import PREFIXES

if TYPE_CHECKING:
    import rdflib


def prologue() -> str:
    """PREFIX lines for duikou's prefixes, so queries need not declare them."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def python_value(term: Any) -> Any:
    """A Python value for a result term: IRIs as strings, literals via rdflib's mapping."""
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)


def run_query(graph: rdflib.Graph, sparql: str, dataframe: bool = True) -> Any:
    result = graph.query(sparql, initNs={p: ns for p, ns in PREFIXES.items()})
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph
    columns = [str(v) for v in result.vars or []]
    rows = [{c: python_value(row[i]) for i, c in enumerate(columns)} for row in result]  # type: ignore[index]
    if dataframe:
        try:
            import pandas as pd
        except ImportError:
            return rows
        return pd.DataFrame(rows, columns=columns)
    return rows
