"""Direction words against signs: 增加 with a rise, 减少 with a fall, 持平 with no change."""
from __future__ import annotations

from juesuan.model.interval import ZERO
from juesuan.rules.registry import rule


def _statements(ctx):
    return ctx.statements_and_lines


@rule("D101", "increase-exceeds-amount", "direction", "error",
      "An increase is no larger than this year's figure (last year cannot have been negative)",
      fail="""
五、一般公共预算财政拨款支出决算情况说明
1.公共安全支出（类）公安（款）信息化建设（项）:支出决算数为 0 万元，比上年决算增加 105.30 万元，增长 100%。
""",
      passes="""
五、一般公共预算财政拨款支出决算情况说明
1.公共安全支出（类）公安（款）信息化建设（项）:支出决算数为 105.30 万元，比上年决算增加 105.30 万元，增长 100%。
""")
def increase_exceeds_amount(ctx):
    for statement in ctx.giving("change"):
        change = statement.change
        if change is None or statement.change_sign <= 0 or change.value <= ZERO:
            continue
        value = statement.value
        if value is None or not value.is_money or not change.is_money:
            continue
        if value.unit == change.unit != "元" and value.value >= change.value:
            continue      # as printed, last year's figure is no less than 0 (元 may be a slip)
        if (ctx.money(statement, value) - ctx.money(statement, change)).hi >= 0:
            continue
        # "增长 100%" says the line is new: then this year's figure is the increase.
        new_line = statement.growth is not None and statement.growth.value == 100
        yield ctx.finding(value.start, change.end,
                          f"本年数 {value.text} 小于“增加 {change.text}”，上年数将为负数",
                          value.text, change.text if new_line else None, quote=ctx.span(statement))


@rule("D102", "flat-with-direction", "direction", "warning",
      "No change is written 持平, not 增加 0 / 增长 0%",
      fail="""
七、财政拨款“三公”经费支出决算情况说明
公务用车购置及运行维护费支出 30.00 万元，比上年增加 0 万元，增长 0%。
""",
      passes="""
七、财政拨款“三公”经费支出决算情况说明
公务用车购置及运行维护费支出 30.00 万元，与上年持平。
""")
def flat_with_direction(ctx):
    for statement in _statements(ctx):
        change, growth = statement.change, statement.growth
        # a figure's truth is whether it is not 0: quicker than comparing it with 0
        if (change is None or change.value) and (growth is None or growth.value):
            continue            # nothing printed as 0: most statements
        for number, sign in ((statement.change, statement.change_sign), (statement.growth, statement.growth_sign)):
            # A rate of 0.00% beside a change that is not 0 is a small change, rounded.
            moved = number is statement.growth and statement.change is not None and statement.change.value
            if number is not None and sign and number.value == 0 and not moved:
                yield ctx.finding(number.start, number.end,
                                  f"变动为 {number.text}，应表述为“持平”而非增减",
                                  number.text, "持平", quote=ctx.span(statement))
                break


@rule("D103", "direction-conflict", "direction", "error",
      "The change and the rate of one figure go the same way (增加 … 增长, 减少 … 下降)",
      fail="""
五、一般公共预算财政拨款支出决算情况说明
1.一般公共服务支出（类）人大事务（款）行政运行（项）:支出决算数为 90.00 万元，比上年决算减少 10.00 万元，增长 10%。
""",
      passes="""
五、一般公共预算财政拨款支出决算情况说明
1.一般公共服务支出（类）人大事务（款）行政运行（项）:支出决算数为 90.00 万元，比上年决算减少 10.00 万元，下降 10%。
""")
def direction_conflict(ctx):
    for statement in ctx.giving("change"):
        change, growth = statement.change, statement.growth
        if change is None or growth is None or not change.value or not growth.value:
            continue
        if statement.change_sign and statement.growth_sign and statement.change_sign != statement.growth_sign:
            yield ctx.finding(change.start, growth.end,
                              "增减额与增减率方向相反",
                              growth.text, None, quote=ctx.span(statement))
