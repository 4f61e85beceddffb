"""Reading one cell: a figure ("1,039.80", "-", "0.00"), a classification code, or words."""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from juesuan.model.number import Number, parse_decimal

_FIGURE = re.compile(r"[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-−]?\d+(?:\.\d+)?")
_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
_CHINESE_THOUSANDS = re.compile(r"[-−]?\d{1,3}(?:，\d{3})+(?:\.\d+)?")
#: cells that print "nothing" in a figure column
_EMPTY = frozenset({"", "-", "—", "--", "－", "/", "…"})


def figure(text: str, unit: str = "万元", exact: bool = False) -> Number | None:
    """The figure a cell holds, or None when it holds none (a dash is no figure).

    An ``exact`` cell (a spreadsheet's stored number, written with as few digits as it
    needs) is read at the template's precision of two decimals at least.
    """
    reading = _reading(text)
    if reading is None:
        return None
    value, places, plain = reading
    if exact and places < 2:
        places = 2
        plain = f"{value:.2f}"
    return Number(value, places, plain, unit, -1, -1)


@lru_cache(maxsize=1024)
def _reading(text: str) -> tuple[Decimal, int, str] | None:
    """(value, decimal places, text without spaces) of a cell that prints a figure. A
    report's tables repeat their cells ("0.00", a total in three tables) and a cell is
    asked for its figure several times while its table is recognised: each distinct
    text is read once (the Number is made afresh for each asking)."""
    plain = text.strip().replace(" ", "")
    if "，" in plain and _CHINESE_THOUSANDS.fullmatch(plain):
        plain = plain.replace("，", ",")     # thousands typed with a Chinese comma: "1，039.80"
    if plain in _EMPTY or not _FIGURE.fullmatch(plain):
        return None
    value, places = parse_decimal(plain.replace("−", "-"))
    return value, places, plain


def code(text: str) -> str | None:
    """A 类 (3 digits), 款 (5) or 项 (7) code, or an economic code (3 or 5 digits)."""
    plain = text.strip().replace(" ", "")
    return plain if _CODE.fullmatch(plain) else None
