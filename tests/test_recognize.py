"""Final accounts reports are recognised as such; anything else is told to be no report.

A text that is no report (news, English, numbers, a budget) must never come out as
"no problems": the checker says what it found instead, and `check` exits 2 as for an
input it cannot read.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from juesuan import check_text
from juesuan.api import check_document, check_path
from juesuan.cli import main
from juesuan.dataset.example import example_dataset
from juesuan.extract.recognize import NotAReport
from juesuan.readers.errors import ReadError
from juesuan.render.compose import compose
from juesuan.render.plain import to_document

from tests.conftest import SEED, TEMPLATE

REPO = Path(__file__).resolve().parents[1]

NEWS = ("本报讯 昨日，市图书馆举办了春季读书节，共展出图书 3200 册，吸引读者 1.2 万人次。\n"
        "馆方表示，活动将持续到下月底，并在周末增加亲子阅读专场。\n")
NEWS_WITH_WORD = ("本报讯 市财政局近日公布了本市各部门 2024 年度部门决算，公开率达到 100%。\n"
                  "记者了解到，今年公开的内容比去年更细，市民可在各部门网站查阅。\n")
ENGLISH = ("The museum opened a new wing on Monday.\nVisitors rose 12.5% to 48,000 in the first month, "
           "the director said.\n")
NUMBERS = "1,2,3\n4,5,6\n"
BUDGET = """澜溪市文化馆2025年部门预算
第一部分 部门概况
第二部分 2025年部门预算表
一、收支预算总表
第三部分 2025年部门预算情况说明
一、收支预算总体情况
2025年收入预算 320.00 万元，支出预算 320.00 万元。
二、一般公共预算财政拨款支出预算情况
一般公共预算财政拨款支出预算 300.00 万元，占 93.75%。
三、“三公”经费预算情况
“三公”经费预算 2.00 万元，其中：公务接待费 2.00 万元。
"""
FRAGMENT = "二、收入决算情况说明\n本年收入 100.00 万元，其中：财政拨款收入 60.00 万元，占 60.00%；其他收入 40.00 万元，占 40.00%。\n"


def _recognition(text: str):
    return check_text(text).recognition


@pytest.mark.parametrize("text", [NEWS, NEWS_WITH_WORD, ENGLISH, NUMBERS, "7" * 10_000_000],
                         ids=["news", "news-naming-final-accounts", "english", "numbers", "digits-10MB"])
def test_what_is_no_report_is_not_recognised(text):
    recognition = _recognition(text)
    assert not recognition.is_report and not recognition.budget
    assert "no part, section, table or figure statement" in recognition.found


def test_a_budget_report_is_named_a_budget():
    recognition = _recognition(BUDGET)
    assert not recognition.is_report and recognition.budget
    assert "budget" in recognition.found


def test_a_fragment_of_the_explanation_is_a_report():
    assert _recognition(FRAGMENT).is_report


def test_the_seed_and_the_template_are_reports():
    for path in (SEED, TEMPLATE):
        if not path.exists():
            pytest.skip(f"{path.name} is not in this checkout's workspace")
        assert check_path(path).recognition.is_report


@pytest.mark.parametrize("path", [REPO / "examples" / "sample-report.txt",
                                  *sorted((REPO / "tests" / "data").glob("report-*"))],
                         ids=lambda p: p.name)
def test_the_projects_reports_are_reports(path):
    assert check_path(path).recognition.is_report


def test_the_rendered_example_is_a_report():
    document = to_document(compose(example_dataset()))
    assert check_document(document).recognition.is_report


def test_check_path_refuses_a_non_report_as_unreadable(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text(NEWS, encoding="utf-8")
    with pytest.raises(ReadError) as raised:
        check_path(path)
    assert isinstance(raised.value, NotAReport)
    assert str(raised.value).startswith(f"{path}: not recognised as a final accounts report (")


@pytest.mark.parametrize("output", ["text", "json"])
def test_check_says_so_and_exits_2(tmp_path, output):
    news, budget, good = tmp_path / "news.txt", tmp_path / "budget.txt", tmp_path / "good.txt"
    news.write_text(NEWS, encoding="utf-8")
    budget.write_text(BUDGET, encoding="utf-8")
    good.write_text(FRAGMENT, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(news), str(budget), str(good), "--format", output])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line]
    assert len(lines) == 2
    assert lines[0] == f"juesuan: {news}: not recognised as a final accounts report ({_recognition(NEWS).found})"
    assert "not recognised as a final accounts report (a departmental budget" in lines[1]
    assert "未发现问题" not in result.stdout.replace(f"{good}: 未发现问题", "")
    if output == "json":
        data = json.loads(result.stdout)
        assert [bool(d.get("error")) for d in data] == [True, True, False]
