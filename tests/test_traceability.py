"""Every Chinese name, number and date attributed to a seed document occurs in its text.

Seeds are compared after converting traditional to simplified characters (OpenCC t2s) and
deleting the pinyin readings that the conversion inserted (`發(fā)布` → `发布`). Labels that are
rightly not in the text (official names restored from a reworded repost, descriptive names the
curator wrote for entries the text does not name) are on the allow-lists in
tests/traceability/, each with its reason. The zh name of a figure (an Observation) is not looked
up: no source names a figure, so that name is always a caption the curator wrote.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
import yaml

from graph.facts import model
from graph.facts.loader import Record, read_facts
from graph.facts.values import DateValue, Quantity

from conftest import FACTS, ROOT, SEEDS, UNDER_CI

ALLOW_LISTS = ROOT / "tests" / "traceability"
# Types whose zh name is a caption the curator writes (三明市结对学校数(2024年5月)), never a name
# a source gives: it is not looked up in the seed. Their other labels, and every other type's
# names, still are.
CAPTIONED_TYPES = frozenset({"Observation"})
# Round figures the texts write in characters: 百余名 is "more than 100".
NUMBER_WORDS = {"100": ("百余", "百多", "上百")}
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)")


def normalise(text: str) -> str:
    import opencc

    simplified = opencc.OpenCC("t2s").convert(text)
    return _PINYIN.sub("", simplified)


@cache
def seed_text(name: str) -> str:
    return normalise((SEEDS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeds_present() -> None:
    if not SEEDS.is_dir():
        message = f"the seed documents are not at {SEEDS}"
        if UNDER_CI:
            pytest.fail(message)
        pytest.skip(message)


@cache
def facts() -> dict[str, Record]:
    loaded = read_facts(FACTS)
    return loaded.records


def allow_list() -> dict[tuple[str, str], str]:
    allowed: dict[tuple[str, str], str] = {}
    for path in sorted(ALLOW_LISTS.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            allowed[(item["id"], item["label"])] = item["reason"]
    return allowed


def seed_records() -> list[tuple[Record, list[str]]]:
    """Entries whose every source is a seed document, with those seeds' file names."""
    records = facts()
    seeds = {r.id: r.values["seed"] for r in records.values() if r.type == "Source" and "seed" in r.values}
    found = []
    for record in records.values():
        cited = record.values.get("sources", [])
        if cited and all(s in seeds for s in cited):
            found.append((record, sorted({seeds[s] for s in cited})))
    return found


def zh_labels(record: Record) -> list[str]:
    values = record.values
    labels = [values["name"]["zh"]] if "zh" in values.get("name", {}) else []
    labels += values.get("alt_names", {}).get("zh", [])
    labels += values.get("abbreviations", [])
    return labels


def checked_zh_labels(record: Record) -> list[str]:
    """The zh labels that must occur in the seed: all but a captioned type's name."""
    labels = zh_labels(record)
    if record.type in CAPTIONED_TYPES and "zh" in record.values.get("name", {}):
        return labels[1:]
    return labels


def date_forms(date: DateValue) -> list[str]:
    if date.day:
        return [f"{date.month}月{date.day}日"]
    if date.month:
        return [f"{date.year}年{date.month}月", f"{date.month}月"]
    return [f"{date.year}"]


def in_any(needle: str, seeds: list[str]) -> bool:
    return any(needle in seed_text(seed) for seed in seeds)


def test_the_normalisation_removes_conversion_artefacts() -> None:
    assert normalise("發(fā)布時(shí)間") == "发布时间"


def test_every_zh_label_occurs_in_its_seed(seeds_present: None) -> None:
    allowed = allow_list()
    missing = [
        f"{record.file}: {record.id}: {label!r} is not in {', '.join(seeds)} — correct it, or add "
        f"{{id: {record.id}, label: {label}, reason: ...}} to tests/traceability/"
        for record, seeds in seed_records()
        for label in checked_zh_labels(record)
        if not in_any(label, seeds) and (record.id, label) not in allowed
    ]
    assert not missing, "\n".join(missing)


def test_every_number_occurs_in_its_seed(seeds_present: None) -> None:
    missing = []
    for record, seeds in seed_records():
        for key, value in record.values.items():
            if isinstance(value, Quantity) and not any(in_any(form, seeds) for form in (value.text, *NUMBER_WORDS.get(value.text, ()))):
                missing.append(f"{record.file}: {record.id}: {key} {value.text!r} is not in {', '.join(seeds)} — write it as the text does")
    assert not missing, "\n".join(missing)


def test_every_date_that_was_not_inferred_occurs_in_its_seed(seeds_present: None) -> None:
    missing = []
    for record, seeds in seed_records():
        inferred = record.values.get("inferred", {})
        for key, value in record.values.items():
            # not_after is by definition a source's publication date; `duikou check` enforces that.
            if not isinstance(value, DateValue) or key in inferred or key == "not_after" or record.type == "Source":
                continue
            if not any(in_any(form, seeds) for form in date_forms(value)):
                missing.append(
                    f"{record.file}: {record.id}: {key} {value.lexical} is not in {', '.join(seeds)} — "
                    f"correct it, or list it under `inferred:` with the reasoning"
                )
    assert not missing, "\n".join(missing)


def test_allow_list_entries_are_used_and_explained() -> None:
    records = facts()
    stale = []
    for (entry_id, label), reason in allow_list().items():
        record = records.get(entry_id)
        if record is None or label not in zh_labels(record):
            stale.append(f"{entry_id}: {label!r} is on the allow-list but not a label of that entry — remove it")
        elif not reason or len(reason.strip()) < 10:
            stale.append(f"{entry_id}: {label!r} needs a reason")
    assert not stale, "\n".join(stale)


def test_every_seed_document_is_a_declared_source(seeds_present: None) -> None:
    declared = {r.values.get("seed") for r in facts().values() if r.type == "Source"}
    on_disk = {p.name for p in SEEDS.glob("*.txt")}
    assert on_disk <= declared, f"seeds with no Source entry: {sorted(on_disk - declared)}"


def test_every_described_node_has_a_source() -> None:
    lacking = [r.id for r in facts().values() if model.ENTRY_TYPE_BY_NAME[r.type].needs_sources and not r.values.get("sources")]
    assert not lacking


def test_inferred_values_say_why() -> None:
    for record in facts().values():
        for field, reason in record.values.get("inferred", {}).items():
            assert len(reason.strip()) >= 10, f"{record.id}: the reason for inferring {field} is too short to check"


def test_allow_list_files_are_well_formed() -> None:
    for path in sorted(ALLOW_LISTS.glob("*.yaml")):
        items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        assert isinstance(items, list), path
        for item in items:
            assert set(item) == {"id", "label", "reason"}, f"{path.name}: {item}"
