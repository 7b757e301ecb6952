"""Turning validated records into triples.

A triple is ``(subject IRI, predicate IRI, object)`` where the object is a tuple
``(kind, value, extra)``: kind IRI with extra "", kind LANG with the language tag, or kind
TYPED with the datatype IRI ("" for a plain xsd:string); kind MARKER only inside graph.build.parts. Plain tuples of strings keep the
build fast and sort into a deterministic order; rdflib terms are made only for the Python API.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graph.facts import model
from graph.facts.loader import FactSet, Record
from graph.facts.values import DateValue, Quantity
from graph.rdf.vocab import DK, ENUM_SCHEMES, RDF_TYPE, class_iri, entity_iri, enum_iri, expand, field_concept_iri

IRI, LANG, TYPED = 0, 1, 2
# An object written as a marker, replaced when the output is assembled (see graph.build.parts): a
# value known only once other files are read.
MARKER = 3
Obj = tuple[int, str, str]
Triple = tuple[str, str, Obj]

PAIRED_WITH = DK + "pairedWith"
AS_WKT = expand("geo:asWKT")
WKT_LITERAL = expand("geo:wktLiteral")
XSD_DECIMAL = expand("xsd:decimal")
INFERRED_PROPERTY = DK + "inferredProperty"
INFERENCE_NOTE = DK + "inferenceNote"
_PREDICATES: dict[str, str] = {}  # dk:partOf -> its IRI, for the few predicates of the model


def record_triples(record: Record) -> Iterator[Triple]:
    """The triples one entry states about itself (and, for pairings, about its parties)."""
    subject = entity_iri(record.id)
    yield (subject, RDF_TYPE, (IRI, class_iri(record.type), ""))
    entry_type = record.entry_type
    for spec in entry_type.fields:
        value = record.values.get(spec.name)
        if value is None:
            continue
        if spec.kind == model.INFERENCES:
            yield from _inferences(subject, entry_type, value)
            continue
        assert spec.predicate is not None
        predicate = _PREDICATES.get(spec.predicate) or _PREDICATES.setdefault(spec.predicate, expand(spec.predicate))
        for obj in _objects(record.type, spec, value):
            yield (subject, predicate, obj)
    if record.type == "Pairing":
        for developed in record.values["developed"]:
            for old_area in record.values["old_area"]:
                yield (entity_iri(developed), PAIRED_WITH, (IRI, entity_iri(old_area), ""))
                yield (entity_iri(old_area), PAIRED_WITH, (IRI, entity_iri(developed), ""))
    elif record.type == "Location":
        # The GeoSPARQL form that GIS tools read: the point as WKT in CRS84 (longitude first),
        # GeoSPARQL's default reference system. The place's geo:hasGeometry is the inverse of
        # dk:locationOf (declared in the ontology), not stated: an entry states triples about
        # itself only, so that each file's part of the outputs depends on that file alone.
        values = record.values
        yield (subject, AS_WKT, (TYPED, f"POINT({values['long']} {values['lat']})", WKT_LITERAL))


def _objects(type_name: str, spec: model.Field, value: Any) -> Iterator[Obj]:
    kind = spec.kind
    if kind == model.TEXT:
        yield (TYPED, value, "")
    elif kind == model.LANG_TEXT:
        for lang in sorted(value):
            yield (LANG, value[lang], lang)
    elif kind == model.LANG_TEXTS:
        for lang in sorted(value):
            for text in value[lang]:
                yield (LANG, text, lang)
    elif kind == model.TEXTS:
        for text in value:
            yield (LANG, text, spec.lang) if spec.lang else (TYPED, text, "")
    elif kind in (model.REF, model.REFS):
        refs = [value] if kind == model.REF else value
        make = field_concept_iri if spec.targets == ("Field",) else entity_iri
        for ref in refs:
            yield (IRI, make(ref), "")
    elif kind == model.DATE:
        assert isinstance(value, DateValue)
        yield (TYPED, value.lexical, value.datatype)
    elif kind in (model.MONEY, model.QUANTITY):
        assert isinstance(value, Quantity)
        yield (TYPED, value.lexical, value.datatype)
    elif kind == model.ENUM:
        yield (IRI, enum_iri(ENUM_SCHEMES[(type_name, spec.name)], value), "")
    elif kind == model.URL:
        yield (IRI, value, "")
    elif kind == model.DEGREES:
        yield (TYPED, str(value), XSD_DECIMAL)
    else:  # pragma: no cover
        raise AssertionError(kind)


def _inferences(subject: str, entry_type: model.EntryType, inferred: dict[str, str]) -> Iterator[Triple]:
    by_name = {f.name: f for f in entry_type.fields}
    for name in sorted(inferred):
        predicate = by_name[name].predicate
        if predicate:
            yield (subject, INFERRED_PROPERTY, (IRI, expand(predicate), ""))
        yield (subject, INFERENCE_NOTE, (TYPED, f"{name}: {inferred[name]}", ""))


def fact_triples(facts: FactSet) -> list[Triple]:
    """Every triple of a fact set, deduplicated and sorted."""
    triples: set[Triple] = set()
    for record in facts.records.values():
        triples.update(record_triples(record))
    return sorted(triples)
