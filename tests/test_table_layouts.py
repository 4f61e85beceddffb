"""Table layouts of ruled grids (PDF, Word): function codes printed in three columns
(类 / 款 / 项), a table continued on the next page without its title or header, header
words read cell by cell, and the 栏次 row that numbers the columns."""
from __future__ import annotations

from juesuan.api import check_document
from juesuan.model.document import Document, RawTable
from juesuan.tables import recognize, recognize_all

# 项目 above 支出功能分类科目编码 above 类 / 款 / 项: the joined text of the first column
# reads "项目支出…", which is not the 项目支出 column.
_SPLIT_HEAD = [
    ["项目", "项目", "项目", "项目", "本年支出合计", "基本支出", "项目支出"],
    ["支出功能分类科目编码", "支出功能分类科目编码", "支出功能分类科目编码", "科目名称",
     "本年支出合计", "基本支出", "项目支出"],
    ["类", "款", "项", "科目名称", "本年支出合计", "基本支出", "项目支出"],
    ["栏次", "栏次", "栏次", "栏次", "1", "2", "3"],
]
_SPLIT_BODY = [
    ["合计", "合计", "合计", "合计", "96.00", "66.00", "30.00"],
    ["205", "", "", "教育支出", "96.00", "66.00", "30.00"],
    ["205", "02", "", "普通教育", "96.00", "66.00", "30.00"],
    ["205", "02", "01", "学前教育", "40.00", "40.00", "0.00"],
    ["", "", "03", "初中教育", "56.00", "26.00", "30.00"],
]


def _split(body=_SPLIT_BODY) -> RawTable:
    return RawTable(rows=_SPLIT_HEAD + body, page=3, line=10, title="支出决算表")


def test_codes_in_three_columns_are_one_code_carried_down():
    table = recognize(_split())
    assert [(row.code, row.label) for row in table.rows] == [
        (None, "合计"), ("205", "教育支出"), ("20502", "普通教育"), ("2050201", "学前教育"),
        ("2050203", "初中教育")]
    # the code columns give no amounts; 项目支出 is the column so named, not "项目…编码…项"
    assert table.rows[-1].cells["项目支出"].text == "30.00"
    assert set(table.rows[-1].cells) == {"本年支出合计", "基本支出", "项目支出"}


def test_codes_in_three_columns_are_summed_by_their_hierarchy():
    consistent = check_document(Document("支出决算表\n", tables=[_split()]))
    assert [f for f in consistent.errors if f.rule.startswith("T1")] == []
    wrong = [row[:] for row in _SPLIT_BODY]
    wrong[4][4:] = ["50.00", "26.00", "30.00"]          # 初中教育 no longer adds up
    found = check_document(Document("支出决算表\n", tables=[_split(wrong)]))
    # 20502 is not the sum of its 项 as printed, but is with 初中教育's 合计 put right
    assert {(f.rule, f.location.row, f.stated) for f in found.errors} == {("T101", "2050203 初中教育", "50.00")}
    wrong[2][4] = "99.00"                                # and 20502 itself wrong as well
    found = check_document(Document("支出决算表\n", tables=[_split(wrong)]))
    assert {(f.rule, f.location.row, f.stated) for f in found.errors if f.rule == "T102"} >= {
        ("T102", "20502 普通教育", "99.00")}


_GENERAL_HEAD = [["功能分类科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
_FIRST_PART = [["201", "一般公共服务支出", "30.00", "30.00", "0.00"],
               ["20103", "政府办公厅（室）及相关机构事务", "30.00", "30.00", "0.00"],
               ["2010301", "行政运行", "30.00", "30.00", "0.00"]]
_SECOND_PART = [["208", "社会保障和就业支出", "20.00", "20.00", "0.00"],
                ["20805", "行政事业单位养老支出", "20.00", "20.00", "0.00"],
                ["2080501", "行政单位离退休", "20.00", "20.00", "0.00"],
                ["合计", "合计", "50.00", "50.00", "0.00"]]


def test_table_continued_without_title_or_header_is_joined():
    first = RawTable(rows=_GENERAL_HEAD + _FIRST_PART, page=5, line=20, title="一般公共预算财政拨款支出决算表")
    # the rest on the next page, two lines further on (the page's foot and a form feed)
    rest = RawTable(rows=_SECOND_PART, page=6, line=26, index=2)
    [table] = recognize_all([first, rest])
    assert [row.code for row in table.rows] == ["201", "20103", "2010301", "208", "20805", "2080501", None]
    total = table.total_row()
    assert total.cells["合计"].text == "50.00"
    # each row keeps its own line and page
    assert table.line_of(total) == rest.line + 3 and table.page_of(total) == rest.page
    result = check_document(Document("一般公共预算财政拨款支出决算表\n", tables=[first, rest]))
    assert [f for f in result.errors if f.rule == "T102"] == []


def test_next_table_with_its_own_header_is_not_joined():
    first = RawTable(rows=_GENERAL_HEAD + _FIRST_PART, page=5, line=20, title="一般公共预算财政拨款支出决算表")
    other = RawTable(rows=[["经济分类科目编码", "科目名称", "决算数"], ["301", "工资福利支出", "30.00"]],
                     page=6, line=26, index=2)
    assert len(recognize_all([first, other])) == 1      # the second is none of the nine by itself
    assert len(recognize_all([first, RawTable(rows=_SECOND_PART, page=8, line=40)])) == 1
    assert recognize_all([first, RawTable(rows=_SECOND_PART, page=8, line=40)])[0].rows[-1].code == "2010301"


def test_header_words_stacked_over_rows_name_their_column():
    raw = RawTable(rows=[["项目", "项目", "年初结转和结余", "本年收入", "本年支出", "本年支出", "本年支出"],
                         ["功能分类科目编码", "科目名称", "年初结转和结余", "本年收入", "合计", "基本支出", "项目支出"],
                         ["合计", "合计", "1.00", "9.00", "8.00", "5.00", "3.00"]],
                   title="政府性基金预算财政拨款收入支出决算表")
    [row] = recognize(raw).rows
    assert {key: number.text for key, number in row.cells.items()} == {
        "年初结转和结余": "1.00", "本年收入": "9.00", "本年支出合计": "8.00", "基本支出": "5.00",
        "项目支出": "3.00"}


def test_a_code_column_never_names_a_figure_column():
    from juesuan.tables.recognize import _column_key
    from juesuan.tables.spec import BY_KEY

    expenditure = BY_KEY["expenditure"]
    assert _column_key(expenditure, ["项目", "支出功能分类科目编码", "项"]) is None
    assert _column_key(expenditure, ["项目", "项目支出"]) == "项目支出"
    assert _column_key(BY_KEY["fund"], ["本年支出", "合计"]) == "本年支出合计"


# The 三公 table as the 决算 software exports it has no label column: its 栏次 row is
# the column numbers alone, under the header and above the one row of amounts.
_SANGONG_EXPORT = [
    ["财政拨款“三公”经费"] * 12,
    ["合计", "合计", "因公出国（境）费", "因公出国（境）费"] + ["公务用车购置及运行维护费"] * 6 + ["公务接待费"] * 2,
    ["合计", "合计", "因公出国（境）费", "因公出国（境）费", "小计", "小计", "公务用车购置费", "公务用车购置费",
     "公务用车运行维护费", "公务用车运行维护费", "公务接待费", "公务接待费"],
    ["预算数", "决算数"] * 6,
    [str(n) for n in range(1, 13)],
    ["38.00", "31.46", "-", "-", "26.00", "22.84", "-", "-", "26.00", "22.84", "12.00", "8.62"],
]


def test_column_numbers_without_a_label_are_no_row_of_amounts():
    table = recognize(RawTable(rows=_SANGONG_EXPORT, page=9, line=40, title="财政拨款“三公”经费支出决算表"))
    assert [row.cells["合计:决算数"].text for row in table.rows] == ["31.46"]
    result = check_document(Document("财政拨款“三公”经费支出决算表\n",
                                     tables=[RawTable(rows=_SANGONG_EXPORT, page=9, line=40,
                                                      title="财政拨款“三公”经费支出决算表")]))
    assert [f for f in result.errors if f.rule.startswith("T1")] == []


def test_a_header_line_naming_the_total_column_is_no_total_row():
    # the header's 合计 column, set in the middle of two header rows, prints on a line of
    # its own beside the other columns' names, the label cells empty
    rows = [["项目", "项目", "", "", ""],
            ["", "", "合计", "基本支出", "项目支出"],
            ["科目编码", "科目名称", "", "", ""],
            ["合计", "", "30.00", "20.00", "10.00"],
            ["201", "一般公共服务支出", "30.00", "20.00", "10.00"]]
    table = recognize(RawTable(rows=rows, page=5, line=20, title="一般公共预算财政拨款支出决算表"))
    assert [(row.code, row.label, {key: cell.text for key, cell in row.cells.items()}) for row in table.rows] == [
        (None, "合计", {"合计": "30.00", "基本支出": "20.00", "项目支出": "10.00"}),
        ("201", "一般公共服务支出", {"合计": "30.00", "基本支出": "20.00", "项目支出": "10.00"})]
