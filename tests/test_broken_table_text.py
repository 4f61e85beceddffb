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
import time
from pathlib import Path

from hypothesis import HealthCheck, example, given, note, settings
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
    # the 款 above gives 项目支出 20.00: that cell is the wrong one, not the row's 合计
    assert ("T101", "error", "21.00", "20.00", 6) in errors


# -- a header cell broken over two lines ----------------------------------------------------

_HEADERS = [n for n, line in enumerate(_LINES) if "  " in line and not re.search(r"\d", line)
            and re.search(r"科目|项目|决算数|合计", line) and re.search(r"\d", _LINES[n + 1])]


@st.composite
def _broken_header(draw, lines: list[str]):
    """A table's header line with one or two of its cells broken: the line keeps each
    cell's beginning, the next line holds the ends (as text taken from a PDF sets them)."""
    n = draw(st.sampled_from(_HEADERS))
    cells = [m.span() for m in re.finditer(r"\S+", lines[n]) if m.end() - m.start() > 1]
    chosen = sorted(draw(st.sets(st.integers(0, len(cells) - 1), min_size=1, max_size=2)))
    top, ends, last = "", [], 0
    for index in chosen:
        start, end = cells[index]
        cut = draw(st.integers(start + 1, end - 1))
        top += lines[n][last:cut]
        ends.append(lines[n][cut:end])
        last = end
    return n, top + lines[n][last:], "  ".join(ends)


def _with_broken_header(text: str, broken) -> tuple[str, list[int]]:
    n, top, ends = broken
    lines = text.split("\n")
    assert sorted(re.sub(r"\s", "", top + ends)) == sorted(re.sub(r"\s", "", lines[n])), "not that line broken"
    origin = list(range(1, len(lines) + 1))
    return "\n".join([*lines[:n], top, ends, *lines[n + 1:]]), [*origin[:n + 1], 0, *origin[n + 1:]]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_broken_header(_LINES))
def test_header_cells_broken_over_two_lines_cost_the_correct_report_nothing(broken):
    note(broken)
    text, _ = _with_broken_header(CORRECT, broken)
    assert _findings(text) == []


# Both once hid a planted error: the cells' beginnings "项" and "决" read as one word spaced
# out; a lone "合计" under "本年支出" read as a row of its own above the total row.
@example((31, "项  决  项目  决算数", "目  算数"))
@example((183, "科目编码  科目名称  年初结转和结余  本年收入  本年支出  基本支出  项目支出  年末结转和结余", "合计"))
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_broken_header(_LINES))
def test_header_cells_broken_over_two_lines_hide_no_wrong_figure(broken):
    text, origin = _with_broken_header(PLANTED, broken)
    assert _table_errors(text, origin) == _table_errors(PLANTED)


_BASIC_BROKEN = ("一般公共预算财政拨款基本支出决算表\n单位：万元\n"
                 "科目编码  科目名称  决算数  科目编码  科目名称  决算\n数\n"
                 "301  工资福利支出  20.00  302  商品和服务支出  10.00\n"
                 "30101  基本工资  12.00  30201  办公费  {office}\n30103  奖金  8.00  30205  水费  4.00\n"
                 "人员经费合计  20.00  公用经费合计  10.00\n")


def test_a_header_cell_broken_over_two_lines_is_read_whole():
    table = _one(_BASIC_BROKEN.format(office="6.00"), "basic")
    assert [(row.code, row.label, str(row.cells["决算数"].value)) for row in table.rows if row.code] == [
        ("301", "工资福利支出", "20.00"), ("302", "商品和服务支出", "10.00"), ("30101", "基本工资", "12.00"),
        ("30201", "办公费", "6.00"), ("30103", "奖金", "8.00"), ("30205", "水费", "4.00")]


def test_a_wrong_figure_under_a_broken_header_is_found():
    errors = _table_errors(_BASIC_BROKEN.format(office="5.00"))
    assert ("T102", "error", "10.00", "9.00", 5) in errors


def test_a_lone_word_that_finishes_no_header_word_stays_the_first_rows():
    # "其他文化旅游体育与传媒支" / "20799 …" / "出": the name's beginning above its code
    text = ("一般公共预算财政拨款支出决算表\n单位：万元\n科目编码  科目名称  合计  基本支出  项目支出\n"
            "其他文化旅游体育与传媒支\n20799  30.00  10.00  20.00\n出\n合计  30.00  10.00  20.00\n")
    table = _one(text, "general")
    assert [(row.code, row.label) for row in table.rows if row.code] == [("20799", "其他文化旅游体育与传媒支出")]


# -- a row's last figures spilled onto the next line ----------------------------------------

_FIGURE = re.compile(r"-?[\d,]+\.\d+")
_SPILLABLE = [n for n in range(_TITLES[0], _TITLES[-1] + 12)
              if len(re.findall(r"(?:^|\s)-?[\d,]+\.\d\d(?=\s|$)", _LINES[n])) >= 2]


def _spilled(text: str, spills: dict[int, int]) -> tuple[str, list[int]]:
    """The text with the last ``k`` figures of each chosen line moved to a line of their own."""
    lines, out, origin = text.split("\n"), [], []
    for n, line in enumerate(lines):
        words = list(re.finditer(r"\S+", line))
        tail = 0
        while tail < len(words) and _FIGURE.fullmatch(words[-1 - tail].group()):
            tail += 1
        k = min(spills.get(n, 0), tail - 1)
        if k > 0:
            cut = words[-k].start()
            out += [line[:cut].rstrip(), line[cut:]]
            origin += [n + 1, n + 1]
        else:
            out.append(line)
            origin.append(n + 1)
    return "\n".join(out), origin


_SPILLS = st.dictionaries(st.sampled_from(_SPILLABLE), st.integers(1, 7), min_size=1, max_size=4)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_SPILLS)
def test_figures_spilled_onto_the_next_line_cost_the_correct_report_nothing(spills):
    note({_LINES[n][:30]: k for n, k in spills.items()})
    text, _ = _spilled(CORRECT, spills)
    assert _findings(text) == []


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_SPILLS)
def test_figures_spilled_onto_the_next_line_hide_no_wrong_figure(spills):
    text, origin = _spilled(PLANTED, spills)
    assert _table_errors(text, origin) == _table_errors(PLANTED)


_FISCAL = ("财政拨款收入支出决算总表\n单位：万元\n"
           "项目  决算数  项目  合计  一般公共预算财政拨款  政府性基金预算财政拨款  国有资本经营预算财政拨款\n"
           "一、一般公共预算财政拨款  100.00  五、教育支出  70.00  70.00  0.00  0.00\n"
           "二、政府性基金预算财政拨款  30.00  八、社会保障和就业支出  60.00  30.00  30.00\n{spill}\n"
           "本年收入合计  130.00  本年支出合计  130.00  100.00  30.00  0.00\n")


def test_a_figure_spilled_onto_the_next_line_completes_its_row():
    table = _one(_FISCAL.format(spill="0.00"), "fiscal")
    row = table.row(label="社会保障和就业支出", side="right")
    assert {key: str(number.value) for key, number in row.cells.items()} == {
        "合计": "60.00", "一般公共预算财政拨款": "30.00", "政府性基金预算财政拨款": "30.00", "国有资本经营预算财政拨款": "0.00"}
    assert not row.uncertain
    assert _findings(_FISCAL.format(spill="0.00")) == []


def test_a_wrong_figure_spilled_onto_the_next_line_is_found():
    text = _GENERAL_TABBED.replace("\t", "  ").format(row="30.00  10.00").replace("行政运行  30.00  10.00\n",
                                                                                 "行政运行  30.00  10.00\n21.00\n")
    assert ("T101", "error", "21.00", "20.00", 6) in _table_errors(text)


def test_figures_that_may_be_another_rows_leave_the_row_unchecked():
    # "20.00" completes neither row: the row above keeps a blank cell, or it is another row's
    text = _GENERAL_TABBED.replace("\t", "  ").format(row="30.00").replace("行政运行  30.00\n", "行政运行  30.00\n20.00\n")
    table = _one(text, "general")
    assert table.row(code="2050101").uncertain
    assert _table_errors(text) == []


def test_a_sum_with_a_part_not_surely_read_is_not_checked():
    # "5.00" may finish 行政运行 or be a row of its own: 教育管理事务 = Σ its 项 cannot be told
    text = ("一般公共预算财政拨款支出决算表\n单位：万元\n科目编码  科目名称  合计  基本支出  项目支出\n"
            "205  教育支出  50.00  30.00  20.00\n20501  教育管理事务  50.00  30.00  20.00\n"
            "2050101  行政运行  30.00\n5.00\n2050102  一般行政管理事务  20.00  0.00  20.00\n合计  50.00  30.00  20.00\n")
    assert _one(text, "general").row(code="2050101").uncertain
    assert _table_errors(text) == []


_BASIC_UNALIGNED = ("一般公共预算财政拨款基本支出决算表\n单位：万元\n经济分类\n"
                    "科目编码 科目名称 决算数 科目编码 科目名称 决算数\n类 款 类 款\n"
                    "301 工资福利支出 20.00 302 商品和服务支出 10.00\n301 01 基本工资 12.00 302 01 办公费 6.00\n"
                    "301 03 奖金 8.00 302 05\n{water}\n水费\n人员经费合计 20.00 公用经费合计 10.00\n")


def test_a_code_printed_apart_at_a_lines_end_with_its_figure_spilled():
    # "302 05" ends the line, its figure and name on the lines below
    table = _one(_BASIC_UNALIGNED.format(water="4.00"), "basic")
    assert [(row.label, str(row.cells["决算数"].value)) for row in table.rows if row.code == "30205"] == [("水费", "4.00")]
    assert _findings(_BASIC_UNALIGNED.format(water="4.00")) == []
    assert ("T102", "error", "10.00", "11.00", 6) in _table_errors(_BASIC_UNALIGNED.format(water="5.00"))


def test_a_row_whose_code_was_lost_leaves_its_parents_sums_unchecked():
    # the 项 row's code is gone and its figures fit two columns: 20501 and 205 cannot be summed
    text = ("一般公共预算财政拨款支出决算表\n单位：万元\n科目编码  科目名称  合计  基本支出  项目支出\n"
            "205  教育支出  50.00  30.00  20.00\n20501  教育管理事务  50.00  30.00  20.00\n"
            "行政运行  30.00  30.00\n2050102  一般行政管理事务  20.00  0.00  20.00\n合计  50.00  30.00  20.00\n")
    assert _one(text, "general").row(label="行政运行").uncertain
    assert _table_errors(text) == []


def test_a_full_header_line_under_another_is_read_in_time():
    # twelve 预算数/决算数 under twelve merged cells repeated: no line of pieces, and not
    # every way of giving each word to a cell above is tried
    parts = ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置费", "公务用车运行维护费", "公务接待费"]
    text = ("财政拨款“三公”经费支出决算表\n单位：万元\n" + "  ".join(p for p in parts for _ in (0, 1)) + "\n"
            + "  ".join(["预算数", "决算数"] * 6) + "\n" + "  ".join(["1.00"] * 12) + "\n")
    start = time.process_time()
    find_tables(text)
    assert time.process_time() - start < 2
