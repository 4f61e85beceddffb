"""Word list numbering: the numbers Word draws before headings and items are read.

Documents are made with python-docx and a word/numbering.xml written here
(:mod:`word_lists`). The independent truth is LibreOffice: the same .docx is turned into
a PDF by LibreOffice headless (skipped when soffice is not installed) and every line of
our reading of the .docx must equal the line of the PDF's text, spaces aside. Where
LibreOffice does not draw what Word draws (w:lvlRestart, w:isLgl, Chinese counting past
九十九, digit-by-digit ideographs, circled numbers past ⑳) the test says what Word draws.
Whole reports (the project's report with tables, the seed) made into .docx files whose
headings and items are list-numbered must read as their typed text and give its findings.
"""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from juesuan.readers.docx import read_docx
from juesuan.readers.docx_number_formats import format_number
from juesuan.readers.docx_numbering import ListNumbers
from word_lists import (Lvl, Num, Para, Style, add_num_pr, listed_report, make_listed_docx, make_listed_report,
                        numbering_xml, replace_part)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def to_pdf(source: Path, out: Path | None = None) -> Path:
    out = out or source.parent
    profile = (out / ".lo-profile").resolve().as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=240)
    return out / (source.stem + ".pdf")


def pdf_lines(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    return _squeezed(text.replace("\r", "\n"))


def _squeezed(text: str) -> list[str]:
    return ["".join(line.split()) for line in text.split("\n") if line.strip()]


def lines_of(path: Path) -> list[str]:
    return [line for line in read_docx(path).text.split("\n") if line.strip()]


# --- documents ---------------------------------------------------------------------------------

#: the outline of a report: parts, sections, items, and a decimal fourth level after a tab
OUTLINE = [Lvl(0, "chineseCounting", "第%1部分", suff="space", style="PartHeading"),
           Lvl(1, "chineseCounting", "%2、", suff="nothing"),
           Lvl(2, "chineseCounting", "（%3）", suff="nothing"),
           Lvl(3, "decimal", "%4.", suff="tab"),
           Lvl(4, "decimal", "%4.%5", suff="space")]
STYLES = [Style("PartHeading", num=1, ilvl=0),
          Style("SectionHeading", num=1, ilvl=1),
          Style("SectionHeadingBold", based_on="SectionHeading"),
          Style("ItemHeading", num=1, ilvl=2)]
OUTLINE_PARAGRAPHS = [
    Para("部门概况", style="PartHeading"),
    Para("主要职能", style="SectionHeading"),
    Para("机构设置", style="SectionHeadingBold"),           # numbered through its base style
    Para("收入情况", style="ItemHeading"),
    Para("支出情况", style="ItemHeading"),
    Para("基本支出", num=1, ilvl=3),
    Para("项目支出", num=1, ilvl=3),
    Para("其中：运行维护", num=1, ilvl=4),
    Para("结转结余", num=1, ilvl=3),
    Para("人员情况", style="SectionHeading"),
    Para("续编的同一列表", num=2, ilvl=1),                 # another list of the same abstract list
    Para("重新编号", num=3, ilvl=1),                       # a list that restarts level 2 at 一
    Para("重新编号之二", num=3, ilvl=1),
    Para("原列表接着编", num=2, ilvl=1),                   # the shared counter goes on
    Para("部门决算表", style="PartHeading"),
    Para("不编号的标题", style="PartHeading", num=0),       # numId 0 takes the style's number away
    Para("级别取自段落", style="PartHeading", ilvl=1),      # list from the style, level from the paragraph
    Para("收入支出决算总表", style="SectionHeading"),
]
OUTLINE_TEXT = ["第一部分 部门概况", "一、主要职能", "二、机构设置", "（一）收入情况", "（二）支出情况",
                "1. 基本支出", "2. 项目支出", "2.1 其中：运行维护", "3. 结转结余", "三、人员情况",
                "四、续编的同一列表", "一、重新编号", "二、重新编号之二", "三、原列表接着编",
                "第二部分 部门决算表", "不编号的标题", "一、级别取自段落", "二、收入支出决算总表"]


def outline_docx(folder: Path) -> Path:
    nums = {1: Num(0), 2: Num(0), 3: Num(0, {1: 1})}
    return make_listed_docx(folder / "outline.docx", OUTLINE_PARAGRAPHS, numbering_xml({0: OUTLINE}, nums),
                            STYLES)


#: formats whose first twenty numbers LibreOffice draws as Word does
FORMATS = ["decimal", "decimalZero", "chineseCounting", "chineseCountingThousand", "japaneseCounting",
           "decimalEnclosedCircle", "decimalEnclosedCircleChinese", "upperLetter", "lowerLetter",
           "upperRoman", "lowerRoman", "chineseLegalSimplified"]


def formats_docx(folder: Path, count: int = 20) -> Path:
    abstracts = {k: [Lvl(0, name, "%1、", suff="nothing")] for k, name in enumerate(FORMATS)}
    abstracts[len(FORMATS)] = [Lvl(0, "ideographTraditional", "%1.", suff="space")]
    abstracts[len(FORMATS) + 1] = [Lvl(0, "ideographDigital", "（%1）", suff="nothing")]
    paragraphs = []
    for k in abstracts:
        paragraphs.append(Para(f"格式{k}"))
        last = 9 if k >= len(FORMATS) else count
        paragraphs.extend(Para(f"第{n}项", num=k + 1, ilvl=0) for n in range(1, last + 1))
    nums = {k + 1: Num(k) for k in abstracts}
    return make_listed_docx(folder / "formats.docx", paragraphs, numbering_xml(abstracts, nums))


# --- against LibreOffice's PDF -----------------------------------------------------------------


def test_outline_numbers_read_as_typed(tmp_path):
    assert lines_of(outline_docx(tmp_path)) == OUTLINE_TEXT


@needs_soffice
def test_outline_numbers_are_the_pdfs(tmp_path):
    source = outline_docx(tmp_path)
    assert _squeezed(read_docx(source).text) == pdf_lines(to_pdf(source))


@needs_soffice
def test_number_formats_are_the_pdfs(tmp_path):
    source = formats_docx(tmp_path)
    ours = _squeezed(read_docx(source).text)
    assert ours == pdf_lines(to_pdf(source))
    assert {"十、第10项", "十一、第11项", "二十、第20项", "⑳、第20项", "T、第20项", "XIX、第19项",
            "贰拾、第20项", "戊.第5项", "（九）第9项"} <= set(ours)


@needs_soffice
@pytest.mark.parametrize("kind", ["doc", "odt"])
def test_older_formats_keep_their_list_numbers(tmp_path, kind):
    # .doc and .odt are read through LibreOffice's .docx, which keeps lists as numbering
    from juesuan.readers.docx import read_via_libreoffice

    source = outline_docx(tmp_path)
    profile = (tmp_path / ".lo-profile").resolve().as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", kind,
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=240)
    older = tmp_path / f"outline.{kind}"
    ours = _squeezed(read_via_libreoffice(older, kind).text)
    assert "第一部分部门概况" in ours and "（一）收入情况" in ours and "2.1其中：运行维护" in ours
    (tmp_path / "pdf").mkdir()
    assert ours == pdf_lines(to_pdf(older, tmp_path / "pdf"))


# --- what Word draws where LibreOffice differs --------------------------------------------------


@pytest.mark.parametrize("value, counting, thousand", [
    (1, "一", "一"), (10, "十", "十"), (11, "十一", "十一"), (20, "二十", "二十"), (21, "二十一", "二十一"),
    (99, "九十九", "九十九"), (100, "一〇〇", "一百"), (101, "一〇一", "一百〇一"), (110, "一一〇", "一百一十"),
    (1010, "一〇一〇", "一千〇一十"), (12000, "一二〇〇〇", "一万二千")])
def test_chinese_counting_as_word_writes_it(value, counting, thousand):
    assert format_number(value, "chineseCounting") == counting
    assert format_number(value, "chineseCountingThousand") == thousand


def test_other_formats_as_word_writes_them():
    assert [format_number(n, "ideographDigital") for n in (7, 10, 25)] == ["七", "一〇", "二五"]
    assert [format_number(n, "decimalEnclosedCircle") for n in (1, 20, 21)] == ["①", "⑳", "21"]
    assert [format_number(n, "ideographTraditional") for n in (1, 10, 11)] == ["甲", "癸", "11"]
    assert [format_number(n, "japaneseCounting") for n in (10, 101, 10000)] == ["十", "百一", "一万"]
    assert [format_number(n, "chineseLegalSimplified") for n in (10, 101)] == ["壹拾", "壹佰零壹"]
    assert [format_number(n, "decimalFullWidth") for n in (3, 12)] == ["３", "１２"]
    assert [format_number(n, "upperLetter") for n in (26, 27, 53)] == ["Z", "AA", "AAA"]
    assert format_number(0, "decimal") == "0" and format_number(5, "none") == ""
    assert format_number(7, "someFutureFormat") == "7"


def test_level_restart_and_legal_numbers(tmp_path):
    # level 3 restarts only after level 1 (w:lvlRestart 1); the legal level writes 一 as 1
    levels = [Lvl(0, "chineseCounting", "第%1部分", suff="space"),
              Lvl(1, "chineseCounting", "%2、", suff="nothing"),
              Lvl(2, "decimal", "（%3）", restart=1, suff="nothing"),
              Lvl(3, "decimal", "%2.%4", legal=True, suff="space")]
    paragraphs = [Para("概况", 1, 0), Para("职能", 1, 1), Para("甲", 1, 2), Para("机构", 1, 1), Para("乙", 1, 2),
                  Para("细", 1, 3), Para("决算表", 1, 0), Para("丙", 1, 2)]
    path = make_listed_docx(tmp_path / "restart.docx", paragraphs, numbering_xml({0: levels}, {1: Num(0)}))
    assert lines_of(path) == ["第一部分 概况", "一、职能", "（1）甲", "二、机构", "（2）乙", "2.1 细",
                              "第二部分 决算表", "（1）丙"]


def test_bullets_none_and_custom_formats(tmp_path):
    abstracts = {0: [Lvl(0, "bullet", "\uf06c", suff="tab")],
                 1: [Lvl(0, "none", "", suff="tab")],
                 2: [Lvl(0, "decimal", "%1.", custom="001, 002, 003, ...", suff="space")],
                 3: [Lvl(0, "decimal", "%1", start=None, suff="nothing")]}
    paragraphs = [Para("要点", 1, 0), Para("无号", 2, 0), Para("三位", 3, 0), Para("三位二", 3, 0),
                  Para("从零", 4, 0)]
    path = make_listed_docx(tmp_path / "bullets.docx", paragraphs,
                            numbering_xml(abstracts, {k + 1: Num(k) for k in abstracts}))
    assert lines_of(path) == ["要点", "无号", "001. 三位", "002. 三位二", "0从零"]


def test_spaces_in_the_number_text_are_one_gap(tmp_path):
    abstracts = {0: [Lvl(0, "chineseCounting", "%1、 ", suff="tab")],
                 1: [Lvl(0, "chineseCounting", " 第%1部分\u3000", suff="space")],
                 2: [Lvl(0, "decimal", "%1.\t", suff="nothing")]}
    paragraphs = [Para("收入", 1, 0), Para("概况", 2, 0), Para("支出", 3, 0), Para("  结余", 2, 0),
                  Para("\u3000结转", 1, 0)]
    path = make_listed_docx(tmp_path / "spaces.docx", paragraphs,
                            numbering_xml(abstracts, {k + 1: Num(k) for k in abstracts}))
    # spaces typed after the number, too
    assert lines_of(path) == ["一、收入", "第一部分 概况", "1. 支出", "第二部分 结余", "二、结转"]


def test_level_found_by_its_style(tmp_path):
    # Word's heading numbering: the style names the list only, the list's level names the style
    levels = [Lvl(0, "chineseCounting", "%1、", suff="nothing", style="Chapter"),
              Lvl(1, "chineseCounting", "（%2）", suff="nothing", style="Section")]
    styles = [Style("Chapter", num=1), Style("Section", num=1)]
    paragraphs = [Para("总体情况", style="Chapter"), Para("收入", style="Section"), Para("支出", style="Section"),
                  Para("三公经费", style="Chapter")]
    path = make_listed_docx(tmp_path / "linked.docx", paragraphs, numbering_xml({0: levels}, {1: Num(0)}),
                            styles)
    assert lines_of(path) == ["一、总体情况", "（一）收入", "（二）支出", "二、三公经费"]


def test_numbers_in_table_cells_go_on_counting(tmp_path):
    import docx

    levels = [Lvl(0, "chineseCounting", "%1、", suff="nothing")]
    path = make_listed_docx(tmp_path / "cells.docx", [Para("收入", 1, 0)], numbering_xml({0: levels}, {1: Num(0)}))
    document = docx.Document(str(path))
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "支出"
    add_num_pr(table.cell(0, 0).paragraphs[0]._p.get_or_add_pPr(), 1, 0)
    table.cell(0, 1).text = "100.00"
    add_num_pr(document.add_paragraph("结余")._p.get_or_add_pPr(), 1, 0)
    document.save(path)
    result = read_docx(path)
    assert result.text.split("\n")[:3] == ["一、收入", "二、支出  100.00", "三、结余"]
    assert result.tables[0].rows == [["二、支出", "100.00"]]


# --- malformed numbering -----------------------------------------------------------------------


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MALFORMED = {
    "no abstract list": f'<w:numbering {W}><w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num></w:numbering>',
    "words for numbers": f'<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="x">'
                         '<w:start w:val="one"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
                         '<w:num w:numId="1"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="zero">'
                         '<w:startOverride w:val="?"/></w:lvlOverride></w:num></w:numbering>',
    "a level beyond nine": f'<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="12">'
                           '<w:numFmt w:val="decimal"/><w:lvlText w:val="%9%1"/></w:lvl></w:abstractNum>'
                           '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>',
    "a huge start": f'<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
                    '<w:start w:val="2000000000"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/>'
                    '</w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>',
    "a style link that loops": f'<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:numStyleLink '
                               'w:val="Loop"/></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/>'
                               '</w:num></w:numbering>',
    "cut short": f'<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt',
}


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_numbering_gives_no_number(tmp_path, name):
    path = make_listed_docx(tmp_path / "bad.docx", [Para("收入", 1, 0), Para("支出")],
                            numbering_xml({0: [Lvl(0, "decimal", "%1.")]}, {1: Num(0)}),
                            [Style("Loop", num=1)])
    replace_part(path, "word/numbering.xml", MALFORMED[name])
    lines = lines_of(path)
    assert lines[1] == "支出"
    assert lines[0].endswith("收入") and len(lines[0]) <= len("2000000000. 收入")


def test_list_numbers_of_nothing():
    assert ListNumbers().label(None, None) == ""
    assert not ListNumbers()


# --- a whole report -----------------------------------------------------------------------------

DATA = Path(__file__).parent / "data"


def _keys(result) -> list[tuple]:
    return sorted((f.rule, f.severity, f.location.line, f.location.page, f.location.table, f.location.row,
                   f.location.column, f.stated, f.expected) for f in result.findings)


@pytest.mark.parametrize("name", ["report-with-tables.txt", "report-with-tables-planted.txt"])
def test_report_with_list_numbered_headings_reads_as_typed(tmp_path, name):
    from juesuan.api import check_document, check_text
    from juesuan.readers.dispatch import read_document

    typed = (DATA / name).read_text(encoding="utf-8")
    paragraphs, _ = listed_report(typed)
    assert sum(p.num is not None or p.style is not None for _, p in paragraphs) > 40
    path = make_listed_report(tmp_path / name.replace(".txt", ".docx"), typed)
    document = read_document(path)
    assert document.text == typed
    from_word = check_document(document, str(path))
    from_text = check_text(typed, name)
    assert from_word.tool_errors == [] and _keys(from_word) == _keys(from_text)
    errors = [f for f in from_word.findings if f.severity == "error"]
    assert (errors != []) == ("planted" in name)


def test_list_zero_is_no_list_even_when_defined(tmp_path):
    levels = [Lvl(0, "chineseCounting", "%1、", suff="nothing")]
    path = make_listed_docx(tmp_path / "zero.docx", [Para("收入", 0, 0), Para("支出", 1, 0)],
                            numbering_xml({0: levels}, {0: Num(0), 1: Num(0)}))
    assert lines_of(path) == ["收入", "一、支出"]


def test_seed_with_list_numbered_headings_gives_its_findings(tmp_path):
    # the first real report, its headings and items numbered by Word's lists (before,
    # many of its audited findings were lost with their numbers)
    from juesuan.api import check_document, check_text
    from test_readers_pdf_docx import SEED, _difference, _findings, seed_paragraphs

    if not SEED.exists():
        pytest.skip("the seed report is not in this checkout's workspace")
    seed = SEED.read_text(encoding="utf-8")
    text = "\n".join(("\f" if opens and k else "") + words
                     for k, (opens, words) in enumerate(seed_paragraphs(seed)))
    paragraphs, _ = listed_report(text)
    assert sum(p.num is not None or p.style is not None for _, p in paragraphs) > 70
    document = read_docx(make_listed_report(tmp_path / "seed.docx", text))
    # Word's tab after "1." is read as a space: "1. 一般公共服务支出（类）"
    assert "".join(document.text.split()) == "".join(text.split())
    assert _difference(_findings(check_text(seed, "seed")), _findings(check_document(document, "seed.docx"))) \
        == ([], [])


def test_numbers_when_the_main_part_is_read_alone(tmp_path):
    # a relationship to a part the zip lacks: the body is read alone, its numbering with it
    source = outline_docx(tmp_path)
    damaged = tmp_path / "lacking.docx"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(damaged, "w") as out:
        for info in archive.infolist():
            if info.filename != "word/fontTable.xml":
                out.writestr(info, archive.read(info.filename))
    document = read_docx(damaged)
    assert any("lacks" in warning for warning in document.warnings)
    assert [line for line in document.text.split("\n") if line.strip()] == OUTLINE_TEXT


# --- any numbering --------------------------------------------------------------------------------

_FORMATS = st.sampled_from(["decimal", "chineseCounting", "chineseCountingThousand", "upperLetter", "lowerRoman",
                            "bullet", "none", "ideographTraditional", "decimalEnclosedCircle", "bogus"])
_LEVEL = st.builds(Lvl, ilvl=st.integers(-1, 10), fmt=_FORMATS,
                   text=st.sampled_from(["%1、", "（%2）", "%1.%2.%3", "", "%9", "第%1部分", "%"]),
                   start=st.none() | st.integers(-5, 3_000_000_000), suff=st.sampled_from([None, "space", "nothing"]),
                   restart=st.none() | st.integers(0, 10), legal=st.booleans())
_NUMBERING = st.tuples(st.dictionaries(st.integers(0, 2), st.lists(_LEVEL, max_size=5), max_size=3),
                       st.dictionaries(st.integers(1, 4), st.builds(Num, abstract=st.integers(0, 3),
                                       starts=st.dictionaries(st.integers(0, 9), st.integers(-3, 50), max_size=2)),
                                       max_size=4))
_PARAGRAPHS = st.lists(st.tuples(st.none() | st.integers(0, 5), st.none() | st.integers(-1, 10)), max_size=30)


def _numbers(abstracts, nums) -> ListNumbers:
    from lxml import etree

    return ListNumbers(etree.fromstring(numbering_xml(abstracts, nums).encode("utf-8")))


def _numpr(num, ilvl):
    from lxml import etree

    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    numpr = etree.Element(f"{{{ns}}}numPr")
    if ilvl is not None:
        etree.SubElement(numpr, f"{{{ns}}}ilvl").set(f"{{{ns}}}val", str(ilvl))
    if num is not None:
        etree.SubElement(numpr, f"{{{ns}}}numId").set(f"{{{ns}}}val", str(num))
    return numpr


@settings(max_examples=150, deadline=None)
@given(_NUMBERING, _PARAGRAPHS)
def test_any_numbering_gives_a_short_number_or_none(numbering, paragraphs):
    numbers = _numbers(*numbering)
    for num, ilvl in paragraphs:
        label = numbers.label(_numpr(num, ilvl), None)
        assert isinstance(label, str) and len(label) < 120


@settings(max_examples=60, deadline=None)
@given(st.integers(-3, 200), st.integers(1, 30), _FORMATS)
def test_a_list_counts_on_from_its_start(start, count, fmt):
    from juesuan.readers.docx_number_formats import format_number

    numbers = _numbers({0: [Lvl(0, fmt, "%1", start=start, suff="nothing")]}, {1: Num(0)})
    labels = [numbers.label(_numpr(1, 0), None) for _ in range(count)]
    if fmt == "bullet":
        assert labels == [""] * count
    else:
        assert labels == [format_number(start + k, fmt) for k in range(count)]


def test_a_damaged_part_beside_the_body_leaves_the_body_read():
    # a NUL byte in a part other than the main one: the body is read alone, as Word does
    # after its repair, with one line saying so
    document = read_docx(Path(__file__).parent / "fuzz_corpus" / "nul-in-xml-multiline-error.docx")
    assert "收入总计 10.00 万元" in document.text
    assert len(document.warnings) == 1 and "\n" not in document.warnings[0]
    assert "damaged" in document.warnings[0]
