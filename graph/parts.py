"""One facts file's part of duikou.nt and duikou.ttl, made from that file alone.

A part holds one block per entity of its file: the entity's triples, sorted, as N-Triples
lines and as a Turtle block. The outputs are every part's blocks in subject order, which is
exactly what writing all triples sorted gives; but a part depends on nothing but its file, so
parts are made in parallel and kept in the build cache, and editing one file remakes one part.

Two things in a block do come from other files, and stand in it as markers until the outputs
are written (``fill``):
- an observation's value, typed by its measure's kind (``3`` is a count, or 3.0 yuan when the
  measure counts money);
- the ``dk:pairedWith`` links that pairings (in other files) state between their parties: every
  entity that can be a party has a slot at the place those links sort to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .convert import IRI, MARKER, PAIRED_WITH, SLOT, TYPED, Obj, Triple, record_triples
from .facts import FactSet, Record
from .model import PAIRABLE_TYPES
from .serialize import nt_object, ntriples_lines, ttl_object, turtle_blocks
from .values import Quantity
from .vocab import DK, entity_iri

VALUE = DK + "value"
_MARK = "\x00"


@dataclass(frozen=True)
class Part:
    """A file's blocks: N-Triples and Turtle text (Turtle empty when not asked for), and for each
    block its subject and where it ends in each text (in bytes of UTF-8)."""

    ntriples: bytes
    turtle: bytes
    blocks: list[tuple[str, int, int]]
    triples: int


@dataclass
class Links:
    """What the markers stand for: observation values, and each party's pairedWith targets."""

    values: dict[str, Obj]
    partners: dict[str, list[str]]


def file_triples(records: Iterable[Record]) -> list[Triple]:
    """A file's own triples, sorted, with markers for what other files decide."""
    own: set[Triple] = set()
    for record in records:
        subject = entity_iri(record.id)
        observation = record.type == "Observation"
        for triple in record_triples(record):
            if triple[0] != subject:
                continue  # a pairing's links between its parties: filled into their slots
            if observation and triple[1] == VALUE:
                own.add((subject, VALUE, (MARKER, record.id, "")))
            else:
                own.add(triple)
        if record.type in PAIRABLE_TYPES:
            own.add((subject, PAIRED_WITH, (SLOT, record.id, "")))
    return sorted(own)


def make_part(records: list[Record], turtle: bool = True) -> Part:
    triples = file_triples(records)
    nt: list[bytes] = []
    ttl: list[bytes] = []
    blocks: list[tuple[str, int, int]] = []
    nt_end = ttl_end = 0
    start = 0
    while start < len(triples):
        subject = triples[start][0]
        end = start
        while end < len(triples) and triples[end][0] == subject:
            end += 1
        block = triples[start:end]
        nt.append("".join(ntriples_lines(block)).encode("utf-8"))
        nt_end += len(nt[-1])
        if turtle:
            ttl.append("".join(turtle_blocks(block)).encode("utf-8"))
            ttl_end += len(ttl[-1])
        blocks.append((subject, nt_end, ttl_end))
        start = end
    counted = sum(1 for t in triples if t[2][0] != SLOT)
    return Part(b"".join(nt), b"".join(ttl), blocks, counted)


def links(facts: FactSet) -> Links:
    """Every observation's value, typed by its measure (after the checks have settled it), and
    every pairing party's partners."""
    values: dict[str, Obj] = {}
    partners: dict[str, set[str]] = {}
    for record in facts.records.values():
        if record.type == "Observation":
            value = record.values["value"]
            assert isinstance(value, Quantity)
            values[record.id] = (TYPED, value.lexical, value.datatype)
        elif record.type == "Pairing":
            subject = entity_iri(record.id)
            for s, p, o in record_triples(record):
                if s != subject and p == PAIRED_WITH:
                    partners.setdefault(s[len(entity_iri("")) :], set()).add(o[1])
    return Links(values, {party: sorted(targets) for party, targets in partners.items()})


def link_count(found: Links) -> int:
    return sum(len(targets) for targets in found.partners.values())


def fill(text: str, found: Links, turtle: bool) -> str:
    """Replace the markers in blocks by what they stand for."""
    if _MARK not in text:
        return text
    pieces = text.split(_MARK)
    for index in range(1, len(pieces), 2):
        piece = pieces[index]
        if piece.startswith("@"):
            entry_id = piece[1:]
            targets = found.partners.get(entry_id, [])
            if not targets:
                pieces[index] = ""
            elif turtle:
                pieces[index] = " ;\n    dk:pairedWith " + ", ".join(ttl_object((IRI, t, "")) for t in targets)
            else:
                subject = entity_iri(entry_id)
                pieces[index] = "".join(f"<{subject}> <{PAIRED_WITH}> <{t}> .\n" for t in targets)
        else:
            pieces[index] = (ttl_object if turtle else nt_object)(found.values[piece])
    return "".join(pieces)
