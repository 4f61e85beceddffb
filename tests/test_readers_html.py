"""Reading reports published as web pages: the article's lines and tables, charsets, bad pages."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan.api import check_text
from juesuan.readers import html as html_reader
from juesuan.readers.errors import ReadError
from juesuan.readers.html import parse_html, read_html

DATA = Path(__file__).parent / "data"

# A department's page as a county site serves it: GB2312 declared, site chrome around
# the article, the article's title outside its text box, a table exported with merged
# header cells, and a planted share that does not add up (60 of 100 is not 70%).
PAGE = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某县农业农村局2023年度部门决算公开_某县人民政府</title>
<style>.zw p { text-indent: 2em } /* 本年收入 999.00 万元 */</style>
<script>var visits = "本年支出 888.00 万元";</script>
</head><body>
<div class="top"><div class="logo">某县人民政府</div>
  <ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
  <li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="wrap">
  <div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 部门决算</div>
  <div class="art">
    <h1>某县农业农村局2023年度部门决算公开</h1>
    <div class="meta">发布日期：2024-09-20　来源：某县农业农村局</div>
    <div id="zoom">
      <p>&nbsp;&nbsp;第一部分　部门概况</p>
      <p>　　一、主要职能</p>
      <p>　　贯彻落实农业农村工作的方针政策，统筹研究和组织实施<br>
      本县“三农”工作的发展规划。</p>
      <p align="center"><strong>收入支出决算总表</strong></p>
      <p>单位：万元</p>
      <table border="1" cellspacing="0">
        <tr><td rowspan="2">项目</td><td colspan="2">本年数</td></tr>
        <tr><td>预算数</td><td>决算数</td></tr>
        <tr><td>一般公共预算<br>财政拨款收入</td><td>55.00</td><td>60.00</td></tr>
        <tr><td>其他收入</td><td>&nbsp;</td><td>40.00</td></tr>
        <tr><td></td><td></td><td></td></tr>
      </table>
      <p>第二部分　部门决算情况说明</p>
      <p>二、收入决算情况说明</p>
      <p>本年收入 100.00 万元，其中：财政拨款收入 60.00 万元，占 70.00%；其他收入 40.00 万元，占 40.00%。</p>
    </div>
    <div class="bdsharebuttonbox">分享到：<a href="#">微信</a><a href="#">微博</a></div>
  </div>
</div>
<div class="footer">主办单位：某县人民政府办公室　地址：某县人民路1号　电话：0000-1234567
  网站标识码：1234000000　备案号：某ICP备00000000号</div>
</body></html>
"""

EXPECTED_LINES = [
    "某县农业农村局2023年度部门决算公开",
    "第一部分 部门概况",
    "一、主要职能",
    "贯彻落实农业农村工作的方针政策，统筹研究和组织实施",
    "本县“三农”工作的发展规划。",
    "收入支出决算总表",
    "单位：万元",
    "项目  本年数  本年数",
    "项目  预算数  决算数",
    "一般公共预算财政拨款收入  55.00  60.00",
    "其他收入    40.00",
    "第二部分 部门决算情况说明",
    "二、收入决算情况说明",
    "本年收入 100.00 万元，其中：财政拨款收入 60.00 万元，占 70.00%；其他收入 40.00 万元，占 40.00%。",
]


def test_gbk_page_gives_the_article_lines_in_order():
    doc = parse_html(PAGE.encode("gbk"))
    assert doc.kind == "html"
    assert doc.text.split("\n") == EXPECTED_LINES
    assert "\f" not in doc.text
    assert doc.warnings == []


def test_site_chrome_scripts_and_styles_are_left_out():
    text = parse_html(PAGE.encode("gbk")).text
    for noise in ("首页", "政务公开", "当前位置", "发布日期", "分享到", "主办单位", "备案号",
                  "999.00", "888.00", "text-indent", "某县人民政府办公室"):
        assert noise not in text, noise


def test_table_grid_spans_line_and_title():
    doc = parse_html(PAGE.encode("gbk"))
    (table,) = doc.tables
    assert table.rows == [
        ["项目", "本年数", "本年数"],
        ["项目", "预算数", "决算数"],
        ["一般公共预算财政拨款收入", "55.00", "60.00"],
        ["其他收入", "", "40.00"],
    ]
    assert (table.line, table.page, table.index, table.title) == (8, None, 1, "收入支出决算总表")
    lines = doc.text.split("\n")
    # each row is a line of the text, cells two spaces apart, starting at table.line
    assert lines[table.line - 1:table.line - 1 + len(table.rows)] == [
        "  ".join(row).strip() for row in table.rows]


def test_planted_share_is_found_at_its_line():
    doc = parse_html(PAGE.encode("gbk"))
    lines = doc.text.split("\n")
    sentence_line = next(n for n, line in enumerate(lines, start=1) if line.startswith("本年收入"))
    (finding,) = [f for f in check_text(doc.text).findings if f.rule == "P101"]
    assert finding.location.line == sentence_line == 14
    assert (finding.stated, finding.expected) == ("70.00%", "60.00%")


UTF8_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>部门决算</title></head><body>
<header class="site-head"><a href="/">某市财政局</a></header>
<main><article>
<h2>某市财政局2023年度部门决算</h2>
<section><p>三、支出决算情况说明</p>
<p>本年支出&nbsp;80.00&nbsp;万元，其中：基本支出 50.00 万元，占 62.50%；项目支出 30.00 万元，占 37.50%。</p></section>
<table><caption>支出决算表</caption>
<thead><tr><th>科目名称</th><th>合计</th><th>基本支出</th><th>项目支出</th></tr></thead>
<tbody><tr><td>一般公共服务支出</td><td>80.00</td><td>50.00</td><td>30.00</td></tr></tbody>
</table>
</article></main>
<footer>版权所有 © 2024 某市人民政府</footer>
</body></html>
"""


def test_utf8_page_with_meta_charset():
    doc = parse_html(UTF8_PAGE.encode("utf-8"))
    assert doc.text.split("\n") == [
        "某市财政局2023年度部门决算",
        "三、支出决算情况说明",
        "本年支出 80.00 万元，其中：基本支出 50.00 万元，占 62.50%；项目支出 30.00 万元，占 37.50%。",
        "支出决算表",
        "科目名称  合计  基本支出  项目支出",
        "一般公共服务支出  80.00  50.00  30.00",
    ]
    (table,) = doc.tables
    assert (table.line, table.title) == (5, "支出决算表")
    assert table.rows[1] == ["一般公共服务支出", "80.00", "50.00", "30.00"]
    assert check_text(doc.text).errors == []


SMALL = "<html><head>{meta}</head><body><div><p>本年收入 100.00 万元，财政拨款收入 60.00 万元。</p></div></body></html>"
SENTENCE = "本年收入 100.00 万元，财政拨款收入 60.00 万元。"


@pytest.mark.parametrize("meta, codec, warned", [
    ('<meta charset="utf-8">', "utf-8", False),
    ('<meta charset="GBK">', "gbk", False),
    ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gbk", False),
    ("", "gbk", False),                           # no declaration: UTF-8 fails, GB18030 fits
    ("", "utf-8", False),
    ('<meta charset="utf-8">', "gbk", True),      # declared wrongly: read as what it is
    ('<meta charset="gb2312">', "utf-8", True),
    ('<meta charset="iso-8859-1">', "gbk", False),
])
def test_charsets(meta, codec, warned):
    doc = parse_html(SMALL.format(meta=meta).encode(codec))
    assert doc.text == SENTENCE
    assert bool(doc.warnings) == warned


def test_byte_order_marks():
    for data in (b"\xef\xbb\xbf" + SMALL.format(meta="").encode("utf-8"),
                 SMALL.format(meta='<meta charset="utf-16">').encode("utf-16")):
        assert parse_html(data).text == SENTENCE


def test_white_space_breaks_and_entities():
    page = ("<body><div class='TRS_Editor'>"
            "<p>\u3000\u3000一、收入<span>决算</span>情况&nbsp;&nbsp;</p>"
            "<div>本年收入 100.00\n  万元，其中：财政拨\n款收入 60.00 万元&lt;见表&gt;</div>"
            "<font>甲<br>乙<br><br>丙</font><!-- 注释 -->"
            "<p>\u200b</p><p>&#8203;&nbsp;</p><h3>三、支出</h3></div></body>")
    assert parse_html(page.encode()).text.split("\n") == [
        "一、收入决算情况", "本年收入 100.00 万元，其中：财政拨款收入 60.00 万元<见表>",
        "甲", "乙", "丙", "三、支出"]


def test_layout_table_page_gives_the_content_cell_and_its_data_table():
    page = """<html><body><table width="980"><tr><td><a href="/">首页</a> | <a href="/x">新闻</a></td></tr>
    <tr><td><table><tr><td width="200"><a href="/a">栏目一</a><br><a href="/b">栏目二</a></td><td>
    <p>一、收入决算情况说明</p>
    <p>本年收入 100.00 万元，其中：财政拨款收入 60.00 万元，占 60.00%；其他收入 40.00 万元，占 40.00%。</p>
    <table border="1"><tr><td colspan="2">收入决算表</td></tr><tr><td>财政拨款收入</td><td>60.00</td></tr>
    <tr><td>其他收入</td><td>40.00</td></tr></table>
    </td></tr></table></td></tr><tr><td>版权所有 某市人民政府</td></tr></table></body></html>"""
    doc = parse_html(page.encode("gbk"))
    assert doc.text.split("\n") == [
        "一、收入决算情况说明",
        "本年收入 100.00 万元，其中：财政拨款收入 60.00 万元，占 60.00%；其他收入 40.00 万元，占 40.00%。",
        "收入决算表  收入决算表", "财政拨款收入  60.00", "其他收入  40.00"]
    (table,) = doc.tables
    assert (table.line, table.index, table.title) == (3, 1, "收入决算表")
    assert table.rows[0] == ["收入决算表", "收入决算表"]


def test_sloppy_table_markup_is_read_as_a_browser_shows_it():
    # cells with no <tr>, a unit line typed inside <table>, a <p> left open in a cell
    page = ("<body><div id='zoom'><p>三公经费支出决算表</p><table>单位：万元"
            "<td>项目<td>决算数<tr><td>公务接待费<p>（含外事接待）<td>1.50</table></div></body>")
    doc = parse_html(page.encode("gbk"))
    assert doc.text.split("\n") == ["三公经费支出决算表", "单位：万元", "项目  决算数",
                                     "公务接待费（含外事接待）  1.50"]
    (table,) = doc.tables
    assert table.rows == [["项目", "决算数"], ["公务接待费（含外事接待）", "1.50"]]
    assert (table.line, table.title) == (3, "三公经费支出决算表")


def test_tables_are_numbered_and_titled_by_the_line_above():
    rows = "<tr><td>甲</td><td>1.00</td></tr><tr><td>乙</td><td>2.00</td></tr>"
    page = (f"<body><div class='content'><p>表一 收入决算表</p><p>公开02表</p><p>单位：万元</p>"
            f"<table>{rows}</table><p>注：本表无数据的科目不列示。</p><p>支出决算表</p>"
            f"<table>{rows}</table></div></body>")
    doc = parse_html(page.encode())
    assert [(t.index, t.line, t.title) for t in doc.tables] == [
        (1, 4, "表一 收入决算表"), (2, 8, "支出决算表")]


def test_ragged_rows_and_odd_spans_make_a_rectangle():
    page = ("<body><div id='zoom'><p>正文</p><table><tr><td rowspan='9'>甲</td><td colspan='0'>乙</td>"
            "<td colspan='x'>丙</td></tr><tr><td colspan='3'>丁</td></tr><tr><td>戊</td></tr>"
            "</table></div></body>")
    (table,) = parse_html(page.encode()).tables
    assert table.rows == [["甲", "乙", "丙", ""], ["甲", "丁", "丁", "丁"], ["甲", "戊", "", ""]]


def test_tables_as_pictures_and_attachments_are_warned_of():
    page = ("<body><div class='article'><p>某局2023年度部门决算公开，详见附件。</p>"
            "<p><img src='t1.png'><img src='t2.png'></p>"
            "<p>附件：<a href='/files/2023bmjs.pdf'>某局2023年度部门决算.pdf</a></p></div></body>")
    warnings = parse_html(page.encode()).warnings
    assert any("2 images" in w for w in warnings)
    assert any("2023bmjs.pdf" in w for w in warnings)


def test_attachments_listed_in_a_table_are_warned_of():
    # The files a page attaches are often listed in a table of their own; the tables are
    # read and taken out of the page before its links are counted.
    page = ("<body><div id='zoom'><p>某局2023年度部门决算公开，详见附件。</p>"
            "<table><tr><td>序号</td><td>附件</td></tr>"
            "<tr><td>1</td><td><a href='/files/2023bmjs.xls'>部门决算公开表</a></td></tr></table></div></body>")
    for fast in (True, False):
        document = html_reader._parse(page.encode(), fast=fast)
        assert document.tables[0].rows[1] == ["1", "部门决算公开表"]
        assert [w for w in document.warnings if "attached files" in w] == [
            "the page links to 1 attached files (e.g. /files/2023bmjs.xls): the report may be in them"]


def test_read_html_from_a_file(tmp_path):
    path = tmp_path / "report.htm"
    path.write_bytes(PAGE.encode("gb18030"))
    assert read_html(path).text.split("\n") == EXPECTED_LINES


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b" \r\n\t ", "empty"),
    ("二、收入决算情况说明\n本年收入 100.00 万元。".encode("gbk"), "not an HTML page"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00", "zip"),
    (b"<html>\x00\x01\x02\x03" + bytes(range(256)), "binary"),
    (b"<html><frameset><frame src='main.htm'></frameset></html>", "frames"),
    (b"<html><body><script>document.write('x')</script></body></html>", "no article text"),
    ("<html><body><ul><li><a href='/'>首页</a></li><li><a href='/a'>政务公开</a></li></ul>"
     "</body></html>".encode(), "no article text"),
])
def test_bad_pages_get_one_clear_line(data, reason):
    with pytest.raises(ReadError, match=reason) as caught:
        parse_html(data)
    assert "\n" not in str(caught.value)


def test_size_cap(monkeypatch, tmp_path):
    monkeypatch.setattr(html_reader, "MAX_BYTES", 1024 * 1024)
    path = tmp_path / "huge.html"
    path.write_bytes(b"<p>" + b"x" * (2 * 1024 * 1024) + b"</p>")
    with pytest.raises(ReadError, match="larger than"):
        read_html(path)
    with pytest.raises(ReadError, match="larger than"):
        parse_html(path.read_bytes())


def test_hostile_pages_stay_bounded():
    # parsing time grows with the square of the nesting depth: refused before parsing
    deep = b"<body>" + b"<div>" * 20_000 + "本年收入".encode() + b"</div>" * 20_000 + b"</body>"
    with pytest.raises(ReadError, match=r"nested \d+ deep"):
        parse_html(deep)
    # spans asking for millions of slots: the table is read as text, with a warning
    bomb = ("<body><p>正文</p><table>" + "<tr><td colspan=1000 rowspan=1000>1.00</td></tr>" * 2000
            + "</table></body>").encode()
    doc = parse_html(bomb)
    assert doc.tables == [] and doc.text.split("\n")[:3] == ["正文", "1.00", "1.00"]
    assert any("read as text only" in w for w in doc.warnings)


_REPORT_PAGE = ("<html><body><h1>某局2023年度部门决算</h1><p>本年收入合计100.00万元。</p>{extra}"
                "<div><p>收入决算表</p><table><tr><td>项目</td><td>决算数</td></tr>"
                "<tr><td>本年收入合计</td><td>100.00</td></tr></table></div></body></html>")


@pytest.mark.parametrize("extra", [
    # a chart library inlined: its text holds thousands of tags, none of them elements
    "<script>var t='" + "<div><span>" * 6000 + "';for(i=0;i<n;i++){}</script>",
    # an inline SVG chart: thousands of self-closing shapes and nested groups
    "<svg>" + "<g>" * 1500 + "<path d='M0 0'/>" * 9000 + "</g>" * 1500 + "</svg>",
    "<style>" + "a<b{}" * 12_000 + "</style><!--" + "<div>" * 3000 + "-->",
    # void elements and self-closing tags open nothing
    "<BR>" * 6000 + "<img src='x.png'/>" * 6000 + "<span/>" * 2000,
])
def test_a_report_page_with_large_scripts_or_drawings_is_read(extra):
    doc = parse_html(_REPORT_PAGE.format(extra=extra).encode())
    assert "本年收入合计100.00万元。" in doc.text and len(doc.tables) == 1


def test_deep_nesting_is_still_refused_beside_a_script():
    deep = "<script>x</script>" + "<div>" * 1200 + "正文" + "</div>" * 1200 + "<p>x</p>" * 9000
    with pytest.raises(ReadError, match=r"nested 12\d\d deep"):
        parse_html(_REPORT_PAGE.format(extra=deep).encode())


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read_html(tmp_path / "absent.html")
    with pytest.raises(ReadError, match="is a directory"):
        read_html(tmp_path)


# --- any page: a Document whose tables are the rows of its text, or one clear line --------------

_PIECES = ["<p>", "</p>", "<div>", "</div>", "<div class='nav'>", "<br>", "<table>", "</table>",
           "<tr>", "</tr>", "<td>", "</td>", "<td rowspan='3'>", "<th colspan='2'>", "<td colspan='0'>",
           "<span>", "</span>", "<a href='/x'>", "</a>", "<script>", "</script>", "<!--", "-->",
           "<caption>", "<pre>", "</pre>", "<h1>", "&nbsp;", "\u3000", "\n", "本年收入", "100.00",
           "万元", "收入决算表", "单位：万元", "。", "<", ">", "&", "\x00", "\x01", "\u200b", "\ufffd"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=120), st.sampled_from(["utf-8", "gb18030"]))
def test_any_page_reads_or_refuses_in_one_line(pieces, codec):
    try:
        doc = parse_html("".join(pieces).encode(codec))
    except ReadError as error:
        assert str(error) and "\n" not in str(error)
        return
    lines = doc.text.split("\n")
    assert all(line and line == line.strip() for line in lines) and "\f" not in doc.text
    for number, table in enumerate(doc.tables, start=1):
        assert table.index == number and table.rows
        assert len({len(row) for row in table.rows}) == 1
        assert lines[table.line - 1:table.line - 1 + len(table.rows)] == [
            "  ".join(row).strip() for row in table.rows]


# --- the quick reading: the walk's lines and tables, with the per-node work done in bulk ---------

def seed_report() -> tuple[str, bytes] | None:
    """The seed report with the nine tables of tests/test_reports_with_tables.py after it, as
    text and as a GBK page (one ``<p>`` a paragraph, the tables as ``<table>``); None
    without the seed. benchmarks/bench_html.py reads the same report."""
    from test_readers_pdf_docx import SEED, seed_paragraphs
    from test_reports_with_tables import PAGE as PAGE_BREAK
    from test_reports_with_tables import TABLES, render_html, render_text

    if not SEED.exists():
        return None
    blocks = [words for _, words in seed_paragraphs(SEED.read_text(encoding="utf-8"))]
    blocks += [PAGE_BREAK, "第四部分 部门决算报表"]
    for n, make in enumerate(TABLES):
        if n:
            blocks.append(PAGE_BREAK)
        blocks.append(make())
    return render_text(blocks), render_html(blocks)


def both_readings(data: bytes) -> list:
    """The page read quickly and by the walk: each a Document or the ReadError's message."""
    out = []
    for fast in (True, False):
        try:
            out.append(html_reader._parse(data, fast=fast))
        except ReadError as error:
            out.append(str(error))
    return out


def test_quick_reading_of_whole_reports():
    pages = [PAGE.encode("gbk"), UTF8_PAGE.encode()]
    pages += [(DATA / name).read_bytes() for name in ("report-with-tables.html", "report-with-tables-planted.html")]
    if (seed := seed_report()) is not None:
        pages.append(seed[1])
    for page in pages:
        quick, walk = both_readings(page)
        assert quick == walk and quick == parse_html(page)
    if seed is not None:  # under the page's title, the lines of the text and the nine grids
        doc = parse_html(seed[1])
        lines = doc.text.split("\n")
        assert lines[0] == "青禾市教育局2024年度部门决算" and len(doc.tables) == 9
        text_lines = {" ".join(line.split()) for line in seed[0].split("\n")}
        assert all(line in text_lines for line in lines[1:] if "  " not in line)


# Pages on which a draft of the quick reading once differed from the walk.
@pytest.mark.parametrize("page", [
    "本年收入<juesuan-table><td> </td>\ue000",            # an element named like the reading's marker
    "<footer><juesuan-table><h1>100.00",
    "a<div class='nav'>\xad<juesuan-table>",
    "<table><th colspan='2'><svg><caption>b<td rowspan=3 colspan=2>",  # a caption in a cell's <svg>
    "<p>a<!-- x -->b<?php c ?>d<![if !x]>e</p><p>中<span>\n</span>文</p><table><tr><td>1<!-- -->2<td><td>3</table>",
    "<div class='share'>分享<table><tr><td>1<td>2</table></div><header><table><tr><td><h1>标题</h1><td>2</table></header>",
    "<p>x<pre>a\n b</pre></p><table><tr><td>1<td>2</table>",
    "<table><caption><a href='/x.pdf'><tr><td>1</td><td>2</td></tr>",  # a link in a caption
    "<table><td>1<!--x-->2</td><caption><math><td>长</td>",  # a <td> of MathML in the caption
])
def test_quick_reading_is_the_walk_on_odd_pages(page):
    for codec in ("utf-8", "gb18030"):
        quick, walk = both_readings(page.encode(codec, errors="replace"))
        assert quick == walk


def test_word_cells_are_read_as_the_walk_reads_them():
    # Word's "save as web page": every cell's text in a <p> and a <span>, the markup
    # indented, an empty <o:p> in each cell; a cell of two paragraphs, one of a no-break
    # space, one empty.
    def cell(*paragraphs):
        inner = "".join(f"\n  <p class=MsoNormal><span lang=EN-US>{text}<o:p></o:p></span></p>" for text in paragraphs)
        return f"<td width=80 valign=top>{inner}\n  </td>"
    rows = [[cell("项目"), cell("决算数")], [cell("一般公共预算", "财政拨款收入"), cell("5,363.35")],
            [cell("其他收入"), cell("&nbsp;")], [cell("Total", "income"), "<td></td>"]]
    page = ("<body><div class=WordSection1><p class=MsoNormal><span>收入决算表</span></p><table>"
            + "".join("<tr>" + "".join(row) + "</tr>\n" for row in rows) + "</table></div></body>")
    quick, walk = both_readings(page.encode())
    assert quick == walk
    assert quick.tables[0].rows == [["项目", "决算数"], ["一般公共预算财政拨款收入", "5,363.35"],
                                    ["其他收入", ""], ["Total income", ""]]


_TRICKY = ["<p>", "</p>", "<div>", "</div>", "<div class='nav'>", "<div class='share'>", "<div id='x'>", "<br>",
           "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "<td rowspan='2'>", "<th colspan='2'>",
           "<td colspan='0'>", "<td rowspan=3 colspan=2>", "<td></td>", "<td> </td>", "<td>&nbsp;</td>",
           "<tr><td>1</td><td>2</td></tr>", "<caption>", "</caption>", "<colgroup><col span=2>",
           "<span>", "</span>", "<font>", "</font>", "<b>", "</b>", "<o:p>", "</o:p>", "<a href='/x.pdf'>", "</a>",
           "<script>", "</script>", "<!--", "-->", "<!-- c -->", "<?php x ?>", "<![if !x]>", "</ x>", "<!x>",
           "<img src=x>", "<button>", "</button>", "<select><option>", "</select>", "<textarea>", "</textarea>",
           "<nav>", "</nav>", "<header>", "</header>", "<footer>", "</footer>", "<h1>", "</h1>", "<pre>", "</pre>",
           "<ul>", "<li>", "</ul>", "<section class='footer'>", "</section>", "<svg>", "</svg>", "<math>",
           "<div style='display:none'>", "<div id='zoom'>", "<div class='TRS_Editor'>", "<article>", "<center>",
           "<xmp>", "</xmp>", "<wbr>", "<form>", "</form>", "<juesuan-table>", "&nbsp;", "\u3000", "\n", " ", "\t",
           "\f", "\x01", "\u200b", "\xad", "\ue000", "本年收入", "100.00", "中", "文", "a", "万元", "收入决算表",
           "单位：万元", "。", "<", ">", "&", "本年收入决算数为100.00万元，" * 30, "<td>" + "长" * 120 + "</td>",
           "<td>a<br>b</td>", "<td><p>中</p><p>文</p></td>", "<td><span>1</span>2</td>", "<td><!--x--></td>",
           "<td>1<!--x-->2</td>", "<tr>\n<td>1</td>\n<td>2</td>\n</tr>", "<caption><img src=y>",
           "<a href='/y.doc'>附件</a>", "<div class='print'>打印 关闭</div>", "<header><h1>标题</h1>",
           "<caption><math><td>x</td>", "<td>&nbsp;&nbsp;</td>", "<td>a&nbsp;b</td>", "<td> &nbsp;a</td>"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_TRICKY), max_size=150), st.sampled_from(["utf-8", "gb18030"]))
def test_quick_reading_is_the_walk(pieces, codec):
    quick, walk = both_readings("".join(pieces).encode(codec, errors="replace"))
    assert quick == walk
