"""The items of the explanation's lists in every form reports print them.

A detail list item (类/款/项 with its amount, budget and reason) is an item whether it
opens a line or follows the item before it after "。", whether it is numbered or not
(only the first of a 类 group numbered, the rest quoted), and whether its levels are
marked （类）（款）（项） or written "X类Y款Z项". A structure list names its 类 with or
without （类）, quoted or not. Each form: a planted wrong figure is found on its line,
and the consistent text gives no error.
"""
from __future__ import annotations

import re

import pytest

from juesuan import check_text

TABLE = ("一般公共预算财政拨款支出决算表\n单位：万元\n科目编码 科目名称 合计 基本支出 项目支出\n"
         "205 教育支出 500.00 300.00 200.00\n"
         "20501 教育管理事务 200.00 150.00 50.00\n"
         "2050101 行政运行 150.00 150.00 0.00\n"
         "2050102 一般行政管理事务 50.00 0.00 50.00\n"
         "20502 普通教育 300.00 150.00 150.00\n"
         "2050202 小学教育 300.00 150.00 150.00\n"
         "208 社会保障和就业支出 100.00 100.00 0.00\n"
         "20805 行政事业单位养老支出 100.00 100.00 0.00\n"
         "2080505 机关事业单位基本养老保险缴费支出 100.00 100.00 0.00\n"
         "合计 600.00 400.00 200.00\n"
         "注：本表反映一般公共预算财政拨款支出情况。\n")

HEAD = ("第三部分 情况说明\n五、一般公共预算财政拨款支出决算情况说明\n"
        "（一）一般公共预算财政拨款支出决算总体情况\n一般公共预算财政拨款支出 600.00 万元。\n")
STRUCTURE = "（二）一般公共预算财政拨款支出决算结构情况\n"
DETAIL = "（三）一般公共预算财政拨款支出决算具体情况\n"

# The detail list's four items, each with its figures; the forms below print them.
ITEMS = [(("教育支出", "教育管理事务", "行政运行"), "年初预算为 140.00 万元，支出决算为 150.00 万元，"
          "决算数大于预算数的主要原因是新进教师增加"),
         (("教育支出", "教育管理事务", "一般行政管理事务"), "年初预算为 60.00 万元，支出决算为 50.00 万元，"
          "决算数小于预算数的主要原因是会议从简"),
         (("教育支出", "普通教育", "小学教育"), "年初预算为 300.00 万元，支出决算为 300.00 万元，与预算持平"),
         (("社会保障和就业支出", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出"),
          "年初预算为 90.00 万元，支出决算为 100.00 万元，决算数大于预算数的主要原因是缴费基数调整")]


def _marked(names) -> str:
    return "".join(f"{name}（{level}）" for name, level in zip(names, "类款项"))


def _bare(names, between: str = "") -> str:
    return between.join(f"{name}{level}" for name, level in zip(names, "类款项"))


def _numbered_lines() -> str:
    return "".join(f"{n}.{_marked(names)}，{body}。\n" for n, (names, body) in enumerate(ITEMS, 1))


def _numbered_in_brackets() -> str:
    return "".join(f"（{n}）{_marked(names)}，{body}。\n" for n, (names, body) in enumerate(ITEMS, 1))


def _run_on() -> str:
    """Each item after the one before on the same line, after its "。"."""
    return "".join(f"{n}.{_marked(names)}，{body}。" for n, (names, body) in enumerate(ITEMS, 1)) + "\n"


def _first_of_group_numbered() -> str:
    """Only the first item of a 类 numbered, the others quoted."""
    out, number, last = [], 0, None
    for names, body in ITEMS:
        if names[0] != last:
            number += 1
            out.append(f"{number}.{_marked(names)}，{body}。\n")
        else:
            out.append(f"“{_marked(names)}”，{body}。\n")
        last = names[0]
    return "".join(out)


def _quoted_run_on() -> str:
    """The items quoted, each numbered inside its quotes, run on after "。"."""
    return "".join(f"“{n}.{_marked(names)}”{body}。" for n, (names, body) in enumerate(ITEMS, 1)) + "\n"


def _bare_levels() -> str:
    """The levels written "X类Y款Z项", without brackets."""
    return "".join(f"{n}.{_bare(names)}，{body}。\n" for n, (names, body) in enumerate(ITEMS, 1))


def _dashed_levels() -> str:
    """The levels written "X类-Y款-Z项"."""
    return "".join(f"{n}.{_bare(names, '-')}，{body}。\n" for n, (names, body) in enumerate(ITEMS, 1))


DETAIL_FORMS = {"numbered": _numbered_lines, "numbered-in-brackets": _numbered_in_brackets, "run-on": _run_on, "first-of-group": _first_of_group_numbered,
                "quoted-run-on": _quoted_run_on, "bare-levels": _bare_levels,
                "dashed-levels": _dashed_levels}


def _errors(text: str) -> list:
    return check_text(text).errors


def _line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("form", DETAIL_FORMS)
def test_every_item_of_a_detail_list_is_read_as_an_item(form):
    text = TABLE + HEAD + DETAIL + DETAIL_FORMS[form]()
    report = check_text(text).report
    assert [line.names for line in report.lines] == [names for names, _ in ITEMS]
    assert [line.value.text.split()[0] for line in report.lines] == ["150.00", "50.00", "300.00", "100.00"]
    assert [line.budget.text.split()[0] for line in report.lines] == ["140.00", "60.00", "300.00", "90.00"]
    assert _errors(text) == []


@pytest.mark.parametrize("form", DETAIL_FORMS)
def test_a_wrong_amount_in_a_detail_list_is_found_on_its_line(form):
    wrong = (TABLE + HEAD + DETAIL + DETAIL_FORMS[form]()).replace("支出决算为 50.00 万元", "支出决算为 55.00 万元")
    found = [(f.rule, f.stated.split()[0], f.expected.split()[0] if f.expected else None, f.location.line)
             for f in _errors(wrong) if f.rule == "T301"]
    assert found == [("T301", "55.00", "50.00", _line_of(wrong, "55.00"))]


@pytest.mark.parametrize("form", DETAIL_FORMS)
def test_without_the_table_the_list_still_adds_up_to_the_total(form):
    text = HEAD + DETAIL + DETAIL_FORMS[form]()
    assert _errors(text) == []
    wrong = text.replace("支出决算为 50.00 万元", "支出决算为 55.00 万元")
    assert [f.rule for f in _errors(wrong)] == ["C102"]


# --- the structure list ---------------------------------------------------------------------

STRUCTURE_FORMS = {
    "marked": "主要用于以下方面：教育支出（类）500.00 万元，占 83.33%；社会保障和就业支出（类）100.00 万元，占 16.67%。\n",
    "quoted-marked": "主要用于以下方面：“教育支出（类）”500.00 万元，占 83.33%；“社会保障和就业支出（类）”100.00 万元，占 16.67%。\n",
    "quoted": "主要用于以下方面：“教育支出”500.00 万元，占 83.33%；“社会保障和就业支出”100.00 万元，占 16.67%。\n",
    "plain": "主要用于以下方面：教育支出 500.00 万元，占 83.33%；社会保障和就业支出 100.00 万元，占 16.67%。\n",
    "numbered-plain": "1.教育支出 500.00 万元，占 83.33%。\n2.社会保障和就业支出 100.00 万元，占 16.67%。\n",
    "numbered-in-brackets": "（1）教育支出 500.00 万元，占 83.33%。\n（2）社会保障和就业支出 100.00 万元，占 16.67%。\n",
    "numbered-run-on": "1.教育支出（类）500.00 万元，占 83.33%。2.社会保障和就业支出（类）100.00 万元，占 16.67%。\n",
    "numbered-plain-run-on": "1.教育支出 500.00 万元，占 83.33%；2.社会保障和就业支出 100.00 万元，占 16.67%。\n",
}


@pytest.mark.parametrize("form", STRUCTURE_FORMS)
def test_each_class_of_a_structure_list_is_read_and_checked(form):
    text = TABLE + HEAD + STRUCTURE + STRUCTURE_FORMS[form]
    report = check_text(text).report
    assert [(line.names[0], line.role) for line in report.lines] == [("教育支出", "category"),
                                                                    ("社会保障和就业支出", "category")]
    assert _errors(text) == []
    wrong = text.replace("500.00 万元", "520.00 万元")
    found = sorted((f.rule, f.stated.split()[0], f.location.line) for f in _errors(wrong))
    assert ("T301", "520.00", _line_of(wrong, "520.00")) in found
    # the list names every 类 of the table: its sum is the total's
    assert [rule for rule, *_ in found].count("C102") == 1


def test_a_structure_list_that_leaves_a_class_out_is_checked_class_by_class():
    text = TABLE + HEAD + STRUCTURE + "主要用于以下方面：“教育支出”500.00 万元，占 83.33%。\n"
    assert _errors(text) == []
    wrong = text.replace("500.00 万元", "520.00 万元")
    # its share of the total disagrees too (P101); no sum is checked
    assert sorted(f.rule for f in _errors(wrong)) == ["P101", "T301"]


def test_a_sentence_naming_a_class_is_no_structure_list():
    # "教育支出" names a 类, but "增加" makes the figure a change, not the 类's amount.
    text = TABLE + HEAD + STRUCTURE + "主要用于以下方面：教育支出（类）500.00 万元，占 83.33%；社会保障和就业支出（类）100.00 万元，占 16.67%。\n" \
        + "一般公共预算财政拨款支出 600.00 万元，比上年增加 20.00 万元。\n"
    assert _errors(text) == []


# --- an item headed with its amount -----------------------------------------------------------

_BODY = re.compile(r"(（项）”?|项)，?(年初预算为 [\d.]+ 万元，支出决算为 ([\d.]+) 万元)")


def _headed(text: str) -> str:
    """Each item headed with its amount, said again as its 支出决算."""
    return _BODY.sub(r"\g<1>\g<3> 万元。\g<2>", text)


def _amounts(text: str, heading: str, body: str) -> str:
    return text.replace("50.00 万元。年初预算为 60.00 万元，支出决算为 50.00 万元",
                        f"{heading} 万元。年初预算为 60.00 万元，支出决算为 {body} 万元")


def _found(text: str) -> list[tuple]:
    """The findings on the item; a wrong heading amount also makes the list's sum disagree
    with the total (C102), which the list's tests check."""
    return sorted((f.rule, f.stated.split()[0], f.expected.split()[0] if f.expected else None, f.location.line)
                  for f in _errors(text) if f.rule != "C102")


@pytest.mark.parametrize("form", DETAIL_FORMS)
def test_each_amount_of_a_headed_item_is_checked_against_its_row(form):
    text = TABLE + HEAD + DETAIL + _headed(DETAIL_FORMS[form]())
    assert text.count("50.00 万元。年初预算为 60.00 万元，支出决算为 50.00 万元") == 1
    assert _errors(text) == []
    # the heading wrong: the table says which
    wrong = _amounts(text, "55.00", "50.00")
    assert _found(wrong) == [("T301", "55.00", "50.00", _line_of(wrong, "55.00"))]
    # the body wrong
    wrong = _amounts(text, "50.00", "55.00")
    assert _found(wrong) == [("R102", "55.00", "50.00", _line_of(wrong, "55.00"))]
    # both wrong, each its own way: each is found, with the table's figure
    wrong = _amounts(text, "55.00", "56.00")
    assert _found(wrong) == [("R102", "56.00", "50.00", _line_of(wrong, "56.00")),
                             ("T301", "55.00", "50.00", _line_of(wrong, "55.00"))]


def _with_structure(detail: str) -> str:
    # all three subsections, so that their own numbering has no gap
    return TABLE + HEAD + STRUCTURE + STRUCTURE_FORMS["marked"] + DETAIL + detail


def test_items_numbered_in_brackets_are_numbered_once():
    text = _with_structure(_numbered_in_brackets())
    assert not [f for f in check_text(text).findings if f.rule.startswith("N1")]
    gap = text.replace("（3）", "（5）").replace("（4）", "（6）")
    assert [f.rule for f in check_text(gap).findings if f.rule.startswith("N1")] == ["N103"]


def test_unnumbered_items_take_no_part_in_the_numbering():
    text = _with_structure(_first_of_group_numbered())
    assert not [f for f in check_text(text).findings if f.rule.startswith("N1")]


@pytest.mark.parametrize("sentence", ["“教育支出（类）普通教育（款）小学教育（项）”相应减少。",
                                      "“教育支出（类）教育管理事务（款）行政运行（项）”另有追加 10.00 万元。",
                                      "“教育支出（类）普通教育（款）小学教育（项）”调增 20.00 万元。"])
def test_a_reason_that_quotes_a_line_opens_no_item(sentence):
    # a line named without a figure, the item it is in named again, a later item named
    text = TABLE + HEAD + DETAIL + _numbered_lines().replace("新进教师增加。", "新进教师增加。" + sentence, 1)
    assert sentence in text
    assert [line.names for line in check_text(text).report.lines] == [names for names, _ in ITEMS]
    assert _errors(text) == []


@pytest.mark.parametrize("form", ["numbered-plain", "numbered-in-brackets"])
def test_a_numbered_structure_list_is_numbered_once(form):
    text = TABLE + HEAD + STRUCTURE + STRUCTURE_FORMS[form]
    assert [line.number for line in check_text(text).report.lines] == [1, 2]
    gap = text.replace("2.社会", "3.社会").replace("（2）社会", "（3）社会")
    assert [f.rule for f in check_text(gap).findings if f.rule.startswith("N1")] == ["N103"]


# --- an item headed as a subsection -------------------------------------------------------------

SUBSECTIONS = ("第三部分 情况说明\n五、一般公共预算财政拨款支出决算情况说明\n"
               "（一）教育支出 500.00 万元\n年初预算为 480.00 万元，支出决算为 500.00 万元，主要用于学校运转。\n"
               "（二）社会保障和就业支出 100.00 万元\n年初预算为 90.00 万元，支出决算为 100.00 万元，主要用于养老保险缴费。\n")


def _subsection_amounts(heading: str, body: str) -> str:
    return TABLE + SUBSECTIONS.replace("（一）教育支出 500.00", f"（一）教育支出 {heading}").replace(
        "支出决算为 500.00", f"支出决算为 {body}")


def test_a_subsection_headed_with_a_class_and_its_amount_is_checked_against_its_row():
    assert _errors(_subsection_amounts("500.00", "500.00")) == []
    wrong = _subsection_amounts("510.00", "500.00")
    assert _found(wrong) == [("R102", "510.00", "500.00", _line_of(wrong, "510.00"))]
    wrong = _subsection_amounts("500.00", "510.00")
    assert _found(wrong) == [("R102", "510.00", "500.00", _line_of(wrong, "510.00"))]
    wrong = _subsection_amounts("510.00", "520.00")
    assert _found(wrong) == [("R102", "510.00", "500.00", _line_of(wrong, "510.00")),
                             ("R102", "520.00", "500.00", _line_of(wrong, "520.00"))]
    # without the table the two disagree, and which is right is not told
    alone = (SUBSECTIONS.replace("（一）教育支出 500.00", "（一）教育支出 510.00"))
    assert [(f.rule, f.stated.split()[0], f.expected) for f in _errors(alone)] == [("R102", "500.00", None)]


@pytest.mark.parametrize("sentence", [
    "教育支出（类）普通教育（款）小学教育（项）等科目合计支出 350.00 万元。",
    "“教育支出（类）普通教育（款）小学教育（项）”和“教育支出（类）教育管理事务（款）行政运行（项）”共支出 450.00 万元。"])
def test_names_listed_in_a_sentence_open_no_item(sentence):
    # the list leaves 小学教育 out: the sentence's sum is no amount of that line
    listed = [item for item in ITEMS if item[0][2] != "小学教育"]
    lines = "".join(f"{n}.{_marked(names)}，{body}。\n" for n, (names, body) in enumerate(listed, 1))
    text = TABLE + HEAD + DETAIL + sentence + "\n" + lines
    assert [line.names for line in check_text(text).report.lines] == [names for names, _ in listed]
    assert _errors(text) == []


def test_items_open_after_a_semicolon_but_not_after_a_comma():
    # an item runs on after "；" as after "。"; names after a comma are part of a clause
    run_on = "".join(f"{n}.{_marked(names)}，{body}；" for n, (names, body) in enumerate(ITEMS, 1)) + "\n"
    aside = run_on.replace("会议从简；", "会议从简，与“教育支出（类）普通教育（款）小学教育（项）”统筹安排；", 1)
    for text in (TABLE + HEAD + DETAIL + run_on, TABLE + HEAD + DETAIL + aside):
        assert [line.names for line in check_text(text).report.lines] == [names for names, _ in ITEMS]
        assert _errors(text) == []


@pytest.mark.parametrize("written, names", [
    ("一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）",
     ("一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行")),
    ("教育支出（类）：普通教育（款） 小学教育（项）", ("教育支出", "普通教育", "小学教育")),
    ("教育支出(类)普通教育(款)小学教育(项)", ("教育支出", "普通教育", "小学教育")),
    ("教育支出（类）普通教育（款）", ("教育支出", "普通教育", None))])
def test_the_names_of_an_item_are_read_however_the_marks_and_names_are_printed(written, names):
    text = HEAD + DETAIL + f"1.{written}，年初预算为 300.00 万元，支出决算为 300.00 万元。\n"
    assert [line.names for line in check_text(text).report.lines] == [names]


def test_three_marked_names_read_as_the_pattern_that_may_back_into_a_name_reads_them():
    import re

    from juesuan.extract import lines

    backing = re.compile(lines._THREE_NAMES.pattern.replace("{1,40}+", "{1,40}"))
    assert backing.pattern != lines._THREE_NAMES.pattern
    text = ("1.教育支出（类）普通教育（款）小学教育（项）：支出 2.00 万元；2.教育支出（类）普通教育（款）"
            "80.00 万元；科学技术支出(类)基础研究(款)机构运行(项)，“公共安全类支出（类）公安（款）”（项）")
    for position in range(len(text)):
        for limit in (position + 20, position + 120):
            ours, theirs = lines._THREE_NAMES.match(text, position, limit), backing.match(text, position, limit)
            assert (ours and (ours.span(), ours.groups())) == (theirs and (theirs.span(), theirs.groups()))
