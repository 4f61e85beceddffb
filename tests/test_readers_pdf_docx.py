"""The document readers: PDF, Word and Excel files read into the same findings as text.

The real seed report is made into a .docx here (python-docx) and into a PDF by a real
engine (LibreOffice headless on that .docx; skipped when soffice is not installed), and
each is checked against the findings from the text file. Small PDFs with exact layouts
are made with PDFium's own page creation. Every bad-input case is made in tmp_path.
"""
from __future__ import annotations

import ctypes
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from juesuan.api import check_text
from juesuan.readers import limits
from juesuan.readers.dispatch import read_document
from juesuan.model.document import Document
from juesuan.readers.errors import ReadError
from juesuan.readers.sniff import sniff

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_f5ecf316bb4890cf.txt"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
HEADER = "准东经济技术开发区 2023 年度部门决算"


# --- making documents -----------------------------------------------------------------

_PAGE_NO = re.compile(r"\d{1,3}")
_ITEM = re.compile(r"^(?:\d+[.．、]|[（(]\d+[)）]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
_ENDS = ("。", "：", ":", "；", ";")


def seed_paragraphs(text: str) -> list[tuple[bool, str]]:
    """The seed's paragraphs as ``(opens_a_page, text)``.

    The seed is text extracted from a PDF: layout lines separated by blank lines, a
    line opening with a space starts a page, and page numbers stand alone. A line that
    runs to the margin (24+ characters) without ending a sentence continues into the
    next one, unless that opens a page or a numbered item.
    """
    paragraphs: list[list] = []
    open_paragraph = False
    for block in re.split(r"\n[ \t]*\n", text):
        for line in block.split("\n"):
            if not line.strip():
                continue
            opens_page = line.startswith(" ")
            words = line.strip()
            if _PAGE_NO.fullmatch(words):
                continue
            if open_paragraph and not opens_page and not _ITEM.match(words):
                paragraphs[-1][1] += words
            else:
                paragraphs.append([opens_page, words])
            open_paragraph = len(words) >= 24 and not words.endswith(_ENDS)
    return [(opens, words) for opens, words in paragraphs]


def _cjk_font(document) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.name = "WenQuanYi Micro Hei"
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "WenQuanYi Micro Hei")
    style.font.size = Pt(12)


def _page_field(paragraph) -> None:
    """A PAGE field in a footer paragraph (begin, instruction, separate, result, end)."""
    from docx.oxml.ns import qn

    for tag, attrs, text in (("w:fldChar", {"w:fldCharType": "begin"}, None),
                             ("w:instrText", {}, " PAGE "),
                             ("w:fldChar", {"w:fldCharType": "separate"}, None),
                             ("w:t", {}, "1"),
                             ("w:fldChar", {"w:fldCharType": "end"}, None)):
        run = paragraph.add_run()._r
        element = run.makeelement(qn(tag), {qn(key): value for key, value in attrs.items()})
        if text is not None:
            element.text = text
        run.append(element)


def make_seed_docx(path: Path, paragraphs: list[tuple[bool, str]], repeat: int = 1) -> Path:
    """The seed as a Word document with a running header and a page-number footer."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    _cjk_font(document)
    first = True
    for _ in range(repeat):
        for opens_page, words in paragraphs:
            paragraph = document.add_paragraph()
            if opens_page and not first:
                paragraph.add_run().add_break(WD_BREAK.PAGE)
            paragraph.add_run(words)
            first = False
    section = document.sections[0]
    section.header.paragraphs[0].text = HEADER
    _page_field(section.footer.paragraphs[0])
    document.save(path)
    return path


def make_table_docx(path: Path) -> Path:
    """A paragraph, a 3x3 table with a horizontal and a vertical merge, a paragraph."""
    import docx

    document = docx.Document()
    _cjk_font(document)
    document.add_paragraph("表1 支出决算表")
    table = document.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    table.cell(0, 0).merge(table.cell(0, 1)).text = "项目名称"
    table.cell(0, 2).text = "金额"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "基本支出"
    table.cell(1, 1).text = "人员经费"
    table.cell(1, 2).text = "100.00"
    table.cell(2, 1).text = "公用经费"
    table.cell(2, 2).text = "50.00"
    document.add_paragraph("以上为本年支出。")
    document.save(path)
    return path


TABLE_ROWS = [["项目名称", "项目名称", "金额"],
              ["基本支出", "人员经费", "100.00"],
              ["基本支出", "公用经费", "50.00"]]


def to_pdf(source: Path, target_dir: Path | None = None) -> Path:
    """Convert with LibreOffice headless (a real engine); the caller skips without it."""
    out = target_dir or source.parent
    profile = (out / ".lo-profile").resolve().as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=240)
    result = out / (source.stem + ".pdf")
    assert result.exists()
    return result


def convert(source: Path, target: str) -> Path:
    out = source.parent
    profile = (out / ".lo-profile").resolve().as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    target, "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=240)
    result = out / f"{source.stem}.{target.split(':')[0]}"
    assert result.exists()
    return result


def make_pdf(path: Path, pages: list[list[tuple[float, float, str]]],
             rules: list[list[tuple[float, float, float, float]]] | None = None,
             size: tuple[float, float] = (595, 842), filled: bool = False) -> Path:
    """A PDF made by PDFium itself: ASCII text at given points, and rules, stroked or
    (``filled``) drawn as thin filled rectangles, as Word's PDF export draws borders."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    for number, lines in enumerate(pages):
        page = pdf.new_page(*size)
        for x, y, text in lines:
            obj = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(10))
            wide = (text + "\0").encode("utf-16-le")
            buffer = ctypes.create_string_buffer(wide, len(wide))
            raw.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
            raw.FPDFPage_InsertObject(page.raw, obj)
        for x0, y0, x1, y1 in (rules[number] if rules else []):
            if filled:
                left, bottom = min(x0, x1) - 0.25, min(y0, y1) - 0.25
                line = raw.FPDFPageObj_CreateNewRect(left, bottom, abs(x1 - x0) + 0.5, abs(y1 - y0) + 0.5)
                raw.FPDFPath_SetDrawMode(line, raw.FPDF_FILLMODE_WINDING, 0)
            else:
                line = raw.FPDFPageObj_CreateNewPath(x0, y0)
                raw.FPDFPath_LineTo(line, x1, y1)
                raw.FPDFPath_SetDrawMode(line, 0, 1)
                raw.FPDFPageObj_SetStrokeWidth(line, ctypes.c_float(0.75))
            raw.FPDFPage_InsertObject(page.raw, line)
        page.gen_content()
    pdf.save(str(path))
    pdf.close()
    return path


def make_xlsx(path: Path, sheets: dict[str, list[tuple[str, str]]],
              merges: dict[str, list[str]] | None = None) -> Path:
    """A minimal real .xlsx: inline-string and number cells, optional merged ranges."""
    def cell(ref: str, value: str) -> str:
        if re.fullmatch(r"-?\d+(\.\d+)?", value):
            return f'<c r="{ref}"><v>{value}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'

    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    pkg = "http://schemas.openxmlformats.org/package/2006"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1))
        archive.writestr("[Content_Types].xml",
                         f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{pkg}/content-types">'
                         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                         'package.relationships+xml"/><Default Extension="xml" ContentType='
                         '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
                         '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main'
                         f'+xml"/>{overrides}</Types>')
        archive.writestr("_rels/.rels",
                         f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}/'
                         f'relationships"><Relationship Id="rId1" Type="{office}/officeDocument" '
                         'Target="xl/workbook.xml"/></Relationships>')
        listed = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, name in enumerate(sheets, start=1))
        archive.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook '
                         f'{ns} {rel_ns}><sheets>{listed}</sheets></workbook>')
        rels = "".join(f'<Relationship Id="rId{i}" Type="{office}/worksheet" '
                       f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
        archive.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?>'
                         f'<Relationships xmlns="{pkg}/relationships">{rels}</Relationships>')
        for i, (name, cells) in enumerate(sheets.items(), start=1):
            rows: dict[int, list[str]] = {}
            for ref, value in cells:
                rows.setdefault(int(re.sub(r"[A-Z]", "", ref)), []).append(cell(ref, value))
            data = "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(rows.items()))
            merged = ""
            if merges and merges.get(name):
                merged = (f'<mergeCells count="{len(merges[name])}">'
                          + "".join(f'<mergeCell ref="{ref}"/>' for ref in merges[name])
                          + "</mergeCells>")
            archive.writestr(f"xl/worksheets/sheet{i}.xml", f'<?xml version="1.0" encoding="UTF-8"?>'
                             f'<worksheet {ns}><sheetData>{data}</sheetData>{merged}</worksheet>')
    return path


# --- the seed as .docx and PDF -----------------------------------------------------------


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("the seed report is not in this checkout's workspace")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_docx(seed_text, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("seed")
    return make_seed_docx(folder / "seed.docx", seed_paragraphs(seed_text))


@pytest.fixture(scope="module")
def seed_pdf(seed_docx) -> Path:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: no engine to make the PDF")
    return to_pdf(seed_docx)


def _squeeze(text: str | None) -> str:
    return "".join((text or "").split())


def _findings(result) -> dict[tuple[str, str | None], list[str]]:
    """(rule, stated) -> quotes without whitespace (lines differ between formats)."""
    found: dict[tuple[str, str | None], list[str]] = {}
    for finding in result.findings:
        found.setdefault((finding.rule, finding.stated), []).append(_squeeze(finding.location.quote))
    return found


def _difference(expected: dict, got: dict) -> tuple[list, list]:
    """Findings of ``expected`` not in ``got`` and the reverse; quotes match when one
    holds the other (a quote is cut from the line or paragraph around the finding)."""
    def covered(key, quote, other):
        return any(quote in theirs or theirs in quote for theirs in other.get(key, []))

    missing = [(key, q) for key, quotes in expected.items() for q in quotes if not covered(key, q, got)]
    extra = [(key, q) for key, quotes in got.items() for q in quotes if not covered(key, q, expected)]
    return missing, extra


def test_docx_of_the_seed_gives_the_same_findings(seed_text, seed_docx):
    document = read_document(seed_docx)
    assert document.kind == "docx" and document.warnings == []
    assert HEADER not in document.text  # headers are not body text
    missing, extra = _difference(_findings(check_text(seed_text, "seed")),
                                 _findings(check_text(document.text, str(seed_docx))))
    assert (missing, extra) == ([], [])


def test_pdf_of_the_seed_gives_the_same_findings_with_pages(seed_text, seed_pdf):
    import pypdfium2 as pdfium

    document = read_document(seed_pdf)
    assert document.kind == "pdf" and document.warnings == []
    pages = len(pdfium.PdfDocument(str(seed_pdf)))
    assert document.text.count("\f") == pages - 1
    # running header and page-number footer are gone
    assert HEADER not in document.text
    lines = [line.strip("\f") for line in document.text.splitlines()]
    assert not [line for line in lines if re.fullmatch(r"\d{1,3}", line)]
    result = check_text(document.text, str(seed_pdf))
    assert result.tool_errors == []
    missing, extra = _difference(_findings(check_text(seed_text, "seed")), _findings(result))
    # M103 (a full line that ends mid-word before a heading) depends on where the PDF
    # wraps: LibreOffice's last line of that paragraph is a little short of full width.
    assert [key for key, _ in missing if key[0] != "M103"] == []
    assert extra == []
    assert all(finding.location.page is not None for finding in result.findings)
    assert len({finding.location.page for finding in result.findings}) > 5
    by_rule = {(f.rule, f.stated): f for f in result.findings}
    # 机关运行经费 growth is on the page that holds it in the PDF
    finding = by_rule[("G101", "80.00%")]
    page_text = document.text.split("\f")[finding.location.page - 1]
    assert "机关运行经费" in page_text


# --- tables ----------------------------------------------------------------------------------


def test_docx_table_in_body_order_with_merged_cells(tmp_path):
    document = read_document(make_table_docx(tmp_path / "table.docx"))
    assert document.text.splitlines() == ["表1 支出决算表", "项目名称  金额", "基本支出  人员经费  100.00",
                                          "公用经费  50.00", "以上为本年支出。"]
    [table] = document.tables
    assert table.rows == TABLE_ROWS
    assert (table.line, table.index, table.title, table.page) == (2, 1, "表1 支出决算表", None)


@needs_soffice
def test_pdf_ruled_table_from_libreoffice(tmp_path):
    document = read_document(to_pdf(make_table_docx(tmp_path / "table.docx")))
    [table] = document.tables
    assert table.rows == TABLE_ROWS
    assert table.page == 1 and _squeeze(table.title) == "表1支出决算表"
    lines = document.text.splitlines()
    assert lines[table.line - 1] == "项目名称  金额"
    assert "基本支出  人员经费  100.00" in lines and lines[-1] == "以上为本年支出。"


@pytest.mark.parametrize("filled", [False, True], ids=["stroked", "filled"])
def test_pdf_ruled_table_from_drawn_lines(tmp_path, filled):
    # a 3x3 grid; the border between the first two header cells is missing (merged)
    xs, ys = [72, 172, 272, 372], [700, 680, 660, 640]
    rules = [(xs[0], y, xs[-1], y) for y in ys]
    rules += [(x, ys[0], x, ys[-1]) for x in (xs[0], xs[2], xs[3])]
    rules += [(xs[1], ys[1], xs[1], ys[-1])]
    text = [(76, 686, "Item"), (276, 686, "Amount"), (76, 666, "Basic"), (176, 666, "Staff"),
            (276, 666, "100.00"), (76, 646, "Project"), (176, 646, "Other"), (276, 646, "50.00"),
            (72, 720, "Table 1 Expenditure"), (72, 600, "After the table.")]
    document = read_document(make_pdf(tmp_path / "grid.pdf", [text], [rules], filled=filled))
    [table] = document.tables
    assert table.rows == [["Item", "Item", "Amount"], ["Basic", "Staff", "100.00"],
                          ["Project", "Other", "50.00"]]
    assert table.title == "Table 1 Expenditure"
    assert document.text.splitlines() == ["Table 1 Expenditure", "Item  Amount", "Basic  Staff  100.00",
                                          "Project  Other  50.00", "After the table."]


def test_pdf_table_rows_are_the_lines_the_grid_gives(tmp_path):
    # an empty table: a header row and three blank rows, then a heading and its text
    xs, ys = [72, 172, 272], [700, 680, 660, 640, 620]
    rules = [(xs[0], y, xs[-1], y) for y in ys] + [(x, ys[0], x, ys[-1]) for x in xs]
    text = [(76, 686, "Item"), (176, 686, "Amount"), (72, 720, "Table 9"),
            (72, 600, "Part three"), (72, 580, "The text of part three.")]
    document = read_document(make_pdf(tmp_path / "empty.pdf", [text], [rules]))
    [table] = document.tables
    assert table.rows == [["Item", "Amount"]]
    lines = document.text.splitlines()
    assert lines[table.line - 1:table.line - 1 + len(table.rows)] == ["Item  Amount"]
    assert lines[table.line - 1 + len(table.rows):] == ["Part three", "The text of part three."]


def test_pdf_running_header_and_page_numbers_dropped(tmp_path):
    pages = []
    for number in range(1, 5):
        pages.append([(72, 800, "Department final accounts 2023"),
                      (72, 700, f"Body text of page {number} with 1.50 and 2.{number}0."),
                      (72, 680, "Second line of the body."),
                      (290, 40, f"- {number} -" if number % 2 else f"{number}")])
    document = read_document(make_pdf(tmp_path / "heads.pdf", pages))
    assert document.text.split("\f") == [
        f"Body text of page {n} with 1.50 and 2.{n}0.\nSecond line of the body.\n" for n in range(1, 5)]


def test_pdf_keeps_a_number_that_is_not_a_page_number(tmp_path):
    pages = [[(72, 700, "Total"), (72, 100, "2023")], [(72, 700, "Total again"), (72, 100, "817")]]
    text = read_document(make_pdf(tmp_path / "numbers.pdf", pages)).text
    assert "2023" in text and "817" in text


def test_xlsx_sheets_as_tables_and_pages(tmp_path):
    path = make_xlsx(tmp_path / "book.xlsx", {
        "收入支出决算总表": [("B2", "项目"), ("C2", "金额"), ("B3", "基本支出"), ("C3", "100.5"),
                      ("B4", "合计"), ("C4", "100.5"), ("E9", "")],
        "支出决算表": [("A1", "科目"), ("C1", "本年"), ("A2", "201"), ("B2", "一般公共服务"),
                  ("C2", "30")],
    }, merges={"支出决算表": ["A1:B1"]})
    document = read_document(path)
    assert document.kind == "xlsx"
    assert [t.title for t in document.tables] == ["收入支出决算总表", "支出决算表"]
    assert document.tables[0].rows == [["项目", "金额"], ["基本支出", "100.5"], ["合计", "100.5"]]
    assert document.tables[1].rows == [["科目", "科目", "本年"], ["201", "一般公共服务", "30"]]
    assert document.text.split("\f") == ["项目  金额\n基本支出  100.5\n合计  100.5\n",
                                         "科目  本年\n201  一般公共服务  30\n"]
    assert [t.line for t in document.tables] == [1, 4] and [t.page for t in document.tables] == [1, 2]


@needs_soffice
@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_xls_and_ods_read_by_content(tmp_path, kind):
    source = make_xlsx(tmp_path / "book.xlsx", {"表一": [("A1", "项目"), ("B1", "金额"),
                                                        ("A2", "合计"), ("B2", "12.25")]})
    converted = convert(source, kind)
    assert sniff(converted).kind == kind
    document = read_document(converted)
    assert document.kind == kind
    assert document.tables[0].rows == [["项目", "金额"], ["合计", "12.25"]]
    assert document.tables[0].title == "表一"


@needs_soffice
@pytest.mark.parametrize("kind", ["doc", "rtf", "odt"])
def test_doc_rtf_odt_converted_with_libreoffice(tmp_path, kind):
    converted = convert(make_table_docx(tmp_path / "table.docx"), kind)
    assert sniff(converted).kind == kind
    document = read_document(converted)
    assert document.kind == kind and document.tables[0].rows == TABLE_ROWS
    assert document.text.splitlines()[0] == "表1 支出决算表"
    assert any("LibreOffice" in warning for warning in document.warnings)


def test_doc_without_libreoffice_is_a_clear_error(tmp_path, monkeypatch):
    import juesuan.readers.docx as docx_reader

    monkeypatch.setattr(docx_reader, "soffice", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(_ole_with("WordDocument"))
    with pytest.raises(ReadError, match=r"old\.doc: .*need LibreOffice.*soffice is not installed"):
        read_document(path)


def test_docx_rendered_page_breaks_become_form_feeds(tmp_path):
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("第一页的内容")
    second = document.add_paragraph()
    run = second.add_run("第二页的内容")
    run._r.insert(0, run._r.makeelement(qn("w:lastRenderedPageBreak"), {}))
    document.add_paragraph("仍在第二页")
    path = tmp_path / "paged.docx"
    document.save(path)
    assert read_document(path).text == "第一页的内容\n\f第二页的内容\n仍在第二页\n"


def test_docx_skips_deleted_text_and_reads_line_breaks(tmp_path):
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml.ns import qn

    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("收入 10.00 万元")
    paragraph.add_run().add_break(WD_BREAK.LINE)
    paragraph.add_run("支出 8.00 万元")
    deleted = paragraph._p.makeelement(qn("w:del"), {qn("w:id"): "1", qn("w:author"): "x"})
    run = deleted.makeelement(qn("w:r"), {})
    text = run.makeelement(qn("w:delText"), {})
    text.text = "删除的 99.00 万元"
    run.append(text)
    deleted.append(run)
    paragraph._p.append(deleted)
    path = tmp_path / "breaks.docx"
    document.save(path)
    assert read_document(path).text == "收入 10.00 万元\n支出 8.00 万元\n"


# --- bad input ------------------------------------------------------------------------------


def _read_error(path: Path) -> str:
    started = time.monotonic()
    with pytest.raises(ReadError) as caught:
        read_document(path)
    assert time.monotonic() - started < 30
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path))
    return message


def test_empty_and_blank_files(tmp_path):
    (tmp_path / "empty.pdf").write_bytes(b"")
    assert "file is empty" in _read_error(tmp_path / "empty.pdf")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n ")
    assert "empty" in _read_error(tmp_path / "blank.txt")


def test_missing_file_and_directory(tmp_path):
    assert "no such file" in _read_error(tmp_path / "nothing.pdf")
    assert "directory" in _read_error(tmp_path)


def test_scanned_pdf_without_text_layer(tmp_path):
    path = make_pdf(tmp_path / "scan.pdf", [[], []])
    assert _read_error(path).endswith("PDF has no text layer (scanned?): OCR it first")


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(_encrypted_pdf())
    assert "encrypted" in _read_error(path)


def test_corrupt_and_truncated_pdf(tmp_path):
    (tmp_path / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    assert "PDF" in _read_error(tmp_path / "corrupt.pdf")
    whole = make_pdf(tmp_path / "whole.pdf", [[(72, 700, "Some text 1.00")]] * 3).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(whole[: len(whole) // 3])
    try:
        document = read_document(tmp_path / "cut.pdf")
    except ReadError as error:
        assert "\n" not in str(error)
    else:
        assert any("truncated" in warning for warning in document.warnings)


def test_pdf_page_cap(tmp_path, monkeypatch):
    import juesuan.readers.pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, "MAX_PDF_PAGES", 2)
    path = make_pdf(tmp_path / "long.pdf", [[(72, 700, "x")]] * 3)
    assert "3 pages, more than the 2" in _read_error(path)


def test_docx_that_is_not_a_zip(tmp_path):
    (tmp_path / "fake.docx").write_bytes(b"PK\x03\x04" + b"\x00garbage" * 100)
    assert "damaged zip" in _read_error(tmp_path / "fake.docx")
    (tmp_path / "binary.docx").write_bytes(bytes(range(256)) * 8)
    assert "binary" in _read_error(tmp_path / "binary.docx")


def _docx_with_document_xml(path: Path, xml: bytes, template: Path) -> Path:
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = xml if item.filename == "word/document.xml" else source.read(item)
            target.writestr(item.filename, data)
    return path


def _plain_docx(tmp_path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("收入 10.00 万元")
    path = tmp_path / "plain.docx"
    document.save(path)
    return path


def test_zip_bomb_is_refused_before_parsing(tmp_path):
    body = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
            + b" " * (30 * 1024 * 1024) + b"</w:t></w:r></w:p></w:body></w:document>")
    path = _docx_with_document_xml(tmp_path / "bomb.docx", body, _plain_docx(tmp_path))
    assert "zip bomb" in _read_error(path)


def test_zip_total_size_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ZIP_TOTAL", 10_000)
    assert "uncompressed, more than" in _read_error(_plain_docx(tmp_path))


@pytest.mark.parametrize("doctype", [
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;">]>',
    b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
])
def test_hostile_xml_is_refused(tmp_path, doctype):
    body = (b'<?xml version="1.0"?>' + doctype + b'<w:document xmlns:w="http://schemas.'
            b'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol1;'
            b"</w:t></w:r></w:p></w:body></w:document>")
    path = _docx_with_document_xml(tmp_path / "hostile.docx", body, _plain_docx(tmp_path))
    assert "hostile XML" in _read_error(path)


def test_read_by_content_not_by_name(tmp_path):
    pdf = make_pdf(tmp_path / "x.pdf", [[(72, 700, "Report text 12.50")]])
    renamed = tmp_path / "report.docx"
    renamed.write_bytes(pdf.read_bytes())
    document = read_document(renamed)
    assert document.kind == "pdf" and "Report text 12.50" in document.text
    assert document.warnings[0].startswith("named .docx but is a PDF document")
    text_as_pdf = tmp_path / "report.pdf"
    text_as_pdf.write_text("一、收入支出决算总体情况说明\n收入 10.00 万元。\n", encoding="utf-8")
    assert read_document(text_as_pdf).kind == "text"
    png = tmp_path / "report2.pdf"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert "is a PNG image, not a report (PDF, Word, Excel, HTML or text)" in _read_error(png)
    pptx = tmp_path / "slides.docx"
    with zipfile.ZipFile(pptx, "w") as archive:
        archive.writestr("ppt/presentation.xml", "<p/>")
    assert "PowerPoint" in _read_error(pptx)


def test_text_file_through_read_text_file(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("收入 10.00 万元\f支出 8.00 万元\n".encode("gb18030"))
    assert read_document(path) == Document(text="收入 10.00 万元\f支出 8.00 万元\n", kind="text")


def test_html_goes_to_the_html_reader_or_says_it_cannot(tmp_path):
    import importlib.util

    path = tmp_path / "page.bin"
    path.write_text("<!DOCTYPE html><html><body><p>收入 10.00 万元</p></body></html>", encoding="utf-8")
    if importlib.util.find_spec("juesuan.readers.html") is None:
        assert "HTML files cannot be read yet" in _read_error(path)
    else:
        assert read_document(path).kind == "html"


def test_huge_file_refused_before_reading(tmp_path):
    path = tmp_path / "huge.pdf"
    with path.open("wb") as stream:
        stream.truncate(500 * 1024 * 1024)  # sparse: no disk used
    message = _read_error(path)
    assert "500 MB" in message and "100 MB" in message


@pytest.mark.skipif(not limits._isolation_available(), reason="needs the forked, memory-capped reader")
def test_sparse_sheet_that_would_exhaust_memory(tmp_path):
    # calamine allocates A1:XFD1048576 densely: the child hits its memory cap
    path = make_xlsx(tmp_path / "sparse.xlsx", {"Sheet1": [("A1", "a"), ("XFD1048576", "z")]})
    assert "memory" in _read_error(path)


def test_password_protected_office_file(tmp_path):
    path = tmp_path / "secret.docx"
    path.write_bytes(_ole_with("EncryptionInfo", "EncryptedPackage"))
    assert "password-protected" in _read_error(path)


# --- hand-made binary inputs -------------------------------------------------------------------


def _ole_with(*names: str) -> bytes:
    """A minimal OLE2 compound file whose root holds empty streams with ``names``."""
    import struct

    sector = 512
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHH", header, 24, 0x3E, 3, 0xFFFE)
    struct.pack_into("<HH", header, 30, 9, 6)
    struct.pack_into("<I", header, 44, 1)          # one FAT sector
    struct.pack_into("<I", header, 48, 1)          # directory at sector 1
    struct.pack_into("<I", header, 56, 4096)
    struct.pack_into("<I", header, 60, 0xFFFFFFFE)
    struct.pack_into("<I", header, 68, 0xFFFFFFFE)
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 76, *difat)
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [0xFFFFFFFF] * 126
    entries = [("Root Entry", 5)] + [(name, 2) for name in names]
    directory = bytearray()
    for index, (name, kind) in enumerate(entries):
        raw = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        raw[:len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
        left = right = child = 0xFFFFFFFF
        if index == 0 and len(entries) > 1:
            child = 1
        elif index > 0 and index + 1 < len(entries):
            right = index + 1
        struct.pack_into("<III", raw, 68, left, right, child)
        struct.pack_into("<I", raw, 116, 0xFFFFFFFE)
        directory += raw
    directory += bytes(sector - len(directory) % sector if len(directory) % sector else 0)
    return bytes(header) + struct.pack("<128I", *fat) + bytes(directory)


def _encrypted_pdf() -> bytes:
    """A PDF with a Standard security handler whose user password is not empty."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length 8 >>\nstream\n\x8f\x12\xa0\x33\x01\x7e\x55\x09\nendstream",
        b"<< /Filter /Standard /V 1 /R 2 /P -44 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 5 0 R /ID [<" % (len(objects) + 1)
            + b"ab" * 16 + b"> <" + b"ab" * 16 + b">] >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return bytes(out)


def test_macro_enabled_docx_is_read(tmp_path):
    import io

    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("收入 1.00 万元")
    document.save(buffer)
    path = tmp_path / "macro.docm"
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"officedocument.wordprocessingml.document.main+xml",
                                    b"ms-word.document.macroEnabled.main+xml")
            target.writestr(name, data)
    assert read_document(path).text == "收入 1.00 万元\n"


@pytest.mark.parametrize("style", ["第 {n} 页", "第{n}页 共4页", "{n}/4", "— {n} —"])
def test_pdf_page_number_styles(tmp_path, style):
    pages = [[(72, 700, f"Body {n}"), (280, 30, style.format(n=n))] for n in range(1, 5)]
    text = read_document(make_pdf(tmp_path / "numbers.pdf", pages)).text
    assert text.split("\f") == [f"Body {n}\n" for n in range(1, 5)]
