"""The network of entities as GraphML and GEXF, for Gephi, Cytoscape and igraph.

The same network as ``KnowledgeGraph.to_networkx()``: every entity but the sources is a node,
with its class and both labels; every link between two of them is a directed edge with its
relation. Pairings and events carry their date (``date``, as precise as the facts give it, and
``date_precision``); in GEXF that date's first day is also the node's ``start``, so that Gephi's
timeline shows each from the day it began. Written by networkx; the GEXF's ``lastmodifieddate``,
which networkx sets to the day of writing, is the newest source's date instead, so the same
facts give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from graph.export.tables import date_parts
from graph.rdf.convert import IRI, LANG, Triple
from graph.rdf.dataset import dataset_facts
from graph.rdf.serialize import compact
from graph.rdf.vocab import DK, ID, PREFIXES, RDF_TYPE

# When a node happened or began: an event's date, a pairing's start.
TIME_PROPERTIES = (DK + "date", DK + "startDate")
_LABEL = PREFIXES["rdfs"] + "label"
_SOURCE = DK + "source"


def network(triples: Sequence[Triple]) -> Any:
    """A networkx MultiDiGraph of the entities (sources left out), with string attributes only,
    as GraphML and GEXF carry them."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    classes: dict[str, str] = {}
    labels: dict[tuple[str, str], str] = {}
    dates: dict[str, str] = {}
    for s, p, (kind, value, extra) in triples:
        if p == RDF_TYPE and value.startswith(DK):
            classes[s] = value[len(DK) :]
        elif p == _LABEL and kind == LANG:
            labels.setdefault((s, extra), value)
        elif p in TIME_PROPERTIES:
            dates.setdefault(s, value)
    for iri, cls in sorted(classes.items()):
        if cls == "Source":
            continue
        zh, en = labels.get((iri, "zh"), ""), labels.get((iri, "en"), "")
        attributes = {"iri": iri, "cls": cls, "label_zh": zh, "label_en": en, "label": zh or en or iri[len(ID) :]}
        if iri in dates:
            precision, first = date_parts(dates[iri])
            attributes.update({"date": dates[iri], "date_precision": precision})
            if first:
                attributes["start"] = first
        graph.add_node(iri[len(ID) :], **attributes)
    for s, p, (kind, value, _) in sorted(triples):
        if kind != IRI or p in (RDF_TYPE, _SOURCE) or s not in classes or value not in classes or "Source" in (classes[s], classes[value]):
            continue
        relation = compact(p) or p
        graph.add_edge(s[len(ID) :], value[len(ID) :], key=relation, relation=relation)
    return graph


def graphml_text(graph: Any) -> str:
    import networkx as nx

    # GraphML has no time: the first day stays an ordinary attribute there.
    return "\n".join(nx.generate_graphml(graph, prettyprint=True)) + "\n"


def gexf_text(graph: Any, triples: Sequence[Triple]) -> str:
    import networkx as nx

    text = "\n".join(nx.generate_gexf(graph, prettyprint=True)) + "\n"
    modified = dataset_facts(triples).newest_source or "2022-01-01"
    modified = date_parts(modified)[1] or modified
    return re.sub(r'lastmodifieddate="[^"]*"', f'lastmodifieddate="{modified}"', text, count=1)
