"""Figures the template ties to others, in the wordings that tie them."""
from juesuan.api import check_text

_PROCUREMENT = """某某局2024年度部门决算
第二部分 2024年度部门决算情况说明
十一、其他重要事项的情况说明
（二）政府采购支出情况
某某局2024年度政府采购金额（以合同签订为准）为 {total} 万元，其中：货物采购金额 20.00 万元、工程采购金额 0.00 万元、服务采购金额 100.00 万元。
2024年度本部门面向中小企业预留政府采购项目预算金额 120.00 万元。在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额 50.00 万元。
"""


def _findings(text: str, rule: str) -> list[tuple[int, str, str]]:
    return [(f.location.line, f.stated, f.expected) for f in check_text(text).findings if f.rule == rule]


def test_the_procurement_amount_by_contract_is_the_sum_of_goods_works_and_services():
    assert _findings(_PROCUREMENT.format(total="120.00"), "S101") == []
    assert _findings(_PROCUREMENT.format(total="220.00"), "S101") == [(5, "220.00 万元", "120.00 万元")]


_SANGONG = """某某局2024年度部门决算
第一部分 2024年度部门决算表
财政拨款“三公”经费支出决算表
单位：万元
财政拨款“三公”经费
公务用车购置及运行维护费
合计 因公出国（境）费 公务接待费
小计 公务用车购置费 公务用车运行维护费
预算数 决算数 预算数 决算数 预算数 决算数 预算数 决算数 预算数 决算数 预算数 决算数
40.00 30.00 0.00 0.00 32.00 24.00 0.00 0.00 32.00 24.00 8.00 6.00
注：本表反映部门本年度“三公”经费支出预决算情况。
第二部分 2024年度部门决算情况说明
七、财政拨款“三公”经费支出决算情况说明
“三公”经费财政拨款支出年初预算为 40.00 万元，支出决算为 30.00 万元，完成预算的 75.00%，其中：公务用车购置及运行维护费支出决算为 24.00 万元，完成预算的 {car}；公务接待费支出决算为 6.00 万元，完成预算的 75.00%。
"""


def test_a_sangong_completion_rate_without_its_budget_in_the_text_is_of_the_tables_budget():
    assert _findings(_SANGONG.format(car="75.00%"), "B102") == []
    assert _findings(_SANGONG.format(car="85.00%"), "B102") == [(14, "85.00%", "75.00%")]


_LINES = """某某局2024年度部门决算
第二部分 2024年度部门决算情况说明
五、一般公共预算财政拨款支出决算情况说明
（三）一般公共预算财政拨款支出决算具体情况
一般公共预算财政拨款支出年初预算为 300.00 万元，支出决算为 310.00 万元，完成年初预算的 103.33%。
1.教育支出（类）普通教育（款）学前教育（项）。年初预算为 {first} 万元，支出决算为 110.00 万元。
2.教育支出（类）普通教育（款）小学教育（项）。年初预算为 200.00 万元，支出决算为 200.00 万元。
{more}"""


def test_line_budgets_that_exceed_the_budget_they_are_part_of_are_found():
    assert _findings(_LINES.format(first="100.00", more=""), "C103") == []
    assert _findings(_LINES.format(first="200.00", more=""), "C103") == [(5, "300.00 万元", None)]


def test_line_budgets_that_fall_short_are_no_finding():
    # a line budgeted and not spent may be left out of the list
    assert _findings(_LINES.format(first="50.00", more=""), "C103") == []


def test_a_category_listed_beside_its_lines_leaves_the_budgets_unsummed():
    more = "3.教育支出（类）普通教育（款）。年初预算为 300.00 万元，支出决算为 310.00 万元。\n"
    assert _findings(_LINES.format(first="100.00", more=more), "C103") == []


_VARIANCE = """某某局2024年度部门决算
第二部分 2024年度部门决算情况说明
七、财政拨款“三公”经费支出决算情况说明
公务接待费全年预算数 0.00 万元，决算数 {final} 万元，预决算差异率 {rate}。
"""


def test_a_variance_against_a_budget_of_0_is_the_customary_one():
    assert _findings(_VARIANCE.format(final="5.00", rate="100.00%"), "B101") == []
    assert _findings(_VARIANCE.format(final="0.00", rate="0.00%"), "B101") == []
    assert _findings(_VARIANCE.format(final="5.00", rate="200.00%"), "B101") == [(4, "200.00%", "100.00%")]
    assert _findings(_VARIANCE.format(final="0.00", rate="1.00%"), "B101") == [(4, "1.00%", "0.00%")]


def test_the_car_purchase_said_as_spending_is_the_tables_purchase():
    text = _SANGONG.format(car="75.00%") + "公务用车购置及运行维护费支出 24.00 万元。其中：\n公务用车购置支出为 {buy} 万元。\n公务用车运行维护支出 24.00 万元。\n"
    assert _findings(text.format(buy="0"), "T301") == []
    assert _findings(text.format(buy="1"), "T301") == [(16, "1 万元", "0.00")]
