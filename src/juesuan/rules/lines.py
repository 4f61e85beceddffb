"""Budget lines: each 类/款/项 once, 类 totals equal to their lines, lists equal to totals."""
from __future__ import annotations

from functools import lru_cache

from juesuan.model.interval import ZERO
from juesuan.rules.arith import fmt_like, total
from juesuan.rules.context import resolve_names
from juesuan.rules.registry import rule

_LIST_TOTAL = {"general": "一般公共预算财政拨款支出", "fund": "政府性基金.本年支出",
               "capital": "国有资本经营.本年支出"}
#: the table whose rows a budget's lists go through, and its total column
_TABLE = {"general": ("general", "合计"), "fund": ("fund", "本年支出合计"),
          "capital": ("capital", "本年支出合计")}


def _key(ctx, line) -> tuple:
    """A line's identity: its codes where the classification knows them, else its names.

    A line whose names the classification finds wrong keeps its names: K102 reports it,
    and it must not be counted twice as a repeat of the line it was mistaken for.
    """
    return _identity(line.names)


@lru_cache(maxsize=8192)
def _identity(names: tuple[str | None, str | None, str | None]) -> tuple[str, str, str]:
    # A pure function of the names, which recur from line to line and report to report.
    resolution = resolve_names(names)
    if any(p.kind != "former-name" for p in resolution.problems):
        return tuple(name or "" for name in names)
    parts = []
    for entry, name in zip((resolution.lei, resolution.kuan, resolution.xiang), names):
        parts.append(entry.code if entry is not None else (name or ""))
    return tuple(parts)


@lru_cache(maxsize=8192)
def _lei(names: tuple[str | None, str | None, str | None]) -> str:
    """The 类 a line of these names is under: its code when the 类 is known, though its 款
    or 项 be misnamed (a wrong 款 is K102's finding, and the line still counts in its 类).
    A pure function of the names, which recur from line to line and report to report."""
    lei = resolve_names(names).lei
    return lei.code if lei is not None else (names[0] or "")


@rule("L101", "duplicate-line", "lines", "error",
      "A 类/款/项 line is explained once in its list",
      fail="""
五、一般公共预算财政拨款支出决算情况说明
1.卫生健康支出（类）基层医疗卫生机构（款）乡镇卫生院（项）:支出决算数为 0.52 万元。
2.卫生健康支出（类）基层医疗卫生机构（款）乡镇卫生院（项）:支出决算数为 0.52 万元。
""",
      passes="""
五、一般公共预算财政拨款支出决算情况说明
1.卫生健康支出（类）基层医疗卫生机构（款）乡镇卫生院（项）:支出决算数为 0.52 万元。
2.卫生健康支出（类）基层医疗卫生机构（款）社区卫生服务中心（项）:支出决算数为 0.48 万元。
""")
def duplicate_line(ctx):
    seen = {}
    for line in ctx.report.lines:
        # an item without a number that names a line again may be a reason quoting it
        if line.role != "line" or not line.numbered:
            continue
        key = (line.subsection, _key(ctx, line))
        if key in seen:
            first = seen[key]
            yield ctx.finding(line.start, ctx.span(line)[1],
                              f"第 {line.number} 项与第 {first.number} 项（第 {ctx.flow.line_of(first.start)} 行）"
                              f"是同一科目“{' > '.join(n for n in line.names if n)}”", line.label, None)
        else:
            seen[key] = line


@rule("C101", "category-vs-lines", "lines", "error",
      "A 类 total in the structure list equals the sum of that 类's lines in the detail list",
      fail="""
五、一般公共预算财政拨款支出决算情况说明
（二）一般公共预算财政拨款支出决算结构情况
1.教育支出（类）300.00 万元，占 100.00%。
（三）一般公共预算财政拨款支出决算具体情况
1.教育支出（类）普通教育（款）学前教育（项）:支出决算数为 100.00 万元。
2.教育支出（类）普通教育（款）小学教育（项）:支出决算数为 150.00 万元。
""",
      passes="""
五、一般公共预算财政拨款支出决算情况说明
（二）一般公共预算财政拨款支出决算结构情况
1.教育支出（类）250.00 万元，占 100.00%。
（三）一般公共预算财政拨款支出决算具体情况
1.教育支出（类）普通教育（款）学前教育（项）:支出决算数为 100.00 万元。
2.教育支出（类）普通教育（款）小学教育（项）:支出决算数为 150.00 万元。
""")
def category_vs_lines(ctx):
    categories = [l for l in ctx.report.lines if l.role == "category" and l.amount is not None]
    details = [l for l in ctx.report.lines if l.role == "line" and l.budget_kind == "general"
               and l.amount is not None]
    if not categories or not details:
        return
    by_lei: dict[str, list] = {}
    for line in details:
        by_lei.setdefault(_lei(line.names), []).append(line)
    for category in categories:
        lines = by_lei.get(_lei(category.names), [])
        if not _covers_table(ctx, "general", lines, False, within=ctx.resolution(category).code):
            continue
        if _adds_up_as_printed(category.amount, [line.amount for line in lines]):
            continue
        computed = total(ctx.value(line) for line in lines)
        if ctx.value(category).meets(computed):
            continue
        numbers = "、".join(str(line.number) for line in lines) or "无"
        yield ctx.finding(category.amount.start, category.amount.end,
                          f"{category.label} {category.amount.text} 与具体情况中该类各项（第 {numbers} 项）"
                          f"之和 {fmt_like(computed.mid, category.amount)} 不符", category.amount.text,
                          fmt_like(computed.mid, category.amount), quote=ctx.span(category))


@rule("C102", "list-vs-total", "lines", "error",
      "The 类 of the structure list (or the lines, without one) add up to the budget's total",
      fail="""
八、政府性基金预算财政拨款收入支出决算情况说明
政府性基金预算财政拨款支出 100.00 万元。
1.城乡社区支出（类）国有土地使用权出让收入安排的支出（款）征地和拆迁补偿支出（项）:支出决算数为 70.00 万元。
2.城乡社区支出（类）国有土地使用权出让收入安排的支出（款）土地开发支出（项）:支出决算数为 20.00 万元。
""",
      passes="""
八、政府性基金预算财政拨款收入支出决算情况说明
政府性基金预算财政拨款支出 90.00 万元。
1.城乡社区支出（类）国有土地使用权出让收入安排的支出（款）征地和拆迁补偿支出（项）:支出决算数为 70.00 万元。
2.城乡社区支出（类）国有土地使用权出让收入安排的支出（款）土地开发支出（项）:支出决算数为 20.00 万元。
""")
def list_vs_total(ctx):
    for kind, concept in _LIST_TOTAL.items():
        whole = ctx.stated(concept)
        if whole is None:
            continue
        lines = [l for l in ctx.report.lines if l.budget_kind == kind and l.amount is not None]
        categories = [l for l in lines if l.role == "category"]
        listed = categories or lines
        if not listed or not _covers_table(ctx, kind, listed, bool(categories)):
            continue
        if _adds_up_as_printed(whole.value, [line.amount for line in listed]):
            continue
        computed = total(ctx.value(line) for line in listed)
        if ctx.value(whole).meets(computed):
            continue
        what = "各类" if categories else "各科目"
        yield ctx.finding(whole.value.start, whole.value.end,
                          f"{whole.label} {whole.value.text} 与所列{what}之和 {fmt_like(computed.mid, whole.value)} 不符",
                          whole.value.text, fmt_like(computed.mid, whole.value), quote=ctx.span(whole))


def _adds_up_as_printed(whole, parts) -> bool:
    """Whether the sum of the parts' figures meets the whole's within their rounding, all
    in 万元: the test of their intervals, worked out from the printed values and half units
    (a sum of intervals runs from Σ value − Σ half to Σ value + Σ half). Most lists add up,
    and this settles them without an interval made for each of their lines."""
    if whole.unit != "万元":
        return False
    value = half = ZERO
    for part in parts:
        if part.unit != "万元":
            return False
        value += part.value
        half += part.half_unit
    return abs(value - whole.value) <= half + whole.half_unit


def _covers_table(ctx, kind: str, listed, categories: bool, within: str | None = "") -> bool:
    """Whether a list names every row of its budget's table that it should (every 类 with
    spending for a structure list, every lowest row with spending for a detail list; only
    those under the code ``within``, when given), so that its sum is the total's. A list
    that leaves rows out says what its items are (T301 checks each against its row), not
    what they add up to. Without the table there is nothing to tell by: the list is taken
    as whole."""
    key, column = _TABLE[kind]
    table = next((t for t in ctx.report.tables if t.spec.key == key and t.source is None), None)
    if table is None:
        return True
    if within is None:
        return False
    codes = [row.code for row in table.rows if row.code]
    rows = [row for row in table.rows if row.code and row.code.startswith(within) and _spent(row, column) and (
        len(row.code) == 3 if categories else not any(c != row.code and c.startswith(row.code) for c in codes))]
    named = [ctx.resolution(line).code for line in listed]
    if not rows or None in named:
        return False
    return all(any(row.code.startswith(code) for code in named) for row in rows)


def _spent(row, column: str) -> bool:
    """A row with spending in the column, or whose figure there was not read."""
    number = row.cells.get(column)
    return number is None or row.uncertain or number.value != 0


@rule("C103", "line-budgets-exceed-total", "lines", "error",
      "The 年初预算 of a budget's 类/款/项 lines add up to no more than that budget's 年初预算",
      fail="""
五、一般公共预算财政拨款支出决算情况说明
（三）一般公共预算财政拨款支出决算具体情况
一般公共预算财政拨款支出年初预算为 200.00 万元，支出决算为 210.00 万元，完成年初预算的 105.00%。
1.教育支出（类）普通教育（款）学前教育（项）。年初预算为 80.00 万元，支出决算为 90.00 万元。
2.教育支出（类）普通教育（款）小学教育（项）。年初预算为 220.00 万元，支出决算为 120.00 万元。
""",
      passes="""
五、一般公共预算财政拨款支出决算情况说明
（三）一般公共预算财政拨款支出决算具体情况
一般公共预算财政拨款支出年初预算为 200.00 万元，支出决算为 210.00 万元，完成年初预算的 105.00%。
1.教育支出（类）普通教育（款）学前教育（项）。年初预算为 80.00 万元，支出决算为 90.00 万元。
2.教育支出（类）普通教育（款）小学教育（项）。年初预算为 120.00 万元，支出决算为 120.00 万元。
""")
def line_budgets_exceed_total(ctx):
    """Each line's 年初预算 is part of its budget's: their sum may fall short of it (a line
    budgeted and not spent may be left out of the list), never exceed it. A list that names
    a line twice (L101's finding), a line with no budget or no 项, or a budget of another
    kind (全年, 调整) leaves the sum unknown."""
    for kind, concept in _LIST_TOTAL.items():
        whole = next((s for s in ctx.concepts.get(concept, ()) if s.budget is not None), None)
        if whole is None:
            continue
        budget = whole.budgets.get("年初") if whole.budgets else whole.budget
        if budget is None or whole.budget_base not in (None, "年初") and "年初" not in whole.budgets:
            continue
        lines = [l for l in ctx.report.lines if l.role == "line" and l.budget_kind == kind]
        # every line a 项 (a 类 or 款 listed with its 项 would be counted twice)
        if not lines or any(l.budget is None or l.budget_base not in (None, "年初") or not l.names[2]
                            for l in lines):
            continue
        keys = [(l.subsection, _key(ctx, l)) for l in lines]
        if len(set(keys)) < len(keys):
            continue
        if _adds_up_as_printed(budget, [l.budget for l in lines]):
            continue
        computed = total(ctx.money(l, l.budget) for l in lines)
        limit = ctx.money(whole, budget)
        if computed.lo <= limit.hi:
            continue
        yield ctx.finding(budget.start, budget.end,
                          f"{whole.label}年初预算 {budget.text} 小于所列各科目年初预算之和 "
                          f"{fmt_like(computed.mid, budget)}（第 {lines[0].number}–{lines[-1].number} 项）："
                          f"其一有误", budget.text, None, quote=ctx.span(whole))
