"""The nine public tables as an Excel workbook, the way final-accounts software exports them.

The figures are those of the consistent report that ``test_reports_with_tables`` builds
(青禾市教育局, 2024, every total computed in Decimal); here its nine tables are written
with openpyxl into a workbook: a cover sheet, then one sheet per table, named as exports
name them ("表1", "收入决算表", "Sheet3", …: the reader must not go by the name). Each sheet
has the table's title (merged across the table's width, as exports centre it, or not),
the unit "单位：万元" (in the last or the first column), on some sheets a "编制单位" line
(on a row of its own or beside the unit), blank rows above the title or the header, and
the template's header rows with merged cells ("项目" over 科目编码 and 科目名称, a header
two rows high, the 三公 table's four levels). Classification codes are numbers on some
sheets and text on others; figures are numbers formatted "#,##0.00", and on a few rows
text such as "5,543.35". Some tables start in column B or C.

* The consistent workbook draws no finding; its nine tables are recognised, each row of
  figures is read with its code and label, and cells read Decimal-equal to what was
  written.
* Five planted problems (a row whose total column is not the sum of its parts, twice; a
  类 that is not the sum of its 款 and a 合计 that is not the sum of its 类; 本年支出合计 of
  收入支出决算总表 not the sum of its rows; 收入决算表's 合计 not 收入支出决算总表's
  本年收入合计) each draw exactly their findings, alone and all together, each naming its
  table, row, column (the column's header words), what is printed and what it should be,
  on the line of the workbook's text (and the page: the sheet) that holds the row.
* The same two workbooks saved as Excel 97 .xls by LibreOffice read the same (skipped
  when LibreOffice is not installed).

The end of the module keeps, on the smallest workbook that showed it, each reading
problem found while these tests were written (all fixed since).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Callable

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from juesuan.api import check_path
from juesuan.readers.dispatch import read_document
from juesuan.tables.spec import BY_KEY

try:  # pytest's default import mode puts tests/ itself on sys.path
    import test_reports_with_tables as built
except ImportError:  # pragma: no cover - run with the repository root on sys.path
    from tests import test_reports_with_tables as built

D = Decimal
F = built.F
DEPARTMENT = built.DEPARTMENT
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

_MONEY = re.compile(r"-?\d{1,3}(?:,\d{3})*\.\d{2}")
_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
_NUMBERING = re.compile(r"^[一二三四五六七八九十]+、")


# -- writing a workbook -------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Where and how one table stands on its sheet."""

    key: str                                    # the table (juesuan's spec key)
    sheet: str                                  # the sheet's name
    make: Callable[[], "built.Table"]           # the table, from the consistent report's builder
    column: int = 1                             # the table's first column (1 = A)
    blank_top: int = 0                          # blank rows above the title
    title_merged: bool = True                   # the title merged across the table's width
    unit: str = "right"                         # 单位：万元 in the "right"-most or the "left" cell
    department: str | None = None               # a 编制单位 line on its "own" row or "with-unit"
    gap: int = 0                                # blank rows just above the header
    codes: str = "number"                       # classification codes as "text" or "number"
    text_rows: tuple[str, ...] = ()             # rows (by first cell) whose figures are text


LAYOUTS = [
    Layout("summary", "表1", built.summary_table, department="with-unit"),
    Layout("income", "收入决算表", built.income_table, department="own", codes="text", text_rows=("合计",)),
    Layout("expenditure", "Sheet3", built.expenditure_table, column=2, gap=2),
    Layout("fiscal", "表4", built.fiscal_table, unit="left", gap=1, text_rows=("本年收入合计",)),
    Layout("general", "一般公共预算财政拨款支出决算表", built.general_table, codes="text",
           text_rows=("2050101",)),
    Layout("basic", "Sheet6", built.basic_table, blank_top=1, department="own"),
    Layout("sangong", "表7 三公经费", built.sangong_table, title_merged=False, gap=1),
    Layout("fund", "政府性基金", built.fund_table, department="with-unit", gap=1),
    Layout("capital", "Sheet9", built.capital_table, column=3, blank_top=3, codes="text"),
]
BY_TABLE = {layout.key: layout for layout in LAYOUTS}
TABLE_KEYS = [layout.key for layout in LAYOUTS]
COVER = "封面"
#: the page (1-based sheet) of each table: the cover is the first sheet
PAGE = {layout.key: number for number, layout in enumerate(LAYOUTS, start=2)}


def header_cells(header_html) -> list[tuple[int, int, str, int, int]]:
    """Header cells (text, rowspan, colspan) placed as a browser lays out a table, each in
    the first free slot of its row: (row, column, text, rowspan, colspan)."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, cells in enumerate(header_html):
        c = 0
        for text, rowspan, colspan in cells:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, text, rowspan, colspan))
            taken |= {(r + i, c + j) for i in range(rowspan) for j in range(colspan)}
            c += colspan
    return placed


def column_headers(table) -> list[str]:
    """Each column's header as its header cells print it, top to bottom, a merged cell once."""
    placed = header_cells(table.header_html)
    width = max(c + colspan for _, c, _, _, colspan in placed)
    return ["".join(text for r, c, text, rowspan, colspan in sorted(placed) if c <= j < c + colspan)
            for j in range(width)]


def _value(text: str, layout: Layout, as_text: bool):
    if not text:
        return None
    if _MONEY.fullmatch(text):
        return text if as_text else float(D(text.replace(",", "")))
    if _CODE.fullmatch(text):
        return text if layout.codes == "text" else int(text)
    return text


def write_sheet(ws, layout: Layout, table) -> None:
    placed = header_cells(table.header_html)
    width = max(c + colspan for _, c, _, _, colspan in placed)
    first, last = layout.column, layout.column + width - 1

    def merge(r0, c0, c1, r1=None):
        r1 = r1 or r0
        if r1 > r0 or c1 > c0:
            ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)

    row = 1 + layout.blank_top
    ws.cell(row, first, table.title)
    if layout.title_merged:
        merge(row, first, last)
    row += 1
    if layout.department == "own":
        ws.cell(row, first, f"编制单位：{DEPARTMENT}")
        row += 1
    elif layout.department == "with-unit":
        ws.cell(row, first, f"编制单位：{DEPARTMENT}")
    ws.cell(row, last if layout.unit == "right" else first, "单位：万元")
    row += 1 + layout.gap
    for r, c, text, rowspan, colspan in placed:
        ws.cell(row + r, first + c, text)
        merge(row + r, first + c, first + c + colspan - 1, row + r + rowspan - 1)
    row += len(table.header_html)
    for cells in table.rows:
        as_text = bool(cells) and cells[0] in layout.text_rows
        for j, text in enumerate(cells):
            value = _value(text, layout, as_text)
            if value is not None:
                cell = ws.cell(row, first + j, value)
                if isinstance(value, float):
                    cell.number_format = "#,##0.00"
        row += 1
    for note in table.notes:
        ws.cell(row, first, note)
        merge(row, first, last)
        row += 1
    for j in range(first, last + 1):
        ws.column_dimensions[get_column_letter(j)].width = 16


def write_workbook(path: Path, tables: dict) -> Path:
    """A cover sheet, then each table (by spec key) on its sheet."""
    workbook = openpyxl.Workbook()
    cover = workbook.active
    cover.title = COVER
    for text in (DEPARTMENT, f"{built.YEAR}年度部门决算", "编制日期：2025年8月"):
        cover.append([text])
    for layout in LAYOUTS:
        write_sheet(workbook.create_sheet(layout.sheet), layout, tables[layout.key])
    workbook.save(path)
    return path


def consistent_tables() -> dict:
    return {layout.key: layout.make() for layout in LAYOUTS}


# -- planted problems ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """Write ``new`` for ``old`` in the ``column``-th cell (0-based) of the row of table
    ``table`` that has a cell ``row``."""

    table: str
    row: str
    column: int
    old: str
    new: str


@dataclass(frozen=True)
class Wanted:
    """A finding a planted problem must draw."""

    rule: str
    table: str                   # spec key
    row: str                     # the row as a finding names it
    words: tuple[str, ...]       # words of the column's header
    header: str                  # the column's header cells, joined
    stated: str
    expected: str
    marker: tuple[str, ...]      # cells of the line of the workbook's text that holds the row


@dataclass(frozen=True)
class Problem:
    id: str
    edits: tuple[Edit, ...]
    wanted: tuple[Wanted, ...]


def _shift_business_income(old_total: str, new_total: str, row: str) -> tuple[Edit, Edit]:
    return (Edit("income", row, 2, old_total, new_total), Edit("income", row, 5, "356.80", "365.80"))


PROBLEMS = [
    # 公务接待费 决算数 typed with two digits swapped: 三公 合计 is no longer the sum.
    Problem("T101-sangong-total",
            (Edit("sangong", "38.00", 11, "8.62", "6.82"),),
            (Wanted("T101", "sangong", "合计", ("合计", "决算数"), "财政拨款“三公”经费合计决算数",
                    "31.46", "29.66", ("38", "31.46", "6.82")),)),
    # 年末财政拨款结转和结余 合计 typed 97.45 for 94.75 (= 64.75 + 30.00 + 0.00).
    Problem("T101-fiscal-closing",
            (Edit("fiscal", "年末财政拨款结转和结余", 3, "94.75", "97.45"),),
            (Wanted("T101", "fiscal", "年末财政拨款结转和结余", ("支出", "合计"), "支出合计", "97.45", "94.75",
                    ("年末财政拨款结转和结余", "97.45")),)),
    # 229 其他支出 年末结转和结余 typed 3.00: the 类 is not its 款, and 合计 is the sum of the
    # 类 put right, so only the 类 is named.
    Problem("T102-fund-category",
            (Edit("fund", "229", 7, "30.00", "3.00"),),
            (Wanted("T102", "fund", "229 其他支出", ("年末结转和结余",), "年末结转和结余", "3.00", "30.00",
                    ("229", "其他支出")),)),
    # 住房保障支出 typed 186.90 on the summary's right side: 本年支出合计 is not its rows' sum.
    Problem("T103-summary-spending",
            (Edit("summary", "十九、住房保障支出", 3, "168.90", "186.90"),),
            (Wanted("T103", "summary", "本年支出合计", ("支出", "决算数"), "支出决算数", "5,896.30", "5,914.30",
                    ("本年支出合计",)),)),
    # 收入决算表 revised (事业收入 of 2050299 9.00 more, up to 合计) but not the summary.
    Problem("T201-income-total",
            (*_shift_business_income("975.52", "984.52", "2050299"),
             *_shift_business_income("3,099.17", "3,108.17", "20502"),
             *_shift_business_income("4,976.86", "4,985.86", "205"),
             *_shift_business_income("5,912.61", "5,921.61", "合计")),
            (Wanted("T201", "income", "合计", ("本年收入合计",), "本年收入合计", "5,921.61", "5,912.61",
                    ("合计", "5,921.61")),)),
]
EXPECTED = [(problem.id, wanted) for problem in PROBLEMS for wanted in problem.wanted]
IDS = [f"{problem}:{wanted.rule}:{wanted.row}" for problem, wanted in EXPECTED]


def planted_tables(problems=PROBLEMS) -> dict:
    tables = consistent_tables()
    for problem in problems:
        for edit in problem.edits:
            table = tables[edit.table]
            rows = [list(row) for row in table.rows]
            hits = [row for row in rows if edit.row in row]
            assert len(hits) == 1 and hits[0][edit.column] == edit.old, (edit, hits)
            hits[0][edit.column] = edit.new
            tables[edit.table] = replace(table, rows=rows)
    return tables


# -- reading the results ---------------------------------------------------------------------------


def amount(text: str | None) -> Decimal | None:
    return None if text is None else D(text.replace(",", ""))


def table_key(result, finding) -> str | None:
    """The spec key of the table a finding names (by its title as juesuan gives it)."""
    return next((t.spec.key for t in result.report.tables if t.title == finding.location.table), None)


def key_of(result, finding) -> tuple:
    return (finding.rule, table_key(result, finding), finding.location.row, amount(finding.stated),
            amount(finding.expected))


def wanted_key(wanted: Wanted) -> tuple:
    return wanted.rule, wanted.table, wanted.row, amount(wanted.stated), amount(wanted.expected)


def describe(findings) -> list:
    return [(f.rule, f.location.table, f.location.row, f.location.column, f.stated, f.expected, f.message)
            for f in findings]


def page_of_line(text: str, line: int) -> int:
    return 1 + "\n".join(text.split("\n")[:line]).count("\f")


def matching(result, wanted: Wanted) -> list:
    return [f for f in result.findings if key_of(result, f)[:3] == wanted_key(wanted)[:3]
            and f.location.column is not None and all(word in f.location.column for word in wanted.words)]


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("workbooks")
    return {"consistent": write_workbook(folder / "决算表.xlsx", consistent_tables()),
            "planted": write_workbook(folder / "决算表-planted.xlsx", planted_tables())}


@pytest.fixture(scope="module")
def consistent(books):
    return read_document(books["consistent"]), check_path(books["consistent"])


@pytest.fixture(scope="module")
def planted(books):
    return read_document(books["planted"]), check_path(books["planted"])


# -- the workbook as written ---------------------------------------------------------------------


def test_workbook_is_laid_out_as_exported(books):
    """What the tests rely on: sheets named every way, merged headers, the header not in
    the same row on every sheet, codes as text and as numbers, a few figures as text."""
    workbook = openpyxl.load_workbook(books["consistent"])
    assert workbook.sheetnames == [COVER, *(layout.sheet for layout in LAYOUTS)]
    header_rows = set()
    for layout in LAYOUTS:
        ws = workbook[layout.sheet]
        merged = {str(r) for r in ws.merged_cells.ranges}
        first = get_column_letter(layout.column)
        header_rows.add(next(r for r in range(1, 20) if ws[f"{first}{r}"].value in ("项目", "收入", "人员经费",
                                                                                    "财政拨款“三公”经费")))
        if layout.key in ("income", "expenditure", "general", "fund", "capital"):
            assert any(ws[m.split(":")[0]].value == "项目" for m in merged), layout.sheet
    assert len(header_rows) >= 4
    sangong = {str(r) for r in workbook["表7 三公经费"].merged_cells.ranges}
    assert {"A4:L4", "A5:B6", "E5:J5", "E6:F6"} <= sangong
    income, expenditure = workbook["收入决算表"], workbook["Sheet3"]
    assert income["A7"].value == "205" and expenditure["B8"].value == 205
    assert income["C6"].value == "5,912.61" and income["C7"].value == 4976.86


# -- the consistent workbook -----------------------------------------------------------------------


def test_consistent_workbook_has_no_finding(consistent):
    document, result = consistent
    assert document.kind == "xlsx" and document.warnings == []
    assert result.tool_errors == []
    assert describe(result.findings) == []


def test_nine_tables_are_recognised_whatever_the_sheet_names(consistent):
    document, result = consistent
    tables = result.report.tables
    assert [t.spec.key for t in tables] == TABLE_KEYS
    lines = document.text.split("\n")
    for table in tables:
        assert table.page == PAGE[table.spec.key]
        assert lines[table.line - 1].lstrip("\f") == table.spec.title      # the sheet's first row
        assert page_of_line(document.text, table.line) == table.page
        assert table.unit == "万元"
        assert not any(row.uncertain for row in table.rows), table.spec.key


def expected_rows(key: str, table) -> list[tuple[str, str | None, str]]:
    """(side, code, label) of each row of figures, as written."""
    out = []
    if key == "sangong":
        return [("", None, "合计")]
    if key in ("summary", "fiscal"):
        for row in table.rows:
            if row[1]:
                out.append(("left", None, _NUMBERING.sub("", row[0])))
            if len(row) > 3 and any(row[3:]):
                out.append(("right", None, _NUMBERING.sub("", row[2])))
        return out
    if key == "basic":
        for row in table.rows:
            for side, cells in (("left", row[0:3]), ("right", row[3:6])):
                if cells[2]:
                    code = cells[0] if _CODE.fullmatch(cells[0]) else None
                    out.append((side, code, cells[1] or cells[0]))
        return out
    return [("", None if row[0] == "合计" else row[0], row[1] or row[0]) for row in table.rows]


@pytest.mark.parametrize("key", TABLE_KEYS)
def test_rows_are_read_with_their_codes_and_labels(consistent, key):
    _, result = consistent
    table = next(t for t in result.report.tables if t.spec.key == key)
    read = [(row.side, row.code, row.label) for row in table.rows if row.cells]
    assert read == expected_rows(key, consistent_tables()[key])


def test_rows_of_figures_of_the_basic_table(consistent):
    """What the basic table's rows are, its two total rows aside."""
    _, result = consistent
    table = next(t for t in result.report.tables if t.spec.key == "basic")
    read = [(row.side, row.code, row.label) for row in table.rows if row.cells and row.code]
    wanted = [row for row in expected_rows("basic", built.basic_table()) if row[1]]
    assert read == wanted and len(read) == 28


def test_cells_are_read_as_written(consistent):
    _, result = consistent
    tables = {t.spec.key: t for t in result.report.tables}

    def cell(key, column, label=None, code=None, side=None):
        return tables[key].row(label=label, code=code, side=side).cells[column].value

    assert cell("summary", "决算数", "总计", side="left") == cell("summary", "决算数", "总计", side="right") == F.total
    assert cell("summary", "决算数", "年末结转和结余", side="right") == F.closing == D("150.91")
    assert cell("summary", "决算数", "事业收入", side="left") == D("356.80")
    # codes written as text (收入决算表) and as numbers (支出决算表) read alike
    assert cell("income", "事业收入", code="2050299") == D("356.80")
    assert cell("income", "财政拨款收入", "合计") == F.fiscal_income == D("5543.35")     # text "5,543.35"
    assert cell("expenditure", "项目支出", "合计") == F.project == D("3822.80")
    assert cell("expenditure", "本年支出合计", code="2296004") == D("150.00")
    assert cell("fiscal", "决算数", "本年收入合计", side="left") == F.fiscal_income     # text
    assert cell("fiscal", "政府性基金预算财政拨款", "本年支出合计", side="right") == F.fund
    assert cell("fiscal", "决算数", "年初财政拨款结转和结余", side="left") == F.fiscal_opening
    assert cell("general", "合计", code="2050101") == D("1286.45")                      # text "1,286.45"
    assert cell("general", "项目支出", code="2050204") == D("2145.30")
    assert cell("general", "合计", "合计") == F.general == D("5385.00")
    assert cell("basic", "决算数", code="30302") == D("122.14")
    assert cell("basic", "决算数", code="30231", side="right") == D("22.84")
    sangong = tables["sangong"].rows[0].cells
    parts = [("合计", F.sangong), ("因公出国（境）费", built.TRAVEL), ("公务用车购置及运行维护费", F.car),
             ("公务用车购置费", built.CAR_BUY), ("公务用车运行维护费", built.CAR_RUN), ("公务接待费", built.RECEPTION)]
    assert {key: number.value for key, number in sangong.items()} == {
        f"{part}:{kind}": values[k] for part, values in parts for k, kind in ((0, "预算数"), (1, "决算数"))}
    assert cell("fund", "年末结转和结余", "合计") == built.FUND_CLOSING
    assert cell("fund", "本年收入", code="2296004") == D("180.00")
    assert tables["capital"].rows == []


@pytest.mark.parametrize("key", [key for key in TABLE_KEYS if key != "capital"])
def test_columns_are_named_by_their_header_cells(consistent, key):
    """Each column a row's figures are placed in is named by its header cells, and only by them."""
    _, result = consistent
    table = next(t for t in result.report.tables if t.spec.key == key)
    headers = column_headers(consistent_tables()[key])
    seen = {h for row in table.rows for h in row.headers.values()}
    assert seen and seen <= set(headers), sorted(seen - set(headers))


# -- planted problems -------------------------------------------------------------------------------


@pytest.mark.parametrize("problem, wanted", EXPECTED, ids=IDS)
def test_planted_problem_is_found_in_its_table_row_and_column(planted, problem, wanted):
    document, result = planted
    matches = matching(result, wanted)
    assert len(matches) == 1, describe(result.findings)
    finding = matches[0]
    location = finding.location
    assert finding.severity == "error"
    assert location.table in (BY_TABLE[wanted.table].sheet, BY_KEY[wanted.table].title)
    assert location.row == wanted.row
    assert all(word in location.column for word in wanted.words), location.column
    assert amount(finding.stated) == amount(wanted.stated)
    assert amount(finding.expected) == amount(wanted.expected)
    assert BY_KEY[wanted.table].title in finding.message


@pytest.mark.parametrize("problem, wanted", EXPECTED, ids=IDS)
def test_planted_problem_is_placed_on_the_line_and_sheet_of_its_row(planted, problem, wanted):
    document, result = planted
    finding, = matching(result, wanted)
    line = finding.location.line
    cells = document.text.split("\n")[line - 1].lstrip("\f").split("  ")
    assert set(wanted.marker) <= set(cells), cells
    assert finding.location.end_line == line
    assert finding.location.page == page_of_line(document.text, line) == PAGE[wanted.table]


@pytest.mark.parametrize("problem, wanted", EXPECTED, ids=IDS)
def test_planted_problem_names_its_table(planted, problem, wanted):
    _, result = planted
    finding, = matching(result, wanted)
    assert finding.location.table == BY_KEY[wanted.table].title


@pytest.mark.parametrize("problem, wanted", EXPECTED, ids=IDS)
def test_planted_problem_names_its_column_by_the_header_alone(planted, problem, wanted):
    _, result = planted
    finding, = matching(result, wanted)
    assert finding.location.column == wanted.header


def test_planted_workbook_draws_exactly_the_planted_errors(planted):
    _, result = planted
    assert result.tool_errors == []
    found = sorted(key_of(result, f) for f in result.findings)
    assert found == sorted(wanted_key(w) for _, w in EXPECTED), describe(result.findings)
    assert all(f.severity == "error" for f in result.findings)


@pytest.mark.parametrize("problem", PROBLEMS, ids=[p.id for p in PROBLEMS])
def test_each_problem_alone_draws_its_findings_only(tmp_path, problem):
    path = write_workbook(tmp_path / f"{problem.id}.xlsx", planted_tables([problem]))
    result = check_path(path)
    assert sorted(key_of(result, f) for f in result.findings) == sorted(
        wanted_key(w) for w in problem.wanted), describe(result.findings)
    assert all(len(matching(result, w)) == 1 for w in problem.wanted), describe(result.findings)


# -- the same workbooks as Excel 97 .xls ---------------------------------------------------------------


@pytest.fixture(scope="module")
def xls_books(books, tmp_path_factory) -> dict[str, Path]:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: no engine to save an .xls")
    folder = tmp_path_factory.mktemp("xls")
    profile = (folder / ".lo-profile").resolve().as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xls",
                    "--outdir", str(folder), *(str(path) for path in books.values())],
                   check=True, capture_output=True, timeout=300)
    out = {name: folder / f"{path.stem}.xls" for name, path in books.items()}
    assert all(path.exists() for path in out.values()), list(folder.iterdir())
    return out


def _cells_of(result) -> dict:
    return {t.spec.key: [(r.side, r.code, r.label, {k: v.value for k, v in r.cells.items()}) for r in t.rows]
            for t in result.report.tables}


def test_xls_reads_as_the_xlsx(xls_books, consistent):
    document = read_document(xls_books["consistent"])
    assert document.kind == "xls" and document.warnings == []
    assert [t.title for t in document.tables] == [COVER, *(layout.sheet for layout in LAYOUTS)]
    result = check_path(xls_books["consistent"])
    assert result.tool_errors == [] and describe(result.findings) == []
    assert [t.spec.key for t in result.report.tables] == TABLE_KEYS
    assert _cells_of(result) == _cells_of(consistent[1])
    assert document.text == consistent[0].text


def test_xls_planted_draws_the_same_findings_on_the_same_lines(xls_books, planted):
    result = check_path(xls_books["planted"])
    assert result.tool_errors == []
    _, from_xlsx = planted

    def placed(res):
        return sorted((*key_of(res, f), f.location.line, f.location.page, f.location.column) for f in res.findings)

    assert placed(result) == placed(from_xlsx)
    assert sorted(key_of(result, f) for f in result.findings) == sorted(wanted_key(w) for _, w in EXPECTED)


# -- known problems, each on the smallest workbook that shows it --------------------------------------


def small_book(path: Path, rows: list[list], name: str = "Sheet1", merges: tuple[str, ...] = ()) -> Path:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = name
    for row in rows:
        ws.append(row)
    for cells in merges:
        ws.merge_cells(cells)
    workbook.save(path)
    return path


INCOME_HEADER = ["科目编码", "科目名称", "本年收入合计", "财政拨款收入", "其他收入"]


def test_small_book_sum_error_is_found(tmp_path):
    """The baseline of the cases below: a 类 whose figures are not its 款's, all with two places."""
    path = small_book(tmp_path / "book.xlsx", [["收入决算表"], INCOME_HEADER, ["合计", None, 100.25, 60.25, 40],
                                               [205, "教育支出", 100.25, 60.25, 40],
                                               [20502, "普通教育", 99.75, 59.75, 40]])
    result = check_path(path)
    assert sorted((f.rule, f.location.row, f.location.column, f.stated, f.expected) for f in result.findings) == [
        ("T102", "205 教育支出", "本年收入合计", "100.25", "99.75"),
        ("T102", "205 教育支出", "财政拨款收入", "60.25", "59.75")]


def test_numeric_cell_is_exact_whatever_its_trailing_zeros(tmp_path):
    # Excel shows 100.00 and 99.60: the 类 is 0.40 more than its only 款
    path = small_book(tmp_path / "book.xlsx", [["收入决算表"], INCOME_HEADER, ["合计", None, 100, 60, 40],
                                               [205, "教育支出", 100, 60, 40],
                                               [20502, "普通教育", 99.6, 59.6, 40]])
    result = check_path(path)
    assert {(f.rule, f.location.row, f.location.column) for f in result.findings} >= {
        ("T102", "205 教育支出", "本年收入合计"), ("T102", "205 教育支出", "财政拨款收入")}, describe(result.findings)


def test_numeric_cell_with_a_trailing_zero_is_checked_to_the_cent(tmp_path):
    path = small_book(tmp_path / "book.xlsx", [["收入决算表"], INCOME_HEADER, ["合计", None, 4607.6, 4567.6, 40],
                                               [205, "教育支出", 4607.64, 4567.64, 40]])
    result = check_path(path)
    assert {(f.rule, f.location.row) for f in result.findings} == {("T102", "合计")}, describe(result.findings)


def test_text_cells_with_a_trailing_zero_are_checked_to_the_cent(tmp_path):
    path = small_book(tmp_path / "book.xlsx", [["收入决算表"], INCOME_HEADER,
                                               ["合计", None, "4,607.60", "4,567.60", "40.00"],
                                               ["205", "教育支出", "4,607.64", "4,567.64", "40.00"]])
    result = check_path(path)
    assert {(f.rule, f.location.row) for f in result.findings} == {("T102", "合计")}, describe(result.findings)


def test_finding_names_the_table_not_the_sheet(tmp_path):
    path = small_book(tmp_path / "book.xlsx", [["收入决算表"], INCOME_HEADER,
                                               [205, "教育支出", 100.25, 70.25, 40]], name="Sheet1")
    finding, = check_path(path).findings
    assert (finding.rule, finding.location.table) == ("T101", "收入决算表")


FUND_HEADER = ["科目编码", "科目名称", "年初结转和结余", "本年收入", "年末结转和结余"]
FUND_ROWS = [["合计", None, 0, 10.5, 10.5], [229, "其他支出", 0, 10.5, 10.5], [22960, "彩票公益金安排的支出", 0, 10.5, 1.05]]


def test_column_header_leaves_out_a_merged_title(tmp_path):
    path = small_book(tmp_path / "book.xlsx", [["政府性基金预算财政拨款收入支出决算表"], FUND_HEADER, *FUND_ROWS],
                      merges=("A1:E1",))
    finding, = check_path(path).findings
    assert (finding.location.row, finding.location.column) == ("229 其他支出", "年末结转和结余")


def test_column_header_leaves_out_the_department_and_unit_row(tmp_path):
    path = small_book(tmp_path / "book.xlsx", [["政府性基金预算财政拨款收入支出决算表"],
                                               [f"编制单位：{DEPARTMENT}", None, None, None, "单位：万元"],
                                               FUND_HEADER, *FUND_ROWS])
    finding, = check_path(path).findings
    assert (finding.location.row, finding.location.column) == ("229 其他支出", "年末结转和结余")


def test_column_header_of_a_plain_title(tmp_path):
    path = small_book(tmp_path / "book.xlsx", [["政府性基金预算财政拨款收入支出决算表"], [None, None, None, None, "单位：万元"],
                                               FUND_HEADER, *FUND_ROWS])
    finding, = check_path(path).findings
    assert (finding.location.row, finding.location.column) == ("229 其他支出", "年末结转和结余")


BASIC_HEADER = ["经济分类科目编码", "科目名称", "决算数"] * 2


def test_basic_table_total_rows_keep_their_labels(tmp_path):
    path = small_book(tmp_path / "book.xlsx", [["一般公共预算财政拨款基本支出决算表"], BASIC_HEADER,
                                               [301, "工资福利支出", 100, 302, "商品和服务支出", 50],
                                               ["人员经费合计", None, 100, "公用经费合计", None, 50]])
    table, = check_path(path).report.tables
    assert [(row.side, row.label) for row in table.rows if row.code is None] == [
        ("left", "人员经费合计"), ("right", "公用经费合计")]


def test_note_below_a_table_is_not_a_row(tmp_path):
    path = small_book(tmp_path / "book.xlsx", [["收入决算表"], INCOME_HEADER, ["合计", None, 100, 60, 40],
                                               [205, "教育支出", 100, 60, 40], ["注：本表按支出功能分类科目列示。"]],
                      merges=("A5:E5",))
    table, = check_path(path).report.tables
    assert [row.label for row in table.rows] == ["合计", "教育支出"]
