"""One facts file's part of duikou.nt and duikou.ttl, made from that file alone.

A part holds one block per entity of its file: the entity's triples, sorted, as N-Triples
lines and as a Turtle block. The outputs are every part's blocks in subject order, which is
exactly what writing all triples sorted gives; but a part depends on nothing but its file, so
parts are made in parallel and kept in the build cache, and editing one file remakes one part.

Two things in a block do come from other files:
- an observation's value, typed by its measure's kind (``3`` is a count, or 3.0 yuan when the
  measure counts money): it stands in the block as a marker until the outputs are written
  (``fill``);
- the ``dk:pairedWith`` links that pairings state between their parties: the few blocks of
  entities that are a pairing's party are made again, whole, when the outputs are written
  (``party_block``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .convert import MARKER, PAIRED_WITH, TYPED, Obj, Triple, record_triples
from .facts import FactSet, Record
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
    """What depends on other files: observation values (by id), each party's pairedWith
    triples (by subject IRI)."""

    values: dict[str, Obj]
    partners: dict[str, list[Triple]]


def file_triples(records: Iterable[Record]) -> list[Triple]:
    """A file's own triples, sorted, with markers for what other files decide."""
    own: set[Triple] = set()
    for record in records:
        subject = entity_iri(record.id)
        observation = record.type == "Observation"
        for triple in record_triples(record):
            if triple[0] != subject:
                continue  # a pairing's links between its parties: see party_block
            if observation and triple[1] == VALUE:
                own.add((subject, VALUE, (MARKER, record.id, "")))
            else:
                own.add(triple)
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
    return Part(b"".join(nt), b"".join(ttl), blocks, len(triples))


def links(facts: FactSet) -> Links:
    """Every observation's value, typed by its measure (after the checks have settled it), and
    every pairing party's partners."""
    values: dict[str, Obj] = {}
    partners: dict[str, set[Triple]] = {}
    for record in facts.records.values():
        if record.type == "Observation":
            value = record.values["value"]
            assert isinstance(value, Quantity)
            values[record.id] = (TYPED, value.lexical, value.datatype)
        elif record.type == "Pairing":
            subject = entity_iri(record.id)
            for triple in record_triples(record):
                if triple[0] != subject and triple[1] == PAIRED_WITH:
                    partners.setdefault(triple[0], set()).add(triple)
    return Links(values, {party: sorted(triples) for party, triples in partners.items()})


def link_count(found: Links) -> int:
    return sum(len(triples) for triples in found.partners.values())


def party_block(record: Record, found: Links, turtle: bool) -> bytes:
    """The whole block of an entity that is a pairing's party, with its pairedWith links."""
    triples = sorted({*file_triples([record]), *found.partners[entity_iri(record.id)]})
    text = "".join(turtle_blocks(triples) if turtle else ntriples_lines(triples))
    return fill(text, found, turtle).encode("utf-8")


def fill(text: str, found: Links, turtle: bool) -> str:
    """Replace the markers in blocks by the values they stand for."""
    if _MARK not in text:
        return text
    pieces = text.split(_MARK)
    render = ttl_object if turtle else nt_object
    for index in range(1, len(pieces), 2):
        pieces[index] = render(found.values[pieces[index]])
    return "".join(pieces)
