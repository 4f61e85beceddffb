"""Data refused with everything wrong at once, nothing written (workbooks, JSON, TOML, CSV).

A workbook given to `render` with several wrong cells (text in a figure cell, a third
decimal, a required field left empty, a formula without a saved value) is refused with
every one of them listed, each with its sheet and cell: exit 1, one line on stderr, the
list on stdout, no file written. A workbook whose figures are formulas that were never
calculated is told so by name, with what to do. A workbook without the 三公 table is
refused instead of rendering "三公经费 0.00 万元".
"""
from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from juesuan.cli import main
from juesuan.dataset.model import DataProblems
from juesuan.dataset.workbook import FIELDS_SHEET, SHEET_NAMES, read_workbook, write_workbook


@pytest.fixture(scope="module")
def clean_workbook(tmp_path_factory):
    from juesuan.dataset.example import example_dataset
    path = tmp_path_factory.mktemp("data") / "example.xlsx"
    write_workbook(example_dataset(), path)
    return path


def _edited(clean, folder, edit) -> object:
    book = openpyxl.load_workbook(clean)
    edit(book)
    path = folder / "data.xlsx"
    book.save(path)
    return path


def _render_refused(data, folder) -> list[str]:
    """Render ``data``: refused, exit 1, one stderr line, nothing written; the stdout lines."""
    before = sorted(p.name for p in folder.iterdir())
    result = CliRunner().invoke(main, ["render", str(data), "-o", str(folder / "report.html")])
    assert result.exit_code == 1, result.output
    (line,) = [line for line in result.stderr.splitlines() if line.strip()]
    assert line.startswith(f"juesuan: {data}: the data has ") and line.endswith("nothing was written")
    assert "Traceback" not in result.output
    assert sorted(p.name for p in folder.iterdir()) == before
    return [line for line in result.stdout.splitlines() if line.strip()]


def test_every_bad_cell_is_listed_at_once(clean_workbook, tmp_path):
    def spoil(book):
        income, expenditure = book[SHEET_NAMES["income"]], book[SHEET_NAMES["expenditure"]]
        income["C6"] = "约一万"
        income["D7"] = "n/a"
        expenditure["C6"] = 1234.567
        expenditure["D6"] = "=C6-E6"            # openpyxl stores no value for it
        book[FIELDS_SHEET]["B2"] = None         # 部门名称
    data = _edited(clean_workbook, tmp_path, spoil)
    listed = _render_refused(data, tmp_path)
    assert len(listed) == 5
    for where, words in [("sheet 表2 收入决算表, cell C6", "'约一万' is not a figure"),
                         ("sheet 表2 收入决算表, cell D7", "'n/a' is not a figure"),
                         ("sheet 表3 支出决算表, cell C6", "more than two decimals"),
                         ("sheet 表3 支出决算表, cell D6", "formula without a saved value"),
                         (f"sheet {FIELDS_SHEET}, cell B2", "部门名称 is missing")]:
        assert any(where in line and words in line for line in listed), (where, listed)
    with pytest.raises(DataProblems) as caught:
        read_workbook(data)
    assert len(caught.value.problems) == 5 and "\n" not in str(caught.value)


def test_formulas_never_calculated_are_told_by_name(clean_workbook, tmp_path):
    def as_formulas(book):
        sheet = book[SHEET_NAMES["income"]]
        for row in sheet.iter_rows(min_row=5, max_row=9, min_col=3, max_col=4):
            for cell in row:
                cell.value = f"=ROUND({cell.value or 0},2)"
    data = _edited(clean_workbook, tmp_path, as_formulas)
    (line,) = _render_refused(data, tmp_path)
    assert "sheet 表2 收入决算表, cells C5, D5, C6, D6" in line and "formulas without a saved value" in line
    assert "open the workbook in Excel or LibreOffice and save it" in line


def test_a_missing_sangong_sheet_is_not_a_report_of_zeros(clean_workbook, tmp_path):
    data = _edited(clean_workbook, tmp_path, lambda book: book.remove(book[SHEET_NAMES["sangong"]]))
    (line,) = _render_refused(data, tmp_path)
    assert "no sheet holds the table 财政拨款“三公”经费支出决算表 (表7)" in line


def test_the_optional_capital_table_may_be_left_out(clean_workbook, tmp_path):
    """A department without 国有资本经营 money often publishes no such table: not refused."""
    data = _edited(clean_workbook, tmp_path, lambda book: book.remove(book[SHEET_NAMES["capital"]]))
    assert "capital" not in read_workbook(data).tables


def test_checking_a_workbook_of_uncalculated_formulas_warns(clean_workbook, tmp_path):
    """`check` reads such cells as empty: the reader says so instead of passing them as blank."""
    from juesuan.readers.dispatch import read_document

    def one_formula(book):
        book[SHEET_NAMES["income"]]["C6"] = "=C7+C8"
    document = read_document(_edited(clean_workbook, tmp_path, one_formula))
    assert any(w.startswith("sheet '表2 收入决算表': 1 formula cell(s) without a saved value (C6)")
               for w in document.warnings), document.warnings
    assert not any("formula" in w for w in read_document(clean_workbook).warnings)


# -- JSON, TOML and CSV data --------------------------------------------------------------------

@pytest.mark.parametrize("name, text, listed", [
    ("data.json", '{"fields": {"年度": 2024, "机关运行经费": "12.345", "车辆": "3.5"}, '
                  '"tables": {"income": [5, {"values": {"本年收入合计": "约一万"}}]}}',
     ["机关运行经费: '12.345' has more than two decimals", "车辆: '3.5' is not a whole number",
      "table income, row 1: expected an object", "table income, row 2, 本年收入合计: '约一万' is not a figure",
      "missing 部门名称"]),
    ("data.json", '{"fields": [1, 2], "tables": {"income": 5}, "lines": [5]}',
     ["fields: expected an object, found list", "table income: expected a list, found int",
      "a line needs a budget and a code: 5", "missing 部门名称, 年度"]),
    ("data.csv", "kind,table,side,code,label,column,value\nfield,,,,年度,,二〇二四\n"
                 "table,income,,201,一般公共服务支出,本年收入合计,1.234\ntable,income\nrow,,,,,,\n",
     ["line 3: '1.234' has more than two decimals", "line 4: expected 7 columns, found 2",
      "line 5: unknown kind 'row'", "年度: '二〇二四' is not a whole number", "missing 部门名称"]),
])
def test_data_files_list_every_problem_at_once(tmp_path, name, text, listed):
    data = tmp_path / name
    data.write_text(text, encoding="utf-8")
    lines = _render_refused(data, tmp_path)
    assert len(lines) == len(listed), lines
    for line, words in zip(lines, listed):
        assert line.startswith(f"{data}: ") and words in line, (line, words)


@pytest.mark.parametrize("name, text", [("deep.json", "[" * 100_000 + "]" * 100_000),
                                        ("deep.toml", "a = " + "[" * 100_000 + "]" * 100_000)])
def test_deeply_nested_data_is_named_as_the_input(tmp_path, name, text):
    data = tmp_path / name
    data.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(data), "-o", str(tmp_path / "report.html")])
    assert result.exit_code == 2
    assert [line for line in result.stderr.splitlines() if line] == \
        [f"juesuan: {data}: nested too deeply to be data (the {name[-4:].upper()} form has three levels)"]
    assert not (tmp_path / "report.html").exists()
