"""Reasons and purposes: where the explanation of a figure opens and ends."""
from juesuan.extract import grammar as g
from juesuan.extract import scan
from juesuan.extract.build import _reasons
from juesuan.model.flow import Flow
from juesuan.readers.flow import build_flow

_TEXT = ("基本支出80.00万元，主要用于人员工资；使用费用20.00万元，主要原因是：项目减少。"
         "适用于全年，作用于下年。比上年减少3.00万元，主要是由于会议压缩；原因为：用于培训。")


def test_explanations_are_the_matches_of_the_pattern():
    found = list(scan.finditer(g.EXPLANATION, _TEXT))
    assert [m.span() for m in found] == [m.span() for m in g.EXPLANATION.finditer(_TEXT)]
    assert [m.lastgroup for m in found] == ["purpose", "reason", "reason", "reason", "purpose"]


def test_explanations_are_sought_from_their_opening_strings():
    # fewer places than every 主, 用 or 原, and each match opens with one of them
    openings = scan.opening_strings(g.EXPLANATION)
    assert openings and all(len(opening) >= 2 for opening in openings)
    for match in g.EXPLANATION.finditer(_TEXT):
        assert match.group().startswith(tuple(openings))


def test_a_reason_runs_to_its_sentence_end_and_a_purpose_to_the_next_figure():
    text = "公务接待费10.00万元，主要用于接待来访，年初预算为12.00万元。原因是：压缩开支。"
    spans = _reasons(Flow(text), [], [])
    purpose = text.index("主要用于")
    assert spans[0] == (purpose, text.index("，年初预算"))
    reason = text.index("原因是")
    assert spans[1] == (reason, text.index("。", reason))


def test_a_reason_ends_at_a_full_stop_or_a_semicolon_that_no_item_follows():
    text = "原因是：一是会议减少；二是培训压缩；2、差旅减少;另有结余。完"
    ends = [m.start() for m in g.REASON_END.finditer(text)]
    assert ends == [text.index(";"), text.index("。")]
    assert [m.start() for m in g.REASON_END.finditer("增加；其他。")] == [2, 5]


_WRAPPED = ("差旅费5.00万元，比上年减少1.00万元，主要原因是出差次数\n"
            "减少，会议\n"
            "培训费2.00万元，主要用于年度业务培训和干部轮训支出！\n"
            "其他说明如下所述，全部用于日常办公支出和后勤保障等方\n"
            "面的开支，以及零星支出\n")


def test_a_reason_ends_at_the_end_of_its_paragraph():
    # a line well short of the others ends a paragraph, and so does one ending a sentence
    flow = build_flow(_WRAPPED)
    short_line = flow.starts[2]
    assert _reasons(flow, [], [])[0] == (flow.text.index("原因是"), short_line)


def test_the_paragraph_end_after_an_offset_is_the_first_of_the_paragraph_ends():
    flow = build_flow(_WRAPPED)
    ends = flow.paragraph_ends()
    assert ends == [flow.starts[2], flow.starts[3], len(flow.text)]
    for offset in range(len(flow.text)):
        for limit in {min(offset + 3, len(flow.text)), min(offset + 40, len(flow.text)), len(flow.text)}:
            following = [end for end in ends if end > offset]
            assert flow.paragraph_end_after(offset, limit) == min(following[0], limit)
