"""extract(): the whole way from a flow of text to a :class:`~juesuan.model.Report`."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from operator import attrgetter

from juesuan.extract import grammar as g
from juesuan.extract import scan
from juesuan.extract.concepts import concept_of
from juesuan.extract.lines import LINE_SECTIONS, find_lines
from juesuan.extract.mentions import Mention, find_mentions
from juesuan.extract.sections import LINE_OPENINGS, find_sections, sections_at
from juesuan.extract.statements import SIGN_OF, Assembler
from juesuan.model.report import ATTRIBUTES, BudgetLine, Enumerated, Report
from juesuan.model.flow import Flow

_YEAR = re.compile(r"(20\d\d)\s*年度")
_TITLED_YEAR = re.compile(r"(20\d\d)\s*年度?\s*(?:部门|单位)?决算")
_SKIPPED_PARTS = ("glossary", "tables")


def extract(flow: Flow, source: str = "<text>", table_lines: frozenset[int] = frozenset()) -> Report:
    """Read every figure of ``flow`` into statements and budget lines.

    ``table_lines`` are input lines that belong to tables (their row labels are no headings,
    their figures no statements).
    """
    text = flow.text
    sections, enumerations = find_sections(flow, table_lines)
    report = Report(source=source, sections=sections, enumerations=enumerations)
    report.year = report_year(text)
    mentions = find_mentions(text, sorted(s.title_end for s in sections))
    if table_lines:     # a table's figures are its cells, not statements of the explanation
        mentions = _off_table_lines(mentions, flow, table_lines)
    report.lines = find_lines(flow, _line_spans(sections))
    report.reasons = _reasons(flow, report.lines, sections)
    given_yuan = _assign(report, mentions, flow)
    _attach_reasons(report, text)
    for statement in given_yuan:     # (one given two such figures is looked at twice, alike)
        _mark_unit_slips(statement)
    for line in report.lines:
        if line.numbered:       # an unnumbered item's place in its list is no numbering
            enumerations.append(_enumerated(line))
    lines_at = {line.start for line in report.lines}     # numbered with their list
    enumerations.extend(item for item in _part_one_items(flow, sections) if item.start not in lines_at)
    return report


def _off_table_lines(mentions: list[Mention], flow: Flow, table_lines: frozenset[int]) -> list[Mention]:
    """The mentions whose figure stands on none of ``table_lines`` (input line numbers).

    Figures and the flow's lines both come in order, so the lines are walked along with
    the figures rather than each figure's line looked up (as ``flow.line_of`` would).
    """
    starts, lines = flow.starts, flow.lines
    if not lines:
        return [] if 1 in table_lines else mentions
    kept = []
    segment, last = 0, len(starts) - 1
    for mention in mentions:
        start = mention.number.start
        while segment < last and starts[segment + 1] <= start:
            segment += 1
        if lines[segment] not in table_lines:
            kept.append(mention)
    return kept


def report_year(text: str) -> int | None:
    # The title names the year; counting is for reports without one, since a report
    # that compares every line with last year names last year more often than its own.
    titled = _TITLED_YEAR.search(text, 0, 2000)
    if titled:
        return int(titled.group(1))
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


def _reasons(flow: Flow, lines: list[BudgetLine], sections) -> list[tuple[int, int]]:
    """Spans of reason texts: from "主要原因是" (or a purpose, "主要用于") to the end of its
    sentence, paragraph, budget line or section, whichever comes first; a purpose ends
    before the clause of the next figure too. A reason inside another is part of it."""
    text = flow.text
    stops = sorted({line.start for line in lines} | {s.start for s in sections} | {len(text)})
    spans: list[tuple[int, int]] = []
    following, count = 0, len(stops)    # the first stop after the reason, walked on to
    # one pass finds both, from the strings their matches open with (read from the pattern)
    for opening in scan.finditer(g.EXPLANATION, text):
        start, after = opening.span()
        if spans and start < spans[-1][1]:
            continue
        end_match = g.REASON_END.search(text, after)
        end = end_match.start() if end_match else len(text)
        if opening.lastgroup == "purpose":
            end = min(end, _before_next_figure(text, after, end))
        while following < count and stops[following] <= start:
            following += 1
        boundary = stops[following] if following < count else len(text)
        spans.append((start, flow.paragraph_end_after(start, min(end, boundary))))
    return spans


def _before_next_figure(text: str, start: int, end: int) -> int:
    """Where the clause that holds the next figure before ``end`` begins (``end`` if none)."""
    figure = g.FIGURE.search(text, start, end)
    if figure is None:
        return end
    breaks = [m.end() for m in g.CLAUSE_BREAK.finditer(text, start, figure.start())]
    return breaks[-1] - 1 if breaks else figure.start()


def _assign(report: Report, mentions: list[Mention], flow: Flow) -> list:
    """Each figure to its budget line or statement; returns the lines and statements a
    figure in 元 was given to (or offered: they are the only ones that may hold one, so
    the only ones a unit slip is sought in)."""
    text = flow.text
    points = sorted({0} | {s.start for s in report.sections} | {s.end for s in report.sections})
    regions = _regions(report.sections, points)
    reasons = report.reasons
    reason_starts = [start for start, _ in reasons]
    lines = report.lines
    line_starts = [line.start for line in lines]
    assembler = Assembler(text)
    last_region = None
    # Figures come in order: the reason, budget line and stretch of sections each may fall
    # in are found by walking on from those of the figure before, not searched for anew
    # (the last of each that starts at or before the figure; -1 when none does).
    reason = line = point = -1
    reason_last, line_last, point_last = len(reasons) - 1, len(lines) - 1, len(points) - 1
    given_yuan = []
    for mention in mentions:
        start = mention.number.start
        while reason < reason_last and reason_starts[reason + 1] <= start:
            reason += 1
        while line < line_last and line_starts[line + 1] <= start:
            line += 1
        while point < point_last and points[point + 1] <= start:
            point += 1
        if reason >= 0 and start < reasons[reason][1]:
            top, sub = regions[point][1]
            if not _opens_paragraph(flow, mention, top, sub):
                continue
            reasons[reason] = (reasons[reason][0], mention.cue_start)
        if line >= 0 and start < lines[line].end:
            _attach_to_line(lines[line], mention)
            if mention.number.unit == "元":
                given_yuan.append(lines[line])
            continue
        region, (top, sub), skipped = regions[point]
        if region != last_region:
            assembler.reset()
            last_region = region
        if top is None or top.key is None or skipped:
            continue
        assembler.feed(mention, top.key, sub.key if sub else None)
        # a statement is given a figure only while it is the assembler's current one
        if mention.number.unit == "元" and assembler.current is not None:
            given_yuan.append(assembler.current)
    report.statements = assembler.statements
    return given_yuan


def _regions(sections, points: list[int]) -> list[tuple[tuple, tuple, bool]]:
    """For each stretch from a point on: (its region, its (section, subsection), whether
    it lies in a part whose figures make no statements)."""
    # The parts to skip are found once, not among all sections again for every point.
    skipped_parts = [(s.start, s.end) for s in sections if s.level == 0 and s.key in _SKIPPED_PARTS]
    regions = []
    for point, (top, sub) in zip(points, sections_at(sections, points)):
        region = (top.start if top else None, sub.start if sub else None)
        skipped = any(start <= point < end for start, end in skipped_parts)
        regions.append((region, (top, sub), skipped))
    return regions


def _opens_paragraph(flow: Flow, mention: Mention, top, sub) -> bool:
    """Whether a figure inside a reason in fact opens the next paragraph.

    Text from a PDF does not mark paragraphs, and a reason that lacks its full stop runs
    on into the next one ("…分了 1 辆车" / "公务接待费 87.57 万元，…"). A figure that a
    template quantity names from the start of an input line begins a new statement.
    """
    if mention.role not in ("amount", "count") or top is None:
        return False
    start = mention.number.start
    index = bisect_right(flow.starts, start) - 1
    line_start = flow.starts[index] if index >= 0 else 0
    if not mention.cue_start < line_start < start:
        return False
    label = g.clean_label(flow.text[line_start:start])
    kind = "money" if mention.number.is_money else mention.number.unit
    if concept_of(top.key, sub.key if sub else None, label, kind) is None:
        return False
    mention.cue_start, mention.cue, mention.label = line_start, flow.text[line_start:start], label
    return True


def _attach_reasons(report: Report, text: str) -> None:
    """Each reason goes to the line it is in, or else to the statement just before it."""
    lines = report.lines
    statement_starts = [statement.start for statement in report.statements]
    line, last = -1, len(lines) - 1     # the last line that starts at or before the reason
    for start, end in report.reasons:
        opening = g.EXPLANATION.match(text, start)
        reason = text[opening.end() if opening else start:end].strip(" ：:，,")
        while line < last and lines[line + 1].start <= start:     # reasons come in order
            line += 1
        if line >= 0 and start < lines[line].end:
            target = lines[line]
        else:
            index = bisect_right(statement_starts, start) - 1
            if index < 0:
                continue
            target = report.statements[index]
        if target.reason is None and reason:
            target.reason = reason


def _attach_to_line(line: BudgetLine, mention: Mention) -> None:
    role = mention.role
    number = mention.number
    if role in ("amount", "final"):
        if line.amount is None:
            line.amount = number
        elif line.budget is not None and line.final is None:
            line.final = number
    elif role in SIGN_OF:
        if getattr(line, role) is None:
            setattr(line, role, number)
            setattr(line, SIGN_OF[role], mention.sign)
    elif role in ("share", "budget", "variance", "completion") and getattr(line, role) is None:
        setattr(line, role, number)
    if number.end > line.end:
        line.end = number.end


def _enumerated(line: BudgetLine) -> Enumerated:
    group = f"lines:{line.subsection}"
    return Enumerated(line.number, line.start, group, line.label)


def _part_one_items(flow: Flow, sections) -> list[Enumerated]:
    """"（1）…（11）" items that open a line, per section, for numbering checks."""
    text = flow.text
    found = []
    for index in flow.lines_opening_with(LINE_OPENINGS):     # as the headings were sought
        start = flow.starts[index]
        if text[start] in g.ENUMERATION_FIRST and (match := g.ENUMERATION.match(text, start)):
            found.append((start, int(match.group("n"))))
    items = []
    for (start, number), (top, _) in zip(found, sections_at(sections, [start for start, _ in found])):
        group = f"items:{top.start if top else -1}"
        items.append(Enumerated(number, start, group, text[start:start + 30]))
    return items


_FIGURES = attrgetter(*ATTRIBUTES)


def _mark_unit_slips(statement) -> None:
    # "544.54 元" beside figures in 万元 is a slip; "100,000 元" there is a choice of unit,
    # since nobody writes less than one 万元 in 元 next to 万元 figures.
    numbers = [number for number in _FIGURES(statement) if number]
    units = {number.unit for number in numbers}
    if "元" not in units:
        return
    if ("万元" in units or "亿元" in units) and \
            any(n.unit == "元" and abs(n.value) < 10000 for n in numbers):
        statement.unit_slips = ("元",)
