"""Interval arithmetic is sound: any true values behind printed figures stay inside."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from juesuan.model.interval import Interval
from juesuan.model.number import Number

places = st.integers(min_value=0, max_value=3)
# A true value, and the figure it is printed as at some precision.
true_values = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("100000"), places=4)


def printed(value: Decimal, at: int) -> Interval:
    return Interval.printed(round(value, at), at)


@given(true_values, true_values, places, places)
def test_sum_and_difference_cover_the_truth(a, b, pa, pb):
    ia, ib = printed(a, pa), printed(b, pb)
    assert (ia + ib).lo <= a + b <= (ia + ib).hi
    assert (ia - ib).lo <= a - b <= (ia - ib).hi


@given(true_values, true_values, places, places)
# the true ratio on the lower bound, where a quotient rounded to nearest overshoots it
@example(Decimal("0.4655"), Decimal("80.7665"), 3, 3)
def test_ratio_covers_the_truth(a, b, pa, pb):
    ia, ib = printed(a, pa), printed(b, pb)
    ratio = ia / ib
    if ratio is None:
        assert ib.lo <= 0
    else:
        assert ratio.lo <= a / b <= ratio.hi


def test_printed_interval_is_half_a_unit_either_way():
    assert Interval.printed(Decimal("4.8"), 1) == Interval(Decimal("4.75"), Decimal("4.85"))
    assert Interval.printed(Decimal("59"), 0) == Interval(Decimal("58.5"), Decimal("59.5"))
    assert not Interval.printed(Decimal("12.6"), 1).meets(Interval(Decimal("12.05"), Decimal("12.07")))


@given(st.decimals(min_value=Decimal("-1000"), max_value=Decimal("100000"), places=2), places,
       st.sampled_from(["万元", "元", "%", "人", "辆", ""]))
@example(Decimal("0"), 2, "万元")
@example(Decimal("0"), 2, "%")
@example(Decimal("3"), 0, "辆")
def test_a_figures_half_unit_is_how_far_its_interval_reaches_either_way(value, at, unit):
    # Rates are tested against their printed value and half unit, without an interval.
    value = round(value, at)
    number = Number(value, at, str(value), unit, 0, 1)
    assert number.interval == Interval(value - number.half_unit, value + number.half_unit)
