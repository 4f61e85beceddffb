"""The report's tables and pages in the shapes real publishers produce, made from blocks.

The blocks are those the composer makes of a dataset (:func:`juesuan.render.compose.compose`):
headings, paragraphs and the nine tables with their header cells' spans. From them:

* :func:`export_workbook` writes the nine tables as the final-accounts software exports
  them to Excel: one sheet per table, a title row merged across the table, a row with the
  table's number ("公开02表"), the department and "单位：万元", a header three rows high
  with the function code in three columns 类 / 款 / 项 under "支出功能分类科目编码", a
  栏次 row numbering the figure columns, the two-sided tables with a 行次 column beside
  each label, figures stored as numbers or as text with thousands separators, and
  nothing printed as a blank or "-".
* :func:`word_page` writes the report as Word saves a document "as a web page": mso
  classes, runs of spans (a run of its own for ASCII), ``<o:p></o:p>``, conditional
  comments, ``&nbsp;`` paragraphs, the source wrapped at 80 characters in mid-text (as
  Word writes it), the title letter-spaced with ``&nbsp;``, tables whose cells each hold
  a ``<p class=MsoNormal>``.
* :func:`cms_page` writes it as a government site's CMS article: GBK, navigation,
  breadcrumbs and footer around the article, paragraphs with inline styles and
  ``&nbsp;`` indents, each table opening with its title and unit as merged rows inside
  the ``<table>`` (as Excel pasted into the editor leaves them).

Every writer takes what it varies as arguments, so that the tests can ask for each shape.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from juesuan.render.blocks import Cell, Heading, PageBreak, Paragraph, TableBlock

D = Decimal
_MONEY = re.compile(r"-?\d{1,3}(?:,\d{3})*\.\d{2}")
_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
_CLASSIFIED = ("income", "expenditure", "general", "fund", "capital")
_TWO_SIDED = ("summary", "fiscal")


# -- the tables as the export writes them ------------------------------------------------------


@dataclass(frozen=True)
class Export:
    """How the export prints the tables."""

    codes: str = "split"           # "split": 201 / 03 / 01 in 类 款 项; "own": a row prints its
                                   # own part alone (the 类 and 款 above it once); "merged": the
                                   # whole code in the three columns merged; "one": one column
    figures: str = "number"        # "number" (formatted #,##0.00) or "text" ("1,234.56")
    zero: str = "0.00"             # how a zero prints: "0.00", "" or "-"
    column_numbers: bool = True    # a 栏次 row under the header
    line_numbers: bool = True      # a 行次 column beside each label of the two-sided tables
    form_numbers: bool = True      # a "公开0N表" row under the title
    sheet_names: str = "number"    # "number": 表1 …; "title": the table's title
    sangong: str = "by-item"       # the 三公 header: "by-item" (each item over its 预算数 and
                                   # 决算数) or "budget-first" (预算数 over the six items, then 决算数)


def _grid_of(header: list[list[Cell]]) -> list[tuple[int, int, Cell]]:
    """Header cells placed as a browser lays out a table: (row, column, cell)."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, cells in enumerate(header):
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            taken |= {(r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan)}
            c += cell.colspan
    return placed


@dataclass
class Sheet:
    """A table laid out on a grid: values by (row, column), 1-based, merged ranges, and
    where each body row of the block went (its sheet row) and each block column."""

    values: dict[tuple[int, int], object]
    merges: list[tuple[int, int, int, int]]
    body_rows: list[int]
    columns: list[int]             # the sheet column of each of the block's columns


def export_sheet(block: TableBlock, department: str, form: Export) -> Sheet:
    """The table as the export lays it out on its sheet."""
    if block.key in _CLASSIFIED and form.codes != "one":
        header, body, columns = _three_code_columns(block, form)
    elif block.key == "sangong" and form.sangong == "budget-first":
        header, body, columns = _budget_first(block)
    elif block.key in _TWO_SIDED and form.line_numbers:
        header, body, columns = _line_number_columns(block)
    else:
        header, body, columns = block.header, [[c.text for c in row] for row in block.body], \
            list(range(len(block.body[0]) if block.body else _width(block.header)))
    width = _width(header)
    values: dict[tuple[int, int], object] = {}
    merges: list[tuple[int, int, int, int]] = []

    def put(r: int, c: int, value, rowspan: int = 1, colspan: int = 1) -> None:
        if value not in (None, ""):
            values[(r, c)] = value
        if rowspan > 1 or colspan > 1:
            merges.append((r, c, r + rowspan - 1, c + colspan - 1))

    row = 1
    put(row, 1, block.title, colspan=width)
    row += 1
    if form.form_numbers:
        put(row, width, f"公开{block.number:02d}表")
        row += 1
    put(row, 1, f"部门：{department}")
    put(row, width, f"单位：{block.unit}")
    row += 1
    for r, c, cell in _grid_of(header):
        put(row + r, 1 + c, cell.text, cell.rowspan, cell.colspan)
    row += len(header)
    if form.column_numbers:
        row = _column_numbers(put, row, block, header, width)
    body_rows = []
    for cells in body:
        body_rows.append(row)
        for j, text in enumerate(cells):
            put(row, 1 + j, _value(text, form))
        if block.key in _CLASSIFIED and form.codes == "merged" and cells[0]:
            merges.append((row, 1, row, 3))
        elif block.key in _CLASSIFIED and form.codes != "one" and cells[0] == "合计":
            merges.append((row, 1, row, 4))
        row += 1
    for note in block.notes:
        put(row, 1, note, colspan=width)
        row += 1
    return Sheet(values, merges, body_rows, [1 + c for c in columns])


def _width(header: list[list[Cell]]) -> int:
    return max(c + cell.colspan for _, c, cell in _grid_of(header))


def _column_numbers(put, row: int, block: TableBlock, header: list[list[Cell]], width: int) -> int:
    """The 栏次 row: "栏次" over the label columns, then 1, 2 … over the figure columns."""
    labels = _label_columns(block, header)
    number = 0
    for c in range(1, width + 1):
        if c in labels:
            if c == labels[0] or c - 1 not in labels:
                span = 1
                while c + span in labels:
                    span += 1
                put(row, c, "栏次", colspan=span)
        else:
            number += 1
            put(row, c, number)
    return row + 1


def _label_columns(block: TableBlock, header: list[list[Cell]]) -> list[int]:
    """The sheet columns (1-based) that hold codes, names, labels and 行次, not figures."""
    words = ("项目", "科目编码", "科目名称", "类", "款", "项", "行次", "经济分类科目编码", "支出功能分类科目编码")
    placed = _grid_of(header)
    innermost: dict[int, str] = {}
    for r, c, cell in placed:
        for j in range(c, c + cell.colspan):
            innermost[j] = cell.text
    return sorted(1 + j for j, text in innermost.items() if text in words)


def _three_code_columns(block: TableBlock, form: Export):
    """The header and rows with the code in three columns 类 款 项 (and the name beside)."""
    first, *rest = block.header
    figures = [cell for cell in first if cell.text != "项目"]
    depth = 3
    header = [[Cell("项目", 1, 4), *(Cell(c.text, depth if c.rowspan > 1 else 1, c.colspan) for c in figures)],
              [Cell("支出功能分类科目编码", 1, 3), Cell("科目名称", 2, 1),
               *(Cell(c.text, 2, 1) for c in rest[0][2:])] if rest and len(rest[0]) > 2 else
              [Cell("支出功能分类科目编码", 1, 3), Cell("科目名称", 2, 1)],
              [Cell("类"), Cell("款"), Cell("项")]]
    body = []
    for row in block.body:
        cells = [c.text for c in row]
        code, name, figures_ = cells[0], cells[1], cells[2:]
        if _CODE.fullmatch(code):
            if form.codes == "split":
                parts = [code[:3], code[3:5], code[5:7]]
            elif form.codes == "own":
                parts = ["", "", ""]
                parts[(len(code) - 3) // 2] = code[-3:] if len(code) == 3 else code[-2:]
            else:
                parts = [code, "", ""]
        else:
            parts = [code, "", ""]     # 合计
        body.append([*parts, name, *figures_])
    columns = [0, 3, *range(4, 4 + len(block.body[0]) - 2)] if block.body else []
    return header, body, columns


def _budget_first(block: TableBlock):
    """The 三公 table with 预算数 over its six items, then 决算数 over the same six, as the
    central template prints it: the figures regrouped, budget ones first."""
    items = [Cell("合计", 2, 1), Cell("因公出国（境）费", 2, 1), Cell("公务用车购置及运行维护费", 1, 3),
             Cell("公务接待费", 2, 1)]
    header = [[Cell("预算数", 1, 6), Cell("决算数", 1, 6)], items + items,
              [Cell("小计"), Cell("公务用车购置费"), Cell("公务用车运行维护费")] * 2]
    body = [[c.text for c in row] for row in block.body]
    body = [row[0::2] + row[1::2] for row in body]
    columns = [j // 2 + (6 if j % 2 else 0) for j in range(12)]
    return header, body, columns


def _line_number_columns(block: TableBlock):
    """The two-sided tables with a 行次 column after each 项目 column, rows numbered down
    each side (the left side first)."""
    label_cols = [j for j, cell in enumerate(c for c in _innermost(block.header)) if cell == "项目"]
    header = []
    for r, cells in enumerate(block.header):
        row = []
        for cell in cells:
            if cell.text == "项目":
                row += [cell, Cell("行次")]
            else:
                span = cell.colspan + (1 if r == 0 else 0)   # the 收入 / 支出 groups widen
                row.append(Cell(cell.text, cell.rowspan, span))
        header.append(row)
    columns, shift = [], 0
    width = len(block.body[0]) if block.body else 0
    for j in range(width):
        columns.append(j + shift)
        if j in label_cols:
            shift += 1
    body, counters = [], [0] * len(label_cols)
    for row in block.body:
        cells = [c.text for c in row]
        out: list[str] = []
        for j, text in enumerate(cells):
            out.append(text)
            if j in label_cols:
                side = label_cols.index(j)
                if text:
                    counters[side] += 1
                    out.append(str(counters[side] + (0 if side == 0 else 50)))
                else:
                    out.append("")
        body.append(out)
    return header, body, columns


def _innermost(header: list[list[Cell]]) -> list[str]:
    texts: dict[int, str] = {}
    for r, c, cell in _grid_of(header):
        for j in range(c, c + cell.colspan):
            texts[j] = cell.text
    return [texts[j] for j in sorted(texts)]


def _value(text: str, form: Export):
    if not text:
        return None
    if _MONEY.fullmatch(text):
        if D(text.replace(",", "")) == 0 and form.zero != "0.00":
            return form.zero or None
        return text if form.figures == "text" else float(D(text.replace(",", "")))
    return text


def sheet_name(block: TableBlock, form: Export) -> str:
    return f"表{block.number}" if form.sheet_names == "number" else block.title[:31]


def export_workbook(blocks: list, path: Path, department: str, form: Export = Export()) -> dict[str, Sheet]:
    """Write the tables of ``blocks`` as an export workbook; the sheets laid out, by table key."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    laid_out = {}
    for block in blocks:
        if not isinstance(block, TableBlock):
            continue
        sheet = export_sheet(block, department, form)
        ws = workbook.create_sheet(sheet_name(block, form))
        for (r, c), value in sheet.values.items():
            cell = ws.cell(r, c, value)
            if isinstance(value, float):
                cell.number_format = "#,##0.00"
        for r0, c0, r1, c1 in sheet.merges:
            ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)
        laid_out[block.key] = sheet
    workbook.save(path)
    return laid_out
