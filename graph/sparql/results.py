"""SPARQL results as the protocol's media types, cut at a row limit.

The endpoint writes results itself rather than with pyoxigraph's serializers so that it can stop
reading a result after ``max_rows`` rows: a query whose answer has millions of rows costs no
more than one with ``max_rows`` (unless it sorts or groups, which the timeout bounds).

XML 1.0 cannot carry every string RDF can (control characters such as U+0001), and RDF/XML
cannot name every predicate as an element (one ending in ``/`` or ``#``). Rather than send a
document that no XML parser reads, such a result is refused in XML (``Unrepresentable``) and the
client is pointed to the other formats.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from graph.rdf.vocab import PREFIXES

XSD_STRING = PREFIXES["xsd"] + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

SPARQL_RESULTS_XML = "application/sparql-results+xml"
RDF_XML = "application/rdf+xml"
# Media types by kind of result, the first being the default for */*.
SOLUTION_TYPES = ("application/sparql-results+json", SPARQL_RESULTS_XML, "application/json", "text/csv", "text/tab-separated-values")
BOOLEAN_TYPES = ("application/sparql-results+json", SPARQL_RESULTS_XML, "application/json")
GRAPH_TYPES = ("text/turtle", "application/n-triples", RDF_XML, "text/plain")
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


class Unrepresentable(ValueError):
    """The result holds something the chosen format cannot carry."""


@dataclass
class Body:
    """A response body: its media type, bytes, and how many rows (or triples) it holds."""

    media_type: str
    data: bytes
    rows: int = 0
    truncated: bool = False


def boolean_body(value: bool, media_type: str) -> Body:
    if media_type == SPARQL_RESULTS_XML:
        text = f'<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="{_RESULTS_NS}">\n<head/>\n<boolean>{str(value).lower()}</boolean>\n</sparql>\n'
        return Body(media_type, text.encode(), rows=1)
    data = json.dumps({"head": {}, "boolean": value}).encode()
    return Body(media_type, data, rows=1)


def solutions_body(variables: list[str], solutions: Iterable[Any], media_type: str, max_rows: int) -> Body:
    """SELECT results (pyoxigraph QuerySolution rows) as JSON, XML, CSV or TSV, at most max_rows."""
    # A solution's terms as a tuple, in the order of the variables: reading them by name is
    # several times slower.
    rows = [tuple(solution) for solution in itertools.islice(solutions, max_rows + 1)]
    truncated = len(rows) > max_rows
    rows = rows[:max_rows]
    if media_type in ("application/sparql-results+json", "application/json"):
        written: dict[Any, dict[str, str]] = {}  # each term once: answers repeat their terms
        bindings = [{v: written.get(t) or written.setdefault(t, _json_term(t)) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
        data = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    elif media_type == SPARQL_RESULTS_XML:
        data = _xml_solutions(variables, rows).encode()
    elif media_type == "text/csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_term(t) for t in row] for row in rows)
        data = buffer.getvalue().encode()
    else:
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        data = ("\n".join(lines) + "\n").encode()
    return Body(media_type, data, rows=len(rows), truncated=truncated)


def graph_body(triples: Iterable[Any], media_type: str, max_rows: int) -> Body:
    """CONSTRUCT and DESCRIBE results as Turtle, N-Triples or RDF/XML, at most max_rows triples."""
    import pyoxigraph

    kept = list(itertools.islice(triples, max_rows + 1))
    truncated = len(kept) > max_rows
    kept = kept[:max_rows]
    if media_type == "text/turtle":
        data = pyoxigraph.serialize(kept, format=pyoxigraph.RdfFormat.TURTLE, prefixes=dict(PREFIXES))
    elif media_type == RDF_XML:
        data = pyoxigraph.serialize(kept, format=pyoxigraph.RdfFormat.RDF_XML, prefixes=dict(PREFIXES))
        _check_well_formed(data or b"")
    else:
        data = pyoxigraph.serialize(kept, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return Body(media_type, data or b"", rows=len(kept), truncated=truncated)


def _xml_solutions(variables: list[str], rows: list[Any]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sparql xmlns="{_RESULTS_NS}">', "<head>"]
    lines += [f"<variable name={quoteattr(v)}/>" for v in variables]
    lines += ["</head>", "<results>"]
    for row in rows:
        bindings = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>" for v, t in zip(variables, row, strict=True) if t is not None)
        lines.append(f"<result>{bindings}</result>")
    lines += ["</results>", "</sparql>", ""]
    return "\n".join(lines)


def _xml_term(term: Any) -> str:
    described = _json_term(term)
    value = described["value"]
    bad = _NOT_XML.search(value)
    if bad:
        raise Unrepresentable(f"a value holds U+{ord(bad.group()):04X}, which XML 1.0 cannot carry")
    if described["type"] == "uri":
        return f"<uri>{escape(value)}</uri>"
    if described["type"] == "bnode":
        return f"<bnode>{escape(value)}</bnode>"
    if "xml:lang" in described:
        return f"<literal xml:lang={quoteattr(described['xml:lang'])}>{escape(value)}</literal>"
    if "datatype" in described:
        return f"<literal datatype={quoteattr(described['datatype'])}>{escape(value)}</literal>"
    return f"<literal>{escape(value)}</literal>"


def _check_well_formed(data: bytes) -> None:
    """Refuse RDF/XML that pyoxigraph wrote but no XML parser would read."""
    try:
        expat.ParserCreate(namespace_separator=" ").Parse(data, True)
    except expat.ExpatError as error:
        raise Unrepresentable(f"the graph cannot be written as RDF/XML ({error}): a predicate IRI ending in '/' or '#', or a character XML 1.0 cannot carry") from error


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
