"""A figure as printed: its exact value, its precision, its unit and where it stands."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.model.interval import ZERO, Interval, new_interval

#: Units of money and their size in 万元, the unit of the template.
MONEY_UNITS = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000),
               "万": Decimal(1), "亿": Decimal(10000)}
PERCENT = "%"
EXACT_UNITS = frozenset({"人次", "人", "辆", "个", "批次", "台（套）", "台", "套", "家", "户", "名",
                         "单位", "项目"})
_HALF = {places: Decimal(5).scaleb(-places - 1) for places in range(8)}


@dataclass(slots=True, eq=False)
class Number:
    """One printed figure. ``start``/``end`` are offsets in the report's flow."""

    value: Decimal
    places: int
    text: str
    unit: str
    start: int
    end: int
    _interval: Interval | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def is_money(self) -> bool:
        return self.unit in MONEY_UNITS

    @property
    def interval(self) -> Interval:
        """What the printed figure can stand for, in its own unit.

        An amount or count printed as 0 is nothing at all, not a rounded half unit: reports
        write "0" or "0.00" for a line with no money. A 0% share is still rounded. People,
        vehicles, groups and items are counted, not rounded.
        """
        if self._interval is None:
            value = self.value
            half = self.half_unit
            self._interval = new_interval((value - half, value + half) if half else (value, value))
        return self._interval

    @property
    def half_unit(self) -> Decimal:
        """How far what the figure stands for may lie from its printed value: half a unit
        of its last place, or nothing for a figure that is exact (see :attr:`interval`).
        A test of one figure against its printed range needs no interval made for it."""
        if (not self.value and self.unit != PERCENT) or (self.unit in EXACT_UNITS and not self.places):
            return ZERO
        return _HALF.get(self.places) or Decimal(5).scaleb(-self.places - 1)

    def as_dict(self) -> dict:
        return {"value": str(self.value), "text": self.text, "unit": self.unit,
                "places": self.places}


def parse_decimal(text: str) -> tuple[Decimal, int]:
    """``"1,039.80"`` -> (Decimal("1039.80"), 2): value and printed decimal places."""
    plain = text.replace(",", "") if "," in text else text
    # the places are what follows the point (nothing without one): one call finds both
    return Decimal(plain), len(plain.partition(".")[2])
