"""Tables pasted into a Word report as embedded Excel worksheet objects.

Word shows such a table as a picture; its figures are in the workbook the .docx carries.
The bundled example is rendered to .docx and each of its Word tables is replaced by a
worksheet object holding the same grid (merged cells merged, figures stored as numbers):
the report must read as it did with Word tables, and a figure changed in one workbook must
be found.
"""
from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

from docx.opc.packuri import PackURI  # noqa: E402
from docx.opc.part import Part  # noqa: E402
from docx.oxml.parser import parse_xml  # noqa: E402

from juesuan.api import check_path  # noqa: E402
from juesuan.readers.dispatch import read_document  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PACKAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
_FIGURE = re.compile(r"-?[\d,]+\.\d+")


@pytest.fixture(scope="module")
def rendered(example_docx) -> Path:
    return example_docx


def _workbook(table, changed: tuple[str, str] | None) -> bytes:
    """The Word table's grid as a one-sheet workbook: a merged cell merged, figures as
    numbers (``changed``: one figure printed otherwise)."""
    book = openpyxl.Workbook()
    sheet = book.active
    spans: dict = {}                       # a cell's element -> [top, left, bottom, right]
    for r, row in enumerate(table.rows, start=1):
        for c, cell in enumerate(row.cells, start=1):
            if cell._tc in spans:
                spans[cell._tc][2:] = [r, c]
                continue
            spans[cell._tc] = [r, c, r, c]
            text = cell.text.strip()
            if changed is not None and text == changed[0]:
                text, changed = changed[1], None
            sheet.cell(r, c, float(Decimal(text.replace(",", ""))) if _FIGURE.fullmatch(text) else text)
    for top, left, bottom, right in spans.values():
        if (top, left) != (bottom, right):
            sheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _with_objects(source: Path, target: Path, changed: tuple[str, str] | None = None) -> int:
    """``source`` with every table replaced by a worksheet object; the number replaced."""
    document = docx.Document(str(source))
    part = document.part
    tables = list(document.tables)
    for number, table in enumerate(tables, start=1):
        sheet = Part(PackURI(f"/word/embeddings/Microsoft_Excel_Worksheet{number}.xlsx"), SHEET_TYPE,
                     _workbook(table, changed if number == 1 else None), part.package)
        rel_id = part.relate_to(sheet, PACKAGE_REL)
        paragraph = parse_xml(
            f'<w:p xmlns:w="{W}" xmlns:o="urn:schemas-microsoft-com:office:office" '
            f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<w:r><w:object><o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" r:id="{rel_id}"/>'
            f'</w:object></w:r></w:p>')
        table._tbl.addprevious(paragraph)
        table._tbl.getparent().remove(table._tbl)
    document.save(str(target))
    return len(tables)


def _findings(path: Path) -> list[tuple]:
    return sorted((f.rule, f.severity, f.stated, f.expected) for f in check_path(path).findings)


def test_worksheet_objects_read_as_the_word_tables_they_replace(rendered, tmp_path):
    target = tmp_path / "objects.docx"
    assert _with_objects(rendered, target) >= 9
    original, objects = read_document(rendered), read_document(target)
    assert len(objects.tables) == len(original.tables)
    assert _findings(target) == _findings(rendered)
    keys = sorted(t.spec.key for t in check_path(target).report.tables)
    assert keys == sorted(t.spec.key for t in check_path(rendered).report.tables) and len(keys) >= 9


def test_a_wrong_figure_in_an_embedded_worksheet_is_found(rendered, tmp_path):
    first = docx.Document(str(rendered)).tables[0]
    total = next(cell.text.strip() for row in first.rows for cell in row.cells if _FIGURE.fullmatch(cell.text.strip()))
    wrong = f"{Decimal(total.replace(',', '')) + 1:.2f}"
    target = tmp_path / "wrong.docx"
    _with_objects(rendered, target, changed=(total, wrong))
    new = [f for f in set(_findings(target)) - set(_findings(rendered)) if f[1] == "error"]
    # the figure raised by 1.00 no longer adds up: a sum over it is 1.00 off
    assert any(stated and expected and abs(Decimal(stated.replace(",", "")) - Decimal(expected.replace(",", ""))) == 1
               for _, _, stated, expected in new), new


def test_an_object_that_is_no_worksheet_is_left_as_a_picture(rendered, tmp_path):
    document = docx.Document(str(rendered))
    picture = Part(PackURI("/word/embeddings/oleObject1.bin"), "application/vnd.openxmlformats-officedocument.oleObject",
                   b"not a workbook", document.part.package)
    rel_id = document.part.relate_to(picture, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject")
    document.paragraphs[0]._p.addnext(parse_xml(
        f'<w:p xmlns:w="{W}" xmlns:o="urn:schemas-microsoft-com:office:office" '
        f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<w:r><w:object><o:OLEObject Type="Embed" ProgID="Excel.Sheet.8" r:id="{rel_id}"/></w:object></w:r></w:p>'))
    target = tmp_path / "picture.docx"
    document.save(str(target))
    assert len(read_document(target).tables) == len(read_document(rendered).tables)
    assert _findings(target) == _findings(rendered)


def test_an_excel_97_worksheet_object_is_read_too(tmp_path):
    # Word stores an Excel 97-2003 worksheet object as an OLE file holding the workbook
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    book = openpyxl.Workbook()
    for row in (["科目编码", "科目名称", "本年收入合计", "财政拨款收入"], ["", "合计", 30.0, 30.0],
                ["205", "教育支出", 30.0, 30.0], ["20501", "教育管理事务", 30.0, 30.0],
                ["2050101", "行政运行", 30.0, 31.0]):
        book.active.append(row)
    book.save(str(tmp_path / "sheet.xlsx"))
    subprocess.run([soffice, "--headless", "--convert-to", "xls", "--outdir", str(tmp_path), str(tmp_path / "sheet.xlsx")],
                   capture_output=True, timeout=180, check=True)
    document = docx.Document()
    document.add_paragraph("青禾市教育局2024年度部门决算")
    document.add_paragraph("收入决算表")
    document.add_paragraph("单位：万元")
    ole = Part(PackURI("/word/embeddings/oleObject1.bin"), "application/vnd.openxmlformats-officedocument.oleObject",
               (tmp_path / "sheet.xls").read_bytes(), document.part.package)
    rel_id = document.part.relate_to(ole, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject")
    document.element.body.append(parse_xml(
        f'<w:p xmlns:w="{W}" xmlns:o="urn:schemas-microsoft-com:office:office" '
        f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<w:r><w:object><o:OLEObject Type="Embed" ProgID="Excel.Sheet.8" r:id="{rel_id}"/></w:object></w:r></w:p>'))
    document.save(str(tmp_path / "report.docx"))
    (table,) = read_document(tmp_path / "report.docx").tables
    assert table.title == "收入决算表" and table.rows[-1] == ["2050101", "行政运行", "30", "31"]
