"""extract(): the whole way from a flow of text to a :class:`~juesuan.model.Report`."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from juesuan.extract import grammar as g
from juesuan.extract.lines import LINE_SECTIONS, find_lines
from juesuan.extract.mentions import Mention, find_mentions
from juesuan.extract.sections import find_sections, section_at
from juesuan.extract.statements import Assembler
from juesuan.model.report import BudgetLine, Enumerated, Report
from juesuan.readers.flow import Flow

_YEAR = re.compile(r"(20\d\d)\s*年度")
_SKIPPED_PARTS = ("glossary", "tables")


def extract(flow: Flow, source: str = "<text>") -> Report:
    """Read every figure of ``flow`` into statements and budget lines."""
    text = flow.text
    sections, enumerations = find_sections(flow)
    report = Report(source=source, sections=sections, enumerations=enumerations)
    report.year = _report_year(text)
    mentions = find_mentions(text, sorted(s.title_end for s in sections))
    report.lines = find_lines(flow, _line_spans(sections))
    report.reasons = _reasons(text, report.lines, sections)
    _assign(report, mentions, text)
    for statement in [*report.statements, *report.lines]:
        _mark_unit_slips(statement)
    for line in report.lines:
        enumerations.append(_enumerated(line))
    enumerations.extend(_part_one_items(flow, sections))
    return report


def _report_year(text: str) -> int | None:
    years = Counter(_YEAR.findall(text))
    return int(years.most_common(1)[0][0]) if years else None


def _line_spans(sections) -> list[tuple[str, int, int]]:
    spans = []
    keys = {s.key for s in sections}
    for section in sections:
        if section.key not in LINE_SECTIONS:
            continue
        # The general section is read through its subsections when it has them.
        if section.key == "general" and keys & {"general.structure", "general.detail"}:
            continue
        spans.append((section.key, section.title_end, section.end))
    return spans


def _reasons(text: str, lines: list[BudgetLine], sections) -> list[tuple[int, int]]:
    """Spans of reason texts: from "主要原因是" to the end of its sentence, line or section."""
    stops = sorted({line.start for line in lines} | {s.start for s in sections} | {len(text)})
    spans = []
    for match in g.REASON.finditer(text):
        start = match.start()
        end_match = g.REASON_END.search(text, match.end())
        end = end_match.start() if end_match else len(text)
        boundary = stops[bisect_right(stops, start)] if bisect_right(stops, start) < len(stops) else len(text)
        spans.append((start, min(end, boundary)))
    return spans


def _assign(report: Report, mentions: list[Mention], text: str) -> None:
    points = sorted({0} | {s.start for s in report.sections} | {s.end for s in report.sections})
    where = [section_at(report.sections, point) for point in points]
    skipped = [_in_skipped_part(report, point) for point in points]
    reasons = report.reasons
    reason_starts = [start for start, _ in reasons]
    lines = report.lines
    line_starts = [line.start for line in lines]
    assembler = Assembler(text)
    last_region = None
    for mention in mentions:
        start = mention.number.start
        index = bisect_right(reason_starts, start) - 1
        if index >= 0 and start < reasons[index][1]:
            continue
        region_index = bisect_right(points, start) - 1
        top, sub = where[region_index]
        index = bisect_right(line_starts, start) - 1
        if index >= 0 and start < lines[index].end:
            _attach_to_line(lines[index], mention)
            continue
        region = (top.start if top else None, sub.start if sub else None)
        if region != last_region:
            assembler.reset()
            last_region = region
        if top is None or top.key is None or skipped[region_index]:
            continue
        assembler.feed(mention, top.key, sub.key if sub else None)
    report.statements = assembler.statements


def _in_skipped_part(report: Report, offset: int) -> bool:
    return any(s.level == 0 and s.key in _SKIPPED_PARTS and s.start <= offset < s.end
               for s in report.sections)


def _attach_to_line(line: BudgetLine, mention: Mention) -> None:
    role = mention.role
    number = mention.number
    if role in ("amount", "final"):
        if line.amount is None:
            line.amount = number
        elif line.budget is not None and line.final is None:
            line.final = number
    elif role in ("change", "growth"):
        if getattr(line, role) is None:
            setattr(line, role, number)
            setattr(line, f"{role}_sign", mention.sign)
    elif role in ("share", "budget", "variance", "completion") and getattr(line, role) is None:
        setattr(line, role, number)
    line.end = max(line.end, number.end)


def _enumerated(line: BudgetLine) -> Enumerated:
    group = f"lines:{line.subsection}"
    return Enumerated(line.number, line.start, group, line.label)


def _part_one_items(flow: Flow, sections) -> list[Enumerated]:
    """"（1）…（11）" items that open a line, per section, for numbering checks."""
    items = []
    text = flow.text
    for start in flow.starts:
        match = g.ENUMERATION.match(text, start)
        if match:
            top, _ = section_at(sections, start)
            group = f"items:{top.start if top else -1}"
            items.append(Enumerated(int(match.group("n")), start, group, text[start:start + 30]))
    return items


def _mark_unit_slips(statement) -> None:
    # "544.54 元" beside figures in 万元 is a slip; "100,000 元" there is a choice of unit,
    # since nobody writes less than one 万元 in 元 next to 万元 figures.
    money = [number for _, number in statement.figures() if number.is_money]
    if any(n.unit in ("万元", "亿元") for n in money) and \
            any(n.unit == "元" and abs(n.value) < 10000 for n in money):
        statement.unit_slips = ("元",)
