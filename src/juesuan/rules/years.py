"""Years printed with a digit too few or too many: "202 年度", "20233年".

The title, the table of contents and the headings name the year the report covers; a
year that lost or gained a digit there is a typing slip every reader sees first.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from juesuan.extract.grammar import PART_HEADING, SECTION_HEADING, SUBSECTION_HEADING
from juesuan.rules.registry import rule

# Three digits, or five and more, opening like a year (19…, 20…), then 年; never part of a
# longer figure, a decimal or a range.
_MALFORMED = re.compile(r"(?<![\d.,，、\-—–~～至])(?P<year>(?:19|20)\d|(?:19|20)\d{3,})\s*年(?P<du>度)?")
#: a 年 right after a digit or a space: a malformed year ends so ("上年", "全年", most of a
#: report's 年, do not). The engine skips from 年 to 年, and looks back only there. A year
#: of four digits right before it, or one space before it ("2023年", "2023 年", nearly all
#: the rest), is well formed: the engine passes over it too, rather than a Python loop.
_NIAN_AFTER_FIGURE = re.compile(r"年(?<=[\d\s]年)(?<!(?<!\d)\d{4}年)(?<!(?<!\d)\d{4}\s年)")
#: a title or contents line is short; a sentence of the explanation is not
_TITLE_LINE = 60
_HEADINGS = (PART_HEADING, SECTION_HEADING, SUBSECTION_HEADING)


def _is_title_or_heading(text: str, start: int, end: int) -> bool:
    if any(pattern.match(text, start, end) for pattern in _HEADINGS):
        return True
    return end - start <= _TITLE_LINE and "决算" in text[start:end]


def _candidates(text: str):
    """The matches of _MALFORMED, found from each 年 backwards (a search from every digit
    is several times slower)."""
    for nian in _NIAN_AFTER_FIGURE.finditer(text):
        index = nian.start()
        digits_end = index
        while digits_end > 0 and text[digits_end - 1].isspace():
            digits_end -= 1
        digits_start = digits_end
        while digits_start > 0 and text[digits_start - 1].isdigit():
            digits_start -= 1
        if digits_end - digits_start not in (0, 4) and (match := _MALFORMED.match(text, digits_start)):
            yield match


def _meant(printed: str, year: int | None) -> str | None:
    """The report's year, when the printed digits are it with one digit lost or doubled."""
    if year is None:
        return None
    right = str(year)
    if len(printed) == 3 and right.startswith(printed):
        return right
    if len(printed) == 5 and any(printed[:i] + printed[i + 1:] == right for i in range(5)):
        return right
    return None


@rule("M106", "malformed-year", "completeness", "error",
      "A year in the title, the contents or a heading has four digits (not 202 年度, 20233年)",
      fail="""
第三部分 澜溪市生态环境局 202 年度部门决算情况说明
一、收入支出决算总体情况说明
2023年度收入总计 100.00 万元。
""",
      passes="""
第三部分 澜溪市生态环境局 2023 年度部门决算情况说明
一、收入支出决算总体情况说明
2023年度收入总计 100.00 万元。
""")
def malformed_year(ctx):
    text, starts = ctx.flow.text, ctx.flow.starts
    year = ctx.report.year
    # Malformed years are rare: find them in the whole text, then look at their lines.
    for match in _candidates(text):
        segment = bisect_right(starts, match.start()) - 1
        start = starts[segment] if segment >= 0 else 0
        end = starts[segment + 1] if segment + 1 < len(starts) else len(text)
        if match.end() > end:
            continue            # a year and its 年 on two lines was never one printed figure
        # In a sentence only "… 年度" is surely a year; "202 年" may count years.
        if not match.group("du") and not _is_title_or_heading(text, start, end):
            continue
        printed = match.group("year")
        yield ctx.finding(match.start("year"), match.end("year"),
                          f"年份“{printed}”位数不对",
                          printed, _meant(printed, year), quote=(start, min(end, start + 60)))
