"""A figure as printed: its exact value, its precision, its unit and where it stands."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from juesuan.model.interval import Interval

#: Units of money and their size in 万元, the unit of the template.
MONEY_UNITS = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000),
               "万": Decimal(1), "亿": Decimal(10000)}
PERCENT = "%"


@dataclass(frozen=True, slots=True)
class Number:
    """One printed figure. ``start``/``end`` are offsets in the report's flow."""

    value: Decimal
    places: int
    text: str
    unit: str
    start: int
    end: int

    @property
    def is_money(self) -> bool:
        return self.unit in MONEY_UNITS

    @property
    def is_percent(self) -> bool:
        return self.unit == PERCENT

    @property
    def interval(self) -> Interval:
        """What the printed figure can stand for, in its own unit.

        An amount or count printed as 0 is nothing at all, not a rounded half unit: reports
        write "0" or "0.00" for a line with no money. A 0% share is still rounded.
        """
        if self.value == 0 and self.unit != PERCENT:
            return Interval.exact(self.value)
        return Interval.printed(self.value, self.places)

    @property
    def wan(self) -> Decimal:
        """Value in 万元 as printed (a stray 元 is taken at its word)."""
        return self.value * MONEY_UNITS.get(self.unit, Decimal(1))

    def as_dict(self) -> dict:
        return {"value": str(self.value), "text": self.text, "unit": self.unit,
                "places": self.places}


def parse_decimal(text: str) -> tuple[Decimal, int]:
    """``"1,039.80"`` -> (Decimal("1039.80"), 2): value and printed decimal places."""
    plain = text.replace(",", "").replace(" ", "")
    value = Decimal(plain)
    places = len(plain) - plain.index(".") - 1 if "." in plain else 0
    return value, places
