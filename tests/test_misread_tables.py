"""A table whose sums fail in many rows at once is told once, as probably misread."""
from __future__ import annotations

from juesuan import check_text
from juesuan.api import check_document
from juesuan.model.document import Document

_HEAD = "收入决算表\n单位：万元\n科目编码  科目名称  本年收入合计  财政拨款收入  其他收入\n"


def _table(rows: list[tuple[int, int, int]]) -> str:
    return _HEAD + "".join(f"205{n:02d}  普通教育{n}  {whole}.00  {a}.00  {b}.00\n"
                           for n, (whole, a, b) in enumerate(rows, start=1))


def _rules(findings) -> list[tuple[str, str]]:
    return sorted((f.rule, f.severity) for f in findings)


def test_figures_shifted_in_every_row_make_one_warning():
    # each row's parts are a column off their total: no row adds up
    text = _table([(10, 1, 1), (20, 2, 2), (30, 3, 3), (40, 4, 4), (50, 5, 5)])
    findings = check_text(text).findings
    assert _rules(findings) == [("T100", "warning")]
    assert "5 行中有 5 行" in findings[0].message


def test_one_wrong_row_is_an_error_of_its_own():
    text = _table([(10, 6, 4), (20, 12, 8), (30, 18, 11), (40, 24, 16), (50, 30, 20)])
    assert _rules(check_text(text).findings) == [("T101", "error")]


def test_three_wrong_rows_of_twelve_stay_errors():
    rows = [(10 * n, 6 * n, 4 * n) for n in range(1, 10)] + [(100, 1, 1), (110, 1, 1), (120, 1, 1)]
    assert _rules(check_text(_table(rows)).findings) == [("T101", "error")] * 3


def test_without_the_warning_every_row_is_listed():
    text = _table([(10, 1, 1), (20, 2, 2), (30, 3, 3), (40, 4, 4), (50, 5, 5)])
    result = check_document(Document(text), select=frozenset({"T101"}))
    assert _rules(result.findings) == [("T101", "error")] * 5
