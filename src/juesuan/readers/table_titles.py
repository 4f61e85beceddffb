"""The title printed above a table, past the lines that stand between it and the table.

Reports print "收入支出决算总表", then the unit ("单位：万元"), the unit's name ("编制单位：…")
or the table's number as the 决算 software prints it ("公开01表", "表3"), then the table.
The PDF and Word readers look for a table's title among the lines above it alike.
"""
from __future__ import annotations

import re

#: a line between a table's title and the table
PRE_HEADER = re.compile(r"(?:编制|填报|金额)?单位|部门[:：]|(?:20\d\d\s*年度?)?\s*(?:公开|财决)\s*\d+\s*表$"
                        r"|表\s*[0-9一二三四五六七八九十-]+$")
#: how many such lines may stand between a title and its table
MAX_PRE_HEADER = 3


def title_above(above: list[str]) -> tuple[str, list[str]]:
    """(the nearest of the lines ``above`` a table, the nearest last, that is no line
    between a title and its table, "" when there is none; the lines between it and the
    table, in order)."""
    between: list[str] = []
    for text in reversed(above):
        if not PRE_HEADER.match(text):
            return text, between[::-1]
        between.append(text)
    return "", between[::-1]
