"""Cheap tests that settle most figures before the interval arithmetic: each must agree
with the full computation, on both sides of the rounding tolerance."""
from __future__ import annotations

import pytest

from juesuan import check_text

DETAIL = "五、一般公共预算财政拨款支出决算情况说明\n"
LINE = "1.教育支出（类）普通教育（款）小学教育（项）:"


def _found(text: str, rule: str):
    result = check_text(text)
    assert result.tool_errors == []
    return [f for f in result.findings if f.rule == rule]


@pytest.mark.parametrize("figures, flagged", [
    ("支出决算数为 110.00 万元，比上年决算增加 10.00 万元，增长 10.00%", False),
    # 10/100 = 10%, and 10.005/99.995 rounds to 10.01%: the tolerance holds both
    ("支出决算数为 110.00 万元，比上年决算增加 10.00 万元，增长 10.01%", False),
    ("支出决算数为 110.00 万元，比上年决算增加 10.00 万元，增长 10.02%", True),
    ("支出决算数为 90.00 万元，比上年决算减少 10.00 万元，下降 10.00%", False),
    ("支出决算数为 90.00 万元，比上年决算减少 10.00 万元，下降 10.01%", False),
    ("支出决算数为 90.00 万元，比上年决算减少 10.00 万元，下降 12.00%", True),
    # a new line grows by custom 100%
    ("支出决算数为 10.00 万元，比上年决算增加 10.00 万元，增长 100%", False),
    ("支出决算数为 10.00 万元，比上年决算增加 10.00 万元，增长 50%", True),
    # the amount in 元 and the change in 万元: the shortcut leaves them to the full check
    ("支出决算数为 1100000 元，比上年决算增加 10.00 万元，增长 10.00%", False),
    ("支出决算数为 1100000 元，比上年决算增加 10.00 万元，增长 20.00%", True),
])
def test_growth_rates_near_the_tolerance(figures, flagged):
    assert bool(_found(DETAIL + LINE + figures + "。\n", "G101")) is flagged


INCOME = "二、收入决算情况说明\n"


@pytest.mark.parametrize("share, flagged", [
    ("占 60.00%", False),
    # 59.995/100.005 and 60.005/99.995 round to 59.99% and 60.01%
    ("占 60.01%", False),
    ("占 59.99%", False),
    ("占 60.02%", True),
])
def test_shares_near_the_tolerance(share, flagged):
    text = INCOME + f"本年收入 100.00 万元，其中：财政拨款收入 60.00 万元，{share}；其他收入 40.00 万元，占 40.00%。\n"
    assert bool(_found(text, "P101")) is flagged


def test_a_share_of_a_whole_that_may_be_zero_is_left_unchecked():
    text = INCOME + "本年收入 0.00 万元，其中：财政拨款收入 0.00 万元，占 10.00%。\n"
    assert _found(text, "P101") == []


SANGONG = "七、财政拨款“三公”经费支出决算情况说明\n"


@pytest.mark.parametrize("rate, flagged", [
    ("预决算差异率-20.00%", False),
    ("预决算差异率-20.01%", False),
    ("预决算差异率-20.02%", True),
    ("预决算差异率-25.00%", True),
])
def test_budget_variances_near_the_tolerance(rate, flagged):
    text = SANGONG + f"公务接待费全年预算数 100.00 万元，决算数 80.00 万元，{rate}。\n"
    assert bool(_found(text, "B101")) is flagged


@pytest.mark.parametrize("rate, flagged", [
    ("完成年初预算的 75.00%", False),
    ("完成年初预算的 75.01%", True),
    ("完成年初预算的 80.00%", True),
])
def test_completion_rates_near_the_tolerance(rate, flagged):
    text = DETAIL + LINE + f"年初预算为 200.00 万元，支出决算为 150.00 万元，{rate}。\n"
    assert bool(_found(text, "B102")) is flagged


@pytest.mark.parametrize("rate, flagged", [
    ("增长 13.95。", True),
    ("增长 13.95%。", False),
    ("增长 13.95 %。", False),
    ("增长 13。", True),
    ("增长 2 倍。", False),
    ("下降 3 个百分点。", False),
    ("增长 13.95）。", True),
])
def test_a_rate_is_read_whole_before_its_percent_sign_is_looked_for(rate, flagged):
    text = (DETAIL + "一般公共预算财政拨款支出 110.00 万元，占本年支出合计的 100.00%。"
            f"与上年相比，增加 10.00 万元，{rate}\n")
    assert bool(_found(text, "U102")) is flagged


@pytest.mark.parametrize("rate", [
    "增长 13.95", "增长率为 13.95", "增幅 13.95", "下降 3.5", "下降率 3.5", "降幅 3.5", "减幅 3.5",
    "预决算差异率 -3.5", "完成年初预算的 95.00", "完成了计划的 95.00", "占上年的 95.00",
    # the words and spaces between cue and figure, each taken whole
    "增长了 13.95", "增长 为  13.95", "增长率是 13.95", "占的 95.00", "占 达 95.00",
])
def test_every_cue_of_a_bare_rate_is_looked_for_before_the_full_scan(rate):
    # The full scan runs only where one of the cues alone finds a bare rate: a cue left
    # out of that first look would miss every bare rate it opens.
    text = (DETAIL + "一般公共预算财政拨款支出 110.00 万元，占本年支出合计的 100.00%。"
            f"与上年相比，增加 10.00 万元，{rate}。\n")
    (finding,) = _found(text, "U102")
    assert finding.expected == rate.split()[-1] + "%"


@pytest.mark.parametrize("again, flagged", [
    ("100.00", False),
    ("100.0", False),
    ("100", False),
    ("100.01", False),       # the two intervals share 100.005
    ("100.02", True),
    ("90.00", True),
])
def test_a_total_stated_twice_alike_or_not(again, flagged):
    text = ("一、收入支出决算总体情况说明\n2023年度收入总计 100.00 万元，其中：本年收入合计 100.00 万元。\n"
            f"二、收入决算情况说明\n本年收入 {again} 万元，其中：财政拨款收入 {again} 万元，占 100.00%。\n")
    assert bool(_found(text, "R101")) is flagged


@pytest.mark.parametrize("year, flagged", [
    ("2023年度", False),
    ("2023 年度", False),
    ("202年度", True),
    ("202  年度", True),
    ("20233年度", True),
    ("202\t年度", True),
    # the four-digit years the pattern itself passes over, and their near misses
    ("20233 年度", True),
    ("2023  年度", False),
    ("12023年度", False),      # five digits not opening like a year: no year at all
    ("202 3年度", False),      # a lone digit before 年 opens no year
])
def test_a_malformed_year_is_found_before_its_year_word_with_or_without_spaces(year, flagged):
    text = f"第三部分 澜溪市生态环境局{year}部门决算情况说明\n一、收入支出决算总体情况说明\n上年收入总计 100.00 万元。\n"
    assert bool(_found(text, "M106")) is flagged


STRUCTURE = "（二）一般公共预算财政拨款支出决算结构情况\n"
SPECIFIC = "（三）一般公共预算财政拨款支出决算具体情况\n"


@pytest.mark.parametrize("category, second, flagged", [
    ("250.00", "150.00 万元", False),
    # two lines and the 类 each round by 0.005: they meet up to 0.015 apart
    ("250.01", "150.00 万元", False),
    ("249.99", "150.00 万元", False),
    ("250.02", "150.00 万元", True),
    ("249.98", "150.00 万元", True),
    ("300.00", "150.00 万元", True),
    # a line in 元 is left to the full check, which converts it
    ("250.00", "1500000 元", False),
    ("250.00", "1600000 元", True),
])
def test_a_category_against_its_lines_near_the_tolerance(category, second, flagged):
    text = (DETAIL + STRUCTURE + f"1.教育支出（类）{category} 万元，占 100.00%。\n" + SPECIFIC
            + "1.教育支出（类）普通教育（款）学前教育（项）:支出决算数为 100.00 万元。\n"
            + f"2.教育支出（类）普通教育（款）小学教育（项）:支出决算数为 {second}。\n")
    assert bool(_found(text, "C101")) is flagged


@pytest.mark.parametrize("whole, second, flagged", [
    ("90.00", "20.00 万元", False),
    ("90.01", "20.00 万元", False),
    ("89.99", "20.00 万元", False),
    ("90.02", "20.00 万元", True),
    ("89.98", "20.00 万元", True),
    ("90.00", "200000 元", False),
    ("90.00", "300000 元", True),
])
def test_a_list_against_its_total_near_the_tolerance(whole, second, flagged):
    text = ("八、政府性基金预算财政拨款收入支出决算情况说明\n"
            f"政府性基金预算财政拨款支出 {whole} 万元。\n"
            "1.城乡社区支出（类）国有土地使用权出让收入安排的支出（款）征地和拆迁补偿支出（项）:支出决算数为 70.00 万元。\n"
            f"2.城乡社区支出（类）国有土地使用权出让收入安排的支出（款）土地开发支出（项）:支出决算数为 {second}。\n")
    assert bool(_found(text, "C102")) is flagged
