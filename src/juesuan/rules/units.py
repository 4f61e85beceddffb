"""Unit anomalies: a figure in 元 among figures in 万元."""
from __future__ import annotations

from juesuan.rules.registry import rule


@rule("U101", "unit-slip", "units", "error",
      "Money figures of one statement share a unit: a 元 beside 万元 is a slip",
      fail="""
五、一般公共预算财政拨款支出决算情况说明
1.节能环保支出（类）环境保护管理事务（款）行政运行（项）:支出决算数为 544.54 元，比上年决算增加 101.54 万元，增长 22.92%。
""",
      passes="""
五、一般公共预算财政拨款支出决算情况说明
1.节能环保支出（类）环境保护管理事务（款）行政运行（项）:支出决算数为 544.54 万元，比上年决算增加 101.54 万元，增长 22.92%。
""")
def unit_slip(ctx):
    for statement in ctx.giving("unit_slips"):
        if "元" not in statement.unit_slips:
            continue
        for _, number in statement.figures():
            if number.unit == "元" and abs(number.value) < 10000:
                expected = number.text.replace("元", "万元")
                yield ctx.finding(number.start, number.end,
                                  f"{number.text} 的单位应为万元（同一句其他金额均以万元计）",
                                  number.text, expected, quote=ctx.span(statement))
