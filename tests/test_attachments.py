"""A report and the workbook of its tables, checked together."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from juesuan.api import check_path
from juesuan.cli import main

openpyxl = pytest.importorskip("openpyxl")

REPORT = ("二、收入决算情况说明\n"
          "本年收入 100.00 万元，其中：财政拨款收入 80.00 万元，占 80.00%；其他收入 20.00 万元，占 20.00%。\n")


def _workbook(path, public: str) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for row in (["收入决算表"], ["单位：万元"], ["科目编码", "科目名称", "本年收入合计", "财政拨款收入", "其他收入"],
                ["合计", "", 100, public, 20]):
        sheet.append(row)
    book.save(path)


def test_text_against_the_attached_tables(tmp_path):
    report, tables = tmp_path / "report.txt", tmp_path / "tables.xlsx"
    report.write_text(REPORT, encoding="utf-8")
    _workbook(tables, 80)
    assert check_path(report, attachments=[tables]).errors == []
    _workbook(tables, 70)           # the workbook now says 70.00 (and its row no longer adds up)
    result = check_path(report, attachments=[tables])
    assert {(f.rule, f.location.file) for f in result.errors} == {("T301", None), ("T101", str(tables))}
    text_vs_table = next(f for f in result.errors if f.rule == "T301")
    assert (text_vs_table.location.line, text_vs_table.stated, text_vs_table.expected) == (2, "80.00 万元", "70.00 万元")


def test_cli_attach(tmp_path):
    report, tables = tmp_path / "report.txt", tmp_path / "tables.xlsx"
    report.write_text(REPORT, encoding="utf-8")
    _workbook(tables, 70)
    result = CliRunner().invoke(main, ["check", str(report), "--attach", str(tables), "--format", "json"])
    assert result.exit_code == 1
    (data,) = json.loads(result.stdout)
    assert {f["rule"] for f in data["findings"]} == {"T301", "T101"}
    assert CliRunner().invoke(main, ["check", str(report)]).exit_code == 0
