"""Row labels that wrap in tables printed as text.

Text taken from a PDF prints a label longer than its cell on two lines, the figures on
one of them or on a line of their own between: "四、上级" / "补助收入 0.00 …" (the end
with the figures), "四、上级 0.00 …" / "补助收入" (the beginning with the figures), or
"四、上级" / "0.00 …" / "补助收入". The label is read whole where the rows' numbering,
codes and names say where a piece belongs; a wrapped label never costs a correct report
a false error. A property test wraps the labels of the project's correct report in every
form; small tables show each form with the label it is read as.
"""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from juesuan import check_text
from juesuan.tables.recognize import recognize
from juesuan.tables.text_tables import find_tables

from tests.conftest import SHARED

REPORT = Path(__file__).parent / "data" / "report-with-tables.txt"
ECOLOGY = SHARED / "corpus" / "shanghai-putuo-ecology-2025.txt"

_NUMBERING = re.compile(r"[（(]?[一二三四五六七八九十]+[)）、]")
_FIGURE = re.compile(r"-?[\d,]+(?:\.\d+)?|-")
_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}|\d{2}")


# -- wrapping a label -----------------------------------------------------------------------


def _labels(line: str) -> list[tuple[int, int]]:
    """(start, end) of each label of a table line that has figures after it: a word that
    is neither a code nor a figure, and is followed by a figure."""
    words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", line)]
    out = []
    for n, (start, end, word) in enumerate(words[:-1]):
        if not _FIGURE.fullmatch(word) and not _CODE.fullmatch(word) and _FIGURE.fullmatch(words[n + 1][2]):
            out.append((start, end))
    return out


def _wrap(line: str, side: int, form: str, keep: int) -> list[str] | None:
    """The line with one of its labels wrapped after ``keep`` characters (past its
    numbering), in form a, b or c; None when the label is too short to wrap there."""
    labels = _labels(line)
    if side >= len(labels):
        return None
    start, end = labels[side]
    label = line[start:end]
    numbering = _NUMBERING.match(label)
    cut = (numbering.end() if numbering else 0) + keep
    if cut >= len(label):
        return None
    before, head, tail, after = line[:start], label[:cut], label[cut:], line[end:]
    if form == "a":
        return [before + head, tail + after]
    if form == "b":
        return [before + head + after, tail]
    return [before + head, after.strip(), tail]


def _row_lines(text: str) -> list[int]:
    """The 0-based lines of the tables' rows that print a label with figures."""
    lines = text.split("\n")
    out = set()
    for raw in find_tables(text):
        numbers = raw.row_lines or range(raw.line, raw.line + len(raw.rows))
        out.update(number - 1 for number in numbers if _labels(lines[number - 1]))
    return sorted(out)


@st.composite
def _wraps(draw, candidates: list[int]):
    chosen = draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=10, unique=True))
    return {line: (draw(st.integers(0, 1)), draw(st.sampled_from("abc")), draw(st.integers(1, 6))) for line in chosen}


def _wrapped(text: str, wraps: dict[int, tuple[int, str, int]]) -> str:
    out = []
    for n, line in enumerate(text.split("\n")):
        pieces = _wrap(line, *wraps[n]) if n in wraps else None
        out.extend(pieces or [line])
    return "\n".join(out)


def _errors(text: str) -> list[tuple[str, str, str]]:
    return sorted((f.rule, re.sub(r"\s", "", f.stated or ""), re.sub(r"\s", "", f.expected or ""))
                  for f in check_text(text).findings if f.severity == "error")


_CORRECT = REPORT.read_text(encoding="utf-8")
_CORRECT_ROWS = _row_lines(_CORRECT)


def test_the_correct_report_has_wrappable_rows_in_every_table():
    assert _errors(_CORRECT) == []
    assert len(_CORRECT_ROWS) > 100
    assert _wrap("四、上级补助收入  0.00  十九、住房保障支出  168.90", 0, "a", 2) == \
        ["四、上级", "补助收入  0.00  十九、住房保障支出  168.90"]
    assert _wrap("30239  其他交通费用  24.80", 0, "c", 2) == ["30239  其他", "24.80", "交通费用"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_wraps(_CORRECT_ROWS))
def test_wrapped_labels_cost_the_correct_report_no_error(wraps):
    text = _wrapped(_CORRECT, wraps)
    note(repr({n + 1: w for n, w in wraps.items()}))
    assert _errors(text) == []


@pytest.mark.skipif(not ECOLOGY.exists(), reason="the corpus is not in this workspace")
def test_wrapped_labels_leave_a_real_reports_errors_as_they_are():
    text = ECOLOGY.read_text(encoding="utf-8")
    rows = _row_lines(text)
    expected = _errors(text)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_wraps(rows))
    def check(wraps):
        note(repr({n + 1: w for n, w in wraps.items()}))
        assert _errors(_wrapped(text, wraps)) == expected

    check()


# -- each form, and the label read --------------------------------------------------------


def _one(text: str, key: str):
    raws = find_tables(text)
    assert len(raws) == 1, [raw.title for raw in raws]
    table = recognize(raws[0])
    assert table is not None and table.spec.key == key
    return table


def _rows(table, side: str | None = None) -> list[tuple[str, dict[str, Decimal]]]:
    return [(row.label, {k: n.value for k, n in row.cells.items()}) for row in table.rows
            if side is None or row.side == side]


_SUMMARY = "收入支出决算总表\n单位：万元\n项目  决算数  项目  决算数\n"
_BASIC = "一般公共预算财政拨款基本支出决算表\n单位：万元\n科目编码  科目名称  决算数  科目编码  科目名称  决算数\n"


def _d(value: str) -> dict[str, Decimal]:
    return {"决算数": Decimal(value)}


def test_left_label_with_its_end_and_figures_below():                      # form a
    table = _one(_SUMMARY + "一、一般公共预算财政拨款收入  80.00  二、外交支出  70.00\n"
                 "四、上级\n补助收入  20.00  五、教育支出  30.00\n"
                 "本\n年收入合计  100.00  本年支出合计  100.00\n", "summary")
    assert _rows(table, "left") == [("一般公共预算财政拨款收入", _d("80.00")), ("上级补助收入", _d("20.00")),
                                    ("本年收入合计", _d("100.00"))]
    assert _rows(table, "right") == [("外交支出", _d("70.00")), ("教育支出", _d("30.00")),
                                     ("本年支出合计", _d("100.00"))]


def test_left_label_with_its_beginning_and_figures_above():                # form b
    table = _one(_SUMMARY + "一、一般公共预算财政拨款收入  100.00  二、外交支出  100.00\n"
                 "本年  100.00  本年支出合计  100.00\n收入合计\n"
                 "年初结转  5.00  年末结转和结余  5.00\n和结余\n"
                 "总计  105.00  总计  105.00\n", "summary")
    assert [label for label, _ in _rows(table, "left")] == ["一般公共预算财政拨款收入", "本年收入合计",
                                                          "年初结转和结余", "总计"]
    assert [label for label, _ in _rows(table, "right")] == ["外交支出", "本年支出合计", "年末结转和结余", "总计"]
    assert check_text(_SUMMARY + "一、一般公共预算财政拨款收入  100.00  二、外交支出  100.00\n"
                      "本年  100.00  本年支出合计  100.00\n收入合计\n"
                      "年初结转  5.00  年末结转和结余  5.00\n和结余\n"
                      "总计  105.00  总计  105.00\n").findings == []


def test_label_with_its_figures_on_a_line_between_its_pieces():            # form c
    table = _one(_SUMMARY + "一、一般公共预算财政拨款收入  90.00  五、教育支出  70.00\n"
                 "八、其他\n10.00\n收入\n"
                 "九、卫\n30.00\n生健康支出\n"                                      # the right half alone
                 "本年收入合计  100.00  本年支出合计  100.00\n", "summary")
    assert _rows(table, "left") == [("一般公共预算财政拨款收入", _d("90.00")), ("其他收入", _d("10.00")),
                                    ("本年收入合计", _d("100.00"))]
    assert _rows(table, "right") == [("教育支出", _d("70.00")), ("卫生健康支出", _d("30.00")),
                                     ("本年支出合计", _d("100.00"))]
    basic = _one(_BASIC + "301  工资福利支出  60.00  302  商品和服务支出  25.00\n"
                 "30101  基本工资  60.00  30201  办公费  20.00\n"
                 "30299  其他商\n5.00\n品和服务支出\n", "basic")
    assert basic.row(code="30299").label == "其他商品和服务支出"
    assert basic.row(code="30299").cells["决算数"].value == Decimal("5.00")


def test_right_half_alone_after_the_left_half_ended():
    table = _one(_SUMMARY + "一、一般公共预算财政拨款收入  100.00  八、社会保障和就业支出  50.00\n"
                 "九、卫\n生健康支出  30.00\n"                                          # form a
                 "十、节能环保 20.00\n支出\n"                                           # form b
                 "本年收入合计  100.00  本年支出合计  100.00\n", "summary")
    assert _rows(table, "right") == [("社会保障和就业支出", _d("50.00")), ("卫生健康支出", _d("30.00")),
                                     ("节能环保支出", _d("20.00")), ("本年支出合计", _d("100.00"))]
    assert [label for label, _ in _rows(table, "left")] == ["一般公共预算财政拨款收入", "本年收入合计"]


_FISCAL_WRAPPED = ("财政拨款收入支出决算总表\n单位：万元\n"
                   "项目  决算数  项目  合计  一般公共预算财政拨款  政府性基金预算财政拨款  国有资本经营预算财政拨款\n"
                   "一、一般公共预算财政拨款  100.00  十八、自然资源海洋气象等支出  60.00  60.00  0.00  0.00\n"
                   "十九、\n住房保障支出  40.00  40.00  0.00  0.00\n"
                   "本年收入合计  100.00  本年支出合计  100.00  100.00  0.00  0.00\n")


def test_numbered_label_that_wraps_after_its_number_follows_its_halfs_numbering():
    table = _one(_FISCAL_WRAPPED, "fiscal")
    assert ["", "", "十九、住房保障支出", "40.00", "40.00", "0.00", "0.00"] in find_tables(_FISCAL_WRAPPED)[0].rows
    assert ("住房保障支出", {"合计": Decimal("40.00"), "一般公共预算财政拨款": Decimal("40.00"),
                       "政府性基金预算财政拨款": Decimal("0"), "国有资本经营预算财政拨款": Decimal("0")}) \
        in _rows(table, "right")
    assert [label for label, _ in _rows(table, "left")] == ["一般公共预算财政拨款", "本年收入合计"]


def test_coded_row_of_the_right_half_alone_with_its_name_wrapped():
    table = _one(_BASIC + "301  工资福利支出  60.00  302  商品和服务支出  25.00\n"
                 "30101  基本工资  60.00  30201  办公费  20.00\n"
                 "30239  其他\n交通费用  5.00\n"
                 "人员经费\n合计  60.00  公用经费合计  25.00\n", "basic")
    right = {(row.code, row.label): row.cells["决算数"].value for row in table.rows if row.side == "right"}
    assert right[("30239", "其他交通费用")] == Decimal("5.00")
    assert [(row.label, row.cells["决算数"].value) for row in table.rows if row.side == "left" and not row.code] == \
        [("人员经费合计", Decimal("60.00"))]


def test_both_labels_of_a_line_wrapped_at_once():
    table = _one(_SUMMARY + "四、上级补助  100.00  十九、住房保障  100.00\n收入 支出\n"    # ends below
                 "本年收入  本年支出\n100.00  100.00\n合计 合计\n", "summary")          # figures between
    assert _rows(table, "left") == [("上级补助收入", _d("100.00")), ("本年收入合计", _d("100.00"))]
    assert _rows(table, "right") == [("住房保障支出", _d("100.00")), ("本年支出合计", _d("100.00"))]
    coded = _one("一般公共预算财政拨款基本支出决算表\n单位：万元\n科目编码 科目名称 决算数 科目编码 科目名称 决算数\n"
                 "类 款 类 款\n303 对个人和家庭的补助 7.00 302 商品和服务支出 4.00\n"
                 "其他对个人和家 其他商品和服务\n303 99 7.00 302 99 4.00\n庭的补助 支出\n", "basic")
    assert {(row.code, row.label) for row in coded.rows if row.code in ("30399", "30299")} == \
        {("30399", "其他对个人和家庭的补助"), ("30299", "其他商品和服务支出")}


def test_classified_row_wrapped_with_its_beginning_and_figures_above():
    table = _one("一般公共预算财政拨款支出决算表\n单位：万元\n科目编码  科目名称  合计  基本支出  项目支出\n"
                 "205  教育支出  30.00  10.00  20.00\n20502  普通教育  30.00  10.00  20.00\n"
                 "2050299  其他普通  30.00  10.00  20.00\n教育支出\n", "general")
    assert table.row(code="2050299").label == "其他普通教育支出"


def test_wrapped_total_in_a_table_laid_out_by_position():
    text = ("收入支出决算总表\n                                                    单位：万元\n"
            "              收入                              支出\n"
            "       项目              决算数           项目              决算数\n"
            "一、一般公共预算财政拨款收入    90.00   一、一般公共服务支出        60.00\n"
            "四、上级\n补助收入                        10.00   五、教育支出              40.00\n"
            "本\n年收入合计                     100.00   本年支出合计             100.00\n"
            "年初结转                         5.00   年末结转和结余             5.00\n和结余\n"
            "总计                           105.00   总计                     105.00\n")
    table = _one(text, "summary")
    assert [label for label, _ in _rows(table, "left")] == ["一般公共预算财政拨款收入", "上级补助收入", "本年收入合计",
                                                          "年初结转和结余", "总计"]
    assert [f for f in check_text(text).findings if f.severity == "error"] == []
