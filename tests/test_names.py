"""Every entry of the facts, other than a Source, is named in both Chinese and English.

The model asks only for one of the two (``name: {zh: ..., en: ...}``, at least one); the graph
is meant to be read in both languages, so the facts give both. A Source has a title instead.
"""

from __future__ import annotations

from functools import cache

from graph.facts.loader import Record, read_facts

from conftest import FACTS

LANGUAGES = ("zh", "en")
# Types that carry a title, not a name.
UNNAMED_TYPES = frozenset({"Source"})
FIX = {
    "zh": (
        "add the Chinese name: the official one where a source gives it (simplified characters), "
        "else a short descriptive one in the sources' terms; an entry whose zh name is not in its "
        "seed text goes on the allow-list in tests/traceability/ with the reason (Observations excepted)"
    ),
    "en": "add the English name: the official one where there is one, else a translation or a pinyin rendering",
}


@cache
def records() -> tuple[Record, ...]:
    return tuple(read_facts(FACTS).records.values())


def missing_names(record: Record) -> list[str]:
    name = record.values.get("name") or {}
    return [lang for lang in LANGUAGES if not str(name.get(lang, "")).strip()]


def test_the_facts_are_read() -> None:
    assert any(record.type not in UNNAMED_TYPES for record in records()), f"no entries in {FACTS}"


def test_every_entry_has_a_zh_and_an_en_name() -> None:
    lacking = [
        f"{record.file}: {record.id} ({record.type}) has no {lang} name — {FIX[lang]}: name: {{zh: ..., en: ...}}"
        for record in records()
        if record.type not in UNNAMED_TYPES
        for lang in missing_names(record)
    ]
    assert not lacking, f"{len(lacking)} name(s) missing:\n" + "\n".join(lacking)
