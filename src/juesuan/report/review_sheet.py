"""The findings as an Excel review sheet (审核意见表), one row per finding, ready to print.

Rows come in reading order, as the JSON output lists them; a report without findings
gets one row saying so (or saying it was not fully checked), a file that could not be
read one row saying why. Text from a report goes into cells as text, never as a formula.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from juesuan.report.messages import LABELS, messages_of

if TYPE_CHECKING:  # pragma: no cover
    from juesuan.api import CheckResult

TITLE = "审核意见表"
#: (header, width in Excel's character units)
COLUMNS = (("文件", 22), ("页", 6), ("行", 9), ("部分", 24), ("规则", 7), ("规则名", 18),
           ("严重程度", 9), ("原文", 46), ("所列", 16), ("应为", 16), ("说明", 56))
SEVERITY = {"error": "错误", "warning": "提示"}
#: short codes shown centred: 页, 行, 规则, 严重程度
_CENTRED = frozenset({2, 3, 5, 7})
#: Excel keeps at most this many characters in a cell
_CELL_LIMIT = 32_767


def write_review_sheet(results: Sequence["CheckResult"], target: str | Path | BinaryIO,
                       labels: Sequence[str] | None = None) -> None:
    """Write the findings of ``results`` (one or many reports) as one sheet; ``labels``
    name the files in the 文件 column (default: each result's source)."""
    if labels is not None and len(labels) != len(results):
        raise ValueError(f"{len(labels)} labels for {len(results)} results")
    write_review_dicts((as_review_dict(result, label) for result, label
                        in zip(results, labels or [result.source for result in results])), target)


def as_review_dict(result: "CheckResult", label: str | None = None) -> dict:
    """A result in the form the command's JSON output gives it (findings in reading order)."""
    from juesuan.report.render import sort_by_section

    return {"source": label if label is not None else result.source,
            "findings": sort_by_section([finding.as_dict() for finding in result.findings]),
            "messages": messages_of(result)}


def write_review_dicts(results: Iterable[dict], target: str | Path | BinaryIO) -> None:
    """Write results in the JSON output's form (``source``, ``findings``, ``messages``,
    or ``error`` for a file not read) as the review sheet."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = TITLE
    _header(sheet)
    count = 1
    for result in results:
        for row in review_rows(result):
            count += 1
            _write_row(sheet, count, row)
    _layout(sheet, count)
    book.save(target if not isinstance(target, Path) else str(target))


def review_rows(result: dict) -> list[list]:
    """The sheet's rows for one input."""
    source = result["source"]
    if result.get("error"):
        return [[source, None, None, None, None, None, None, None, None, None, f"无法读取：{result['error']}"]]
    messages = result.get("messages", [])
    failures = [m["message"] for m in messages if m["type"] == "rule-failed"]
    rows = [_finding_row(source, finding) for finding in result["findings"]]
    if failures:
        rows.append([source] + [None] * 9 + [f"未检查完：{len(failures)} 条规则运行失败（{'；'.join(failures)}）"])
    elif not rows:
        notes = [f"{LABELS[m['type']]}：{m['message']}" for m in messages if m["type"] in ("reader-warning", "not-checked")]
        rows.append([source] + [None] * 9 + ["未发现问题" + (f"（{'；'.join(notes)}）" if notes else "")])
    return rows


def _finding_row(source: str, finding: dict) -> list:
    line, end = finding.get("line"), finding.get("end_line")
    where = f"{line}-{end}" if line is not None and end not in (None, line) else line
    attached = finding.get("file")
    if finding.get("cell"):       # a spreadsheet's cell: what its reader looks for
        where = f"{where}（工作表“{finding.get('sheet')}” {finding['cell']}）" if where is not None \
            else f"工作表“{finding.get('sheet')}” {finding['cell']}"
    return [f"{source}（附件 {attached}）" if attached else source, finding.get("page"), where,
            finding.get("section"), finding["rule"], finding.get("name"),
            SEVERITY.get(finding["severity"], finding["severity"]), finding.get("quote"),
            finding.get("stated"), finding.get("expected"), finding.get("message")]


def _header(sheet) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE4EE")
    for column, (name, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=column, value=name)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[cell.column_letter].width = width


def _write_row(sheet, number: int, values: list) -> None:
    from openpyxl.styles import Alignment, Font

    wrap = Alignment(vertical="top", wrap_text=True)
    centred = Alignment(horizontal="center", vertical="top", wrap_text=True)
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=number, column=column)
        if isinstance(value, str):
            cell.value = _text(value)
            cell.data_type = "s"        # a quote opening with "=" stays words, not a formula
        else:
            cell.value = value
        cell.alignment = centred if column in _CENTRED else wrap
    if values[6] == SEVERITY["error"]:
        sheet.cell(row=number, column=7).font = Font(color="C00000", bold=True)
    # spreadsheet programs do not all fit a row to its wrapped text when opening a file
    sheet.row_dimensions[number].height = _LINE_HEIGHT * max(
        _lines(value, width) for value, (_, width) in zip(values, COLUMNS))


#: points per printed line of the default 11-point font
_LINE_HEIGHT = 15


def _lines(value, width: int) -> int:
    """How many lines a value wraps to in a column ``width`` characters wide (a CJK
    character is two wide)."""
    if value is None:
        return 1
    text = str(value)
    used = sum(2 if ord(char) > 0x2E7F else 1 for char in text)
    fits = max(int(width * 0.85), 1)   # the cell's padding and wider glyphs
    return min(max(-(-used // fits), 1), 20)


def _text(value: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value if len(value) <= _CELL_LIMIT else value[:_CELL_LIMIT - 1] + "…"


def _layout(sheet, rows: int) -> None:
    """Header frozen and filtered; printed landscape, one page wide, the header on each page."""
    from openpyxl.utils import get_column_letter

    last = get_column_letter(len(COLUMNS))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{max(rows, 1)}"
    sheet.print_title_rows = "1:1"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
