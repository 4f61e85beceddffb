"""Layouts other than the MoF template's, and what is not text to check.

The 教育部 university layout (高等学校部门决算) prints four tables of its own, with "其中"
columns and rows: parts *of* a column or row, no parts of its sum. Its report numbers its
parts "一、学校概况 … 三、决算报表说明 四、名词解释" and may open with a table of contents whose
dot leaders run to page numbers. The figures below are made up (a made-up 青禾大学).
"""
from __future__ import annotations

import re

import pytest

from juesuan import check_text
from juesuan.api import check_document
from juesuan.model.document import Document, RawTable
from juesuan.tables.recognize import recognize, recognize_all
from juesuan.tables.spec import BY_KEY, LAYOUTS, spec_for_title

_FISCAL_HEAD = ("高等学校财政拨款支出决算表\n单位：万元\n"
                "科目编码  科目名称  合计  基本支出  项目支出小计  项目支出其中：基本建设资金支出\n")
_SUMMARY_HEAD = "高等学校收支决算总表\n单位：万元\n项目  决算数  项目(按功能分类)  决算数\n"


def _errors(text: str, rule: str | None = None) -> list:
    return [f for f in check_text(text).errors if rule is None or f.rule == rule]


def _findings(text: str, rule: str) -> list:
    return [f for f in check_text(text).findings if f.rule == rule]


# --- layouts as declarations ------------------------------------------------------------------


def test_every_layout_declares_its_tables_once():
    keys = [spec.key for layout in LAYOUTS for spec in layout.tables]
    assert len(keys) == len(set(keys))
    assert {layout.key for layout in LAYOUTS} == {"mof", "university"}
    assert all(spec.layout == layout.key for layout in LAYOUTS for spec in layout.tables)


def test_university_titles_name_the_university_tables():
    assert spec_for_title("表 1：高等学校收支决算总表").key == "univ.summary"
    assert spec_for_title("表2：高等学校收入决算表").key == "univ.income"
    assert spec_for_title("表 3：高等学校支出决算表").key == "univ.expenditure"
    # Its fourth title ends like the MoF 支出决算表: it is not read with that table's columns.
    assert spec_for_title("表 4：高等学校财政拨款支出决算表").key == "univ.fiscal"


def test_the_template_titles_are_read_as_before():
    assert spec_for_title("支出决算表") is BY_KEY["expenditure"]
    assert spec_for_title("收入支出决算总表") is BY_KEY["summary"]
    assert spec_for_title("一般公共预算财政拨款支出决算表") is BY_KEY["general"]


@pytest.mark.parametrize("title, key", [
    ("部门收支决算总表", "summary"), ("财政拨款收支决算总表", "fiscal"),
    ("一般公共预算财政拨款支出决算明细表", "general"), ("一般公共预算财政拨款基本支出决算明细表", "basic"),
    ("2023年度部门支出决算表", "expenditure"),
])
def test_the_titles_provinces_word_otherwise_name_their_tables(title, key):
    assert spec_for_title(title) is BY_KEY[key]


@pytest.mark.parametrize("title", ["一般公共预算财政拨款收入支出决算表", "收入支出决算表"])
def test_a_title_that_names_income_and_spending_is_no_spending_table(title):
    # a table of 收入 and 支出 by year-end balances: read with 支出决算表's columns, its
    # figures would be misread; a table the template does not know is left unread
    assert spec_for_title(title) is None


def test_a_table_of_no_known_layout_is_not_read():
    raw = RawTable(rows=[["科目编码", "科目名称", "金额"], ["205", "教育支出", "10.00"]], title="青禾大学经费明细表")
    assert recognize(raw) is None


def test_an_of_which_header_names_only_its_declared_column():
    spec = spec_for_title("高等学校财政拨款支出决算表")
    assert spec.column("本年支出项目支出小计") == "项目支出"
    assert spec.column("本年支出项目支出其中：基本建设资金支出") == "基本建设资金支出"
    assert spec.of_which == (("基本建设资金支出", "项目支出"),)
    # A layout that declares no 其中 column reads such a column as none of its columns.
    assert BY_KEY["expenditure"].column("项目支出其中：基本建设支出") is None


# --- 其中 columns and rows ----------------------------------------------------------------------


def test_an_of_which_column_is_no_part_of_the_row_sum():
    text = _FISCAL_HEAD + "合计  100.00  60.00  40.00  25.00\n205  教育支出  100.00  60.00  40.00  25.00\n"
    assert _errors(text) == []


def test_an_of_which_column_larger_than_its_parent_is_an_error():
    text = _FISCAL_HEAD + "合计  100.00  60.00  40.00  45.00\n205  教育支出  100.00  60.00  40.00  45.00\n"
    found = _errors(text)
    assert {f.rule for f in found} == {"T104"}
    assert {f.stated for f in found} == {"45.00"}


def test_of_which_columns_still_add_up_down_the_classification():
    text = _FISCAL_HEAD + ("合计  100.00  60.00  40.00  25.00\n205  教育支出  100.00  60.00  40.00  25.00\n"
                           "20502  普通教育  100.00  60.00  40.00  20.00\n")
    found = _errors(text, "T102")
    assert [(f.stated, f.expected) for f in found] == [("25.00", "20.00")]


_SUMMARY = _SUMMARY_HEAD + (
    "一、财政拨款收入  80.00  一、教育支出  90.00\n"
    "其中：政府性基金预算财政拨款  {fund}  二、科学技术支出  10.00\n"
    "二、事业收入  20.00\n"
    "本年收入合计  100.00  本年支出合计  100.00\n"
    "使用非财政拨款结余（含专用结余）  3.00  结余分配  1.00\n"
    "上年结转和结余  7.00  年末结转和结余  9.00\n"
    "合计  110.00  合计  110.00\n")


def test_of_which_rows_are_no_part_of_a_side_total():
    assert _errors(_SUMMARY.format(fund="5.00")) == []


def test_an_of_which_row_larger_than_its_parent_is_an_error():
    found = _errors(_SUMMARY.format(fund="85.00"))
    assert [(f.rule, f.stated) for f in found] == [("T104", "85.00")]


def test_the_university_summary_totals_are_checked():
    text = _SUMMARY.format(fund="5.00").replace("合计  110.00  合计  110.00", "合计  110.00  合计  112.00")
    assert {f.rule for f in _errors(text)} == {"T103"}


def test_column_numbers_are_no_row():
    text = _SUMMARY.format(fund="5.00").replace("决算数\n一、", "决算数\n栏次  1  栏次  2\n一、", 1)
    assert _errors(text) == []


def test_column_numbers_glued_before_the_first_row_leave_the_row_whole():
    # Text taken from a PDF prints the 栏次 line and the first row as one line, single-spaced.
    text = _SUMMARY.format(fund="5.00").replace("决算数\n一、", "决算数\n栏次 1 栏次 2 一、", 1)
    assert _errors(text) == []
    wrong = text.replace("一、财政拨款收入  80.00", "一、财政拨款收入  81.00")
    assert {(f.rule, f.stated) for f in _errors(wrong)} == {("T103", "100.00")}


def test_a_page_number_inside_a_table_is_no_figure_without_a_form_feed():
    # The page's number at its foot and the next page's at its head, between two rows.
    text = _SUMMARY.format(fund="5.00").replace("二、事业收入  20.00\n", "二、事业收入  20.00\n8\n7\n", 1)
    assert _errors(text) == []


# --- tables over pages -------------------------------------------------------------------------

_HEAD_ROWS = [["项目", "项目", "项目", "项目", "本年支出", "本年支出", "本年支出", "本年支出"],
              ["科目编码", "科目编码", "科目编码", "科目名称", "合计", "基本支出", "项目支出", "项目支出"],
              ["科目编码", "科目编码", "科目编码", "科目名称", "合计", "基本支出", "小计", "其中：基本建设资金支出"]]


def _first_page() -> RawTable:
    rows = _HEAD_ROWS + [["类", "款", "项", "合计", "100.00", "70.00", "30.00", "5.00"],
                         ["205", "205", "205", "教育支出", "90.00", "60.00", "30.00", "5.00"],
                         ["20502", "20502", "20502", "普通教育", "90.00", "60.00", "30.00", "5.00"],
                         ["2050205", "2050205", "2050205", "高等教育", "90.00", "60.00", "30.00", "5.00"]]
    return RawTable(rows=rows, page=1, line=2, title="高等学校财政拨款支出决算表")


def test_a_continuation_without_header_joins_the_table_it_goes_on_with():
    # On the second page the code is printed once where the first spreads it over 类/款/项.
    second = RawTable(rows=[["208", "社会保障和就业支出", "10.00", "10.00", "", ""],
                            ["20805", "行政事业单位养老支出", "10.00", "10.00", "", ""]], page=2, line=9)
    tables = recognize_all([_first_page(), second])
    assert len(tables) == 1
    assert [row.code for row in tables[0].rows][-2:] == ["208", "20805"]
    assert tables[0].rows[-1].cells["基本支出"].text == "10.00"


def test_a_table_whose_rows_go_on_as_text_is_not_summed_to_its_total():
    # The second page was not read as a grid: its rows stand in the text after the grid.
    text = "高等学校财政拨款支出决算表\n" + "\n".join("  ".join(row) for row in _first_page().rows) + \
        "\n\f3 208 社会保障和就业支出 10.00 10.00 20805 行政事业单位养老支出 10.00 10.00\n"
    document = Document(text=text, tables=[_first_page()], kind="pdf")
    assert recognize_all(document.tables, document.text)[0].continues
    assert [f for f in check_document(document).errors if f.rule == "T102"] == []
    # Read to its end, the same table's total is checked.
    whole = Document(text=text.split("\f")[0], tables=[_first_page()], kind="pdf")
    assert [f.rule for f in check_document(whole).errors] == ["T102"] * 2


# --- the university report's parts and its table of contents ------------------------------------

_CONTENTS = """青禾大学 2024 年度部门决算
目录
一、学校概况..............................................1
（一）学校基本情况..................................... 1
二、2024 年度部门决算报表............................ 2
三、决算报表说明........................................... 4
（一）高等学校收入决算表说明......................... 4
（二）高等学校支出决算表说明......................... 4
（三）高等学校财政拨款支出决算表说明.............5
四、名词解释............................................... 6
"""
_BODY = """一、学校概况
（一）学校基本情况
青禾大学是一所综合大学。
二、2024 年度部门决算报表
三、决算报表说明
（一）高等学校收入决算表说明
学校 2024 年度收入总计 100.00 万元，其中：财政拨款收入 80.00 万元，占总收入的 80.00%；事业收入 20.00 万元，占总收入的 20.00%。
（二）高等学校支出决算表说明
学校 2024 年度各项支出总计 100.00 万元，其中：基本支出 70.00 万元，占总支出的 70.00%；项目支出 30.00 万元，占总支出的 30.00%。
（三）高等学校财政拨款支出决算表说明
学校 2024 年度财政拨款支出总计为 80.00 万元。
四、名词解释
（一）收入科目说明
1.财政拨款收入：指学校从财政取得的拨款。
"""


def test_dot_leaders_of_a_table_of_contents_are_no_placeholder():
    assert _findings(_CONTENTS + _BODY, "M102") == []
    # A run of dots in the text itself still is.
    assert _findings(_CONTENTS + _BODY.replace("一所综合大学", "一所......大学"), "M102")


def test_the_table_of_contents_is_looked_for_once_per_report(monkeypatch):
    # Sections and the placeholder rule both need it: one scan of the text serves both.
    from juesuan.extract import contents
    calls = []
    find = contents._find_contents
    monkeypatch.setattr(contents, "_find_contents", lambda flow: calls.append(1) or find(flow))
    assert _findings(_CONTENTS + _BODY.replace("一所综合大学", "一所......大学"), "M102")
    assert len(calls) == 1


def test_a_table_of_contents_is_no_numbered_list():
    for rule in ("N101", "N102", "N103"):
        assert _findings(_CONTENTS + _BODY, rule) == []


def test_a_table_of_contents_starts_no_section():
    sections = check_text(_CONTENTS + _BODY).report.sections
    assert not any("..." in s.title for s in sections)
    assert [s.title for s in sections if s.level == 0] == ["学校概况", "2024 年度部门决算报表", "决算报表说明", "名词解释"]


@pytest.mark.parametrize("leader", ["……………………", "·················", "。。。。。。。。", ". . . . . . . .", "．．．．．．．．", "⋯⋯⋯⋯⋯⋯", "•••••••••"])
def test_a_table_of_contents_with_any_leader_starts_no_section(leader):
    contents = re.sub(r"\.{4,}", leader, _CONTENTS)
    sections = check_text(contents + _BODY).report.sections
    assert [s.title for s in sections if s.level == 0] == ["学校概况", "2024 年度部门决算报表", "决算报表说明", "名词解释"]
    assert _findings(contents + _BODY, "M102") == []


def test_university_parts_and_sections_are_recognised():
    sections = check_text(_CONTENTS + _BODY).report.sections
    keys = [(s.level, s.key) for s in sections]
    assert keys[:5] == [(0, "profile"), (1, None), (0, "tables"), (0, "explanation"), (1, "income")]
    assert (1, "expenditure") in keys and (1, "fiscal") in keys and (0, "glossary") in keys


def test_the_shares_of_a_university_report_are_checked():
    # Its 收入决算表说明 and 支出决算表说明 call 本年收入/支出合计 "收入总计" and "各项支出总计".
    assert _errors(_CONTENTS + _BODY) == []
    wrong = _BODY.replace("占总收入的 20.00%", "占总收入的 25.00%")
    assert [(f.rule, f.stated) for f in _errors(_CONTENTS + wrong)] == [("P101", "25.00%")]
    wrong = _BODY.replace("占总支出的 30.00%", "占总支出的 31.00%")
    assert [(f.rule, f.stated, f.expected) for f in _errors(_CONTENTS + wrong)] == [("P101", "31.00%", "30.00%")]


def test_a_university_report_misses_no_section_of_the_template():
    table = _SUMMARY.format(fund="5.00")
    assert _findings(_BODY + table, "M101") == []


def test_a_pdf_table_title_above_a_unit_line_and_a_unit_name_line():
    from juesuan.readers.pdf import _assemble, _Grid, _Line, _Page

    rows = [["科目名称", "本年收入合计"], ["教育支出", "10.00"]]
    grid = _Grid(top=700, bottom=660, left=72, right=272, rows=rows, lines=["  ".join(r) for r in rows])
    lines = [_Line("表 2：高等学校收入决算表"), _Line("单位：万元"), _Line("单位名称："),
             _Line("科目名称  本年收入合计", table=0), _Line("教育支出  10.00", table=0)]
    [table] = _assemble([_Page(1, 0, 842, lines, [grid], 40)], []).tables
    assert spec_for_title(table.title).key == "univ.income"
