"""The dataset's description in VoID and DCAT: what it is, under which licence, how to get it.

Written by ``duikou build`` as ``void.ttl`` and shown on the site's front page. Everything in it
is computed from the built triples (counts, sources, the newest source's date) or fixed here
(title, licence, publisher), so the same facts give the same bytes. It has no blank nodes: the
distributions, the endpoint and the class partitions have IRIs under the dataset's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING

from graph.rdf.convert import Triple
from graph.rdf.vocab import DK, ID, ONTOLOGY_IRI, PREFIXES, RDF_TYPE

if TYPE_CHECKING:
    import rdflib

DATASET_IRI = "https://w3id.org/duikou/dataset"
# CC BY 4.0: see the README's "Licence of the data" for why.
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
PUBLISHER = "https://w3id.org/duikou/project"
# The endpoint ``duikou serve`` opens by default; the description served at /sparql names the real one.
LOCAL_ENDPOINT = "http://127.0.0.1:8000/sparql"
TITLE = {"en": "duikou: China's paired cooperation (对口合作) as a knowledge graph", "zh": "duikou:革命老区重点城市对口合作知识图谱"}
DESCRIPTION = {
    "en": "Curated, sourced facts about the paired cooperation between the key cities of China's revolutionary old "
    "areas and developed cities: pairings at city, county and institution level, the projects, parks, agreements, "
    "documents and events they produce, and dated figures. Every entry cites the documents it comes from.",
    "zh": "革命老区重点城市与发达地区城市对口合作的结构化事实:城市、县区和机构层面的结对关系,由此产生的项目、园区、协议、文件和活动,以及带日期的数据。每个条目均注明来源文献。",
}
# The build's files, each a DCAT distribution: (file, media type, title).
DISTRIBUTIONS = (
    ("duikou.ttl", "text/turtle", "Turtle"),
    ("duikou.nt", "application/n-triples", "N-Triples"),
    ("duikou.jsonld", "application/ld+json", "JSON-LD"),
)
# Entities a newcomer may start from, where the facts have them.
EXAMPLES = ("pairing-shanghai-sanming", "sanming", "programme-key-cities-2022")
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
FOAF = "http://xmlns.com/foaf/0.1/"
_ISSUED = PREFIXES["dcterms"] + "issued"


@dataclass(frozen=True)
class DatasetFacts:
    """What the description says that is counted on the graph."""

    triples: int
    entities: int
    subjects: int
    properties: int
    objects: int
    classes: dict[str, int]  # entities by dk: class (local name)
    sources: list[str]  # the Source entries' IRIs
    examples: list[str]
    newest_source: str  # the latest publication date of a source ("" if none is dated)


def dataset_facts(triples: Sequence[Triple]) -> DatasetFacts:
    """Count what the description reports, on the built triples."""
    classes: Counter[str] = Counter()
    subjects, properties, objects = set(), set(), set()
    dates = []
    for s, p, o in triples:
        subjects.add(s)
        properties.add(p)
        objects.add(o)
        if p == RDF_TYPE and o[1].startswith(DK):
            classes[o[1][len(DK) :]] += 1
        elif p == _ISSUED:
            dates.append(o[1])
    typed = {s for s, p, o in triples if p == RDF_TYPE}
    sources = sorted(s for s, p, o in triples if p == RDF_TYPE and o[1] == DK + "Source")
    return DatasetFacts(
        triples=len(triples),
        entities=len(typed),
        subjects=len(subjects),
        properties=len(properties),
        objects=len(objects),
        classes=dict(sorted(classes.items())),
        sources=sources,
        examples=[ID + e for e in EXAMPLES if ID + e in typed],
        newest_source=max(dates, default=""),
    )


def version() -> str:
    try:
        return metadata.version("duikou")
    except metadata.PackageNotFoundError:
        return "0"


def description_graph(facts: DatasetFacts) -> rdflib.Graph:
    """The VoID and DCAT description of a build with these counts."""
    from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

    void, dcat, foaf, dcterms = Namespace(VOID), Namespace(DCAT), Namespace(FOAF), Namespace(PREFIXES["dcterms"])
    graph = Graph()
    for prefix, namespace in (("void", VOID), ("dcat", DCAT), ("foaf", FOAF), ("dcterms", PREFIXES["dcterms"]), ("dk", DK), ("id", ID), ("xsd", PREFIXES["xsd"])):
        graph.bind(prefix, Namespace(namespace), override=True, replace=True)
    dataset, publisher, service = URIRef(DATASET_IRI), URIRef(PUBLISHER), URIRef(DATASET_IRI + "/sparql")
    add = graph.add
    add((dataset, RDF.type, void.Dataset))
    add((dataset, RDF.type, dcat.Dataset))
    for lang in ("en", "zh"):
        add((dataset, dcterms.title, Literal(TITLE[lang], lang=lang)))
        add((dataset, dcterms.description, Literal(DESCRIPTION[lang], lang=lang)))
    add((dataset, dcterms.license, URIRef(LICENCE)))
    add((dataset, dcterms.publisher, publisher))
    add((publisher, RDF.type, foaf.Organization))
    add((publisher, foaf.name, Literal("duikou project", lang="en")))
    add((dataset, dcat.version, Literal(version())))
    add((dataset, URIRef(PREFIXES["owl"] + "versionInfo"), Literal(version())))
    if facts.newest_source:
        datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(facts.newest_source), XSD.date)
        add((dataset, dcterms.modified, Literal(facts.newest_source, datatype=datatype)))
    for lang in ("zh", "en"):
        add((dataset, dcterms.language, URIRef(f"http://id.loc.gov/vocabulary/iso639-1/{lang}")))
    add((dataset, void.uriSpace, Literal(ID)))
    add((dataset, void.vocabulary, URIRef(DK)))
    add((dataset, dcterms.conformsTo, URIRef(ONTOLOGY_IRI)))
    add((dataset, void.sparqlEndpoint, URIRef(LOCAL_ENDPOINT)))
    add((dataset, dcat.accessService, service))
    add((service, RDF.type, dcat.DataService))
    add((service, dcat.endpointURL, URIRef(LOCAL_ENDPOINT)))
    add((service, dcterms.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    add((service, dcat.servesDataset, dataset))
    for name, media, title in DISTRIBUTIONS:
        distribution = URIRef(f"{DATASET_IRI}/{name}")
        add((dataset, dcat.distribution, distribution))
        add((dataset, void.dataDump, distribution))
        add((distribution, RDF.type, dcat.Distribution))
        add((distribution, dcterms.title, Literal(title, lang="en")))
        add((distribution, dcat.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}")))
        add((distribution, dcat.downloadURL, distribution))
        add((distribution, dcterms.license, URIRef(LICENCE)))
    for example in facts.examples:
        add((dataset, void.exampleResource, URIRef(example)))
    for name, value in (("triples", facts.triples), ("entities", facts.entities), ("distinctSubjects", facts.subjects),
                        ("properties", facts.properties), ("distinctObjects", facts.objects), ("classes", len(facts.classes))):
        add((dataset, void[name], Literal(value, datatype=XSD.integer)))
    for cls, count in facts.classes.items():
        partition = URIRef(f"{DATASET_IRI}/class/{cls}")
        add((dataset, void.classPartition, partition))
        add((partition, void["class"], URIRef(DK + cls)))
        add((partition, void.entities, Literal(count, datatype=XSD.integer)))
    for source in facts.sources:
        add((dataset, dcterms.source, URIRef(source)))
    return graph


def description_turtle(triples: Sequence[Triple]) -> bytes:
    """``void.ttl``: the description as Turtle (rdflib sorts subjects and objects)."""
    data: bytes = description_graph(dataset_facts(triples)).serialize(format="turtle", encoding="utf-8")
    return data
