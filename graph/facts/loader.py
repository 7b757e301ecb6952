"""Reading and validating a facts folder against the model.

``read_facts(folder)`` returns every entry that passed, typed, together with every problem
found, each placed at its file, line and column. Nothing stops at the first problem: a
curator sees all of them in one run.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.facts import fastread, model, yamlio
from graph.facts.model import EntryType, Field
from graph.facts.problems import BuildFailed, LoadFailure, Problem, Report
from graph.facts.values import (
    DateValue,
    Quantity,
    ValueProblem,
    check_kind,
    check_url,
    parse_date,
    parse_degrees,
    parse_money,
    parse_quantity,
)

_SLUG = re.compile(model.SLUG_PATTERN)
_SEED = re.compile(model.SEED_PATTERN)
LANGUAGES = ("zh", "en")
# Real facts files are tens of kilobytes. A file far bigger is a mistake (a dump, a binary) or
# an attack; reading it whole would take minutes and gigabytes, so it is refused up front.
DEFAULT_MAX_FILE_MB = 8
MAX_FILE_MB_VARIABLE = "DUIKOU_MAX_FILE_MB"
SLUG_RULE = "lower-case ASCII letters, digits and single hyphens (pattern " + model.SLUG_PATTERN + ")"


@dataclass(slots=True)
class Record:
    """One valid entry: its id, type, where it was written, and its typed values."""

    id: str
    type: str
    file: str
    path: yamlio.YamlPath
    values: dict[str, Any]

    @property
    def entry_type(self) -> EntryType:
        return model.ENTRY_TYPE_BY_NAME[self.type]

    def __reduce__(self) -> tuple[Any, ...]:
        # Every entry goes from a worker process to the build's in a pickle: a slotted
        # dataclass's own __getstate__/__setstate__ call fields() for each one, which took
        # about a second of the build's process at 100k entries.
        return (Record, (self.id, self.type, self.file, self.path, self.values))


# What the checks that span files read of an entry, besides its references, dates and figures:
# only whether these texts are there.
_TEXTS_CHECKED = ("note", "unit")
_TEXT_KINDS = (model.TEXT, model.LANG_TEXT, model.LANG_TEXTS, model.TEXTS, model.URL, model.INFERENCES)
_KEPT_FIELDS = {t.name: frozenset(f.name for f in t.fields if f.kind not in _TEXT_KINDS) for t in model.ENTRY_TYPES}


def slim(record: Record) -> Record:
    """The entry without its texts: what the checks that span files and the joining of parts
    read (references, dates, figures, kinds), for builds too big to hold every text."""
    kept = _KEPT_FIELDS[record.type]
    values: dict[str, Any] = {}
    for name, value in record.values.items():
        if name in kept:
            # Ids and kinds recur across millions of entries: one string each.
            values[name] = sys.intern(value) if isinstance(value, str) else [sys.intern(v) for v in value] if isinstance(value, list) else value
    for name in _TEXTS_CHECKED:
        if record.values.get(name):
            values[name] = True
    return Record(sys.intern(record.id), record.type, record.file, record.path, values)


@dataclass
class FactSet:
    """Everything read from a facts folder."""

    folder: Path
    files: list[str] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)  # display name -> file
    # Ids of entries that exist but failed their own checks: references to them are not
    # reported again, so that one mistake gives one problem.
    invalid_ids: set[str] = field(default_factory=set)
    records: dict[str, Record] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def by_type(self, type_name: str) -> list[Record]:
        return [r for r in self.records.values() if r.type == type_name]


@dataclass
class PendingProblem:
    """A problem whose line and column are looked up once all problems of a file are known."""

    file: str
    path: yamlio.YamlPath
    entry: str
    message: str
    fix: str
    severity: str = "error"
    first: Record | None = None  # for a duplicate id: the entry that used it first


class Collector:
    """Gathers problems by YAML path; ``resolve`` places them at line and column."""

    def __init__(self) -> None:
        self.pending: list[PendingProblem] = []
        self.ready: list[Problem] = []

    def add(self, file: str, path: yamlio.YamlPath, entry: str, message: str, fix: str, severity: str = "error") -> None:
        self.pending.append(PendingProblem(file, path, entry, message, fix, severity))

    def resolve(self, texts: dict[str, str]) -> list[Problem]:
        problems = list(self.ready)
        locators = {name: yamlio.Locator(text) for name, text in texts.items()}
        for p in self.pending:
            locator = locators.get(p.file)
            position = None if locator is None else locator.locate(p.path)
            line, column = (position.line, position.column) if position else (1, 1)
            problems.append(Problem(p.file, line, column, p.entry, p.message, p.fix, p.severity))
        return problems


def facts_files(folder: Path) -> list[Path]:
    """The facts files in a folder, in a stable order."""
    if not folder.exists():
        raise LoadFailure(f"{folder}: the facts folder does not exist — pass --facts DIR with the facts folder")
    if not folder.is_dir():
        raise LoadFailure(f"{folder}: is not a folder — pass --facts DIR with the facts folder")
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        raise LoadFailure(f"{folder}: holds no .yaml files — add facts, or pass --facts DIR")
    return files


def display_path(path: Path) -> str:
    try:
        shown = str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        shown = str(path)
    # A file name may hold bytes that are not UTF-8 or a line break: escape them, so that the
    # name can be printed and every problem stays on one line.
    if shown.isprintable():
        return shown
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown)


def max_file_bytes() -> int:
    """The size limit for one facts file: DUIKOU_MAX_FILE_MB megabytes, 8 unless set."""
    try:
        megabytes = float(os.environ.get(MAX_FILE_MB_VARIABLE, DEFAULT_MAX_FILE_MB))
    except ValueError:
        megabytes = DEFAULT_MAX_FILE_MB
    return int(megabytes * 1024 * 1024)


@dataclass
class FileFacts:
    """What one file holds, checked on its own: its valid entries and its problems, placed.

    This is the unit a build reads in parallel and caches: nothing in it depends on other files.
    """

    name: str
    records: list[Record] = field(default_factory=list)
    invalid_ids: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)


def read_file(name: str, path: Path, limit: int | None = None) -> FileFacts:
    """Read, parse and validate one facts file on its own (``name`` is how problems show it)."""
    result = FileFacts(name)
    collector = Collector()
    limit = max_file_bytes() if limit is None else limit
    try:
        size = path.stat().st_size
        if size > limit:
            result.problems.append(Problem(
                name, 1, 1, "", f"the file is {size / 2**20:.1f} MB, over the limit of {limit / 2**20:g} MB for one facts file",
                f"split it into several files in the facts folder (or raise the limit with {MAX_FILE_MB_VARIABLE})",
            ))
            return result
        text = yamlio.decode(path.read_bytes())
        document = fastread.parse_text(text)
    except yamlio.FactsYamlError as error:
        pos = error.position
        result.problems.append(Problem(name, pos.line if pos else 1, pos.column if pos else 1, "", error.message, error.fix))
        return result
    except OSError as error:
        result.problems.append(Problem(name, 0, 0, "", f"cannot read the file: {error.strerror}", "check its permissions"))
        return result
    for item_path, item in _items(name, document, collector):
        record = _validate_entry(name, item_path, item, collector)
        if record is None:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                result.invalid_ids.add(item["id"])
            continue
        result.records.append(record)
    if collector.pending:
        result.problems.extend(collector.resolve({name: text}))
    return result


def read_facts(folder: Path) -> FactSet:
    """Read, parse and validate every facts file under ``folder``."""
    paths = {display_path(path): path for path in facts_files(folder)}
    limit = max_file_bytes()
    return combine(folder, paths, (read_file(name, path, limit) for name, path in paths.items()))


def read_valid_facts(folder: Path) -> FactSet:
    """``read_facts``, raising BuildFailed when the facts have errors."""
    facts = read_facts(folder)
    report = Report(list(facts.problems))
    if not report.conforms:
        raise BuildFailed(report)
    return facts


def combine(folder: Path, paths: dict[str, Path], files: Iterable[FileFacts]) -> FactSet:
    """Join files read on their own into one fact set, and run the checks that span files.

    ``files`` come in the order of ``paths`` (display name -> file). Problems found here are
    placed by reading again only the files they are in.
    """
    facts = FactSet(folder)
    collector = Collector()
    for file_facts in files:
        facts.files.append(file_facts.name)
        facts.paths[file_facts.name] = paths[file_facts.name]
        collector.ready.extend(file_facts.problems)
        facts.invalid_ids.update(file_facts.invalid_ids)
        for record in file_facts.records:
            first = facts.records.get(record.id)
            if first is not None:
                collector.add(record.file, record.path + ("id",), record.id, "duplicate id, first used at {first}", "give one of the two entries another id")
                collector.pending[-1].first = first
                continue
            facts.records[record.id] = record
    _check_references(facts, collector)
    _check_consistency(facts, collector)
    texts = {name: _text_of(facts.paths[name]) for name in sorted({p.file for p in collector.pending} | {p.first.file for p in collector.pending if p.first})}
    for pending in collector.pending:
        if pending.first is not None:
            position = yamlio.Locator(texts[pending.first.file]).locate(pending.first.path + ("id",))
            where = f"{pending.first.file}:{position.line}" if position else pending.first.file
            pending.message = pending.message.format(first=where)
    facts.problems = collector.resolve(texts)
    return facts


def _text_of(path: Path) -> str:
    try:
        return yamlio.decode(path.read_bytes())
    except (OSError, yamlio.FactsYamlError):
        return ""


def _items(name: str, document: Any, collector: Collector) -> list[tuple[yamlio.YamlPath, Any]]:
    if document is None:
        collector.add(name, (), "", "the file is empty", "add `entries:` with facts, or delete the file")
        return []
    if not isinstance(document, dict):
        collector.add(name, (), "", "a facts file must be a mapping with `sources:` and `entries:`", "put the items under `entries:`")
        return []
    items: list[tuple[yamlio.YamlPath, Any]] = []
    for key, value in document.items():
        if key not in model.FILE_KEYS:
            collector.add(name, (key,), "", f"unknown top-level key {key!r}", f"use {_suggest(str(key), model.FILE_KEYS)}")
            continue
        if value is None:
            continue
        if not isinstance(value, list):
            collector.add(name, (key,), "", f"`{key}:` must be a list", f"write each item as `- id: ...` under `{key}:`")
            continue
        for index, item in enumerate(value):
            if key == "sources" and isinstance(item, dict):
                item.setdefault("type", "Source")
                if item["type"] != "Source":
                    collector.add(name, (key, index, "type"), str(item.get("id", "")), "only sources go under `sources:`", "move the entry under `entries:`")
                    continue
            items.append(((key, index), item))
    return items


def _suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    if close:
        return f"`{close[0]}` (did you mean it?)"
    return "one of: " + ", ".join(choices)


def _validate_entry(name: str, path: yamlio.YamlPath, item: Any, collector: Collector) -> Record | None:
    if not isinstance(item, dict):
        collector.add(name, path, "", "an entry must be a mapping of fields", "write it as `- id: ...` followed by its fields")
        return None
    entry_id = item.get("id")
    if not isinstance(entry_id, str) or not _SLUG.fullmatch(entry_id):
        # The id is not usable as the problem's entry name (it may hold spaces, colons, line
        # breaks): it is shown, escaped, in the message instead.
        message = "the entry has no id" if entry_id is None else f"id {entry_id!r} is not a slug"
        collector.add(name, path + (("id",) if entry_id is not None else ()), "", message, f"use {SLUG_RULE}, such as {_slugify(str(entry_id)) or 'the pinyin of the name (sanming-mingxi)'}")
        return None
    type_name = item.get("type")
    if not isinstance(type_name, str) or type_name not in model.ENTRY_TYPE_BY_NAME:
        types = [t.name for t in model.ENTRY_TYPES]
        if type_name is None:
            collector.add(name, path, entry_id, "the entry has no type", f"add `type:` with one of: {', '.join(types)}")
        else:
            collector.add(name, path + ("type",), entry_id, f"unknown type {type_name!r}", f"use {_suggest(str(type_name), types)}")
        return None
    entry_type = model.ENTRY_TYPE_BY_NAME[type_name]
    fields = {f.name: f for f in entry_type.fields}
    values: dict[str, Any] = {}
    ok = True
    for key, raw in item.items():
        if key in ("id", "type"):
            continue
        spec = fields.get(key)
        if spec is None:
            collector.add(name, path + (yamlio.KeyOf(key),), entry_id, f"unknown field {key!r} for {type_name}", f"use {_suggest(str(key), sorted(fields))}")
            ok = False
            continue
        try:
            values[key] = _parse_field(spec, raw)
        except ValueProblem as problem:
            collector.add(name, path + (key,), entry_id, f"{key}: {problem.message}", problem.fix)
            ok = False
    for spec in entry_type.fields:
        if spec.required and spec.name not in item:
            fix = "add `sources: [source-id]` citing where this is stated" if spec.name == "sources" else f"add `{spec.name}:` ({spec.doc})"
            collector.add(name, path, entry_id, f"missing {spec.name}", fix)
            ok = False
    if "inferred" in values:
        for inferred_field in values["inferred"]:
            if inferred_field not in fields or inferred_field in ("inferred", "sources"):
                collector.add(name, path + ("inferred", inferred_field), entry_id, f"inferred names unknown field {inferred_field!r}", f"use {_suggest(inferred_field, sorted(fields))}")
                ok = False
            elif inferred_field not in item:
                collector.add(name, path + ("inferred", inferred_field), entry_id, f"inferred names {inferred_field!r}, which the entry does not have", f"add `{inferred_field}:` or remove it from `inferred:`")
                ok = False
    if type_name == "Source" and "seed" in values and not _SEED.fullmatch(values["seed"]):
        collector.add(name, path + ("seed",), entry_id, f"seed {values['seed']!r} is not a seed file name", "write the file name as in ../shared/seeds, such as 000_d485f5839df9e042.txt")
        ok = False
    if not ok:
        return None
    return Record(entry_id, type_name, name, path, values)


def _slugify(text: str) -> str:
    # Pinyin with tone marks (xiàmén) loses its marks rather than its letters.
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def _parse_field(spec: Field, raw: Any) -> Any:
    kind = spec.kind
    if kind == model.TEXT:
        if not isinstance(raw, str) or not raw.strip():
            raise ValueProblem(f"{raw!r} is not text", "write it as a non-empty string")
        return raw
    if kind == model.LANG_TEXT:
        return _lang_text(raw)
    if kind == model.LANG_TEXTS:
        if not isinstance(raw, dict) or not raw or set(raw) - set(LANGUAGES):
            raise ValueProblem(f"{raw!r} is not a list of names by language", "write `{zh: [..], en: [..]}`")
        return {lang: _texts(items) for lang, items in raw.items()}
    if kind == model.TEXTS:
        return _texts(raw)
    if kind == model.REF:
        return _ref(raw)
    if kind == model.REFS:
        if not isinstance(raw, list) or not raw:
            raise ValueProblem(f"{raw!r} is not a list of ids", "write `[id-one, id-two]`")
        refs = [_ref(item) for item in raw]
        if len(set(refs)) != len(refs):
            raise ValueProblem("an id is listed twice", "list each id once")
        return refs
    if kind == model.DATE:
        return parse_date(raw)
    if kind == model.MONEY:
        return parse_money(raw)
    if kind == model.QUANTITY:
        return parse_quantity(raw)
    if kind == model.ENUM:
        if raw not in spec.values:
            raise ValueProblem(f"{raw!r} is not allowed", f"use {_suggest(str(raw), spec.values)}")
        return raw
    if kind == model.URL:
        return check_url(raw)
    if kind == model.DEGREES:
        return parse_degrees(raw, 90 if spec.name == "lat" else 180)
    if kind == model.INFERENCES:
        if not isinstance(raw, dict) or not raw or not all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in raw.items()):
            raise ValueProblem("inferred must map field names to the reasoning", 'write `{date: "year inferred from ..."}`')
        return dict(raw)
    raise AssertionError(f"unknown field kind {kind}")  # pragma: no cover


def _lang_text(raw: Any) -> dict[str, str]:
    if isinstance(raw, dict) and any(value is None for value in raw.values()):
        stray = ", ".join(repr(k) for k, v in raw.items() if v is None)
        raise ValueProblem(f"{stray} became a key of its own", "quote the text: a comma inside `{...}` ends the value (write `en: \"Co., Ltd.\"`)")
    if not isinstance(raw, dict) or not raw or set(raw) - set(LANGUAGES):
        raise ValueProblem(f"{raw!r} is not a text by language", "write `{zh: ..., en: ...}` (at least one of the two)")
    for lang, text in raw.items():
        if not isinstance(text, str) or not text.strip():
            raise ValueProblem(f"{lang}: {text!r} is not text", "write a non-empty string")
    return dict(raw)


def _texts(raw: Any) -> list[str]:
    if not isinstance(raw, list) or not raw or not all(isinstance(t, str) and t.strip() for t in raw):
        raise ValueProblem(f"{raw!r} is not a list of texts", "write `[text, text]`")
    return list(raw)


def _ref(raw: Any) -> str:
    if not isinstance(raw, str) or not _SLUG.fullmatch(raw):
        raise ValueProblem(f"{raw!r} is not an id", f"write the id of an entry: {SLUG_RULE}")
    return raw


_REFERENCE_FIELDS = {t.name: [f for f in t.fields if f.kind in (model.REF, model.REFS)] for t in model.ENTRY_TYPES}


def _check_references(facts: FactSet, collector: Collector) -> None:
    records = facts.records
    for record in records.values():
        for spec in _REFERENCE_FIELDS[record.type]:
            value = record.values.get(spec.name)
            if value is None:
                continue
            if spec.kind == model.REF:
                target = records.get(value)
                if target is not None and target.type in spec.targets:
                    continue  # the common case, decided without building a path
            elif all((target := records.get(ref)) is not None and target.type in spec.targets for ref in value):
                continue
            refs = [value] if spec.kind == model.REF else value
            for index, ref in enumerate(refs):
                path = record.path + ((spec.name,) if spec.kind == model.REF else (spec.name, index))
                if spec.targets == ("Field",):
                    if ref not in model.FIELD_IDS:
                        collector.add(record.file, path, record.id, f"{spec.name}: {ref!r} is not a cooperation field", f"use {_suggest(ref, sorted(model.FIELD_IDS))}")
                    continue
                target = facts.records.get(ref)
                if target is None and ref in facts.invalid_ids:
                    continue
                if target is None:
                    similar = difflib.get_close_matches(ref, list(facts.records), n=1)
                    hint = f"did you mean `{similar[0]}`? Otherwise add an entry with id `{ref}`" if similar else f"add an entry with id `{ref}`, or correct the id"
                    collector.add(record.file, path, record.id, f"{spec.name}: no entry has id {ref!r}", hint)
                elif target.type not in spec.targets:
                    collector.add(record.file, path, record.id, f"{spec.name}: {ref!r} is a {target.type}", f"point it at a {' or '.join(spec.targets)}")


# Dates that cannot come before another date of the same entry, for the types that have both.
_ORDERED_FIELDS = {
    t.name: [(a, b) for a, b in (("started", "completed"), ("date", "end_date"), ("period_start", "period_end"), ("period_start", "as_of")) if {a, b} <= {f.name for f in t.fields}]
    for t in model.ENTRY_TYPES
}


def _check_consistency(facts: FactSet, collector: Collector) -> None:
    cited: set[str] = set()
    for record in facts.records.values():
        values = record.values
        cited.update(values.get("sources", ()))
        for first, second in _ORDERED_FIELDS[record.type]:
            _check_order(record, collector, first, second)
        if record.type == "Measure" and values.get("kind") == "size" and not values.get("unit"):
            collector.add(record.file, record.path + ("kind",), record.id, "a size needs its unit", "add unit: {zh: 平方米, en: square metre} (the unit the figures are in)")
        if record.type == "Event":
            _check_event_dating(facts, record, collector)
        if record.type == "Pairing":
            both = set(values["developed"]) & set(values["old_area"])
            if both:
                collector.add(record.file, record.path + ("old_area",), record.id, f"{', '.join(sorted(both))} is on both sides", "list each party on one side only")
        if record.type == "Observation":
            measure = facts.records.get(values["measure"])
            if measure is not None and measure.type == "Measure":
                try:
                    values["value"] = check_kind(values["value"], measure.values["kind"])
                except ValueProblem as problem:
                    collector.add(record.file, record.path + ("value",), record.id, f"value: {problem.message} ({measure.id} is a {measure.values['kind']})", problem.fix)
            for index, other_id in enumerate(values.get("conflicts_with", ())):
                other = facts.records.get(other_id)
                if other is None or other.type != "Observation":
                    continue
                if other_id == record.id:
                    collector.add(record.file, record.path + ("conflicts_with", index), record.id, "an observation cannot conflict with itself", "remove its own id")
                    continue
                same = all(other.values.get(k) == values.get(k) for k in ("subject", "measure")) and other.values["as_of"] == values["as_of"]
                if not same:
                    collector.add(record.file, record.path + ("conflicts_with", index), record.id, f"conflicts_with {other_id!r}, which is about another subject, measure or date", "link only observations of the same subject, measure and date; figures at different dates form a time series")
    for record in facts.by_type("Source"):
        if record.id not in cited:
            collector.add(record.file, record.path + ("id",), record.id, "no entry cites this source", "cite it from the entries it supports, or remove it", "warning")
    _check_mapped_places(facts, collector)


def _check_mapped_places(facts: FactSet, collector: Collector) -> None:
    """Every city or county-level unit a pairing names, itself or as the place of an institution,
    is drawn on the maps: one without a location is listed beside the map instead."""
    located = {r.values["of"] for r in facts.by_type("Location")}
    warned: set[str] = set()
    for record in facts.by_type("Pairing"):
        for side in ("developed", "old_area"):
            for index, party_id in enumerate(record.values[side]):
                party = facts.records.get(party_id)
                if party is None:
                    continue
                place_id = party_id if party.type in ("City", "District") else party.values.get("located_in", "")
                place = facts.records.get(place_id)
                if place is None or place.type not in ("City", "District") or place_id in located or place_id in warned:
                    continue
                warned.add(place_id)
                collector.add(
                    record.file,
                    record.path + (side, index),
                    record.id,
                    f"{place_id} has no location, so the maps list it beside the map",
                    "run `duikou locate` to add its boundary point, or add a Location entry (its seat of government, with a source)",
                    "warning",
                )


def _check_event_dating(facts: FactSet, record: Record, collector: Collector) -> None:
    """An event is dated, or says why not: a silent gap would read as a forgotten date."""
    values = record.values
    not_after = values.get("not_after")
    published = [
        source.values["published"]
        for source in (facts.records.get(s) for s in values.get("sources", ()))
        if source is not None and isinstance(source.values.get("published"), DateValue)
    ]
    if isinstance(not_after, DateValue) and published:
        earliest = min(published, key=lambda d: d.earliest())
        if not_after.lexical != earliest.lexical:
            collector.add(record.file, record.path + ("not_after",), record.id, f"not_after {not_after.lexical} is not the date its earliest source was published ({earliest.lexical})", f"write not_after: {earliest.lexical}")
    if "date" in values:
        if "not_after" in values:
            collector.add(record.file, record.path + ("not_after",), record.id, "not_after is only for events no source dates", "remove not_after, or remove date if no source states it")
        return
    if "end_date" in values:
        collector.add(record.file, record.path + ("end_date",), record.id, "end_date without date", "give the first day as date, or remove end_date")
    if not values.get("note"):
        collector.add(record.file, record.path + ("id",), record.id, "an event without a date needs a note", "add a date, or a note saying what the sources say about when it took place")
    if "not_after" not in values:
        collector.add(record.file, record.path + ("id",), record.id, "an event without a date needs not_after", "add not_after: the date of the earliest source that reports it as held")


def _check_order(record: Record, collector: Collector, first: str, second: str) -> None:
    a, b = record.values.get(first), record.values.get(second)
    if isinstance(a, DateValue) and isinstance(b, DateValue) and a.earliest() > b.latest():
        collector.add(record.file, record.path + (second,), record.id, f"{second} {b.lexical} is before {first} {a.lexical}", "check both dates against the source")


__all__ = ["FactSet", "FileFacts", "Quantity", "Record", "combine", "facts_files", "read_facts", "read_file"]
