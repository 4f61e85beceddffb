"""Figures as a generated report prints them: 万元 to the cent, rates to 0.01%.

Every derived figure is computed here from exact Decimals and rounded once, half up, as
finance staff round; the checker's intervals then always contain what is printed.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def money(value: Decimal) -> str:
    """1039.8 -> "1,039.80"."""
    return f"{value.quantize(CENT, ROUND_HALF_UP):,.2f}"


def percent(part: Decimal, whole: Decimal) -> str:
    """A share or rate, "12.06%"; the caller makes sure ``whole`` is not zero."""
    return f"{(part * HUNDRED / whole).quantize(CENT, ROUND_HALF_UP)}%"


def rate(this: Decimal, last: Decimal) -> str:
    """The growth from ``last`` to ``this`` without its sign: "12.06%". A line new this year
    grows by 100% by custom (there is no rate from nothing)."""
    if not last:
        return "100.00%"
    return percent(abs(this - last), abs(last))
