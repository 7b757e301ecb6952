"""The programme page: every pair of a national programme in one table, each linking to its
network page.

One row per city-level pairing of the programme (graph.facts.coverage): its old area, its two
cities, when it started, its own documents and agreements, its latest figures and its sources,
with the pairs that have fewer than two independent sources marked. Plain HTML with no script,
so it opens from the disk and prints as it shows.
"""

from __future__ import annotations

from html import escape

from graph.facts.coverage import PairCoverage, coverage, pairing_of
from graph.facts.loader import FactSet, Record

_STYLE = """
body { font-family: sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; vertical-align: top; text-align: left; }
th { background: #f4f4f4; }
.en { color: #666; font-size: 0.9em; display: block; }
.thin { background: #fff6e0; }
"""


def _name(record: Record) -> str:
    names = record.values.get("name", {})
    zh, en = names.get("zh", ""), names.get("en", "")
    return f"{escape(zh or en)}" + (f'<span class="en">{escape(en)}</span>' if zh and en else "")


def _names(facts: FactSet, ids: list[str]) -> str:
    return "<br>".join(_name(facts.records[i]) for i in ids if i in facts.records) or "–"


def _latest_figures(facts: FactSet, row: PairCoverage, limit: int = 3) -> str:
    """The latest figure of each measure about the pair or anything under it, newest first."""
    latest: dict[str, Record] = {}
    for record in facts.by_type("Observation"):
        if pairing_of(facts.records, record.values["subject"]) != row.pairing:
            continue
        measure = record.values["measure"]
        known = latest.get(measure)
        if known is None or (record.values["as_of"].earliest(), record.id) > (known.values["as_of"].earliest(), known.id):
            latest[measure] = record
    chosen = sorted(latest.values(), key=lambda r: (r.values["as_of"].earliest(), r.id), reverse=True)[:limit]
    items = []
    for record in chosen:
        measure = facts.records[record.values["measure"]].values["name"]
        qualifier = {"about": "约", "more-than": "逾", "at-least": "至少"}.get(record.values.get("qualifier", ""), "")
        items.append(f"{escape(measure.get('zh', ''))} {qualifier}{escape(record.values['value'].text)} ({escape(record.values['as_of'].lexical)})")
    return "<br>".join(items) or "–"


def programme_html(facts: FactSet, page_of: dict[str, str]) -> str:
    """The programme page; ``page_of`` maps a pairing id to its network page's file name."""
    rows = coverage(facts)
    # Sub-agreements are listed under their framework agreement's page, not here.
    subs = {a for r in facts.by_type("Agreement") for a in r.values.get("sub_agreements", ())}
    sections = []
    for programme in sorted(facts.by_type("Programme"), key=lambda r: r.id):
        members = [row for row in rows if row.programme == programme.id]
        body = []
        for row in members:
            pairing = facts.records[row.pairing]
            href = page_of.get(row.pairing)
            title = f'<a href="{escape(href)}">{_name(pairing)}</a>' if href else _name(pairing)
            thin = ' class="thin"' if row.single_source else ""
            sources = f"{row.sources} / {row.publishers}" + (" *" if row.single_source else "")
            body.append(
                f"<tr{thin}><td>{title}</td><td>{_names(facts, row.old_areas)}</td><td>{_names(facts, row.old_area)}</td>"
                f"<td>{_names(facts, row.developed)}</td><td>{escape(row.start or '–')}</td>"
                f"<td>{_names(facts, row.documents + [a for a in row.agreements if a not in subs])}</td><td>{row.county_pairings}</td>"
                f"<td>{_latest_figures(facts, row)}</td><td>{sources}</td></tr>"
            )
        period = "–".join(v.lexical for v in (programme.values.get("period_start"), programme.values.get("period_end")) if v is not None)
        sections.append(
            f"<h2>{_name(programme)}</h2>\n<p>{escape(period)} · {len(members)} 对结对城市 · {len(members)} city pairings</p>\n"
            "<table>\n<tr><th>结对 Pairing</th><th>革命老区 Old area</th><th>老区城市 Old-area city</th><th>发达城市 Developed city</th>"
            "<th>起始 Start</th><th>文件与协议 Documents and agreements</th><th>县区结对 County pairings</th>"
            "<th>最新数据 Latest figures</th><th>来源 / 独立来源 Sources / publishers</th></tr>\n" + "\n".join(body) + "\n</table>"
        )
    title = "对口合作工作机制 · The programmes"
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<h1>{escape(title)}</h1>\n"
        + "\n".join(sections)
        + "\n<p>* 独立来源少于两个 · fewer than two independent sources (distinct publishers). "
        'Each pairing links to its network page; <a href="index.html">all pages</a>.</p>\n</body>\n</html>\n'
    )
