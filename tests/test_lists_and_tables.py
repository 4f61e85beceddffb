"""The explanation's lists and sentences read beside the tables printed in the report.

A list of budget lines adds up to its budget's total only when it names every row of the
table; a purpose clause does not swallow the figures after it; the tables' numbered row
labels are no numbering of the explanation.
"""
from __future__ import annotations

from juesuan import check_text

GENERAL_TABLE = ("一般公共预算财政拨款支出决算表\n单位：万元\n科目编码 科目名称 合计 基本支出 项目支出\n"
                 "211 节能环保支出 300.00 200.00 100.00\n"
                 "21101 环境保护管理事务 300.00 200.00 100.00\n"
                 "2110101 行政运行 200.00 200.00 0.00\n"
                 "2110104 生态环境保护宣传 60.00 0.00 60.00\n"
                 "2110199 其他环境保护管理事务支出 40.00 0.00 40.00\n"
                 "合计 300.00 200.00 100.00\n"
                 "注：本表反映一般公共预算财政拨款支出情况。\n")

EXPLANATION = ("第三部分 情况说明\n五、一般公共预算财政拨款支出决算情况说明\n"
               "（一）一般公共预算财政拨款支出决算总体情况\n一般公共预算财政拨款支出 300.00 万元。\n"
               "（三）一般公共预算财政拨款支出决算具体情况\n")
LINE_1 = ("1.节能环保支出（类）环境保护管理事务（款）行政运行（项），主要用于在职人员经费支出，"
          "年初预算为 180.00 万元，支出决算为 200.00 万元。\n")
LINE_2 = ("2.节能环保支出（类）环境保护管理事务（款）生态环境保护宣传（项），主要用于环境日宣传，"
          "年初预算为 50.00 万元，支出决算为 60.00 万元。\n")
LINE_3 = ("3.节能环保支出（类）环境保护管理事务（款）其他环境保护管理事务支出（项），"
          "年初预算为 40.00 万元，支出决算为 40.00 万元。\n")


def _rules(text: str) -> list[str]:
    return sorted(f.rule for f in check_text(text).findings)


def test_a_purpose_clause_ends_before_the_figures_of_the_line():
    result = check_text(EXPLANATION + LINE_1)
    (line,) = result.report.lines
    assert line.value.text.startswith("200.00") and line.budget.text.startswith("180.00")
    assert line.reason is not None and line.reason.startswith("在职人员经费")


def test_a_detail_list_that_names_every_row_adds_up_to_the_total():
    whole = GENERAL_TABLE + EXPLANATION + LINE_1 + LINE_2 + LINE_3
    assert "C102" not in _rules(whole)
    wrong = whole.replace("支出决算为 40.00 万元", "支出决算为 45.00 万元")
    assert "C102" in _rules(wrong) and "T301" in _rules(wrong)


def test_a_detail_list_that_leaves_rows_out_is_checked_item_by_item():
    # The list explains two of the three rows: its sum is no total, each item is its row.
    partial = GENERAL_TABLE + EXPLANATION + LINE_1 + LINE_2
    assert "C102" not in _rules(partial)
    wrong = partial.replace("支出决算为 60.00 万元", "支出决算为 65.00 万元")
    assert _rules(wrong).count("T301") == 1 and "C102" not in _rules(wrong)
    # without the table the list is all there is: its sum is checked
    assert "C102" in _rules(EXPLANATION + LINE_1 + LINE_2)


def test_numbered_table_rows_are_no_numbering_of_the_explanation():
    # A two-sided table whose title was not printed: its rows are numbered 一、二、… on both
    # sides and run on past the explanation's own 一、二、…; neither numbering is wrong.
    rows = ("项目 决算数 项目 决算数\n一、一般公共预算财政拨款收入 300.00 一、一般公共服务支出 100.00\n"
            "二、政府性基金预算财政拨款收入 0.00 二、外交支出 0.00\n"
            "三、国防支出 200.00\n五、教育支出 0.00\n本年收入合计 300.00 本年支出合计 300.00\n")
    explanation = ("第三部分 情况说明\n一、收入支出决算总体情况说明\n本年收入合计 300.00 万元。\n"
                   "二、收入决算情况说明\n本年收入合计 300.00 万元。\n")
    assert not [rule for rule in _rules(rows + explanation) if rule.startswith("N1")]
    assert "N103" in _rules(rows + explanation.replace("二、收入决算", "三、收入决算"))


BASIC_TABLE = ("一般公共预算财政拨款基本支出决算表\n单位：万元\n经济分类\n科目编码 科目名称 决算数 科目名称 决算数\n"
               "类 款 类 款\n"
               "301 工资福利支出 80.00 302 商品和服务支出 15.00\n"
               "301 01 基本工资 50.00 302 01 办公费 10.00\n"
               "301 02 津贴补贴 30.00 302 05 水费 5.00\n"
               "人员经费合计 80.00 公用经费合计 15.00\n")


def test_the_basic_tables_economic_class_is_the_sum_of_its_items():
    assert "T102" not in _rules(BASIC_TABLE)
    wrong = BASIC_TABLE.replace("302 05 水费 5.00", "302 05 水费 5.50")
    (finding,) = [f for f in check_text(wrong).findings if f.rule == "T102"]
    assert (finding.stated, finding.expected, finding.location.line) == ("15.00", "15.50", 6)


def test_a_tables_figures_are_no_statements_of_the_explanation():
    # "…其他资本性支出 0.00" / "人员经费合计 …" run together in the flow read as "0.00 人".
    text = ("六、一般公共预算财政拨款基本支出决算情况说明\n"
            "一般公共预算财政拨款基本支出 90.00 万元。其中：人员经费 80.00 万元；公用经费 10.00 万元。\n"
            + BASIC_TABLE.replace("302 05 水费 5.00\n", "302 05 水费 5.00\n303 10 个人农业生产补贴 0.00 "
                                  "310 99 其他资本性支出 0.00\n"))
    result = check_text(text)
    assert [s.label for s in result.report.statements] == ["一般公共预算财政拨款基本支出", "人员经费", "公用经费"]


STRUCTURE = ("（二）一般公共预算财政拨款支出决算结构情况\n"
             "1.节能环保支出（类）300.00 万元，占 100.00%。\n")


def test_a_class_is_the_sum_of_its_lines_only_when_they_name_every_row_of_it():
    every = GENERAL_TABLE + EXPLANATION.replace("（三）", STRUCTURE + "（三）") + LINE_1 + LINE_2 + LINE_3
    assert "C101" not in _rules(every)
    assert "C101" in _rules(every.replace("1.节能环保支出（类）300.00 万元", "1.节能环保支出（类）310.00 万元"))
    # two of the class's three rows explained: their sum is no class total
    some = GENERAL_TABLE + EXPLANATION.replace("（三）", STRUCTURE + "（三）") + LINE_1 + LINE_2
    assert "C101" not in _rules(some)
