"""One item of the explanation printed with two amounts that disagree.

Some reports head each item with its amount and then say it again: "（一）教育支出 12.34
万元。……支出决算为 12.43 万元" or "3.教育支出（类）…（项）12.34 万元。年初预算为…，支出
决算为 12.43 万元". The two are one figure; when they differ, the table row says which
is right.
"""
from __future__ import annotations

import re
from decimal import Decimal

from juesuan.classification import default as classification
from juesuan.extract.grammar import FIGURE, SUBSECTION_HEADING, last_level_mark_end
from juesuan.model.interval import Interval
from juesuan.model.number import MONEY_UNITS, Number, parse_decimal
from juesuan.rules.arith import fmt_like
from juesuan.rules.registry import rule

#: the amount said again in the item's body: "支出决算为 12.43 万元", "决算数为 12.43 万元"
_FINAL = re.compile(r"(?:支出)?决算(?:数|金额)?(?:为|是)\s*$")
#: a final figure of another year is no restatement of this one
_OTHER_YEAR = re.compile(r"上年|上一年|去年|以前年度|(?<!\d)\d{4}\s*年")
_HEADING_REACH = 16
_NOT_A_NAME = re.compile(r"预算|决算|上年|去年|增加|减少|增长|下降|占|\d")
_CUE_REACH = 14
_CLOSING_QUOTES = "”\"’」"
_CLAUSE_STOP = re.compile(r"[，,。；;：:]")
#: what must stand where a line's heading amount begins: a figure right after the end of
#: its names (a level mark's bracket, a bare level, a closing quote). Most lines go on
#: with a colon or a comma; one search spares them finding where their names end.
_FIGURE_AFTER_NAME = re.compile(r"[）)类款项" + _CLOSING_QUOTES + r"][ \t]*\d")


def _money(match: re.Match, offset: int = 0) -> Number | None:
    unit = match.group("unit")
    if unit not in MONEY_UNITS:
        return None
    value, places = parse_decimal(match.group("num"))
    return Number(value, places, match.group(), unit, match.start() + offset, match.end() + offset)


def _wan(number: Number) -> Interval:
    interval = number.interval
    scale = MONEY_UNITS.get(number.unit, Decimal(1))
    return interval if scale == 1 else Interval(interval.lo * scale, interval.hi * scale)


def _heading_amount(text: str, start: int, end: int, named: bool) -> Number | None:
    """A money figure right after an item's name (up to ``end``), before any clause break.

    After a line's last level mark nothing may stand between ("（项）12.34 万元"); in a
    subsection's title the words before it are its name, which says no budget, no change
    and no other year ("（一）教育支出 12.34 万元").
    """
    stop = _CLAUSE_STOP.search(text, start, end)
    match = FIGURE.search(text, start, stop.start() if stop else end)
    if match is None:
        return None
    before = text[start:match.start()]
    if named and _NOT_A_NAME.search(before) or not named and before.strip(" \t:："):
        return None
    return _money(match)


def _restated(text: str, start: int, end: int, year: int | None) -> Number | None:
    """The first "支出决算为 N 万元" of the item's body, this year's."""
    for match in FIGURE.finditer(text, start, end):
        cue = text[max(match.start() - _CUE_REACH, start):match.start()]
        if not _FINAL.search(cue):
            continue
        other = _OTHER_YEAR.search(cue)
        if other and (year is None or str(year) not in other.group()):
            continue
        return _money(match)
    return None


def _items(ctx):
    """(where the heading's amount may stand: start, end; the item's end; its line or None;
    the subsection it heads or None)."""
    text = ctx.flow.text
    for line in ctx.report.lines:
        if not _FIGURE_AFTER_NAME.search(text, line.name_start, line.end):
            continue
        after = _names_end(text, line)
        if after is not None:
            while after < line.end and text[after] in _CLOSING_QUOTES:
                after += 1          # "“…（项）”12.34 万元"
            yield after, min(line.end, after + _HEADING_REACH), line.end, line, None
    for section in ctx.report.sections:
        if section.level == 2:
            yield section.start, section.title_end, section.end, None, section


def _names_end(text: str, line) -> int | None:
    """Where a line's names end: after its last level mark, or after the names written
    without brackets ("教育支出类普通教育款小学教育项", "教育支出类-普通教育款-…")."""
    last = last_level_mark_end(text, line.name_start, min(line.end, line.name_start + 150))
    if last is not None:
        return last
    levels = [re.escape(f"{name}{level}") for name, level in zip(line.names, "类款项") if name]
    bare = re.compile("[-－—–·/、]?".join(levels)).match(text, line.name_start) if levels else None
    return bare.end() if bare else None


def _as_printed(cell: Number, number: Number) -> str:
    """A table cell written the way the text printed ``number`` (its unit and places)."""
    if cell.places > number.places:
        return cell.text
    return fmt_like(_wan(cell).mid / MONEY_UNITS.get(number.unit, Decimal(1)), number)


def _table_value(ctx, line, section, heading: Number):
    """The item's row of the general budget's table: its line's, or the 类 a subsection of
    the general budget's section is titled with ("（一）教育支出 12.34 万元")."""
    if line is not None:
        return _general_cell(ctx, ctx.resolution(line).code) if line.budget_kind == "general" else None
    if not _under_general(ctx, section):
        return None
    title = ctx.flow.text[section.start:heading.start]
    opening = SUBSECTION_HEADING.match(title)
    lei = classification().lei_by_name(title[opening.end() if opening else 0:].strip())
    return _general_cell(ctx, lei.code) if lei is not None else None


def _under_general(ctx, section) -> bool:
    return any(s.level == 1 and s.key == "general" and s.start <= section.start < s.end
               for s in ctx.report.sections)


def _general_cell(ctx, code: str | None):
    for table in ctx.report.tables:
        if table.spec.key == "general" and code:
            row = table.row(code=code)
            if row is not None and not row.uncertain and "合计" in row.cells:
                return row.cells["合计"]
    return None


@rule("R102", "item-amounts-disagree", "restated", "error",
      "An item headed with its amount says the same amount again as its 支出决算",
      fail="""
五、一般公共预算财政拨款支出决算情况说明
（三）一般公共预算财政拨款支出决算具体情况
1.教育支出（类）普通教育（款）初中教育（项）12.34 万元。年初预算为 10.00 万元，支出决算为 12.43 万元，决算数大于预算数的主要原因是：新增校舍维修。
""",
      passes="""
五、一般公共预算财政拨款支出决算情况说明
（三）一般公共预算财政拨款支出决算具体情况
1.教育支出（类）普通教育（款）初中教育（项）12.34 万元。年初预算为 10.00 万元，支出决算为 12.34 万元，决算数大于预算数的主要原因是：新增校舍维修。
""")
def item_amounts_disagree(ctx):
    text = ctx.flow.text
    reasons = ctx.report.reasons
    for heading_at, heading_end, end, line, section in _items(ctx):
        heading = _heading_amount(text, heading_at, heading_end, section is not None)
        if heading is None:
            continue
        restated = _restated(text, heading.end, end, ctx.report.year)
        if restated is None or any(a <= restated.start < b for a, b in reasons):
            continue
        if _wan(heading).meets(_wan(restated)):
            continue
        cell = _table_value(ctx, line, section, heading)
        if cell is not None and not _wan(cell).meets(_wan(heading)) and line is None:
            # T301 holds a line's heading amount against the table; a subsection's is this rule's
            yield ctx.finding(heading.start, heading.end,
                              f"标题金额 {heading.text} 与正文“支出决算为”{restated.text}不一致，"
                              f"《一般公共预算财政拨款支出决算表》该类为 {cell.text}",
                              heading.text, _as_printed(cell, heading), quote=(heading.start, restated.end))
        if cell is not None and _wan(cell).meets(_wan(restated)):
            continue
        # the table's row is the right figure for the body, whether or not the heading agrees
        # with it (T301 then finds the heading too)
        expected = _as_printed(cell, restated) if cell is not None else None
        yield ctx.finding(restated.start, restated.end,
                          f"同一项目标题金额为 {heading.text}，正文“支出决算为”{restated.text}，两者不一致",
                          restated.text, expected, quote=(heading.start, restated.end))
