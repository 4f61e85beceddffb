"""Every figure of the flow with the words just before it, and what those words make it.

"占 99.87%" is a share, "比上年减少 457.68 万元" a change, "预决算差异率-18.38%" a
variance: the role of a figure is read from its cue, the text between the previous
clause break (or figure) and the figure itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from juesuan.extract import grammar as g
from juesuan.model.number import MONEY_UNITS, PERCENT, Number, parse_decimal

_BREAKS = "，,；;。：:！？!?"
# Everything up to the last clause break of a stretch of text (greedy, so the last one):
# matched over a cue's reach only, rather than listing every break of the report.
_UP_TO_BREAK = re.compile(f"(?s).*[{_BREAKS}]")
_CUE_WINDOW = 60


@dataclass(slots=True)
class Mention:
    """A figure read in context."""

    number: Number
    role: str           # amount count share change growth budget final variance completion percent
    sign: int           # +1 / -1 from a direction word, 0 when none
    cue: str
    cue_start: int
    label: str          # the quantity the cue names, cleaned ("" when the cue only qualifies)
    base: str | None = None  # a share's whole, when printed; a budget's or completion's kind (年初/全年)
    word: str = ""      # the direction word as printed


def find_mentions(text: str, barriers: list[int] = ()) -> list[Mention]:
    """All figures of ``text`` in order, with their roles.

    ``barriers`` (sorted offsets, such as the ends of headings) are never crossed by a cue.
    """
    mentions: list[Mention] = []
    append = mentions.append
    # where the cue of the next figure may begin at the earliest: after the figure before
    # it, or a barrier passed since
    previous_end = 0
    not_before = g.NOT_BEFORE_FIGURE
    read_window = _read_window
    # figures come in order: the barriers passed are found by walking on, not searching
    barriers = list(barriers)
    following, count = 0, len(barriers)
    # A report prints most of its figures more than once (a total in the text and again
    # in a list, a share beside each line): each distinct figure is parsed once.
    parsed_figures: dict[str, tuple] = {}
    for match in g.FIGURE_ALONE.finditer(text):
        number_text, unit = match.groups()
        if not unit:
            # A figure with no unit (a year, an item number) qualifies nothing, but it
            # still ends the cue of the figure after it.
            previous_end = match.end(1)
            continue
        start, end = match.span()
        if start and text[start - 1] in "-−" and (start < 2 or text[start - 2] not in not_before):
            # "差异率-18.38%" is negative; "2013-2023" is a range, not a minus.
            start -= 1
            number_text = "-" + number_text
        if "(" in unit:
            unit = unit.replace("(", "（").replace(")", "）")     # 台(套) is 台（套）
        while following < count and barriers[following] <= start:
            previous_end = max(previous_end, barriers[following])
            following += 1
        # (a comparison rather than a call of max(): this runs for every figure)
        reach = previous_end if previous_end > start - _CUE_WINDOW else start - _CUE_WINDOW
        cue_offset, cue, role, sign, label, base, word = read_window(text[reach:start], unit)
        parsed = parsed_figures.get(number_text)
        if parsed is None:
            parsed = parsed_figures[number_text] = parse_decimal(number_text)
        number = Number(parsed[0], parsed[1], text[start:end], unit, start, end)
        append(Mention(number, role, sign, cue, reach + cue_offset, label, base, word))
        previous_end = end
    return mentions


# The text a cue is sought in (from the figure or barrier before, at most _CUE_WINDOW
# characters back) recurs often ("万元，比上年增加", "万元，占"): its reading is worked out
# once per distinct text and unit, clause break and all.
@lru_cache(maxsize=16384)
def _read_window(window: str, unit: str) -> tuple[int, str, str, int, str, str | None, str]:
    """(offset of the cue in ``window``, cue, role, sign, label, base, word) of a figure in
    ``unit`` that follows ``window``: the cue is the text after its last clause break."""
    clause = _UP_TO_BREAK.match(window)
    offset = clause.end() if clause else 0
    cue = window[offset:].strip()
    return (offset, cue, *_read_cue(cue, unit))


# Reports say the same few things again and again ("支出决算数为", "比上年决算增加", "占"):
# a cue's reading depends on its words and the figure's unit only, so it is worked out
# once per distinct cue and unit.
@lru_cache(maxsize=8192)
def _read_cue(cue: str, unit: str) -> tuple[str, int, str, str | None, str]:
    """(role, sign, label, base, word) of a figure in ``unit`` printed after ``cue``."""
    if unit == PERCENT:
        if g.VARIANCE.search(cue):
            return "variance", 0, "", None, ""
        completion = g.COMPLETION.search(cue)
        if completion:
            return "completion", 0, "", g.budget_kind(completion.group("kind")), ""
        share = g.SHARE.search(cue)
        if share and cue.startswith(("占", "所占")) or (share and "占" in cue[-12:]):
            return "share", 0, "", g.clean_label(share.group("base")), ""
        growth = g.GROWTH.search(cue)
        if growth:
            word = growth.group("word")
            return "growth", _sign(word), _subject(cue, growth.start()), None, word
        return "percent", 0, g.clean_label(cue), None, ""
    if unit in MONEY_UNITS:
        change = g.CHANGE.search(cue)
        if change:
            word = change.group("word")
            return "change", _sign(word), _subject(cue, change.start()), None, word
        budget = g.BUDGET.search(cue)
        if budget and "决算" not in cue[budget.start():]:
            label = g.clean_label(g.BUDGET_COMPARED.sub("", cue[:budget.start()]))
            return "budget", 0, label, g.budget_kind(budget.group("kind")), ""
        final = g.FINAL.search(cue)
        if final:
            return "final", 0, g.clean_label(cue[:final.start()]), None, ""
        return "amount", 0, g.clean_label(cue), None, ""
    return "count", 0, g.clean_label(cue), None, ""


def _subject(cue: str, word_start: int) -> str:
    """The quantity named before a comparison: "收入支出总体与上年相比，减少" -> 收入支出总体."""
    head = cue[:word_start]
    compared = g.COMPARED.search(head)
    if compared:
        head = head[:compared.start()]
    return g.clean_label(head)


def _sign(word: str) -> int:
    if g.DIRECTION_DOWN.search(word) or word in ("降幅", "减幅"):
        return -1
    return 1
