"""Two opposite direction words printed together: the template's alternative left unresolved.

The template offers "增加（减少）", "增长（下降）", "大于（小于）" for the department to keep
one; a filled-in report that still prints both, or an edit that left "减增加", says
nothing about which way the figure went.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from juesuan.extract.grammar import PLACEHOLDERS
from juesuan.extract.scan import one_character_opening
from juesuan.rules.registry import rule

_UP = ("增加", "增长", "上升", "提高", "增多", "大于", "高于", "超过")
_DOWN = ("减少", "下降", "降低", "减小", "缩减", "小于", "低于")
_PAIRS = {**{word: "up" for word in _UP}, **{word: "down" for word in _DOWN}}
_WORD = "|".join(sorted(_PAIRS, key=len, reverse=True))
# "增加（减少）" / "下降(增长)"; "大（小）于" / "增（减）"; "减增加" / "增加减少" (an edit half done).
# The lookahead on the first characters lets the engine skip most positions at once.
_FIRST = "".join(sorted({word[0] for word in _PAIRS} | set("大小高低减增降")))
_ALTERNATIVE = re.compile(
    rf"(?=[{_FIRST}])(?:(?P<a>{_WORD})\s*[（(]\s*(?P<b>{_WORD})\s*[)）]"
    r"|(?P<c>[大小高低])\s*[（(]\s*(?P<d>[大小高低])\s*[)）]\s*于"
    rf"|(?P<f>(?<![增减缩削])[减增降])(?P<g>增加|增长|减少|下降)"
    rf"|(?P<h>增加|增长|减少|下降)(?P<i>减少|下降|增加|增长))")
# What every alternative must hold: a bracket before a direction word, or two direction
# words run together. Each pattern opens with a plain character, which the engine finds
# fast; a report without any of them (most reports) is spared the full scan above. Two
# words run together are found from the second, the character before it looked at behind:
# a scan for each of its three openings rather than one for each of six first characters
# (a word of two plain characters sought from its first, see scan.one_character_opening).
_TRIGGERS = tuple(re.compile(one_character_opening(f"{word}(?<=[减增降加长少]{word})"))
                  for word in ("增[加长]", "减少", "下降")) + tuple(
    re.compile(bracket + rf"\s*[{_FIRST}]") for bracket in ("（", r"\("))

_SINGLE = {"大": "up", "高": "up", "增": "up", "小": "down", "低": "down", "减": "down", "降": "down"}
# "增（减）" alone heads a column of signed changes in some tables: it is no alternative.
_SENTENCE_END = "。；;\n"
_CHOICE = {("up", "change"): "增加", ("down", "change"): "减少", ("up", "rate"): "增长",
           ("down", "rate"): "下降", ("up", "compare"): "大于", ("down", "compare"): "小于"}


def _ways(match: re.Match) -> tuple[str, str] | None:
    """The two directions a match prints, or None when both go the same way."""
    if match.group("a"):
        first, second = _PAIRS[match.group("a")], _PAIRS[match.group("b")]
    elif match.group("c"):
        first, second = _SINGLE[match.group("c")], _SINGLE[match.group("d")]
    elif match.group("f"):
        first, second = _SINGLE[match.group("f")], _PAIRS[match.group("g")]
    else:
        first, second = _PAIRS[match.group("h")], _PAIRS[match.group("i")]
    return (first, second) if first != second else None


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    floor = max(start - 200, 0)
    left = max(max(text.rfind(mark, floor, start) for mark in _SENTENCE_END) + 1, floor)
    rights = [i for mark in _SENTENCE_END if (i := text.find(mark, end, end + 200)) >= 0]
    return left, min(rights) if rights else min(end + 200, len(text))


def _in_template(text: str, start: int, end: int) -> bool:
    """The template itself, its placeholders still unfilled: M102 reports those."""
    sentence = text[start:end]
    return any(literal in sentence and pattern.search(sentence) for literal, pattern in PLACEHOLDERS.items())


def _in_table(ctx, offset: int) -> bool:
    line = ctx.flow.line_of(offset)
    return any(table.line is not None and table.source is None
               and table.line <= line < table.line + max((row.index for row in table.rows), default=0) + 2
               for table in ctx.report.tables)


def _kind(printed: str) -> str:
    if any(word in printed for word in ("于", "超过")):
        return "compare"
    if any(word in printed for word in ("长", "降", "提高", "上升")):
        return "rate"
    return "change"


def _by_start(ctx) -> tuple[list[int], list]:
    """Statements and lines by start (worked out once per report)."""
    ordered = sorted(ctx.statements_and_lines, key=lambda s: s.start)
    return [s.start for s in ordered], ordered


def _direction(ctx, statement, kind: str) -> str | None:
    """Which way a statement's figures went: its change, or its final figure against its budget."""
    if kind == "compare":
        final = statement.final or statement.amount
        if statement.budget is None or final is None:
            return None
        difference = ctx.money(statement, final) - ctx.money(statement, statement.budget)
        return "up" if difference.lo > 0 else "down" if difference.hi < 0 else None
    sign = statement.change_sign or statement.growth_sign
    return ("up" if sign > 0 else "down") if sign else None


def _actual(ctx, start: int, kind: str) -> str | None:
    """The direction the figures around the words give, when a statement there has one."""
    starts, ordered = ctx.shared(_by_start)
    index = bisect_right(starts, start) - 1
    # the nearest statements first: a later one cannot hold the words
    for statement in reversed(ordered[max(index - 3, 0):index + 1]):
        if statement.start <= start <= statement.end + 40:
            found = _direction(ctx, statement, kind)
            if found:
                return found
    return None


@rule("D105", "direction-alternative", "direction", "error",
      "Two opposite direction words are never printed together (增加（减少）, 下降（增长）, 大（小）于, 减增加)",
      fail="""
七、财政拨款“三公”经费支出决算情况说明
2023年度“三公”经费财政拨款支出决算数比上年减少 0.20 万元，下降（增长）20.00%。
""",
      passes="""
七、财政拨款“三公”经费支出决算情况说明
2023年度“三公”经费财政拨款支出决算数比上年减少 0.20 万元，下降 20.00%。
""")
def direction_alternative(ctx):
    text = ctx.flow.text
    if not any(trigger.search(text) for trigger in _TRIGGERS):
        return
    for match in _ALTERNATIVE.finditer(text):
        ways = _ways(match)
        if ways is None:
            continue
        left, right = _sentence(text, match.start(), match.end())
        if _in_template(text, left, right) or _in_table(ctx, match.start()):
            continue
        printed = match.group()
        kind = _kind(printed)
        actual = _actual(ctx, match.start(), kind)
        expected = _CHOICE[(actual, kind)] if actual else None
        yield ctx.finding(match.start(), match.end(),
                          f"“{printed}”同时写了相反的两个方向，应按实际变动择一",
                          printed, expected, quote=(max(left, match.start() - 30), min(right, match.end() + 20)))
