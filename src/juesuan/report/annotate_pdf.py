"""The checked PDF with each finding as an annotation PDF viewers show.

A finding whose figures were found on the page (:func:`juesuan.report.marks.marks_for`)
becomes a highlight over them, red for an error and yellow for a warning, its note the
rule, the message and 所列 → 应为. A finding that could not be boxed (its figure not
found for certain, or a finding about the whole report) becomes a note icon in the left
margin at the top of its page (of the first page when it has none), so that none is lost.
The original file is not changed: the annotated copy is written to ``target``.
"""
from __future__ import annotations

import ctypes
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from juesuan.report.marks import Box, marks_for, pdf_rect

if TYPE_CHECKING:  # pragma: no cover
    from juesuan.api import CheckResult
    from juesuan.report.finding import Finding

#: (red, green, blue, alpha) by severity
COLOURS = {"error": (255, 64, 64, 110), "warning": (255, 200, 0, 110)}
AUTHOR = "juesuan"
#: a note icon's size and the step between notes stacked at the top of one page (points)
_NOTE = 18.0


def annotate_pdf(pdf: str | Path, result: "CheckResult", target: str | Path | BinaryIO) -> int:
    """Write ``pdf`` with ``result``'s findings as annotations to ``target``; the number
    of annotations written (one per finding)."""
    import pypdfium2 as pdfium

    marks = marks_for(result, pdf)
    document = pdfium.PdfDocument(str(pdf))
    try:
        notes_on: dict[int, int] = {}
        written = 0
        for mark in marks:
            finding = result.findings[mark.finding]
            if mark.boxes:
                written += _highlight(document, finding, mark.boxes)
                continue
            number = mark.page if mark.page is not None and 0 < mark.page <= len(document) else 1
            written += _note(document, finding, number, notes_on.get(number, 0))
            notes_on[number] = notes_on.get(number, 0) + 1
        document.save(target if not isinstance(target, Path) else str(target))
    finally:
        document.close()
    return written


def contents(finding: "Finding") -> str:
    """The note of a finding's annotation."""
    text = f"{finding.rule} {finding.name}：{finding.message}"
    if finding.expected is not None:
        text += f"\n所列 {finding.stated} → 应为 {finding.expected}"
    return text


def _highlight(document, finding: "Finding", boxes: tuple[Box, ...]) -> int:
    """One highlight over the boxes on the first page they are on."""
    import pypdfium2.raw as raw

    number = boxes[0].page
    page = document[number - 1]
    try:
        frame, rotation = page.get_cropbox(), page.get_rotation()
        rects = [pdf_rect(box, frame, rotation) for box in boxes if box.page == number]
        with _annotation(page, raw.FPDF_ANNOT_HIGHLIGHT) as annot:
            if annot is None:
                return 0
            for left, bottom, right, top in rects:
                quad = raw.FS_QUADPOINTSF(left, top, right, top, left, bottom, right, bottom)
                raw.FPDFAnnot_AppendAttachmentPoints(annot, quad)
            _rect(annot, (min(r[0] for r in rects), min(r[1] for r in rects),
                          max(r[2] for r in rects), max(r[3] for r in rects)))
            _describe(annot, finding)
    finally:
        page.close()
    return 1


def _note(document, finding: "Finding", number: int, stacked: int) -> int:
    """A note icon in the page's left margin, below the notes already there."""
    import pypdfium2.raw as raw

    page = document[number - 1]
    try:
        left, bottom, right, top = page.get_cropbox()
        rotation = page.get_rotation() % 360
        # the margin at the top left of the page as shown, in the unturned page's points
        step = _NOTE * 1.2 * stacked
        width, height = (right - left) or 1.0, (top - bottom) or 1.0
        shown_height = width if rotation in (90, 270) else height
        shown_width = height if rotation in (90, 270) else width
        box = Box(number, 4.0 / shown_width, min((4.0 + step) / shown_height, 0.95),
                  (4.0 + _NOTE) / shown_width, min((4.0 + step + _NOTE) / shown_height, 1.0))
        rect = pdf_rect(box, (left, bottom, right, top), rotation)
        with _annotation(page, raw.FPDF_ANNOT_TEXT) as annot:
            if annot is None:
                return 0
            _rect(annot, rect)
            _describe(annot, finding)
    finally:
        page.close()
    return 1


@contextmanager
def _annotation(page, subtype: int):
    """A new annotation of ``subtype`` on ``page`` (None where PDFium makes none), closed after."""
    import pypdfium2.raw as raw

    annot = raw.FPDFPage_CreateAnnot(page.raw, subtype)
    try:
        yield annot or None
    finally:
        if annot:
            raw.FPDFPage_CloseAnnot(annot)


def _rect(annot, rect: tuple[float, float, float, float]) -> None:
    import pypdfium2.raw as raw

    left, bottom, right, top = rect
    raw.FPDFAnnot_SetRect(annot, raw.FS_RECTF(left, top, right, bottom))


def _describe(annot, finding: "Finding") -> None:
    """Colour by severity, the note, the author; printed with the page."""
    import pypdfium2.raw as raw

    red, green, blue, alpha = COLOURS.get(finding.severity, COLOURS["warning"])
    raw.FPDFAnnot_SetColor(annot, raw.FPDFANNOT_COLORTYPE_Color, red, green, blue, alpha)
    _string(annot, "Contents", contents(finding))
    _string(annot, "T", AUTHOR)
    _string(annot, "Subj", f"{finding.rule} {finding.name}")
    raw.FPDFAnnot_SetFlags(annot, raw.FPDF_ANNOT_FLAG_PRINT)


def _string(annot, key: str, value: str) -> None:
    import pypdfium2.raw as raw

    data = (value + "\x00").encode("utf-16-le")
    buffer = ctypes.create_string_buffer(data, len(data))
    raw.FPDFAnnot_SetStringValue(annot, key.encode("ascii"),
                                 ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)))
