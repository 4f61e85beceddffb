"""Tables printed one cell per line, as a tool that takes a PDF's text block by block
writes them (each cell of a ruled table a block of its own, often with a blank line
between blocks): they are read as their rows, and a report in that form draws the
findings it draws with a row on each line.

The per-cell forms are made here from the project's own reports (``tests/data``): each
table line is cut at its runs of two spaces or more, one cell to a line.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan import check_text
from juesuan.report.messages import messages_of
from juesuan.tables.recognize import recognize
from juesuan.tables.spec import spec_for_title
from juesuan.tables.text_tables import find_tables

DATA = Path(__file__).parent / "data"
ECOLOGY = Path(__file__).resolve().parents[2] / "shared/corpus/shanghai-putuo-ecology-2025.txt"
PLANTED = (DATA / "report-with-tables-planted.txt").read_text(encoding="utf-8")
CORRECT = (DATA / "report-with-tables.txt").read_text(encoding="utf-8")


def one_cell_per_line(text: str, blank: bool = False) -> str:
    """The text with each line spaced into cells (two spaces or more) cut into one line
    per cell, a form feed kept before the first; with ``blank``, a blank line between
    every two lines."""
    out: list[str] = []
    for line in text.split("\n"):
        feed = "\f" if line.startswith("\f") else ""
        body = line[len(feed):]
        cells = re.split(r" {2,}", body.strip()) if re.search(r"\S {2,}\S", body) else [body]
        out.extend([feed + cells[0], *cells[1:]])
    return ("\n\n" if blank else "\n").join(out)


def findings(text: str) -> Counter:
    """Each finding as (rule, page, printed value, right value), counted."""
    return Counter((f.rule, f.location.page, f.stated, f.expected) for f in check_text(text).findings)


def not_checked(text: str) -> list[str]:
    return [m["message"] for m in messages_of(check_text(text)) if m["type"] == "not-checked"]


def tables(text: str) -> dict[str, list[tuple]]:
    """Each table's rows as read: (side, code, label, {column: figure}), and whether sure."""
    out = {}
    for raw in find_tables(text):
        table = recognize(raw)
        out[table.spec.key] = [(row.side, row.code, row.label, {k: n.text for k, n in row.cells.items()},
                                row.uncertain) for row in table.rows]
    return out


# -- the project's reports ---------------------------------------------------------------


@pytest.mark.parametrize("blank", [False, True], ids=["lines", "blank-lines"])
def test_planted_report_one_cell_per_line_draws_the_same_findings(blank):
    assert findings(one_cell_per_line(PLANTED, blank)) == findings(PLANTED)


@pytest.mark.parametrize("blank", [False, True], ids=["lines", "blank-lines"])
def test_correct_report_one_cell_per_line_has_no_finding_and_says_nothing_unread(blank):
    text = one_cell_per_line(CORRECT, blank)
    assert not check_text(text).findings
    assert not_checked(text) == []


@pytest.mark.parametrize("blank", [False, True], ids=["lines", "blank-lines"])
def test_every_table_one_cell_per_line_is_read_as_its_rows(blank):
    assert tables(one_cell_per_line(PLANTED, blank)) == tables(PLANTED)


def test_two_sided_rows_keep_their_halves():
    rows = tables(one_cell_per_line(CORRECT, True))
    summary = {(side, label): cells for side, _, label, cells, _ in rows["summary"]}
    assert summary[("left", "总计")] == summary[("right", "总计")] == {"决算数": "6,047.21"}
    assert summary[("right", "教育支出")] == {"决算数": "4,990.55"}
    basic = {(side, code): cells for side, code, _, cells, _ in rows["basic"]}
    assert basic[("left", "301")] == {"决算数": "1,721.11"}
    assert basic[("right", "302")] == {"决算数": "156.25"}
    fiscal = {(side, label): cells for side, _, label, cells, _ in rows["fiscal"]}
    assert fiscal[("right", "本年支出合计")] == {"合计": "5,535.00", "一般公共预算财政拨款": "5,385.00",
                                                "政府性基金预算财政拨款": "150.00", "国有资本经营预算财政拨款": "0.00"}


def test_a_label_printed_in_two_blocks_is_one_label():
    text = one_cell_per_line(PLANTED, True).replace("机关事业单位基本养老保险缴费支出", "机关事业单位基本养老\n\n保险缴费支出")
    assert tables(text)["income"] == tables(PLANTED)["income"]
    assert findings(text) == findings(PLANTED)


def test_a_blank_cell_printed_as_nothing_leaves_its_row_unchecked():
    # 上级补助收入 printed as nothing: which of the row's cells is blank, nothing says
    text = one_cell_per_line(PLANTED, True).replace(
        "205\n\n教育支出\n\n4,976.86\n\n4,607.60\n\n0.00\n\n", "205\n\n教育支出\n\n4,976.86\n\n4,607.60\n\n")
    row = next(row for row in tables(text)["income"] if row[1] == "205")
    assert row[4] is True
    assert findings(text) == findings(PLANTED)


def test_a_left_label_whose_figure_is_printed_as_nothing_is_no_part_of_the_right_one():
    # "使用非财政拨款结余  结余分配  0.00": two labels, the first without its figure
    row = CORRECT.replace("使用非财政拨款结余  0.00  结余分配  0.00", "使用非财政拨款结余  结余分配  0.00")
    for text in (row, one_cell_per_line(row, True)):
        summary = {(side, label): cells for side, _, label, cells, _ in tables(text)["summary"]}
        assert summary[("left", "使用非财政拨款结余")] == {}
        assert summary[("right", "结余分配")] == {"决算数": "0.00"}


def test_a_page_break_between_rows_with_its_number_and_the_header_again():
    header = "科目编码  科目名称  本年收入合计  财政拨款收入  上级补助收入  事业收入  经营收入  附属单位上缴收入  其他收入\n"
    broken = PLANTED.replace("20502  普通教育  3,099.17", "- 4 -\n\f" + header + "20502  普通教育  3,099.17")
    text = one_cell_per_line(broken, True)
    assert [row[:4] for row in tables(text)["income"]] == [row[:4] for row in tables(PLANTED)["income"]]
    assert findings(text) == findings(broken)


def test_a_header_line_printed_again_on_a_new_page_is_no_row():
    # its 合计 column heads a figure column here: the line is the header again, not the
    # end of the label above it
    header = "项目  决算数  项目  合计  一般公共预算财政拨款  政府性基金预算财政拨款  国有资本经营预算财政拨款\n"
    broken = PLANTED.replace("本年收入合计  5,516.35", "7\n\f" + header + "本年收入合计  5,516.35")
    for text in (broken, one_cell_per_line(broken, True)):
        assert [row[:4] for row in tables(text)["fiscal"]] == [row[:4] for row in tables(PLANTED)["fiscal"]]


def with_row_numbers(text: str) -> str:
    """The report with its 收入支出决算总表 numbering its rows in a 行次 column beside each
    label, as the final-accounts software prints it."""
    start, end = _table_part(text, "收入支出决算总表")
    count = iter(range(1, 100))
    part = text[start:end].replace("项目  决算数  项目  决算数", "项目  行次  决算数  项目  行次  决算数")
    part = re.sub(r"(?m)(\S*[^\d\s,.]\S*)  ([\d,]+\.\d\d)", lambda m: f"{m[1]}  {next(count)}  {m[2]}", part)
    return text[:start] + part + text[end:]


def test_the_rows_numbers_beside_their_labels_are_no_figures():
    text = with_row_numbers(PLANTED)
    assert "五、教育支出  2  4,990.55" in text
    cells = one_cell_per_line(text, True)
    assert tables(cells)["summary"] == tables(PLANTED)["summary"]
    assert findings(cells) == findings(text) == findings(PLANTED)


def test_an_economic_code_in_two_cells_is_one_code():
    # "301" / "01" / "基本工资": the 类 and 款 of an economic code as cells of their own; a
    # lone "01" reads like a page number, yet neither it nor "301" beside it is furniture
    text = one_cell_per_line(PLANTED, True)
    for code in ("30101", "30102", "30103", "30107", "30201", "30205", "30206", "30207", "31002"):
        text = text.replace(f"\n{code}\n", f"\n{code[:3]}\n\n{code[3:]}\n")
    assert tables(text)["basic"] == tables(PLANTED)["basic"]


def test_a_code_that_opens_a_page_is_no_page_number():
    # "208" alone right after a form feed stands where a page number does
    text = one_cell_per_line(PLANTED, True).replace("\n\n208\n\n社会保障", "\n\n\f208\n\n社会保障")
    for key in ("income", "expenditure", "general"):
        assert [row[:4] for row in tables(text)[key]] == [row[:4] for row in tables(PLANTED)[key]]


def test_row_per_line_tables_are_not_read_as_cells():
    # a row's figures beside its label: the reader of cells does not take the table
    assert tables(PLANTED)["income"][1][:4] == ("", "205", "教育支出", {
        "本年收入合计": "4,976.86", "财政拨款收入": "4,607.60", "上级补助收入": "0.00", "事业收入": "356.80",
        "经营收入": "0.00", "附属单位上缴收入": "0.00", "其他收入": "12.46"})


def whole_amounts(text: str) -> str:
    """The report with its tables' amounts printed in whole 万元 ("5,913" for "5,912.61")."""
    start, end = text.index("\f第二部分"), text.index("\f第三部分")

    def whole(match: re.Match) -> str:
        value = Decimal(match.group().replace(",", "")).quantize(Decimal(1), ROUND_HALF_UP)
        return f"{value:,}"

    return text[:start] + re.sub(r"\d{1,3}(?:,\d{3})*\.\d\d(?![%\d])", whole, text[start:end]) + text[end:]


def test_a_whole_amount_before_the_next_label_is_no_code():
    # "二、政府性基金预算财政拨款收入  180  八、社会保障和就业支出  469": in a table without
    # codes, 180 is the left half's figure, not the code of the right half's row
    text = whole_amounts(CORRECT)
    summary = {(side, label): cells for side, _, label, cells, _ in tables(text)["summary"]}
    assert summary[("left", "政府性基金预算财政拨款收入")] == {"决算数": "180"}
    assert summary[("right", "社会保障和就业支出")] == {"决算数": "469"}
    assert not check_text(text).findings


@pytest.mark.parametrize("blank", [False, True], ids=["lines", "blank-lines"])
def test_whole_amounts_one_cell_per_line_are_read_as_with_a_row_per_line(blank):
    # the last figures of a table are no page numbers, nor is a whole amount a code
    text = whole_amounts(CORRECT)
    cells = one_cell_per_line(text, blank)
    assert tables(cells) == tables(text)
    assert not check_text(cells).findings and not_checked(cells) == []
    planted = whole_amounts(PLANTED)
    assert findings(one_cell_per_line(planted, blank)) == findings(planted)


# -- what was not read is said -------------------------------------------------------------


def test_a_table_whose_figures_no_column_took_is_named_as_not_read():
    # the figure columns headed in words no template column has: the rows are read, their
    # figures not
    text = CORRECT.replace("科目编码  科目名称  合计  基本支出  项目支出", "科目编码  科目名称  甲栏  乙栏  丙栏")
    general = tables(text)["general"]
    assert general and not any(cells for _, _, _, cells, _ in general)
    assert not_checked(text) == ["未读到《一般公共预算财政拨款支出决算表》，其中数字未核对"]


def test_a_table_most_of_whose_rows_are_unsure_is_named_as_partly_read():
    # every 0.00 of the income table printed as nothing, one cell per line: the rows are
    # read, but which of their cells are blank nothing says
    text = one_cell_per_line(CORRECT, True)
    start, end = text.index("收入决算表\n"), text.index("\f支出决算表")
    text = text[:start] + text[start:end].replace("\n\n0.00\n", "\n") + text[end:]
    assert not_checked(text) == ["《收入决算表》部分数字未读到，未核对"]


def _table_part(text: str, title: str) -> tuple[int, int]:
    """Where a table is printed: from its title (the line above its unit) to the page's end."""
    start = re.search(f"(?<=\n|\f){title}\n+单位", text).start()
    return start, text.index("\f", start + 1)


def test_a_table_whose_header_names_no_column_is_not_read_but_kept_from_the_text():
    # the summary's columns headed in words no template column has: its cells cannot be
    # placed; its numbered labels are still the table's, not a numbered list of the text
    text = one_cell_per_line(CORRECT, True)
    start, end = _table_part(text, "收入支出决算总表")
    text = text[:start] + text[start:end].replace("\n决算数\n", "\n本期\n") + text[end:]
    assert not check_text(text).findings
    assert not_checked(text) == ["未读到《收入支出决算总表》，其中数字未核对"]


def column_by_column(text: str, title: str) -> str:
    """A 类/款/项 table's cells as a tool taking the page column by column writes them: all
    the codes, then all the labels, then each column's figures."""
    start, end = _table_part(text, title)
    lines = text[start:end].split("\n")
    first = next(n for n, line in enumerate(lines) if re.match(r"(?:\d{3,7}|合计)  ", line))
    last = max(n for n, line in enumerate(lines) if re.match(r"(?:\d{3,7}|合计)  ", line))
    rows = [re.split(r" {2,}", line) for line in lines[first:last + 1]]
    rows = [row if re.fullmatch(r"\d+", row[0]) else ["", *row] for row in rows]
    cells = [cell for column in zip(*rows) for cell in column if cell]
    body = "\n".join([*lines[:first], *cells, *lines[last + 1:]])
    return text[:start] + one_cell_per_line(body) + text[end:]


def test_cells_out_of_the_rows_order_are_not_read_as_rows():
    text = column_by_column(CORRECT, "一般公共预算财政拨款支出决算表")
    assert not check_text(text).findings
    assert not_checked(text) == ["未读到《一般公共预算财政拨款支出决算表》，其中数字未核对"]


def test_an_empty_table_is_no_table_not_read():
    # the 国有资本经营 table prints its header alone: nothing to read, nothing unread
    assert "国有资本" not in " ".join(not_checked(CORRECT))


# -- a real report's text --------------------------------------------------------------------


def cut_on_spaces(text: str, blank: bool = False) -> str:
    """A text whose tables are printed with single spaces, one cell per line: each table
    line cut at its spaces, a label spaced out letter by letter ("项 目") kept whole."""
    out, inside = [], False
    for line in text.split("\n"):
        plain = line.replace("\f", "").strip()
        title = re.search(r"[^。\s]*决算(?:总)?表$", plain)
        if title and not re.match(r"[一二三四五六七八九]、", plain) and spec_for_title(title.group()):
            inside = True
        elif inside and (plain.startswith(("注", "说明")) or "。" in plain):
            inside = False
        elif inside and " " in plain and not plain.startswith("单位"):
            out.extend(_cells_of(line))
            continue
        out.append(line)
    return ("\n\n" if blank else "\n").join(out)


def _cells_of(line: str) -> list[str]:
    cells: list[str] = []
    for word in filter(None, line.replace("\f", " \f").split(" ")):
        last = cells[-1].lstrip("\f").split(" ")[-1] if cells else ""
        if _one_cjk(word) and _one_cjk(last):
            cells[-1] += " " + word
        else:
            cells.append(word)
    return cells


def _one_cjk(word: str) -> bool:
    return len(word) == 1 and "\u3400" <= word <= "\u9fff"


@pytest.mark.parametrize("blank", [False, True], ids=["lines", "blank-lines"])
def test_a_real_report_one_cell_per_line_draws_the_same_findings(blank):
    if not ECOLOGY.exists():
        pytest.skip("the corpus is not in this checkout's workspace")
    text = ECOLOGY.read_text(encoding="utf-8")
    cells = cut_on_spaces(text, blank)
    assert cells.count("\n") > 2 * text.count("\n")          # the tables were cut
    assert findings(cells) == findings(text)
    assert not_checked(cells) == not_checked(text) == []


CORPUS_PDFS = sorted(ECOLOGY.parent.glob("*.pdf")) if ECOLOGY.parent.exists() else []


@pytest.mark.parametrize("pdf", CORPUS_PDFS, ids=[path.stem for path in CORPUS_PDFS])
def test_a_pdf_taken_block_by_block_draws_no_table_sum_from_cells_out_of_order(pdf):
    # pdftotext without -layout writes the tables' cells block by block, partly column by
    # column and with blank cells left out: what cannot be put back into rows is said to be
    # unread, never summed (the audits of these reports list no error of a table's sums)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    result = check_text(text)
    assert not [f for f in result.errors if f.rule[:2] in ("T1", "T2")]
    assert [m for m in messages_of(result) if m["type"] == "not-checked"]


# -- a property over the planted report's tables ---------------------------------------------


_ROW = re.compile(r"^(?:\d{3,7}  |[一二三四五六七八九十]+、|本年|使用|年[初末]|总计|合计|人员经费)[^\n]*\d\.\d\d$", re.M)
ROW_STARTS = [match.start() for match in _ROW.finditer(PLANTED[PLANTED.index("收入支出决算总表\n"):])]
OFFSET = PLANTED.index("收入支出决算总表\n")


@st.composite
def page_breaks(draw):
    """Some table rows each opening a new page, some with a page number before, some with
    the table's header line printed again on the new page."""
    chosen = draw(st.lists(st.sampled_from(ROW_STARTS), max_size=4, unique=True))
    return sorted((at, draw(st.sampled_from(["", "7\n", "- 12 -\n"])), draw(st.booleans())) for at in chosen)


def with_breaks(breaks) -> str:
    text = PLANTED
    for at, number, again in reversed(breaks):
        at += OFFSET
        text = text[:at] + number + "\f" + (_header_above(text, at) if again else "") + text[at:]
    return text


def _header_above(text: str, at: int) -> str:
    """The last line above ``at`` that prints the header's cells (apart, with no figure)."""
    for line in reversed(text[:at].split("\n")[:-1]):
        if "  " in line.strip() and not re.search(r"\d\.\d\d", line):
            return line.lstrip("\f") + "\n"
    return ""


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(breaks=page_breaks(), blank=st.booleans())
def test_tables_one_cell_per_line_draw_the_findings_of_rows_on_lines(breaks, blank):
    text = with_breaks(breaks)
    assert findings(one_cell_per_line(text, blank)) == findings(text)
