"""A synthetic network of any size, as triples, for scale checks of the network pages.

Clusters of 100 entities, each a pairing of an old-area city and a developed city with their
districts, firms, projects, agreements and events, linked the way the real facts are. Names
are marked synthetic (合成): nothing here is a fact.
"""

from __future__ import annotations

from graph.rdf.convert import IRI, LANG, TYPED, Triple
from graph.rdf.vocab import DK, ID, PREFIXES, RDF_TYPE

LABEL = PREFIXES["rdfs"] + "label"
PER_CLUSTER = 100
_FIELDS = ("industry", "education", "healthcare", "trade", "red-culture")


def synthetic_triples(entities: int) -> list[Triple]:
    """About ``entities`` entities (sources not counted), in clusters of 100."""
    triples: list[Triple] = []

    def entity(entry_id: str, cls: str, zh: str, en: str, source: str) -> str:
        iri = ID + entry_id
        triples.extend(
            [
                (iri, RDF_TYPE, (IRI, DK + cls, "")),
                (iri, LABEL, (LANG, zh, "zh")),
                (iri, LABEL, (LANG, en, "en")),
                (iri, DK + "source", (IRI, ID + source, "")),
            ]
        )
        return iri

    def link(a: str, relation: str, b: str) -> None:
        triples.append((a, DK + relation, (IRI, b, "")))

    for c in range(max(1, entities // PER_CLUSTER)):
        source = f"src-syn-{c}"
        triples.append((ID + source, RDF_TYPE, (IRI, DK + "Source", "")))
        triples.append((ID + source, PREFIXES["dcterms"] + "title", (TYPED, f"合成来源 {c}", "")))
        triples.append((ID + source, PREFIXES["schema"] + "url", (IRI, f"https://example.org/synthetic/{c}", "")))
        old = entity(f"syn-old-{c}", "City", f"合成老区市{c}", f"Synthetic old-area city {c}", source)
        dev = entity(f"syn-dev-{c}", "City", f"合成发达市{c}", f"Synthetic developed city {c}", source)
        pairing = entity(f"syn-pairing-{c}", "Pairing", f"合成对口合作{c}", f"Synthetic pairing {c}", source)
        triples.append((pairing, DK + "level", (IRI, DK + "level-city", "")))
        link(pairing, "developedSide", dev)
        link(pairing, "oldAreaSide", old)
        districts = [entity(f"syn-district-{c}-{i}", "District", f"合成区{c}-{i}", f"Synthetic district {c}-{i}", source) for i in range(12)]
        for i, district in enumerate(districts):
            link(district, "partOf", old if i % 2 else dev)
        firms = [entity(f"syn-firm-{c}-{i}", "Firm", f"合成企业{c}-{i}", f"Synthetic firm {c}-{i}", source) for i in range(30)]
        for i, firm in enumerate(firms):
            link(firm, "locatedIn", districts[i % 12])
            triples.append((firm, DK + "field", (IRI, DK + "field-" + _FIELDS[i % 5], "")))
        for i in range(30):
            project = entity(f"syn-project-{c}-{i}", "Project", f"合成项目{c}-{i}", f"Synthetic project {c}-{i}", source)
            link(project, "investor", firms[i])
            if c and i == 0:  # a firm of the cluster before invests too: the clusters form one network
                link(project, "investor", ID + f"syn-firm-{c - 1}-0")
            link(project, "locatedIn", districts[(i * 7) % 12])
            link(project, "withinPairing", pairing)
            triples.append((project, DK + "amount", (TYPED, f"{(i + 1) * 10_000_000}.0", PREFIXES["xsd"] + "decimal")))
            triples.append((project, DK + "signedOn", (TYPED, str(2020 + i % 5), PREFIXES["xsd"] + "gYear")))
        for i in range(10):
            agreement = entity(f"syn-agreement-{c}-{i}", "Agreement", f"合成协议{c}-{i}", f"Synthetic agreement {c}-{i}", source)
            link(agreement, "party", firms[i])
            link(agreement, "party", firms[i + 10])
            link(agreement, "withinPairing", pairing)
        for i in range(15):
            event = entity(f"syn-event-{c}-{i}", "Event", f"合成活动{c}-{i}", f"Synthetic event {c}-{i}", source)
            link(event, "locatedIn", districts[i % 12])
            link(event, "participant", firms[(i * 3) % 30])
            link(event, "withinPairing", pairing)
            triples.append((event, DK + "date", (TYPED, str(2021 + i % 4), PREFIXES["xsd"] + "gYear")))
    return sorted(set(triples))
