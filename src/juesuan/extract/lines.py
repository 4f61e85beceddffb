"""Numbered 类/款/项 lines: "3.教育支出（类）普通教育（款）小学教育（项）:支出决算数为…"."""
from __future__ import annotations

from bisect import bisect_left

from juesuan.extract import grammar as g
from juesuan.model.report import BudgetLine
from juesuan.model.flow import Flow

#: sections whose numbered items are budget lines, and the budget they belong to
LINE_SECTIONS = {"general.structure": "general", "general.detail": "general",
                 "general": "general", "fund": "fund", "capital": "capital"}
_NAME_REACH = 120


def find_lines(flow: Flow, spans: list[tuple[str, int, int]]) -> list[BudgetLine]:
    """Budget lines in the given (section key, start, end) spans, in document order."""
    text = flow.text
    lines: list[BudgetLine] = []
    for key, start, end in spans:
        kind = LINE_SECTIONS[key]
        section = key.split(".")[0]
        found = []
        # An item opens an input line (the paragraph of a budget line starts with it).
        first = bisect_left(flow.starts, start)
        last = bisect_left(flow.starts, end)
        for line_start in flow.starts[first:last]:
            match = g.ITEM_START.match(text, line_start, end)
            if match is None:
                continue
            names = _names(text, match.end(), min(end, match.end() + _NAME_REACH))
            if names is not None:
                found.append((match, names))
        if not found and key.endswith(".structure"):
            lines.extend(_inline_categories(text, start, end, key, kind))
            continue
        for index, (match, names) in enumerate(found):
            stop = found[index + 1][0].start() if index + 1 < len(found) else end
            role = "line" if names[1] or names[2] else "category"
            lines.append(BudgetLine(
                label="".join(filter(None, names)), section=section, subsection=key,
                start=match.start(), end=stop, number=int(match.group("n")), names=names,
                budget_kind=kind, role=role, name_start=match.end()))
    return lines


def _inline_categories(text: str, start: int, end: int, key: str, kind: str) -> list[BudgetLine]:
    """The structure list written as one sentence, as the Shanghai template writes it:
    "主要用于以下方面：教育支出（类）80.00 万元，占 80.00%；科学技术支出（类）20.00 万元，…"."""
    found = list(g.INLINE_CATEGORY.finditer(text, start, end))
    lines = []
    for index, match in enumerate(found):
        stop = found[index + 1].start("name") if index + 1 < len(found) else end
        name = match.group("name")
        lines.append(BudgetLine(
            label=name, section=key.split(".")[0], subsection=key, start=match.start("name"), end=stop,
            number=index + 1, names=(name, None, None), budget_kind=kind, role="category",
            name_start=match.start("name")))
    return lines


def _names(text: str, start: int, limit: int) -> tuple[str | None, str | None, str | None] | None:
    """("一般公共服务支出", "人大事务", "行政运行") from the marked names after an item number."""
    names: dict[str, str] = {}
    position = start
    # One search per mark: cheaper than finditer for the two or three marks of a line.
    while mark := g.LEVEL_MARK.search(text, position, limit):
        name = text[position:mark.start()].strip(" :：;；,，")
        level = mark.group("level")
        if not name or level in names or len(name) > 40:
            break
        names[level] = name
        position = mark.end()
        if level == "项":
            break
    if "类" not in names:
        return None
    return names.get("类"), names.get("款"), names.get("项")
