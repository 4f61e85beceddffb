"""Titles and headings printed letter-spaced ("部 门 职 责", "收 入 支 出 决 算 总 表").

A title set with spread-out letters comes out of a PDF or a document with a space between
every character. Read as printed, a heading is no heading and a table's title names no
table: its section goes unchecked or is said to be missing, its table is never read (and
a wrong figure in it never found). Such lines are read as written close; a table's row, and
the heads of the three code columns (类 款 项), are not letter-spaced lines.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from juesuan import check_text
from juesuan.model.characters import unspaced

DATA = Path(__file__).parent / "data"
CORRECT = (DATA / "report-with-tables.txt").read_text(encoding="utf-8")
PLANTED = (DATA / "report-with-tables-planted.txt").read_text(encoding="utf-8")

_HEADING = re.compile(r"^\f?\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")
_TITLE = re.compile(r"决算总?表$")


def _spread(line: str) -> str:
    """Every character of the line (after a form feed) apart, as letter-spacing prints it."""
    feed = "\f" if line.startswith("\f") else ""
    return feed + " ".join(line[len(feed):].strip())


def _headings_and_titles_spread(text: str) -> str:
    return "\n".join(_spread(line) if len(line) < 40 and not re.search(r"\d\.\d", line)
                     and (_HEADING.match(line) or _TITLE.search(line)) else line
                     for line in text.split("\n"))


def _findings(text: str) -> list[tuple]:
    return sorted((f.rule, f.severity, f.location.line, f.stated, f.expected) for f in check_text(text).findings)


@pytest.mark.parametrize("spread, close", [
    ("第 一 部 分 部 门 概 况", "第一部分部门概况"),
    ("一 、 部 门 职 责", "一、部门职责"),
    ("七 、 财 政 拨 款 “ 三 公 ” 经 费 支 出 决 算 表", "七、财政拨款“三公”经费支出决算表"),
    ("第一部分  部 门 概 况", "第一部分  部门概况"),
    ("收\u3000入\u3000支\u3000出\u3000决\u3000算\u3000总\u3000表", "收入支出决算总表"),
])
def test_a_letter_spaced_line_is_read_close(spread, close):
    assert unspaced(f"前言\n{spread}\n后文") == f"前言\n{close}\n后文"


@pytest.mark.parametrize("line", [
    "类 款 项 合计 4,733.14 4,733.14 0.00",      # the code columns' heads over a total row
    "类 款 项 科目名称 决算数",
    "项  目  决算数  项  目  决算数",                # two-character words spread: a header
    "收    入          支    出",
    "本年收入 100.00 万元，比 2023 年 增加 5.00 万元。",
])
def test_a_line_that_is_not_letter_spaced_is_left_as_it_is(line):
    assert unspaced(line) == line


def test_the_report_with_its_headings_and_titles_spread_reads_as_written_close():
    spread = _headings_and_titles_spread(CORRECT)
    changed = [line for line, was in zip(spread.split("\n"), CORRECT.split("\n")) if line != was]
    assert any("部 分" in line for line in changed) and any("决 算 总 表" in line for line in changed)
    assert len(spread.split("\n")) == len(CORRECT.split("\n"))
    assert _findings(spread) == []


def test_a_wrong_figure_under_a_spread_title_is_still_found():
    assert _findings(_headings_and_titles_spread(PLANTED)) == _findings(PLANTED)
