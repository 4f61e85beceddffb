"""A change and its rate said in a sentence of their own, after the amount they are of."""
from juesuan.api import check_text

_REPORT = """某某局2024年度部门决算
第二部分 2024年度部门决算情况说明
一、收入支出决算总体情况说明
2024年度收入总计 1,200.00 万元，支出总计 1,200.00 万元。{change}
二、财政拨款“三公”经费支出决算情况说明
2024年度“三公”经费财政拨款支出决算为 30.00 万元。“三公”经费财政拨款支出决算比2023年度{sangong}
"""


def _growth(change: str = "与上年相比，收、支总计各减少 300.00 万元，下降 20.00%。",
            sangong: str = "增加 5.00 万元，增长 20.00%。") -> list[tuple[int, str, str]]:
    result = check_text(_REPORT.format(change=change, sangong=sangong))
    return [(f.location.line, f.stated, f.expected) for f in result.findings if f.rule == "G101"]


def test_a_right_rate_said_apart_from_its_amount_is_quiet():
    # 1,200.00 + 300.00 = 1,500.00 last year: 300 / 1,500 = 20%; 30 − 5 = 25: 5 / 25 = 20%
    assert _growth() == []


def test_a_wrong_rate_said_apart_from_its_amount_is_found():
    assert _growth(change="与上年相比，收、支总计各减少 300.00 万元，下降 25.00%。") == [(4, "25.00%", "下降 20.00%")]
    assert _growth(sangong="增加 5.00 万元，增长 16.67%。") == [(6, "16.67%", "增长 20.00%")]


def test_the_template_wording_of_both_totals_is_their_one_figure():
    assert _growth(change="与2023年度相比，收、支总计各减少300.00万元，下降25.00%。") == [(4, "25.00%", "下降 20.00%")]
    assert _growth(change="与2023年度相比，收、支总计各减少300.00万元，下降20.00%。") == []


def test_an_amount_the_section_gives_two_values_is_not_guessed():
    # the section gives 收入总计 as 1,200.00 and as 1,100.00 (R101 says so): which one the
    # change is of is not known
    change = "收入支出总体与上年相比，减少 300.00 万元，下降 25.00%。收入总计 1,100.00 万元。"
    assert _growth(change=change) == []
    assert _growth(change="收入支出总体与上年相比，减少 300.00 万元，下降 25.00%。") == [(4, "25.00%", "下降 20.00%")]


def test_an_amount_said_again_with_its_unit_short_is_the_same_value():
    # 公务接待费 30.00 万元, again as "30.00 万": one value, of which the change is said apart
    sangong = ("增加 5.00 万元，增长 20.00%。公务接待费支出 30.00 万元。\n"
               "公务接待费支出决算减少 10.00 万元，下降 {rate}。\n国内公务接待支出 30.00 万。")
    assert _growth(sangong=sangong.format(rate="25.00%")) == []
    assert _growth(sangong=sangong.format(rate="35.00%")) == [(7, "35.00%", "下降 25.00%")]
