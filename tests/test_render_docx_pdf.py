"""The Word and PDF writers: a hand-built report written as .docx and PDF and read back.

The .docx is read with the project's own reader and must give the same lines and the
same table grid; its page, faces and table layout are checked in its XML. The PDF is
made by LibreOffice headless (skipped when soffice is not installed), rendered by
pdftoppm (skipped without poppler-utils) and must have pages that are not blank, the
title and a figure in its text, and Noto CJK fonts embedded.
"""
from __future__ import annotations

import importlib.util
import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.readers.dispatch import read_document
from juesuan.render import pdf as pdf_module
from juesuan.render.blocks import Cell, Chart, Heading, PageBreak, Paragraph, TableBlock
from juesuan.render.docx import write_docx
from juesuan.render.pdf import EngineMissing, write_pdf
from juesuan.render.plain import grid

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

TITLE = "青禾市水务局2024年度部门决算"
FIGURE = "1,234.56"


def _h(text: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text, rowspan, colspan)


def _f(text: str) -> Cell:
    return Cell(text, figure=True)


TABLE = TableBlock(
    key="income", number=2, title="收入决算表", unit="万元",
    header=[[_h("项目", 1, 2), _h("本年收入合计", 2), _h("财政拨款收入", 2), _h("上级补助收入", 2),
             _h("事业收入", 2), _h("经营收入", 2), _h("其他收入", 2)],
            [_h("科目编码"), _h("科目名称")]],
    body=[[Cell("合计"), Cell(""), _f(FIGURE), _f("1,200.00"), _f("0.00"), _f("30.00"), _f("0.00"), _f("4.56")],
          [Cell("201"), Cell("一般公共服务支出"), _f("1,000.00"), _f("1,000.00"), _f("0.00"), _f("0.00"),
           _f("0.00"), _f("0.00")],
          [Cell("2010101"), Cell("行政运行"), _f("1,000.00"), _f("1,000.00"), _f("0.00"), _f("0.00"),
           _f("0.00"), _f("0.00")],
          [Cell("213"), Cell("农林水支出"), _f("234.56"), _f("200.00"), _f("0.00"), _f("30.00"),
           _f("0.00"), _f("4.56")]],
    notes=["注：本表金额保留两位小数。"])

CHART = Chart("本年收入构成", ["财政拨款收入", "事业收入", "其他收入"],
              [("2024年度", [Decimal("1200.00"), Decimal("30.00"), Decimal("4.56")])])

BLOCKS = [
    Heading(TITLE, 0),
    Heading("第二部分 青禾市水务局2024年度部门决算情况说明", 1),
    Heading("一、收入支出决算总体情况说明", 2),
    Paragraph(f"青禾市水务局2024年度收入支出总计 {FIGURE} 万元，比2023年度增加 34.56 万元，增长 2.88%。"
              "主要原因是：河道整治项目资金增加。"),
    Heading("（一）收入情况", 3),
    Paragraph("2024年度本年收入合计 1,234.56 万元。按来源分：财政拨款收入 1,200.00 万元，占 97.20%；"
              "事业收入 30.00 万元，占 2.43%；其他收入 4.56 万元，占 0.37%。"),
    PageBreak(),
    Paragraph("“三公”经费财政拨款支出决算为 0.00 万元。"),
    CHART,
    PageBreak(),
    Heading("第四部分 青禾市水务局2024年度部门决算报表", 1),
    TABLE,
]


def charts_available() -> bool:
    return importlib.util.find_spec("juesuan.render.charts") is not None


def expected_lines() -> list[str]:
    """What the reader gives for BLOCKS: one line per paragraph; a table row as its shown
    cells (a merged cell once, empty cells left out) joined by two spaces."""
    lines: list[str] = []
    for block in BLOCKS:
        if isinstance(block, (Heading, Paragraph)):
            lines.append(block.text)
        elif isinstance(block, Chart):
            if charts_available():
                lines.append(f"图：{block.title}")
        elif isinstance(block, TableBlock):
            lines += [block.title, f"单位：{block.unit}"]
            lines += ["  ".join(cell.text for cell in row if cell.text) for row in block.header + block.body]
            lines += block.notes
    return lines


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    write_docx(BLOCKS, path)
    return path


# --- Word ------------------------------------------------------------------------------


def test_docx_reads_back_the_same_lines_and_table(docx_path: Path) -> None:
    document = read_document(docx_path)
    assert document.kind == "docx"
    assert document.text.split("\n")[:-1] == expected_lines()
    assert len(document.tables) == 1
    table = document.tables[0]
    assert table.rows == grid(TABLE)
    assert table.title == TABLE.title


def test_docx_page_faces_and_layout(docx_path: Path) -> None:
    import docx

    document = docx.Document(str(docx_path))
    first, last = document.sections[0], document.sections[-1]
    assert len(document.sections) == 2                   # the wide table's page turns
    assert (round(first.page_width.cm, 1), round(first.page_height.cm, 1)) == (21.0, 29.7)
    assert (round(first.top_margin.cm, 1), round(first.bottom_margin.cm, 1),
            round(first.left_margin.cm, 1), round(first.right_margin.cm, 1)) == (3.7, 3.5, 2.8, 2.6)
    assert (round(last.page_width.cm, 1), round(last.page_height.cm, 1)) == (29.7, 21.0)

    paragraphs = {p.text: p for p in document.paragraphs}

    def face(text: str) -> tuple[str | None, float]:
        run = paragraphs[text].runs[0]
        fonts = run._r.rPr.find(f"{W}rFonts")
        return fonts.get(f"{W}eastAsia"), run.font.size.pt

    assert face(TITLE) == ("方正小标宋简体", 22)
    assert face(BLOCKS[1].text) == ("黑体", 16)
    assert face(BLOCKS[2].text) == ("黑体", 16)
    assert face(BLOCKS[4].text) == ("楷体_GB2312", 16)
    body = paragraphs[BLOCKS[3].text]
    assert face(BLOCKS[3].text) == ("仿宋_GB2312", 16)
    assert paragraphs[TITLE].style.paragraph_format.alignment == 1    # centred
    style = body.style.paragraph_format
    assert style.first_line_indent.pt == 32                 # two characters of 三号
    assert style.line_spacing.pt == 29
    # the page break opens the next paragraph's page; it is no paragraph of its own
    assert not any(p.text == "" and not p._p.xpath(".//w:drawing") and p._p.pPr.sectPr is None
                   for p in document.paragraphs)
    assert paragraphs[BLOCKS[7].text].paragraph_format.page_break_before
    assert paragraphs[BLOCKS[10].text].paragraph_format.page_break_before is None  # a section break instead
    assert paragraphs[TABLE.title].runs[0].bold
    assert paragraphs[f"单位：{TABLE.unit}"].style.paragraph_format.alignment == 2  # right

    table = document.tables[0]
    assert table.style.name == "Table Grid"
    rows = table._tbl.tr_lst
    assert [tr.trPr.find(f"{W}tblHeader") is not None for tr in rows] == [True, True, False, False, False, False]
    assert rows[0].tc_lst[0].grid_span == 2                              # 项目 over two columns
    assert rows[0].tc_lst[1].vMerge == "restart"                         # 本年收入合计 over two rows
    assert rows[1].tc_lst[2].vMerge == "continue"
    figure = rows[2].tc_lst[2].p_lst[0]
    assert figure.pPr.jc_val == 2 and figure.xpath("string(.)") == FIGURE  # right-aligned
    size = rows[2].tc_lst[2].p_lst[0].r_lst[0].rPr.sz_val
    assert size.pt == 10.5
    if charts_available():
        assert len(document.inline_shapes) == 1
        assert round(document.inline_shapes[0].width.cm) == 15


def test_docx_to_a_stream_and_a_page_break_before() -> None:
    import docx

    stream = io.BytesIO()
    write_docx([Paragraph("甲"), PageBreak(), Paragraph("乙"), PageBreak()], stream)
    document = docx.Document(io.BytesIO(stream.getvalue()))
    assert [p.text for p in document.paragraphs] == ["甲", "乙"]
    assert document.paragraphs[1].paragraph_format.page_break_before
    assert len(document.sections) == 1


def test_docx_table_text_is_escaped() -> None:
    """Tables are written as XML text: markup characters in cells and titles stay text."""
    import docx

    odd = "A&B <c> \"d\" 'e' \t  "
    block = TableBlock(key="odd", number=1, title=f"表 {odd}", unit="万元",
                       header=[[_h(odd), _h("金额")]], body=[[Cell(f"{odd}\x01"), _f("1.00")]])
    stream = io.BytesIO()
    write_docx([block], stream)
    table = docx.Document(io.BytesIO(stream.getvalue())).tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [[odd, "金额"], [odd, "1.00"]]
    assert table._tbl.tblPr.find(f"{W}tblCaption").get(f"{W}val") == f"表 {odd}"


def test_docx_cell_run_properties_match_the_paragraphs() -> None:
    """A cell's run properties, written as XML text, are those of :func:`_rpr`."""
    from lxml import etree

    from juesuan.render import docx as module

    for face, size, bold in ((module.SONGTI, 21, False), (module.HEITI, 21, False), (module.SONGTI, 32, True)):
        written = module.parse_xml(f'<w:r {module.nsdecls("w")}>{module._rpr_xml(face, size, bold)}</w:r>')[0]
        assert etree.tostring(written, method="c14n") == etree.tostring(module._rpr(face, size, bold),
                                                                         method="c14n")


# --- PDF -------------------------------------------------------------------------------


def test_pdf_needs_libreoffice(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pdf_module, "soffice", lambda: None)
    with pytest.raises(EngineMissing, match="LibreOffice"):
        write_pdf(BLOCKS, tmp_path / "report.pdf")
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory) -> Path:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("pdf")
    path = folder / "report.pdf"
    write_pdf(BLOCKS, path)
    assert sorted(p.name for p in folder.iterdir()) == ["report.pdf"]   # nothing else written
    return path


@needs_soffice
def test_pdf_text_and_pages(pdf_path: Path) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf_path))
    try:
        sizes = [tuple(round(v) for v in document[n].get_size()) for n in range(len(document))]
        assert sizes == [(595, 842), (595, 842), (842, 595)]           # A4, the table's page turned
        text = "".join(document[n].get_textpage().get_text_range() for n in range(len(document)))
    finally:
        document.close()
    flat = "".join(text.split())
    assert TITLE in flat
    assert FIGURE in flat
    assert TABLE.title in flat


def _pgm_dark_share(data: bytes) -> float:
    """The share of dark pixels in a binary PGM (P5) image."""
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:
        while data[position:position + 1].isspace():
            position += 1
        if data[position:position + 1] == b"#":
            position = data.index(b"\n", position)
            continue
        end = position
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    assert fields[0] == b"P5"
    width, height, top = int(fields[1]), int(fields[2]), int(fields[3])
    pixels = data[position + 1:position + 1 + width * height]
    return sum(1 for value in pixels if value < top // 2) / (width * height)


@needs_soffice
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_pdf_pages_render_and_are_not_blank(pdf_path: Path, tmp_path: Path) -> None:
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf_path), str(tmp_path / "page")],
                   check=True, timeout=60)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == 3
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    for n in range(1, len(pngs) + 1):
        gray = subprocess.run(["pdftoppm", "-r", "60", "-gray", "-f", str(n), "-l", str(n), str(pdf_path)],
                              check=True, capture_output=True, timeout=60).stdout
        assert 0.002 < _pgm_dark_share(gray) < 0.5


@needs_soffice
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) is not installed")
def test_pdf_embeds_noto_cjk(pdf_path: Path) -> None:
    listing = subprocess.run(["pdffonts", str(pdf_path)], check=True, capture_output=True,
                             text=True, timeout=60).stdout
    fonts = [line.split()[0] for line in listing.splitlines()[2:] if line.strip()]
    if not any("CJK" in name for name in fonts):
        pytest.skip(f"no Noto CJK fonts installed for the conversion (fonts: {fonts})")
    assert any("NotoSerifCJK" in name for name in fonts)      # 仿宋, 楷体, 宋体, 小标宋
    assert any("NotoSansCJK" in name for name in fonts)       # 黑体
    assert all("CJK" in name for name in fonts), fonts         # no other face crept in
    assert all(line.split()[-5] == "yes" for line in listing.splitlines()[2:] if line.strip())  # embedded


def test_sections_turn_with_wide_tables_only() -> None:
    import docx

    wide = TableBlock(TABLE.key, TABLE.number, TABLE.title, TABLE.unit, TABLE.header, TABLE.body)  # no notes
    narrow = TableBlock("summary", 1, "收入支出决算总表", "万元", [[_h("项目"), _h("决算数")]],
                        [[Cell("总计"), _f(FIGURE)]])
    stream = io.BytesIO()
    write_docx([Paragraph("甲"), PageBreak(), narrow, PageBreak(), Paragraph("乙"), PageBreak(), narrow,
                PageBreak(), wide, PageBreak(), Paragraph("丙")], stream)
    document = docx.Document(io.BytesIO(stream.getvalue()))
    turned = [section.page_width > section.page_height for section in document.sections]
    # 甲 | 总表 | 乙 | 总表, 收入表 (a run of table pages turns together) | 丙
    assert turned == [False, True, False]
    # a landscape section that ends with a table needs one empty paragraph for its break
    texts = [p.text for p in document.paragraphs]
    assert texts == ["甲", "收入支出决算总表", "单位：万元", "乙", "收入支出决算总表", "单位：万元",
                     "收入决算表", "单位：万元", "", "丙"]
