"""Shares, growth rates, budget variance and completion, recomputed from printed figures."""
from __future__ import annotations

from decimal import Decimal

from juesuan.extract.concepts import concept_anywhere
from juesuan.model.interval import ZERO, Interval
from juesuan.model.number import Number
from juesuan.rules.arith import (HUNDRED, fmt, fmt_percent, growth_percent, ratio_minus_one_percent,
                                 ratio_percent)
from juesuan.rules.registry import rule

#: the whole a share is "占" of when the sentence does not say, by (sub)section
DEFAULT_BASE = {"income": "本年收入合计", "expenditure": "本年支出合计", "sangong": "三公经费",
                "general.structure": "一般公共预算财政拨款支出",
                "other.procurement": "政府采购支出总额"}


def _base(ctx, statement):
    if statement.share_base:
        concept = concept_anywhere(statement.share_base, statement.section, statement.subsection)
        found = ctx.stated(concept) if concept else None
        if found is not None:
            return found
    for key in (statement.subsection, statement.section):
        if key in DEFAULT_BASE:
            return ctx.stated(DEFAULT_BASE[key])
    if statement.parent is not None:
        return ctx.report.statements[statement.parent]
    return None


def _percent_fits(part: Number, whole: Number, printed: Number, offset: Decimal = ZERO) -> bool:
    """Whether part / whole in percent, less ``offset``, computed from the two figures
    exactly as printed, lies in the range of the ``printed`` rate: then the range computed
    from their intervals, which holds that value, meets it too. Most rates are right, and
    this settles them with two products instead of interval quotients. Only for two
    figures in one unit (their ratio is then that of their printed values), and not 元,
    which may be a slip for 万元."""
    if part.unit != whole.unit or part.unit == "元" or whole.value <= ZERO:
        return False
    return _quotient_fits(part.value, whole.value, printed, offset)


def _quotient_fits(part: Decimal, whole: Decimal, printed: Number, offset: Decimal = ZERO) -> bool:
    """Whether part / whole in percent, less ``offset``, lies in the range of the
    ``printed`` rate (``whole`` > 0), by products rather than a division. The range's
    ends are worked out here rather than made an interval: most rates are settled by
    this test, and their intervals are then never needed."""
    centre = printed.value + offset if offset else printed.value
    half = printed.half_unit
    scaled = part * HUNDRED
    return (centre - half) * whole <= scaled <= (centre + half) * whole


@rule("P101", "share", "shares", "error",
      "A share (占 %) equals the part divided by the whole it is a share of",
      fail="""
二、收入决算情况说明
本年收入 100.00 万元，其中：财政拨款收入 60.00 万元，占 70.00%；其他收入 40.00 万元，占 40.00%。
""",
      passes="""
二、收入决算情况说明
本年收入 100.00 万元，其中：财政拨款收入 60.00 万元，占 60.00%；其他收入 40.00 万元，占 40.00%。
""")
def share(ctx):
    for statement in ctx.giving("share"):
        printed, part = statement.share, statement.value
        if printed is None or part is None:
            continue
        base = _base(ctx, statement)
        if base is None or base is statement:
            continue
        whole = base.value
        if whole is None or _percent_fits(part, whole, printed):
            continue
        computed = ratio_percent(ctx.value(statement), ctx.value(base))
        if computed is None or computed.meets(printed.interval):
            continue
        expected = fmt_percent(computed.mid, printed.places)
        yield ctx.finding(*ctx.reach(part, printed),
                          f"“{statement.label}”{part.text} 占“{base.label}”{whole.text} 的比例应为 {expected}，"
                          f"而非 {printed.text}", printed.text, expected, quote=ctx.span(statement))


@rule("G101", "growth-rate", "growth", "error",
      "A growth rate equals the change divided by last year's figure (this year − change); a new line grows 100%",
      fail="""
五、一般公共预算财政拨款支出决算情况说明
1.一般公共服务支出（类）人大事务（款）行政运行（项）:支出决算数为 110.00 万元，比上年决算增加 10.00 万元，增长 12%。
""",
      passes="""
五、一般公共预算财政拨款支出决算情况说明
1.一般公共服务支出（类）人大事务（款）行政运行（项）:支出决算数为 110.00 万元，比上年决算增加 10.00 万元，增长 10%。
""")
def growth_rate(ctx):
    for statement in ctx.giving("growth"):
        printed, change = statement.growth, statement.change
        if printed is None or change is None:
            continue
        # the amount in the same statement, or said just before ("收入总计 X 万元。与上年相比，
        # 减少 Y 万元，下降 Z%")
        source = statement if statement.value is not None else ctx.said_before(statement)
        amount = source.value if source is not None else None
        # a right rate is settled first: whether its figures are money matters only after
        if amount is None or _fits_at_printed_figures(statement, amount, change, printed):
            continue
        if not amount.is_money or not change.is_money:
            continue
        this = ctx.value(source)
        change = ctx.money(statement, statement.change)
        if statement.change_sign < 0 and statement.change.value > 0:
            change = -change
        last = this - change
        stated = ctx.signed(printed, statement.growth_sign or statement.change_sign)
        if last.hi <= 0:
            continue          # nothing grows from a negative base: D101 reports the figures
        # The computed range runs between the rates at its four corners; usually one of
        # them alone lies in the printed range, which settles it (growth_percent's own
        # corner, computed the same way).
        if last.lo > 0 and stated.lo <= change.lo * HUNDRED / last.hi <= stated.hi:
            continue
        computed = growth_percent(this, change)
        if computed is None:
            # Last year may have been 0, or tiny: by custom a new line is written
            # "增长 100%", and any rate above what the largest last year allows is possible.
            if change.lo <= 0 or stated.meets(Interval(HUNDRED, HUNDRED)):
                continue
            floor = change.lo * HUNDRED / last.hi
            if stated.hi >= floor:
                continue
            computed = Interval(HUNDRED, HUNDRED)
        if computed.meets(stated):
            continue
        word = "增长" if computed.mid >= 0 else "下降"
        expected = f"{word} {fmt_percent(abs(computed.mid), printed.places)}"
        places = max(amount.places, statement.change.places)
        message = (f"由本年数 {amount.text} 和变动 {statement.change.text} 算得上年数 "
                   f"{fmt(last.mid, places)}，增减率应为 {expected}，而非 {printed.text}")
        alternative = _amount_fitting(stated, change, amount.places)
        if alternative is not None:
            message += f"（若增减额与增减率无误，本年数应约为 {alternative}）"
        # placed on the change and its rate: the amount may be sentences before
        yield ctx.finding(*ctx.reach(amount if source is statement else None, statement.change, printed),
                          message, printed.text, expected, quote=ctx.span(statement))


def _fits_at_printed_figures(statement, amount: Number, change: Number, printed: Number) -> bool:
    """Whether the rate computed from the amount and change exactly as printed lies in the
    printed rate's range: then the range computed from their intervals, which holds that
    rate, meets it too. Most rates are right, and this settles them with two products
    instead of interval quotients. Only for an amount and change in one unit (their ratio
    is then that of their printed values)."""
    if amount.unit != change.unit or statement.unit_slips:
        return False
    moved = -change.value if statement.change_sign < 0 and change.value > ZERO else change.value
    last = amount.value - moved
    # the rate as printed, without the sign its direction word gives it (Context.signed):
    # the computed rate is turned round instead, which spares a new interval per figure
    falls = (statement.growth_sign or statement.change_sign) < 0 and printed.value > ZERO
    if not last:
        # a new line, its whole amount the increase: last year's range then reaches 0,
        # and by custom it grows 100%
        stated = printed.interval
        return moved > ZERO and stated.lo <= (-HUNDRED if falls else HUNDRED) <= stated.hi
    return last > ZERO and _quotient_fits(-moved if falls else moved, last, printed)


def _amount_fitting(rate: Interval, change: Interval, places: int) -> str | None:
    """The amount that would agree with the printed change and rate, when one exists."""
    if rate.mid == 0 or change.mid == 0 or (rate.mid > 0) != (change.mid > 0):
        return None
    last = change.mid * HUNDRED / rate.mid
    if last <= 0:
        return None
    return fmt(last + change.mid, places)


@rule("B101", "budget-variance", "budget", "error",
      "A 预决算差异率 equals (决算数 − 预算数) / 预算数",
      fail="""
七、财政拨款“三公”经费支出决算情况说明
公务接待费全年预算数 100.00 万元，决算数 80.00 万元，预决算差异率-25.00%。
""",
      passes="""
七、财政拨款“三公”经费支出决算情况说明
公务接待费全年预算数 100.00 万元，决算数 80.00 万元，预决算差异率-20.00%。
""")
def budget_variance(ctx):
    for statement in ctx.giving("variance"):
        printed = statement.variance
        final = statement.final or statement.amount
        if printed is None or statement.budget is None or final is None:
            continue
        if _percent_fits(final, statement.budget, printed, HUNDRED):
            continue
        computed = ratio_minus_one_percent(ctx.money(statement, final), ctx.money(statement, statement.budget))
        if computed is None:
            custom = _custom_variance(statement.budget, final)
            if custom is None or printed.interval.lo <= custom <= printed.interval.hi:
                continue
            expected = fmt_percent(custom, printed.places)
            yield ctx.finding(*ctx.reach(statement.budget, final, printed),
                              f"预算数为 {statement.budget.text}，决算数 {final.text}：预决算差异率无从计算，"
                              f"按惯例写 {expected}，而非 {printed.text}", printed.text, expected,
                              quote=ctx.span(statement))
            continue
        if computed.meets(printed.interval):
            continue
        expected = fmt_percent(computed.mid, printed.places)
        yield ctx.finding(*ctx.reach(statement.budget, final, printed),
                          f"预算数 {statement.budget.text}、决算数 {final.text} 的预决算差异率应为 {expected}，而非 {printed.text}",
                          printed.text, expected, quote=ctx.span(statement))


def _custom_variance(budget: Number, final: Number) -> Decimal | None:
    """The rate custom writes where the budget is 0 and none can be computed: 100% for a
    line spent without budget, 0% for one with nothing spent either (as a new line "grows
    100%"); None where the figures are no amounts of 0 and more."""
    if budget.value != ZERO or not budget.is_money or not final.is_money or final.value < ZERO:
        return None
    return HUNDRED if final.value > ZERO else ZERO


@rule("B102", "budget-completion", "budget", "error",
      "A completion rate (完成年初预算的 %) equals 决算数 / 预算数",
      fail="""
五、一般公共预算财政拨款支出决算情况说明
1.一般公共服务支出（类）人大事务（款）行政运行（项）。年初预算为 200.00 万元，支出决算为 150.00 万元，完成年初预算的 80.00%。
""",
      passes="""
五、一般公共预算财政拨款支出决算情况说明
1.一般公共服务支出（类）人大事务（款）行政运行（项）。年初预算为 200.00 万元，支出决算为 150.00 万元，完成年初预算的 75.00%。
""")
def budget_completion(ctx):
    for statement in ctx.giving("completion"):
        printed = statement.completion
        final = statement.final or statement.amount
        budget = _named_budget(statement)
        where = ""
        if budget is None and statement.budget is None and statement.completion_base is None:
            # "公务用车购置及运行维护费支出决算为 X 万元，完成预算的 Y%": the budget is the
            # 三公 table's 预算数 of the same quantity
            from juesuan.rules.zero_budget import sangong_budget  # here: rules register in module order

            budget = sangong_budget(ctx, statement.concept)
            where = "（“三公”经费支出决算表）"
        if printed is None or budget is None or final is None:
            continue
        if _percent_fits(final, budget, printed):
            continue
        computed = ratio_percent(ctx.money(statement, final), ctx.money(statement, budget))
        if computed is None or computed.meets(printed.interval):
            continue
        expected = fmt_percent(computed.mid, printed.places)
        reach = ctx.reach(budget, final, printed) if not where else ctx.reach(final, printed)
        said = f"{budget.text}{where}" if where else f"{budget.text} "
        yield ctx.finding(*reach,
                          f"决算数 {final.text} 为预算数 {said}的 {expected}，而非 {printed.text}",
                          printed.text, expected, quote=ctx.span(statement))


def _named_budget(statement):
    """The budget a completion rate is of: the one of the kind its words name (完成年初预算,
    完成全年预算); a budget the text gives without a kind stands for either, but a budget
    of the other kind is another quantity and leaves the rate unchecked."""
    named = statement.completion_base
    if named is None or statement.budget is None:
        return statement.budget
    if named in statement.budgets:
        return statement.budgets[named]
    return statement.budget if statement.budget_base is None else None
