"""Text reports: invisible format characters and every kind of line ending.

A zero-width space, a soft hyphen or a direction mark inside a figure prints as nothing,
so the figure is read as printed ("6\\u200b0.00" is 60.00, not 6 and 0.00); a finding's line
is the line an editor shows, whether the file ends its lines with LF, CR LF, CR alone or
a mix of them.
"""
from __future__ import annotations

import pytest

from juesuan.api import check_path
from juesuan.readers.text import normalise

TITLE = "二、收入决算情况说明"
GOOD = "本年收入 100.00 万元，其中：财政拨款收入 60.00 万元，占 60.00%；其他收入 40.00 万元，占 40.00%。"
BAD = GOOD.replace("占 60.00%", "占 70.00%")


def _check(tmp_path, text: str):
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode("utf-8"))
    result = check_path(path)
    facts = {(f["label"], f["attribute"]): f["value"] for f in result.as_dict()["facts"]}
    return [(f.rule, f.location.line, f.stated, f.expected) for f in result.findings], facts


@pytest.mark.parametrize("mark", ["\u200b", "\u00ad", "\u200d", "\u2060", "\u200e", "\ufeff"])
def test_a_format_character_inside_a_figure_is_not_read(tmp_path, mark):
    hidden = GOOD.replace("60.00 万元", f"6{mark}0.{mark}00 万元").replace("占 40.00%", f"占 4{mark}0.00%")
    findings, facts = _check(tmp_path, f"{TITLE}\n{hidden}\n")
    assert findings == []
    assert facts[("财政拨款收入", "amount")] == "60.00"
    findings, _ = _check(tmp_path, f"{TITLE}\n{hidden.replace('占 60.00%', f'占 7{mark}0.00%')}\n")
    assert findings == [("P101", 2, "70.00%", "60.00%")]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r", "\u2028"])
def test_every_line_ending_is_a_line_break(tmp_path, ending):
    text = ending.join([TITLE, "（一）概况", BAD, ""])
    findings, _ = _check(tmp_path, text)
    assert findings == [("P101", 3, "70.00%", "60.00%")]


def test_mixed_line_endings_count_as_an_editor_counts(tmp_path):
    text = f"{TITLE}\r\n（一）概况\r\r\n说明如下。\n{BAD}\r"
    findings, _ = _check(tmp_path, text)
    assert findings == [("P101", 5, "70.00%", "60.00%")]


def test_normalise_keeps_every_line_and_form_feed():
    text = "一\r二\r\n三\f四\u200b五\n"
    assert normalise(text) == "一\n二\n三\f四五\n"
    assert normalise(text).count("\n") == 3


@pytest.mark.parametrize("text, expected", [
    ("一\U000e0001二\r三", "一二\n三"),              # a tag character beyond the BMP, a CR
    ("一\U00020000二\u200b", "一\U00020000二"),      # a CJK character beyond the BMP is kept
    ("一\ud800二", "一\ud800二"),                     # a lone surrogate is no astral character
    ("一\u2029二\x85三", "一\n二\n三"),
])
def test_normalise_beyond_the_bmp_and_rare_breaks(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("一\n二\n", "一\n二\n"),                          # nothing to do
    ("一\U000e0001二\n", "一二\n"),                    # only a format character beyond the BMP
    ("一\x01二\r\n三\u200b", "一\x01二\n三"),          # a control character does not stop the rest
    ("\x01" * 11 + "一\n", None),                      # many control characters: no text
    ("一\n" * 12000 + "\x01" * 11, "一\n" * 12000 + "\x01" * 11)])   # beyond the first 20,000
def test_a_text_file_is_checked_and_normalised_as_decoded(tmp_path, text, expected):
    from juesuan.readers.errors import ReadError
    from juesuan.readers.text import read_text_file

    path = tmp_path / "report.txt"
    path.write_bytes(text.encode("utf-8"))
    if expected is None:
        with pytest.raises(ReadError, match="binary file"):
            read_text_file(path)
    else:
        assert read_text_file(path) == expected
