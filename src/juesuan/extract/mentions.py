"""Every figure of the flow with the words just before it, and what those words make it.

"占 99.87%" is a share, "比上年减少 457.68 万元" a change, "预决算差异率-18.38%" a
variance: the role of a figure is read from its cue, the text between the previous
clause break (or figure) and the figure itself.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from juesuan.extract import grammar as g
from juesuan.model.number import MONEY_UNITS, PERCENT, Number, parse_decimal

_BREAK = re.compile("[，,；;。：:！？!?]")
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
    base: str | None = None  # for a share: the whole it is a share of, when printed
    word: str = ""      # the direction word as printed


def find_mentions(text: str, barriers: list[int] = ()) -> list[Mention]:
    """All figures of ``text`` in order, with their roles.

    ``barriers`` (sorted offsets, such as the ends of headings) are never crossed by a cue.
    """
    mentions: list[Mention] = []
    previous_end = 0
    breaks = [m.start() for m in _BREAK.finditer(text)]
    for match in g.FIGURE.finditer(text):
        start = match.start("num")
        number_text = match.group("num")
        before = text[start - 1] if start else ""
        if before in g.NOT_BEFORE_FIGURE:
            continue
        if before in "-−" and (start < 2 or text[start - 2] not in g.NOT_BEFORE_FIGURE):
            # "差异率-18.38%" is negative; "2013-2023" is a range, not a minus.
            start -= 1
            number_text = "-" + number_text
        unit = _unit(match.group("unit"))
        if not unit:
            # A figure with no unit (a year, an item number) qualifies nothing, but it
            # still ends the cue of the figure after it.
            previous_end = match.end("num")
            continue
        number_text = number_text.replace("−", "-")
        value, places = parse_decimal(number_text)
        end = match.end()
        number = Number(value, places, text[start:end], unit, start, end)
        barrier = bisect_right(barriers, start) - 1
        floor = max(previous_end, barriers[barrier] if barrier >= 0 else 0)
        index = bisect_right(breaks, start - 1) - 1
        cue_start = max(floor, start - _CUE_WINDOW, breaks[index] + 1 if index >= 0 else 0)
        cue = text[cue_start:start].strip()
        mentions.append(_classify(number, cue, cue_start))
        previous_end = end
    return mentions


def _unit(unit: str | None) -> str:
    if not unit:
        return ""
    return unit.replace("(", "（").replace(")", "）") if "(" in unit else unit


def _classify(number: Number, cue: str, cue_start: int) -> Mention:
    unit = number.unit
    if unit == PERCENT:
        if g.VARIANCE.search(cue):
            return Mention(number, "variance", 0, cue, cue_start, "")
        if g.COMPLETION.search(cue):
            return Mention(number, "completion", 0, cue, cue_start, "")
        share = g.SHARE.search(cue)
        if share and cue.startswith(("占", "所占")) or (share and "占" in cue[-12:]):
            return Mention(number, "share", 0, cue, cue_start, "", base=g.clean_label(share.group("base")))
        growth = g.GROWTH.search(cue)
        if growth:
            word = growth.group("word")
            return Mention(number, "growth", _sign(word), cue, cue_start, _subject(cue, growth.start()), word=word)
        return Mention(number, "percent", 0, cue, cue_start, g.clean_label(cue))
    if unit in MONEY_UNITS:
        change = g.CHANGE.search(cue)
        if change:
            word = change.group("word")
            return Mention(number, "change", _sign(word), cue, cue_start, _subject(cue, change.start()), word=word)
        budget = g.BUDGET.search(cue)
        if budget and "决算" not in cue[budget.start():]:
            label = g.clean_label(g.BUDGET_COMPARED.sub("", cue[:budget.start()]))
            return Mention(number, "budget", 0, cue, cue_start, label)
        final = g.FINAL.search(cue)
        if final:
            return Mention(number, "final", 0, cue, cue_start, g.clean_label(cue[:final.start()]))
        return Mention(number, "amount", 0, cue, cue_start, g.clean_label(cue))
    return Mention(number, "count", 0, cue, cue_start, g.clean_label(cue))


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
