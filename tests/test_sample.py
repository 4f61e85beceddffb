"""End-to-end test on examples/sample-report.txt, a fictional report with six planted mistakes.

The report is consistent everywhere except at the places listed in PLANTED (and in
examples/README.md). Each planted mistake must be found, where it is and with the
value it should have, no other error may be reported, and the text repaired at those
places must draw no error at all.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from juesuan import check_path, check_text

SAMPLE = Path(__file__).parents[1] / "examples" / "sample-report.txt"


# rule, line of the finding, stated, expected, text as printed, text as it should read
PLANTED = [
    ("P101", 24, "2.14%", "2.23%",
     "事业收入 126.40 万元，占 2.14%", "事业收入 126.40 万元，占 2.23%"),
    # The 类 total is reported (line 38); the wrong figure is the line it sums (line 51).
    ("C101", 38, "4,254.28 万元", "4,227.28 万元",
     "生态环境保护宣传（项）:支出决算数为 3.00 万元", "生态环境保护宣传（项）:支出决算数为 30.00 万元"),
    ("U101", 46, "98.45 元", "98.45 万元",
     "行政单位医疗（项）:支出决算数为 98.45 元", "行政单位医疗（项）:支出决算数为 98.45 万元"),
    ("M102", 54, "……", None,
     "主要原因是：……。", "主要原因是：部分监测点位运维合同经公开招标后价格下降。"),
    ("G101", 55, "22.25%", "增长 28.61%",
     "比上年决算增加 183.78 万元，增长 22.25%", "比上年决算增加 183.78 万元，增长 28.61%"),
    ("B101", 72, "-15.74%", "-13.60%",
     "决算数 4.32 万元，预决算差异率 -15.74%", "决算数 4.32 万元，预决算差异率 -13.60%"),
]


@pytest.fixture(scope="module")
def result():
    return check_path(SAMPLE)


def _errors(findings):
    return [f for f in findings if f.severity == "error"]


def test_sample_is_read_whole(result):
    assert result.tool_errors == []
    report = result.report
    assert report.year == 2024
    general = [l for l in report.lines if l.budget_kind == "general"]
    assert sum(l.role == "category" for l in general) == 5
    assert sum(l.role == "line" for l in general) == 20
    assert sum(l.budget_kind == "fund" for l in report.lines) == 2


@pytest.mark.parametrize("rule, line, stated, expected, printed, right", PLANTED,
                         ids=[p[0] for p in PLANTED])
def test_planted_mistake_is_found(result, rule, line, stated, expected, printed, right):
    matches = [f for f in result.findings if f.rule == rule and f.location.line == line]
    assert len(matches) == 1, [(f.rule, f.location.line, f.message) for f in result.findings]
    finding = matches[0]
    assert finding.severity == "error"
    assert finding.stated == stated
    assert finding.expected == expected


def test_no_other_errors(result):
    found = sorted((f.rule, f.location.line) for f in _errors(result.findings))
    assert found == sorted((rule, line) for rule, line, *_ in PLANTED)


def test_repaired_copy_has_no_error():
    text = SAMPLE.read_text(encoding="utf-8")
    for *_, printed, right in PLANTED:
        assert text.count(printed) == 1, printed
        text = text.replace(printed, right)
    repaired = check_text(text, "repaired")
    assert repaired.tool_errors == []
    assert [(f.rule, f.location.line, f.message) for f in _errors(repaired.findings)] == []
