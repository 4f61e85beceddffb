"""A dataset as an Excel workbook: the template finance staff fill in, and reading it back.

:func:`write_workbook` lays the nine public tables out as the final-accounts software
exports them: one sheet per table ("表1 收入支出决算总表" …), the title merged across the
table, "编制单位" and "单位：万元", the header rows merged exactly as
:func:`juesuan.render.layout.table_blocks` sets them (so the workbook, the rendered
report and the checker all read one layout), then the rows: codes as text, figures as
numbers formatted ``#,##0.00``, empty figures blank. Two more sheets hold what the
tables do not: "基本情况" (项目 | 内容 | 说明, one row per :data:`~juesuan.dataset.fields.FIELDS`
entry) and "分科目说明" (one row per 项 line explained). A first sheet "填写说明" says
how to fill it in. :func:`template_dataset` is the empty dataset a template is written
from: every table with its fixed rows, the classified tables with the 28 类 of the
expenditure classification.

:func:`read_workbook` reads such a workbook back, or one a user filled in, or one the
software exported with its sheets in another order or under other names: the file goes
through the project's reading path (:func:`juesuan.readers.dispatch.read_document`:
sniffed by content, zip and size limits, the spreadsheet read in a bounded child) and
the tables through :func:`juesuan.tables.recognize.recognize_all`, exactly as the
checker reads a workbook; "基本情况" and "分科目说明" are found by their header words and
read with python-calamine. Whatever is wrong comes back together, as a
:class:`~juesuan.dataset.model.DataProblems` listing every bad cell with its sheet (a
figure that is text, a formula without a saved value, a missing field, a missing table),
so that one run shows all there is to fix. The round
trip is exact: ``read_workbook(write_workbook(d)).facts() == d.facts()``. (The 三公 table
has one row and no label column; it reads back labelled "合计".)

The workbook is written with openpyxl (MIT, pure Python): it writes merged ranges,
number formats, column widths, frozen panes and a drop-down list for the budget column,
which is all this needs, and it is already what the tests write their workbooks with.
XlsxWriter (BSD) would do as well but cannot read, so it would be one more dependency
for no gain; reading stays with python-calamine, the project's spreadsheet reader.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from juesuan.dataset.fields import BY_KEY, FIELDS, LINE_BUDGETS
from juesuan.dataset.model import (
    CENT,
    DataError,
    DataProblems,
    Dataset,
    LineNote,
    Problems,
    Row,
    clean_label,
    count_value,
    money_value,
    require,
)
from juesuan.tables.spec import ECONOMIC_PERSONNEL, ECONOMIC_PUBLIC, SPECS, TableSpec

#: the sheet of each table (Excel allows 31 characters; the longest here has 23)
SHEET_NAMES = {spec.key: f"表{spec.number} {spec.title}" for spec in SPECS}
FIELDS_SHEET = "基本情况"
LINES_SHEET = "分科目说明"
INSTRUCTIONS_SHEET = "填写说明"
FIELDS_HEADER = ("项目", "内容", "说明")
LINES_HEADER = ("预算", "科目编码", "科目名称", "上年决算数", "年初预算数", "主要用途", "原因")
MONEY_FORMAT = "#,##0.00"
REQUIRED = "必填。"

_BUDGET_NAMES = {key: name for key, (name, _, _) in LINE_BUDGETS.items()}

# -- the template's fixed rows --------------------------------------------------------------

SUMMARY_LEFT = ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入",
                "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
SUMMARY_LEFT_FOOT = ("本年收入合计", "使用非财政拨款结余", "年初结转和结余", "总计")
SUMMARY_RIGHT_FOOT = ("本年支出合计", "结余分配", "年末结转和结余", "总计")
FISCAL_LEFT = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
FISCAL_LEFT_FOOT = ("本年收入合计", "年初财政拨款结转和结余", *FISCAL_LEFT, "总计")
FISCAL_RIGHT_FOOT = ("本年支出合计", "年末财政拨款结转和结余", "总计")

#: 部门预算支出经济分类科目 of the basic-spending table (declared with its table)
PERSONNEL, PUBLIC = ECONOMIC_PERSONNEL, ECONOMIC_PUBLIC

INSTRUCTIONS = (
    "填写说明",
    ("1. 本工作簿用于填报部门决算公开数据：九张公开表（表1至表9）、“基本情况”和“分科目说明”。"
     "填好后由 juesuan 读取，先校验数据，校验通过后才生成决算公开报告。"),
    ("2. 金额一律以万元为单位，保留两位小数（如 1039.80），填数字，不要填文字、单位或百分号；"
     "没有数的单元格留空。人数、车辆数、批次等填整数。"),
    ("3. 科目编码按《政府收支分类科目》以文本填写：类 3 位、款 5 位、项 7 位（经济分类：类 3 位、款 5 位）。"
     "模板已列出支出功能分类的全部类，可在类下插入款、项行，没有数的行可删除。"),
    ("4. 合计、总计、小计、本年收入合计、本年支出合计、人员经费合计、公用经费合计等是汇总行，"
     "应等于所汇总各行之和：每个类的数等于其下各款之和，每个款的数等于其下各项之和，合计等于各类之和；"
     "“本年收入合计”“本年支出合计”等合计列等于其后各列之和。"),
    ("5. 表与表之间的数应一致：如收入决算表、支出决算表的合计与收入支出决算总表的本年收入合计、本年支出合计相等，"
     "一般公共预算财政拨款支出决算表与财政拨款收入支出决算总表一致。"),
    ("6. “基本情况”每行一项，在“内容”列填写；“说明”列注明“必填”的必须填写。"
     "主要职能、决算单位等多段文字在同一单元格内每段一行（Alt+Enter 换行）。"),
    ("7. “分科目说明”每个项级科目一行：预算（一般公共预算、政府性基金预算或国有资本经营预算）、科目编码、"
     "上年决算数、年初预算数、主要用途和增减或预决算差异的原因。"),
    ("8. 请不要改动表头和工作表的结构。读取时会逐项校验数据（格式、汇总关系、表间关系），"
     "有误时指出工作表和单元格，改正后再读取。"),
)


def template_dataset(year: int | None = None) -> Dataset:
    """The empty dataset a template is written from: every table with its fixed rows."""
    from juesuan.classification import default

    categories = [(entry.code, entry.name) for entry in default().children("")]

    def classified() -> list[Row]:
        return [Row("合计", {})] + [Row(name, {}, code) for code, name in categories]

    def side(labels, where: str) -> list[Row]:
        return [Row(label, {}, side=where) for label in labels]

    summary = (side(SUMMARY_LEFT + SUMMARY_LEFT_FOOT, "left")
               + side([name for _, name in categories] + list(SUMMARY_RIGHT_FOOT), "right"))
    fiscal = (side(FISCAL_LEFT + FISCAL_LEFT_FOOT, "left")
              + side([name for _, name in categories] + list(FISCAL_RIGHT_FOOT), "right"))
    basic = ([Row(name, {}, code, "left") for code, name in PERSONNEL] + side(["人员经费合计"], "left")
             + [Row(name, {}, code, "right") for code, name in PUBLIC] + side(["公用经费合计"], "right"))
    tables = {"summary": summary, "income": classified(), "expenditure": classified(), "fiscal": fiscal,
              "general": classified(), "basic": basic, "sangong": [Row("合计", {})],
              "fund": classified(), "capital": classified()}
    return Dataset({"年度": year} if year else {}, tables, [])


# -- writing --------------------------------------------------------------------------------

def write_workbook(dataset: Dataset, path: str | Path, instructions: bool = True) -> Path:
    """Write ``dataset`` as a workbook at ``path`` (an .xlsx); return the path."""
    from openpyxl import Workbook

    from juesuan.render.layout import table_blocks

    path = Path(path)
    book = Workbook()
    first = book.active
    if instructions:
        _instructions(first)
    else:
        book.remove(first)
    style = _Style()
    for block in table_blocks(dataset):
        _table_sheet(book.create_sheet(SHEET_NAMES[block.key]), block, dataset.department, style)
    _fields_sheet(book.create_sheet(FIELDS_SHEET), dataset, style)
    _lines_sheet(book.create_sheet(LINES_SHEET), dataset, style)
    book.active = 0
    book.save(path)
    return path


class _Style:
    """The few styles the sheets use, made once."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="808080")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.title = Font(bold=True, size=14)
        self.bold = Font(bold=True)
        self.required = Font(bold=True, color="C00000")
        self.fill = PatternFill("solid", fgColor="DDEBF7")
        self.centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.right = Alignment(horizontal="right", vertical="center")
        self.top = Alignment(horizontal="left", vertical="top", wrap_text=True)


def _put(cell, value) -> None:
    """A value into a cell: text stays text (never a formula), illegal characters dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        if value.startswith("="):
            cell.data_type = "s"
    else:
        cell.value = value


def _instructions(sheet) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.title = INSTRUCTIONS_SHEET
    sheet.column_dimensions["A"].width = 110
    for n, text in enumerate(INSTRUCTIONS, 1):
        cell = sheet.cell(n, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if n == 1:
            cell.font = Font(bold=True, size=14)


def _placed(header) -> list[tuple[int, int, object]]:
    """(row, column, cell) of each header cell, as :func:`render.plain.grid` places them."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, cells in enumerate(header):
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            taken.update((r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan))
            c += cell.colspan
    return out


def _table_sheet(sheet, block, department: str, style: _Style) -> None:
    from openpyxl.utils import get_column_letter

    from juesuan.render.plain import grid

    width = max([len(row) for row in grid(block)] or [1])
    # the title, merged across; then 编制单位 and the unit, as exports print them
    _put(sheet.cell(1, 1), block.title)
    sheet.cell(1, 1).font, sheet.cell(1, 1).alignment = style.title, style.centre
    if width > 1:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.row_dimensions[1].height = 28
    _put(sheet.cell(2, 1), f"编制单位：{department}")
    unit = sheet.cell(2, width if width > 1 else 2, f"单位：{block.unit}")
    unit.alignment = style.right
    top = 3
    for r, c, cell in _placed(block.header):
        row, column = top + r, 1 + c
        for i in range(cell.rowspan):
            for j in range(cell.colspan):
                slot = sheet.cell(row + i, column + j)
                slot.border, slot.fill, slot.font, slot.alignment = style.border, style.fill, style.bold, style.centre
        _put(sheet.cell(row, column), cell.text)
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(start_row=row, start_column=column,
                              end_row=row + cell.rowspan - 1, end_column=column + cell.colspan - 1)
    start = top + len(block.header)
    figures: set[int] = set()
    longest = [0] * width
    for r, cells in enumerate(block.body):
        for c, cell in enumerate(cells):
            slot = sheet.cell(start + r, 1 + c)
            slot.border = style.border
            if cell.figure:
                figures.add(c)
                text = cell.text.replace(",", "")
                if text:
                    slot.value = Decimal(text)
                slot.number_format, slot.alignment = MONEY_FORMAT, style.right
            else:
                _put(slot, cell.text)
                slot.number_format, slot.alignment = "@", style.left
                longest[c] = max(longest[c], len(cell.text))
    if block.key == "sangong":
        figures = set(range(width))
    for c in range(width):
        letter = get_column_letter(c + 1)
        if c in figures:
            sheet.column_dimensions[letter].width = 15
        else:
            sheet.column_dimensions[letter].width = min(max(2 * longest[c] + 4, 12), 44)
    sheet.freeze_panes = sheet.cell(start, 1)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _header(sheet, names, style: _Style, widths) -> None:
    from openpyxl.utils import get_column_letter

    for c, (name, width) in enumerate(zip(names, widths, strict=True), 1):
        cell = sheet.cell(1, c, name)
        cell.font, cell.fill, cell.border, cell.alignment = style.bold, style.fill, style.border, style.centre
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = "A2"


def _fields_sheet(sheet, dataset: Dataset, style: _Style) -> None:
    _header(sheet, FIELDS_HEADER, style, (30, 60, 60))
    for r, spec in enumerate(FIELDS, 2):
        key, value = sheet.cell(r, 1, spec.key), sheet.cell(r, 2)
        key.font = style.required if spec.required else style.bold
        current = dataset.fields.get(spec.key)
        if spec.kind == "money":
            value.number_format = MONEY_FORMAT
            unit = "单位：万元，两位小数。"
        elif spec.kind in ("count", "year"):
            value.number_format = "0"
            unit = f"单位：{spec.unit}，整数。" if spec.unit else "四位数字。"
        else:
            value.number_format = "@"
            unit = "每段一行。" if spec.kind == "texts" else ""
        if isinstance(current, (list, tuple)):
            current = "\n".join(str(item) for item in current)
        if current not in (None, ""):
            _put(value, current)
        note = sheet.cell(r, 3, (REQUIRED if spec.required else "") + unit + spec.help)
        for cell in (key, value, note):
            cell.border = style.border
            cell.alignment = style.top
        if spec.kind == "money" or spec.kind in ("count", "year"):
            value.alignment = style.right


def _line_name(dataset: Dataset, note: LineNote) -> str:
    table = LINE_BUDGETS.get(note.budget, ("", "general", ""))[1]
    row = dataset.row(table, code=note.code)
    if row is not None and row.label:
        return row.label
    from juesuan.classification import default

    entry = default().by_code(note.code)
    return entry.name if entry else ""


def _lines_sheet(sheet, dataset: Dataset, style: _Style) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    _header(sheet, LINES_HEADER, style, (16, 12, 30, 14, 14, 50, 50))
    for r, note in enumerate(dataset.lines, 2):
        values = (_BUDGET_NAMES.get(note.budget, note.budget), note.code, _line_name(dataset, note),
                  note.prior, note.planned, note.use, note.reason)
        for c, value in enumerate(values, 1):
            cell = sheet.cell(r, c)
            if value not in (None, ""):
                _put(cell, value)
            cell.border, cell.alignment = style.border, style.top
            if c in (4, 5):
                cell.number_format, cell.alignment = MONEY_FORMAT, style.right
            elif c == 2:
                cell.number_format = "@"
    last = max(len(dataset.lines) + 1, 500)
    budgets = DataValidation(type="list", formula1='"' + ",".join(_BUDGET_NAMES.values()) + '"',
                             allow_blank=True)
    budgets.add(f"A2:A{last}")
    sheet.add_data_validation(budgets)


# -- reading --------------------------------------------------------------------------------

def holds_dataset(path: str | Path) -> bool:
    """Whether a file is a data workbook of juesuan's own (it has the sheet of fields, or
    the sheet of line notes, beside its tables): such a workbook is read whole by
    :func:`read_workbook`, not as a published report's tables."""
    from juesuan.readers.errors import ReadError
    from juesuan.readers.sniff import sniff

    try:
        if sniff(Path(path)).kind not in ("xlsx", "xls", "ods"):
            return False
        import python_calamine as calamine
        workbook = calamine.CalamineWorkbook.from_path(str(path))
        try:
            names = {name.strip() for name in workbook.sheet_names}
        finally:
            workbook.close()
    except (OSError, ReadError):
        return False
    except Exception:  # noqa: BLE001 - calamine's errors are many: then it is none of ours
        return False
    return bool(names & {FIELDS_SHEET, LINES_SHEET})


def read_workbook(path: str | Path) -> Dataset:
    """The dataset a workbook holds; :class:`DataError` (one line, naming the sheet and
    the cell) for anything that is not one."""
    from juesuan.readers.dispatch import read_document
    from juesuan.readers.errors import ReadError

    from juesuan.readers.sniff import sniff

    path = Path(path)
    try:
        kind = sniff(path)
    except OSError as error:
        raise DataError(f"{path}: {error.strerror or error}") from None
    if kind.kind not in ("xlsx", "xls", "ods"):
        raise DataError(f"{path}: is not a workbook ({kind.what}); write one with `juesuan template`")
    try:
        document = read_document(path)
    except ReadError as error:
        raise DataError(str(error)) from None
    if document.kind not in ("xlsx", "xls", "ods"):
        raise DataError(f"{path}: is not a workbook (it reads as {document.kind}); "
                        "write a template with write_workbook and fill it in")
    try:
        return _read(path, document)
    except DataProblems as problems:
        raise DataProblems(problems.problems, str(path)) from None
    except DataError as error:
        raise DataError(f"{path}: {error}") from None


@dataclass
class _Sheet:
    """A sheet as calamine gives it, with each cell's place on the sheet."""

    name: str
    values: list[list[object]]
    start: tuple[int, int]
    grid: list[list[str]]            # as juesuan.readers.xlsx gives it: merged cells filled, trimmed
    rows: list[int]                  # index into values of each grid row
    cols: list[int]                  # index into values of each grid column

    def address(self, r: int, c: int) -> str:
        """The A1 address of values[r][c]."""
        return f"{_letter(self.start[1] + c)}{self.start[0] + r + 1}"

    def where(self, r: int, c: int) -> str:
        return f"sheet {self.name}, cell {self.address(r, c)}"

    def grid_where(self, i: int, j: int) -> str:
        if i < len(self.rows) and j < len(self.cols):
            return self.where(self.rows[i], self.cols[j])
        return f"sheet {self.name}, row {i + 1}"

    def text(self, r: int, c: int) -> str:
        row = self.values[r] if r < len(self.values) else []
        return _text(row[c]) if c < len(row) else ""


def _letter(column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: object) -> str:
    """A cell as text: a whole float without ".0", the rest as str, stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def _sheets(path: Path) -> list[_Sheet]:
    """Every sheet, read directly with calamine (the file has passed the reader's limits)."""
    import python_calamine as calamine

    from juesuan.readers.xlsx import _cell, _fill_merged

    try:
        workbook = calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine's errors are many
        raise DataError(f"not a readable workbook ({type(exc).__name__})") from None
    sheets = []
    try:
        for number, name in enumerate(workbook.sheet_names):
            try:
                sheet = workbook.get_sheet_by_index(number)
                values = sheet.to_python()
            except Exception:  # noqa: BLE001, S112 - a damaged sheet: the reader left it out too
                continue
            start = sheet.start or (0, 0)
            cells = [[_cell(value) for value in row] for row in values]
            _fill_merged(cells, sheet, *start)
            # the same trimming as the reader: fully empty rows and columns go
            keep_rows = [r for r, row in enumerate(cells) if any(row)]
            width = max((len(cells[r]) for r in keep_rows), default=0)
            keep_cols = [c for c in range(width) if any(c < len(cells[r]) and cells[r][c] for r in keep_rows)]
            grid = [[cells[r][c] if c < len(cells[r]) else "" for c in keep_cols] for r in keep_rows]
            sheets.append(_Sheet(name, values, start, grid, keep_rows, keep_cols))
    finally:
        try:
            workbook.close()
        except Exception:  # noqa: BLE001, S110 - closing is best effort
            pass
    return sheets


def _header_row(sheet: _Sheet, wanted) -> int | None:
    """The first of the sheet's first rows whose cells include all ``wanted`` words."""
    for r in range(min(len(sheet.values), 8)):
        words = {_text(value) for value in sheet.values[r]}
        if all(any(w in word for word in words) for w in wanted):
            return r
    return None


def _kind(sheet: _Sheet) -> str:
    """"fields", "lines", "instructions" or "" (a table, or nothing of ours)."""
    first = next((_text(v) for row in sheet.values for v in row if _text(v)), "")
    if sheet.name.strip() == INSTRUCTIONS_SHEET or first.startswith(INSTRUCTIONS_SHEET):
        return "instructions"
    if _header_row(sheet, ("项目", "内容")) is not None and \
            any(_text(v) == "项目" for row in sheet.values[:8] for v in row):
        return "fields"
    if _header_row(sheet, ("科目编码", "主要用途")) is not None or \
            _header_row(sheet, ("科目编码", "上年决算数", "年初预算数")) is not None:
        return "lines"
    return ""


#: the tables every department publishes, with zeros where it has none of the thing: a
#: workbook without one of them would make a report that states zeros nobody gave. (A
#: department without 政府性基金 or 国有资本经营 money often leaves those two tables out.)
REQUIRED_TABLES = ("summary", "income", "expenditure", "fiscal", "general", "basic", "sangong")

_RECALCULATE = ("open the workbook in Excel or LibreOffice and save it (that stores the values), "
                "then run again")


def _read(path: Path, document) -> Dataset:
    """The dataset, or every problem of the workbook at once (:class:`DataProblems`)."""
    from juesuan.readers.formulas import uncached_formulas
    from juesuan.tables.recognize import recognize_all

    problems = Problems()
    for name, cells in uncached_formulas(path).items():
        problems.add(f"sheet {name}, {_cell_list(cells)}: formula{'s' if len(cells) > 1 else ''} without a "
                     f"saved value (the workbook was written by a program that does not calculate); "
                     + _RECALCULATE)
    sheets = {sheet.name: sheet for sheet in _sheets(path)}
    kinds = {name: _kind(sheet) for name, sheet in sheets.items()}
    fields_sheets = [sheets[n] for n, k in kinds.items() if k == "fields"]
    lines_sheets = [sheets[n] for n, k in kinds.items() if k == "lines"]
    for found, what in ((fields_sheets, FIELDS_SHEET), (lines_sheets, LINES_SHEET)):
        if len(found) > 1:
            problems.add(f"two sheets hold {what}: {found[0].name} and {found[1].name}; keep one")
    raws = [raw for raw in document.tables if not kinds.get(raw.title)]
    tables: dict[str, list[Row]] = {}
    where_from: dict[str, str] = {}
    heads: list[list[str]] = []
    for raw in raws:
        for table in recognize_all([raw]):
            key = table.spec.key
            if key in where_from:
                problems.add(f"{table.spec.title} is on two sheets: {where_from[key]} and {raw.title}; keep one")
                continue
            where_from[key] = raw.title
            sheet = sheets.get(raw.title)
            if sheet is not None and sheet.grid != raw.rows:
                sheet = None              # cannot name cells: say rows instead
            tables[key] = _table_rows(raw, table, sheet or _Sheet(raw.title, [], (0, 0), raw.rows, [], []),
                                      problems)
            heads.extend(raw.rows[:4])
    tables = {spec.key: tables[spec.key] for spec in SPECS if spec.key in tables}
    for spec in SPECS:
        if spec.key in REQUIRED_TABLES and spec.key not in tables:
            problems.add(f"no sheet holds the table {spec.title} (表{spec.number}); add it as the template "
                         "has it, with zeros where the department has none")
    if fields_sheets:
        fields = _read_fields(fields_sheets[0], problems)
    else:
        fields = _fields_from_heads(heads)
        missing = [f.key for f in FIELDS if f.required and f.key not in fields]
        if missing:
            problems.add(f"no sheet {FIELDS_SHEET} (项目 | 内容 | 说明) giving {'、'.join(missing)}; "
                         "add it as the template has it")
    lines = _read_lines(lines_sheets[0], problems) if lines_sheets else []
    problems.raise_any()
    dataset = Dataset(fields, tables, lines)
    require(dataset)
    return dataset


def _cell_list(cells: list[str], most: int = 20) -> str:
    shown = ", ".join(cells[:most]) + (f" and {len(cells) - most} more" if len(cells) > most else "")
    return f"cell{'s' if len(cells) > 1 else ''} {shown}"


# -- the nine tables --

_DASHES = frozenset({"", "-", "—", "--", "－", "/", "…"})
_FLOAT_NOISE = Decimal("1e-12")


def _cents(value: Decimal, where: str) -> Decimal:
    """A figure to the cent; a spreadsheet's float noise (1234.5600000000001) is rounded
    away, a third decimal that was typed is refused."""
    try:
        rounded = value.quantize(CENT)
        if value == rounded or abs(value - rounded) <= max(abs(value), Decimal(1)) * _FLOAT_NOISE:
            return rounded
    except InvalidOperation:
        raise DataError(f"{where}: {value} is not a figure of 万元") from None
    raise DataError(f"{where}: {value} has more than two decimals (万元 are given to the cent)")


@dataclass
class _Columns:
    """Where a recognised table's figures stand in its grid."""

    data: list[int]                  # grid rows after the header
    figures: dict[int, str]          # grid column -> column key
    right: int | None                # first grid column of the right half of a two-sided table

    def column(self, key: str, side: str) -> int | None:
        for j, k in self.figures.items():
            if k == key and (self.right is None or (side == "right") == (j >= self.right)):
                return j
        return None


def _columns(raw, spec: TableSpec) -> _Columns:
    """The header and figure columns of a grid, read as :func:`recognize` reads them."""
    from juesuan.tables.recognize import _is_data, _is_note, _is_title_row, _joined
    from juesuan.tables.spec import sangong_column

    numbered = [(i, [cell.strip() for cell in row]) for i, row in enumerate(raw.rows)
                if any(c.strip() for c in row)]
    numbered = [(i, row) for i, row in numbered if not _is_title_row(row)]
    first = next((n for n, (_, row) in enumerate(numbered) if _is_data(row, spec)), len(numbered))
    width = max((len(row) for _, row in numbered), default=0)
    headers = [_joined([row for _, row in numbered[:first]], j) for j in range(width)]
    name = sangong_column if spec.key == "sangong" else spec.column
    figures = {j: key for j, h in enumerate(headers)
               if "编码" not in h and "名称" not in h and (key := name(h)) is not None}
    labels = [j for j, h in enumerate(headers) if re.search(r"项目|科目名称", h)]
    right = labels[1] if spec.two_sided and len(labels) > 1 else None
    if right is not None and right and "编码" in headers[right - 1]:
        right -= 1
    return _Columns([i for i, row in numbered[first:] if not _is_note(row)], figures, right)


def _table_rows(raw, table, sheet: _Sheet, problems: Problems) -> list[Row]:
    from juesuan.tables.cells import figure

    spec = table.spec
    columns = _columns(raw, spec)
    for i in columns.data:
        cells = raw.rows[i]
        if len({c for c in cells if c.strip()}) == 1 and not any(figure(c) for c in cells if c.strip()):
            continue                   # a line of text merged across the table
        for j in columns.figures:
            text = cells[j].strip().replace(" ", "") if j < len(cells) else ""
            if text not in _DASHES and figure(text) is None:
                problems.add(f"{sheet.grid_where(i, j)}: {cells[j]!r} is not a figure "
                             f"({spec.title}, 万元 to two decimals, e.g. 1039.80)")
    rows: list[Row] = []
    for row in table.rows:
        values = {}
        for key, number in row.cells.items():
            j = columns.column(key, row.side)
            where = sheet.grid_where(row.index, j) if j is not None else f"sheet {sheet.name}, {row.label}"
            with problems.each():
                values[key] = _cents(number.value, where)
        if values:
            rows.append(Row(clean_label(row.label), values, row.code, row.side))
    if spec.two_sided:
        rows.sort(key=lambda r: r.side != "left")
    return rows


def _fields_from_heads(heads: list[list[str]]) -> dict[str, object]:
    """部门名称 and 年度 from the tables' head lines ("编制单位：…", "2024年度"), for a
    workbook exported without a 基本情况 sheet."""
    fields: dict[str, object] = {}
    for cell in (c for row in heads for c in row if c):
        name = re.match(r"(?:编制单位|单位名称|部门(?:名称)?)[:：]\s*(\S+)", cell)
        if name and "部门名称" not in fields:
            fields["部门名称"] = name.group(1)
        year = re.search(r"(20\d\d)\s*年度?", cell)
        if year and "年度" not in fields:
            fields["年度"] = int(year.group(1))
    return fields


# -- 基本情况 --

def _money_cell(value: object, where: str) -> Decimal:
    if isinstance(value, (bool, _dt.date, _dt.time, _dt.timedelta)):
        raise DataError(f"{where}: {value!s} is not a figure of 万元")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise DataError(f"{where}: {value!r} is not a figure of 万元")
        return _cents(Decimal(repr(value)), where)
    if isinstance(value, int):
        return Decimal(value).quantize(CENT)
    return money_value(str(value), where)


def _count_cell(value: object, where: str) -> int:
    if isinstance(value, (bool, _dt.date, _dt.time, _dt.timedelta)):
        raise DataError(f"{where}: {value!s} is not a whole number")
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer() or value < 0:
            raise DataError(f"{where}: {value!r} is not a whole number")
        return int(value)
    return count_value(value, where)


def _read_fields(sheet: _Sheet, problems: Problems) -> dict[str, object]:
    top = _header_row(sheet, ("项目", "内容"))
    header = [_text(v) for v in sheet.values[top]]
    key_col = header.index("项目") if "项目" in header else next(c for c, h in enumerate(header) if "项目" in h)
    value_col = next(c for c, h in enumerate(header) if "内容" in h)
    fields: dict[str, object] = {}
    places: dict[str, str] = {}
    for r in range(top + 1, len(sheet.values)):
        with problems.each():
            _read_field(sheet, r, key_col, value_col, fields, places)
    for spec in FIELDS:
        if spec.required and spec.key not in fields:
            place = f"cell {places[spec.key]}" if spec.key in places else f"no row {spec.key}"
            problems.add(f"sheet {sheet.name}, {place}: {spec.key} is missing; it is required")
    return fields


def _read_field(sheet: _Sheet, r: int, key_col: int, value_col: int, fields: dict[str, object],
                places: dict[str, str]) -> None:
    """The field of row ``r`` into ``fields`` (its cell into ``places``); DataError if wrong."""
    row = sheet.values[r]
    key = re.sub(r"^[*＊]|[（(]必填[)）]$|[*＊]$", "", _text(row[key_col]) if key_col < len(row) else "").strip()
    value = row[value_col] if value_col < len(row) else None
    where = sheet.where(r, value_col)
    if not key:
        if _text(value):
            raise DataError(f"{where}: a value without its 项目 in {sheet.address(r, key_col)}")
        return
    spec = BY_KEY.get(key)
    if spec is None:
        raise DataError(f"{sheet.where(r, key_col)}: unknown 项目 {key!r} (the 项目 are those of the template)")
    if key in places:
        raise DataError(f"{sheet.where(r, key_col)}: {key} is given twice (also in {places[key]})")
    places[key] = sheet.address(r, value_col)
    where = f"{where} ({key})"
    if value is None or (isinstance(value, str) and not value.strip()):
        return
    if spec.kind == "money":
        fields[key] = _money_cell(value, where)
    elif spec.kind in ("count", "year"):
        fields[key] = _count_cell(value, where)
    elif spec.kind == "texts":
        items = [line.strip() for line in _text(value).splitlines() if line.strip()]
        if items:
            fields[key] = items
    else:
        fields[key] = _text(value)


# -- 分科目说明 --

_LINE_COLUMNS = (("prior", r"上年决算"), ("planned", r"年初预算"), ("use", r"用途"), ("reason", r"原因"),
                 ("code", r"编码"), ("name", r"名称"), ("budget", r"预算"))
_BUDGET_KEYS = {name: key for key, name in _BUDGET_NAMES.items()}


def _budget(text: str, where: str) -> str:
    plain = re.sub(r"\s+", "", text)
    if not plain:
        return "general"
    if plain in LINE_BUDGETS:
        return plain
    for name, key in _BUDGET_KEYS.items():
        if plain.startswith(name) or plain == name.removesuffix("预算"):
            return key
    raise DataError(f"{where}: unknown budget {text!r}; write {'、'.join(_BUDGET_KEYS)}")


def _read_lines(sheet: _Sheet, problems: Problems) -> list[LineNote]:
    top = _header_row(sheet, ("科目编码",))
    columns: dict[str, int] = {}
    for c, value in enumerate(sheet.values[top]):
        header = re.sub(r"\s+", "", _text(value))
        key = next((k for k, pattern in _LINE_COLUMNS if re.search(pattern, header)), None)
        if key and key not in columns:
            columns[key] = c
    notes: list[LineNote] = []
    seen: dict[tuple[str, str], str] = {}
    for r in range(top + 1, len(sheet.values)):
        with problems.each():
            note = _read_line(sheet, r, columns, seen)
            if note is not None:
                notes.append(note)
    return notes


def _read_line(sheet: _Sheet, r: int, columns: dict[str, int], seen: dict[tuple[str, str], str]) -> LineNote | None:
    """The line note of row ``r`` (None for a blank row); DataError if wrong."""
    row = sheet.values[r]

    def get(key: str) -> object:
        c = columns.get(key)
        return row[c] if c is not None and c < len(row) else None

    if not any(_text(get(key)) for key in ("code", "prior", "planned", "use", "reason")):
        return None
    code = re.sub(r"\s+", "", _text(get("code")))
    where_code = sheet.where(r, columns["code"])
    if not code:
        raise DataError(f"{where_code}: 科目编码 is missing")
    if not re.fullmatch(r"\d{3}(?:\d{2}){0,2}", code):
        raise DataError(f"{where_code}: {code!r} is not a 科目编码 (3, 5 or 7 digits)")
    budget = _budget(_text(get("budget")), sheet.where(r, columns["budget"]) if "budget" in columns
                     else f"sheet {sheet.name}, row {r + 1}")
    if (budget, code) in seen:
        raise DataError(f"{where_code}: {code} of {_BUDGET_NAMES[budget]} is explained twice "
                        f"(also in {seen[budget, code]})")
    seen[budget, code] = sheet.address(r, columns["code"])
    prior, planned = (_money_cell(get(k), sheet.where(r, columns[k])) if _text(get(k)) else None
                      for k in ("prior", "planned"))
    return LineNote(budget, code, prior, planned, _text(get("use")), _text(get("reason")))
