"""The generated ontology: current, parseable, complete for the model, labelled in both languages."""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from graph.facts import model
from graph.rdf.convert import INFERENCE_NOTE, INFERRED_PROPERTY, PAIRED_WITH
from graph.rdf.ontology import enum_schemes, ontology_turtle, property_uses, shapes_turtle, write_ontology
from graph.rdf.terms import terms
from graph.rdf.vocab import DK, ENUM_SCHEMES, ONTOLOGY_IRI, PREFIXES, class_iri, enum_iri, expand, field_concept_iri

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
DKNS = Namespace(DK)
PROV = Namespace(PREFIXES["prov"])
SCHEMA = Namespace(PREFIXES["schema"])
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
# Vocabularies that alignments may point into.
ALIGNED = ("schema", "org", "prov", "skos", "dcterms", "time", "qb", "geo", "wgs")


@cache
def ontology() -> Graph:
    return Graph().parse(data=ontology_turtle(), format="turtle")


def _texts(graph: Graph, subject: URIRef, predicate: URIRef) -> dict[str, list[str]]:
    by_lang: dict[str, list[str]] = {}
    for obj in graph.objects(subject, predicate):
        assert isinstance(obj, Literal), f"{subject} {predicate} {obj!r} is not a literal"
        by_lang.setdefault(obj.language or "", []).append(str(obj))
    return by_lang


def _assert_bilingual(graph: Graph, subject: URIRef, label: URIRef) -> None:
    for predicate in (label, SKOS.definition):
        texts = _texts(graph, subject, predicate)
        assert sorted(texts) == ["en", "zh"], f"{subject} {predicate}: {texts}"
        assert all(len(v) == 1 and v[0].strip() for v in texts.values()), f"{subject} {predicate}: {texts}"


def _declared(graph: Graph, types: tuple[URIRef, ...]) -> set[URIRef]:
    return {s for t in types for s in graph.subjects(RDF.type, t) if isinstance(s, URIRef)}


def test_committed_files_are_current() -> None:
    assert (ONTOLOGY_DIR / "duikou.ttl").read_text(encoding="utf-8") == ontology_turtle(), "regenerate: see ontology/README.md"
    assert (ONTOLOGY_DIR / "shapes.ttl").read_text(encoding="utf-8") == shapes_turtle(), "regenerate: see ontology/README.md"


def test_write_ontology_writes_both_files(tmp_path: Path) -> None:
    write_ontology(tmp_path / "ontology")
    assert (tmp_path / "ontology" / "duikou.ttl").read_bytes() == ontology_turtle().encode("utf-8")
    assert (tmp_path / "ontology" / "shapes.ttl").read_bytes() == shapes_turtle().encode("utf-8")


def test_generation_is_byte_identical_across_processes() -> None:
    # Different hash seeds reorder sets and dicts of strings: the output must not notice.
    code = "import sys; from graph.rdf.ontology import ontology_turtle, shapes_turtle; sys.stdout.buffer.write((ontology_turtle() + shapes_turtle()).encode())"
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        outputs.add(subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, check=True).stdout)
    assert outputs == {(ontology_turtle() + shapes_turtle()).encode()}


def test_files_parse_and_have_no_blank_node_labels() -> None:
    for name in ("duikou.ttl", "shapes.ttl"):
        text = (ONTOLOGY_DIR / name).read_text(encoding="utf-8")
        assert len(Graph().parse(data=text, format="turtle")) > 100
        assert "_:" not in text


def test_an_independent_parser_reads_the_same_triples() -> None:
    import pyoxigraph as oxigraph
    for name in ("duikou.ttl", "shapes.ttl"):
        data = (ONTOLOGY_DIR / name).read_bytes()
        triples = list(oxigraph.parse(data, format=oxigraph.RdfFormat.TURTLE))
        assert len(triples) == len(Graph().parse(data=data, format="turtle")), name


def test_ontology_header() -> None:
    graph = ontology()
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in graph
    titles = _texts(graph, header, URIRef(PREFIXES["dcterms"] + "title"))
    assert sorted(titles) == ["en", "zh"]
    assert graph.value(header, OWL.versionInfo) is not None
    assert graph.value(header, URIRef(PREFIXES["dcterms"] + "license")) is not None


def test_every_class_and_property_is_labelled_in_both_languages() -> None:
    graph = ontology()
    terms = _declared(graph, (OWL.Class, *PROPERTY_TYPES))
    assert terms
    for term in terms:
        _assert_bilingual(graph, term, RDFS.label)


def test_every_concept_and_scheme_is_labelled_in_both_languages() -> None:
    graph = ontology()
    for term in _declared(graph, (SKOS.Concept, SKOS.ConceptScheme)):
        _assert_bilingual(graph, term, SKOS.prefLabel)


def test_chinese_is_in_simplified_characters() -> None:
    import opencc
    converter = opencc.OpenCC("t2s")
    for _s, _p, obj in ontology():
        if isinstance(obj, Literal) and obj.language == "zh":
            assert converter.convert(str(obj)) == str(obj), f"not simplified: {obj}"


def test_every_entry_type_is_a_class() -> None:
    graph = ontology()
    declared = _declared(graph, (OWL.Class,))
    assert declared == {URIRef(class_iri(t.name)) for t in model.ENTRY_TYPES}


def test_every_dk_predicate_of_the_model_and_converter_is_declared() -> None:
    graph = ontology()
    declared = _declared(graph, PROPERTY_TYPES)
    used = {URIRef(expand(f.predicate)) for t in model.ENTRY_TYPES for f in t.fields if f.predicate and f.predicate.startswith("dk:")}
    used |= {URIRef(PAIRED_WITH), URIRef(INFERRED_PROPERTY), URIRef(INFERENCE_NOTE)}
    assert used <= declared
    assert {t for t in declared if str(t).startswith(DK)} == used, "declared dk: properties that nothing uses"


def test_property_kinds_follow_the_fields() -> None:
    graph = ontology()
    for name, expected in {
        "partOf": OWL.ObjectProperty,
        "status": OWL.ObjectProperty,
        "field": OWL.ObjectProperty,
        "date": OWL.DatatypeProperty,
        "amount": OWL.DatatypeProperty,
        "value": OWL.DatatypeProperty,
        "inferredProperty": OWL.ObjectProperty,
        "inferenceNote": OWL.DatatypeProperty,
        # A specialisation of skos:altLabel, which SKOS declares an annotation property.
        "abbreviation": OWL.AnnotationProperty,
    }.items():
        types = set(graph.objects(DKNS[name], RDF.type))
        assert expected in types, f"dk:{name}: {types}"
        assert len(types & set(PROPERTY_TYPES)) == 1


def test_domains_and_ranges_come_from_the_model() -> None:
    graph = ontology()

    def includes(name: str, predicate: str) -> set[str]:
        return {str(o)[len(DK) :] if str(o).startswith(DK) else str(o) for o in graph.objects(DKNS[name], SCHEMA[predicate])}

    assert includes("partOf", "domainIncludes") == {"City", "District"}
    assert includes("partOf", "rangeIncludes") == {"Province", "City"}
    assert includes("measure", "rangeIncludes") == {"Measure"}
    assert includes("date", "rangeIncludes") == {PREFIXES["xsd"] + t for t in ("date", "gYearMonth", "gYear")}
    assert includes("value", "rangeIncludes") == {PREFIXES["xsd"] + "integer", PREFIXES["xsd"] + "decimal"}
    assert includes("field", "rangeIncludes") == {str(SKOS.Concept)}
    assert includes("pairedWith", "domainIncludes") == set(model.PAIRABLE_TYPES)


def test_fixed_public_names_exist() -> None:
    graph = ontology()
    for name in (
        "Province", "City", "District", "Hospital", "School", "University", "Firm", "IndustrialPark", "Organization",
        "Project", "Agreement", "PolicyDocument", "Event", "Pairing", "Observation", "Source", "Measure",
    ):  # fmt: skip
        assert (DKNS[name], RDF.type, OWL.Class) in graph, name
    for name in ("pairedWith", "partOf", "locatedIn", "source"):
        assert (DKNS[name], RDF.type, OWL.ObjectProperty) in graph, name


def test_source_is_a_kind_of_derivation() -> None:
    assert (DKNS.source, RDFS.subPropertyOf, PROV.wasDerivedFrom) in ontology()


def test_paired_with_is_symmetric() -> None:
    assert (DKNS.pairedWith, RDF.type, OWL.SymmetricProperty) in ontology()


def test_required_alignments() -> None:
    graph = ontology()
    org, qb, skos = Namespace(PREFIXES["org"]), Namespace(PREFIXES["qb"]), SKOS
    for triple in (
        (DKNS.Hospital, RDFS.subClassOf, SCHEMA.Hospital),
        (DKNS.Firm, RDFS.subClassOf, org.FormalOrganization),
        (DKNS.Observation, RDFS.subClassOf, qb.Observation),
        (DKNS.Source, RDFS.subClassOf, PROV.Entity),
        (DKNS.partOf, RDFS.subPropertyOf, SCHEMA.containedInPlace),
        (DKNS.abbreviation, RDFS.subPropertyOf, skos.altLabel),
    ):
        assert triple in graph, triple


def test_alignments_point_into_the_established_vocabularies() -> None:
    allowed = {PREFIXES[p] for p in ALIGNED}
    declared = {f"dk:{n}" for n in (*terms().classes, *terms().properties)}
    for subject, predicate, obj in terms().alignments:
        assert subject in declared, subject
        assert predicate in ("rdfs:subClassOf", "rdfs:subPropertyOf", "owl:inverseOf", "skos:closeMatch", "skos:relatedMatch"), predicate
        assert expand(obj).startswith(tuple(allowed)), obj
        is_class = subject[3].isupper()
        if predicate == "rdfs:subClassOf":
            assert is_class and obj.split(":")[1][0].isupper(), (subject, obj)
        if predicate == "rdfs:subPropertyOf":
            assert not is_class and obj.split(":")[1][0].islower(), (subject, obj)
    assert len(set(terms().alignments)) == len(terms().alignments), "an alignment is listed twice"


def test_labels_cover_exactly_the_model() -> None:
    assert set(terms().classes) == {t.name for t in model.ENTRY_TYPES}
    assert set(terms().properties) == set(property_uses())
    assert set(terms().schemes) == set(ENUM_SCHEMES.values()) | {"field"}
    expected = {f"{scheme}-{value}" for scheme, values in enum_schemes().items() for value in values}
    assert set(terms().concepts) == expected
    assert set(terms().symmetric_properties) | set(terms().annotation_properties) <= set(terms().properties)


def test_every_enum_value_and_cooperation_field_is_a_concept_in_its_scheme() -> None:
    graph = ontology()
    for (type_name, field_name), scheme in ENUM_SCHEMES.items():
        spec = next(f for f in model.ENTRY_TYPE_BY_NAME[type_name].fields if f.name == field_name)
        for value in spec.values:
            concept = URIRef(enum_iri(scheme, value))
            assert (concept, RDF.type, SKOS.Concept) in graph, concept
            assert (concept, SKOS.inScheme, DKNS[f"scheme-{scheme}"]) in graph
            assert (concept, SKOS.topConceptOf, DKNS[f"scheme-{scheme}"]) in graph
            assert (DKNS[f"scheme-{scheme}"], RDF.type, SKOS.ConceptScheme) in graph
    for cooperation_field in model.COOPERATION_FIELDS:
        concept = URIRef(field_concept_iri(cooperation_field.id))
        assert (concept, SKOS.inScheme, DKNS["scheme-field"]) in graph
        assert (concept, SKOS.prefLabel, Literal(cooperation_field.zh, lang="zh")) in graph
        assert (concept, SKOS.prefLabel, Literal(cooperation_field.en, lang="en")) in graph
    concepts = _declared(graph, (SKOS.Concept,))
    assert len(concepts) == len(terms().concepts) + len(model.COOPERATION_FIELDS)
