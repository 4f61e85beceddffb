"""Tables whose text a PDF or a copy broke in other ways than a wrapped label.

A page's number and its running head fall between a table's rows or header lines; a
header cell is broken over two lines ("决算" / "数"); a row's last figures spill onto a line
of their own; a table copied from a spreadsheet separates its cells by tabs and prints a
merged cell as one field. None of it may cost the project's correct report a finding, and
a wrong figure in such a table is still found. Properties break the correct report (and
its planted copy) at random places; small tables show each kind read.
"""
from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from juesuan import check_text
from juesuan.readers.flow import build_flow
from juesuan.tables.recognize import recognize
from juesuan.tables.text_tables import find_tables

DATA = Path(__file__).parent / "data"
CORRECT = (DATA / "report-with-tables.txt").read_text(encoding="utf-8")
PLANTED = (DATA / "report-with-tables-planted.txt").read_text(encoding="utf-8")
HEAD = "青禾市教育局2024年度部门决算"


def _findings(text: str, origin: list[int] | None = None) -> list[tuple]:
    """(rule, severity, stated, expected, line of the unbroken text) of every finding."""
    out = []
    for f in check_text(text).findings:
        line = f.location.line
        out.append((f.rule, f.severity, re.sub(r"\s", "", f.stated or ""), re.sub(r"\s", "", f.expected or ""),
                    origin[line - 1] if origin is not None and line else line))
    return sorted(out)


_TABLE_ERRORS = {"T101", "T102", "T103", "T104"}


def _table_errors(text: str, origin: list[int] | None = None) -> list[tuple]:
    return [f for f in _findings(text, origin) if f[0] in _TABLE_ERRORS]


def _one(text: str, key: str):
    raws = [raw for raw in find_tables(text) if (table := recognize(raw)) is not None and table.spec.key == key]
    assert len(raws) == 1
    return recognize(raws[0])


# -- page numbers and running heads -------------------------------------------------------

_NUMBER_FORMS = ("- {n} -", "{n}", "第{n}页", "第 {n} 页 共 40 页", "—{n}—", "{n}/40")
_HEADS = (HEAD, HEAD + "部门决算", "部门决算公开")


def _paginated(text: str, number_form: str, head: str | None, form_feed: bool, every: int) -> tuple[str, list[int]]:
    """The text with a page number (and a running head) after every ``every`` lines, and
    the line of the unbroken text each line comes from (0: an added line)."""
    lines, origin, page = [], [], 1
    for index, line in enumerate(text.split("\n"), start=1):
        if index % every == 0:
            page += 1
            lines.append(number_form.format(n=page))
            origin.append(0)
            if head is not None:
                lines.append(("\f" if form_feed else "") + head)
                origin.append(0)
        lines.append(line)
        origin.append(index)
    return "\n".join(lines), origin


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_NUMBER_FORMS), st.sampled_from(_HEADS), st.booleans(), st.integers(20, 45))
def test_page_numbers_and_running_heads_cost_the_correct_report_nothing(number_form, head, form_feed, every):
    text, _ = _paginated(CORRECT, number_form, head, form_feed, every)
    assert _findings(text) == []


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_NUMBER_FORMS), st.sampled_from(_HEADS), st.integers(20, 45))
def test_page_numbers_and_running_heads_hide_no_wrong_figure(number_form, head, every):
    text, origin = _paginated(PLANTED, number_form, head, False, every)
    assert _table_errors(text, origin) == _table_errors(PLANTED)


_BASIC = ("一般公共预算财政拨款基本支出决算表\n单位：万元\n"
          "科目编码  科目名称  决算数  科目编码  科目名称  决算数\n"
          "301  工资福利支出  60.00  302  商品和服务支出  20.00\n"
          "30101  基本工资  60.00  30201  办公费  20.00\n"
          "{inside}"
          "303  对个人和家庭的补助  {retired}\n"
          "30302  退休费  12.00\n"
          "人员经费合计  72.00  公用经费合计  20.00\n")


def _pages_round(table: str) -> str:
    """A table on the second of four pages, each headed by the department's name."""
    return (f"说明在前。\n- 1 -\n{HEAD}\n" + table + f"- 3 -\n{HEAD}\n说明在后。\n- 4 -\n{HEAD}\n说明结束。\n")


def test_a_page_number_and_running_head_between_rows_are_no_part_of_a_label():
    text = _pages_round(_BASIC.format(inside=f"- 2 -\n{HEAD}\n", retired="12.00"))
    table = _one(text, "basic")
    assert [row.label for row in table.rows if row.code == "30302"] == ["退休费"]
    assert not any(HEAD in row.label for row in table.rows)
    assert [f.rule for f in check_text(text).findings if f.rule.startswith("T")] == []


def test_a_wrong_figure_beside_a_page_break_is_still_found():
    text = _pages_round(_BASIC.format(inside=f"2/40\n{HEAD}\n", retired="21.00"))
    errors = [(f.rule, f.stated, f.expected) for f in check_text(text).errors if f.rule.startswith("T1")]
    assert ("T102", "21.00", "12.00") in errors


def test_a_page_number_between_header_lines_leaves_the_table_read():
    text = ("一般公共预算财政拨款支出决算表\n单位：万元\n项目\n12\n科目编码  科目名称  合计  基本支出  项目支出\n"
            "205  教育支出  30.00  10.00  20.00\n20501  教育管理事务  30.00  10.00  20.00\n"
            "2050101  行政运行  30.00  10.00  20.00\n合计  30.00  10.00  20.00\n")
    table = _one(text, "general")
    assert [(row.code, str(row.cells["合计"].value)) for row in table.rows if row.code] == \
        [("205", "30.00"), ("20501", "30.00"), ("2050101", "30.00")]


def test_a_page_number_marks_a_page_edge_in_text_with_form_feeds_too():
    # a page break whose form feed was lost, in text that has others: its page number says it
    text = (f"说明开始。\f{HEAD}\n人员\n- 3 -\n{HEAD}\n经费 10.00 万元，\n- 4 -\n{HEAD}\n说明结束。\f{HEAD}\n附注。")
    assert build_flow(text).text == "说明开始。人员经费 10.00 万元，说明结束。附注。"


# -- tables copied with their cells separated by tabs --------------------------------------

_LINES = CORRECT.split("\n")
_TITLES = [n for n, line in enumerate(_LINES) if 28 <= n < 200 and line.endswith(("决算表", "决算总表"))]


def _tables_tabbed(text: str, chosen: set[int]) -> str:
    """The text with the chosen tables' cells separated by tabs, as a copy from a word
    processor gives them: a merged cell one field, blank cells (the spaces) left out."""
    lines = text.split("\n")
    for n in chosen:
        start = _TITLES[n]
        end = next((k for k in range(start + 1, len(lines)) if lines[k].startswith("注：")), len(lines))
        for k in range(start + 1, end):
            lines[k] = re.sub(r" {2,}", "\t", lines[k])
    return "\n".join(lines)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sets(st.integers(0, len(_TITLES) - 1), min_size=1))
def test_tables_copied_with_tabs_cost_the_correct_report_nothing(chosen):
    note(sorted(_LINES[_TITLES[n]] for n in chosen))
    assert _findings(_tables_tabbed(CORRECT, chosen)) == []


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sets(st.integers(0, len(_TITLES) - 1), min_size=1))
def test_tables_copied_with_tabs_hide_no_wrong_figure(chosen):
    assert _table_errors(_tables_tabbed(PLANTED, chosen)) == _table_errors(PLANTED)


_GENERAL_TABBED = ("一般公共预算财政拨款支出决算表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
                   "205\t教育支出\t30.00\t10.00\t20.00\n20501\t教育管理事务\t30.00\t10.00\t20.00\n"
                   "2050101\t行政运行\t{row}\n合计\t30.00\t10.00\t20.00\n")


def test_a_merged_cell_copied_as_one_field_leaves_the_figures_in_their_columns():
    table = _one(_GENERAL_TABBED.format(row="30.00\t10.00\t20.00"), "general")
    total = table.total_row()
    assert {key: str(number.value) for key, number in total.cells.items()} == \
        {"合计": "30.00", "基本支出": "10.00", "项目支出": "20.00"}
    assert _findings(_GENERAL_TABBED.format(row="30.00\t10.00\t20.00")) == []


def test_a_wrong_figure_in_a_table_copied_with_tabs_is_found():
    errors = _table_errors(_GENERAL_TABBED.format(row="30.00\t10.00\t21.00"))
    assert ("T101", "error", "30.00", "31.00", 6) in errors
