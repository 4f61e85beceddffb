"""A report whose tables were not read says so: "no problems" is never said of figures
nobody read (tables printed as pictures, or published in another file)."""
from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.batch.task import check_one
from juesuan.report.messages import NO_TABLES
from juesuan.report.render import to_text
from juesuan.tables.spec import BY_KEY

DATA = Path(__file__).parent / "data"
CORRECT = (DATA / "report-with-tables.txt").read_text(encoding="utf-8")
TITLES = {key: BY_KEY[key].title for key in
          ("summary", "income", "expenditure", "fiscal", "general", "basic", "sangong", "fund", "capital")}


def _without(text: str, *keys: str) -> str:
    """The report less the tables ``keys``: each from its title to its note, its page
    break kept."""
    lines = text.split("\n")
    for key in keys:
        start = next(n for n, line in enumerate(lines) if line.lstrip("\f") == TITLES[key])
        end = next(n for n in range(start, len(lines)) if lines[n].startswith("注："))
        feed = "\f" if lines[start].startswith("\f") else ""
        lines[start:end + 1] = []
        lines[start] = feed + lines[start].lstrip("\f")
    return "\n".join(lines)


def _messages(tmp_path, text: str) -> list[dict]:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return check_one(path).get("messages", [])


def test_a_report_whose_nine_tables_were_read_has_no_such_message(tmp_path):
    assert _messages(tmp_path, CORRECT) == []


@pytest.mark.parametrize("keys", [("fund",), ("summary", "sangong")])
def test_the_tables_not_read_are_named_in_the_templates_order(tmp_path, keys):
    named = "".join(f"《{TITLES[key]}》" for key in TITLES if key in keys)
    assert _messages(tmp_path, _without(CORRECT, *keys)) == [
        {"type": "not-checked", "message": f"未读到{named}，其中数字未核对"}]


def test_a_report_of_no_readable_table_is_no_all_clear(tmp_path):
    text = _without(CORRECT, *TITLES)
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    result = check_one(path)
    assert result["findings"] == []
    assert result["messages"] == [{"type": "not-checked", "message": NO_TABLES}]
    shown = to_text(result).splitlines()
    assert shown[:2] == [f"{path}: 未发现问题（读取时另有提示，见下）", f"  未核对：{NO_TABLES}"]
