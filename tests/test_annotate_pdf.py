"""The annotated PDF and the command's review outputs (--format xlsx, --annotate).

The PDF is made by LibreOffice from the project's blocks (tests/test_marks.py; skipped
without soffice), annotated, reopened with PDFium and its annotations read back: one per
finding, a highlight over the figure's characters where the figure was found, a note at
the top of the page where not, coloured by severity, saying rule, message, 所列 → 应为.
"""
from __future__ import annotations

import ctypes
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from juesuan.api import check_path, check_text
from juesuan.cli import main
from juesuan.report.annotate_pdf import COLOURS, annotate_pdf
from juesuan.report.finding import Finding, Location
from juesuan.report.marks import marks_for
from juesuan.report.review_sheet import COLUMNS
from tests.test_marks import made_pdf, needs_soffice  # noqa: F401 - the module's PDF fixture


def _annotations(path: Path) -> list[dict]:
    """Every annotation of a PDF: page, subtype, rect, quad count, colour, contents."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    found = []
    document = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            for n in range(raw.FPDFPage_GetAnnotCount(page.raw)):
                annot = raw.FPDFPage_GetAnnot(page.raw, n)
                rect = raw.FS_RECTF()
                raw.FPDFAnnot_GetRect(annot, rect)
                colour = [ctypes.c_uint() for _ in range(4)]
                raw.FPDFAnnot_GetColor(annot, raw.FPDFANNOT_COLORTYPE_Color, *colour)
                size = raw.FPDFAnnot_GetStringValue(annot, b"Contents", None, 0)
                buffer = ctypes.create_string_buffer(size)
                raw.FPDFAnnot_GetStringValue(annot, b"Contents", ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)),
                                             size)
                found.append({"page": index + 1, "subtype": raw.FPDFAnnot_GetSubtype(annot),
                              "rect": (rect.left, rect.bottom, rect.right, rect.top),
                              "quads": raw.FPDFAnnot_CountAttachmentPoints(annot),
                              "colour": tuple(c.value for c in colour[:3]),
                              "contents": buffer.raw.decode("utf-16-le").rstrip("\x00"),
                              "text": textpage.get_text_bounded(left=rect.left, bottom=rect.bottom,
                                                                right=rect.right, top=rect.top),
                              "height": page.get_height()})
                raw.FPDFPage_CloseAnnot(annot)
    finally:
        document.close()
    return found


@needs_soffice
def test_each_finding_one_annotation_over_its_figure(made_pdf: Path, tmp_path: Path) -> None:  # noqa: F811
    import pypdfium2.raw as raw

    result = check_path(made_pdf)
    # a finding about the whole report, placed nowhere on the page
    result.findings.append(Finding("M101", "missing-section", "warning", "缺少“三公”经费说明",
                                   Location(page=2)))
    before = made_pdf.read_bytes()
    target = tmp_path / "annotated.pdf"
    assert annotate_pdf(made_pdf, result, target) == len(result.findings)
    assert made_pdf.read_bytes() == before
    annotations = _annotations(target)
    assert len(annotations) == len(result.findings)
    marks = marks_for(result, made_pdf)
    for mark in marks:
        finding = result.findings[mark.finding]
        found = [a for a in annotations if a["contents"].startswith(f"{finding.rule} {finding.name}：{finding.message}")]
        assert len(found) == 1, finding
        annotation = found[0]
        assert annotation["colour"] == COLOURS[finding.severity][:3]
        if finding.expected is not None:
            assert annotation["contents"].endswith(f"所列 {finding.stated} → 应为 {finding.expected}")
        if mark.boxes:
            assert annotation["subtype"] == raw.FPDF_ANNOT_HIGHLIGHT
            assert annotation["quads"] == len(mark.boxes)
            assert "".join(finding.stated.split()) in "".join(annotation["text"].split())
        else:
            assert annotation["subtype"] == raw.FPDF_ANNOT_TEXT
            assert annotation["page"] == 2
            assert annotation["rect"][3] > annotation["height"] - 40    # at the top of the page


@needs_soffice
def test_to_a_stream(made_pdf: Path) -> None:  # noqa: F811
    out = io.BytesIO()
    assert annotate_pdf(made_pdf, check_path(made_pdf), out) >= 1
    assert out.getvalue()[:5] == b"%PDF-"


# --- the command ------------------------------------------------------------------------

REPORT = """一、收入支出决算总体情况说明
青禾市水务局2024年度收入支出总计 1,234.56 万元，比2023年度增加 34.56 万元，增长 3.88%。
二、收入决算情况说明
2024年度本年收入合计 1,234.56 万元，其中：财政拨款收入 1,200.00 万元，占 97.20%；事业收入 30.00 万元，占 2.34%。
"""


def _run(*args):
    return CliRunner().invoke(main, [*args, "--jobs", "1"])


def test_review_sheet_of_many_inputs_matches_the_json(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(REPORT, encoding="utf-8")
    second.write_text(REPORT.replace("3.88%", "2.88%"), encoding="utf-8")
    sheet_path = tmp_path / "review.xlsx"
    written = _run("check", str(first), str(second), "--format", "xlsx", "-o", str(sheet_path))
    assert written.exit_code == 1 and written.stdout == ""
    findings = [(item["source"], f) for item in json.loads(_run("check", str(first), str(second),
                                                                "--format", "json").stdout)
                for f in item["findings"]]
    rows = list(load_workbook(sheet_path)["审核意见表"].iter_rows(values_only=True))
    assert rows[0] == tuple(name for name, _ in COLUMNS)
    assert len(rows) == 1 + len(findings)
    for row, (source, finding) in zip(rows[1:], findings):
        assert (row[0], row[1], row[4], row[5], row[7], row[8], row[9], row[10]) == (
            source, finding["page"], finding["rule"], finding["name"], finding["quote"], finding["stated"],
            finding["expected"], finding["message"])
    again = _run("check", str(first), "--format", "xlsx", "-o", str(sheet_path))
    assert again.exit_code == 2 and "--overwrite" in again.stderr
    assert _run("check", str(first), "--format", "xlsx", "-o", str(sheet_path), "--overwrite").exit_code == 1


@pytest.mark.parametrize("args, says", [
    (["--format", "xlsx"], "-o FILE.xlsx"),
    (["--format", "json", "-o", "{tmp}/x.xlsx"], "-o is for --format xlsx"),
    (["--format", "xlsx", "-o", "{tmp}/x.csv"], ".xlsx workbook"),
    (["--annotate", "{tmp}/x.pdf"], "exactly one PDF"),
])
def test_output_files_that_do_not_fit_are_refused_first(tmp_path: Path, args, says) -> None:
    report = tmp_path / "a.txt"
    report.write_text(REPORT, encoding="utf-8")
    refused = _run("check", str(report), *[a.format(tmp=tmp_path) for a in args])
    assert refused.exit_code == 2 and says in refused.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


@needs_soffice
def test_annotate_from_the_command(made_pdf: Path, tmp_path: Path) -> None:  # noqa: F811
    target = tmp_path / "annotated.pdf"
    done = _run("check", str(made_pdf), "--annotate", str(target), "--errors-only", "--format", "json")
    assert done.exit_code == 1
    errors = [f for item in json.loads(done.stdout) for f in item["findings"]]
    assert len(_annotations(target)) == len(errors) >= 1
    assert f"{len(errors)} annotation(s)" in done.stderr
    again = _run("check", str(made_pdf), "--annotate", str(target))
    assert again.exit_code == 2 and "--overwrite" in again.stderr


def test_check_text_is_untouched_by_the_outputs() -> None:
    # the library's result keeps what was read, for the marks' line numbers
    result = check_text(REPORT)
    assert result.text == REPORT
