"""The bundled example published as web pages of the shapes departments produce.

``export_forms`` writes the example's blocks (the composer's) as:

* a Word document saved as a web page: mso classes, runs of spans with ``<o:p></o:p>``,
  conditional comments, ``&nbsp;`` paragraphs, page breaks as ``<br clear=all>``, the
  source cut at 76 characters in mid-text, the title and 目录 letter-spaced with
  ``&nbsp;``, every table cell holding a ``<p class=MsoNormal>``, GB2312;
* a government site's CMS article in GBK, inside the site's header, navigation,
  breadcrumbs, layout table and footer, each paragraph with inline styles (or the whole
  text one block of ``<br>``-parted lines), the tables pasted from the export workbook:
  the title, form number and unit rows inside the table, the code in 类/款/项 columns,
  a 栏次 row, figures with Excel's ``x:num``.

Each draws no finding and reads back the example's data Decimal-exact; with planted
errors (in the text and in the tables) it draws exactly the findings the same report
draws as plain text, each on the line of the page's text that prints it.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.api import check_document
from juesuan.dataset.example import example_dataset
from juesuan.dataset.from_report import extract_dataset
from juesuan.readers.html import parse_html
from juesuan.render.blocks import Cell, Paragraph, TableBlock
from juesuan.render.compose import compose
from juesuan.render.plain import to_document

try:
    import export_forms as forms
except ImportError:  # pragma: no cover - run with the repository root on sys.path
    from tests import export_forms as forms

ZERO = Decimal(0)
BUDGET_FIRST = forms.Export(codes="own", sangong="budget-first", figures="text", zero="-")
PAGES = {
    "word": lambda blocks, title, department: forms.word_page(blocks, title),
    "word-utf8-unwrapped": lambda blocks, title, department: forms.word_page(blocks, title, "utf-8", wrap=False),
    "cms": lambda blocks, title, department: forms.cms_page(blocks, title, department),
    "cms-lines": lambda blocks, title, department: forms.cms_page(blocks, title, department, breaks=True),
    "cms-budget-first": lambda blocks, title, department: forms.cms_page(blocks, title, department, BUDGET_FIRST),
    "cms-one-table": lambda blocks, title, department: forms.cms_page(blocks, title, department, one_table=True),
}


@pytest.fixture(scope="module")
def example():
    dataset = example_dataset()
    department = dataset.fields["部门名称"]
    return dataset, compose(dataset), department, f"{department}{dataset.fields['年度']}年度部门决算"


def check_page(data: bytes, name: str):
    document = parse_html(data)
    return document, check_document(document, name)


@pytest.fixture(scope="module")
def pages(example) -> dict:
    _, blocks, department, title = example
    return {name: check_page(make(blocks, title, department), f"{name}.html") for name, make in PAGES.items()}


def nonzero(facts: dict) -> dict:
    """The facts, a zero left out (a cell printed "-" holds none)."""
    return {key: value for key, value in facts.items() if value != ZERO}


def describe(findings) -> list:
    return [(f.rule, f.location.table, f.location.row, f.stated, f.expected, f.message) for f in findings]


@pytest.mark.parametrize("name", PAGES)
def test_published_page_draws_no_finding(pages, name):
    document, result = pages[name]
    assert document.warnings == []
    assert describe(result.findings) == []
    assert [t.spec.key for t in result.report.tables] == [
        "summary", "income", "expenditure", "fiscal", "general", "basic", "sangong", "fund", "capital"]


@pytest.mark.parametrize("name", PAGES)
def test_published_page_reads_back_the_example(example, pages, name):
    dataset = example[0]
    _, result = pages[name]
    back = nonzero(extract_dataset(result.report, result.flow).facts())
    wanted = nonzero(dataset.facts())
    assert {k: (wanted.get(k), back.get(k)) for k in wanted.keys() | back.keys() if wanted.get(k) != back.get(k)} == {}


def test_word_page_is_as_word_writes_it(example):
    """The shape is what these tests are about: make sure the writer keeps to it."""
    _, blocks, department, title = example
    page = forms.word_page(blocks, title).decode("gbk")
    assert "charset=gb2312" in page.lower() and "<o:p></o:p>" in page and "<![if !supportEmptyParas]>" in page
    assert "class=MsoNormal" in page and "mso-special-character:line-break;page-break-before:always" in page
    lines = page.split("\r\n")
    assert max(map(len, (line for line in lines if "style=" not in line))) <= 80
    cut_text = [n for n, line in enumerate(lines[:-1]) if line and "\u4e00" <= line[-1] <= "\u9fff"
                and lines[n + 1] and "\u4e00" <= lines[n + 1][0] <= "\u9fff"]
    assert len(cut_text) > 100          # text cut between two CJK characters
    assert "目&nbsp;录" in page


# -- planted errors ------------------------------------------------------------------------------


def _edit_paragraph(blocks: list, old: str, new: str) -> list:
    hits = [n for n, b in enumerate(blocks) if isinstance(b, Paragraph) and old in b.text]
    assert len(hits) == 1, (old, hits)
    n = hits[0]
    return [*blocks[:n], Paragraph(blocks[n].text.replace(old, new)), *blocks[n + 1:]]


def _edit_cell(blocks: list, key: str, first: str, column: int, old: str, new: str) -> list:
    out = []
    for block in blocks:
        if isinstance(block, TableBlock) and block.key == key:
            body = [list(row) for row in block.body]
            (row,) = [row for row in body if row[0].text == first]
            assert row[column].text == old, (key, first, row[column])
            row[column] = Cell(new, row[column].rowspan, row[column].colspan, row[column].figure)
            block = replace(block, body=body)
        out.append(block)
    return out


def planted_blocks(blocks: list) -> list:
    """基本支出's share of 本年支出合计 with two digits swapped; a 项's growth miscomputed;
    2010301 行政运行's 财政拨款收入 in 收入决算表 typed with a wrong digit; 三公 公务接待费
    决算数 with two digits swapped."""
    blocks = _edit_paragraph(blocks, "基本支出 14,539.76 万元，占 5.35%", "基本支出 14,539.76 万元，占 5.53%")
    blocks = _edit_paragraph(blocks, "增加 158.09 万元，增长 11.37%", "增加 158.09 万元，增长 13.17%")
    blocks = _edit_cell(blocks, "income", "2010301", 3, "7,001.18", "7,010.18")
    return _edit_cell(blocks, "sangong", "499.00", 11, "87.57", "78.57")


@pytest.fixture(scope="module")
def planted(example) -> dict:
    _, blocks, department, title = example
    blocks = planted_blocks(blocks)
    text = to_document(blocks)
    out = {"text": (text, check_document(text, "planted.txt"))}
    for name, make in PAGES.items():
        out[name] = check_page(make(blocks, title, department), f"{name}-planted.html")
    return out


def found(result) -> list:
    return sorted((f.rule, f.location.table or "", f.location.row or "", f.stated or "", f.expected or "")
                  for f in result.findings)


def test_planted_report_as_text_draws_the_planted_findings(planted):
    _, result = planted["text"]
    assert found(result) == [
        ("G101", "", "", "13.17%", "增长 11.37%"),
        ("P101", "", "", "5.53%", "5.35%"),
        ("T101", "收入决算表", "2010301 行政运行", "7,010.18", "7,001.18"),
        ("T101", "财政拨款“三公”经费支出决算表", "合计", "407.27", "398.27"),
        *[("T301", "", "", "87.57 万元", "78.57 万元")] * 4,     # the four sentences that state it
    ]


@pytest.mark.parametrize("name", PAGES)
def test_planted_page_draws_the_findings_of_the_text(planted, name):
    assert found(planted[name][1]) == found(planted["text"][1])


@pytest.mark.parametrize("name", PAGES)
def test_planted_page_findings_are_on_the_lines_that_print_them(planted, name):
    document, result = planted[name]
    lines = document.text.split("\n")
    for finding in result.findings:
        line = lines[finding.location.line - 1]
        stated = finding.stated.replace(" 万元", "").replace(",", "")
        assert stated in line.replace(",", ""), (finding.rule, finding.location.line, line)


def test_a_year_spread_with_the_letters_of_its_title_reads_close():
    """A title letter-spaced with &nbsp; spreads its year too ("2 0 2 3 年 度"): the year is
    how the report's year and the department's name are found."""
    from juesuan.model.characters import unspaced

    assert unspaced("青 禾 市 教 育 局 2 0 2 4 年 度 部 门 决 算") == "青禾市教育局2024年度部门决算"
    # figures of a table row stay apart, and a line that is not spread keeps its spaces
    assert unspaced("收 入 合 计  1 2 3") == "收入合计  1 2 3"
    assert unspaced("比 2 0 2 3 年度增加") == "比 2 0 2 3 年度增加"


def test_paragraphs_beside_one_large_table_are_part_of_the_article():
    """The article's box holds a few paragraphs and a box with one table larger than them
    all (a sheet of tables pasted as one): the search for the article went down into the
    table's box and left the paragraphs out."""
    rows = "".join(f"<tr><td>{code}</td><td>行政运行</td><td>{n}.00</td><td>{n}.00</td></tr>"
                   for n, code in enumerate(range(2010301, 2010341), start=1))
    page = ("<html><body><div class='nav'><a href='/'>首页</a></div><div id='zoom'>"
            "<p>一、收入决算情况说明</p><p>本年收入合计 820.00 万元，其中：财政拨款收入 820.00 万元。</p>"
            "<div style='overflow-x:auto'><table><tr><td>收入决算表</td></tr>"
            "<tr><td>科目编码</td><td>科目名称</td><td>本年收入合计</td><td>财政拨款收入</td></tr>"
            f"{rows}</table></div></div></body></html>").encode("utf-8")
    document = parse_html(page)
    assert document.text.split("\n")[:2] == ["一、收入决算情况说明", "本年收入合计 820.00 万元，其中：财政拨款收入 820.00 万元。"]
    assert len(document.tables) == 1


# -- the project's test report, its page rewritten as Word writes it ------------------------------------

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("name", ["report-with-tables.html", "report-with-tables-planted.html"])
def test_test_report_rewritten_as_word_draws_the_findings_of_its_page(name):
    """The Shanghai-layout report with its nine tables inside (and its thirteen planted
    problems): as Word's markup it reads and checks as the site's page does."""
    page = (DATA / name).read_bytes()
    _, original = check_page(page, name)
    document, word = check_page(forms.wordify(page), name)
    assert found(word) == found(original)
    assert [t.spec.key for t in word.report.tables] == [t.spec.key for t in original.report.tables]
    lines = document.text.split("\n")
    for finding in word.findings:
        if finding.stated and finding.location.table is None:
            assert finding.stated.split(" ")[0] in lines[finding.location.line - 1], finding


def test_an_article_of_tables_beside_a_date_line_is_still_gone_into():
    rows = "".join(f"<tr><td>{code}</td><td>行政运行</td><td>{n}.00</td><td>{n}.00</td></tr>"
                   for n, code in enumerate(range(2010301, 2010341), start=1))
    page = ("<html><body><div class='box'><div class='info'>发布时间：2024-09-10　来源：青禾市教育局　浏览次数：100</div>"
            "<div class='txt'><p>青禾市教育局部门决算公开表</p><table><tr><td>收入决算表</td></tr>"
            "<tr><td>科目编码</td><td>科目名称</td><td>本年收入合计</td><td>财政拨款收入</td></tr>"
            f"{rows}</table></div></div></body></html>").encode("utf-8")
    document = parse_html(page)
    assert document.text.split("\n")[0] == "青禾市教育局部门决算公开表"
    assert "发布时间" not in document.text


def test_a_cell_with_thousands_typed_with_a_chinese_comma_is_read(example):
    """A figure typed in a Word table as "7，001.18" was no figure: its row and the rows
    above it no longer added up."""
    _, blocks, department, title = example
    blocks = _edit_cell(blocks, "income", "2010301", 2, "7,001.18", "7，001.18")
    _, result = check_page(forms.word_page(blocks, title), "comma.html")
    assert describe(result.findings) == []
    income = next(t for t in result.report.tables if t.spec.key == "income")
    assert income.row(code="2010301").cells["本年收入合计"].value == Decimal("7001.18")
