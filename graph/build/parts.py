"""One facts file's part of duikou.nt and duikou.ttl, made from that file alone.

A part holds one block per entity of its file: the entity's triples, sorted, as N-Triples
lines and as a Turtle block. The outputs are every part's blocks in subject order, which is
exactly what writing all triples sorted gives; but a part depends on nothing but its file, so
parts are made in parallel and kept in the build cache, and editing one file remakes one part.

Two things in a block do come from other files:
- an observation's value, typed by its measure's kind (``3`` is a count, or 3.0 yuan when the
  measure counts money): it stands in the block as a marker until the outputs are written
  (``fill``);
- the ``dk:pairedWith`` links that pairings state between their parties: a part records,
  for each entity that can be a party, where in its block those links sort to, and they are
  put in there when the outputs are written (``with_links``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.facts.loader import FactSet, Record
from graph.facts.model import PAIRABLE_TYPES
from graph.facts.values import Quantity
from graph.rdf.convert import MARKER, PAIRED_WITH, TYPED, Obj, Triple, record_triples
from graph.rdf.serialize import both_forms, nt_object, ttl_object
from graph.rdf.vocab import DK, entity_iri

VALUE = DK + "value"


# A block: its subject, where it ends in the N-Triples and the Turtle text of its part, and
# for an entity that can be a pairing's party, where its pairedWith links go in each block
# (bytes from the block's start; -1 for other entities).
Block = tuple[str, int, int, int, int]


@dataclass(frozen=True)
class Part:
    """A file's blocks: N-Triples and Turtle text (Turtle empty when not asked for), in bytes
    of UTF-8."""

    ntriples: bytes
    turtle: bytes
    blocks: list[Block]
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
                continue  # a pairing's links between its parties: see with_links
            if observation and triple[1] == VALUE:
                own.add((subject, VALUE, (MARKER, record.id, "")))
            else:
                own.add(triple)
    return sorted(own)


def make_part(records: list[Record], turtle: bool = True) -> Part:
    triples = file_triples(records)
    pairable = {entity_iri(r.id) for r in records if r.type in PAIRABLE_TYPES}
    nt: list[bytes] = []
    ttl: list[bytes] = []
    blocks: list[Block] = []
    nt_end = ttl_end = 0
    start = 0
    while start < len(triples):
        subject = triples[start][0]
        end = start
        while end < len(triples) and triples[end][0] == subject:
            end += 1
        block = triples[start:end]
        lines, head, groups = both_forms(subject, block, turtle)
        nt.append("".join(lines).encode("utf-8"))
        nt_end += len(nt[-1])
        nt_insert = ttl_insert = -1
        if subject in pairable:
            # Where pairedWith links sort to: before the first greater predicate.
            before = next((i for i, t in enumerate(block) if t[1] > PAIRED_WITH), len(block))
            nt_insert = len("".join(lines[:before]).encode("utf-8"))
        if turtle:
            ttl.append((head + " ;\n".join(text for _, text in groups) + " .\n").encode("utf-8"))
            ttl_end += len(ttl[-1])
            if subject in pairable:
                # rdf:type comes first, always: the links follow it or a lesser predicate.
                after = 1 + sum(1 for predicate, _ in groups[1:] if predicate < PAIRED_WITH)
                ttl_insert = len((head + " ;\n".join(text for _, text in groups[:after])).encode("utf-8"))
        blocks.append((subject, nt_end, ttl_end, nt_insert, ttl_insert))
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


def with_links(block: bytes, insert: int, partners: list[Triple], turtle: bool) -> bytes:
    """A party's block with its pairedWith links put in at ``insert`` (see make_part)."""
    if turtle:
        links_text = " ;\n    dk:pairedWith " + ", ".join(ttl_object(o) for _, _, o in partners)
    else:
        links_text = "".join(f"<{s}> <{p}> {nt_object(o)} .\n" for s, p, o in partners)
    return block[:insert] + links_text.encode("utf-8") + block[insert:]


def fill(data: bytes, found: Links, turtle: bool) -> bytes:
    """Replace the markers in blocks (UTF-8) by the values they stand for."""
    if b"\x00" not in data:
        return data
    pieces = data.split(b"\x00")
    render = ttl_object if turtle else nt_object
    for index in range(1, len(pieces), 2):
        pieces[index] = render(found.values[pieces[index].decode("utf-8")]).encode("utf-8")
    return b"".join(pieces)
