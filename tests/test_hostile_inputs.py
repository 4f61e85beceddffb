"""Hostile inputs through the real command: never a false all-clear.

Each input below is no final accounts report, or one whose figures could not be read; each
once came out as "未发现问题", exit 0. Through `juesuan check` (text and JSON alike) each
now ends in exit 2 with one line on stderr saying why, or, for a report whose reader warns
(tables that may be pictures), with the warning under the file. The inputs are made here,
small or generated on the fly: no large file lives in the repository.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan import check_text
from juesuan.batch.output import Tally
from juesuan.batch.task import Options, _checked
from juesuan.cli import main
from juesuan.report.messages import NO_TABLES

SRC = Path(__file__).resolve().parents[1] / "src"
NOT_A_REPORT = "not recognised as a final accounts report ("


def _check(path: Path, output: str):
    return CliRunner().invoke(main, ["check", str(path), "--format", output])


def _stderr_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


# --- the inputs ---------------------------------------------------------------------------------

def _text(content: str):
    def write(folder: Path) -> Path:
        path = folder / "input.txt"
        path.write_text(content, encoding="utf-8")
        return path
    return write


NEWS = _text("本报讯 昨日，全市三千名学生参加了春季运动会，比赛共设二十个项目。\n"
             "组委会表示，今年参赛人数比去年增长15%，经费投入120.50万元。\n")
ENGLISH = _text("The department spent 1,234.56 thousand yuan in 2023.\n"
                "Total expenditure rose by 5% compared with last year.\n")
BUDGET = _text("青川县农业局2025年部门预算\n第一部分 部门概况\n一、主要职能\n负责全县农业生产指导。\n"
               "第二部分 2025年部门预算表\n一、收支预算总表\n项目  预算数\n一般公共预算拨款收入  860.00\n"
               "支出合计  860.00\n第三部分 2025年部门预算情况说明\n一、收支预算总体情况\n"
               "2025年收支总预算860.00万元。\n")
NUMBERS = _text("1,2,3\n")


def _digits(folder: Path) -> Path:
    path = folder / "digits.txt"
    path.write_bytes(b"7" * 10_000_000 + b"\n")     # one 10 MB line
    return path


def _picture_page(folder: Path) -> Path:
    path = folder / "pictures.html"
    path.write_text("<html><body><h1>某局2023年度部门决算公开</h1><p>收入支出决算总表</p><img src='1.png'>"
                    "<p>收入决算表</p><img src='2.png'><p>支出决算表</p><img src='3.png'></body></html>",
                    encoding="utf-8")
    return path


def _workbook_without_figures(folder: Path) -> Path:
    """A workbook of the report's table titles and headers, its figures missing."""
    import openpyxl
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "收入支出决算总表"
    for row in (["收入支出决算总表"], ["某局2023年度部门决算"], ["单位：万元"], ["项目", "决算数", "项目", "决算数"]):
        sheet.append(row)
    workbook.create_sheet("支出决算表").append(["科目编码", "科目名称", "合计", "基本支出", "项目支出"])
    path = folder / "tables.xlsx"
    workbook.save(path)
    return path


_XLSX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet'
    '+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def _million_rows(folder: Path) -> Path:
    """A sheet of a million rows, its XML written directly (a spreadsheet library takes minutes)."""
    path = folder / "rows.xlsx"
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, 1_000_001))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _XLSX_PARTS.items():
            archive.writestr(name, content)
        archive.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                         f'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}'
                         "</sheetData></worksheet>")
    return path


# what each input is told: the rest of the line after "juesuan: PATH: "
REFUSED = [
    ("news", NEWS, NOT_A_REPORT + "the word 决算 nowhere"),
    ("english", ENGLISH, NOT_A_REPORT + "the word 决算 nowhere"),
    ("budget", BUDGET, NOT_A_REPORT + "a departmental budget, not final accounts"),
    ("numbers", NUMBERS, NOT_A_REPORT + "the word 决算 nowhere; 1 line of text"),
    ("digits", _digits, NOT_A_REPORT + "the word 决算 nowhere; 1 line of text"),
    ("pictures", _picture_page, NOT_A_REPORT + "no figure to check"),
    ("no-figures", _workbook_without_figures, NOT_A_REPORT + "no figure to check"),
    ("unnamed-rows", _text("某局2023年度部门决算\n收入支出决算总表\n单位：万元\n项目  决算数  项目  决算数\n"
                           + "".join(f"{i}.00  {i}.00\n" for i in range(3000))),
     NOT_A_REPORT + "no figure to check"),
    ("million-rows", _million_rows, "sheet '数据' has 1000000 rows, more than the 100000"),
]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    """Each input made once for both output formats."""
    made = {}
    for name, make, _ in REFUSED:
        made[name] = make(tmp_path_factory.mktemp(name))
    return made


@pytest.mark.parametrize("output", ["text", "json"])
@pytest.mark.parametrize(("name", "said"), [(name, said) for name, _, said in REFUSED], ids=[n for n, _, _ in REFUSED])
def test_what_is_no_report_is_refused_in_one_line(inputs, name, said, output):
    path = inputs[name]
    result = _check(path, output)
    assert result.exit_code == 2, result.output
    lines = _stderr_lines(result)
    assert len(lines) == 1 and lines[0].startswith(f"juesuan: {path}: {said}"), lines
    assert "未发现问题" not in result.stdout and "Traceback" not in result.output
    if output == "json":
        [data] = json.loads(result.stdout)
        assert data["error"].startswith(f"{path}: {said}") and data["findings"] == []


REPORT_OF_PICTURES = ("<html><body><h1>某局2023年度部门决算</h1>"
                      "<p>第一部分 部门概况</p><p>一、部门职责</p><p>负责全县群众文化活动的组织与指导。</p>"
                      "<p>第二部分 2023年度部门决算表</p><p>一、收入支出决算总表</p><img src='1.png'>"
                      "<p>二、收入决算表</p><img src='2.png'>"
                      "<p>第三部分 2023年度部门决算情况说明</p><p>一、收入支出决算总体情况说明</p>"
                      "<p>2023年度收入总计1,200.00万元，支出总计1,200.00万元。与上年相比，收入、支出总计各增加"
                      "100.00万元，增长9.1%。</p></body></html>")
PICTURES = "the article has 2 images and no tables: its tables may be pictures"


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_report_whose_tables_are_pictures_says_so_under_its_file(tmp_path, output):
    path = tmp_path / "report.html"
    path.write_text(REPORT_OF_PICTURES, encoding="utf-8")
    result = _check(path, output)
    assert result.exit_code == 0 and "Traceback" not in result.output
    if output == "text":
        lines = [line for line in result.stdout.splitlines() if line.strip()]
        assert lines[:3] == [f"{path}: 未发现问题（读取时另有提示，见下）", f"  读取提示：{PICTURES}",
                             f"  未核对：{NO_TABLES}"]
        assert lines[3:] == ["1 个文件：0 个有错误，共 0 个错误、0 个提示"]     # the run's summary
    else:
        [data] = json.loads(result.stdout)
        assert data["tool_errors"] == [PICTURES]


# --- table rules linear in the rows -------------------------------------------------------------

def large_expenditure_table(categories: int, items: int = 99) -> str:
    """支出决算表 of ``categories`` 类, each of 10 款 of ``items`` 项 at 1.00 each, all sums
    right but the last 项, printed 2.00 (so its 款 is 1.00 short)."""
    lines = ["某局2023年度部门决算", "支出决算表", "单位：万元", "科目编码  科目名称  合计  基本支出  项目支出",
             f"合计  {categories * 10 * items}.00  {categories * 10 * items}.00  0.00"]
    for category in range(categories):
        code = f"{201 + category}"
        lines.append(f"{code}  类{category}  {10 * items}.00  {10 * items}.00  0.00")
        for section in range(1, 11):
            lines.append(f"{code}{section:02d}  款{category}-{section}  {items}.00  {items}.00  0.00")
            lines.extend(f"{code}{section:02d}{item:02d}  项{category}-{section}-{item}  1.00  1.00  0.00"
                         for item in range(1, items + 1))
    lines[-1] = lines[-1].replace("  1.00  1.00  ", "  2.00  2.00  ")
    return "\n".join(lines) + "\n"


def test_a_table_of_twenty_thousand_rows_is_checked_in_full():
    # quadratic reading or T102 took minutes here; benchmarks/bench_tables.py times it
    result = check_text(large_expenditure_table(20))
    [table] = [t for t in result.report.tables if t.spec.key == "expenditure"]
    assert len(table.rows) == 20 * (1 + 10 * 100) + 1
    assert sorted((f.rule, f.location.row, f.stated, f.expected) for f in result.findings) == [
        ("T102", "22010 款19-10", "99.00", "100.00")] * 2


# --- any bytes: exit 0, 1 or 2, never a traceback; what is no report is never clean ----------------

_SUFFIXES = [".txt", ".html", ".xlsx", ".docx", ".pdf", ".doc"]
_PIECES = [b"\xe5\x86\xb3\xe7\xae\x97", b"<html>", b"<table><tr><td>", b"PK\x03\x04", b"%PDF-1.4\n",
           b"\xef\xbb\xbf", b"\r", b"\n", b"100.00", b"\xe4\xb8\x87\xe5\x85\x83", b"\x00", b"\xff\xfe"]


def _exit_code(result: dict) -> int:
    tally = Tally()
    tally.add(result)
    return tally.exit_code


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.binary(max_size=64), st.sampled_from(_PIECES)), max_size=24),
       st.sampled_from(_SUFFIXES))
def test_any_bytes_end_in_an_exit_code_and_no_traceback(tmp_path, pieces, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(b"".join(pieces))
    result = _checked(str(path), None, Options(None, False, (), False))  # raises on a traceback
    assert _exit_code(result) in (0, 1, 2)
    if result.get("error"):
        assert "\n" not in result["error"]


_WORDS = ["收入", "支出", "决算", "预算", "财政拨款", "基本支出", "项目支出", "合计", "本年", "上年", "增加",
          "减少", "增长", "下降", "万元", "%", "，", "。", "主要", "原因", "部门", "单位", "人员", "经费", "会议",
          "培训", "公务用车", "机关运行", "资产", "政府采购", "和", "的", "是", "比", "与", "\n"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_WORDS),
                          st.decimals(min_value=0, max_value=100_000, places=2).map(str)), min_size=1, max_size=60))
def test_words_and_figures_without_a_report_s_shape_are_never_clean(tmp_path_factory, words):
    path = tmp_path_factory.mktemp("words") / "words.txt"
    path.write_text("".join(words), encoding="utf-8")
    result = _checked(str(path), None, Options(None, False, (), False))
    assert result.get("error") or result["findings"], result


def test_random_bytes_through_the_real_command(tmp_path):
    chance = random.Random(12)
    paths = []
    for index, suffix in enumerate(_SUFFIXES):
        path = tmp_path / f"random-{index}{suffix}"
        head = _PIECES[index % len(_PIECES)]
        path.write_bytes(head + bytes(chance.randrange(256) for _ in range(2000)))
        paths.append(str(path))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(SRC), os.environ.get("PYTHONPATH"))))}
    done = subprocess.run([sys.executable, "-c", "from juesuan.cli import main; main()", "check", *paths],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode in (0, 1, 2)
    assert "Traceback" not in done.stderr + done.stdout
    assert all(line.startswith("juesuan: ") for line in done.stderr.splitlines() if line.strip()), done.stderr
