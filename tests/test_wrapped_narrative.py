"""The explanation read the same when text taken from a PDF breaks its lines elsewhere.

A PDF's text breaks every line at the page's edge: a long heading goes on over two lines,
and a report may name a subsection in its own words. Neither may make the checker pair one
item's figures with another's.
"""
from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings, strategies as st

from juesuan import check_text

DATA = Path(__file__).parent / "data"
CORRECT = (DATA / "report-with-tables.txt").read_text(encoding="utf-8")

# Two items of the general budget's detail list, each with its budget, final figure and
# completion rate (1,286.45 / 1,300.00 = 98.96%, 342.60 / 380.00 = 90.16%).
_ITEMS = (
    "1、教育支出（类）教育管理事务（款）行政运行（项）。年初预算为 1,300.00 万元，"
    "支出决算为 1,286.45 万元，完成年初预算的 98.96%。决算数小于预算数的主要原因是：压减会议支出。\n"
    "2、教育支出（类）教育管理事务（款）一般行政管理事务（项）。年初预算为 380.00 万元，"
    "支出决算为 342.60 万元，完成年初预算的 {rate}。决算数小于预算数的主要原因是：督导改为线上。\n"
)


def _general_section(subheading: str, rate: str = "90.16%") -> str:
    return ("五、一般公共预算财政拨款支出决算情况说明\n"
            "（一）一般公共预算财政拨款支出决算总体情况\n"
            "2024年度一般公共预算财政拨款支出 1,629.05 万元。\n"
            "（二）一般公共预算财政拨款支出决算结构情况\n"
            "教育支出（类）1,629.05 万元，占 100.00%。\n"
            f"{subheading}\n" + _ITEMS.format(rate=rate))


def _completion_findings(text: str) -> list[tuple[str, str]]:
    return [(f.stated, f.expected) for f in check_text(text).errors if f.rule == "B102"]


def test_items_under_a_subheading_in_other_words_are_not_paired_across():
    # Unknown words for the detail list: its items' figures are statements of the
    # section, each item its own; item 1's rate is never checked against item 2's figures.
    for subheading in ("（三）一般公共预算财政拨款支出决算明细情况", "（三）分项支出情况"):
        text = CORRECT.replace("（三）一般公共预算财政拨款支出决算具体情况", subheading)
        assert text != CORRECT
        assert [(f.rule, f.stated) for f in check_text(text).errors] == []


def test_a_wrong_rate_under_a_subheading_in_other_words_is_still_found_with_its_own_figures():
    found = _completion_findings(_general_section("（三）分项支出情况", rate="91.16%"))
    assert found == [("91.16%", "90.16%")]


def test_a_heading_wrapped_at_the_page_edge_is_read_whole():
    text = _general_section("（三）一般公共预算财政拨款支出决算具\n体情况")
    result = check_text(text)
    detail = [s for s in result.report.sections if s.key == "general.detail"]
    assert [s.title for s in detail] == ["一般公共预算财政拨款支出决算具体情况"]
    # the heading's second line is the heading's, not the first line of the section's body
    assert result.flow.text[detail[0].title_end:].startswith("1、教育支出")


def test_a_heading_whose_first_line_names_its_section_keeps_its_next_line():
    # "（一）…总体情况" is whole on its line: a short first line of the body is no part of it.
    text = _general_section("（三）一般公共预算财政拨款支出决算具体情况").replace(
        "（一）一般公共预算财政拨款支出决算总体情况\n", "（一）一般公共预算财政拨款支出决算总体情况\n总的看\n")
    overall = next(s for s in check_text(text).report.sections if s.key == "general.overall")
    assert overall.title == "一般公共预算财政拨款支出决算总体情况"


# -- the project's own correct report, its explanation re-flowed -----------------------

_FIGURE_CHAR = re.compile(r"[0-9.,%]")


_HEADING = re.compile(r"\f?(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)\D*$")


def _explanation_lines(text: str) -> set[int]:
    """Indexes of the lines of running text (a sentence mark in them) and of headings (a
    number and words, no figure), not of tables."""
    return {i for i, line in enumerate(text.split("\n"))
            if "。" in line or "，" in line or _HEADING.match(line)}


def _reflowed(text: str, width: int) -> str:
    """Each line of running text cut every ``width`` characters, as a narrower page would
    (never inside a figure: a PDF keeps "1,286.45" on one line)."""
    lines = text.split("\n")
    prose = _explanation_lines(text)
    out = []
    for index, line in enumerate(lines):
        if index not in prose:
            out.append(line)
            continue
        start = 0
        while len(line) - start > width:
            cut = start + width
            while cut < len(line) and _FIGURE_CHAR.match(line[cut - 1]) and _FIGURE_CHAR.match(line[cut]):
                cut += 1
            out.append(line[start:cut])
            start = cut
        out.append(line[start:])
    return "\n".join(out)


def test_the_correct_report_has_no_error_before_reflow():
    assert check_text(CORRECT).errors == []


@settings(max_examples=12, deadline=None)
@given(st.integers(min_value=14, max_value=42))
def test_the_correct_report_reflowed_to_any_width_has_no_error(width):
    text = _reflowed(CORRECT, width)
    assert [(f.rule, f.stated, f.expected) for f in check_text(text).errors] == []


def test_a_heading_is_not_joined_with_the_heading_after_it():
    text = ("十一、其他重要事项的情况说明\n（二）政府采购支出情况\n"
            "2024 年度政府采购支出总额 200.00 万元。\n")
    sections = check_text(text).report.sections
    assert [(s.key, s.title) for s in sections] == [("other", "其他重要事项的情况说明"),
                                                    ("other.procurement", "政府采购支出情况")]
