"""The name a department gives itself before its year, with "本级" or spaces between."""
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from juesuan.api import check_text
from juesuan.rules.identity import _gap_start


def _names(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(f.rule, f.stated, f.expected) for f in check_text(text).findings if f.rule == "M105"]


def test_a_name_before_本级_and_spaces_is_the_department_s():
    text = ("一、收入支出决算总体情况说明\n云岭市水务局本级 2024年度收入总计 100.00 万元。\n"
            "二、收入决算情况说明\n云岭市水务局 本级2024年度本年收入 100.00 万元。\n"
            "四、财政拨款收入支出决算总体情况说明\n云岭市林业局本级2024年度财政拨款收入总计 80.00 万元。\n")
    assert _names(text) == [("M105", "云岭市林业局", "云岭市水务局")]


@given(st.text(alphabet="本级 \u3000局2", max_size=12), st.integers(0, 12), st.integers(0, 12))
def test_the_gap_read_backwards_is_the_pattern_s(text, floor, end):
    floor, end = min(floor, len(text)), min(max(floor, end), len(text))
    assert _gap_start(text, floor, end) == re.compile(r"(?:\s|本级)*$").search(text, floor, end).start()
