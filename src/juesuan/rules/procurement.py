"""Government procurement: no part of the year's procurement is larger than all of it.

The goods, works and services it splits into, the contracts awarded to small and medium
(and micro) enterprises, and the budget reserved for them are each part of the total
the section opens with; S101 adds up goods, works and services, this rule holds every
part on its own against the total, whatever the report calls it.
"""
from __future__ import annotations

import re
from decimal import Decimal

from juesuan.extract.grammar import FIGURE
from juesuan.model.interval import Interval
from juesuan.model.number import MONEY_UNITS, Number, parse_decimal
from juesuan.rules.registry import rule

#: the clause that states the total: "政府采购支出总额 7696.21 万元", "政府采购金额（以合同签订为准）为 …"
_TOTAL = re.compile(r"(?:政府)?采购(?:支出)?(?:总额|总金额|金额)(?:[（(][^）)]{0,12}[)）])?(?:为|是|共计|合计)?\s*$")
_PART_WORDS = ("货物", "工程", "服务", "中小", "小微", "预留", "其中")
#: a budget or saving compared with the total is no part of it; the reserved budget is
_NOT_PART = re.compile(r"(?<!项目)预算(?!金额)|节约|节省|上年|去年|\d{4}\s*年度?相比")
_BREAK = re.compile(r"[，,；;。：:、]")


def _clause(text: str, start: int, floor: int) -> str:
    head = text[max(floor, start - 80):start]
    cut = list(_BREAK.finditer(head))
    return head[cut[-1].end():] if cut else head


def _sentence(text: str, start: int, floor: int) -> str:
    head = text[max(floor, start - 200):start]
    cut = max(head.rfind("。"), head.rfind("；"), head.rfind(";"))
    return head[cut + 1:]


def _wan(number: Number) -> Interval:
    interval = number.interval
    scale = MONEY_UNITS.get(number.unit, Decimal(1))
    return interval if scale == 1 else Interval(interval.lo * scale, interval.hi * scale)


def _money(text: str, start: int, end: int):
    for match in FIGURE.finditer(text, start, end):
        if match.group("unit") in MONEY_UNITS and (match.start() == 0 or not text[match.start() - 1].isdigit()):
            value, places = parse_decimal(match.group("num"))
            yield Number(value, places, match.group(), match.group("unit"), match.start(), match.end())


def _sections(ctx):
    for section in ctx.report.sections:
        if section.key == "other.procurement" or (section.key is None and "政府采购" in section.title):
            yield section


@rule("S103", "procurement-parts", "sums", "error",
      "No part of government procurement (goods, works, services, awards to or reserved for SMEs) exceeds its total",
      fail="""
十、其他重要事项的情况说明
（二）政府采购情况
2023年度政府采购支出总额 100.00 万元。授予中小企业合同金额 120.00 万元。
""",
      passes="""
十、其他重要事项的情况说明
（二）政府采购情况
2023年度政府采购支出总额 100.00 万元。授予中小企业合同金额 80.00 万元。
""")
def procurement_parts(ctx):
    text = ctx.flow.text
    for section in _sections(ctx):
        total = None
        for number in _money(text, section.title_end, section.end):
            clause = _clause(text, number.start, section.title_end)
            sentence = _sentence(text, number.start, section.title_end)
            if total is None:
                if _TOTAL.search(clause) and not any(word in clause for word in _PART_WORDS) \
                        and not _NOT_PART.search(clause):
                    total = number
                continue
            if _NOT_PART.search(clause) or (_NOT_PART.search(sentence) and "预留" not in sentence):
                continue
            if _wan(number).lo <= _wan(total).hi:
                continue
            what = clause.strip() or sentence.strip()[-20:]
            yield ctx.finding(number.start, number.end,
                              f"“{what}”{number.text} 大于政府采购总额 {total.text}",
                              number.text, None, quote=(number.start - len(clause), number.end))
