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
