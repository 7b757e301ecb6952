"""Writing sorted triples as N-Triples, Turtle and JSON-LD, byte for byte the same each time.

The writers work on graph.rdf.convert's plain triples. The graph has no blank nodes, so every
output is fully determined by the sorted triples and the fixed prefix table.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from itertools import groupby

from graph.rdf.convert import IRI, LANG, MARKER, Obj, Triple
from graph.rdf.vocab import PREFIXES, RDF_TYPE

XSD = PREFIXES["xsd"]
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
# Local names written as prefixed names; anything else is written as a full <IRI>.
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_\-.]*[A-Za-z0-9_\-])?$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
# Longest namespace first, so that a namespace inside another is matched precisely.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(0)
    return _ESCAPES.get(char) or f"\\u{ord(char):04X}"


def quote(text: str) -> str:
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, text) + '"'


def marker(entry_id: str) -> str:
    """Where a value filled in later goes (NUL never occurs in output: quote() escapes it)."""
    return f"\x00{entry_id}\x00"


def nt_object(obj: Obj) -> str:
    kind, value, extra = obj
    if kind == IRI:
        return f"<{value}>"
    if kind == LANG:
        return f"{quote(value)}@{extra}"
    if kind == MARKER:
        return marker(value)
    if extra:
        return f"{quote(value)}^^<{extra}>"
    return quote(value)


def ntriples_lines(triples: Iterable[Triple]) -> Iterator[str]:
    for s, p, o in triples:
        yield f"<{s}> <{p}> {nt_object(o)} .\n"


def compact(iri: str) -> str | None:
    name = _ttl_iri(iri)
    return None if name.startswith("<") else name


def _compact(iri: str) -> str | None:
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if _LOCAL.fullmatch(local):
                return f"{prefix}:{local}"
            return None
    return None


def _ttl_iri(iri: str) -> str:
    name = _TTL_NAMES.get(iri)
    if name is None:
        name = _compact(iri) or f"<{iri}>"
        if len(_TTL_NAMES) < _TTL_NAMES_MAX:
            _TTL_NAMES[iri] = name
    return name


# Predicates, classes and referenced entities recur on every block: how each is written is
# remembered (up to a bound, so that memory stays flat on any input).
_TTL_NAMES: dict[str, str] = {}
_TTL_NAMES_MAX = 200_000


def ttl_object(obj: Obj) -> str:
    kind, value, extra = obj
    if kind == IRI:
        return _ttl_iri(value)
    if kind == LANG:
        return f"{quote(value)}@{extra}"
    if kind == MARKER:
        return marker(value)
    if extra == XSD + "integer" and _INTEGER.match(value):
        return value
    if extra == XSD + "decimal" and _DECIMAL.match(value):
        return value
    if extra:
        return f"{quote(value)}^^{_ttl_iri(extra)}"
    return quote(value)


def both_forms(subject: str, rows: list[Triple], turtle: bool = True) -> tuple[list[str], str, list[tuple[str, str]]]:
    """One subject's sorted triples as N-Triples lines and as Turtle pieces (turtle_groups), made
    in one pass that quotes each literal once: the build makes both for every entity."""
    head = f"<{subject}> "
    lines = []
    groups: list[tuple[str, str]] = []
    previous = ""
    values: list[str] = []
    integer, decimal = XSD + "integer", XSD + "decimal"
    for _, predicate, (kind, value, extra) in rows:
        if kind == IRI:
            nt, ttl = f"<{value}>", _ttl_iri(value) if turtle else ""
        elif kind == LANG:
            quoted = quote(value)
            nt = ttl = f"{quoted}@{extra}"
        elif kind == MARKER:
            nt = ttl = marker(value)
        elif extra:
            quoted = quote(value)
            nt = f"{quoted}^^<{extra}>"
            if (extra == integer and _INTEGER.match(value)) or (extra == decimal and _DECIMAL.match(value)):
                ttl = value
            else:
                ttl = f"{quoted}^^{_ttl_iri(extra)}" if turtle else ""
        else:
            nt = ttl = quote(value)
        lines.append(f"{head}<{predicate}> {nt} .\n")
        if not turtle:
            continue
        if predicate != previous and values:
            groups.append((previous, ", ".join(values)))
            values = []
        previous = predicate
        values.append(ttl)
    if not turtle:
        return lines, "", []
    if values:
        groups.append((previous, ", ".join(values)))
    pieces = [(p, f"    {'a' if p == RDF_TYPE else _ttl_iri(p)} {text}") for p, text in groups]
    # Sorted by predicate already: only rdf:type moves to the front.
    if pieces and pieces[0][0] != RDF_TYPE:
        pieces = [g for g in pieces if g[0] == RDF_TYPE] + [g for g in pieces if g[0] != RDF_TYPE]
    return lines, f"\n{_ttl_iri(subject)}\n", pieces


def turtle_chunks(triples: Iterable[Triple]) -> Iterator[str]:
    """Turtle: prefixes, then one block per subject; rdf:type first as ``a``."""
    yield turtle_header()
    yield from turtle_blocks(triples)


def turtle_header() -> str:
    return "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in PREFIXES.items())


def turtle_blocks(triples: Iterable[Triple]) -> Iterator[str]:
    """One block per subject of sorted triples; rdf:type first as ``a``."""
    for subject, group in groupby(triples, key=lambda t: t[0]):
        head, groups = turtle_groups(subject, list(group))
        yield head + " ;\n".join(text for _, text in groups) + " .\n"


def turtle_groups(subject: str, rows: list[Triple]) -> tuple[str, list[tuple[str, str]]]:
    """A subject's block in pieces: its head, then each predicate with its line, in order."""
    # Sorted already by predicate and object: only rdf:type moves to the front.
    types = [t for t in rows if t[1] == RDF_TYPE]
    if types and rows[0][1] != RDF_TYPE:
        rows = types + [t for t in rows if t[1] != RDF_TYPE]
    groups = []
    for predicate, objects in groupby(rows, key=lambda t: t[1]):
        name = "a" if predicate == RDF_TYPE else _ttl_iri(predicate)
        values = ", ".join(ttl_object(t[2]) for t in objects)
        groups.append((predicate, f"    {name} {values}"))
    return f"\n{_ttl_iri(subject)}\n", groups


def _jsonld_object(obj: Obj) -> dict[str, str]:
    kind, value, extra = obj
    if kind == IRI:
        return {"@id": compact(value) or value}
    if kind == LANG:
        return {"@value": value, "@language": extra}
    if extra:
        return {"@value": value, "@type": compact(extra) or extra}
    return {"@value": value}


def jsonld_text(triples: Iterable[Triple]) -> str:
    """JSON-LD with the prefix table as context, one node object per subject."""
    nodes = []
    for subject, group in groupby(triples, key=lambda t: t[0]):
        node: dict[str, object] = {"@id": compact(subject) or subject}
        for predicate, objects in groupby(group, key=lambda t: t[1]):
            if predicate == RDF_TYPE:
                node["@type"] = [compact(t[2][1]) or t[2][1] for t in objects]
            else:
                node[compact(predicate) or predicate] = [_jsonld_object(t[2]) for t in objects]
        nodes.append(node)
    document = {"@context": dict(PREFIXES), "@graph": nodes}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
