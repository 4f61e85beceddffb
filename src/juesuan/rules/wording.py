"""Comparison words against figures: 决算数大于（小于、等于）预算数."""
from __future__ import annotations

import re

from juesuan.rules.registry import rule

_COMPARISON = re.compile(r"决算(?:数)?(?P<word>大于|高于|超过|小于|低于|等于|持平于?)(?:年初)?预算(?:数)?")
_WORD_SIGN = {"大于": 1, "高于": 1, "超过": 1, "小于": -1, "低于": -1, "等于": 0, "持平": 0, "持平于": 0}


@rule("D104", "budget-comparison-words", "direction", "error",
      "决算数大于/小于/等于预算数 agrees with the 决算数 and 预算数 printed beside it",
      fail="""
五、一般公共预算财政拨款支出决算情况说明
1.教育支出（类）普通教育（款）初中教育（项）。年初预算为 100.00 万元，支出决算为 90.00 万元，完成年初预算的 90.00%。决算数大于预算数的主要原因是：新增校舍维修。
""",
      passes="""
五、一般公共预算财政拨款支出决算情况说明
1.教育支出（类）普通教育（款）初中教育（项）。年初预算为 100.00 万元，支出决算为 90.00 万元，完成年初预算的 90.00%。决算数小于预算数的主要原因是：部分采购延后。
""")
def budget_comparison_words(ctx):
    text = ctx.flow.text
    for statement in ctx.giving("budget"):
        final = statement.final or statement.amount
        if statement.budget is None or final is None:
            continue
        start, end = ctx.span(statement)
        # The comparison follows the figures, before the reason it introduces.
        match = _COMPARISON.search(text, end, min(statement.end + 40, len(text)))
        if match is None or "（" in text[match.start():match.end() + 3]:
            continue          # "大于（小于）" is the template's own wording: a placeholder
        difference = ctx.money(statement, final) - ctx.money(statement, statement.budget)
        actual = 1 if difference.lo > 0 else -1 if difference.hi < 0 else None
        if actual is None and difference.lo <= 0 <= difference.hi:
            actual = 0 if difference.lo == difference.hi == 0 else None
        word = match.group("word")
        said = _WORD_SIGN[word]
        if actual is None or said == actual:
            continue
        right = {1: "大于", -1: "小于", 0: "等于"}[actual]
        yield ctx.finding(match.start("word"), match.end("word"),
                          f"决算数 {final.text}、预算数 {statement.budget.text}：决算数{right}预算数，而非“{word}”",
                          word, right, quote=(match.start(), match.end()))
