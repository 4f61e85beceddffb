"""The grammar of figures in a final accounts report, as regular expressions.

Every phrasing the extractor understands is declared here, once. A new way real reports
say something ("较上年", "同比", "降幅") is a new alternative in one of these patterns,
never a special case in the code that uses them.
"""
from __future__ import annotations

import re

# A figure: thousands separators, decimals, an optional minus (never part of a range
# such as 2013-2023, hence the look-behind).
# The pattern opens with a digit so the scan can skip to digits quickly; a minus sign
# before it is read by the scanner.
NUMBER = r"(?P<num>[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)"
#: a figure never continues a word or another figure ("G216", "2013-2023" is a range)
NOT_BEFORE_FIGURE = frozenset("0123456789.,ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# Units the template uses; the longest first so that 万元 wins over 万 and 人次 over 人.
UNIT = (r"\s*(?P<unit>万元|亿元|元|万|亿|%|人次|人|辆|个|批次|台[（(]套[）)]|台|套|平方米|家|户|名"
        r"|单位|项目)?")
FIGURE = re.compile(NUMBER + UNIT)
#: FIGURE where it continues no word or figure: NUMBER whose first digit follows none of
#: NOT_BEFORE_FIGURE. (The look-behind stands after the first digit, so that the scan
#: still skips to digits quickly.)
FIGURE_ALONE = re.compile(
    r"(?P<num>[0-9](?<![" + re.escape("".join(sorted(NOT_BEFORE_FIGURE))) + r"][0-9])"
    r"[0-9]*(?:,[0-9]{3})*(?:\.[0-9]+)?)" + UNIT)

COUNT_UNITS = frozenset({"人次", "人", "辆", "个", "批次", "台（套）", "台(套)", "台", "套",
                         "平方米", "家", "户", "名", "单位", "项目"})

_UP = "增加|增长|上升|提高|增多"
_DOWN = "减少|下降|降低|减小|缩减"
DIRECTION_DOWN = re.compile(_DOWN)
# "比上年决算减少 457.68 万元", "较上年增加", "同比下降" -- the word right before a change.
CHANGE = re.compile(rf"(?P<word>{_UP}|{_DOWN})了?(?:额|金额)?(?:为|是)?$")
# "增长 4.8%", "下降5.68%", "增幅为 12%", "降幅 3%", "增长率 2%".
GROWTH = re.compile(rf"(?P<word>{_UP}|{_DOWN}|增幅|降幅|减幅)了?(?:率|幅度)?(?:为|是|达)?$")
SHARE = re.compile(r"(?:占比?|所占比重|比重|占比为)(?P<base>.*?)(?:的|比重|比例)?(?:为|是)?$")
VARIANCE = re.compile(r"差异率|差异幅度|偏差率")
# Which budget a budget figure or a completion rate is of: 年初 (adopted at the start of
# the year) and 全年 (调整预算, as adjusted during it) are different quantities.
_BUDGET_KIND = r"(?P<kind>年初|全年|调整后的?|调整)?"
# "完成年初预算的", and as often "为 / 占 / 达到年初预算的": the final figure as a share of the budget
COMPLETION = re.compile(rf"(?:完成(?:了)?|为|占|达到?){_BUDGET_KIND}(?:预算|计划)(?:数)?的?$|预算(?:完成|执行)率(?:为|是)?$")
BUDGET = re.compile(rf"{_BUDGET_KIND}预算(?:数|金额|总额|安排)?(?:为|是)?$")


def budget_kind(word: str | None) -> str | None:
    """"年初", "全年" (an adjusted budget) or None for a budget named by neither."""
    if not word:
        return None
    return "年初" if word == "年初" else "全年"
FINAL = re.compile(r"(?<!预)决算(?:数|金额)?(?:为|是)?$")
# The comparison that opens a change clause: "与上年相比", "比上年决算", "较上年", "同比".
# "比2023年度" is cut where its year ends: the year is a figure, and the cue starts after it.
COMPARED = re.compile(r"(?:(?:与|和|同)\s*)?(?:上年|上一年度?|去年|20\d\d\s*年度?)(?:决算)?(?:数)?相比|比上年(?:决算)?(?:数)?"
                      r"|较上年(?:决算)?|较上一年度?|同比|(?:比|较|与|和)\s*20\d\d$")
BUDGET_COMPARED = re.compile(r"与(?:年初|全年)?预算相比")
# Text after these words explains; figures inside are not the statement's own.
REASON = re.compile(r"原因(?:是|为|：|:)|主要是由于")
# A reason runs to the end of its sentence; "；二是" continues it. (The pattern opens with
# the class of its three marks so that the regex engine skips to them at once; "。" always
# ends, a semicolon only before no "二是" or "2、".)
REASON_END = re.compile(r"[。；;](?:(?<=。)|(?![一二三四五六七八九十]是|\d[、.)）]))")
# A purpose ("主要用于支付…") says what money went to: it ends at the end of its sentence
# too, or at the clause before the next figure ("…，年初预算为 420.80 万元" is the line's own).
# (the lookahead lets the search skip at once the positions that cannot start one)
PURPOSE = re.compile(r"(?=[主用])(?:主要用于|(?<![适作])用于)")
#: a reason or a purpose, whichever opens here: one pass over a report finds both (they
#: never overlap: no opening of one holds an opening of the other)
EXPLANATION = re.compile(f"(?P<reason>{REASON.pattern})|(?P<purpose>{PURPOSE.pattern})")
CLAUSE_BREAK = re.compile(r"[，,；;]")
# Words that carry no meaning for naming a quantity.
LABEL_NOISE = re.compile(
    r"^(?:\d{4}\s*年度?|其中|包括|另外|同时|以及|并且|此外|全年|本年度|年度|的|为|是|共|[、：:\s])+"
    r"|(?:为|是|共计|合计为|达|的|[：:\s])+$")
LABEL_INNER_NOISE = re.compile(r"[\s“”\"'‘’「」]")

# Placeholders a template leaves for the department to fill in. (A pattern that opens
# with a literal, "……+" rather than "…{2,}", lets the regex engine skip to it.)
PLACEHOLDERS = {"……": re.compile(r"……+"), "......": re.compile(r"\.{6,}"),
                "XX": re.compile(r"[Xx×]{2,}"), "xx": re.compile(r"[Xx×]{2,}"),
                "××": re.compile(r"[Xx×]{2,}"), "***": re.compile(r"\*{3,}"),
                "＊＊＊": re.compile(r"＊{3,}"), "【": re.compile(r"【[^】]{0,20}】")}

# Budget lines: "1.一般公共服务支出（类）人大事务（款）行政运行（项）".
# The number is written "1." "1、" "（1）" or "1）".
ITEM_START = re.compile(r"[（(]?(?P<n>\d{1,3})(?:\s*[.、](?!\d)|[)）])\s*")
LEVEL_MARK = re.compile(r"[（(](?P<level>类|款|项)[）)]")
_MARK_OPEN, _MARK_LEVEL, _MARK_CLOSE = "（(", "类款项", "）)"


def last_level_mark_end(text: str, start: int, end: int) -> int | None:
    """Where the last LEVEL_MARK inside [start, end) ends, None without one: found from the
    closing brackets backwards (marks are three characters of three kinds, so never overlap),
    rather than by matching every mark of the stretch."""
    limit = end
    while True:
        close = max(text.rfind(bracket, start, limit) for bracket in _MARK_CLOSE)
        if close < start + 2:
            return None
        if text[close - 1] in _MARK_LEVEL and text[close - 2] in _MARK_OPEN:
            return close + 1
        limit = close
# A 类 of the structure list inside a sentence: its name opens a clause and its amount
# follows the mark ("…方面：教育支出（类）80.00 万元，占 80.00%；").
INLINE_CATEGORY = re.compile(r"(?:^|(?<=[：:；;，,。\n]))\s*[“\"‘]?(?P<name>[^：:；;，,。（）()\s\d“”\"‘’]{2,20})"
                             r"[（(]类[）)][”\"’]?\s*(?=\d[\d,.]*\s*(?:万元|亿元|元))")

# Headings: parts, numbered sections, numbered subsections.
PART_HEADING = re.compile(r"第(?P<n>[一二三四五六七八九十]{1,2})部分\s*")
SECTION_HEADING = re.compile(r"(?P<n>[一二三四五六七八九十]{1,3})\s*[、.．]\s*")
SUBSECTION_HEADING = re.compile(r"[（(](?P<n>[一二三四五六七八九十]{1,3})[）)]\s*")
ENUMERATION = re.compile(r"[（(](?P<n>\d{1,2})[）)]")
#: the characters ENUMERATION opens with (keep the two in step): lines that open with
#: anything else are skipped without running the pattern
ENUMERATION_FIRST = frozenset("（(")

CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十一 -> 21 (enough for section numbering)."""
    if "十" not in text:
        return CHINESE_DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return (CHINESE_DIGITS.get(tens, 1) if tens else 1) * 10 + CHINESE_DIGITS.get(ones, 0)


def clean_label(text: str) -> str:
    """A cue reduced to the name of a quantity: no year prefix, connectors or quotes."""
    return LABEL_NOISE.sub("", LABEL_INNER_NOISE.sub("", text))
