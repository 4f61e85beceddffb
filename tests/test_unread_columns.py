"""A column the reader could not place is no evidence of an empty class.

A header cell broken over two lines ("决算" / "数") can leave one side of the 基本支出
table unread: its rows come out blank, which says nothing about the money they took.
"""
from __future__ import annotations

from juesuan import check_text

_SECTION = ("六、一般公共预算财政拨款基本支出决算情况说明\n一般公共预算财政拨款基本支出 30.00 万元，"
            "其中：人员经费 20.00 万元，主要包括：基本工资、奖金；公用经费 10.00 万元，主要包括：{listed}。\n"
            "一般公共预算财政拨款基本支出决算表\n单位：万元\n")
_ROWS = ("301  工资福利支出  20.00  302  商品和服务支出  10.00\n"
         "30101  基本工资  12.00  30201  办公费  {office}\n30103  奖金  8.00  30205  水费  4.00\n"
         "人员经费合计  20.00  公用经费合计  10.00\n")
_HEADER = "科目编码  科目名称  决算数  科目编码  科目名称  决算数\n"


def _empty_class_findings(header: str, office: str = "6.00", listed: str = "办公费、水费") -> list[str]:
    text = _SECTION.format(listed=listed) + header + _ROWS.format(office=office)
    return [f.stated for f in check_text(text).errors if f.rule == "T302"]


def test_a_side_of_the_table_left_unread_names_no_class_empty():
    assert _empty_class_findings("科目编码  科目名称  决算数  科目编码  科目名称  决算\n数\n") == []


def test_a_class_the_table_gives_zero_is_still_found():
    assert _empty_class_findings(_HEADER, office="0.00") == ["办公费"]


def test_the_same_table_read_whole_names_no_class_empty():
    assert _empty_class_findings(_HEADER) == []
