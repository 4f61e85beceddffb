"""Completeness: sections of the template present, no placeholders, no sentence cut off."""
from __future__ import annotations

import re
from bisect import bisect_left
from statistics import median

from juesuan.extract.contents import contents_spans, within
from juesuan.extract.grammar import PLACEHOLDERS
from juesuan.rules.registry import rule
from juesuan.tables.spec import layout_of

_NAMES = {"overview": "收入支出决算总体情况", "income": "收入决算情况", "expenditure": "支出决算情况",
          "fiscal": "财政拨款收入支出决算总体情况", "general": "一般公共预算财政拨款支出决算情况",
          "basic": "一般公共预算财政拨款基本支出决算情况", "sangong": "财政拨款“三公”经费支出决算情况",
          "fund": "政府性基金预算财政拨款收入支出决算情况", "capital": "国有资本经营预算财政拨款收入支出决算情况"}
_ENDS = re.compile(r"[。；;！!？?”）)\]%\d]$")
_YEAR_BEFORE = re.compile(r"(?<![比较与和同\d\s])\s*(20\d\d)\s*年度?(?=[^\d，。；]{0,3}$)")
_CLOSING_DATE = re.compile(r"截[至止]\s*(20\d\d)\s*年\s*12\s*月\s*31\s*日")


@rule("M101", "missing-section", "completeness", "warning",
      "Every section of the template's explanation is there (a budget that does not apply says so)",
      fail="""
第二部分 部门决算情况说明
一、收入支出决算总体情况说明
2023年度收入总计 100.00 万元。
二、收入决算情况说明
本年收入 100.00 万元。
三、支出决算情况说明
本年支出 100.00 万元。
""",
      passes="""
第二部分 部门决算情况说明
一、收入支出决算总体情况说明
二、收入决算情况说明
三、支出决算情况说明
四、财政拨款收入支出决算总体情况说明
五、一般公共预算财政拨款支出决算情况说明
六、一般公共预算财政拨款基本支出决算情况说明
七、财政拨款“三公”经费支出决算情况说明
八、政府性基金预算财政拨款收入支出决算情况说明
九、国有资本经营预算财政拨款收入支出决算情况说明
""")
def missing_section(ctx):
    keys = {(s.key or "").split(".")[0] for s in ctx.report.sections if s.level >= 1}
    # The sections a report must have are its layout's (a university report has no 三公).
    required = layout_of(ctx.report.tables).sections
    present = [k for k in required if k in keys]
    if len(present) < 3:
        return       # not a final accounts explanation at all, or only a fragment of one
    anchor = next(s for s in ctx.report.sections if (s.key or "").split(".")[0] in present)
    for key in required:
        if key not in keys:
            yield ctx.finding(anchor.start, anchor.title_end, f"缺少“{_NAMES[key]}”部分",
                              None, _NAMES[key], quote=(anchor.start, anchor.title_end))


@rule("M102", "placeholder", "completeness", "error",
      "No template placeholder (……, XX, ××) is left in the text",
      fail="""
十、其他重要事项的情况说明
（一）机关运行经费支出情况
2023年度机关运行经费支出 10.00 万元，比上年增加 1.00 万元，增长 11.11%，主要原因是：……。
""",
      passes="""
十、其他重要事项的情况说明
（一）机关运行经费支出情况
2023年度机关运行经费支出 10.00 万元，比上年增加 1.00 万元，增长 11.11%，主要原因是：新增办公用房。
""")
def placeholder(ctx):
    text = ctx.flow.text
    # A substring test finds the rare report with a placeholder far faster than a scan;
    # a test for its first character alone is quicker still, and rules out most.
    patterns = {PLACEHOLDERS[literal] for literal in PLACEHOLDERS
                if literal[0] in text and literal in text}
    matches = {(m.start(), m.end()): m for pattern in patterns for m in pattern.finditer(text)}
    # The dots of a table of contents lead to a page number: they leave nothing to fill in.
    leaders = contents_spans(ctx.flow) if matches else []
    for _, match in sorted(matches.items()):
        if within(leaders, match.start()):
            continue
        start = max(text.rfind("，", 0, match.start()), text.rfind("。", 0, match.start()), match.start() - 40) + 1
        yield ctx.finding(match.start(), match.end(), f"模板占位符“{match.group()}”未填写",
                          match.group(), None, quote=(start, match.end() + 1))


@rule("M103", "cut-off", "completeness", "warning",
      "Text before a heading ends its sentence: a full line ending mid-word was cut off",
      fail="""
六、一般公共预算财政拨款基本支出决算情况说明
公用经费 20.00 万元，包括：办公费、水费、电费、邮电费、取暖费、物业管理费、差旅费、维修（护）费、租赁费、其他交
七、财政拨款“三公”经费支出决算情况说明
""",
      passes="""
六、一般公共预算财政拨款基本支出决算情况说明
公用经费 20.00 万元，包括：办公费、水费、电费、邮电费、取暖费、物业管理费、差旅费、维修（护）费、租赁费、其他交通费用。
七、财政拨款“三公”经费支出决算情况说明
""")
def cut_off(ctx):
    flow = ctx.flow
    width = None
    sections = ctx.report.sections
    for previous, section in zip(sections, sections[1:]):
        if section.start <= previous.title_end:
            continue            # a heading right after a heading: no body text between
        index = bisect_left(flow.starts, section.start)     # a heading opens a line
        last_start = flow.starts[index - 1]
        last = flow.text[last_start:section.start]
        if _ENDS.search(last):
            continue
        # the usual line width, worked out only for a line that ends mid-sentence (few do)
        width = _usual_width(flow) if width is None else width
        if width is None:
            return
        if len(last) < 0.9 * width:
            continue
        yield ctx.finding(section.start - 1, section.start, "句子在此中断，内容不完整",
                          last[-12:], None, quote=(max(last_start, section.start - 30), section.start))


def _usual_width(flow) -> float | None:
    """The median width of the input's lines, None with fewer than two lines."""
    widths = flow.sorted_widths()     # sorted once per report (paragraph ends ask too)
    return median(widths) if widths else None


@rule("M104", "year-mismatch", "completeness", "warning",
      "Years written as the report's year (年度, 截至…年) are the year the report covers",
      fail="""
一、收入支出决算总体情况说明
2023年度收入总计 100.00 万元。2022年度支出总计 100.00 万元。2023年度本年收入合计 100.00 万元。
""",
      passes="""
一、收入支出决算总体情况说明
2023年度收入总计 100.00 万元。2023年度支出总计 100.00 万元。2023年度本年收入合计 100.00 万元。
""")
def year_mismatch(ctx):
    year = ctx.report.year
    if year is None:
        return
    text = ctx.flow.text
    # The year that opens a statement of the template's totals ("2023 年度收入总计") and
    # the balance-sheet date ("截至 2023 年 12 月 31 日"); a year inside a reason is free.
    candidates = []
    for statement in ctx.report.statements:
        if statement.concept:
            start, end = max(statement.start - 12, 0), statement.start + 3
            # most statements open without a year: a plain find rules them out
            match = text.find("年", start, end) >= 0 and _YEAR_BEFORE.search(text, start, end)
            if match:
                candidates.append(match)
    candidates.extend(_CLOSING_DATE.finditer(text))
    for match in candidates:
        printed = int(match.group(1))
        if printed != year:
            yield ctx.finding(match.start(1), match.end(1), f"年份 {printed} 与报告年度 {year} 不符",
                              str(printed), str(year), quote=(match.start(), match.end() + 10))
