"""Page numbers and running heads in text taken from a PDF, gone from what is read.

Text extracted from a PDF keeps each page's number and its running head, often in the
middle of a sentence that goes on to the next page; read as part of it, "乡镇" + head +
"卫生院" is a budget line named by nothing the classification knows.
"""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from juesuan import check_text
from juesuan.readers.flow import build_flow

CORRECT = (Path(__file__).parent / "data" / "report-with-tables.txt").read_text(encoding="utf-8")
HEAD = "青禾市教育局2024年度部门决算"


def _sentence_over_pages(*breaks: str) -> str:
    """A sentence whose lines are separated by the given page breaks."""
    pieces = ["一般公共预算财政拨款支出决算为", "1,629.05 万元，比上年决算增加", "12.30 万元，主要原因是",
              "新增教师培训项目。"]
    lines = [pieces[0]]
    for piece, page_break in zip(pieces[1:], breaks):
        lines.extend([page_break, piece])
    return "\n".join(lines)


def test_page_numbers_of_every_common_form_are_dropped():
    for number in ("12", "- 12 -", "—12—", "12/40", "12 / 40", "第12页", "第 12 页 共 40 页", "第12页/共40页"):
        flow = build_flow(_sentence_over_pages(number, number, number))
        assert "12" not in flow.text.replace("12.30", ""), number


def test_a_running_head_at_each_page_edge_is_dropped():
    text = _sentence_over_pages(f"3\n{HEAD}", f"4\n{HEAD}", f"5\n{HEAD}")
    flow = build_flow(text)
    assert flow.text == "一般公共预算财政拨款支出决算为1,629.05 万元，比上年决算增加12.30 万元，主要原因是新增教师培训项目。"


def test_a_running_head_after_a_form_feed_is_dropped():
    text = _sentence_over_pages(f"\f{HEAD}", f"\f{HEAD}", f"\f{HEAD}")
    assert HEAD not in build_flow(text).text


def test_a_line_said_three_times_away_from_page_edges_stays():
    # "单位：万元" under each table title, no page break near: the report's own words
    text = "\n".join(f"表{n}\n单位：万元\n项目 金额" for n in range(1, 5))
    assert build_flow(text).text.count("单位：万元") == 4


def test_a_line_at_only_two_page_edges_is_no_running_head():
    text = _sentence_over_pages(f"3\n{HEAD}", f"4\n{HEAD}", "5")
    assert build_flow(text).text.count(HEAD) == 2


def test_a_budget_line_broken_by_a_page_edge_keeps_its_name():
    text = ("（三）一般公共预算财政拨款支出决算具体情况\n"
            "1、卫生健康支出（类）基层医疗卫生机构（款）乡镇\n- 7 -\n" + HEAD + "\n卫生院（项）。支出决算为 10.00 万元。\n"
            "2、卫生健康支出（类）基层医疗卫生机构（款）城市社区卫生机构（项）。支出决算为 5.00 万元。\n"
            "- 8 -\n" + HEAD + "\n说明结束。\n- 9 -\n" + HEAD + "\n")
    lines = check_text("五、一般公共预算财政拨款支出决算情况说明\n" + text).report.lines
    assert [line.label for line in lines] == ["卫生健康支出基层医疗卫生机构乡镇卫生院",
                                              "卫生健康支出基层医疗卫生机构城市社区卫生机构"]


_NUMBER_FORMS = ("- {n} -", "{n}", "第{n}页", "第 {n} 页 共 40 页", "—{n}—", "{n}/40")


@settings(max_examples=12, deadline=None)
@given(st.sampled_from(_NUMBER_FORMS), st.booleans(), st.booleans(), st.integers(20, 45))
def test_the_correct_report_paginated_has_no_error(number_form, with_head, form_feed, page_length):
    lines, page = [], 1
    for index, line in enumerate(CORRECT.split("\n"), start=1):
        if index % page_length == 0:
            page += 1
            lines.append(number_form.format(n=page))
            if with_head:
                lines.append(("\f" if form_feed else "") + HEAD)
        lines.append(line)
    text = "\n".join(lines)
    assert [(f.rule, f.stated, f.expected) for f in check_text(text).errors] == []
