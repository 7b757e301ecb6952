"""The ontology's documentation, ``site/ontology.html``, made from ``ontology.ttl``.

pyLODE was the first choice and was tried: its latest release (3.4.1) fails on import (it reads
a ``pyproject.toml`` that its wheel does not ship); 3.3.4 runs, but drops the
``skos:closeMatch`` and ``skos:relatedMatch`` alignments, joins the two labels of a term into one
heading ("City城市") and takes every SKOS concept scheme for the ontology, merging their
titles into its own. So the page is written here, from the same Turtle, with every class,
property and concept scheme, both labels and definitions, domains, ranges, super-classes and
-properties, and alignments; every term has an anchor named by its local name
(``ontology.html#City``). Plain HTML, no script, everything escaped, sorted: the same ontology
gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from graph.rdf.vocab import DK, ONTOLOGY_IRI, PREFIXES

if TYPE_CHECKING:
    import rdflib

_SKOS, _RDFS, _OWL, _SCHEMA = PREFIXES["skos"], PREFIXES["rdfs"], PREFIXES["owl"], PREFIXES["schema"]
# What a term's table shows, in this order: (predicate, English, Chinese).
ROWS = (
    (_SKOS + "definition", "definition", "定义"),
    (_RDFS + "comment", "comment", "说明"),
    (_RDFS + "subClassOf", "sub-class of", "上位类"),
    (_RDFS + "subPropertyOf", "sub-property of", "上位属性"),
    (_SCHEMA + "domainIncludes", "domain", "定义域"),
    (_RDFS + "domain", "domain", "定义域"),
    (_SCHEMA + "rangeIncludes", "range", "值域"),
    (_RDFS + "range", "range", "值域"),
    (_OWL + "inverseOf", "inverse of", "逆属性"),
    (_SKOS + "closeMatch", "close match (alignment)", "近似匹配(对齐)"),
    (_SKOS + "exactMatch", "exact match (alignment)", "精确匹配(对齐)"),
    (_SKOS + "relatedMatch", "related match (alignment)", "相关匹配(对齐)"),
    (_OWL + "equivalentClass", "equivalent class", "等价类"),
    (_OWL + "equivalentProperty", "equivalent property", "等价属性"),
    (_RDFS + "seeAlso", "see also", "参见"),
    (_SKOS + "notation", "notation", "代码"),
)
_KINDS = (
    (_OWL + "Class", "classes", "Classes", "类"),
    (_OWL + "ObjectProperty", "object-properties", "Object properties", "对象属性"),
    (_OWL + "DatatypeProperty", "datatype-properties", "Datatype properties", "数据属性"),
    (_OWL + "AnnotationProperty", "annotation-properties", "Annotation properties", "注释属性"),
)
_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
_STYLE = """body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; max-width: 60em; margin: 0 auto; padding: 1em 1.5em; color: #222; }
section.term { border-top: 1px solid #ddd; padding: 0.4em 0; }
h3 .en { color: #555; font-weight: normal; }
code { font-size: 0.88em; color: #555; }
table { border-collapse: collapse; font-size: 0.93em; }
th, td { text-align: left; vertical-align: top; padding: 0.2em 0.6em; }
th { font-weight: normal; color: #555; white-space: nowrap; width: 16em; }
nav ul { columns: 4 12em; font-size: 0.9em; }
"""


def _curie(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _value(node: rdflib.term.Node) -> Markup:
    from rdflib import Literal

    if isinstance(node, Literal):
        lang = f' lang="{escape(node.language)}"' if node.language else ""
        return Markup(f"<span{lang}>{escape(str(node))}</span>")
    iri = str(node)
    if iri.startswith(DK):
        return Markup(f'<a href="#{escape(iri[len(DK):])}">{escape(_curie(iri))}</a>')
    return Markup(f'<a href="{escape(iri)}" rel="noreferrer">{escape(_curie(iri))}</a>')


def _by_language(graph: rdflib.Graph, term: rdflib.URIRef, *predicates: rdflib.URIRef) -> dict[str, str]:
    return {str(getattr(lit, "language", "") or ""): str(lit) for p in predicates for lit in graph.objects(term, p)}


def _labels(graph: rdflib.Graph, term: rdflib.URIRef) -> tuple[str, str]:
    from rdflib import RDFS, SKOS

    found = _by_language(graph, term, RDFS.label, SKOS.prefLabel)
    return found.get("en", ""), found.get("zh", "")


def _term(graph: rdflib.Graph, term: rdflib.URIRef) -> str:
    local = str(term)[len(DK) :]
    en, zh = _labels(graph, term)
    rows = []
    from rdflib import URIRef

    for predicate, prop_en, prop_zh in ROWS:
        values = sorted(graph.objects(term, URIRef(predicate)), key=lambda v: (getattr(v, "language", "") or "", str(v)))
        if values:
            shown = Markup("<br>").join(_value(v) for v in values)
            rows.append(f"<tr><th>{escape(prop_zh)} · {escape(prop_en)}</th><td>{shown}</td></tr>")
    return (
        f'<section class="term" id="{escape(local)}">\n<h3>{escape(zh or local)} <span class="en">{escape(en)}</span></h3>\n'
        f"<p><code>{escape(str(term))}</code></p>\n<table>\n" + "\n".join(rows) + "\n</table>\n</section>"
    )


def _terms_of(graph: rdflib.Graph, kind: str) -> list[rdflib.URIRef]:
    from rdflib import RDF, URIRef

    return sorted((t for t in graph.subjects(RDF.type, URIRef(kind)) if isinstance(t, URIRef) and str(t).startswith(DK)), key=str)


def ontology_html(graph: rdflib.Graph) -> str:
    """The documentation page of an ontology graph."""
    from rdflib import DCTERMS, OWL, SKOS, URIRef

    ontology = URIRef(ONTOLOGY_IRI)
    titles = _by_language(graph, ontology, DCTERMS.title)
    descriptions = _by_language(graph, ontology, DCTERMS.description)
    sections, contents = [], []
    for kind, anchor, title_en, title_zh in (*_KINDS, (str(SKOS.ConceptScheme), "concept-schemes", "Concept schemes", "概念体系")):
        terms = _terms_of(graph, kind)
        if not terms:
            continue
        contents.append(f'<li><a href="#{anchor}">{escape(title_zh)} · {escape(title_en)}</a> ({len(terms)})</li>')
        body = []
        for term in terms:
            body.append(_term(graph, term))
            if kind == str(SKOS.ConceptScheme):
                body.extend(_term(graph, concept) for concept in sorted(graph.subjects(SKOS.inScheme, term), key=str) if isinstance(concept, URIRef))
        sections.append(f'<section id="{anchor}">\n<h2>{escape(title_zh)} · {escape(title_en)}</h2>\n' + "\n".join(body) + "\n</section>")
    version = graph.value(ontology, OWL.versionInfo)
    licence = graph.value(ontology, DCTERMS.license)
    about = [
        f"<p><code>{escape(ONTOLOGY_IRI)}</code> · prefix <code>dk:</code> <code>{escape(DK)}</code>"
        + (f" · version {escape(str(version))}" if version else "")
        + (f" · {_value(licence)}" if licence else "")
        + ' · <a href="ontology.ttl">Turtle</a> · <a href="ontology.nt">N-Triples</a> · <a href="ontology.jsonld">JSON-LD</a> · <a href="index.html">duikou</a></p>',
        f'<p lang="zh-Hans">{escape(descriptions.get("zh", ""))}</p>',
        f'<p lang="en">{escape(descriptions.get("en", ""))}</p>',
    ]
    title = titles.get("zh") or titles.get("en") or "duikou ontology"
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(_CSP)}">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f'<h1>{escape(title)}</h1>\n<p lang="en">{escape(titles.get("en", ""))}</p>\n' + "\n".join(about)
        + "\n<nav><ul>\n" + "\n".join(contents) + "\n</ul></nav>\n" + "\n".join(sections) + "\n</body>\n</html>\n"
    )


def ontology_files(path: Path) -> dict[str, bytes]:
    """The ontology's documentation and its Turtle, N-Triples and JSON-LD, by file name."""
    from graph.rdf.graphs import from_rdflib, new_graph
    from graph.rdf.serialize import jsonld_text, ntriples_lines

    graph = new_graph().parse(path, format="turtle")
    triples = sorted(from_rdflib(graph))
    return {
        "ontology.html": ontology_html(graph).encode("utf-8"),
        "ontology.ttl": path.read_bytes(),
        "ontology.nt": "".join(ntriples_lines(triples)).encode("utf-8"),
        "ontology.jsonld": jsonld_text(triples).encode("utf-8"),
    }

