"""The bundled example's tables as the final-accounts software exports them to Excel.

``export_forms.export_workbook`` lays the nine tables of the example (the composer's
blocks) out as exports do: a sheet per table, the title merged across, the table's form
number (公开02表), department and unit, a header three rows high with the function code in
类 / 款 / 项 columns, a 栏次 row (in the 三公 table: the numbers 1 … 12 alone), a 行次
column in the two-sided tables, figures as numbers or as text with thousands separators,
zeros as "0.00", blank or "-", the 三公 table in either of the templates' orders, and the
central template's 本年支出 / 小计 and 基本支出 table of three blocks.

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
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from juesuan.api import check_path
from juesuan.dataset.example import example_dataset
from juesuan.dataset.from_report import extract_dataset
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
    "text-blanks": forms.Export(figures="text", zero="", sangong="budget-first", form_label="部门决算公开表{chinese}"),
    # the central template: 本年支出 over 小计, 公用经费 in two blocks, 预算数 over the 三公 items
    "central": forms.Export(codes="merged", subtotal="小计", basic="three-blocks", sangong="budget-first",
                            year_cell="2023年度"),
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


def cell_of(laid_out: forms.Sheet, block_row: int, block_column: int) -> str:
    return f"{get_column_letter(laid_out.columns[block_column])}{laid_out.body_rows[block_row]}"


def block_of(blocks, key: str) -> TableBlock:
    return next(b for b in blocks if isinstance(b, TableBlock) and b.key == key)


def row_of(block: TableBlock, first: str) -> int:
    return next(n for n, row in enumerate(block.body) if row[0].text == first)


@pytest.fixture(scope="module")
def planted(example, books, tmp_path_factory):
    """One figure changed in each of three sheets of the split-codes export: 2010301 行政运行's
    财政拨款收入 in 收入决算表 (its row no longer adds up, nor its 款's 财政拨款收入), the
    三公 公务接待费 决算数, and 总计 on the left of 收入支出决算总表."""
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
    return check_path(target), places, target


def test_planted_cells_are_found_at_their_sheet_and_cell(planted):
    """Each finding names the cell that is wrong: 2010301's 财政拨款收入 (F; its row's
    本年收入合计 and its 款 20103's 财政拨款收入, both right, are not blamed: the sum down
    the column shows which cell of the row it is), the 三公 合计 决算数 (B) and the left 总计
    (the right one, the right sum, is not blamed)."""
    result, places, _ = planted
    income, sangong, summary = places["income"], places["sangong"], places["summary"]
    assert sorted((f.rule, f.location.sheet, f.location.cell, f.stated, f.expected) for f in result.findings) == [
        ("T101", "表2", income, "7010.18", "7001.18"),
        ("T101", "表7", f"B{sangong[1:]}", "407.27", "398.27"),
        ("T103", "表1", summary, "272928.27", "272982.27"),
    ]


def test_every_finding_in_a_workbook_names_its_sheet_and_cell(planted):
    result, _, _ = planted
    assert result.errors
    for finding in result.findings:
        if finding.location.table is not None:
            assert finding.location.sheet and finding.location.cell, finding


def placed(result) -> list:
    return sorted((f.rule, f.location.table, f.location.row, f.location.sheet, f.location.cell,
                   Decimal(f.stated.replace(",", "")), Decimal(f.expected.replace(",", "")))
                  for f in result.findings)


# -- saved by LibreOffice as .xls and .ods ---------------------------------------------------------


@pytest.fixture(scope="module")
def converted(books, planted, tmp_path_factory) -> dict[tuple[str, str], Path]:
    """The text-figures export and the planted one, saved as .xls and as .ods."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: no engine to save .xls and .ods")
    folder = tmp_path_factory.mktemp("converted")
    profile = (folder / ".lo-profile").resolve().as_uri()
    sources = {"text": books["merged-codes-text-dashes"][0], "planted": planted[2]}
    out = {}
    for suffix in ("xls", "ods"):
        subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", suffix,
                        "--outdir", str(folder), *map(str, sources.values())],
                       check=True, capture_output=True, timeout=300)
        for name, path in sources.items():
            out[(name, suffix)] = folder / f"{path.stem}.{suffix}"
    assert all(path.exists() for path in out.values()), list(folder.iterdir())
    return out


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_converted_workbook_reads_as_the_xlsx(example, converted, suffix):
    dataset, _ = example
    result = check_path(converted[("text", suffix)])
    assert describe(result.findings) == []
    back = table_facts(extract_dataset(result.report, result.flow).facts())
    assert back == table_facts(dataset.facts())


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_converted_planted_workbook_draws_the_same_findings_at_the_same_cells(planted, converted, suffix):
    assert placed(check_path(converted[("planted", suffix)])) == placed(planted[0])


# -- the text as a Word document, the tables attached as a workbook --------------------------------


@pytest.fixture(scope="module")
def narrative(example, tmp_path_factory) -> Path:
    """The example's text without its tables, as a Word document."""
    from juesuan.render.docx import write_docx

    _, blocks = example
    path = tmp_path_factory.mktemp("narrative") / "说明.docx"
    write_docx([block for block in blocks if not isinstance(block, TableBlock)], path)
    return path


def test_narrative_with_the_exported_workbook_attached_checks_clean(narrative, books):
    result = check_path(narrative, attachments=[books["split-codes"][0]])
    assert len(result.report.tables) == 9
    assert describe(result.findings) == []


def test_narrative_with_a_planted_workbook_attached_names_the_file_sheet_and_cell(narrative, planted):
    result = check_path(narrative, attachments=[planted[2]])
    tables = [f for f in result.findings if f.location.table is not None]
    assert placed(planted[0]) == sorted(
        (f.rule, f.location.table, f.location.row, f.location.sheet, f.location.cell,
         Decimal(f.stated.replace(",", "")), Decimal(f.expected.replace(",", ""))) for f in tables)
    assert {f.location.file for f in tables} == {str(planted[2])}


# -- an OpenDocument spreadsheet written by hand (no LibreOffice needed) ----------------------------

_ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def _ods_cell(value, across: int = 1, down: int = 1) -> str:
    spans = (f' table:number-columns-spanned="{across}" table:number-rows-spanned="{down}"'
             if across > 1 or down > 1 else "")
    if value is None:
        return f"<table:table-cell{spans}/>"
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value}"{spans}>'
                f"<text:p>{value}</text:p></table:table-cell>")
    return f'<table:table-cell office:value-type="string"{spans}><text:p>{value}</text:p></table:table-cell>'


def write_ods(path: Path, name: str, rows: list[list]) -> Path:
    """One sheet; a cell is a value, (value, columns, rows) for a merged one, or "covered"
    for a slot a merged cell covers (as the format writes it)."""
    import zipfile

    body = []
    for row in rows:
        cells = []
        for cell in row:
            if cell == "covered":
                cells.append("<table:covered-table-cell/>")
            elif isinstance(cell, tuple):
                cells.append(_ods_cell(*cell))
            else:
                cells.append(_ods_cell(cell))
        body.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="{name}">'
               f'<table:table-column table:number-columns-repeated="12"/>{"".join(body)}'
               f"</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        package.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        package.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def sangong_rows(figures: list) -> list[list]:
    covered = "covered"
    return [
        [("财政拨款“三公”经费支出决算表", 12), *[covered] * 11],
        [None] * 11 + ["单位：万元"],
        [("合计", 2, 2), covered, ("因公出国（境）费", 2, 2), covered, ("公务用车购置及运行维护费", 6), *[covered] * 5,
         ("公务接待费", 2, 2), covered],
        [covered, covered, covered, covered, ("小计", 2), covered, ("公务用车购置费", 2), covered,
         ("公务用车运行维护费", 2), covered, covered, covered],
        ["预算数", "决算数"] * 6,
        figures,
    ]


def test_ods_merged_header_cells_name_every_column_under_them(tmp_path):
    """calamine gives no merged ranges for .ods: the header cells over several columns were
    read in their first column only, the columns under them named "决算数" alone, all taken
    for 合计's, and a wrong 合计 went unseen."""
    good = [30.0, 28.5, 0, 0, 20.0, 19.0, 0, 0, 20.0, 19.0, 10.0, 9.5]
    result = check_path(write_ods(tmp_path / "good.ods", "表7", sangong_rows(good)))
    (table,) = result.report.tables
    (row,) = table.rows
    assert {key: cell.value for key, cell in row.cells.items()} == {
        "合计:预算数": Decimal("30.00"), "合计:决算数": Decimal("28.50"),
        "因公出国（境）费:预算数": Decimal("0.00"), "因公出国（境）费:决算数": Decimal("0.00"),
        "公务用车购置及运行维护费:预算数": Decimal("20.00"), "公务用车购置及运行维护费:决算数": Decimal("19.00"),
        "公务用车购置费:预算数": Decimal("0.00"), "公务用车购置费:决算数": Decimal("0.00"),
        "公务用车运行维护费:预算数": Decimal("20.00"), "公务用车运行维护费:决算数": Decimal("19.00"),
        "公务接待费:预算数": Decimal("10.00"), "公务接待费:决算数": Decimal("9.50")}
    assert describe(result.findings) == []
    bad = [*good[:11], 5.9]           # 公务接待费 决算数 typed 5.9 for 9.5
    result = check_path(write_ods(tmp_path / "bad.ods", "表7", sangong_rows(bad)))
    assert [(f.rule, f.stated, f.expected, f.location.sheet, f.location.cell) for f in result.findings] == [
        ("T101", "28.50", "24.90", "表7", "B6")]


# -- the 基本支出 table's totals ----------------------------------------------------------------


@pytest.mark.parametrize("shape", ["split-codes", "central"])
def test_basic_table_totals_are_the_sums_of_their_classes(example, books, tmp_path, shape):
    """人员经费合计 and 公用经费合计 were checked by no rule: each is the sum of the economic
    类 of its half (301 + 303; 302 + 310), in two blocks or in three."""
    path, laid_out = books[shape]
    sheet = laid_out["basic"]
    last = sheet.body_rows[-1]
    personnel, public = (f"{get_column_letter(sheet.columns[j])}{last}" for j in (2, 5))
    book = openpyxl.load_workbook(path)
    book["表6"][personnel].value = 8100.42          # 8,010.42 with two digits swapped
    book["表6"][public].value = 6562.25             # 6,526.25 likewise
    book.save(target := tmp_path / "basic.xlsx")
    assert sorted((f.rule, f.location.row, f.location.cell, f.stated, f.expected)
                  for f in check_path(target).findings) == [
        ("T102", "人员经费合计", personnel, "8100.42", "8010.42"),
        ("T102", "公用经费合计", public, "6562.25", "6526.25")]


def test_basic_table_total_is_not_checked_when_a_class_is_not_printed(tmp_path):
    """A half that prints a 款 without its 类 does not say what its total is the sum of."""
    rows = [["一般公共预算财政拨款基本支出决算表"], ["单位：万元"],
            ["人员经费", "", "", "公用经费"], ["科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"],
            ["301", "工资福利支出", 50, "302", "商品和服务支出", 20],
            ["30101", "基本工资", 50, "30201", "办公费", 20],
            ["30302", "退休费", 5, "", "", ""],
            ["", "人员经费合计", 55, "", "公用经费合计", 20]]
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path := tmp_path / "basic.xlsx")
    assert describe(check_path(path).findings) == []


def test_nine_tables_on_one_sheet_are_read_as_nine(example, tmp_path):
    """A sheet holding the nine tables one below the other was taken for a list of contents
    (it names three tables and more) and the workbook refused as no report."""
    dataset, blocks = example
    path = tmp_path / "one-sheet.xlsx"
    sheet = forms.export_one_sheet(blocks, path, dataset.fields["部门名称"])
    result = check_path(path)
    assert [t.spec.key for t in result.report.tables] == [
        "summary", "income", "expenditure", "fiscal", "general", "basic", "sangong", "fund", "capital"]
    assert describe(result.findings) == []
    assert table_facts(extract_dataset(result.report, result.flow).facts()) == table_facts(dataset.facts())
    # a wrong cell is placed on the one sheet
    book = openpyxl.load_workbook(path)
    sangong = next(t for t in result.report.tables if t.spec.key == "sangong")
    row = sangong.sheet_rows[sangong.rows[0].index]
    book.active[f"B{row}"].value = 400.27             # 407.27 with a wrong digit
    book.save(planted := tmp_path / "one-sheet-planted.xlsx")
    assert [(f.rule, f.location.sheet, f.location.cell, f.stated, f.expected)
            for f in check_path(planted).findings] == [("T101", "部门决算公开表", f"B{row}", "400.27", "407.27")]


# -- the text against a table whose own sums say which is wrong ------------------------------------


def _basic_planted(books, tmp_path, edits: dict[tuple[int, int], float]) -> Path:
    """The central export with cells of the 基本支出 table changed: (block row, block column)
    -> value (a negative row counts from the end)."""
    path, laid_out = books["central"]
    sheet = laid_out["basic"]
    book = openpyxl.load_workbook(path)
    for (row, column), value in edits.items():
        book["表6"][f"{get_column_letter(sheet.columns[column])}{sheet.body_rows[row]}"].value = value
    book.save(target := tmp_path / "basic.xlsx")
    return target


def test_text_is_not_blamed_for_a_table_total_its_own_parts_contradict(narrative, books, tmp_path):
    """The table's 人员经费合计 is not the sum of its 类, which is what the text says: the
    table's cell is the one in the wrong (T102 names it), not the sentence."""
    target = _basic_planted(books, tmp_path, {(-1, 2): 8100.42})
    result = check_path(narrative, attachments=[target])
    assert [(f.rule, f.location.row, f.stated, f.expected) for f in result.findings] == [
        ("T102", "人员经费合计", "8100.42", "8010.42")]


def test_text_is_blamed_where_the_table_adds_up(narrative, books, tmp_path):
    """人员经费合计, 301 and 30101 all 9.00 more: the table adds up, the text's 人员经费 is
    not its figure."""
    target = _basic_planted(books, tmp_path, {(-1, 2): 8019.42, (0, 2): 7802.28, (1, 2): 1030.36})
    result = check_path(narrative, attachments=[target])
    assert [(f.rule, f.stated, f.expected) for f in result.findings] == [("T301", "8,010.42 万元", "8,019.42 万元")]


def test_cli_names_the_sheet_and_cell(planted):
    from click.testing import CliRunner

    from juesuan.cli import main

    _, places, path = planted
    out = CliRunner().invoke(main, ["check", str(path)])
    assert out.exit_code == 1
    assert f"工作表“表7” B{places['sangong'][1:]} 《财政拨款“三公”经费支出决算表》合计" in out.stdout


def test_web_report_page_names_the_sheet_and_cell(planted, tmp_path):
    pytest.importorskip("starlette")
    pytest.importorskip("httpx")
    import time
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from juesuan.web.app import Settings, create_app

    _, places, path = planted
    app = create_app(Settings(max_bytes=3 * 1024 * 1024, workers=1, root=str(tmp_path)))
    with TestClient(app) as client:
        upload = client.post("/upload", files=[("files", (path.name, path.read_bytes()))],
                             headers={"Accept": "application/json"}).json()
        deadline = time.monotonic() + 120
        while (status := client.get(f"/api/uploads/{upload['upload']}").json())["pending"]:
            assert time.monotonic() < deadline, "the upload was not checked in time"
            time.sleep(0.2)
        page = client.get(f"/u/{status['upload']}/{status['files'][0]['id']}")
    assert page.status_code == 200
    assert f"工作表“表7” B{places['sangong'][1:]}" in page.text


def test_a_hidden_sheet_is_not_read(books, tmp_path):
    """Last year's 收入决算表 kept in a hidden sheet of the workbook (a copy the department
    started from) was read as a second 收入决算表 of this year, and checked."""
    path, _ = books["split-codes"]
    book = openpyxl.load_workbook(path)
    old = book.copy_worksheet(book["表2"])
    old.title = "上年收入决算表"
    old["F8"].value = 1.00                   # a figure that adds up with nothing
    old.sheet_state = "hidden"
    book.save(target := tmp_path / "hidden.xlsx")
    result = check_path(target)
    assert describe(result.findings) == []
    assert [t.spec.key for t in result.report.tables].count("income") == 1
    assert "sheet '上年收入决算表' is hidden in the workbook: not read" in result.reader_warnings


def test_review_sheet_names_the_sheet_and_cell(planted):
    from juesuan.report.review_sheet import as_review_dict, review_rows

    result, places, _ = planted
    rows = review_rows(as_review_dict(result))
    assert any(str(row[2]).endswith(f"（工作表“表7” B{places['sangong'][1:]}）") for row in rows), rows
