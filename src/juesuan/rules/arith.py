"""Arithmetic on printed figures and the way an expected value is written back."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from juesuan.model.interval import HUNDRED, Interval, total

__all__ = ["HUNDRED", "Interval", "fmt", "fmt_like", "fmt_percent", "growth_percent",
           "ratio_minus_one_percent", "ratio_percent", "total"]


def fmt(value: Decimal, places: int) -> str:
    """A value written at a printed precision (half up, as reports round)."""
    quantum = Decimal(1).scaleb(-places)
    return str(value.quantize(quantum, rounding=ROUND_HALF_UP))


def growth_percent(this: Interval, change: Interval) -> Interval | None:
    """change / (this − change) in percent, exactly over the printed intervals.

    The change appears twice, so dividing the intervals would widen the range; the rate
    is monotonic in each figure, so its extremes lie at the corners instead. None when
    last year may have been zero or below.
    """
    corners = []
    for t in (this.lo, this.hi):
        for c in (change.lo, change.hi):
            last = t - c
            if last <= 0:
                return None
            corners.append(c * HUNDRED / last)
    return Interval(min(corners), max(corners))


def ratio_minus_one_percent(final: Interval, budget: Interval) -> Interval | None:
    """(final − budget) / budget in percent, computed as final / budget − 1 so that the
    budget, which appears twice, does not widen the range."""
    ratio = ratio_percent(final, budget)
    return None if ratio is None else Interval(ratio.lo - HUNDRED, ratio.hi - HUNDRED)


def fmt_like(value: Decimal, number) -> str:
    """A value written the way ``number`` was printed: its places, separators and unit."""
    text = fmt(value, number.places)
    if "," in number.text:
        whole, _, decimals = text.partition(".")
        sign = "-" if whole.startswith("-") else ""
        text = f"{sign}{int(whole.lstrip('-')):,}" + (f".{decimals}" if decimals else "")
    if number.unit and number.text.endswith(number.unit):     # a table cell prints no unit
        spaced = number.text[:-len(number.unit)].endswith(" ")
        text += (" " if spaced else "") + number.unit
    return text


def fmt_percent(value: Decimal, places: int) -> str:
    return fmt(value, max(places, 2)) + "%"


def ratio_percent(part: Interval, whole: Interval) -> Interval | None:
    """part / whole in percent, or None when the whole may be zero."""
    quotient = part / whole
    if quotient is None:
        return None
    return Interval(quotient.lo * HUNDRED, quotient.hi * HUNDRED)
