"""The dataset as an Excel workbook: written as the software exports the nine tables, read back.

* A small consistent dataset (a department with two 一般公共预算 项 lines and one
  政府性基金 项 line, every table filled, a few fields, two line notes) reads back from its
  workbook with the same facts, Decimal-equal; so does the workbook with its sheets renamed
  and reordered (as exports name them), and one a user filled in with codes typed as
  numbers, figures typed as text and a sum left with float noise.
* The template opens with openpyxl: 填写说明, the nine tables, 基本情况 and 分科目说明; each
  table's header rows are merged exactly as the renderer's layout sets them; the classified
  tables list the 28 类 with blank figures.
* Bad input (a figure that is text, a missing 部门名称, a count that is not whole, a third
  decimal, an unknown budget, a zip of junk named .xlsx) is one DataError line naming the
  sheet and the cell, never a traceback.
"""
from __future__ import annotations

import zipfile
from decimal import Decimal

import openpyxl
import pytest

from juesuan.classification import default
from juesuan.dataset.fields import FIELDS
from juesuan.dataset.model import DataError, Dataset, LineNote, Row
from juesuan.dataset.workbook import (
    FIELDS_SHEET,
    INSTRUCTIONS_SHEET,
    LINES_SHEET,
    SHEET_NAMES,
    read_workbook,
    template_dataset,
    write_workbook,
)
from juesuan.render.layout import table_blocks
from juesuan.render.plain import grid

D = Decimal
Z = D("0.00")


def _lr(side: str, *pairs) -> list[Row]:
    return [Row(label, values if isinstance(values, dict) else {"决算数": D(values)}, side=side)
            for label, values in pairs]


def _classified(columns: list[str], lines: dict[str, dict[str, str]], names: dict[str, str]) -> list[Row]:
    """合计, then 类, 款 and 项 rows in code order, each the sum of the 项 under it."""
    sums: dict[str, dict[str, Decimal]] = {}
    for code, values in lines.items():
        for level in (code[:3], code[:5], code):
            bucket = sums.setdefault(level, {c: Z for c in columns})
            for c in columns:
                bucket[c] += D(values.get(c, "0"))
    total = {c: sum((sums[k][c] for k in sums if len(k) == 3), Z) for c in columns}
    return [Row("合计", total)] + [Row(names[k], sums[k], k) for k in sorted(sums)]


NAMES = {"201": "一般公共服务支出", "20101": "人大事务", "2010101": "行政运行",
         "208": "社会保障和就业支出", "20805": "行政事业单位养老支出", "2080505": "机关事业单位基本养老保险缴费支出",
         "229": "其他支出", "22960": "彩票公益金安排的支出", "2296002": "用于社会福利的彩票公益金支出"}


def small_dataset() -> Dataset:
    """120.50 of general budget spending (basic), 10.00 of fund spending (a project), 5.00
    carried over: every table, sum and side consistent."""
    general = {"2010101": "100.00", "2080505": "20.50"}
    fund = {"2296002": "10.00"}
    income = _classified(["本年收入合计", "财政拨款收入"],
                         {c: {"本年收入合计": v, "财政拨款收入": v} for c, v in {**general, **fund}.items()}, NAMES)
    expenditure = _classified(["本年支出合计", "基本支出", "项目支出"],
                              {**{c: {"本年支出合计": v, "基本支出": v} for c, v in general.items()},
                               **{c: {"本年支出合计": v, "项目支出": v} for c, v in fund.items()}}, NAMES)
    general_rows = _classified(["合计", "基本支出", "项目支出"],
                               {c: {"合计": v, "基本支出": v} for c, v in general.items()}, NAMES)
    fund_rows = _classified(["年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余"],
                            {c: {"本年收入": v, "本年支出合计": v, "项目支出": v} for c, v in fund.items()}, NAMES)
    summary = (_lr("left", ("一般公共预算财政拨款收入", "120.50"), ("政府性基金预算财政拨款收入", "10.00"),
                   ("国有资本经营预算财政拨款收入", "0.00"), ("本年收入合计", "130.50"),
                   ("使用非财政拨款结余", "0.00"), ("年初结转和结余", "5.00"), ("总计", "135.50"))
               + _lr("right", ("一般公共服务支出", "100.00"), ("社会保障和就业支出", "20.50"), ("其他支出", "10.00"),
                     ("本年支出合计", "130.50"), ("结余分配", "0.00"), ("年末结转和结余", "5.00"), ("总计", "135.50")))

    def spent(total: str, general_part: str, fund_part: str) -> dict[str, Decimal]:
        return {"合计": D(total), "一般公共预算财政拨款": D(general_part), "政府性基金预算财政拨款": D(fund_part),
                "国有资本经营预算财政拨款": Z}
    # the 年初 balance is split by budget on rows named as the income rows above it
    fiscal = (_lr("left", ("一般公共预算财政拨款", "120.50"), ("政府性基金预算财政拨款", "10.00"),
                  ("本年收入合计", "130.50"), ("年初财政拨款结转和结余", "5.00"), ("一般公共预算财政拨款", "5.00"),
                  ("总计", "135.50"))
              + _lr("right", ("一般公共服务支出", spent("100.00", "100.00", "0")),
                    ("社会保障和就业支出", spent("20.50", "20.50", "0")), ("其他支出", spent("10.00", "0", "10.00")),
                    ("本年支出合计", spent("130.50", "120.50", "10.00")),
                    ("年末财政拨款结转和结余", spent("5.00", "5.00", "0")), ("总计", spent("135.50", "125.50", "10.00"))))
    basic = [Row("工资福利支出", {"决算数": D("80.00")}, "301", "left"),
             Row("基本工资", {"决算数": D("50.00")}, "30101", "left"),
             Row("津贴补贴", {"决算数": D("30.00")}, "30102", "left"),
             Row("人员经费合计", {"决算数": D("80.00")}, side="left"),
             Row("商品和服务支出", {"决算数": D("40.50")}, "302", "right"),
             Row("办公费", {"决算数": D("40.50")}, "30201", "right"),
             Row("公用经费合计", {"决算数": D("40.50")}, side="right")]
    parts = {"合计": ("12.00", "9.30"), "因公出国（境）费": ("0", "0"), "公务用车购置及运行维护费": ("8.00", "6.30"),
             "公务用车购置费": ("0", "0"), "公务用车运行维护费": ("8.00", "6.30"), "公务接待费": ("4.00", "3.00")}
    sangong = [Row("合计", {f"{part}:{kind}": D(pair[n]).quantize(D("0.01")) for part, pair in parts.items()
                            for n, kind in enumerate(("预算数", "决算数"))})]
    fields = {"部门名称": "青禾市水务局", "年度": 2024,
              "主要职能": ["负责全市水资源的统一监督管理。", "组织实施水利工程建设与运行管理。"],
              "在职人员": 35, "离休人员": 0, "上年收入支出总计": D("128.00"),
              "收入支出总计增减原因": "防汛项目资金增加", "公务用车保有量": 3, "机关运行经费": D("40.50")}
    lines = [LineNote("general", "2010101", D("95.00"), D("98.00"), "保障机关日常运转", "人员增加"),
             LineNote("fund", "2296002", Z, None, "社会福利项目", "")]
    return Dataset(fields, {"summary": summary, "income": income, "expenditure": expenditure, "fiscal": fiscal,
                            "general": general_rows, "basic": basic, "sangong": sangong, "fund": fund_rows,
                            "capital": []}, lines)


def _rows_of(sheet) -> list[list[object]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _find(sheet, value, column: int = 1) -> int:
    """The 1-based row whose cell in ``column`` holds ``value``."""
    for n, row in enumerate(sheet.iter_rows(min_col=column, max_col=column, values_only=True), 1):
        if row[0] == value:
            return n
    raise AssertionError(f"{value!r} not in {sheet.title}")


def _error(path) -> str:
    with pytest.raises(DataError) as caught:
        read_workbook(path)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


# -- the round trip --------------------------------------------------------------------------

@pytest.mark.parametrize("instructions", [True, False])
def test_round_trip_is_exact(tmp_path, instructions):
    dataset = small_dataset()
    path = write_workbook(dataset, tmp_path / "data.xlsx", instructions=instructions)
    back = read_workbook(path)
    assert back.facts() == dataset.facts()
    assert all(isinstance(v, Decimal) for k, v in back.facts().items() if k[0] == "table")
    assert back.fields["主要职能"] == dataset.fields["主要职能"]
    assert [(n.budget, n.code, n.prior, n.planned) for n in back.lines] == \
        [("general", "2010101", D("95.00"), D("98.00")), ("fund", "2296002", Z, None)]
    # a two-sided table comes back left rows first, each half in its printed order
    assert [(r.side, r.label) for r in back.rows("fiscal", "left")] == \
        [("left", r.label) for r in dataset.rows("fiscal", "left")]


def test_sheets_renamed_and_reordered_read_the_same(tmp_path):
    """Exports call their sheets "Sheet3" and order them as they like; the tables are known
    by their titles, 基本情况 and 分科目说明 by their header words."""
    dataset = small_dataset()
    path = write_workbook(dataset, tmp_path / "data.xlsx")
    book = openpyxl.load_workbook(path)
    book.remove(book[INSTRUCTIONS_SHEET])
    for n, sheet in enumerate(list(book.worksheets), 1):
        sheet.title = f"Sheet{n}"
    book._sheets.reverse()
    book.save(tmp_path / "export.xlsx")
    assert read_workbook(tmp_path / "export.xlsx").facts() == dataset.facts()


def test_a_workbook_filled_in_by_hand(tmp_path):
    """Codes typed as numbers, a figure typed as text with a thousands comma, a sum with
    float noise, a blank 预算 (一般公共预算): all read as meant."""
    dataset = small_dataset()
    path = write_workbook(dataset, tmp_path / "data.xlsx")
    book = openpyxl.load_workbook(path)
    income = book[SHEET_NAMES["income"]]
    row = _find(income, "2010101")
    income.cell(row, 1).value = 2010101
    income.cell(row, 3).value = "1,100.00"
    income.cell(row, 4).value = 0.1 + 0.2               # 0.30000000000000004
    lines = book[LINES_SHEET]
    lines.cell(2, 1).value = None
    lines.cell(2, 2).value = 2010101
    book.save(path)
    back = read_workbook(path)
    line = back.row("income", code="2010101")
    assert line.values["本年收入合计"] == D("1100.00") and line.values["财政拨款收入"] == D("0.30")
    assert back.note("general", "2010101").planned == D("98.00")


# -- the template ----------------------------------------------------------------------------

def _header_grid(sheet, top: int, height: int, width: int) -> list[list[str]]:
    """The sheet's header rows, a merged range's text in every cell it covers."""
    cells = [[sheet.cell(top + r, 1 + c).value or "" for c in range(width)] for r in range(height)]
    for merged in sheet.merged_cells.ranges:
        value = sheet.cell(merged.min_row, merged.min_col).value or ""
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if top <= r < top + height and c <= width:
                    cells[r - top][c - 1] = value
    return cells


def test_template_workbook(tmp_path):
    template = template_dataset(2024)
    path = write_workbook(template, tmp_path / "template.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [INSTRUCTIONS_SHEET, *SHEET_NAMES.values(), FIELDS_SHEET, LINES_SHEET]
    assert all(len(name) <= 31 for name in book.sheetnames)
    assert "万元" in " ".join(str(v) for row in _rows_of(book[INSTRUCTIONS_SHEET]) for v in row if v)
    categories = [entry.code for entry in default().children("")]
    assert len(categories) == 28
    for block in table_blocks(template):
        sheet = book[SHEET_NAMES[block.key]]
        expected = grid(block)
        width = max(len(row) for row in expected)
        assert sheet.cell(1, 1).value == block.title
        assert f"A1:{openpyxl.utils.get_column_letter(width)}1" in {str(r) for r in sheet.merged_cells.ranges}
        assert any(v == "单位：万元" for v in _rows_of(sheet)[1])
        # the header rows as the renderer sets them, merged cells and all
        assert _header_grid(sheet, 3, len(block.header), width) == expected[:len(block.header)]
        body = _rows_of(sheet)[2 + len(block.header):]
        assert len(body) == len(block.body)
        if block.key in ("income", "expenditure", "general", "fund", "capital"):
            assert [row[0] for row in body] == ["合计", *categories]
            assert all(v is None for row in body for v in row[2:])          # blank, not 0
            code_cell = sheet.cell(3 + len(block.header) + 1, 1)
            assert code_cell.data_type == "s" and code_cell.value == "201"
            assert sheet.cell(3 + len(block.header), 3).number_format == "#,##0.00"
    # the summary lists the 28 类 on its right, numbered as the template numbers them
    summary = _rows_of(book[SHEET_NAMES["summary"]])
    assert summary[4][:3] == ["一、一般公共预算财政拨款收入", None, "一、一般公共服务支出"]
    assert [row[0] for row in summary[-4:]] == ["本年收入合计", "使用非财政拨款结余", "年初结转和结余", "总计"]
    assert sum(1 for row in summary if row[2] and "、" in row[2]) == 28
    fields = _rows_of(book[FIELDS_SHEET])
    assert fields[0] == ["项目", "内容", "说明"]
    assert [row[0] for row in fields[1:]] == [f.key for f in FIELDS]
    assert fields[2][1] == 2024 and fields[1][1] is None
    assert fields[1][2].startswith("必填") and not fields[3][2].startswith("必填")
    assert _rows_of(book[LINES_SHEET]) == [["预算", "科目编码", "科目名称", "上年决算数", "年初预算数", "主要用途", "原因"]]
    # the template itself is no dataset yet: 部门名称 is missing
    assert "部门名称" in _error(path)


# -- bad input -------------------------------------------------------------------------------

def _edited(tmp_path, edit) -> str:
    path = write_workbook(small_dataset(), tmp_path / "data.xlsx")
    book = openpyxl.load_workbook(path)
    edit(book)
    book.save(path)
    return _error(path)


def test_a_figure_that_is_text(tmp_path):
    def edit(book):
        sheet = book[SHEET_NAMES["income"]]
        sheet.cell(_find(sheet, "2010101"), 3).value = "一百万"
    message = _edited(tmp_path, edit)
    assert "表2 收入决算表" in message and "C8" in message and "一百万" in message


def test_a_figure_that_is_text_in_a_two_sided_table(tmp_path):
    def edit(book):
        sheet = book[SHEET_NAMES["fiscal"]]
        sheet.cell(_find(sheet, "本年收入合计"), 5).value = "见附表"
    message = _edited(tmp_path, edit)
    assert "表4 财政拨款收入支出决算总表" in message and "E8" in message


def test_a_third_decimal(tmp_path):
    def edit(book):
        book[SHEET_NAMES["sangong"]]["B7"].value = 9.305
    message = _edited(tmp_path, edit)
    assert "表7" in message and "B7" in message and "two decimals" in message


def test_a_missing_department(tmp_path):
    def edit(book):
        book[FIELDS_SHEET]["B2"].value = None
    message = _edited(tmp_path, edit)
    assert "基本情况" in message and "B2" in message and "部门名称" in message


def test_a_count_that_is_not_whole(tmp_path):
    def edit(book):
        sheet = book[FIELDS_SHEET]
        sheet.cell(_find(sheet, "在职人员"), 2).value = 35.5
    message = _edited(tmp_path, edit)
    assert "基本情况" in message and "在职人员" in message and "whole" in message


def test_an_unknown_budget(tmp_path):
    def edit(book):
        book[LINES_SHEET]["A3"].value = "专项资金"
    message = _edited(tmp_path, edit)
    assert "分科目说明" in message and "A3" in message and "专项资金" in message


def test_no_fields_sheet(tmp_path):
    def edit(book):
        book.remove(book[FIELDS_SHEET])
    assert "基本情况" in _edited(tmp_path, edit)


def test_a_zip_of_junk(tmp_path):
    junk = tmp_path / "junk.xlsx"
    with zipfile.ZipFile(junk, "w") as archive:
        archive.writestr("notes.txt", b"\x00\x01 not a workbook " * 50)
    assert "junk.xlsx" in _error(junk)
    # a zip that claims to be a workbook but holds nonsense
    fake = tmp_path / "fake.xlsx"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<<<not xml")
    assert "fake.xlsx" in _error(fake)


def test_not_a_workbook(tmp_path):
    text = tmp_path / "report.txt"
    text.write_text("青禾市水务局2024年度部门决算\n", encoding="utf-8")
    assert "not a workbook" in _error(text)
