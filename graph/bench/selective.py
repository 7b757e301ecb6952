"""Selective queries for the benchmark: questions about one place, one pairing or one entity,
written as a user writes them (labels, optional values, a path where the data has one), beside
the example reports, which read the whole graph.

Each names its subject by id; the benchmark fills in ids of its synthetic facts (a cluster in the
middle of them), and ``tests/test_bench.py`` fills in the real facts' ids.
"""

from __future__ import annotations

from string import Template

SELECTIVE = {
    # One city's counties and districts, with their kind and Chinese name.
    "units-of-a-city": """
SELECT ?unit ?name ?kind WHERE {
  ?unit dk:partOf id:$city ;
        rdfs:label ?name .
  OPTIONAL { ?unit dk:districtKind ?kind }
  FILTER(lang(?name) = "zh")
}
ORDER BY ?name
""",
    # One pairing's projects, also those of the county pairings under it, biggest first.
    "projects-of-a-pairing": """
SELECT ?project ?name ?amount ?status WHERE {
  ?project a dk:Project ;
           dk:withinPairing/dk:withinPairing* id:$pairing ;
           rdfs:label ?name .
  OPTIONAL { ?project dk:amount ?amount }
  OPTIONAL { ?project dk:status ?status }
  FILTER(lang(?name) = "en")
}
ORDER BY DESC(?amount) ?project
""",
    # Everything the graph says about one entity.
    "one-entity": """
SELECT ?property ?value WHERE {
  id:$city ?property ?value
}
ORDER BY ?property STR(?value)
""",
    # One pairing's figures over time, with what they measure.
    "figures-of-a-pairing": """
SELECT ?measure ?label ?value ?asOf WHERE {
  ?figure dk:subject id:$pairing ;
          dk:measure ?measure ;
          dk:value ?value ;
          dk:asOf ?asOf .
  ?measure rdfs:label ?label .
  FILTER(lang(?label) = "en")
}
ORDER BY ?measure STR(?asOf)
""",
    # The firms investing in one city's projects, wherever in the city the project is.
    "investors-in-a-city": """
SELECT DISTINCT ?firm ?name WHERE {
  ?project dk:locatedIn ?place ;
           dk:investor ?firm .
  ?place dk:partOf* id:$city .
  ?firm a dk:Firm ;
        rdfs:label ?name .
  FILTER(lang(?name) = "zh")
}
ORDER BY ?firm
""",
}


def selective_queries(city: str, pairing: str) -> dict[str, str]:
    """The selective queries about ``city`` and ``pairing`` (ids), by name."""
    return {name: Template(text).substitute(city=city, pairing=pairing).lstrip("\n") for name, text in SELECTIVE.items()}


def synthetic_subjects(entities: int) -> tuple[str, str]:
    """The ids of the old-area city and the city pairing of the synthetic cluster in the middle."""
    from graph.bench.synthetic import FILES_PER_CLUSTER, PER_FILE

    cluster = entities // (FILES_PER_CLUSTER * PER_FILE) // 2
    return f"syn-c{cluster}-old", f"syn-c{cluster}-pairing"
