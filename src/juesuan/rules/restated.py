"""The same quantity stated twice must be stated the same."""
from __future__ import annotations

from juesuan.rules.registry import rule
from juesuan.rules.sums import parts_sum


@rule("R101", "restated-figure", "restated", "error",
      "A quantity stated in two places (a total repeated in another section, a vehicle count) has one value",
      fail="""
一、收入支出决算总体情况说明
2023年度收入总计 100.00 万元，其中：本年收入合计 100.00 万元。
二、收入决算情况说明
本年收入 90.00 万元，其中：财政拨款收入 90.00 万元，占 100.00%。
""",
      passes="""
一、收入支出决算总体情况说明
2023年度收入总计 100.00 万元，其中：本年收入合计 100.00 万元。
二、收入决算情况说明
本年收入 100.00 万元，其中：财政拨款收入 100.00 万元，占 100.00%。
""")
def restated_figure(ctx):
    for concept, statements in ctx.concepts.items():
        if len(statements) < 2:
            continue            # stated once: most concepts
        stated = [s for s in statements if s.value is not None]
        if len(stated) < 2 or _printed_alike(stated):
            continue
        # The value that agrees with the sum of its parts, where there is one, is the right one.
        computed = parts_sum(ctx, concept)
        agreeing = [s for s in stated if computed is not None and ctx.value(s).meets(computed)]
        first = agreeing[0] if agreeing else stated[0]
        for other in stated:
            if other is first:
                continue
            if ctx.value(first).meets(ctx.value(other)):
                continue
            name = concept.split("#")[0].split(".")[-1]
            line = ctx.flow.line_of(first.value.start)
            yield ctx.finding(other.value.start, other.value.end,
                              f"“{name}”此处为 {other.value.text}，第 {line} 行为 {first.value.text}",
                              other.value.text, first.value.text, quote=ctx.span(other))


def _printed_alike(stated) -> bool:
    """Whether every statement prints the same value in the same unit: their intervals
    then all hold it and meet, whichever is taken as right, and the sum of the parts that
    would tell which is right need not be worked out. (Not 元, which may be a slip.)"""
    first = stated[0].value
    return first.unit != "元" and all(s.value.value == first.value and s.value.unit == first.unit
                                      for s in stated)
