"""What a report's page shows, built from a finished job: plain data for the template
(every string is escaped by the template, none is marked safe)."""
from __future__ import annotations

import io
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field

SEVERITY_ZH = {"error": "错误", "warning": "提示"}

#: rule families, by the letter of the rule id
FAMILY_ZH = {"B": "预算对比", "C": "分项之和", "D": "增减方向", "G": "增长率", "K": "科目分类",
             "L": "分项之和", "M": "完整性", "N": "序号", "P": "占比", "R": "前后一致", "S": "合计",
             "T": "表格", "U": "单位", "Y": "跨年度"}

#: one PDF page drawn at a time: pdfium is not thread-safe
_PDFIUM = threading.Lock()


@dataclass
class Segment:
    text: str
    findings: tuple[int, ...] = ()


@dataclass
class Line:
    number: int
    segments: list[Segment]
    findings: tuple[int, ...] = ()


@dataclass
class Page:
    number: int
    #: (finding, left, top, right, bottom, whether it is the stated figure)
    boxes: list[tuple[int, float, float, float, float, bool]] = field(default_factory=list)
    findings: tuple[int, ...] = ()


@dataclass
class ReportView:
    findings: list[dict]
    summary: list[tuple[str, int, int]]
    families: list[tuple[str, str]]
    sections: list[str]
    errors: int
    warnings: int
    pages: list[Page]
    lines: list[Line]
    messages: list[dict]


def report_view(job) -> ReportView:
    result, view = job.result, job.view or {"lines": [], "marks": [], "pages": 0}
    marks = view.get("marks", [])
    # the page a finding's figure is printed on (its lines may run on over a page break)
    shown_on = {m["finding"]: m["page"] for m in marks if m.get("page")}
    findings = [_listed(i, f, shown_on.get(i)) for i, f in enumerate(result["findings"])]
    errors = sum(1 for f in findings if f["severity"] == "error")
    return ReportView(findings, _summary(findings), _families(findings),
                      [section for section, _, _ in _summary(findings)], errors, len(findings) - errors,
                      _pages(view.get("pages", 0), marks), _lines(view.get("lines", []), marks),
                      result.get("messages", []))


def _listed(index: int, finding: dict, shown_on: int | None = None) -> dict:
    section = finding.get("section") or "（未分节）"
    return {**finding, "index": index, "family": finding["rule"][:1],
            "shown_on": shown_on or finding.get("page"),
            "family_zh": FAMILY_ZH.get(finding["rule"][:1], ""),
            "top": section.split(" / ")[0], "severity_zh": SEVERITY_ZH.get(finding["severity"], finding["severity"])}


def _summary(findings: list[dict]) -> list[tuple[str, int, int]]:
    errors, warnings = Counter(), Counter()
    order: list[str] = []
    for f in findings:
        if f["top"] not in order:
            order.append(f["top"])
        (errors if f["severity"] == "error" else warnings)[f["top"]] += 1
    return [(section, errors[section], warnings[section]) for section in order]


def _families(findings: list[dict]) -> list[tuple[str, str]]:
    letters = sorted({f["family"] for f in findings})
    return [(letter, f"{letter} {FAMILY_ZH.get(letter, '')}".strip()) for letter in letters]


def _pages(count: int, marks: list[dict]) -> list[Page]:
    pages = [Page(n) for n in range(1, count + 1)]
    on_page: dict[int, set[int]] = defaultdict(set)
    for mark in marks:
        for index, box in enumerate(mark.get("boxes", ())):
            if 1 <= box[0] <= count:
                # the stated figure's boxes come first: drawn stronger than the others quoted
                pages[box[0] - 1].boxes.append((mark["finding"], *box[1:], index < mark.get("primary", 0)))
        if mark.get("page") and 1 <= mark["page"] <= count:
            on_page[mark["page"]].add(mark["finding"])
    for page in pages:
        page.findings = tuple(sorted(on_page[page.number]))
    return pages


def _lines(lines: list[str], marks: list[dict]) -> list[Line]:
    spans: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    whole: dict[int, set[int]] = defaultdict(set)
    for mark in marks:
        for line, start, end in mark.get("spans", ()):
            spans[line].append((start, end, mark["finding"]))
        if mark.get("line"):
            for line in range(mark["line"], (mark.get("end_line") or mark["line"]) + 1):
                whole[line].add(mark["finding"])
    return [Line(n, _segments(text, spans.get(n, [])), tuple(sorted(whole.get(n, ()))))
            for n, text in enumerate(lines, start=1)]


def _segments(text: str, spans: list[tuple[int, int, int]]) -> list[Segment]:
    """The line cut where marked spans start and end; each piece with the findings
    whose spans cover it."""
    if not spans:
        return [Segment(text)]
    cuts = sorted({0, len(text)} | {max(0, min(len(text), p)) for s, e, _ in spans for p in (s, e)})
    segments = []
    for start, end in zip(cuts, cuts[1:]):
        if start == end:
            continue
        covering = tuple(sorted({f for s, e, f in spans if s <= start and end <= e}))
        segments.append(Segment(text[start:end], covering))
    return segments


def page_png(pdf: str, page: int, width: int) -> bytes:
    from juesuan.web.work import page_image
    with _PDFIUM:
        return page_image(pdf, page, width)


def review_sheet_bytes(results: list[dict]) -> bytes:
    """The 审核意见表 of results in the JSON output's form, as the bytes of an .xlsx."""
    from juesuan.report.review_sheet import write_review_dicts
    target = io.BytesIO()
    write_review_dicts(results, target)
    return target.getvalue()
