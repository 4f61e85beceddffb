"""Reading text: encodings, bad input, and the map from joined text back to lines and pages."""
from __future__ import annotations

import pytest

from juesuan import check_text
from juesuan.readers import ReadError, build_flow, decode_text

SENTENCE = "本年收入 100.00 万元，其中：财政拨款收入 60.00 万元，占 60.00%；其他收入 40.00 万元，占 40.00%。"


def test_gbk_and_utf8_and_bom_decode_alike():
    text = "二、收入决算情况说明\n" + SENTENCE
    for data in (text.encode("utf-8"), text.encode("gbk"), text.encode("gb18030"),
                 b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("utf-16")):
        assert decode_text(data) == text


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"), (b"  \n\n ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
])
def test_bad_bytes_get_a_clear_error(data, reason):
    with pytest.raises(ReadError, match=reason):
        decode_text(data)


def test_wrapped_figure_and_unit_join_and_map_back():
    text = "二、收入决算情况说明\n\n本年收入 100\n\n.00 万\n\n元，其中：财政拨款收入 60.00 万元，占\n\n70.00%；其他收入 40.00 万元，占 40.00%。"
    flow = build_flow(text)
    assert "本年收入 100.00 万元" in flow.text
    result = check_text(text)
    (finding,) = [f for f in result.findings if f.rule == "P101"]
    # the finding spans the part and its share, printed over lines 7 to 9
    assert (finding.location.line, finding.location.end_line) == (7, 9) and finding.stated == "70.00%"


@pytest.mark.parametrize("form_feed", ["", "\f"])
def test_ascii_words_meeting_at_a_break_keep_a_space_and_every_line_its_place(form_feed):
    lines = ["本年收入 100", ".00 万元，项目 PPP", "ABC 一期", "12", "34 万元", "Ｆ５", "６ 项"]
    flow = build_flow("\n\n".join(lines[:3]) + "\n" + form_feed + "\n".join(lines[3:]))
    assert flow.text == "本年收入 100.00 万元，项目 PPP ABC 一期34 万元F5 6 项"
    assert [flow.text[start:start + 2] for start in flow.starts] == ["本年", ".0", "AB", "34", "F5", "6 "]
    assert flow.lines == [1, 3, 5, 7, 8, 9]      # "12" alone on its line is a page number


def test_page_numbers_drop_out_and_pages_are_known_from_form_feeds():
    text = "二、收入决算情况说明\n本年收入 100.00\n\n3\n\f万元，其中：财政拨款收入 60.00 万元，占 70.00%。"
    flow = build_flow(text)
    assert "100.00万元" in flow.text and "3" not in flow.text.replace("2", "")[:20]
    (finding,) = [f for f in check_text(text).findings if f.rule == "P101"]
    assert (finding.location.line, finding.location.page) == (5, 2)


def test_pages_are_known_from_lines_opening_with_one_space():
    # A page's first line opens with one space (a full-width one too); two spaces, a tab
    # or a line of blanks open none.
    body = ["正文第{}行".format(n) for n in range(40)]
    layout = [" 第一页", *body[:9], "\u3000第二页", *body[9:19], "  缩进两格", "\t制表",
              " \t", " 第三页", " \xa0两格", *body[19:]]
    flow = build_flow("\n".join(layout))
    pages = dict(zip(flow.lines, flow.pages))
    assert (pages[1], pages[10], pages[11], pages[23], pages[25], pages[26]) == (1, 1, 2, 2, 3, 3)


def test_full_width_digits_and_percent_are_read():
    text = "二、收入决算情况说明\n本年收入 １００．００ 万元，其中：财政拨款收入 ６０．００ 万元，占 ７０．００％。"
    (finding,) = [f for f in check_text(text).findings if f.rule == "P101"]
    assert finding.expected == "60.00%"


def test_a_chinese_comma_between_thousands_is_part_of_the_figure():
    text = "二、收入决算情况说明\n本年收入 1，200.00 万元，其中：财政拨款收入 1，000.00 万元，占 80.00%。"
    (finding,) = [f for f in check_text(text).findings if f.rule == "P101"]
    assert finding.expected == "83.33%"


def test_a_chinese_comma_between_figures_with_decimals_still_breaks_them():
    flow = build_flow("分别为 100.00，200.50 万元，2023，123.45 万元")
    assert flow.text == "分别为 100.00，200.50 万元，2023，123.45 万元"


def test_thousands_typed_with_chinese_commas_cost_a_report_nothing_and_hide_nothing():
    from pathlib import Path
    import re

    data = Path(__file__).parent / "data"

    def findings(text):
        return sorted((f.rule, f.location.line, re.sub(r"[,，\s]", "", f.stated or "")) for f in check_text(text).findings)

    for name in ("report-with-tables.txt", "report-with-tables-planted.txt"):
        text = (data / name).read_text(encoding="utf-8")
        narrative = [line for line in text.split("\n") if "。" in line]
        typed = "\n".join(re.sub(r"(?<=\d),(?=\d{3})", "，", line) if "。" in line else line
                          for line in text.split("\n"))
        assert typed != text and any("，" in re.sub(r"[^\d，.]", "", line) for line in narrative)
        assert findings(typed) == findings(text)


@pytest.mark.parametrize("phrase", [
    "比上年增加 10.00 万元，增长 10.00%", "较上年增加 10.00 万元，增长 10.00%",
    "与上年相比，增加 10.00 万元，增长 10.00%", "同比增加 10.00 万元，增幅 10.00%",
    "比上年上升 10.00 万元，上升 10.00%", "比上年增加 100,000 元，增长 10.00%",
])
def test_change_phrasings(phrase):
    ok = f"七、财政拨款“三公”经费支出决算情况说明\n公务接待费支出 110.00 万元，{phrase}。"
    wrong = ok.replace("10.00%", "12.00%")
    assert check_text(ok).errors == []
    assert {f.rule for f in check_text(wrong).errors} == {"G101"}


@pytest.mark.parametrize("phrase", ["减少 10.00 万元，下降 9.09%", "降低 10.00 万元，降幅 9.09%",
                                    "减少 10.00 万元，减少 9.09%"])
def test_fall_phrasings(phrase):
    ok = f"七、财政拨款“三公”经费支出决算情况说明\n公务接待费支出 100.00 万元，比上年{phrase}。"
    assert check_text(ok).errors == []
    assert {f.rule for f in check_text(ok.replace("9.09%", "10.00%")).errors} == {"G101"}


def test_a_form_feed_glued_to_a_line_still_breaks_the_line():
    # Text taken from a PDF glues the form feed to the last line of one page or the
    # first line of the next; the item after it still opens its own line and page.
    text = ("二、主要职能\n（一）负责本区环境监测工作。\n（二）负责本区污染防治工作。\f（三）负责本区执法\n"
            "检查工作。\n（四）完成交办的其他任务。\f\n第三部分 情况说明")
    flow = build_flow(text)
    opening = {flow.text[start:start + 3]: (flow.lines[n], flow.pages[n]) for n, start in enumerate(flow.starts)}
    assert opening["（三）"] == (3, 2) and opening["（二）"] == (3, 1)
    assert opening["第三部"] == (6, 3)
    assert not [f for f in check_text(text).findings if f.rule.startswith("N1")]


def test_the_year_compared_with_is_not_the_reports_year():
    # "比 2023 年度增加" names last year on purpose, with or without a space after 比; a
    # year that opens a statement is the report's, spaced out or not.
    title = "某某区生态环境局 2024 年度部门决算\n"
    text = ("七、财政拨款“三公”经费支出决算情况说明\n2024 年度“三公”经费财政拨款支出决算数比 2023 年度增加\n"
            "10.00 万元，增长 10.00%。")
    assert not [f for f in check_text(title + text).findings if f.rule == "M104"]
    assert not [f for f in check_text(title + text.replace("比 2023", "比2023")).findings if f.rule == "M104"]
    wrong = title + "一、收入支出决算总体情况说明\n收入支出总计 100.00 万元。 2022 年度收入总计 100.00 万元。"
    assert [f.stated for f in check_text(wrong).findings if f.rule == "M104"] == ["2022"]


@pytest.mark.parametrize("compared", ["与 2023 年度相比", "与2023年度相比", "与上年相比"])
def test_a_change_that_names_its_subject_again_continues_the_same_quantity(compared):
    ok = (f"一、收入支出决算总体情况说明\n某某局 2024 年度收入支出总计 110.00 万元。{compared}，"
          "收入支出总计增加 10.00 万元，增长 10.00%。主要原因：人员增加。")
    assert check_text(ok).errors == []
    assert [f.expected for f in check_text(ok.replace("10.00%", "12.00%")).errors if f.rule == "G101"] == ["增长 10.00%"]


@pytest.mark.parametrize("head, what", [
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n", "an MHTML web archive (.mht)"),
    (b"From: <saved by a browser>\r\nCONTENT-TYPE: Multipart/Related;\r\n", "an MHTML web archive (.mht)"),
    ("x" * 2030 + "\nContent-Type: multipart/related", "a text file"),      # beyond the first 2048
    ("本年收入 100.00 万元。\n".encode("utf-8"), "a text file"),
    (b"<HTML><BODY>", "an HTML page")])
def test_a_saved_web_archive_is_told_from_text_and_html(head, what):
    from juesuan.readers.sniff import sniff_bytes

    data = head if isinstance(head, bytes) else head.encode("utf-8")
    assert sniff_bytes(data).what == what
