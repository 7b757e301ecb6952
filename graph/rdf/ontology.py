"""Generating the OWL ontology and the SHACL shapes from the model.

Both files are written by a small Turtle writer rather than by rdflib's serializer, so that
they are byte for byte the same on every run: subjects come in a fixed order, and every shape
has an IRI under ``dksh:``, so no blank-node label is ever written (the only blank nodes are
the RDF lists of ``sh:in`` and ``sh:or``, written inline as ``( ... )``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.facts import model
from graph.rdf.serialize import quote
from graph.rdf.terms import Text, terms
from graph.rdf.vocab import DK, ENUM_SCHEMES, ONTOLOGY_IRI, PREFIXES, SHAPES_IRI

VERSION = "0.1.0"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
DKSH = SHAPES_IRI + "#"
ONTOLOGY_PREFIXES = {**PREFIXES, "vann": "http://purl.org/vocab/vann/"}
SHAPES_PREFIXES = {**PREFIXES, "dksh": DKSH}
FIELD_SCHEME = "field"

_ALL_PREFIXES = {**ONTOLOGY_PREFIXES, **SHAPES_PREFIXES}

# Properties the converter writes that no model field names (see graph.rdf.convert).
PAIRED_WITH, INFERRED_PROPERTY, INFERENCE_NOTE = "pairedWith", "inferredProperty", "inferenceNote"

# Field kinds whose values are IRIs; every other kind gives literals.
_OBJECT_KINDS = (model.REF, model.REFS, model.ENUM, model.URL)
_SINGLE_KINDS = (model.TEXT, model.REF, model.DATE, model.MONEY, model.QUANTITY, model.INTEGER, model.DEGREES, model.ENUM, model.URL)
_DATE_TYPES = ("xsd:date", "xsd:gYearMonth", "xsd:gYear")
_NUMBER_TYPES = ("xsd:integer", "xsd:decimal")
_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")


# -- A deterministic Turtle writer ---------------------------------------------------------


@dataclass
class _Block:
    """One subject with its predicates and objects, all already written as Turtle terms."""

    subject: str
    rows: list[tuple[str, list[str]]] = field(default_factory=list)

    def add(self, predicate: str, *objects: str) -> _Block:
        if objects:
            self.rows.append((predicate, list(objects)))
        return self

    def text(self) -> str:
        lines = []
        for predicate, objects in self.rows:
            joined = ", ".join(objects)
            if len(joined) > 100 and len(objects) > 1:
                joined = ",\n        ".join(objects)
            lines.append(f"    {predicate} {joined}")
        return f"{self.subject}\n" + " ;\n".join(lines) + " .\n"


def _document(prefixes: dict[str, str], sections: Iterable[tuple[str, list[_Block]]]) -> str:
    parts = [f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in prefixes.items()]
    for title, blocks in sections:
        parts.append(f"\n# {title}\n")
        parts.extend("\n" + block.text() for block in blocks)
    return "".join(parts)


def _iri(curie: str) -> str:
    """A CURIE as Turtle; a full IRI when the local name is not a valid prefixed name."""
    prefix, _, local = curie.partition(":")
    if prefix not in _ALL_PREFIXES:
        raise ValueError(f"unknown prefix in {curie!r}")
    return curie if _LOCAL.match(local) else f"<{_ALL_PREFIXES[prefix]}{local}>"


def _local(curie: str) -> str:
    return curie.partition(":")[2]


def _lang(text: str, lang: str) -> str:
    return f"{quote(text)}@{lang}"


def _list(items: Iterable[str]) -> str:
    return "( " + " ".join(items) + " )"


def _labelled(block: _Block, text: Text, label: str = "rdfs:label") -> _Block:
    return block.add(label, _lang(text.en, "en"), _lang(text.zh, "zh")).add(
        "skos:definition", _lang(text.definition_en, "en"), _lang(text.definition_zh, "zh")
    )


# -- What the model says about each property ------------------------------------------------


@dataclass
class PropertyUse:
    """Everything the model says about one dk: property, over all the types that use it."""

    name: str
    kinds: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)
    ranges: set[str] = field(default_factory=set)
    schemes: set[str] = field(default_factory=set)

    @property
    def owl_type(self) -> str:
        if self.name in terms().annotation_properties:
            return "owl:AnnotationProperty"
        object_kinds = {k in _OBJECT_KINDS for k in self.kinds}
        if len(object_kinds) != 1:
            raise ValueError(f"dk:{self.name} is used both for IRIs and for literals: {sorted(self.kinds)}")
        return "owl:ObjectProperty" if object_kinds.pop() else "owl:DatatypeProperty"


def _ranges(spec: model.Field) -> tuple[str, ...]:
    kind = spec.kind
    if kind in (model.REF, model.REFS):
        return ("skos:Concept",) if spec.targets == ("Field",) else tuple(f"dk:{t}" for t in spec.targets)
    return {
        model.ENUM: ("skos:Concept",),
        model.DATE: _DATE_TYPES,
        model.MONEY: ("xsd:decimal",),
        model.QUANTITY: _NUMBER_TYPES,
        model.INTEGER: ("xsd:integer",),
        model.DEGREES: ("xsd:decimal",),
        model.TEXT: ("xsd:string",),
        model.LANG_TEXT: ("rdf:langString",),
        model.LANG_TEXTS: ("rdf:langString",),
        model.TEXTS: ("rdf:langString",) if spec.lang else ("xsd:string",),
    }.get(kind, ())


def property_uses() -> dict[str, PropertyUse]:
    """Every dk: property: the model's fields, plus those the converter derives."""
    uses: dict[str, PropertyUse] = {}
    inferring: set[str] = set()
    for entry_type in model.ENTRY_TYPES:
        for spec in entry_type.fields:
            if spec.kind == model.INFERENCES:
                inferring.add(entry_type.name)
                continue
            if not spec.predicate or not spec.predicate.startswith("dk:"):
                continue
            name = spec.predicate[3:]
            use = uses.setdefault(name, PropertyUse(name))
            use.kinds.add(spec.kind)
            use.domains.add(f"dk:{entry_type.name}")
            use.ranges.update(_ranges(spec))
            if spec.kind == model.ENUM:
                use.schemes.add(ENUM_SCHEMES[(entry_type.name, spec.name)])
            elif spec.targets == ("Field",):
                use.schemes.add(FIELD_SCHEME)
    pairable = {f"dk:{t}" for t in model.PAIRABLE_TYPES}
    uses[PAIRED_WITH] = PropertyUse(PAIRED_WITH, {model.REFS}, set(pairable), set(pairable))
    domains = {f"dk:{t}" for t in inferring}
    uses[INFERRED_PROPERTY] = PropertyUse(INFERRED_PROPERTY, {model.REFS}, domains, {"rdf:Property"})
    uses[INFERENCE_NOTE] = PropertyUse(INFERENCE_NOTE, {model.TEXT}, set(domains), {"xsd:string"})
    return dict(sorted(uses.items()))


def enum_schemes() -> dict[str, tuple[str, ...]]:
    """Each enum scheme with its values, in the model's order."""
    schemes: dict[str, tuple[str, ...]] = {}
    for (type_name, field_name), scheme in ENUM_SCHEMES.items():
        spec = next(f for f in model.ENTRY_TYPE_BY_NAME[type_name].fields if f.name == field_name)
        if schemes.setdefault(scheme, spec.values) != spec.values:
            raise ValueError(f"scheme {scheme!r} is given two different value lists")
    return dict(sorted(schemes.items()))


def scheme_curie(scheme: str) -> str:
    return f"dk:scheme-{scheme}"


def concept_curie(scheme: str, value: str) -> str:
    return f"dk:{scheme}-{value}"


# -- The ontology ----------------------------------------------------------------------------


def _add_alignments(block: _Block, curie: str) -> None:
    """Specialisations first (rdfs:sub...Of sorts before skos:...Match), then the mappings."""
    pairs = sorted((p, o) for s, p, o in terms().alignments if s == curie)
    for predicate in dict.fromkeys(p for p, _ in pairs):
        block.add(predicate, *(_iri(o) for p, o in pairs if p == predicate))


def _ontology_block(iri: str, text: Text) -> _Block:
    """The owl:Ontology header both files share: title, description, version, licence."""
    return (
        _Block(f"<{iri}>")
        .add("a", "owl:Ontology")
        .add("dcterms:title", _lang(text.en, "en"), _lang(text.zh, "zh"))
        .add("dcterms:description", _lang(text.definition_en, "en"), _lang(text.definition_zh, "zh"))
        .add("owl:versionInfo", quote(VERSION))
        .add("dcterms:license", f"<{LICENSE}>")
    )


def _header() -> _Block:
    return (
        _ontology_block(ONTOLOGY_IRI, terms().ontology)
        .add("vann:preferredNamespacePrefix", quote("dk"))
        .add("vann:preferredNamespaceUri", quote(DK))
    )


def _class_blocks() -> list[_Block]:
    blocks = []
    for name in sorted(t.name for t in model.ENTRY_TYPES):
        curie = f"dk:{name}"
        block = _labelled(_Block(curie).add("a", "owl:Class"), terms().classes[name])
        _add_alignments(block, curie)
        blocks.append(block.add("rdfs:isDefinedBy", f"<{ONTOLOGY_IRI}>"))
    return blocks


def _property_blocks() -> list[_Block]:
    blocks = []
    for name, use in property_uses().items():
        curie = f"dk:{name}"
        types = [use.owl_type] + (["owl:SymmetricProperty"] if name in terms().symmetric_properties else [])
        block = _labelled(_Block(curie).add("a", *types), terms().properties[name])
        block.add("schema:domainIncludes", *sorted(use.domains))
        block.add("schema:rangeIncludes", *sorted(use.ranges))
        block.add("rdfs:seeAlso", *(scheme_curie(s) for s in sorted(use.schemes)))
        _add_alignments(block, curie)
        blocks.append(block.add("rdfs:isDefinedBy", f"<{ONTOLOGY_IRI}>"))
    return blocks


def _scheme_blocks(scheme: str, concepts: list[tuple[str, str, Text]]) -> list[_Block]:
    """A concept scheme and its concepts; ``concepts`` holds (curie, notation, text)."""
    curie = scheme_curie(scheme)
    head = _labelled(_Block(curie).add("a", "skos:ConceptScheme"), terms().schemes[scheme], "skos:prefLabel")
    head.add("skos:hasTopConcept", *(c for c, _, _ in concepts)).add("rdfs:isDefinedBy", f"<{ONTOLOGY_IRI}>")
    blocks = [head]
    for concept, notation, text in concepts:
        block = _labelled(_Block(concept).add("a", "skos:Concept"), text, "skos:prefLabel")
        block.add("skos:notation", quote(notation)).add("skos:inScheme", curie).add("skos:topConceptOf", curie)
        blocks.append(block)
    return blocks


def _concept_sections() -> list[tuple[str, list[_Block]]]:
    fields = [(f"dk:field-{f.id}", f.id, Text(f.en, f.zh, f.definition_en, f.definition_zh)) for f in model.COOPERATION_FIELDS]
    sections = [("Concept scheme: cooperation fields", _scheme_blocks(FIELD_SCHEME, fields))]
    for scheme, values in enum_schemes().items():
        concepts = [(concept_curie(scheme, v), v, terms().concepts[f"{scheme}-{v}"]) for v in values]
        sections.append((f"Concept scheme: {terms().schemes[scheme].en.lower()}", _scheme_blocks(scheme, concepts)))
    return sections


def ontology_turtle() -> str:
    """The OWL ontology with its SKOS concept schemes, as Turtle."""
    sections = [
        ("Ontology", [_header()]),
        ("Classes", _class_blocks()),
        ("Properties", _property_blocks()),
        *_concept_sections(),
    ]
    return _document(ONTOLOGY_PREFIXES, sections)


# -- The shapes ------------------------------------------------------------------------------


def _shape_name(type_name: str, predicate: str) -> str:
    return f"dksh:{type_name}-{_local(predicate)}"


def _targets_text(targets: tuple[str, ...]) -> str:
    names = list(targets)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _expectation(spec: model.Field) -> tuple[str, str]:
    """What a field's value must be, and how to write it in YAML."""
    name, kind = spec.name, spec.kind
    if kind == model.LANG_TEXT:
        return "a text by language, at most one per language, tagged zh or en", f"write `{name}: {{zh: ..., en: ...}}`"
    if kind == model.LANG_TEXTS:
        return "texts by language, tagged zh or en", f"write `{name}: {{zh: [...], en: [...]}}`"
    if kind == model.TEXTS:
        language = " in Chinese (zh)" if spec.lang == "zh" else ""
        return f"a list of texts{language}", f"write `{name}: [..., ...]`"
    if kind == model.TEXT:
        return "one plain text", f"write `{name}: ...` as a string"
    if kind in (model.REF, model.REFS) and spec.targets == ("Field",):
        ids = ", ".join(f.id for f in model.COOPERATION_FIELDS)
        return "a list of cooperation-field ids", f"write `{name}: [...]` with ids from: {ids}"
    if kind == model.REF:
        what = _targets_text(spec.targets)
        return f"the id of one {what} entry", f"write `{name}: <id>` with the id of an existing {what}"
    if kind == model.REFS:
        what = _targets_text(spec.targets)
        if spec.targets == ("Source",):
            return "a list of Source ids", f"write `{name}: [src-...]` citing sources listed under `sources:`"
        return f"a list of ids of {what} entries", f"write `{name}: [<id>, ...]` with ids of existing entries of those types"
    if kind == model.DATE:
        return "one date", f"write `{name}:` as YYYY, YYYY-MM or YYYY-MM-DD"
    if kind == model.MONEY:
        return "one amount of money in yuan", f"write `{name}:` as the text gives it, such as 30亿元 or 3000万元"
    if kind == model.QUANTITY:
        return "one number (a count, yuan or a percentage)", f"write `{name}:` as the text gives it, such as 83, 6万, 109亿元 or 305.7%"
    if kind == model.INTEGER:
        return "one whole number", f"write `{name}:` as a whole number"
    if kind == model.DEGREES:
        return "one number of decimal degrees", f"write `{name}:` as a plain number such as 26.263"
    if kind == model.ENUM:
        return "one of " + ", ".join(spec.values), f"write `{name}: {spec.values[0]}` or another of those values"
    if kind == model.URL:
        return "one web address", f"write `{name}:` as a full http:// or https:// URL"
    raise AssertionError(kind)  # pragma: no cover


def _message(type_name: str, spec: model.Field) -> str:
    what, fix = _expectation(spec)
    required = f"is required on every {type_name} and " if spec.required else ""
    return f"`{spec.name}` {required}must be {what}: {fix}."


def _value_constraints(spec: model.Field) -> list[tuple[str, str]]:
    """The constraints on each value of a field, as (predicate, object) Turtle."""
    kind = spec.kind
    if kind in (model.LANG_TEXT, model.LANG_TEXTS) or (kind == model.TEXTS and spec.lang):
        languages = (spec.lang,) if kind == model.TEXTS and spec.lang else ("en", "zh")
        rows = [("sh:datatype", "rdf:langString"), ("sh:languageIn", _list(quote(lang) for lang in languages))]
        return rows + ([("sh:uniqueLang", "true")] if kind == model.LANG_TEXT else [])
    if kind in (model.TEXT, model.TEXTS):
        return [("sh:datatype", "xsd:string")]
    if kind in (model.REF, model.REFS):
        if spec.targets == ("Field",):
            return [("sh:in", _list(f"dk:field-{f.id}" for f in model.COOPERATION_FIELDS))]
        if len(spec.targets) == 1:
            return [("sh:class", f"dk:{spec.targets[0]}")]
        return [("sh:or", _list(f"dksh:class-{t}" for t in spec.targets))]
    if kind == model.DATE:
        return [("sh:or", _list(f"dksh:datatype-{_local(t)}" for t in _DATE_TYPES))]
    if kind == model.MONEY:
        return [("sh:datatype", "xsd:decimal")]
    if kind == model.QUANTITY:
        return [("sh:or", _list(f"dksh:datatype-{_local(t)}" for t in _NUMBER_TYPES))]
    if kind == model.INTEGER:
        return [("sh:datatype", "xsd:integer")]
    if kind == model.DEGREES:
        limit = "90" if spec.name == "lat" else "180"
        return [("sh:datatype", "xsd:decimal"), ("sh:minInclusive", f"-{limit}"), ("sh:maxInclusive", limit)]
    if kind == model.URL:
        return [("sh:nodeKind", "sh:IRI"), ("sh:pattern", quote("^https?://"))]
    raise AssertionError(kind)  # pragma: no cover


def _enum_constraint(type_name: str, spec: model.Field) -> list[tuple[str, str]]:
    scheme = ENUM_SCHEMES[(type_name, spec.name)]
    return [("sh:in", _list(concept_curie(scheme, v) for v in spec.values))]


def _property_shape(type_name: str, spec: model.Field, predicate: str) -> _Block:
    block = _Block(_shape_name(type_name, predicate)).add("a", "sh:PropertyShape").add("sh:path", _iri(predicate))
    block.add("sh:name", quote(spec.name)).add("sh:description", _lang(spec.doc, "en"))
    if spec.required:
        block.add("sh:minCount", "1")
    if spec.kind in _SINGLE_KINDS:
        block.add("sh:maxCount", "1")
    constraints = _enum_constraint(type_name, spec) if spec.kind == model.ENUM else _value_constraints(spec)
    for constraint, value in constraints:
        block.add(constraint, value)
    block.add("sh:severity", "sh:Violation").add("sh:message", _lang(_message(type_name, spec), "en"))
    return block.add("dksh:yamlField", quote(spec.name))


def _inference_shapes(type_name: str, spec: model.Field) -> list[_Block]:
    """``inferred:`` becomes dk:inferredProperty (IRIs) and dk:inferenceNote (texts)."""
    message = (
        f"`{spec.name}` must map field names of this {type_name} to the reasoning: "
        f'write `{spec.name}: {{<field>: "how the value was inferred"}}`.'
    )
    shapes = []
    for predicate, rows in (
        (f"dk:{INFERRED_PROPERTY}", [("sh:nodeKind", "sh:IRI")]),
        (f"dk:{INFERENCE_NOTE}", [("sh:datatype", "xsd:string")]),
    ):
        block = _Block(_shape_name(type_name, predicate)).add("a", "sh:PropertyShape").add("sh:path", predicate)
        block.add("sh:name", quote(spec.name)).add("sh:description", _lang(spec.doc, "en"))
        for constraint, value in rows:
            block.add(constraint, value)
        block.add("sh:severity", "sh:Violation").add("sh:message", _lang(message, "en"))
        shapes.append(block.add("dksh:yamlField", quote(spec.name)))
    return shapes


def _type_shapes(entry_type: model.EntryType) -> list[_Block]:
    name = entry_type.name
    properties: list[_Block] = []
    for spec in entry_type.fields:
        if spec.kind == model.INFERENCES:
            properties.extend(_inference_shapes(name, spec))
        elif spec.predicate:
            properties.append(_property_shape(name, spec, spec.predicate))
    subjects = [p.subject for p in properties]
    if len(set(subjects)) != len(subjects):
        raise ValueError(f"{name}: two fields share a predicate, so their shapes would share a name")
    node = _Block(f"dksh:{name}").add("a", "sh:NodeShape").add("sh:targetClass", f"dk:{name}")
    text = terms().classes[name]
    node.add("rdfs:label", _lang(f"{text.en} shape", "en"), _lang(f"{text.zh}约束", "zh"))
    node.add("sh:property", *subjects)
    return [node, *properties]


def _helper_shapes() -> list[_Block]:
    """Named shapes that sh:or lists point at, so that no shape is a blank node."""
    blocks = [
        _Block(f"dksh:datatype-{_local(t)}").add("a", "sh:NodeShape").add("sh:datatype", t)
        for t in sorted(set(_DATE_TYPES + _NUMBER_TYPES))
    ]
    blocks += [
        _Block(f"dksh:class-{name}").add("a", "sh:NodeShape").add("sh:class", f"dk:{name}")
        for name in sorted(t.name for t in model.ENTRY_TYPES)
    ]
    return blocks


def _shapes_header() -> list[_Block]:
    header = _ontology_block(SHAPES_IRI, terms().shapes).add("rdfs:seeAlso", f"<{ONTOLOGY_IRI}>")
    annotation = (
        _Block("dksh:yamlField")
        .add("a", "owl:AnnotationProperty")
        .add("rdfs:label", _lang("YAML field", "en"), _lang("YAML 字段", "zh"))
        .add(
            "rdfs:comment",
            _lang("The key of the facts YAML that a property shape checks, for placing a violation at its line.", "en"),
            _lang("属性约束所校验的事实 YAML 字段名,用于将违规定位到 YAML 中的行。", "zh"),
        )
    )
    return [header, annotation]


# Constraints across entries, which the loader does not check: they hold for any duikou graph,
# including graphs not built from YAML. Full IRIs keep the queries free of sh:declare blank nodes.
_PAIRING_LEVEL_QUERY = """SELECT $this ?value WHERE {
  $this <https://w3id.org/duikou/ontology#level> ?level ;
        <https://w3id.org/duikou/ontology#developedSide>|<https://w3id.org/duikou/ontology#oldAreaSide> ?value .
  ?value a ?class .
  FILTER (
    (?level = <https://w3id.org/duikou/ontology#level-city> && ?class != <https://w3id.org/duikou/ontology#City>)
    || (?level = <https://w3id.org/duikou/ontology#level-county>
        && ?class NOT IN (<https://w3id.org/duikou/ontology#District>, <https://w3id.org/duikou/ontology#IndustrialPark>))
    || (?level = <https://w3id.org/duikou/ontology#level-institution>
        && ?class IN (<https://w3id.org/duikou/ontology#Province>, <https://w3id.org/duikou/ontology#District>))
  )
}"""


def _graph_shapes() -> list[_Block]:
    constraint = (
        _Block("dksh:Pairing-levelMatchesParties-query")
        .add("a", "sh:SPARQLConstraint")
        .add("sh:select", quote(_PAIRING_LEVEL_QUERY))
        .add(
            "sh:message",
            _lang(
                "the pairing's level does not fit {?value}: a city pairing pairs cities, a county pairing districts, "
                "counties or zones, an institution pairing institutions (a city may stand for its unnamed units)",
                "en",
            ),
        )
    )
    shape = (
        _Block("dksh:Pairing-levelMatchesParties")
        .add("a", "sh:NodeShape")
        .add("sh:targetClass", "dk:Pairing")
        .add("rdfs:label", _lang("Pairing level matches its parties", "en"), _lang("结对层级与结对双方相符", "zh"))
        .add("sh:sparql", constraint.subject)
        .add("dksh:yamlField", quote("level"))
    )
    return [shape, constraint]


def shapes_turtle() -> str:
    """The SHACL shapes, as Turtle: one node shape per class, one property shape per field."""
    sections = [("Shapes", _shapes_header())]
    for entry_type in model.ENTRY_TYPES:
        sections.append((entry_type.name, _type_shapes(entry_type)))
    sections.append(("Constraints across entries", _graph_shapes()))
    sections.append(("Value shapes used by sh:or", _helper_shapes()))
    return _document(SHAPES_PREFIXES, sections)


def write_ontology(folder: Path) -> None:
    """Write duikou.ttl and shapes.ttl into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("duikou.ttl", ontology_turtle()), ("shapes.ttl", shapes_turtle())):
        (folder / name).write_text(text, encoding="utf-8", newline="\n")
