"""The scan by opening characters gives exactly the matches of ``Pattern.finditer``."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from juesuan.extract import grammar as g
from juesuan.extract.scan import finditer, first_characters, one_character_opening, opening_strings

_TEXT = ("一、收入支出决算总体情况说明\n本年收入 120.00 万元，主要原因是人员增加；主要用于日常运转，"
         "适用于全部单位。原因：项目结转。增加（减少）10%，下降（增长）5.00%。减增加 3 万元。")

PATTERNS = [g.REASON, g.PURPOSE, g.FIGURE, g.LEVEL_MARK, g.SECTION_HEADING,
            re.compile(r"(?<![增减])[减增降](?:增加|减少)"), re.compile(r"^本年", re.M),
            re.compile(r"原因(?:是|：)?"), re.compile(r"x?"), re.compile(r"(?i)abc"),
            re.compile(r"[^，]+"), re.compile(r"\d+"), re.compile(r"(?:主要)?用于"),
            re.compile(r"主要(?:用于|是)|(?<=因)是|原因"), re.compile(r"增加(?:（减少）)?|减少")]


def _spans(matches):
    return [(m.span(), m.groups()) for m in matches]


def test_the_same_matches_as_finditer():
    for pattern in PATTERNS:
        for pos, endpos in ((0, None), (5, 40), (20, len(_TEXT)), (0, 3)):
            assert _spans(finditer(pattern, _TEXT, pos, endpos)) == \
                _spans(pattern.finditer(_TEXT, pos, endpos if endpos is not None else len(_TEXT))), pattern


def test_the_opening_strings_read_from_the_pattern():
    assert opening_strings(g.REASON) == frozenset({"原因", "主要是由于"})
    assert opening_strings(g.PURPOSE) == frozenset({"主要用于", "用于"})
    assert opening_strings(re.compile(r"主要(?:用于|是)|(?<=因)是|原因")) == frozenset({"主要用于", "主要是", "是", "原因"})
    # an opening that may be left out, or a class: the characters tell, if anything
    assert opening_strings(re.compile(r"(?:主要)?用于")) is None
    assert opening_strings(re.compile(r"[主用]于")) is None


def test_the_opening_characters_read_from_the_pattern():
    assert first_characters(g.REASON) == frozenset("原主")
    assert first_characters(g.PURPOSE) == frozenset("主用")
    # may match nothing, opens with any digit of any script, ignores case: not told
    assert first_characters(re.compile(r"x?")) is None
    assert first_characters(re.compile(r"\d+")) is None
    assert first_characters(re.compile(r"(?i)abc")) is None
    assert first_characters(re.compile(r"[^，]+")) is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="原因是主要用于适作增减加少（）()，。0123 \n", max_size=80),
       st.integers(0, 10), st.integers(0, 90))
def test_any_text(text, pos, endpos):
    for pattern in PATTERNS:
        assert _spans(finditer(pattern, text, pos, endpos)) == _spans(pattern.finditer(text, pos, endpos))



@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="（(类款项）)教育 ", max_size=40), st.integers(0, 45), st.integers(0, 45))
def test_the_last_level_mark_found_backwards_is_the_pattern_s(text, start, end):
    from juesuan.extract.grammar import LEVEL_MARK, last_level_mark_end

    marks = list(LEVEL_MARK.finditer(text, start, end))
    assert last_level_mark_end(text, start, min(end, len(text))) == (marks[-1].end() if marks else None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,-Ga 万元%人年（）", max_size=40))
def test_a_figure_alone_is_a_figure_that_continues_nothing(text):
    alone = [(m.span(), m.groups()) for m in g.FIGURE.finditer(text)
             if not (m.start() and text[m.start() - 1] in g.NOT_BEFORE_FIGURE)]
    assert [(m.span(), m.groups()) for m in g.FIGURE_ALONE.finditer(text)] == alone


_OPENED = [r"下降率?+\s*(?P<num>\d+)", r"差异率\s*-?\d", r"完成(?:了)?(?:年初)?预算的", r"减少(?<=[减增]减少)",
           r"增[加长]", r"增加?", r"占比?", r"主要用于|原因", r"(?:主要)?用于", r"原因(是)"]


def test_an_opening_of_several_plain_characters_is_sought_from_the_first():
    assert one_character_opening(r"下降率?+") == r"下(?=降)降率?+"
    assert one_character_opening(r"差异率\s") == r"差(?=异率)异率\s"
    # one plain character, or a repeated second one: nothing to write otherwise
    assert one_character_opening(r"增[加长]") == r"增[加长]"
    assert one_character_opening(r"增加?") == r"增加?"
    assert one_character_opening(r"(?:主要)?用于") == r"(?:主要)?用于"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="下降率差异完成了年初预算的减增少加长占比主要用于原因是 -0123", max_size=40))
def test_an_opening_sought_from_its_first_character_finds_the_same_matches(text):
    for written in _OPENED:
        pattern, opened = re.compile(written), re.compile(one_character_opening(written))
        assert [(m.span(), m.groups()) for m in pattern.finditer(text)] == \
            [(m.span(), m.groups()) for m in opened.finditer(text)], written


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="原因主要用于增加 ", max_size=60), st.integers(0, 10), st.integers(0, 70))
def test_every_place_of_the_openings_is_a_candidate(text, pos, end):
    from juesuan.extract.scan import _candidates

    openings = frozenset({"原因", "主要用于", "用于", "增增", "增加增", "原"})
    end = min(end, len(text))
    found = _candidates(text, openings, pos, end)
    places = sorted(at for opening in openings for at in range(pos, end) if text.startswith(opening, at)
                    and at + len(opening) <= end)
    assert found is None or found == places
    assert found is not None or len(places) > (end - pos) // 80 + 1
