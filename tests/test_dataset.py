"""The dataset's VoID and DCAT description (build/void.ttl): its counts are the build's, it
names the licence, the distributions, the endpoint and every source."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, URIRef

from graph.rdf.dataset import DATASET_IRI, LICENCE
from graph.rdf.vocab import DK

from conftest import FACTS, run_cli

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")


@pytest.fixture
def built(real_build: Path) -> Path:
    return real_build


def test_the_description_counts_the_build(built: Path) -> None:
    description = rdflib.Graph().parse(built / "void.ttl", format="turtle")
    data = rdflib.Graph().parse(built / "duikou.nt", format="nt")
    dataset = URIRef(DATASET_IRI)
    assert (dataset, RDF.type, VOID.Dataset) in description and (dataset, RDF.type, DCAT.Dataset) in description
    assert int(description.value(dataset, VOID.triples)) == len(data)
    assert int(description.value(dataset, VOID.distinctSubjects)) == len(set(data.subjects()))
    assert int(description.value(dataset, VOID.properties)) == len(set(data.predicates()))
    typed = set(data.subjects(RDF.type, None))
    assert int(description.value(dataset, VOID.entities)) == len(typed)
    for partition in description.objects(dataset, VOID.classPartition):
        cls = description.value(partition, VOID["class"])
        assert int(description.value(partition, VOID.entities)) == len(set(data.subjects(RDF.type, cls)))
    sources = set(data.subjects(RDF.type, URIRef(DK + "Source")))
    assert set(description.objects(dataset, DCTERMS.source)) == sources and sources
    for example in description.objects(dataset, VOID.exampleResource):
        assert example in typed


def test_the_description_names_licence_publisher_endpoint_and_files(built: Path) -> None:
    description = rdflib.Graph().parse(built / "void.ttl", format="turtle")
    dataset = URIRef(DATASET_IRI)
    assert description.value(dataset, DCTERMS.license) == URIRef(LICENCE)
    assert {t.language for t in description.objects(dataset, DCTERMS.title)} == {"en", "zh"}
    assert description.value(dataset, DCTERMS.publisher) is not None
    assert description.value(dataset, DCAT.version) is not None and description.value(dataset, DCTERMS.modified) is not None
    assert str(description.value(dataset, VOID.sparqlEndpoint)).endswith("/sparql")
    files = {str(d).rsplit("/", 1)[1] for d in description.objects(dataset, DCAT.distribution)}
    assert files == {"duikou.ttl", "duikou.nt", "duikou.jsonld"}
    assert all((built / name).is_file() for name in files)
    assert not any(isinstance(node, rdflib.BNode) for node in description.all_nodes())


def test_the_description_is_the_same_for_the_same_facts(built: Path, tmp_path: Path) -> None:
    assert run_cli("build", "--facts", str(FACTS), "--out", str(tmp_path / "again")).returncode == 0
    assert (tmp_path / "again" / "void.ttl").read_bytes() == (built / "void.ttl").read_bytes()
