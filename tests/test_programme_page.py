"""The programme page: one row per pair of each programme, linking to the pair's network page."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from graph.build.pipeline import Compiled, compile_facts
from graph.facts.coverage import coverage
from graph.views.pages import write_pages

FACTS = Path(__file__).resolve().parent.parent / "facts"


@cache
def compiled() -> Compiled:
    return compile_facts(FACTS)


def rows_of(html: str) -> list[str]:
    return re.findall(r"<tr(?: class=\"thin\")?><td>(.*?)</tr>", html, re.S)


def test_one_row_per_pair_each_linking_to_its_network_page(tmp_path: Path) -> None:
    written = write_pages(compiled(), tmp_path)
    pages = tmp_path / "pages"
    html = (pages / "programme.html").read_text(encoding="utf-8")
    members = [row for row in coverage(compiled().facts) if row.programme]
    assert members
    rows = rows_of(html)
    assert len(rows) == len(members)
    for row, member in zip(rows, members, strict=True):
        href = re.search(r'<a href="([^"]+)">', row)
        assert href and href.group(1) == f"{member.pairing}.html"
        assert (pages / href.group(1)) in written
        assert compiled().facts.records[member.pairing].values["name"]["zh"] in row
    assert 'href="programme.html"' in (pages / "index.html").read_text(encoding="utf-8")


def test_pairs_with_one_independent_source_are_marked(tmp_path: Path) -> None:
    write_pages(compiled(), tmp_path)
    html = (tmp_path / "pages" / "programme.html").read_text(encoding="utf-8")
    thin = re.findall(r'<tr class="thin"><td><a href="([^"]+)\.html">', html)
    assert thin == [row.pairing for row in coverage(compiled().facts) if row.programme and row.single_source]


def test_the_page_loads_nothing_and_is_the_same_each_time(tmp_path: Path) -> None:
    write_pages(compiled(), tmp_path / "a")
    write_pages(compiled(), tmp_path / "b")
    first = (tmp_path / "a" / "pages" / "programme.html").read_bytes()
    assert first == (tmp_path / "b" / "pages" / "programme.html").read_bytes()
    text = first.decode("utf-8")
    assert "<script" not in text and "http://" not in text and "https://" not in text
    assert "default-src 'none'" in text
