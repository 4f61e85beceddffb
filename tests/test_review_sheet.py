"""The review sheet (审核意见表): read back row for row against the findings as the JSON
output lists them, with its print setup, and with text that must stay text."""
from __future__ import annotations

import io

import pytest

from juesuan.api import check_text
from juesuan.report.finding import Finding, Location
from juesuan.report.messages import NO_TABLES
from juesuan.report.review_sheet import COLUMNS, as_review_dict, write_review_sheet

WRONG = """一、收入支出决算总体情况说明
青禾市水务局2024年度收入支出总计 1,234.56 万元，比2023年度增加 34.56 万元，增长 3.88%。
二、收入决算情况说明
2024年度本年收入合计 1,234.56 万元，其中：财政拨款收入 1,200.00 万元，占 97.20%；事业收入 30.00 万元，占 2.34%。
"""
RIGHT = """一、收入支出决算总体情况说明
青禾市水务局2024年度收入支出总计 1,234.56 万元，比2023年度增加 34.56 万元，增长 2.88%。
"""


def _read(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))["审核意见表"]


def _sheet(results, labels=None) -> bytes:
    out = io.BytesIO()
    write_review_sheet(results, out, labels)
    return out.getvalue()


def _expected_row(label: str, finding: dict) -> list:
    line, end = finding["line"], finding["end_line"]
    return [label, finding["page"], f"{line}-{end}" if end not in (None, line) else line, finding["section"],
            finding["rule"], finding["name"], {"error": "错误", "warning": "提示"}[finding["severity"]],
            finding["quote"], finding["stated"], finding["expected"], finding["message"]]


def test_one_row_per_finding_in_reading_order() -> None:
    wrong, right = check_text(WRONG, "a.txt"), check_text(RIGHT, "b.txt")
    assert len(wrong.findings) >= 2 and not right.findings
    wrong.findings.reverse()            # the sheet puts them back in reading order
    sheet = _read(_sheet([wrong, right], ["甲.txt", "乙.txt"]))
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [name for name, _ in COLUMNS]
    expected = [_expected_row("甲.txt", f) for f in as_review_dict(wrong)["findings"]]
    assert [f["line"] for f in as_review_dict(wrong)["findings"]] == sorted(f.location.line for f in wrong.findings)
    assert rows[1:-1] == expected
    assert rows[-1] == ["乙.txt"] + [None] * 9 + [f"未发现问题（未核对：{NO_TABLES}）"]


def test_laid_out_to_read_and_to_print() -> None:
    sheet = _read(_sheet([check_text(WRONG, "a.txt")]))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:K{sheet.max_row}"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert all(sheet.cell(1, c).font.b for c in range(1, len(COLUMNS) + 1))
    assert [sheet.column_dimensions[chr(64 + c)].width for c in range(1, len(COLUMNS) + 1)] == \
        [width for _, width in COLUMNS]
    assert all(cell.alignment.wrap_text for row in sheet.iter_rows(min_row=2) for cell in row)
    assert all(sheet.row_dimensions[r].height for r in range(2, sheet.max_row + 1))


def test_report_text_stays_text() -> None:
    from python_calamine import CalamineWorkbook

    result = check_text(RIGHT, "c.txt")
    result.findings = [Finding("X101", "test", "error", "=HYPERLINK(\"http://x\")",
                               Location(line=2, end_line=2, quote="=1+1\x07"), "=SUM(A1:A2)", None)]
    data = _sheet([result])
    sheet = _read(data)
    assert [sheet.cell(2, c).data_type for c in (8, 9, 11)] == ["s", "s", "s"]
    assert sheet.cell(2, 8).value == "=1+1"              # the bell character is left out
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("审核意见表").to_python()
    assert rows[1][8] == "=SUM(A1:A2)"


def test_not_fully_checked_is_said() -> None:
    result = check_text(RIGHT, "d.txt")
    result.rule_failures = ["G101 crashed: ValueError"]
    rows = list(_read(_sheet([result])).iter_rows(values_only=True))
    assert rows[1][10].startswith("未检查完：1 条规则运行失败")


def test_labels_must_match_the_results() -> None:
    with pytest.raises(ValueError):
        _sheet([check_text(RIGHT)], ["a", "b"])
