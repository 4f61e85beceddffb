"""A numbered table row among the headings ("十九、住房保障支出 409.89 409.89") is no heading."""
from __future__ import annotations

from juesuan.extract.sections import find_sections
from juesuan.readers.flow import build_flow


def test_a_numbered_table_row_opens_no_section():
    flow = build_flow("一、收入支出决算总体情况说明\n本年收入 10.00 万元。\n十九、住房保障支出 409.89 409.89\n"
                      "二、收入决算情况说明\n本年收入 10.00 万元。\n")
    sections, _ = find_sections(flow)
    assert [s.title for s in sections] == ["收入支出决算总体情况说明", "收入决算情况说明"]
