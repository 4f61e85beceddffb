"""类/款/项 lines: "3.教育支出（类）普通教育（款）小学教育（项）:支出决算数为…".

Reports print a list's items in several ways: each numbered on its own line, run on after
the item before ("…万元。4.教育支出（类）…"), numbered only at the first of a 类 and quoted
after it ("“教育支出（类）普通教育（款）小学教育（项）”，…"), or with the levels written
"教育支出类普通教育款小学教育项". A structure list names its 类 with （类） or without
("“教育支出”80.00 万元，占 80.00%；"). Each is one item.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from juesuan.classification import default as classification
from juesuan.extract import grammar as g
from juesuan.model.number import MONEY_UNITS
from juesuan.model.report import BudgetLine
from juesuan.model.flow import Flow

#: sections whose numbered items are budget lines, and the budget they belong to
LINE_SECTIONS = {"general.structure": "general", "general.detail": "general",
                 "general": "general", "fund": "fund", "capital": "capital"}
_NAME_REACH = 120
#: how far after an opening its 类 may stand (a number, quotes and spaces before the names)
_LEI_REACH = _NAME_REACH + 40
_MONEY = frozenset(MONEY_UNITS)
_OPEN_QUOTES = "“\"‘「"
_CLOSE_QUOTES = frozenset("”\"’」")
#: where an item may open inside a line: after the sentence (or item) before it ends
_ITEM_BREAKS = frozenset("。；;")
#: names written without brackets end where a clause or a figure begins
_BARE_END = re.compile(r"[\s，,。；;：:”\"’」（(]|\d")
#: "教育支出类-普通教育款-小学教育项"
_BETWEEN_LEVELS = "-－—–·/、"
#: what follows names that a sentence lists rather than an item opens with
_MORE_NAMES = frozenset("等和及与、")
_CLAUSE_BREAK = "。，,；;！？!?"
#: a stretch up to its last clause break (the engine backs off from the stretch's end)
_UP_TO_LAST_BREAK = re.compile(f".*[{_CLAUSE_BREAK}]", re.DOTALL)
_NOT_IN_NAME = re.compile(r"[。，,；;：:！？!?0-9]")
#: where an item's names start: after spaces, an opening quote, a number ("3.", "（3）")
#: and a quote after the number when none came before it; all optional, so it always
#: matches, and ``item`` is where the item starts
_OPENING = re.compile(f"[ \\t]*(?P<item>(?P<quote>[{_OPEN_QUOTES}])?(?:{g.ITEM_START.pattern}"
                      f"(?(quote)|(?P<late_quote>[{_OPEN_QUOTES}]))?)?)")
#: a name between level marks as the mark by mark reading of :func:`_names` takes it, in
#: the usual case: no bracket (so no mark) inside, nothing to strip, nothing that ends a name.
#: Possessive (+): a mark opens with a bracket, which the name never holds, so a shorter
#: name could never be followed by one; the engine need not try them when a match fails.
_MARKED_NAME = r"[^。，,；;：:！？!?0-9 （(]{1,40}+"
#: the usual item: all three levels marked, read in one match
_THREE_NAMES = re.compile(f"(?P<lei>{_MARKED_NAME})[（(]类[）)](?P<kuan>{_MARKED_NAME})[（(]款[）)]"
                          f"(?P<xiang>{_MARKED_NAME})[（(]项[）)]")
#: where a 类 of a structure list may open: a line's start or after a clause break
_CATEGORY_BREAK = re.compile(r"[：:；;，,。]")
#: a 类 named without （类） before its amount: "“教育支出”80.00 万元", "2.教育支出 80.00 万元"
_NAMED_CATEGORY = re.compile(r"\s*(?:[（(]?\d{1,2}(?:\s*[.、](?!\d)|[)）])\s*)?[“\"‘「]?(?P<name>[^：:；;，,。（）()\s\d“”\"‘’「」]{2,20})"
                             r"[”\"’」]?\s*(?=\d[\d,.]*\s*(?:万元|亿元|元))")


def find_lines(flow: Flow, spans: list[tuple[str, int, int]]) -> list[BudgetLine]:
    """Budget lines in the given (section key, start, end) spans, in document order."""
    text = flow.text
    lines: list[BudgetLine] = []
    for key, start, end in spans:
        kind = LINE_SECTIONS[key]
        section = key.split(".")[0]
        found = _items(flow, key, start, end)
        if not found and key.endswith(".structure"):
            lines.extend(_inline_categories(flow, start, end, key, kind))
            continue
        for index, (item_start, name_start, number, names) in enumerate(found):
            stop = found[index + 1][0] if index + 1 < len(found) else end
            role = "line" if names[1] or names[2] else "category"
            lines.append(_line("".join(filter(None, names)), section, key, item_start, stop,
                               number or index + 1, names, kind, role, name_start, number is not None))
    return lines


def _line(label: str, section: str, subsection: str, start: int, end: int, number: int,
          names: tuple, budget_kind: str, role: str, name_start: int, numbered: bool) -> BudgetLine:
    """A :class:`BudgetLine` made with its leading fields in order and the others set after:
    a class called with keywords has them passed through a dict, which takes as long again
    as making the line, for each of a report's hundred lines or more."""
    line = BudgetLine(label, section, subsection, start, end)
    line.number, line.names, line.budget_kind = number, names, budget_kind
    line.role, line.name_start, line.numbered = role, name_start, numbered
    return line


def _items(flow: Flow, key: str, start: int, end: int) -> list[tuple[int, int, int | None, tuple]]:
    """(start, where the names start, printed number or None, names) of each item.

    An item opens an input line or follows the end of the sentence before it. An item
    without a number names a known 类 and at least its 款, and is quoted, follows another
    item, or stands in a detail list: a sentence that names a 类 in passing opens no
    item, nor does one that names again an item of the list.
    """
    text = flow.text
    found: list[tuple[int, int, int | None, tuple]] = []
    for position in _candidates(flow, start, end):
        item = _item_at(text, position, end)
        if item is None:
            continue
        item_start, name_start, number, names, quoted = item
        if number is None and not _unnumbered_item(names, quoted, found, key):
            continue
        if found and item_start <= found[-1][0]:
            continue
        found.append((item_start, name_start, number, names))
    return _with_figures(text, found, end)


def _candidates(flow: Flow, start: int, end: int) -> list[int]:
    """The openings in [start, end) whose names can reach a 类, in order.

    Names of either form hold their 类 before any clause break and within reach of the
    opening: so openings are sought back from each 类, in the stretch after the 类 and
    the clause break before it, rather than every opening tried forward (most are none).
    """
    text = flow.text
    candidates: list[int] = []
    previous = start - 1
    for lei in _positions(text, "类", start, end):
        low = max(previous + 1, lei - _LEI_REACH + 1)
        previous = lei
        candidates.extend(_openings_before(flow, low, lei, start))
    return candidates


def _openings_before(flow: Flow, low: int, lei: int, start: int) -> list[int]:
    """The openings in [low, lei] with no clause break between them and the 类 at ``lei``:
    input line starts, and the place right after the last sentence (or item) end."""
    text = flow.text
    after_break = None
    # a break just before ``low`` (not before the span) may end the sentence an item follows
    if match := _UP_TO_LAST_BREAK.match(text, low - 1 if low > start else start, lei):
        low = match.end()
        if text[low - 1] in _ITEM_BREAKS:
            after_break = low
    starts = flow.starts
    openings = starts[bisect_left(starts, low):bisect_right(starts, lei)]
    if after_break is not None and (not openings or openings[0] != after_break):
        openings.insert(0, after_break)
    return openings


def _positions(text: str, char: str, start: int, end: int) -> list[int]:
    found = []
    index = text.find(char, start, end)
    while index >= 0:
        found.append(index)
        index = text.find(char, index + 1, end)
    return found


def _with_figures(text: str, found: list, end: int) -> list:
    """The items, less those without a number that state no money figure before the next
    item or that a numbered item names: a quoted name that opens a sentence of a reason
    ("“…（项）”科目调整后…") is no item of the list."""
    numbered = {item[3] for item in found if item[2] is not None}
    kept = []
    for index, item in enumerate(found):
        stop = found[index + 1][0] if index + 1 < len(found) else end
        if item[2] is None and (item[3] in numbered or not any(
                m.group("unit") in _MONEY for m in g.FIGURE.finditer(text, item[1], stop))):
            continue
        kept.append(item)
    return kept


def _unnumbered_item(names: tuple, quoted: bool, found: list, key: str) -> bool:
    """Whether names without a number open an item: a known 类 (a line wrapped inside a
    name leaves no 类 at the start of the next line) with its 款, not named by an item
    before, quoted or in a list."""
    if names[1] is None or any(item[3] == names for item in found):
        return False
    if classification().lei_by_name(names[0]) is None:
        return False
    return quoted or bool(found) or key.endswith(".detail")


def _item_at(text: str, position: int, end: int):
    """(start, names start, number, names, quoted) of an item opening at ``position``."""
    opening = _OPENING.match(text, position, end)
    item_start, position = opening.start("item"), opening.end()
    printed, quote, late_quote = opening.group("n", "quote", "late_quote")
    number = int(printed) if printed else None
    quoted = quote is not None or late_quote is not None
    limit = min(end, position + _NAME_REACH)
    parsed = _names(text, position, limit) or _bare_names(text, position, limit)
    if parsed is None:
        return None
    names, names_end = parsed
    after = names_end + (text[names_end:names_end + 1] in _CLOSE_QUOTES)
    if number is None and text[after:after + 1] in _MORE_NAMES:
        return None     # "“X（项）”和“Y（项）”…", "X（项）等科目…": names in a sentence, no item
    return item_start, position, number, names, quoted


def _inline_categories(flow: Flow, start: int, end: int, key: str, kind: str) -> list[BudgetLine]:
    """The structure list written as one sentence, as the Shanghai template writes it:
    "主要用于以下方面：教育支出（类）80.00 万元，占 80.00%；科学技术支出（类）20.00 万元，…";
    or with its 类 named without （类）, quoted or not, where each is a 类 of the
    classification."""
    text = flow.text
    found = [(m.start("name"), m.start("name"), m.group("name"), None)
             for m in g.INLINE_CATEGORY.finditer(text, start, end)]
    if not found:
        found = _named_categories(flow, start, end)
    lines = []
    for index, (item_start, name_start, name, number) in enumerate(found):
        stop = found[index + 1][0] if index + 1 < len(found) else end
        lines.append(_line(name, key.split(".")[0], key, item_start, stop, number or index + 1,
                           (name, None, None), kind, "category", name_start, number is not None))
    return lines


def _named_categories(flow: Flow, start: int, end: int) -> list[tuple[int, int, str, int | None]]:
    """(start, name start, name, printed number or None) of each 类 named without （类）."""
    text = flow.text
    openings = set(flow.starts[bisect_left(flow.starts, start):bisect_left(flow.starts, end)])
    openings.update(m.end() for m in _CATEGORY_BREAK.finditer(text, start, end))
    found = []
    for position in sorted(p for p in openings if p < end):
        match = _NAMED_CATEGORY.match(text, position, end)
        if match is None or classification().lei_by_name(match.group("name")) is None:
            continue
        item_start = match.start("name") - len(text[position:match.start("name")].lstrip())
        item = g.ITEM_START.match(text, item_start, match.start("name"))
        found.append((item_start, match.start("name"), match.group("name"),
                      int(item.group("n")) if item else None))
    return found


def _names(text: str, start: int, limit: int) -> tuple[tuple[str | None, str | None, str | None], int] | None:
    """("一般公共服务支出", "人大事务", "行政运行") from the marked names after an item number,
    and where they end."""
    if three := _THREE_NAMES.match(text, start, limit):
        return three.group("lei", "kuan", "xiang"), three.end()
    names: dict[str, str] = {}
    position = start
    # One search per mark: cheaper than finditer for the two or three marks of a line.
    while mark := g.LEVEL_MARK.search(text, position, limit):
        name = text[position:mark.start()].strip(" :：;；,，")
        level = mark.group("level")
        # a name is no sentence: a clause break inside means the mark belongs to a later name
        if not name or level in names or len(name) > 40 or _NOT_IN_NAME.search(name):
            break
        names[level] = name
        position = mark.end()
        if level == "项":
            break
    if "类" not in names:
        return None
    return (names.get("类"), names.get("款"), names.get("项")), position


def _bare_names(text: str, start: int, limit: int) -> tuple[tuple[str | None, str | None, str | None], int] | None:
    """("教育支出", "普通教育", "小学教育") from "教育支出类普通教育款小学教育项": the levels
    written without brackets (a dash between them or none), split where the classification knows the names (a name
    may hold 类, 款 or 项 itself); a 款 at least. With where they end."""
    stop = _BARE_END.search(text, start, limit)
    words = text[start:stop.start() if stop else limit]
    if len(words) < 6 or words[-1] not in "款项":
        return None
    known = classification()
    for lei_end in (i for i, char in enumerate(words) if char == "类"):
        lei = words[:lei_end]
        if not lei or known.lei_by_name(lei) is None:
            continue
        for kuan_end in (i for i in range(lei_end + 2, len(words)) if words[i] == "款"):
            kuan = words[lei_end + 1:kuan_end].lstrip(_BETWEEN_LEVELS)
            rest = words[kuan_end + 1:].lstrip(_BETWEEN_LEVELS)
            if not rest and kuan and known.resolve(lei, kuan).ok:
                return (lei, kuan, None), start + len(words)
            if rest.endswith("项") and len(rest) > 1 and known.resolve(lei, kuan, rest[:-1]).ok:
                return (lei, kuan, rest[:-1]), start + len(words)
    return None
