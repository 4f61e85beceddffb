"""Slips real reports carry that the arithmetic rules do not see, each on short texts of
our own: where the rule must speak and where it must keep quiet."""
from __future__ import annotations

from juesuan import check_text


def _found(text: str, rule: str):
    result = check_text(text)
    assert result.tool_errors == []
    return [f for f in result.findings if f.rule == rule]


# -- D105: opposite direction words together -------------------------------------------

SANGONG = "七、财政拨款“三公”经费支出决算情况说明\n"


def test_a_template_alternative_left_beside_a_figure_is_found_with_the_word_to_keep():
    (finding,) = _found(SANGONG + "“三公”经费支出决算数比上年减少 0.30 万元，下降（增长）25.00%。\n", "D105")
    assert (finding.stated, finding.expected) == ("下降（增长）", "下降")
    (finding,) = _found(SANGONG + "“三公”经费支出决算数比上年增加（减少）0.30 万元，增长 25.00%。\n", "D105")
    assert finding.expected == "增加"


def test_comparison_alternatives_and_garbled_edits_are_found():
    detail = "五、一般公共预算财政拨款支出决算情况说明\n"
    assert _found(detail + "年初预算为 10.00 万元，支出决算为 12.00 万元，决算数大（小）于预算数的主要原因是：年中追加。\n", "D105")
    assert _found(SANGONG + "公务接待费支出比上年减增加 0.20 万元，增长 10.00%。\n", "D105")


def test_the_template_itself_and_one_direction_words_are_left_alone():
    template = SANGONG + "“三公”经费支出决算数比上年减少（增加）XXX 万元，下降（增长）XX%。\n"
    assert _found(template, "D105") == []
    plain = SANGONG + "“三公”经费支出决算数比上年增减变动不大，减少 0.30 万元，下降 25.00%。\n"
    assert _found(plain, "D105") == []


def test_every_alternative_the_rule_reads_holds_one_of_the_cheap_triggers():
    # The full scan is skipped when no trigger is found: a missed trigger would be a miss.
    from juesuan.rules.alternatives import _ALTERNATIVE, _PAIRS, _TRIGGERS
    words = [*_PAIRS, *"大小高低增减降"]
    for first in words:
        for second in words:
            for gap in ("", " "):
                for middle in (f"{gap}（{gap}{second}{gap}）于", f"{gap}({second})", second):
                    text = f"支出比上年{first}{middle} 0.20 万元"
                    if _ALTERNATIVE.search(text):
                        assert any(t.search(text) for t in _TRIGGERS), text


# -- U102: a rate without its % ----------------------------------------------------------

GENERAL = "五、一般公共预算财政拨款支出决算情况说明\n"


def test_a_rate_without_its_percent_sign_is_found():
    text = GENERAL + "一般公共预算财政拨款支出 220.00 万元，占本年支出合计的 95.65%。与上年相比，增加 20.00 万元，增长 10.00。\n"
    (finding,) = _found(text, "U102")
    assert (finding.stated, finding.expected) == ("10.00", "10.00%")


def test_figures_with_a_unit_of_their_own_are_no_bare_rates():
    text = GENERAL + ("一般公共预算财政拨款支出 220.00 万元，占本年支出合计的 95.65%，比上年增长 2 倍，"
                      "下降 3 个百分点，办公用房占地 1200，增加 20.00 万元。\n")
    assert _found(text, "U102") == []


def test_a_report_that_prints_no_percent_sign_is_not_told_of_one():
    assert _found(GENERAL + "一般公共预算财政拨款支出 220.00 万元，增长 10.00。\n", "U102") == []


# -- M106: a year with a digit too few or too many ---------------------------------------

def test_a_year_missing_a_digit_in_a_heading_is_found_with_the_reports_year():
    text = ("澜溪市生态环境局 2024 年度部门决算\n第三部分 澜溪市生态环境局 202 年度部门决算情况说明\n"
            "一、收入支出决算总体情况说明\n2024年度收入总计 100.00 万元。\n")
    (finding,) = _found(text, "M106")
    assert (finding.stated, finding.expected) == ("202", "2024")


def test_a_year_with_a_digit_doubled_in_the_title_is_found():
    (finding,) = _found("澜溪市生态环境局 20244 年度部门决算\n一、收入支出决算总体情况说明\n2024年度收入总计 100.00 万元。\n",
                        "M106")
    assert (finding.stated, finding.expected) == ("20244", "2024")


def test_ranges_and_counts_of_years_in_sentences_are_no_years_to_fix():
    text = ("一、收入支出决算总体情况说明\n2024年度收入总计 100.00 万元，主要原因是：支付 2013-2023 年项目资金，"
            "该设施已运行 200 年。\n")
    assert _found(text, "M106") == []


# -- B103: a completion rate against a budget of 0 --------------------------------------

LINE = "五、一般公共预算财政拨款支出决算情况说明\n1.教育支出（类）普通教育（款）初中教育（项）。"


def test_a_completion_rate_against_a_budget_of_0_is_found():
    (finding,) = _found(LINE + "年初预算为 0 万元，支出决算为 8.00 万元，完成年初预算的 0.00%。\n", "B103")
    assert finding.stated == "0.00%" and finding.severity == "error"


def test_a_variance_against_a_budget_of_0_follows_the_custom_of_100_percent():
    sangong = SANGONG + "公务接待费全年预算数 0.00 万元，决算数 3.00 万元，预决算差异率 100.00%。\n"
    assert _found(sangong, "B103") == []


def test_the_sangong_budget_may_come_from_its_table():
    text = (SANGONG + "“三公”经费财政拨款支出年初预算为 5.00 万元，支出决算为 4.00 万元，完成预算的 80.00%，其中："
            "因公出国（境）费决算为 0.00 万元，完成预算的 0.00%；公务接待费支出决算为 4.00 万元，完成预算的 80.00%。\n"
            "财政拨款“三公”经费支出决算表\n单位：万元\n"
            "合计  因公出国（境）费  公务用车购置及运行维护费  公务接待费\n小计  公务用车购置费  公务用车运行维护费\n"
            "预算数  决算数  预算数  决算数  预算数  决算数  预算数  决算数  预算数  决算数  预算数  决算数\n"
            "5.00  4.00  0.00  0.00  0.00  0.00  0.00  0.00  0.00  0.00  5.00  4.00\n")
    (finding,) = _found(text, "B103")
    assert "“三公”经费支出决算表" in finding.message


# -- R102: one item, two amounts ---------------------------------------------------------

DETAIL = "五、一般公共预算财政拨款支出决算情况说明\n（三）一般公共预算财政拨款支出决算具体情况\n"
GENERAL_TABLE = ("一般公共预算财政拨款支出决算表\n单位：万元\n科目编码  科目名称  合计  基本支出  项目支出\n"
                 "合计  {v}  0.00  {v}\n205  教育支出  {v}  0.00  {v}\n20502  普通教育  {v}  0.00  {v}\n"
                 "2050203  初中教育  {v}  0.00  {v}\n")


def test_the_body_amount_that_differs_from_the_heading_and_the_table_is_found():
    text = DETAIL + ("1.教育支出（类）普通教育（款）初中教育（项）12.34 万元。年初预算为 10.00 万元，支出决算为 12.43 万元。\n"
                     + GENERAL_TABLE.format(v="12.34"))
    (finding,) = _found(text, "R102")
    assert (finding.stated, finding.expected) == ("12.43 万元", "12.34 万元")


def test_a_wrong_heading_amount_is_left_to_the_table_rule():
    text = DETAIL + ("1.教育支出（类）普通教育（款）初中教育（项）12.34 万元。年初预算为 10.00 万元，支出决算为 12.43 万元。\n"
                     + GENERAL_TABLE.format(v="12.43"))
    assert _found(text, "R102") == []
    assert [f.stated for f in _found(text, "T301")] == ["12.34 万元"]


def test_last_years_final_figure_is_no_restatement():
    text = DETAIL + "1.教育支出（类）普通教育（款）初中教育（项）12.34 万元，上年决算数为 11.00 万元，增长 12.18%。\n"
    assert _found(text, "R102") == []


def test_an_item_headed_as_a_subsection_is_checked_too():
    text = ("五、一般公共预算财政拨款支出决算情况说明\n（一）教育支出 12.34 万元\n"
            "年初预算为 10.00 万元，支出决算为 12.43 万元，决算数大于预算数的主要原因是：新增校舍维修。\n")
    (finding,) = _found(text, "R102")
    assert finding.expected is None


# -- S103: procurement parts above the total ---------------------------------------------

PROCUREMENT = "十一、其他重要事项的情况说明\n（二）政府采购支出情况\n"


def test_a_reserved_or_awarded_amount_above_the_procurement_total_is_found():
    text = PROCUREMENT + ("2024 年度政府采购金额（以合同签订为准）为 200.00 万元，其中：货物采购金额 20.00 万元、"
                          "工程采购金额 0.00 万元、服务采购金额 180.00 万元。本部门面向中小企业预留政府采购项目预算金额"
                          "250.00 万元。由中小企业供应商中标或成交的，采购金额 190.00 万元。\n")
    (finding,) = _found(text, "S103")
    assert finding.stated == "250.00 万元" and "200.00 万元" in finding.message


def test_a_procurement_budget_is_no_part_of_what_was_bought():
    text = PROCUREMENT + "2024 年度政府采购支出总额 200.00 万元，政府采购预算 260.00 万元，节约资金 60.00 万元。\n"
    assert _found(text, "S103") == []


# -- T202, T302, T303: the 基本支出 table ---------------------------------------------------

BASIC_HEAD = "一般公共预算财政拨款基本支出决算表\n单位：万元\n科目编码  科目名称  决算数  科目编码  科目名称  决算数\n"
SANGONG_HEAD = ("财政拨款“三公”经费支出决算表\n单位：万元\n合计  因公出国（境）费  公务用车购置及运行维护费  公务接待费\n"
                "小计  公务用车购置费  公务用车运行维护费\n"
                "预算数  决算数  预算数  决算数  预算数  决算数  预算数  决算数  预算数  决算数  预算数  决算数\n")


def _basic(rows: str) -> str:
    return BASIC_HEAD + rows + "人员经费合计  60.00  公用经费合计  40.00\n"


def test_a_basic_row_above_the_sangong_table_is_found():
    text = (_basic("301  工资福利支出  60.00  302  商品和服务支出  40.00\n30101  基本工资  60.00  30231  公务用车运行维护费  12.00\n")
            + SANGONG_HEAD + "10.00  10.00  0.00  0.00  10.00  10.00  0.00  0.00  10.00  10.00  0.00  0.00\n")
    (finding,) = _found(text, "T202")
    assert finding.stated == "12.00" and finding.location.row == "30231 公务用车运行维护费"


def test_a_sangong_table_that_does_not_add_up_is_left_to_its_own_sum():
    text = (_basic("301  工资福利支出  60.00  302  商品和服务支出  40.00\n30101  基本工资  60.00  30217  公务接待费  8.62\n")
            + SANGONG_HEAD + "8.62  8.62  0.00  0.00  0.00  0.00  0.00  0.00  0.00  0.00  8.62  6.82\n")
    assert _found(text, "T202") == []


BASIC_TEXT = ("六、一般公共预算财政拨款基本支出决算情况说明\n一般公共预算财政拨款基本支出 100.00 万元。其中：人员经费 60.00 万元，"
              "主要包括：{people}；公用经费 40.00 万元，主要包括：{things}。\n")
BASIC_ROWS = _basic("301  工资福利支出  50.00  302  商品和服务支出  40.00\n30101  基本工资  30.00  30201  办公费  30.00\n"
                    "30103  奖金  0.00  30240  税金及附加费用  0.00\n30107  绩效工资  20.00  30299  其他商品和服务支出  10.00\n"
                    "303  对个人和家庭的补助  10.00\n30301  离休费  4.00\n30302  退休费  6.00\n")


def test_a_listed_class_with_nothing_in_the_table_is_found():
    text = BASIC_TEXT.format(people="基本工资、奖金、绩效工资、离休费和退休费",
                             things="办公费、税金及附加费用、其他商品和服务支出") + BASIC_ROWS
    assert sorted(f.stated for f in _found(text, "T302")) == ["奖金", "税金及附加费用"]


def test_names_are_matched_with_or_without_their_ending():
    text = BASIC_TEXT.format(people="基本工资支出、绩效工资、离休费及退休费",
                             things="办公费用、其他商品和服务支出") + BASIC_ROWS
    assert _found(text, "T302") == [] and _found(text, "T303") == []


def test_a_large_class_the_list_leaves_out_is_a_warning():
    text = BASIC_TEXT.format(people="基本工资、离休费和退休费", things="办公费、其他商品和服务支出") + BASIC_ROWS
    (finding,) = _found(text, "T303")
    assert finding.severity == "warning" and finding.expected == "绩效工资"


def test_the_templates_empty_table_names_nothing():
    empty = _basic("301  工资福利支出    302  商品和服务支出  \n30101  基本工资    30201  办公费  \n30103  奖金  \n")
    text = BASIC_TEXT.format(people="基本工资、奖金……（不涉及的不列）", things="办公费……（不涉及的不列）") + empty
    assert _found(text, "T302") == []


def test_a_rate_of_the_adjusted_budget_beside_an_initial_budget_of_0_is_not_held_to_0():
    text = LINE + "年初预算为 0 万元，调整预算为 50.00 万元，支出决算为 48.00 万元，完成预算的 96.00%。\n"
    assert _found(text, "B103") == []


def test_a_budget_after_the_names_is_no_heading_amount():
    text = DETAIL + "1.教育支出（类）普通教育（款）初中教育（项）年初预算为 10.00 万元，支出决算为 12.43 万元。\n"
    assert _found(text, "R102") == []
    section = ("五、一般公共预算财政拨款支出决算情况说明\n（一）教育支出比上年增加 2.00 万元\n"
               "年初预算为 10.00 万元，支出决算为 12.43 万元。\n")
    assert _found(section, "R102") == []


def test_last_years_procurement_is_no_total_of_this_years():
    text = PROCUREMENT + ("上年政府采购金额为 100.00 万元。2024 年度政府采购金额为 300.00 万元，其中：货物采购金额 "
                          "120.00 万元、服务采购金额 180.00 万元。\n")
    assert _found(text, "S103") == []


def test_an_unresolved_comparison_is_told_which_word_the_figures_give():
    text = LINE + "年初预算为 10.00 万元，支出决算为 12.00 万元。决算数大于（小于）预算数的主要原因是：年中追加。\n"
    (finding,) = _found(text, "D105")
    assert (finding.stated, finding.expected) == ("大于（小于）", "大于")
