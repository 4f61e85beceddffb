"""Classification validity: every 类/款/项 named as the current edition names it."""
from __future__ import annotations

import re
from functools import lru_cache

from juesuan.rules.context import resolve_names
from juesuan.rules.registry import rule

PLACEHOLDER_NAME = re.compile(r"[Xx×]{2,}|…")


def _problems(ctx, kind: str):
    for line, problem in ctx.shared(_line_problems):
        if problem.kind == kind:
            start, end = ctx.span(line)
            yield ctx.finding(line.name_start, end, problem.message, problem.name,
                              problem.suggestion, quote=(start, end))


def _line_problems(ctx) -> list:
    """(line, problem) for every problem of every line, in order (once for the three rules)."""
    return [(line, problem) for line in ctx.report.lines for problem in _name_problems(line.names)]


@lru_cache(maxsize=8192)
def _name_problems(names: tuple[str | None, str | None, str | None]) -> tuple:
    # A pure function of the names, which recur from line to line and report to report.
    if any(PLACEHOLDER_NAME.search(name) for name in names if name):
        return ()           # "XX（类）XX（款）": the placeholder rule reports it
    return resolve_names(names).problems


@rule("K101", "class-unknown", "classification", "warning",
      "A 类/款/项 name exists in the expenditure functional classification",
      fail="""
五、一般公共预算财政拨款支出决算情况说明
1.一般公共服务支出（类）人大事务（款）会议接待（项）:支出决算数为 10.00 万元。
""",
      passes="""
五、一般公共预算财政拨款支出决算情况说明
1.一般公共服务支出（类）人大事务（款）人大会议（项）:支出决算数为 10.00 万元。
""")
def class_unknown(ctx):
    yield from _problems(ctx, "unknown")


@rule("K102", "class-wrong-parent", "classification", "error",
      "A 款 sits under its own 类 and a 项 under its own 款",
      fail="""
五、一般公共预算财政拨款支出决算情况说明
1.一般公共服务支出（类）组织事务（款）其他宣传事务支出（项）:支出决算数为 10.00 万元。
""",
      passes="""
五、一般公共预算财政拨款支出决算情况说明
1.一般公共服务支出（类）宣传事务（款）其他宣传事务支出（项）:支出决算数为 10.00 万元。
""")
def class_wrong_parent(ctx):
    yield from _problems(ctx, "wrong-parent")


@rule("K103", "class-former-name", "classification", "warning",
      "A 类/款/项 is named as the current edition names it, not by a former name",
      fail="""
五、一般公共预算财政拨款支出决算情况说明
（二）一般公共预算财政拨款支出决算结构情况
1.资源勘探信息等支出（类）100.00 万元，占 100.00%。
""",
      passes="""
五、一般公共预算财政拨款支出决算情况说明
（二）一般公共预算财政拨款支出决算结构情况
1.资源勘探工业信息等支出（类）100.00 万元，占 100.00%。
""")
def class_former_name(ctx):
    yield from _problems(ctx, "former-name")
