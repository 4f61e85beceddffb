"""A rate or share printed without its %, where the report prints its others with one.

"增长 13.95。" beside "占 99.86%" reads as a count of something: the % was lost in the
editing. The figure itself may be right; the reader cannot tell it is a rate.
"""
from __future__ import annotations

import re

from juesuan.extract.scan import one_character_opening
from juesuan.extract.sections import section_at
from juesuan.rules.registry import rule

# A rate word, then the figure, then a clause break: no unit of any kind after it
# ("增长 2 倍", "下降 3 个百分点" carry their own unit and are left alone). The figure is
# taken whole (possessive): a shorter one would end before a digit or a point, which is
# no clause break, so giving back its digits never finds a match and only costs time at
# every "增长 12.5%" of a report.
# The optional words and spaces are taken whole as well (possessive): what follows each
# cannot match what they would give back (a space, 率, 的, 了 is no digit), so giving it
# back only repeats, at every "增长 12.5%", a try that fails.
_CUES = (r"增(?:长率?+|幅)", r"下降率?+", r"降幅", r"减幅", r"差异率", r"完成(?:了)?(?:年初)?(?:预算|计划)(?:数)?的",
         r"占(?![地用有])[^，。；;,\d%]{0,20}?的?+")
_BARE_FIGURE = r"\s*+(?:了|为|是|达)?+\s*+(?P<num>-?\d++(?:\.\d++)?+)(?=\s*(?:[。，；;,）)]|$))"
_BARE_RATE = re.compile(f"(?P<cue>{'|'.join(_CUES)}){_BARE_FIGURE}", re.M)
# The cues one by one, to tell first whether the text holds a bare rate at all (most
# reports print every rate with its %). A pattern that opens with one plain character is
# found by a quick scan for it; the whole pattern, whose cues open with seven different
# ones, tests each offset against the seven, which takes several times as long as the
# seven quick scans. A match of the whole is a match of one cue, so when no cue finds one
# the whole pattern would find none either. (A cue that opens with several plain
# characters is sought from its first, see scan.one_character_opening.)
_BARE_RATE_BY_CUE = tuple(re.compile(one_character_opening(cue) + _BARE_FIGURE, re.M) for cue in _CUES)
_PERCENT = re.compile(r"\d\s*%")
_SENTENCE_END = "。；;"


def _sentence(text: str, start: int, end: int) -> str:
    floor = max(start - 200, 0)
    left = max(max(text.rfind(mark, floor, start) for mark in _SENTENCE_END) + 1, floor)
    rights = [i for mark in _SENTENCE_END if (i := text.find(mark, end, end + 200)) >= 0]
    return text[left:min(rights) if rights else min(end + 200, len(text))]


def _section_has_percent(ctx, offset: int, seen: dict) -> bool:
    """Whether the section around ``offset`` prints a % anywhere (worked out once per section)."""
    top, _ = section_at(ctx.report.sections, offset)
    if top is None:
        return False
    if top.start not in seen:
        seen[top.start] = _PERCENT.search(ctx.flow.text, top.start, top.end) is not None
    return seen[top.start]


def _after_figure(text: str, start: int) -> bool:
    """A figure right before the cue ("1,234 增长 5"): the number belongs to a table row."""
    return bool(re.search(r"\d\s*$", text[max(start - 3, 0):start]))


@rule("U102", "percent-missing", "units", "error",
      "A rate or share is printed with its % where the report's other rates carry one",
      fail="""
五、一般公共预算财政拨款支出决算情况说明
一般公共预算财政拨款支出 110.00 万元，占本年支出合计的 100.00%。与上年相比，增加 10.00 万元，增长 10.00。
""",
      passes="""
五、一般公共预算财政拨款支出决算情况说明
一般公共预算财政拨款支出 110.00 万元，占本年支出合计的 100.00%。与上年相比，增加 10.00 万元，增长 10.00%。
""")
def percent_missing(ctx):
    text = ctx.flow.text
    if not any(pattern.search(text) for pattern in _BARE_RATE_BY_CUE):
        return
    skipped = [(s.start, s.end) for s in ctx.report.sections if s.level == 0 and s.key in ("tables", "glossary")]
    seen: dict[int, bool] = {}
    for match in _BARE_RATE.finditer(text):
        start = match.start()
        if any(a <= start < b for a, b in skipped) or _after_figure(text, start):
            continue
        if not (_PERCENT.search(_sentence(text, start, match.end()))
                or _section_has_percent(ctx, start, seen)):
            continue          # a report that writes no % anywhere near: not for this rule to say
        number = match.group("num")
        yield ctx.finding(match.start("num"), match.end("num"),
                          f"“{match.group('cue')}{number}”是比率，缺少百分号",
                          number, f"{number}%", quote=(start, match.end()))
