"""Typed values: dates with their precision, money in yuan, counts and ratios.

Each parser takes the value as YAML gave it and returns a typed value, or raises ValueProblem
with what is wrong and how to write it instead. Decimals are kept as ``decimal.Decimal`` and
written in the canonical xsd:decimal form, so that no float rounding ever reaches the graph.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

XSD = "http://www.w3.org/2001/XMLSchema#"


class ValueProblem(ValueError):
    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


@dataclass(frozen=True, order=True, slots=True)
class DateValue:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def lexical(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @property
    def datatype(self) -> str:
        return XSD + {"day": "date", "month": "gYearMonth", "year": "gYear"}[self.precision]

    def earliest(self) -> tuple[int, int, int]:
        return (self.year, self.month or 1, self.day or 1)

    def latest(self) -> tuple[int, int, int]:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return (self.year, month, day)


_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?")
DATE_FIX = "write the date as YYYY, YYYY-MM or YYYY-MM-DD (for example 2023-11 or 2023-11-05)"
DIGITS_FIX = "write the digits as ASCII 0-9"
# No real figure has more digits; longer numbers are typing accidents (or attacks on int()).
# With 亿 (8 more digits) the amount still fits decimal's default 28-digit precision exactly.
MAX_DIGITS = 20


def _non_ascii_digits(text: str) -> bool:
    """Full-width (２０２３) or other scripts' digits, which Python would read as numbers silently."""
    return any(c.isdigit() and not c.isascii() for c in text)


def parse_date(raw: Any) -> DateValue:
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        raise ValueProblem(f"{raw!r} is not a date", DATE_FIX)
    if isinstance(raw, str) and _non_ascii_digits(raw):
        raise ValueProblem(f"{raw!r} has digits that are not ASCII", DIGITS_FIX)
    match = _DATE.fullmatch(str(raw).strip())
    if not match:
        raise ValueProblem(f"{raw!r} is not a date", DATE_FIX)
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if not 1900 <= year <= 2100:
        raise ValueProblem(f"year {year} is out of range", "check the year (1900–2100)")
    if month is not None and not 1 <= month <= 12:
        raise ValueProblem(f"{raw!r} has no month {month}", "months run from 01 to 12")
    if month is not None and day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueProblem(
                f"{raw!r} is not a real date: {year}-{month:02d} has {last} days",
                "check the day against the source",
            )
    return DateValue(year, month, day)


# Multipliers and units as Chinese texts write them.
_MULTIPLIERS = {"": Decimal(1), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
MONEY_UNITS = ("元", "万元", "亿元")
_NUMBER = r"(-?[0-9]+(?:\.[0-9]+)?)"
_QUANTITY = re.compile(rf"{_NUMBER}\s*(万|亿)?\s*(元|%)?")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
MONEY_FIX = "write money as the text gives it, in 元, 万元 or 亿元 (for example 109亿元), or as a number of yuan"
COUNT_FIX = "write a count as a whole number, with 万 or 亿 if the text uses them (for example 83 or 6万)"
SIZE_FIX = "write the number in the measure's unit, with 万 if the text uses it (for example 3.5万 for 3.5万吨)"
RATIO_FIX = "write a share or growth rate as a percentage (for example 305.7%)"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with what it measures: 'count' (integer), 'money' (yuan) or 'ratio'."""

    kind: str
    amount: Decimal
    text: str  # as written in the facts, for tracing back to the source

    @property
    def lexical(self) -> str:
        if self.kind == "count":
            return str(int(self.amount))
        return canonical_decimal(self.amount)

    @property
    def datatype(self) -> str:
        return XSD + ("integer" if self.kind == "count" else "decimal")


def canonical_decimal(value: Decimal) -> str:
    """The canonical xsd:decimal form: no exponent, always a fractional part (1.0, 0.5)."""
    text = format(value.normalize(), "f")
    if "." not in text:
        return text + ".0"
    text = text.rstrip("0")
    return text + "0" if text.endswith(".") else text


def parse_quantity(raw: Any) -> Quantity:
    """Parse 83, 6万, 109亿元, 305.7% or a plain number."""
    if isinstance(raw, bool):
        raise ValueProblem(f"{raw!r} is not a number", COUNT_FIX)
    if isinstance(raw, int):
        _check_digits(raw, str(abs(raw)))
        return Quantity("count", Decimal(raw), str(raw))
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise ValueProblem(f"{raw!r} is not a finite number", "write the figure as the text gives it, such as 83, 6万 or 109亿元")
        _check_digits(raw, format(Decimal(repr(raw)), "f").lstrip("-0").replace(".", ""))
        return Quantity("number", Decimal(repr(raw)), repr(raw))
    if not isinstance(raw, str):
        raise ValueProblem(f"{raw!r} is not a number", COUNT_FIX)
    text = raw.strip()
    if _non_ascii_digits(text):
        raise ValueProblem(f"{raw!r} has digits that are not ASCII", DIGITS_FIX)
    match = _QUANTITY.fullmatch(text)
    if not match:
        unit = re.sub(r"^[-0-9.\s]+(万|亿)?", "", text)
        if re.match(r"-?[0-9]", text) and unit:
            raise ValueProblem(
                f"unknown unit {unit!r} in {raw!r}",
                "use 元, 万元 or 亿元 for money, % for rates, or no unit for counts",
            )
        raise ValueProblem(f"{raw!r} is not a number", COUNT_FIX)
    _check_digits(raw, match.group(1))
    try:
        number = Decimal(match.group(1))
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise ValueProblem(f"{raw!r} is not a number", COUNT_FIX) from None
    multiplier = _MULTIPLIERS[match.group(2) or ""]
    unit = match.group(3)
    if unit == "%":
        if match.group(2):
            raise ValueProblem(f"{raw!r} mixes 万/亿 with %", RATIO_FIX)
        return Quantity("ratio", number / 100, text)
    if unit == "元":
        return Quantity("money", number * multiplier, text)
    amount = number * multiplier
    if amount != amount.to_integral_value():
        return Quantity("number", amount, text)
    return Quantity("count", amount, text)


def _check_digits(raw: Any, number: str) -> None:
    digits = sum(c.isdigit() for c in number)
    if digits > MAX_DIGITS:
        raise ValueProblem(f"a number with {digits} digits is not a plausible figure", f"check the value against the source (at most {MAX_DIGITS} digits)")


def parse_money(raw: Any) -> Quantity:
    try:
        quantity = parse_quantity(raw)
    except ValueProblem as problem:
        raise ValueProblem(problem.message, MONEY_FIX if problem.fix == COUNT_FIX else problem.fix) from None
    if quantity.kind == "ratio":
        raise ValueProblem(f"{raw!r} is a percentage, not an amount of money", MONEY_FIX)
    if isinstance(raw, str) and quantity.kind != "money" and not _PLAIN_NUMBER.fullmatch(raw.strip()):
        raise ValueProblem(f"{raw!r} has no money unit", MONEY_FIX)
    if quantity.amount < 0:
        raise ValueProblem(f"{raw!r} is negative", "amounts of money are never negative: check the source")
    return Quantity("money", quantity.amount, quantity.text)


def check_kind(quantity: Quantity, kind: str) -> Quantity:
    """Check that a parsed observation value fits its measure's kind."""
    if kind == "count":
        if quantity.kind not in ("count",):
            raise ValueProblem(f"{quantity.text!r} is not a whole count", COUNT_FIX)
        if quantity.amount < 0:
            raise ValueProblem(f"{quantity.text!r} is negative", "counts are never negative: check the source")
        return quantity
    if kind == "money":
        if quantity.kind == "ratio":
            raise ValueProblem(f"{quantity.text!r} is a percentage, but the measure counts money", MONEY_FIX)
        if quantity.kind != "money" and not _PLAIN_NUMBER.fullmatch(quantity.text.lstrip("-")):
            raise ValueProblem(f"{quantity.text!r} has no money unit", MONEY_FIX)
        if quantity.amount < 0:
            raise ValueProblem(f"{quantity.text!r} is negative", "amounts of money are never negative: check the source")
        return Quantity("money", quantity.amount, quantity.text)
    if kind == "ratio":
        if quantity.kind != "ratio":
            raise ValueProblem(f"{quantity.text!r} is not a percentage, but the measure is a ratio", RATIO_FIX)
        return quantity
    if kind == "size":
        if quantity.kind not in ("count", "number"):
            raise ValueProblem(f"{quantity.text!r} is not a plain number, but the measure is a size in its unit", SIZE_FIX)
        if quantity.amount < 0:
            raise ValueProblem(f"{quantity.text!r} is negative", "sizes are never negative: check the source")
        return Quantity("number", quantity.amount, quantity.text)
    raise ValueProblem(f"unknown measure kind {kind!r}", "use count, money, ratio or size")


# What an IRI may hold in N-Triples and Turtle: no spaces, controls, <>"{}|\^` characters.
_URL = re.compile(r"https?://[^\s\x00-\x20\x7f<>\"{}|\\^`]+")


def check_url(raw: Any) -> str:
    if not isinstance(raw, str) or not _URL.fullmatch(raw):
        raise ValueProblem(f"{raw!r} is not a web address", "write a full http:// or https:// URL without spaces")
    return raw


def parse_degrees(raw: Any, limit: int) -> Decimal:
    """A latitude (limit 90) or longitude (limit 180) in decimal degrees, as written."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise ValueProblem(f"{raw!r} is not a number of degrees", "write decimal degrees as a plain number, such as 26.263")
    value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    if not value.is_finite() or abs(value) > limit:
        raise ValueProblem(f"{raw!r} is out of range", f"write a number between -{limit} and {limit}")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:
        raise ValueProblem(f"{raw!r} has more than 6 decimals", "round to at most 6 decimals (about 0.1 m)")
    return value
