"""The explanation read on its own and together with the tables printed in the same
report: a part an identity needs and the text leaves out, a 项 line compared with its own
row, a 款 named like its 类, the budget a completion rate names, a structure list written
as one sentence, and where a finding that combines figures is placed."""
from __future__ import annotations

from juesuan.api import check_document
from juesuan.model.document import Document, RawTable

_SUMMARY = RawTable(rows=[
    ["项目", "决算数", "项目", "决算数"],
    ["一、一般公共预算财政拨款收入", "100.00", "一、一般公共服务支出", "100.00"],
    ["本年收入合计", "100.00", "本年支出合计", "100.00"],
    ["使用非财政拨款结余", "", "结余分配", ""],
    ["年初结转和结余", "10.00", "年末结转和结余", "10.00"],
    ["总计", "110.00", "总计", "110.00"]], page=2, line=9, title="收入支出决算总表")


def _overview(total: str) -> str:
    return ("一、收入支出决算总体情况说明\n"
            f"2024年度收入总计 {total} 万元，本年收入合计 100.00 万元。\n")


def _sums(text: str, tables=()) -> list[tuple[str | None, str | None]]:
    result = check_document(Document(text, tables=list(tables)))
    return [(f.stated, f.expected) for f in result.findings if f.rule == "S101"]


def test_an_unstated_part_of_an_identity_is_taken_from_its_table():
    assert _sums(_overview("110.00"), [_SUMMARY]) == []
    # against its parts, and against 支出总计 (which the table gives too)
    assert set(_sums(_overview("115.00"), [_SUMMARY])) == {("115.00 万元", "110.00 万元")}


def test_an_unstated_part_no_table_gives_leaves_the_identity_unchecked():
    assert _sums(_overview("110.00")) == []


def test_parts_listed_under_their_whole_name_every_part_there_is():
    text = ("二、收入决算情况说明\n"
            "本年收入合计 100.00 万元，其中：财政拨款收入 90.00 万元，占 90.00%；其他收入 5.00 万元，占 5.00%。\n")
    assert _sums(text) == [("100.00 万元", "95.00 万元")]


_GENERAL = RawTable(rows=[
    ["功能分类科目编码", "科目名称", "合计", "基本支出", "项目支出"],
    ["208", "社会保障和就业支出", "60.00", "60.00", "0.00"],
    ["20805", "行政事业单位养老支出", "60.00", "60.00", "0.00"],
    ["2080501", "行政单位离退休", "59.50", "59.50", "0.00"],
    ["2080599", "其他行政事业单位养老支出", "0.50", "0.50", "0.00"],
    ["合计", "合计", "60.00", "60.00", "0.00"]], page=3, line=20, title="一般公共预算财政拨款支出决算表")


def _detail(item: str, amount: str) -> str:
    return ("五、一般公共预算财政拨款支出决算情况说明\n（三）一般公共预算财政拨款支出决算具体情况\n"
            f"1、社会保障和就业支出（类）行政事业单位养老支出（款）{item}（项）。支出决算为 {amount} 万元。\n")


def _text_vs_table(text: str) -> list[tuple[str | None, str | None]]:
    result = check_document(Document(text, tables=[_GENERAL]))
    return [(f.stated, f.expected) for f in result.findings if f.rule == "T301"]


def test_a_xiang_line_is_compared_with_its_xiang_row():
    assert _text_vs_table(_detail("行政单位离退休", "59.50")) == []
    assert _text_vs_table(_detail("行政单位离退休", "60.00")) == [("60.00 万元", "59.50 万元")]


def test_a_xiang_the_classification_cannot_place_is_not_compared_with_its_kuan():
    assert _text_vs_table(_detail("离退休人员文体活动支出", "0.50")) == []


def test_a_kuan_named_like_its_lei_is_no_kuan_of_another_lei():
    text = ("五、一般公共预算财政拨款支出决算情况说明\n（三）一般公共预算财政拨款支出决算具体情况\n"
            "1、住房保障支出（类）住房保障支出（款）提租补贴（项）。支出决算为 20.00 万元。\n")
    found = [(f.rule, f.stated, f.expected) for f in check_document(Document(text)).findings
             if f.rule.startswith("K")]
    assert found == [("K102", "提租补贴", "住房保障支出（221） > 住房改革支出（22102）")]


def test_a_rate_finding_spans_the_lines_of_the_figures_it_combines():
    text = ("五、一般公共预算财政拨款支出决算情况说明\n（一）一般公共预算财政拨款支出决算总体情况\n"
            "一般公共预算财政拨款支出年初预算为 200.00 万元，支\n出决算为 150.00 万元，完成年初预算的\n80.00%。\n")
    [finding] = [f for f in check_document(Document(text)).findings if f.rule == "B102"]
    assert (finding.location.line, finding.location.end_line) == (3, 5)


def _completion(sentence: str) -> list[tuple[str | None, str | None]]:
    text = ("五、一般公共预算财政拨款支出决算情况说明\n（一）一般公共预算财政拨款支出决算总体情况\n"
            f"一般公共预算财政拨款支出{sentence}\n")
    return [(f.stated, f.expected) for f in check_document(Document(text)).findings if f.rule == "B102"]


def test_a_completion_rate_is_checked_against_the_budget_it_names():
    assert _completion("全年预算为 120.00 万元，年初预算为 100.00 万元，支出决算为 110.00 万元，"
                       "完成年初预算的 110.00%。") == []
    assert _completion("年初预算为 100.00 万元，调整预算为 120.00 万元，支出决算为 110.00 万元，"
                       "完成全年预算的 90.00%。") == [("90.00%", "91.67%")]


def test_a_completion_rate_of_a_budget_the_text_does_not_give_is_not_checked():
    assert _completion("全年预算为 120.00 万元，支出决算为 110.00 万元，完成年初预算的 110.00%。") == []
    assert _completion("预算为 120.00 万元，支出决算为 110.00 万元，完成年初预算的 90.00%。") == [("90.00%", "91.67%")]


def _structure(first: str, share: str) -> str:
    return ("五、一般公共预算财政拨款支出决算情况说明\n"
            "（二）一般公共预算财政拨款支出决算结构情况\n"
            f"一般公共预算财政拨款支出 100.00 万元，主要用于以下方面：教育支出（类）{first} 万元，"
            f"占 {share}%；科学技术支出（类）20.00 万元，占 20.00%。\n"
            "（三）一般公共预算财政拨款支出决算具体情况\n"
            "1、教育支出（类）普通教育（款）学前教育（项）。支出决算为 50.00 万元。\n"
            "2、教育支出（类）普通教育（款）幼儿园教育（项）。支出决算为 30.00 万元。\n"
            "3、科学技术支出（类）基础研究（款）机构运行（项）。支出决算为 20.00 万元。\n")


def _rules(text: str, prefix: str) -> list[tuple[str, str | None, str | None]]:
    return [(f.rule, f.stated, f.expected) for f in check_document(Document(text)).findings
            if f.rule.startswith(prefix)]


def test_a_structure_list_written_in_one_sentence_is_read_as_its_categories():
    assert _rules(_structure("80.00", "80.00"), "C1") + _rules(_structure("80.00", "80.00"), "P1") == []
    assert _rules(_structure("80.00", "75.00"), "P1") == [("P101", "75.00%", "80.00%")]
    assert _rules(_structure("85.00", "85.00"), "C101") == [("C101", "85.00 万元", "80.00 万元")]


def test_a_line_with_a_misnamed_xiang_still_counts_in_its_category():
    # "幼儿园教育" is no 项 of 普通教育 (K101), but its amount is part of 教育支出
    numbered = _structure("80.00", "80.00").replace(
        "一般公共预算财政拨款支出 100.00 万元，主要用于以下方面：教育支出（类）80.00 万元，占 80.00%；",
        "1、教育支出（类）80.00 万元，占 80.00%。\n2、")
    assert "\n2、科学技术支出（类）20.00 万元" in numbered
    assert _rules(numbered, "C101") == []


def test_last_year_after_a_comparison_word_and_a_space_is_no_year_mismatch():
    text = ("七、财政拨款“三公”经费支出决算情况说明\n"
            "2024 年度“三公”经费财政拨款支出决算数比 2023 年度减少 0.15 万元，下降 27.78%。\n")
    assert _rules(text, "M104") == []
