"""Closed intervals of Decimals: what a rounded printed figure can stand for.

"4.8%" stands for any value in [4.75, 4.85]; a sum, share or growth rate computed from
printed figures is an interval too, and a printed result is wrong only when its own
interval and the computed one do not meet (the rule XBRL calculation 1.1 uses).
"""
from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext
from functools import partial
from typing import NamedTuple

ZERO = Decimal(0)
HUNDRED = Decimal(100)


class Interval(NamedTuple):
    """The closed interval [lo, hi] (a tuple: cheap to make, and the checker makes many)."""

    lo: Decimal
    hi: Decimal

    @classmethod
    def printed(cls, value: Decimal, places: int) -> Interval:
        """Values that round to ``value`` at ``places`` decimals (half a unit either way)."""
        half = Decimal(5).scaleb(-places - 1)
        return cls(value - half, value + half)

    @property
    def mid(self) -> Decimal:
        return (self.lo + self.hi) / 2

    def __add__(self, other: Interval) -> Interval:
        return new_interval((self.lo + other.lo, self.hi + other.hi))

    def __sub__(self, other: Interval) -> Interval:
        return new_interval((self.lo - other.hi, self.hi - other.lo))

    def __neg__(self) -> Interval:
        return new_interval((-self.hi, -self.lo))

    def __mul__(self, other: Interval) -> Interval:
        products = (self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi)
        return new_interval((min(products), max(products)))

    def __truediv__(self, other: Interval) -> Interval | None:
        """Quotient, or None when the divisor may be zero (the ratio is then unbounded)."""
        if other.lo <= ZERO <= other.hi:
            return None
        # Each bound rounded outwards: a quotient rounded to nearest can land just inside the
        # true value and exclude it.
        with localcontext() as context:
            context.rounding = ROUND_FLOOR
            lo = min(a / b for a in self for b in other)
            context.rounding = ROUND_CEILING
            hi = max(a / b for a in self for b in other)
        return new_interval((lo, hi))

    def meets(self, other: Interval) -> bool:
        """Whether the two intervals share a value."""
        return self.lo <= other.hi and other.lo <= self.hi


# Interval(lo, hi) goes through the __new__ that NamedTuple writes in Python; the checker
# makes thousands of intervals per report, so the arithmetic makes them with the tuple
# constructor itself: new_interval((lo, hi)) is Interval(lo, hi) at a fraction of the cost.
new_interval = partial(tuple.__new__, Interval)


def total(intervals) -> Interval:
    """Sum of intervals (the empty sum is exactly zero)."""
    lo = hi = ZERO
    for item in intervals:
        lo += item.lo
        hi += item.hi
    return new_interval((lo, hi))
