"""SPARQL answers as pandas DataFrames whose columns have Python types.

Each cell is converted from its RDF term, and each column then gets the pandas dtype its
values allow:

| RDF term | cell | column dtype when every filled cell is of this kind |
|---|---|---|
| IRI | ``"id:sanming"``, ``"dk:status-signed"`` (a CURIE; the full IRI when no prefix fits or ``full_iris``) | pandas' text dtype (``str`` in pandas 3) |
| plain or language-tagged literal | ``str`` | pandas' text dtype |
| ``xsd:integer`` (counts) | ``int`` | ``int64``; ``Int64`` when some cells are empty |
| ``xsd:decimal``, ``xsd:double`` (money in yuan, ratios) | ``float`` | ``float64`` (empty cells are NaN) |
| ``xsd:boolean`` | ``bool`` | ``bool``; ``boolean`` when some cells are empty |
| ``xsd:date`` | ``datetime.date`` | ``object`` |
| ``xsd:gYearMonth``, ``xsd:gYear`` | ``pandas.Period`` with freq ``M`` / ``Y``: the precision the source gives | ``period[M]`` / ``period[Y-DEC]`` |
| ``xsd:dateTime`` (none in the facts) | ``datetime.datetime`` | ``object`` |

Money becomes float rather than Decimal because pandas computes and plots float columns and
treats Decimal columns as opaque objects; a float holds every whole number of yuan below 2**53
(about 9×10^15) exactly, far beyond any figure in the facts. For exact Decimal values use
``kg.query(..., dataframe=False)``.

A column mixing kinds (integers and decimals give float64; dates of different precision;
numbers and text) keeps each cell as converted, in an ``object`` column. ``.year`` works on
both ``datetime.date`` and ``pandas.Period``; ``first_day`` turns either into a date for
sorting and plotting a column of mixed precision.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from graph.rdf.serialize import compact
from graph.rdf.vocab import PREFIXES

if TYPE_CHECKING:
    import pandas

XSD = PREFIXES["xsd"]
_INTEGERS = {XSD + name for name in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_FLOATS = {XSD + "decimal", XSD + "double", XSD + "float"}
# The kind of each converted cell, which decides the column's dtype.
IRI_KIND, TEXT, INTEGER, FLOAT, BOOLEAN, DATE, YEAR, MONTH, OTHER = "iri", "text", "integer", "float", "boolean", "date", "year", "month", "other"
_PERIODS = {XSD + "gYear": YEAR, XSD + "gYearMonth": MONTH}
_FREQ = {YEAR: "Y", MONTH: "M"}
Cell = Callable[[Any, bool], tuple[str | None, Any]]


def cell(term: Any, full_iris: bool = False) -> tuple[str | None, Any]:
    """(kind, Python value) for one rdflib result term; (None, None) for an unbound variable."""
    from rdflib import Literal

    if term is None:
        return None, None
    if not isinstance(term, Literal):
        text = str(term)
        return IRI_KIND, text if full_iris else compact(text) or text
    datatype = str(term.datatype) if term.datatype else ""
    return _literal_cell(str(term), datatype, term)


def oxigraph_cell(term: Any, full_iris: bool = False) -> tuple[str | None, Any]:
    """``cell`` for a pyoxigraph result term: the same kinds and values, without making an
    rdflib term but for the rare datatypes whose value rdflib's mapping decides."""
    import pyoxigraph

    if term is None:
        return None, None
    if not isinstance(term, pyoxigraph.Literal):
        text = term.value
        return IRI_KIND, text if full_iris else compact(text) or text
    if term.language:
        return TEXT, term.value
    datatype = term.datatype.value
    if datatype in _INTEGERS or datatype in _FLOATS or datatype in _PERIODS or datatype == XSD + "string":
        return _literal_cell(term.value, datatype, None)
    from graph.sparql.store import to_rdflib_term

    return cell(to_rdflib_term(term), full_iris)


def _literal_cell(lexical: str, datatype: str, term: Any) -> tuple[str, Any]:
    """A literal's kind and value; ``term``, its rdflib Literal, is needed only for the
    datatypes not handled here (None is fine for the others)."""
    try:
        if datatype in _INTEGERS:
            return INTEGER, int(lexical)
        if datatype in _FLOATS:
            return FLOAT, float(lexical)
        if datatype in _PERIODS:
            kind = _PERIODS[datatype]
            return kind, _period(lexical, _FREQ[kind])
    except ValueError:
        return OTHER, lexical  # an ill-typed literal keeps its text rather than failing the query
    if not datatype or datatype == XSD + "string":
        return TEXT, lexical
    from rdflib import Literal

    value = term.toPython()
    if isinstance(value, bool):
        return BOOLEAN, value
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return DATE, value
    if isinstance(value, Literal):
        return OTHER, lexical
    return OTHER, value


def _period(lexical: str, freq: str) -> Any:
    import pandas as pd

    return pd.Period(lexical, freq=freq)


def to_dataframe(columns: Sequence[str], rows: Sequence[Mapping[str, Any]], full_iris: bool = False, convert: Cell = cell) -> pandas.DataFrame:
    """A DataFrame of SPARQL result rows (terms by column name; None when unbound), typed per
    column; ``convert`` is ``cell`` for rdflib's terms, ``oxigraph_cell`` for pyoxigraph's."""
    import pandas as pd

    data: dict[str, pd.Series[Any]] = {}
    for name in columns:
        # A column repeats its terms (the same place, class or year in many rows): each is
        # converted once. Terms are equal only when they are the same RDF term, and the
        # values made are immutable, so cells may share them.
        converted: dict[Any, tuple[str | None, Any]] = {None: (None, None)}
        values: list[Any] = []
        for row in rows:
            term = row.get(name)
            found = converted.get(term)
            if found is None:
                found = converted[term] = convert(term, full_iris)
            values.append(found[1])
        kinds = {kind for kind, _ in converted.values() if kind is not None}
        data[name] = _series(values, kinds)
    return pd.DataFrame(data, columns=list(columns), index=pd.RangeIndex(len(rows)))


def _series(values: list[Any], kinds: set[str]) -> Any:
    import pandas as pd

    missing = any(v is None for v in values)
    if kinds == {INTEGER}:
        return pd.Series(values, dtype="Int64" if missing else "int64")
    if kinds and kinds <= {INTEGER, FLOAT}:
        return pd.Series([float("nan") if v is None else float(v) for v in values], dtype="float64")
    if kinds == {BOOLEAN}:
        return pd.Series(values, dtype="boolean" if missing else "bool")
    if kinds and kinds <= {TEXT, IRI_KIND}:
        return pd.Series(values)  # pandas' own choice for text: str from pandas 3, object before
    if kinds in ({YEAR}, {MONTH}):
        freq = _FREQ[next(iter(kinds))]
        return pd.Series(pd.array([pd.NaT if v is None else v for v in values], dtype=pd.PeriodDtype(freq)))
    return pd.Series(values, dtype="object")


def first_day(value: Any) -> datetime.date | None:
    """The first day of a date or a Period (a gYear or gYearMonth cell): a sortable, plottable date.

    None and NaT stay None; a ``datetime.date`` is returned as it is.
    """
    import pandas as pd

    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Period):
        start: datetime.date = value.start_time.date()
        return start
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raise TypeError(f"not a date or period: {value!r}")
