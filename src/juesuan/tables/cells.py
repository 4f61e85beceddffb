"""Reading one cell: a figure ("1,039.80", "-", "0.00"), a classification code, or words."""
from __future__ import annotations

import re

from juesuan.model.number import Number, parse_decimal

_FIGURE = re.compile(r"[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-−]?\d+(?:\.\d+)?")
_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
#: cells that print "nothing" in a figure column
_EMPTY = frozenset({"", "-", "—", "--", "－", "/", "…"})


def figure(text: str, unit: str = "万元", exact: bool = False) -> Number | None:
    """The figure a cell holds, or None when it holds none (a dash is no figure).

    An ``exact`` cell (a spreadsheet's stored number, written with as few digits as it
    needs) is read at the template's precision of two decimals at least.
    """
    plain = text.strip().replace(" ", "")
    if plain in _EMPTY or not _FIGURE.fullmatch(plain):
        return None
    value, places = parse_decimal(plain.replace("−", "-"))
    if exact and places < 2:
        places = 2
        plain = f"{value:.2f}"
    return Number(value, places, plain, unit, -1, -1)


def code(text: str) -> str | None:
    """A 类 (3 digits), 款 (5) or 项 (7) code, or an economic code (3 or 5 digits)."""
    plain = text.strip().replace(" ", "")
    return plain if _CODE.fullmatch(plain) else None
