"""What Word keeps in a paragraph but does not show, and what it shows from elsewhere.

Each paragraph below is Word's XML for one construct. Our reading must be what Word
shows: LibreOffice's PDF of the same .docx is the independent truth (skipped without
soffice), except for tracked changes, which LibreOffice prints with their markup
(deleted text struck through) where Word's final view shows the text without them.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from juesuan.readers.docx import read_docx
from word_lists import cjk_font

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"')


def _r(text: str, properties: str = "") -> str:
    return f'<w:r>{properties}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _field(code: str, result: str) -> str:
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{code}</w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{result}'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


HIDDEN = "<w:rPr><w:vanish/></w:rPr>"
RUBY = ('<w:r><w:ruby><w:rubyPr><w:rubyAlign w:val="center"/><w:hps w:val="10"/><w:hpsRaise w:val="18"/>'
        '<w:hpsBaseText w:val="21"/><w:lid w:val="zh-CN"/></w:rubyPr><w:rt><w:r><w:t>gōng</w:t></w:r></w:rt>'
        '<w:rubyBase><w:r><w:t>公</w:t></w:r></w:rubyBase></w:ruby></w:r>')

#: (what Word holds, what it shows)
SHOWN = {
    "hyperlink": (_r("链接：") + f'<w:hyperlink w:anchor="a">{_r("收入 10.00 万元")}</w:hyperlink>',
                  "链接：收入 10.00 万元"),
    "simple field": (_r("合计 ") + f'<w:fldSimple w:instr=" =10+20 ">{_r("30.00")}</w:fldSimple>' + _r(" 万元"),
                     "合计 30.00 万元"),
    "complex field": (_r("合计 ") + _field(" =1+2 ", _r("3.00")) + _r(" 万元"), "合计 3.00 万元"),
    # the inner field's result is part of the outer field's code, not shown
    "nested field": (_r("金额 ") + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                     '<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>'
                     + _field(" =5 ", _r("99.00"))
                     + '<w:r><w:instrText xml:space="preserve"> = 5 "5.00" "0.00" </w:instrText></w:r>'
                       '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + _r("5.00")
                     + '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + _r(" 万元"),
                     "金额 5.00 万元"),
    "smart tag": (_r("支出 ") + f'<w:smartTag w:uri="urn:x" w:element="n">{_r("8.00")}</w:smartTag>' + _r(" 万元"),
                  "支出 8.00 万元"),
    "custom XML": (_r("支出 ") + f'<w:customXml w:element="amount">{_r("9.00")}</w:customXml>' + _r(" 万元"),
                   "支出 9.00 万元"),
    "content control": (_r("结余 ") + '<w:sdt><w:sdtPr><w:alias w:val="金额"/></w:sdtPr><w:sdtContent>'
                        + _r("7.00") + "</w:sdtContent></w:sdt>" + _r(" 万元"), "结余 7.00 万元"),
    # ruby text stands over its characters; the line reads the characters
    "ruby": (_r("经费") + RUBY + _r("务 4.00 万元"), "经费公务 4.00 万元"),
    # hidden text is neither shown nor printed, even a hidden field
    "hidden": (_r("接待费 ") + _r("原数 3.00 ", HIDDEN) + _r("2.00 万元")
               + '<w:r><w:rPr><w:vanish/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>'
               + f'<w:r>{HIDDEN}<w:instrText> XE "接待费" </w:instrText></w:r>'
               + f'<w:r>{HIDDEN}<w:fldChar w:fldCharType="end"/></w:r>' + _r("。"),
               "接待费 2.00 万元。"),
    "alternate content": (_r("图示") + '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>选用</w:t>'
                          '</mc:Choice><mc:Fallback><w:t>备用</w:t></mc:Fallback></mc:AlternateContent></w:r>'
                          + _r("完"), "图示选用完"),
}
#: copies LibreOffice does not print the way Word shows them
ONE_COPY = {
    "two choices": (_r("甲") + '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>一</w:t></mc:Choice>'
                    '<mc:Choice Requires="wpg"><w:t>二</w:t></mc:Choice><mc:Fallback><w:t>三</w:t></mc:Fallback>'
                    '</mc:AlternateContent></w:r>', "甲一"),
    "fallback only": (_r("乙") + '<w:r><mc:AlternateContent><mc:Fallback><w:t>备</w:t></mc:Fallback>'
                      '</mc:AlternateContent></w:r>', "乙备"),
}
#: tracked changes: Word's final view
TRACKED = {
    "insert and delete": (_r("收入 ") + f'<w:ins w:id="1" w:author="a">{_r("12.00")}</w:ins>'
                          '<w:del w:id="2" w:author="a"><w:r><w:delText>11.00</w:delText></w:r></w:del>'
                          + _r(" 万元"), "收入 12.00 万元"),
    "move": (_r("原文 ") + f'<w:moveFrom w:id="3" w:author="a">{_r("旧 6.00 ")}</w:moveFrom>'
             f'<w:moveTo w:id="4" w:author="a">{_r("新 6.50")}</w:moveTo>', "原文 新 6.50"),
}


def make_docx(path: Path, paragraphs: list[str]) -> Path:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    cjk_font(document)
    body = document.element.body
    for inner in paragraphs:
        body.insert(len(body) - 1, parse_xml(f"<w:p {NS}>{inner}</w:p>"))
    document.save(path)
    return path


def _lines(text: str) -> list[str]:
    return [line for line in text.replace("\r", "\n").split("\n") if line.strip()]


def test_what_word_shows_is_read(tmp_path):
    cases = {**SHOWN, **TRACKED, **ONE_COPY}
    path = make_docx(tmp_path / "shown.docx", [held for held, _ in cases.values()])
    assert _lines(read_docx(path).text) == [shown for _, shown in cases.values()]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_what_word_shows_is_what_libreoffice_prints(tmp_path):
    import pypdfium2 as pdfium

    # LibreOffice works an IF field out again instead of showing its stored result
    cases = [held for name, (held, _) in SHOWN.items() if name != "nested field"]
    source = make_docx(tmp_path / "shown.docx", cases)
    profile = (tmp_path / ".lo-profile").resolve().as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=240)
    pdf = pdfium.PdfDocument(str(tmp_path / "shown.pdf"))
    try:
        printed = "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    # the ruby text is printed above its characters, which the raised line splits in two
    assert "gōng" in printed
    printed = "".join(printed.replace("gōng", "").split())
    assert printed == "".join(read_docx(source).text.split())


def test_a_field_code_left_open_hides_only_the_rest_of_its_paragraph(tmp_path):
    broken = _r("开始 ") + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>' + _r("代码 1.00")
    path = make_docx(tmp_path / "open.docx", [broken, _r("下一段 1.50 万元")])
    assert _lines(read_docx(path).text) == ["开始 ", "下一段 1.50 万元"]


def test_a_field_result_across_paragraphs_is_read(tmp_path):
    # a table of contents: the field begins in the first entry and ends in the last
    first = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o "1-3" </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + _r("第一部分 部门概况"))
    last = _r("第二部分 部门决算表") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    path = make_docx(tmp_path / "toc.docx", [first, last, _r("正文")])
    assert _lines(read_docx(path).text) == ["第一部分 部门概况", "第二部分 部门决算表", "正文"]


def test_a_positional_tab_is_a_tab_or_its_leader(tmp_path):
    gap = _r("左") + '<w:r><w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/></w:r>' + _r("右")
    dots = _r("概况") + '<w:r><w:ptab w:relativeTo="margin" w:alignment="right" w:leader="dot"/></w:r>' + _r("3")
    assert _lines(read_docx(make_docx(tmp_path / "ptab.docx", [gap, dots])).text) == ["左\t右", "概况......3"]


def test_footnotes_are_not_in_the_body(tmp_path):
    # the reference mark is drawn as a small number after the figure; it is no part of it
    inner = _r("收入 1.00 万元") + '<w:r><w:footnoteReference w:id="1"/></w:r>' + _r("。")
    assert _lines(read_docx(make_docx(tmp_path / "note.docx", [inner])).text) == ["收入 1.00 万元。"]


def _cell(text: str, deleted: bool = False) -> str:
    run = (f'<w:del w:id="9" w:author="a"><w:r><w:delText>{text}</w:delText></w:r></w:del>' if deleted
           else f"<w:r><w:t>{text}</w:t></w:r>")
    return f'<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/></w:tcPr><w:p>{run}</w:p></w:tc>'


def test_table_rows_and_cells_as_word_shows_them(tmp_path):
    import docx
    from docx.oxml import parse_xml

    rows = (f'<w:tr>{_cell("项目")}{_cell("金额")}</w:tr>'
            f'<w:sdt><w:sdtPr/><w:sdtContent><w:tr>{_cell("收入")}{_cell("10.00")}</w:tr></w:sdtContent></w:sdt>'
            f'<w:tr>{_cell("支出")}<w:customXml w:element="v">{_cell("8.00")}</w:customXml></w:tr>'
            # a row deleted with changes tracked is not in Word's final view
            f'<w:tr><w:trPr><w:del w:id="7" w:author="a"/></w:trPr>{_cell("旧结余", True)}{_cell("5.00", True)}</w:tr>'
            f'<w:tr><w:trPr><w:ins w:id="8" w:author="a"/></w:trPr>{_cell("结余")}{_cell("2.00")}</w:tr>')
    table = (f'<w:tbl {NS}><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="1000"/>'
             f'<w:gridCol w:w="1000"/></w:tblGrid>{rows}</w:tbl>')
    document = docx.Document()
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(table))
    path = tmp_path / "table.docx"
    document.save(path)
    read = read_docx(path)
    assert read.text == "项目  金额\n收入  10.00\n支出  8.00\n结余  2.00\n"
    assert read.tables[0].rows == [["项目", "金额"], ["收入", "10.00"], ["支出", "8.00"], ["结余", "2.00"]]


def test_text_hidden_by_its_character_style(tmp_path):
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    hiding = document.styles.add_style("HiddenNote", WD_STYLE_TYPE.CHARACTER)
    hiding.font.hidden = True
    based = document.styles.add_style("HiddenNoteBold", WD_STYLE_TYPE.CHARACTER)
    based.base_style = hiding
    based.font.bold = True
    paragraph = document.add_paragraph("支出 ")
    paragraph.add_run("原数 3.00 ", style="HiddenNote")
    paragraph.add_run("又一原数 4.00 ", style="HiddenNoteBold")
    shown = paragraph.add_run("2.00", style="HiddenNote")
    vanish = OxmlElement("w:vanish")
    vanish.set(qn("w:val"), "0")
    shown._r.get_or_add_rPr().append(vanish)  # shown in spite of its style
    paragraph.add_run(" 万元")
    path = tmp_path / "styled.docx"
    document.save(path)
    assert _lines(read_docx(path).text) == ["支出 2.00 万元"]


# --- tab leaders --------------------------------------------------------------------------------


def leaders_docx(path: Path, word_entry: bool = True) -> Path:
    import docx
    from docx.oxml import parse_xml
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Cm

    document = docx.Document()
    cjk_font(document)
    contents = document.styles.add_style("ContentsEntry", WD_STYLE_TYPE.PARAGRAPH)
    contents.paragraph_format.tab_stops.add_tab_stop(Cm(15), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    document.add_paragraph("目录")
    own = document.add_paragraph("第一部分 部门概况\t3")
    own.paragraph_format.tab_stops.add_tab_stop(Cm(15), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    document.add_paragraph("第二部分 部门决算表\t5", style="ContentsEntry")      # the stop from the style
    cleared = document.add_paragraph("收入合计\t10.00", style="ContentsEntry")     # the style's stop cleared
    cleared.paragraph_format.tab_stops.add_tab_stop(Cm(15), WD_TAB_ALIGNMENT.CLEAR)
    plain = document.add_paragraph("支出合计\t8.00")                               # a stop without leader
    plain.paragraph_format.tab_stops.add_tab_stop(Cm(10), WD_TAB_ALIGNMENT.RIGHT)
    document.add_paragraph("负责人签字：\t", style="ContentsEntry")                # dots to sign on, no page
    if word_entry:
        document.element.body.insert(len(document.element.body) - 1, parse_xml(WORD_CONTENTS_ENTRY))
    document.save(path)
    return path


#: an entry of a contents Word made: a link to the heading, its page number a PAGEREF field
WORD_CONTENTS_ENTRY = (
    f'<w:p {NS}><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="8296"/></w:tabs></w:pPr>'
    '<w:hyperlink w:anchor="_Toc1" w:history="1"><w:r><w:t>第三部分 部门决算情况说明</w:t></w:r>'
    '<w:r><w:rPr><w:webHidden/></w:rPr><w:tab/></w:r>'
    '<w:r><w:rPr><w:webHidden/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:rPr><w:webHidden/></w:rPr><w:instrText xml:space="preserve"> PAGEREF _Toc1 \\h </w:instrText></w:r>'
    '<w:r><w:rPr><w:webHidden/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r>'
    '<w:r><w:rPr><w:webHidden/></w:rPr><w:t>12</w:t></w:r>'
    '<w:r><w:rPr><w:webHidden/></w:rPr><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink></w:p>')


def test_a_tab_against_a_dot_leader_reads_as_its_dots(tmp_path):
    assert _lines(read_docx(leaders_docx(tmp_path / "leaders.docx")).text) == [
        "目录", "第一部分 部门概况......3", "第二部分 部门决算表......5", "收入合计\t10.00", "支出合计\t8.00",
        "负责人签字：\t", "第三部分 部门决算情况说明......12"]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_leader_dots_are_the_pdfs(tmp_path):
    import re

    import pypdfium2 as pdfium

    # (LibreOffice works a PAGEREF field out again, so the entry Word made is left out)
    source = leaders_docx(tmp_path / "leaders.docx", word_entry=False)
    profile = (tmp_path / ".lo-profile").resolve().as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=240)
    pdf = pdfium.PdfDocument(str(tmp_path / "leaders.pdf"))
    try:
        printed = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()

    def dots(text):
        # a dotted line to sign on is read as its tab on purpose (its dots are no contents)
        return [re.sub(r"\.{4,}", "....", "".join(line.split())) for line in _lines(text)
                if not line.startswith("负责人签字")]

    assert dots(printed) == dots(read_docx(source).text)


def test_contents_with_page_numbers_reads_as_its_pdf(tmp_path):
    # the report's contents as Word writes one: each entry's page number after a tab
    # against a dot leader; read as the dots a PDF prints, it is a contents, not headings
    from juesuan.api import check_document, check_text
    from word_lists import make_listed_report, with_contents_pages

    typed = (Path(__file__).parent / "data" / "report-with-tables-planted.txt").read_text(encoding="utf-8")
    document = read_docx(make_listed_report(tmp_path / "contents.docx", with_contents_pages(typed, "\t")))
    dotted = with_contents_pages(typed, "......")
    assert document.text == dotted
    from_word, from_text = check_document(document, "contents.docx"), check_text(dotted, "contents.txt")
    assert [s.key for s in from_word.report.sections] == [s.key for s in from_text.report.sections]
    assert [s.key for s in from_text.report.sections if s.key][:4] == ["profile", "functions", "organisation",
                                                                       "tables"]
    assert sorted((f.rule, f.location.line, f.stated) for f in from_word.findings) == \
        sorted((f.rule, f.location.line, f.stated) for f in from_text.findings)
