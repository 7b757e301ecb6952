from decimal import Decimal

import pytest

from graph.facts.values import ValueProblem, canonical_decimal, check_kind, parse_date, parse_money, parse_quantity


@pytest.mark.parametrize(
    ("raw", "lexical", "datatype"),
    [("2023", "2023", "gYear"), (2023, "2023", "gYear"), ("2023-11", "2023-11", "gYearMonth"), ("2024-02-29", "2024-02-29", "date"), ("2023-9-7", "2023-09-07", "date")],
)
def test_dates_keep_their_precision(raw: object, lexical: str, datatype: str) -> None:
    value = parse_date(raw)
    assert value.lexical == lexical
    assert value.datatype.endswith("#" + datatype)


@pytest.mark.parametrize("raw", ["2023-02-30", "2023-02-29", "2023-13", "2023-00", "11月8日", "", True, 3.5, "99999"])
def test_impossible_or_malformed_dates_are_refused(raw: object) -> None:
    with pytest.raises(ValueProblem):
        parse_date(raw)


@pytest.mark.parametrize(
    ("raw", "kind", "amount", "lexical"),
    [
        ("109亿元", "money", Decimal("10900000000"), "10900000000.0"),
        ("340.33亿元", "money", Decimal("34033000000"), "34033000000.0"),
        ("3000万元", "money", Decimal("30000000"), "30000000.0"),
        ("6万", "count", Decimal("60000"), "60000"),
        ("1.4万", "count", Decimal("14000"), "14000"),
        (83, "count", Decimal(83), "83"),
        ("305.7%", "ratio", Decimal("3.057"), "3.057"),
        ("24%", "ratio", Decimal("0.24"), "0.24"),
    ],
)
def test_quantities_are_typed_exactly(raw: object, kind: str, amount: Decimal, lexical: str) -> None:
    quantity = parse_quantity(raw)
    assert (quantity.kind, quantity.amount, quantity.lexical) == (kind, amount, lexical)


def test_money_needs_a_known_unit_and_is_never_negative() -> None:
    assert parse_money("109亿元").lexical == "10900000000.0"
    assert parse_money(5000).amount == 5000
    for bad in ("30亿美元", "-5亿元", "abc", "20%", "6万"):
        with pytest.raises(ValueProblem):
            parse_money(bad)


def test_measure_kind_is_enforced() -> None:
    with pytest.raises(ValueProblem):
        check_kind(parse_quantity("1.5"), "count")
    with pytest.raises(ValueProblem):
        check_kind(parse_quantity("83"), "ratio")
    assert check_kind(parse_quantity("63.45亿元"), "money").kind == "money"


@pytest.mark.parametrize(("value", "text"), [(Decimal("1E+10"), "10000000000.0"), (Decimal("0.50"), "0.5"), (Decimal("3"), "3.0"), (Decimal("-2.10"), "-2.1")])
def test_canonical_decimal_has_no_exponent(value: Decimal, text: str) -> None:
    assert canonical_decimal(value) == text


def test_a_size_is_any_non_negative_number_in_its_unit() -> None:
    capacity = check_kind(parse_quantity("3.5万"), "size")
    assert (capacity.amount, capacity.lexical, capacity.datatype.rsplit("#", 1)[1]) == (Decimal(35000), "35000.0", "decimal")
    assert check_kind(parse_quantity("1.5"), "size").amount == Decimal("1.5")
    for text in ("305.7%", "109亿元"):
        with pytest.raises(ValueProblem):
            check_kind(parse_quantity(text), "size")
