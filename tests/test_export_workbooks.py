"""The bundled example's tables as the final-accounts software exports them to Excel.

``export_forms.export_workbook`` lays the nine tables of the example (the composer's
blocks) out as exports do: a sheet per table, the title merged across, the table's form
number (公开02表), department and unit, a header three rows high with the function code in
类 / 款 / 项 columns, a 栏次 row (in the 三公 table: the numbers 1 … 12 alone), a 行次
column in the two-sided tables, figures as numbers or as text with thousands separators,
zeros as "0.00", blank or "-", and the 三公 table in either of the templates' orders.

* Each shape draws no finding, and reads back the example's figures Decimal-exact (a
  zero printed blank or "-" reads as no figure).
* A figure changed in a sheet draws its finding, named by the sheet and the cell.
* Saved by LibreOffice as .xls and .ods, a workbook reads the same (skipped without it).
* The example's text as a Word document with the workbook attached checks clean, and a
  planted cell is found in the attachment, at its sheet and cell.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from juesuan.api import check_path
from juesuan.dataset.example import example_dataset
from juesuan.dataset.from_report import extract_dataset
from juesuan.readers.dispatch import read_document
from juesuan.render.blocks import TableBlock
from juesuan.render.compose import compose

try:
    import export_forms as forms
except ImportError:  # pragma: no cover - run with the repository root on sys.path
    from tests import export_forms as forms

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
ZERO = Decimal(0)

SHAPES = {
    "one-code-column": forms.Export(codes="one", column_numbers=False, line_numbers=False, form_numbers=False),
    "split-codes": forms.Export(),
    "own-part-codes": forms.Export(codes="own", sangong="budget-first"),
    "merged-codes-text-dashes": forms.Export(codes="merged", figures="text", zero="-", sheet_names="title"),
    "text-blanks": forms.Export(figures="text", zero="", sangong="budget-first"),
}


@pytest.fixture(scope="module")
def example():
    dataset = example_dataset()
    return dataset, compose(dataset)


@pytest.fixture(scope="module")
def books(example, tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    dataset, blocks = example
    folder = tmp_path_factory.mktemp("exports")
    return {name: (path := folder / f"{name}.xlsx",
                   forms.export_workbook(blocks, path, dataset.fields["部门名称"], form))
            for name, form in SHAPES.items()}


@pytest.fixture(scope="module")
def checked(books) -> dict:
    return {name: check_path(path) for name, (path, _) in books.items()}


def table_facts(facts: dict) -> dict:
    """The tables' figures, a zero left out (a cell printed blank or "-" holds none)."""
    return {key: value for key, value in facts.items() if key[0] == "table" and value != ZERO}


def describe(findings) -> list:
    return [(f.rule, f.location.table, f.location.row, f.location.column, f.stated, f.expected)
            for f in findings]


@pytest.mark.parametrize("shape", SHAPES)
def test_exported_workbook_draws_no_finding(checked, shape):
    result = checked[shape]
    assert describe(result.findings) == []
    assert [t.spec.key for t in result.report.tables] == [
        "summary", "income", "expenditure", "fiscal", "general", "basic", "sangong", "fund", "capital"]


@pytest.mark.parametrize("shape", SHAPES)
def test_exported_workbook_reads_back_the_example(example, checked, shape):
    dataset, _ = example
    result = checked[shape]
    back = table_facts(extract_dataset(result.report, result.flow).facts())
    wanted = table_facts(dataset.facts())
    assert {k: (wanted.get(k), back.get(k)) for k in wanted.keys() | back.keys() if wanted.get(k) != back.get(k)} == {}


# -- planted cells --------------------------------------------------------------------------------


def plant(path: Path, target: Path, sheet: str, cell: str, value) -> Path:
    book = openpyxl.load_workbook(path)
    book[sheet][cell].value = value
    book.save(target)
    return target


def cell_of(laid_out: forms.Sheet, block_row: int, block_column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(laid_out.columns[block_column])}{laid_out.body_rows[block_row]}"


def block_of(blocks, key: str) -> TableBlock:
    return next(b for b in blocks if isinstance(b, TableBlock) and b.key == key)


def row_of(block: TableBlock, first: str) -> int:
    return next(n for n, row in enumerate(block.body) if row[0].text == first)


@pytest.fixture(scope="module")
def planted(example, books, tmp_path_factory):
    """One figure changed in each of three sheets of the split-codes export: 2010301 行政运行's
    财政拨款收入 in 收入决算表 (so the 款, 类 and 合计 above no longer add up, nor the row),
    the 三公 公务接待费 决算数, and 总计 on the left of 收入支出决算总表."""
    _, blocks = example
    path, laid_out = books["split-codes"]
    target = tmp_path_factory.mktemp("planted") / "planted.xlsx"
    book = openpyxl.load_workbook(path)
    income, sangong, summary = (block_of(blocks, key) for key in ("income", "sangong", "summary"))
    places = {
        "income": cell_of(laid_out["income"], row_of(income, "2010301"), 3),
        "sangong": cell_of(laid_out["sangong"], 0, 11),
        "summary": cell_of(laid_out["summary"], len(summary.body) - 1, 1),
    }
    book["表2"][places["income"]].value = 7010.18           # 7,001.18 typed with a wrong digit
    book["表7"][places["sangong"]].value = 78.57            # 87.57 with two digits swapped
    book["表1"][places["summary"]].value = 272928.27        # 272,982.27 with two digits swapped
    book.save(target)
    return check_path(target), places


def test_planted_cells_are_found_at_their_sheet_and_cell(planted):
    """Each finding names the cell that is wrong: the row's total 本年收入合计 (E) of 2010301,
    the 款 20103 above it (F: its 财政拨款收入 is no longer the sum of its 项), the 三公
    合计 决算数 (B) and the left 总计 (the right one, the right sum, is not blamed)."""
    result, places = planted
    income, sangong, summary = places["income"], places["sangong"], places["summary"]
    above = int(income[1:]) - 1           # 20103 is printed just above 2010301
    assert sorted((f.rule, f.location.sheet, f.location.cell, f.stated, f.expected) for f in result.findings) == [
        ("T101", "表2", f"E{income[1:]}", "7001.18", "7010.18"),
        ("T101", "表7", f"B{sangong[1:]}", "407.27", "398.27"),
        ("T102", "表2", f"F{above}", "8856.77", "8865.77"),
        ("T103", "表1", summary, "272928.27", "272982.27"),
    ]


def test_every_finding_in_a_workbook_names_its_sheet_and_cell(planted):
    result, _ = planted
    assert result.errors
    for finding in result.findings:
        if finding.location.table is not None:
            assert finding.location.sheet and finding.location.cell, finding
