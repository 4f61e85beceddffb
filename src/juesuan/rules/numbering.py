"""Numbering of headings, items and lines: no repeats, no gaps, in order."""
from __future__ import annotations

from itertools import groupby
from operator import attrgetter

from juesuan.rules.registry import rule

_FAIL = """
五、一般公共预算财政拨款支出决算情况说明
1.一般公共服务支出（类）人大事务（款）行政运行（项）:支出决算数为 10.00 万元。
3.一般公共服务支出（类）人大事务（款）一般行政管理事务（项）:支出决算数为 20.00 万元。
2.一般公共服务支出（类）人大事务（款）机关服务（项）:支出决算数为 30.00 万元。
3.一般公共服务支出（类）人大事务（款）人大会议（项）:支出决算数为 40.00 万元。
"""
_PASS = """
五、一般公共预算财政拨款支出决算情况说明
1.一般公共服务支出（类）人大事务（款）行政运行（项）:支出决算数为 10.00 万元。
2.一般公共服务支出（类）人大事务（款）一般行政管理事务（项）:支出决算数为 20.00 万元。
3.一般公共服务支出（类）人大事务（款）机关服务（项）:支出决算数为 30.00 万元。
4.一般公共服务支出（类）人大事务（款）人大会议（项）:支出决算数为 40.00 万元。
"""


def _groups(ctx):
    return ctx.shared(_grouped)


def _grouped(ctx) -> list[list]:
    items = sorted(ctx.report.enumerations, key=attrgetter("group", "start"))
    return [list(group) for _, group in groupby(items, key=attrgetter("group"))]


@rule("N101", "duplicate-number", "numbering", "warning",
      "An item number is used once in its list", fail=_FAIL, passes=_PASS)
def duplicate_number(ctx):
    for group in _groups(ctx):
        seen = {}
        for item in group:
            if item.number in seen:
                first = ctx.flow.line_of(seen[item.number].start)
                yield ctx.finding(item.start, item.start + 1,
                                  f"序号 {item.number} 重复（第 {first} 行已用）", str(item.number), None,
                                  quote=(item.start, item.start + len(item.text)))
            else:
                seen[item.number] = item


@rule("N102", "number-order", "numbering", "warning",
      "Items stand in the order of their numbers", fail=_FAIL, passes=_PASS)
def number_order(ctx):
    for group in _groups(ctx):
        highest = None
        for item in group:
            if highest is not None and item.number < highest.number:
                yield ctx.finding(item.start, item.start + 1,
                                  f"序号 {item.number} 排在序号 {highest.number} 之后",
                                  str(item.number), None, quote=(item.start, item.start + len(item.text)))
            if highest is None or item.number > highest.number:
                highest = item


@rule("N103", "number-gap", "numbering", "warning",
      "A numbered list skips no number",
      fail=_PASS.replace("3.一般公共服务支出（类）人大事务（款）机关服务", "5.一般公共服务支出（类）人大事务（款）机关服务")
      .replace("4.一般", "6.一般"),
      passes=_PASS)
def number_gap(ctx):
    for group in _groups(ctx):
        numbers = {item.number for item in group}
        if len(numbers) < 2:
            continue
        missing = sorted(set(range(min(numbers), max(numbers) + 1)) - numbers)
        if not missing:
            continue
        after = next(item for item in sorted(group, key=lambda e: e.number) if item.number > missing[0])
        yield ctx.finding(after.start, after.start + 1,
                          f"序号缺 {', '.join(map(str, missing))}", None, ", ".join(map(str, missing)),
                          quote=(after.start, after.start + len(after.text)))
