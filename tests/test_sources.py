"""Every source that is not a seed document is declared in full.

A source read from a public page (no ``seed:`` field) gives its address (``url``), ``title``,
``publisher`` and publication date (``published``), so that anyone can open it again and see when
it was written. A reference work (``kind: reference``: an encyclopedia page, a data repository) has
no publication date to give and is exempt from ``published`` only. A repost names its original
publisher (``publisher``) and the site read (``republisher``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from graph.facts.loader import Record, read_facts

from conftest import FACTS

REQUIRED = ("url", "title", "publisher", "published")
REMOVE = "if it cannot be established, remove the source, and each fact that only it supports (drop its id from the others' sources:)"
FIX = {
    "url": f"add url: the address of the page the facts were read from (search the stored pages for its title); {REMOVE}",
    "title": "add title: the title as the document gives it (a descriptive title in brackets where the copy shows none)",
    "publisher": (
        "add publisher: who published it; for a repost, the original publisher, with the site read as republisher "
        "(say 页面未署名 where the page names no one)"
    ),
    "published": (
        "add published: the date the page prints, or one inferred from what it says (a dateline's month and day with "
        "the year of the events it reports, a date in the address, 日前 about an event of known date) at the precision "
        "that can be justified (2023, 2023-06 or 2023-06-05), with the reasoning under inferred: {published: ...}; "
        f"never invent one, {REMOVE}; a reference work is exempt (kind: reference)"
    ),
}


def missing_fields(values: Mapping[str, Any]) -> list[str]:
    """The declaration fields a non-seed source lacks (none for a seed document)."""
    if "seed" in values:
        return []
    exempt = {"published"} if values.get("kind") == "reference" else set()
    return [field for field in REQUIRED if field not in exempt and not str(values.get(field) or "").strip()]


@cache
def sources() -> tuple[Record, ...]:
    return tuple(read_facts(FACTS).by_type("Source"))


def test_the_sources_are_read() -> None:
    assert any("seed" not in record.values for record in sources()), f"no non-seed sources in {FACTS}"


def test_the_rule() -> None:
    full = {"url": "https://example.org/a.html", "title": "标题", "publisher": "某报", "published": "2024-05-09"}
    assert missing_fields(full) == []
    assert missing_fields({"seed": "000_x.txt", "title": "标题", "publisher": "某报"}) == []
    assert missing_fields({k: v for k, v in full.items() if k != "published"}) == ["published"]
    assert missing_fields({**{k: v for k, v in full.items() if k != "published"}, "kind": "reference"}) == []
    assert missing_fields({"title": "标题", "kind": "reference"}) == ["url", "publisher"]
    assert missing_fields({**full, "url": " "}) == ["url"]


def test_every_non_seed_source_is_declared_in_full() -> None:
    lacking = [
        f"{record.file}: {record.id} has no {field} — {FIX[field]}"
        for record in sources()
        for field in missing_fields(record.values)
    ]
    assert not lacking, f"{len(lacking)} source field(s) missing:\n" + "\n".join(lacking)
