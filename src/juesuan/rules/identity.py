"""The report speaks of one department: the name it calls itself by is always the same."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from juesuan.rules.registry import rule

# A department names itself right before the year it reports on: "XX市财政局2024年度…",
# at the start of a line or a clause ("本级" and spaces may stand between).
_YEAR = re.compile(r"20\d\d\s*年度")
#: what may stand between a name and its year ("本级", spaces)
_GAP_WORD = "本级"
_NAME = re.compile(r"[\u4e00-\u9fa5（）()]{2,30}(?:局|委员会|管委会|厅|办公室|中心|院|所|站|队|委|馆|处|学校|医院|部)$")
_BREAKS = "。；，：:;,"
#: the stretch up to the last clause break (one match, rather than a search per break)
_UP_TO_LAST_BREAK = re.compile(f".*[{_BREAKS}]", re.S)


def _self_names(ctx):
    """(name, start, end) of each name written just before "YYYY年度"."""
    text, starts = ctx.flow.text, ctx.flow.starts
    for year in _YEAR.finditer(text):
        floor = max(year.start() - 34, 0)
        end = _gap_start(text, floor, year.start())
        line = starts[max(bisect_right(starts, end - 1) - 1, 0)]
        clause = _UP_TO_LAST_BREAK.match(text, floor, end)
        start = max(floor, line, clause.end() if clause else floor)
        name = _NAME.match(text, start, end)       # the name fills the clause up to the year
        if name:
            yield name.group(), start, end


def _gap_start(text: str, floor: int, end: int) -> int:
    """Where the spaces and "本级" right before ``end`` begin (not before ``floor``): read
    backwards, rather than trying a pattern at every offset of the stretch."""
    while end > floor:
        if text[end - 1].isspace():
            end -= 1
        elif end - len(_GAP_WORD) >= floor and text.startswith(_GAP_WORD, end - len(_GAP_WORD)):
            end -= len(_GAP_WORD)
        else:
            break
    return end


@rule("M105", "department-name", "completeness", "warning",
      "The department is named the same throughout (another name is text copied from another report)",
      fail="""
一、收入支出决算总体情况说明
云岭市水务局2024年度收入总计 100.00 万元。
二、收入决算情况说明
云岭市水务局2024年度本年收入 100.00 万元。
四、财政拨款收入支出决算总体情况说明
云岭市林业局2024年度财政拨款收入总计 80.00 万元。
""",
      passes="""
一、收入支出决算总体情况说明
云岭市水务局2024年度收入总计 100.00 万元。
二、收入决算情况说明
云岭市水务局2024年度本年收入 100.00 万元。
四、财政拨款收入支出决算总体情况说明
云岭市水务局2024年度财政拨款收入总计 80.00 万元。
""")
def department_name(ctx):
    found = list(_self_names(ctx))
    names = Counter(name for name, _, _ in found)
    if len(names) < 2:
        return
    (own, count), = names.most_common(1)
    if count < 2:
        return          # no name is clearly the report's own
    for name, start, end in found:
        if name != own and own not in name and name not in own:
            yield ctx.finding(start, end, f"部门名称“{name}”与本报告的“{own}”不一致", name, own,
                              quote=(start, end + 8))
