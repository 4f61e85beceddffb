"""A Word table's title is the line above it that names it, not its unit.

Reports print "收入支出决算总表", then "单位：万元" (and sometimes the table's number,
"公开01表"), then the table; Word tables carry no caption. Taken from the line right
above, every title read "单位：万元" and no table was recognised: the report was checked
without its tables.
"""
from __future__ import annotations

from pathlib import Path

import pytest

docx = pytest.importorskip("docx")

from juesuan.api import check_path  # noqa: E402
from juesuan.readers.docx import _title_above  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize("above, title", [
    (["收入支出决算总表", "单位：万元"], "收入支出决算总表"),
    (["收入决算表", "公开02表", "单位：万元"], "收入决算表"),
    (["支出决算表", "编制单位：青禾市教育局    单位：元"], "支出决算表"),
    (["某局2024年度部门决算", "财政拨款收入支出决算总表"], "财政拨款收入支出决算总表"),
])
def test_the_title_is_the_nearest_line_that_is_neither_unit_nor_number(above, title):
    assert _title_above(above) == title


def test_tables_without_captions_under_their_unit_line_are_recognised(example_docx, tmp_path):
    document = docx.Document(str(example_docx))
    removed = 0
    for table in document.tables:
        properties = table._tbl.find(W + "tblPr")
        for caption in properties.findall(W + "tblCaption"):
            properties.remove(caption)
            removed += 1
    assert removed >= 9
    plain = tmp_path / "plain.docx"
    document.save(str(plain))
    keys = sorted(t.spec.key for t in check_path(plain).report.tables)
    assert keys == sorted(t.spec.key for t in check_path(example_docx).report.tables) and len(keys) >= 9
    assert [f.rule for f in check_path(plain).findings] == [f.rule for f in check_path(example_docx).findings]
