"""A numbered table row among the headings ("十九、住房保障支出 409.89 409.89") is no heading."""
from __future__ import annotations

from juesuan.extract.sections import find_sections
from juesuan.readers.flow import build_flow


def test_a_numbered_table_row_opens_no_section():
    flow = build_flow("一、收入支出决算总体情况说明\n本年收入 10.00 万元。\n十九、住房保障支出 409.89 409.89\n"
                      "二、收入决算情况说明\n本年收入 10.00 万元。\n")
    sections, _ = find_sections(flow)
    assert [s.title for s in sections] == ["收入支出决算总体情况说明", "收入决算情况说明"]


def test_headings_and_list_items_are_sought_among_the_same_lines_found_once():
    from juesuan.extract.build import _part_one_items
    from juesuan.extract.sections import LINE_OPENINGS

    flow = build_flow("（一）收入支出决算总体情况\n（1）本年收入 10.00 万元。\n说明：（2）不是条目。\n"
                      "(2)本年支出 9.00 万元。\n二、收入决算情况说明\n")
    openings = flow.lines_opening_with(LINE_OPENINGS)
    assert openings == [0, 1, 3, 4]
    assert flow.lines_opening_with(LINE_OPENINGS) is openings
    sections, _ = find_sections(flow)
    assert [s.start for s in sections] == [flow.starts[0], flow.starts[4]]
    items = _part_one_items(flow, sections)
    assert [(item.number, item.start) for item in items] == [(1, flow.starts[1]), (2, flow.starts[3])]


def test_sections_end_at_the_next_of_their_level_and_are_found_around_offsets_as_one_by_one():
    from juesuan.extract.sections import section_at, sections_at

    flow = build_flow("第一部分 部门概况\n一、主要职能\n职能说明。\n第二部分 部门决算情况说明\n"
                      "一、收入支出决算总体情况说明\n本年收入 10.00 万元。\n（一）一般公共预算财政拨款支出决算总体情况\n"
                      "支出 9.00 万元。\n（二）一般公共预算财政拨款支出决算结构情况\n教育支出 9.00 万元。\n"
                      "二、收入决算情况说明\n本年收入 10.00 万元。\n第三部分 名词解释\n一、基本支出：指人员支出。\n")
    sections, _ = find_sections(flow)
    assert len(sections) >= 6
    for index, section in enumerate(sections):
        later = [s.start for s in sections[index + 1:] if s.level <= section.level]
        assert section.end == (later[0] if later else len(flow.text))
    offsets = list(range(0, len(flow.text) + 1, 3))
    assert sections_at(sections, offsets) == [section_at(sections, offset) for offset in offsets]
