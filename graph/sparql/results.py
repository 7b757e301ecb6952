"""SPARQL results as the protocol's media types, cut at a row limit.

The endpoint writes results itself rather than with pyoxigraph's serializers so that it can stop
reading a result after ``max_rows`` rows: a query whose answer has millions of rows costs no
more than one with ``max_rows`` (unless it sorts or groups, which the timeout bounds).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph.rdf.vocab import PREFIXES

XSD_STRING = PREFIXES["xsd"] + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# Media types by kind of result, the first being the default for */*.
SOLUTION_TYPES = ("application/sparql-results+json", "application/json", "text/csv", "text/tab-separated-values")
BOOLEAN_TYPES = ("application/sparql-results+json", "application/json")
GRAPH_TYPES = ("text/turtle", "application/n-triples", "text/plain")


@dataclass
class Body:
    """A response body: its media type, bytes, and how many rows (or triples) it holds."""

    media_type: str
    data: bytes
    rows: int = 0
    truncated: bool = False


def negotiate(accept: str, offered: tuple[str, ...]) -> str | None:
    """The offered media type the Accept header prefers (q-values honoured), or None."""
    if not accept.strip():
        return offered[0]
    # (quality, exact beats wildcard, client's order, our order, type): the largest wins.
    choices: list[tuple[float, int, int, int, str]] = []
    for position, part in enumerate(accept.split(",")):
        media, _, params = part.strip().partition(";")
        media = media.strip().lower()
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        for rank, candidate in enumerate(offered):
            if media in (candidate, "*/*") or (media.endswith("/*") and candidate.startswith(media[:-1])):
                choices.append((quality, int(media == candidate), -position, -rank, candidate))
    return max(choices)[4] if choices else None


def boolean_body(value: bool, media_type: str) -> Body:
    data = json.dumps({"head": {}, "boolean": value}).encode()
    return Body(media_type, data, rows=1)


def solutions_body(variables: list[str], solutions: Iterable[Any], media_type: str, max_rows: int) -> Body:
    """SELECT results (pyoxigraph QuerySolution rows) as JSON, CSV or TSV, at most max_rows."""
    rows = list(itertools.islice(solutions, max_rows + 1))
    truncated = len(rows) > max_rows
    rows = rows[:max_rows]
    if media_type in ("application/sparql-results+json", "application/json"):
        bindings = [{v: _json_term(row[v]) for v in variables if row[v] is not None} for row in rows]
        data = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    elif media_type == "text/csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_term(row[v]) for v in variables] for row in rows)
        data = buffer.getvalue().encode()
    else:
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if row[v] is None else str(row[v]) for v in variables) for row in rows]
        data = ("\n".join(lines) + "\n").encode()
    return Body(media_type, data, rows=len(rows), truncated=truncated)


def graph_body(triples: Iterable[Any], media_type: str, max_rows: int) -> Body:
    """CONSTRUCT and DESCRIBE results as Turtle or N-Triples, at most max_rows triples."""
    import pyoxigraph

    kept = list(itertools.islice(triples, max_rows + 1))
    truncated = len(kept) > max_rows
    kept = kept[:max_rows]
    if media_type == "text/turtle":
        data = pyoxigraph.serialize(kept, format=pyoxigraph.RdfFormat.TURTLE, prefixes=dict(PREFIXES))
    else:
        data = pyoxigraph.serialize(kept, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return Body(media_type, data or b"", rows=len(kept), truncated=truncated)


def _json_term(term: Any) -> dict[str, str]:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return {"type": "literal", "value": term.value, "xml:lang": term.language}
        if term.datatype.value in (XSD_STRING, RDF_LANG_STRING):
            return {"type": "literal", "value": term.value}
        return {"type": "literal", "value": term.value, "datatype": term.datatype.value}
    return {"type": "literal", "value": str(term)}  # RDF-star quoted triples: their N-Triples text


def _csv_term(term: Any) -> str:
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, pyoxigraph.BlankNode):
        return "_:" + term.value
    return str(getattr(term, "value", term))
