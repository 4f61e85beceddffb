"""Figures read in context: the cue before each figure and the role it gives."""
from decimal import Decimal

from juesuan.extract.mentions import find_mentions


def test_a_figure_that_opens_the_text_is_not_negative():
    mentions = find_mentions("80.50万元，比上年减少3.20万元。")
    assert [m.number.value for m in mentions] == [Decimal("80.50"), Decimal("3.20")]
    assert mentions[0].number.start == 0 and mentions[0].number.text == "80.50万元"


def test_the_same_words_before_two_figures_read_alike():
    text = "本年支出120.00万元，比上年增加5.00万元；本年收入130.00万元，比上年增加6.00万元。"
    mentions = find_mentions(text)
    assert [(m.role, m.sign, m.label) for m in mentions] == [
        ("amount", 0, "本年支出"), ("change", 1, ""), ("amount", 0, "本年收入"), ("change", 1, "")]
    # the cue starts after the clause break, at its place in the text, not the first one's
    assert text[mentions[3].cue_start:mentions[3].number.start] == "比上年增加"


def test_a_barrier_ends_the_cue():
    text = "一、收入决算情况收入合计100.00万元"
    barrier = text.index("收入合计")
    mentions = find_mentions(text, [barrier])
    assert mentions[0].cue == "收入合计" and mentions[0].cue_start == barrier


def test_a_minus_sign_belongs_to_the_figure_but_a_range_does_not():
    mentions = find_mentions("差异率-18.38%，2013-2023年平均增长3.5%")
    assert mentions[0].number.value == Decimal("-18.38")
    assert mentions[1].number.value == Decimal("3.5")


def test_figures_on_table_lines_are_left_out_as_line_of_tells():
    from juesuan.extract.build import _off_table_lines
    from juesuan.readers.flow import build_flow

    text = ("一、收入支出决算总体情况\n收入总计100.00万元，支出总计90.00万元。\n"
            "项目 金额\n本年收入 100.00万元\n本年支出 90.00万元\n比上年增加5.00万元。\n")
    flow = build_flow(text)
    mentions = find_mentions(flow.text)
    for table_lines in (frozenset({3, 4, 5}), frozenset({1, 2}), frozenset({6}), frozenset({99})):
        expected = [m for m in mentions if flow.line_of(m.number.start) not in table_lines]
        assert _off_table_lines(mentions, flow, table_lines) == expected


def test_a_figure_in_yuan_beside_figures_in_wan_yuan_marks_only_its_own_statement():
    from juesuan.extract.build import extract
    from juesuan.readers.flow import build_flow
    text = ("一、收入支出决算总体情况说明\n"
            "本年收入合计 544.54 万元，比上年增加 544.54 元。\n"
            "本年支出合计 544.54 万元，比上年增加 12.00 万元。\n")
    report = extract(build_flow(text))
    slips = {statement.label: statement.unit_slips for statement in report.statements}
    assert slips == {"本年收入合计": ("元",), "本年支出合计": ()}


def test_a_completion_rate_is_read_in_each_common_wording():
    for words in ("完成年初预算的", "为年初预算的", "占年初预算的", "达到年初预算的", "为全年预算的", "预算完成率为"):
        mentions = find_mentions(f"年初预算为 380.00 万元，支出决算为 342.60 万元，{words} 90.16%。")
        assert [m.role for m in mentions] == ["budget", "final", "completion"], words
    # a share of a whole that is no budget stays a share
    mentions = find_mentions("基本支出 300.00 万元，占本年支出合计的 60.00%。")
    assert mentions[-1].role == "share"
