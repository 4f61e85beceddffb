"""A completion rate printed against a budget of 0.

Nothing divides by a budget of 0: "完成预算的 0.00%" there is a figure the template's
formula cannot give. Saying the final figure is above the budget ("决算数大于预算数，主要
原因是年中追加") is the right way and is left alone. A budget variance is not held to
this: by custom a line without budget is written "预决算差异率 100%" (and 0% when nothing
was spent either), as a new line "grows 100%".
"""
from __future__ import annotations

import re

from juesuan.model.number import MONEY_UNITS
from juesuan.rules.registry import rule
from juesuan.tables.spec import SANGONG_PARTS

#: 三公 concepts of the explanation and the 三公 table column of their budget
_SANGONG_CONCEPTS = {"三公经费": "合计", **{part: part for part in SANGONG_PARTS if part != "合计"}}


def sangong_budget(ctx, concept: str | None):
    """The 三公 table's 预算数 for a 三公 quantity, when the table was read."""
    part = _SANGONG_CONCEPTS.get(concept or "")
    if part is None:
        return None
    for table in ctx.report.tables:
        if table.spec.key != "sangong":
            continue
        for row in table.rows:
            cell = row.cells.get(f"{part}:预算数")
            if cell is not None and not row.uncertain:
                return cell
    return None


def _budget(ctx, statement):
    """(the budget figure, where it was printed: "text" or "table"), or None."""
    if statement.budget is not None:
        return statement.budget, "text"
    cell = sangong_budget(ctx, statement.concept)
    return (cell, "table") if cell is not None else None


#: a budget figure of the text: "年初预算为 0 万元", "调整预算数 50.00 万元"
_BUDGET_FIGURE = re.compile(r"预算(?:数|金额)?(?:为|是)?\s*-?\d")


def _one_budget(ctx, statement, printed) -> bool:
    """Whether the text before the rate prints one budget only: beside 年初预算 0 and 调整预算
    50, "完成预算的 96%" is a rate of the one that is not 0."""
    return len(_BUDGET_FIGURE.findall(ctx.flow.text, statement.start, printed.start)) <= 1


def _is_zero(number) -> bool:
    return number.value == 0 and number.unit in MONEY_UNITS


@rule("B103", "rate-of-zero-budget", "budget", "error",
      "No completion rate (完成预算的 %) is printed against a budget of 0",
      fail="""
五、一般公共预算财政拨款支出决算情况说明
1.教育支出（类）普通教育（款）初中教育（项）。年初预算为 0.00 万元，支出决算为 20.00 万元，完成年初预算的 100.00%。
""",
      passes="""
五、一般公共预算财政拨款支出决算情况说明
1.教育支出（类）普通教育（款）初中教育（项）。年初预算为 0.00 万元，支出决算为 20.00 万元，决算数大于预算数的主要原因是：年中追加校舍维修经费。
""")
def rate_of_zero_budget(ctx):
    for statement in ctx.giving("completion"):
        printed = statement.completion
        found = _budget(ctx, statement) if printed is not None else None
        if found is None or not _is_zero(found[0]):
            continue
        budget, where = found
        if where == "text" and not _one_budget(ctx, statement, printed):
            continue
        said = f"预算数为 {budget.text}" + ("（“三公”经费支出决算表）" if where == "table" else "")
        yield ctx.finding(printed.start, printed.end,
                          f"{said}，无从计算完成率，不应写“{printed.text}”",
                          printed.text, None, quote=ctx.span(statement))
