"""The store: reports of many departments and years in a DuckDB file, compared across years."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

duckdb = pytest.importorskip("duckdb")

from click.testing import CliRunner  # noqa: E402

from juesuan.cli import main  # noqa: E402
from juesuan.store import db, service  # noqa: E402
from juesuan.store.crossyear import compare_texts  # noqa: E402
from store_pairs import carry, next_year, text_of, with_prior_sangong_column, year_y  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ONE = Decimal("1.00")


@pytest.fixture(scope="module")
def years():
    """The example as 2023 and its consistent 2024, as data and as text."""
    y = year_y()
    y1 = next_year(y)
    return y, y1, text_of(y), text_of(y1)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _add(db_path: Path, *paths: Path, extra=()):
    return CliRunner().invoke(main, ["store", "add", *map(str, paths), "--db", str(db_path), *extra])


def _query(db_path: Path, sql: str):
    con = db.connect(db_path, create=False, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# -- the cross-year rules on generated pairs ---------------------------------------------

def test_a_consistent_pair_raises_nothing(years):
    _, _, text, next_text = years
    assert compare_texts(text, next_text) == []


def _planted(years, change) -> list:
    y, y1, text, _ = years
    planted = copy.deepcopy(y1)
    change(planted)
    return compare_texts(text, text_of(planted))


def test_a_prior_total_that_is_not_last_years_is_found(years):
    findings = _planted(years, lambda d: d.fields.update(上年收入支出总计=d.fields["上年收入支出总计"] + ONE))
    assert [(f.rule, f.stated, f.expected) for f in findings] == [("Y102", "272,983.27", "272,982.27 万元")]
    assert "2023年度报告 prior.txt" in findings[0].message


def test_a_prior_sangong_figure_that_is_not_last_years_is_found(years):
    findings = _planted(years, lambda d: d.fields.update(上年公务接待费=d.fields["上年公务接待费"] + ONE))
    # the item and the 三公 total built from it both say a last year that was not printed
    assert sorted((f.rule, f.stated, f.expected) for f in findings) == [
        ("Y102", "408.27", "407.27 万元"), ("Y102", "88.57", "87.57 万元")]


def test_a_prior_line_amount_that_is_not_last_years_is_found(years):
    def plant(data):
        note = next(n for n in data.lines if n.code == "2120801")
        note.prior += ONE
    findings = _planted(years, plant)
    assert [(f.rule, f.expected) for f in findings] == [("Y102", "714.32 万元")]
    assert "征地和拆迁补偿支出" in findings[0].message


@pytest.mark.parametrize("table", ["summary", "fiscal"])
def test_an_opening_balance_that_is_not_last_years_closing_is_found(years, table):
    findings = _planted(years, lambda d: carry(d, table, ONE))
    expected = {"summary": ("1,402.06", "1,401.06"), "fiscal": ("1,173.76", "1,172.76")}[table]
    assert [(f.rule, f.stated, f.expected) for f in findings] == [("Y101", *expected)]
    assert "上年报告（2023年度报告 prior.txt" in findings[0].message


# each kind of prior-year figure a report states or implies, in the generated pair: the
# consistent statement raises nothing, a planted one is found naming both documents
_PEOPLE = "本部门实有人数 133 人"
_VEHICLES = "本部门共有车辆 49 辆"
_FLEET = "公务用车保有量 51 辆"


@pytest.mark.parametrize("old, new, rule, stated, expected", [
    (_PEOPLE, _PEOPLE + "，比上年增加 0 人", None, None, None),
    (_PEOPLE, _PEOPLE + "，比上年增加 3 人", "Y104", "130 人", "133 人"),
    (_VEHICLES, _VEHICLES + "，比上年减少 1 辆", "Y104", "50 辆", "49 辆"),
    (_FLEET, _FLEET + "，比上年减少 0 辆", None, None, None),
    (_FLEET, _FLEET + "，上年 52 辆", "Y104", "52 辆", "51 辆"),
    (_PEOPLE, _PEOPLE + "，比上年增加 3 人，增长 2.3%", "Y104", "130 人", "133 人"),
])
def test_a_count_against_last_years(years, old, new, rule, stated, expected):
    _, _, text, next_text = years
    assert old in next_text
    findings = compare_texts(text, next_text.replace(old, new))
    assert [(f.rule, f.stated, f.expected) for f in findings] == ([(rule, stated, expected)] if rule else [])
    assert all("上年报告（2023年度报告 prior.txt" in f.message for f in findings)


@pytest.mark.parametrize("prior, flagged", [("407.27", False), ("408.27", True)])
def test_a_tables_prior_year_column_against_last_years(years, prior, flagged):
    # 407.27: the 三公 total of year Y's table (决算数)
    _, _, text, next_text = years
    findings = compare_texts(text, with_prior_sangong_column(next_text, prior))
    assert [(f.rule, f.stated, f.expected) for f in findings] == ([("Y106", "408.27", "407.27")] if flagged else [])
    if flagged:
        assert "上年报告（2023年度报告 prior.txt，第" in findings[0].message


def test_a_prior_year_column_is_in_no_sum_of_this_year(years):
    from juesuan.api import check_text
    _, _, _, next_text = years
    result = check_text(with_prior_sangong_column(next_text, "1.00"), "y.txt")
    [table] = [t for t in result.report.tables if t.spec.key == "sangong"]
    [row] = table.rows
    assert not row.uncertain
    assert (row.cells["上年:合计:决算数"].value, row.cells["合计:决算数"].value) == (Decimal("1.00"), Decimal("814.54"))
    assert not [f for f in result.findings if f.location.quote == "1.00"]


def _summary_with_last_year(year: int, last: tuple[str, str, str], this: tuple[str, str, str],
                            headers: str = "上年决算数  决算数") -> str:
    """A 收入支出决算总表 printing last year's 决算数 beside this year's: (本年, 结转, 总计) each."""
    rows = zip(("本年收入合计", "年初结转和结余", "总计"), ("本年支出合计", "年末结转和结余", "总计"), last, this)
    return (f"某某局{year}年度部门决算\n收入支出决算总表\n单位：万元\n项目  {headers}  项目  {headers}\n"
            f"一、一般公共预算财政拨款收入  {last[0]}  {this[0]}  一、一般公共服务支出  {last[0]}  {this[0]}\n"
            + "".join(f"{left}  {a}  {b}  {right}  {a}  {b}\n" for left, right, a, b in rows))


@pytest.mark.parametrize("header, key", [
    ("上年决算数", "上年:决算数"), ("上年度决算数", "上年:决算数"), ("上一年度 决算数", "上年:决算数"),
    ("决算数", "决算数"),
    # last year's balance carried into this year is this year's figure
    ("上年结转和结余", "上年结转和结余"), ("上年度结转和结余", "上年度结转和结余"),
])
def test_a_header_over_last_years_figures_is_keyed_apart(header, key):
    from juesuan.tables.spec import prior_year_key
    assert prior_year_key(header, lambda words: words) == key


def test_a_summary_table_with_last_years_columns_is_read_apart():
    from juesuan.api import check_text
    result = check_text(_summary_with_last_year(2024, ("90.00", "4.00", "94.00"), ("100.00", "5.00", "105.00")), "y.txt")
    [table] = result.report.tables
    assert {key for row in table.rows for key in row.cells} == {"上年:决算数", "决算数"}
    assert result.findings == []          # last year's 总计 is no part of this year's balance


@pytest.mark.parametrize("printed, found", [("94.00", []), ("95.00", [("Y106", "95.00", "94.00")] * 2)])
def test_a_summary_tables_last_year_column_against_last_years_report(printed, found):
    last = _summary_with_last_year(2023, ("80.00", "4.00", "84.00"), ("90.00", "4.00", "94.00"))
    this = _summary_with_last_year(2024, ("90.00", "4.00", printed), ("100.00", "4.00", "104.00"))
    findings = compare_texts(last, this)
    assert [(f.rule, f.stated, f.expected) for f in findings if f.rule == "Y106"] == found


@pytest.mark.parametrize("year, header, key", [
    (2024, "2023年决算数", "上年:决算数"), (2024, "2023 年度决算数", "上年:决算数"),
    (2024, "2024年决算数", "决算数"), (2024, "2024年度 决算数", "决算数"),
    (2024, "2022年决算数", "2022年决算数"),         # another year: as its words say
    (None, "2023年决算数", "2023年决算数"),         # the report's year not known
])
def test_a_header_naming_last_year_by_its_number_is_keyed_apart(year, header, key):
    from juesuan.tables.spec import REPORT_YEAR, prior_year_key
    token = REPORT_YEAR.set(year)
    try:
        assert prior_year_key(header, lambda words: words) == key
    finally:
        REPORT_YEAR.reset(token)


@pytest.mark.parametrize("headers", ["2023年决算数  2024年决算数", "2023年度决算数  决算数"])
def test_a_summary_tables_columns_named_by_their_years_are_read_apart(headers):
    from juesuan.api import check_text
    text = _summary_with_last_year(2024, ("90.00", "4.00", "94.00"), ("100.00", "5.00", "105.00"), headers)
    result = check_text(text, "y.txt")
    [table] = result.report.tables
    assert {key for row in table.rows for key in row.cells} == {"上年:决算数", "决算数"}
    assert result.findings == []
    # the same table without the report's year: the columns are not summed as one
    unknown = check_text(text.replace("某某局2024年度部门决算", "某某局部门决算"), "y.txt")
    assert not [f for f in unknown.findings if f.severity == "error"]


def test_columns_named_by_their_years_in_a_word_file(tmp_path):
    from juesuan.api import check_path
    from juesuan.render.blocks import Cell, Heading, TableBlock
    from juesuan.render.docx import write_docx
    years = [Cell("项目"), Cell("2023年决算数"), Cell("2024年决算数")] * 2
    rows = [("一、一般公共预算财政拨款收入", "一、一般公共服务支出", "90.00", "100.00"),
            ("本年收入合计", "本年支出合计", "90.00", "100.00"), ("年初结转和结余", "年末结转和结余", "4.00", "5.00"),
            ("总计", "总计", "94.00", "105.00")]
    body = [[Cell(left), Cell(a, figure=True), Cell(b, figure=True), Cell(right), Cell(a, figure=True),
             Cell(b, figure=True)] for left, right, a, b in rows]
    path = tmp_path / "y.docx"
    write_docx([Heading("某某局2024年度部门决算", 0),
                TableBlock(key="summary", number=1, title="收入支出决算总表", unit="万元", header=[years], body=body)],
               path)
    result = check_path(path)
    [table] = result.report.tables
    assert {key for row in table.rows for key in row.cells} == {"上年:决算数", "决算数"}
    assert [row.cells["上年:决算数"].value for row in table.rows if row.label == "总计"] == [Decimal("94.00")] * 2
    assert not [f for f in result.findings if f.severity == "error"]


@pytest.mark.parametrize("printed, found", [("94.00", []), ("95.00", [("Y106", "95.00", "94.00")] * 2)])
def test_a_column_named_by_last_years_number_against_last_years_report(printed, found):
    last = _summary_with_last_year(2023, ("80.00", "4.00", "84.00"), ("90.00", "4.00", "94.00"),
                                   "2022年决算数  2023年决算数")
    this = _summary_with_last_year(2024, ("90.00", "4.00", printed), ("100.00", "4.00", "104.00"),
                                   "2023年决算数  2024年决算数")
    findings = compare_texts(last, this)
    assert [(f.rule, f.stated, f.expected) for f in findings if f.rule == "Y106"] == found


def test_a_sangong_column_named_by_last_years_number(years):
    from juesuan.api import check_text
    _, _, _, next_text = years
    text = with_prior_sangong_column(next_text, "1.00").replace("项目  上年决算数  预算数  决算数",
                                                                 "项目  2023年决算数  2024年预算数  2024年决算数")
    [table] = [t for t in check_text(text, "y.txt").report.tables if t.spec.key == "sangong"]
    [row] = table.rows
    assert (row.cells["上年:合计:决算数"].value, row.cells["合计:决算数"].value) == (Decimal("1.00"), Decimal("814.54"))


def _income(year: int, last: str | None, total: str, header: str = "上年决算数") -> str:
    """A 收入决算表 of one 类 line, with last year's total beside this year's where ``last``."""
    head, before = (f"  {header}", f"  {last}") if last else ("", "")
    return (f"某某局{year}年度部门决算\n收入决算表\n单位：万元\n"
            f"科目编码  科目名称{head}  本年收入合计  财政拨款收入  其他收入\n"
            f"合计  合计{before}  {total}  80.00  {Decimal(total) - 80:.2f}\n"
            f"201  一般公共服务支出{before}  {total}  80.00  {Decimal(total) - 80:.2f}\n")


@pytest.mark.parametrize("header", ["上年决算数", "上年数", "2023年决算数"])
def test_last_years_column_in_a_table_of_a_total_and_its_parts_is_its_total(header):
    from juesuan.api import check_text
    result = check_text(_income(2024, "90.00", "100.00", header), "y.txt")
    [table] = result.report.tables
    assert [row.cells["上年:本年收入合计"].value for row in table.rows] == [Decimal("90.00")] * 2
    assert result.findings == []


@pytest.mark.parametrize("printed, found", [("90.00", []), ("91.00", [("Y106", "91.00", "90.00")] * 2)])
def test_last_years_total_column_against_last_years_report(printed, found):
    findings = compare_texts(_income(2023, None, "90.00"), _income(2024, printed, "100.00"))
    assert [(f.rule, f.stated, f.expected) for f in findings] == found


def _sangong_said(year: int, amount: str, after: str = "") -> str:
    return (f"某某局{year}年度部门决算\n七、财政拨款“三公”经费支出决算情况说明\n"
            f"{year}年度“三公”经费财政拨款支出决算 {amount} 万元{after}。\n")


@pytest.mark.parametrize("after, rule", [
    ("，上年决算 40.00 万元", None),
    ("，上年决算 41.00 万元", "Y105"),
    ("，比上年增加 5.00 万元", None),             # Y102's own: the change in the statement
    ("，比上年增加 4.00 万元", "Y102"),
    ("。其中：公务接待费 5.00 万元。比上年增加 1.00 万元", None),   # the change is the item's
])
def test_sangong_last_year_stated_in_the_narrative(after, rule):
    findings = compare_texts(_sangong_said(2023, "40.00"), _sangong_said(2024, "45.00", after))
    assert [f.rule for f in findings] == ([rule] if rule else [])


def test_people_in_a_statement_of_their_own_and_items_of_the_count():
    last = "某某局2023年度部门决算\n一、机构设置及人员情况\n本部门实有人数 50 人，其中：在职人员 40 人，退休人员 10 人。\n"
    this = ("某某局2024年度部门决算\n一、机构设置及人员情况\n本部门实有人数 52 人，比上年增加 2 人，"
            "其中：在职人员 41 人，比上年增加 {} 人；退休人员 11 人。\n")
    assert compare_texts(last, this.format(1)) == []
    [finding] = compare_texts(last, this.format(2))
    assert (finding.rule, finding.stated, finding.expected) == ("Y104", "39 人", "40 人")
    assert "在职人员" in finding.message


def _with_table_notes(text: str, year: int, items: str) -> str:
    """The report with a part the template does not have (as the 教育部 university layout
    prints it): its change on the year before, that year named by its number."""
    return (text + f"\n九、决算报表说明\n（一）收支决算总表说明\n本部门 {year} 年度本年收入合计 "
            f"543,188.80 万元，与 {year - 1} 年度相比，增加 271,594.40 万元。其中：{items}。\n")


@pytest.mark.parametrize("items, found", [
    ("财政拨款收入增加 271,236.10 万元，其他收入增加 358.30 万元", []),
    ("财政拨款收入增加 271,236.10 万元，其他收入增加 358.00 万元", [("Y102", "358.60", "358.30 万元")]),
    ("财政拨款收入增加 271,236.10 万元，其他收入保持不变", [("Y102", "716.60", "358.30 万元")]),
])
def test_a_change_on_the_year_named_by_its_number(years, items, found):
    _, _, text, next_text = years
    findings = compare_texts(text, _with_table_notes(next_text, 2024, items))
    assert [(f.rule, f.stated, f.expected) for f in findings] == found
    for finding in findings:
        assert "与 2023 年度相比" in finding.message and "上年报告（2023年度报告 prior.txt" in finding.message


def test_a_change_the_explanation_reads_itself_is_not_read_twice(years):
    # the example says "比2023年度增加 X" in its sections: those are the explanation's own
    from juesuan.api import check_text
    from juesuan.store.records import document_of
    _, _, _, next_text = years
    assert "，比2023年度增加 271,607.59 万元" in next_text
    doc = document_of(check_text(next_text, "b.txt"), next_text.encode(), "b.txt")
    assert not [f for f in doc.facts if f["section"] == "year-named"]


def test_a_change_on_another_year_than_the_one_before_is_not_read(years):
    _, _, text, next_text = years
    notes = _with_table_notes(next_text, 2024, "其他收入增加 1.00 万元").replace("与 2023 年度", "与 2022 年度")
    assert compare_texts(text, notes) == []


def _sangong_apart(year: int, final: str, reception: str, said: str) -> str:
    """三公 as some templates state it: the amount in one sentence, the change on the year
    before (named by its number) in the next, without the amount."""
    return (f"某某局{year}年度部门决算\n七、财政拨款“三公”经费支出决算情况说明\n"
            f"“三公”经费财政拨款支出年初预算为 60.00 万元，支出决算为 {final} 万元，完成预算的 75.00%。\n"
            f"{year} 年度“三公”经费财政拨款支出决算数比 {year - 1} 年度{said}。\n"
            f"“三公”经费财政拨款支出决算中，公务接待费支出决算 {reception} 万元。\n")


@pytest.mark.parametrize("said, found", [
    ("减少 5.00 万元，下降 10.00%", []),
    ("减少 6.00 万元，下降 10.00%", [("Y102", "51.00", "50.00 万元")]),
])
def test_a_change_stated_apart_from_the_amount(said, found):
    findings = compare_texts(_sangong_apart(2023, "50.00", "30.00", "增加 1.00 万元"),
                             _sangong_apart(2024, "45.00", "28.00", said))
    assert [(f.rule, f.stated, f.expected) for f in findings] == found


def test_sangong_stated_beside_its_budget_is_in_the_view(tmp_path):
    store = tmp_path / "s.duckdb"
    _add(store, _write(tmp_path, "a.txt", _sangong_apart(2023, "50.00", "30.00", "增加 1.00 万元")),
         _write(tmp_path, "b.txt", _sangong_apart(2024, "45.00", "28.00", "减少 5.00 万元")))
    assert _query(store, "SELECT year, sangong, prior_sangong, growth_pct FROM sangong_by_year") == [
        (2023, Decimal("50.000000"), None, None), (2024, Decimal("45.000000"), Decimal("50.000000"), Decimal("-10.00"))]


def _items_note(year: int, sentence: str) -> str:
    return (f"某某大学{year}年度部门决算\n（四）财政拨款支出决算表说明\n"
            f"具体包括：1.小学教育（2050202），{year} 年度决算数为 {sentence}。\n")


@pytest.mark.parametrize("sentence, rule", [
    ("8,627.17 万元，比 2023 年度决算数增长 8.24%", None),     # 7,970.04 … 7,970.78
    ("8,627.17 万元，比 2023 年度决算数增长 8.30%", "Y103"),
    ("7,970.38 万元，与 2023 年度决算数一致", None),
    ("7,971.38 万元，与 2023 年度决算数一致", "Y102"),
    ("8,627.17 万元，比 2022 年度决算数增长 1.00%", None),     # not the year before
])
def test_a_coded_item_against_last_years_by_its_code(sentence, rule):
    findings = compare_texts(_items_note(2023, "7,970.38 万元"), _items_note(2024, sentence))
    assert [f.rule for f in findings] == ([rule] if rule else [])
    assert all("（2050202）" in f.message and "2023年度报告 prior.txt" in f.message for f in findings)


# -- the store ---------------------------------------------------------------------------

def test_add_readd_replace_and_the_findings_that_go_with_each(tmp_path, years):
    y, y1, text, next_text = years
    store = tmp_path / "s.duckdb"
    first = _write(tmp_path, "y2023.txt", text)
    second = _write(tmp_path, "y2024.txt", next_text)
    result = _add(store, first, second)
    assert result.exit_code == 0, result.output
    assert "y2023.txt: added (新疆准东经济技术开发区管理委员会 2023)" in result.output
    assert "0 across years" in result.output
    counts = _query(store, "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM facts), "
                           "(SELECT count(*) FROM cells), (SELECT count(*) FROM findings)")[0]
    assert counts[0] == 2 and counts[1] > 300 and counts[2] > 1000 and counts[3] == 0

    again = _add(store, first)
    assert "unchanged, already stored" in again.output
    assert _query(store, "SELECT count(*) FROM facts")[0][0] == counts[1]

    planted = copy.deepcopy(y1)
    carry(planted, "summary", ONE)
    newer = _write(tmp_path, "y2024-revised.txt", text_of(planted))
    replaced = _add(store, newer)
    assert f"y2024-revised.txt: replaces {second}" in replaced.output
    assert "1 across years" in replaced.output
    assert _query(store, "SELECT count(*), min(path) FROM documents WHERE year = 2024") == [(1, str(newer))]
    rows = _query(store, "SELECT rule, stated, expected, page FROM findings WHERE prior_doc_id IS NOT NULL")
    assert [r[:3] for r in rows] == [("Y101", "1,402.06", "1,401.06")]

    # the first version back: its findings go with the revised one
    _add(store, second)
    assert _query(store, "SELECT count(*) FROM findings") == [(0,)]


def test_content_stored_already_is_not_read_again(tmp_path, years, monkeypatch):
    _, _, text, next_text = years
    con = db.connect(tmp_path / "s.duckdb")
    first, second = _write(tmp_path, "a.txt", text), _write(tmp_path, "b.txt", next_text)
    [(_, outcome)] = service.add(con, [first])
    assert outcome.action == "added"
    read = []
    real = service.read_reports

    def reading(paths, jobs=1):
        paths = list(paths)
        read.extend(paths)
        return real(paths, jobs)
    monkeypatch.setattr(service, "read_reports", reading)
    copied = _write(tmp_path, "a-copy.txt", text)
    done = [(result["source"], outcome.action, outcome.document.year)
            for result, outcome in service.add(con, [first, second, copied])]
    # in input order; only the new content was read and checked
    assert done == [(str(first), "unchanged", 2023), (str(second), "added", 2024),
                    (str(copied), "unchanged", 2023)]
    assert read == [second]
    con.close()


def test_a_report_and_its_cross_year_findings_are_one_transaction(tmp_path, years, monkeypatch):
    y, y1, text, _ = years
    con = db.connect(tmp_path / "s.duckdb")
    service.add(con, [_write(tmp_path, "a.txt", text)]).__next__()
    planted = copy.deepcopy(y1)
    carry(planted, "summary", ONE)
    doc = next(service.read_reports([_write(tmp_path, "b.txt", text_of(planted))]))["document"]
    real = db._insert

    def failing(con, table, columns, doc_id, rows):
        if table == "findings" and any(row.get("prior_doc_id") for row in rows):
            raise RuntimeError("disk full")
        return real(con, table, columns, doc_id, rows)
    monkeypatch.setattr(db, "_insert", failing)
    with pytest.raises(RuntimeError):
        service.store(con, doc)
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    monkeypatch.setattr(db, "_insert", real)
    assert service.store(con, doc).cross_findings == 1
    con.close()


def test_a_failed_write_leaves_nothing_half_written(tmp_path, years, monkeypatch):
    store = tmp_path / "s.duckdb"
    con = db.connect(store)
    doc = next(service.read_reports([_write(tmp_path, "y.txt", years[2])]))["document"]
    real = db._insert

    def failing(con, table, *args):
        if table == "cells":
            raise RuntimeError("disk full")
        return real(con, table, *args)
    monkeypatch.setattr(db, "_insert", failing)
    with pytest.raises(RuntimeError):
        db.store_document(con, doc)
    assert con.execute("SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM facts)").fetchone() == (0,)
    con.close()


def test_add_runs_on_the_batch_runner_in_input_order_past_a_bad_input(tmp_path, years):
    _, _, text, next_text = years
    good = [_write(tmp_path, "a.txt", text), _write(tmp_path, "c.txt", next_text)]
    bad = _write(tmp_path, "b.txt", "no report here\n")
    result = CliRunner().invoke(main, ["store", "add", str(good[0]), str(bad), str(good[1]),
                                     "--db", str(tmp_path / "s.duckdb"), "--jobs", "2"])
    assert result.exit_code == 2
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [str(p) for p in good]
    [problem] = result.stderr.splitlines()
    assert problem.startswith(f"juesuan: {bad}")
    assert _query(tmp_path / "s.duckdb", "SELECT count(*) FROM documents") == [(2,)]


def test_add_shows_the_runners_progress(tmp_path, years, monkeypatch):
    from juesuan.batch import progress

    seen = []

    class Recorder(progress.Quiet):
        def __init__(self, stream, total):
            super().__init__(stream)
            seen.append(("total", total))

        def advance(self, errors):
            seen.append(("advance", errors))
    monkeypatch.setattr(progress, "progress_for", Recorder)
    files = [_write(tmp_path, "a.txt", years[2]), _write(tmp_path, "b.txt", years[3])]
    assert _add(tmp_path / "s.duckdb", *files).exit_code == 0
    assert seen == [("total", 2), ("advance", 0), ("advance", 0)]


def test_a_folder_without_reports_is_said_so(tmp_path):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["store", "add", str(tmp_path / "empty"), "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 2 and "no report files" in result.stderr


def test_the_store_process_is_never_forked(tmp_path, years, monkeypatch):
    # it holds DuckDB's threads; the reports are read in workers started from a fork server
    import os

    import juesuan.api

    def not_here(*args):
        raise AssertionError("forked or checked in the store's process")
    monkeypatch.setattr(os, "fork", not_here)
    monkeypatch.setattr(juesuan.api, "check_path", not_here)
    [result] = service.read_reports([_write(tmp_path, "y.txt", years[2])], jobs=1)
    assert result["document"].department == "新疆准东经济技术开发区管理委员会"
    assert result["document"].doc_id == result["sha256"]


def test_the_store_has_no_pool_of_its_own():
    source = "".join(p.read_text(encoding="utf-8") for p in Path(service.__file__).parent.glob("*.py"))
    assert "ProcessPoolExecutor" not in source and "multiprocessing" not in source


_CONCURRENT = """
import sys
from juesuan.cli import main
main(["store", "add", *sys.argv[2:], "--db", sys.argv[1], "--wait", "120", "--jobs", "1"])
"""


def test_two_concurrent_adds_both_store(tmp_path, years):
    _, _, text, next_text = years
    store = tmp_path / "s.duckdb"
    runs = [subprocess.Popen([sys.executable, "-c", _CONCURRENT, str(store), str(_write(tmp_path, name, body))],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for name, body in (("a.txt", text), ("b.txt", next_text))]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert _query(store, "SELECT year FROM documents ORDER BY year") == [(2023,), (2024,)]
    assert _query(store, "SELECT count(*) FROM findings") == [(0,)]


_HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def _holder(store: Path, seconds: float) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", _HOLD, str(store), str(seconds)],
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "holding"
    return process


def test_a_second_writer_waits_or_fails_cleanly(tmp_path, years):
    store = tmp_path / "s.duckdb"
    db.connect(store).close()
    holder = _holder(store, 5)
    try:
        with pytest.raises(db.StoreBusy):
            db.connect(store, wait=0.3)
        result = _add(store, _write(tmp_path, "y.txt", years[2]), extra=["--wait", "0.3"])
        assert result.exit_code == 2 and "in use by another process" in result.output
    finally:
        holder.kill()
        holder.wait()
    holder = _holder(store, 0.5)
    started = time.monotonic()
    db.connect(store, wait=20).close()       # waits for the other writer, then writes
    assert time.monotonic() - started > 0.2
    holder.wait()
    assert _query(store, "SELECT count(*) FROM documents") == [(0,)]


def test_departments_match_by_name_and_by_a_mapping_file(tmp_path, years):
    y, y1, text, next_text = years
    store = tmp_path / "s.duckdb"
    renamed = next_text.replace("新疆准东经济技术开发区管理委员会", "准东开发区管委会")
    _add(store, _write(tmp_path, "a.txt", text), _write(tmp_path, "b.txt", renamed))
    listed = CliRunner().invoke(main, ["store", "departments", "--db", str(store)]).output
    assert "新疆准东经济技术开发区管理委员会  2023" in listed and "准东开发区管委会  2024" in listed
    mapping = _write(tmp_path, "map.csv", "# renamed\n准东开发区管委会,新疆准东经济技术开发区管理委员会\n")
    listed = CliRunner().invoke(main, ["store", "departments", "--db", str(store), "--map", str(mapping)]).output
    assert "准东开发区管委会  2023, 2024  (also printed as 新疆准东经济技术开发区管理委员会)" in listed
    checked = CliRunner().invoke(main, ["store", "check", "--db", str(store)])
    assert checked.exit_code == 0 and "0 cross-year finding(s)" in checked.output


def test_a_folder_is_added_and_check_lists_the_pairs_findings_as_json(tmp_path, years):
    y, y1, text, _ = years
    planted = copy.deepcopy(y1)
    planted.fields["上年机关运行经费"] += ONE
    folder = tmp_path / "reports"
    folder.mkdir()
    _write(folder, "a.txt", text)
    _write(folder, "b.txt", text_of(planted))
    store = tmp_path / "s.duckdb"
    assert _add(store, folder).exit_code == 0
    checked = CliRunner().invoke(main, ["store", "check", "--db", str(store), "--format", "json"])
    assert checked.exit_code == 1                      # Y102 is an error
    [finding] = json.loads(checked.output)
    assert (finding["rule"], finding["year"], finding["expected"]) == ("Y102", 2024, "6,526.25 万元")
    assert finding["path"].endswith("b.txt") and finding["prior_path"].endswith("a.txt")


def test_query_views_and_export(tmp_path, years):
    y, y1, text, next_text = years
    store = tmp_path / "s.duckdb"
    _add(store, _write(tmp_path, "a.txt", text), _write(tmp_path, "b.txt", next_text))
    out = CliRunner().invoke(main, ["store", "query", "SELECT year, total FROM totals_by_year ORDER BY year",
                                    "--db", str(store), "--format", "json"]).output
    assert json.loads(out) == [{"year": 2023, "total": "272982.2700"}, {"year": 2024, "total": "544589.8600"}]
    out = CliRunner().invoke(main, ["store", "query", "SELECT year, sangong, growth_pct FROM sangong_rose",
                                    "--db", str(store), "--format", "csv"]).output
    assert out.splitlines() == ["year,sangong,growth_pct", "2024,814.540000,100.00"]
    table = CliRunner().invoke(main, ["store", "query", "SELECT * FROM findings_by_rule", "--db", str(store)])
    assert table.exit_code == 0 and "rule" in table.output
    bad = CliRunner().invoke(main, ["store", "query", "SELECT nothing FROM nowhere", "--db", str(store)])
    assert bad.exit_code == 2

    for fmt in ("parquet", "csv"):
        target = tmp_path / fmt
        result = CliRunner().invoke(main, ["store", "export", str(target), "--format", fmt, "--db", str(store)])
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "parquet" / "cells").iterdir()) == ["year=2023", "year=2024"]
    con = duckdb.connect()
    parquet = con.execute(f"SELECT year, count(*) FROM read_parquet('{tmp_path}/parquet/facts/*/*.parquet', "
                          "hive_partitioning = true) GROUP BY year ORDER BY year").fetchall()
    csv = con.execute(f"SELECT year, count(*) FROM read_csv('{tmp_path}/csv/facts.csv') GROUP BY year ORDER BY year").fetchall()
    assert parquet == csv and [year for year, _ in parquet] == [2023, 2024]


@pytest.mark.parametrize("name, level, region", [
    ("上海市普陀区规划和自然资源局", "县级", "上海市普陀区"),
    ("教育部", "中央", None),
    ("国家统计局", "中央", None),
    ("浙江省财政厅", "省级", "浙江省"),
    ("北京市人民检察院", "省级", "北京市"),
    ("杭州市市场监督管理局", "市级", "杭州市"),
    ("延边朝鲜族自治州财政局", "市级", "延边朝鲜族自治州"),
    ("内蒙古自治区鄂尔多斯市准格尔旗林业局", "县级", "内蒙古自治区鄂尔多斯市准格尔旗"),
    ("长沙县教育局", "县级", "长沙县"),
    ("中共某某县委宣传部", "县级", "某某县"),
    ("中共浙江省委组织部", "省级", "浙江省"),
    # the words do not say: a short name, a development zone, a university
    ("西南大学", None, None),
    ("新疆准东经济技术开发区管理委员会", None, None),
    ("浦东新区财政局", None, None),
    ("市场监督管理局", None, None),
])
def test_level_and_region_from_the_departments_name(name, level, region):
    from juesuan.store.records import level_of
    assert level_of(name) == (level, region)


@pytest.mark.parametrize("text, named", [
    ("某某区财政局2024年度部门决算\n第一部分 部门概况\n", ("某某区财政局", 2024)),
    # no title line: the department as the text names it in full
    ("第一部分 部门概况\n纳入某某市某某局 2024 年度部门决算编制范围的单位包括：本级。\n", ("某某市某某局", None)),
    ("第一部分 部门概况\n二、机构设置\n某某县某某中心无下属决算单位。\n", ("某某县某某中心", None)),
    ("第一部分 部门概况\n本部门无下属决算单位。\n", (None, None)),
    ("第一部分 部门概况\n甲局无下属决算单位。乙局无下属决算单位。\n", (None, None)),    # which one?
])
def test_the_department_a_report_names(text, named):
    from juesuan.store.records import department_of
    assert department_of(text) == named


def test_level_and_region_are_stored_and_in_the_views(tmp_path, years):
    _, _, text, next_text = years
    store = tmp_path / "s.duckdb"
    renamed = [t.replace("新疆准东经济技术开发区管理委员会", "上海市普陀区某某局") for t in (text, next_text)]
    _add(store, _write(tmp_path, "a.txt", renamed[0]), _write(tmp_path, "b.txt", renamed[1]))
    assert _query(store, "SELECT DISTINCT level, region FROM documents") == [("县级", "上海市普陀区")]
    for view in ("totals_by_year", "sangong_by_year", "department_years"):
        assert _query(store, f"SELECT DISTINCT level, region FROM {view}") == [("县级", "上海市普陀区")]
    _query(store, "SELECT level, region FROM findings_by_rule")     # the columns are there


def test_a_missing_store_is_said_so(tmp_path):
    result = CliRunner().invoke(main, ["store", "query", "SELECT 1", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "no store here" in result.output


# -- the university's two years (real reports) ------------------------------------------

UNIVERSITY = [CORPUS / f"moe-southwest-university-{year}.pdf" for year in (2023, 2024)]


@pytest.mark.skipif(not all(p.exists() for p in UNIVERSITY), reason="the corpus is not here")
def test_the_universitys_two_years(tmp_path):
    # Checked by hand in both PDFs (Decimal, each figure ± half its last digit):
    # - disagreement: 2024's 年初结转和结余 106,700.90 (收支决算总表, p9) is not 2023's
    #   年末结转和结余 106,848.91 (its 收支决算总表, p9; there "上年结转和结余" opens the
    #   year): 148.01 apart, each year's table balancing on its own (Y101).
    # - agreements: 2024's 收支决算总表说明 (p16) states its changes on 2023 by the year's
    #   number; this year's amount less the change is 2023's printed amount (2023 p16-17):
    #   收入总计 477,447.73 − 46,722.70 = 430,725.03; 财政拨款收入 279,818.00 − 36,802.62 =
    #   243,015.38; 事业收入 144,017.87 − 7,632.63 = 136,385.24; 其他收入 53,611.86 −
    #   2,287.45 = 51,324.41; 支出总计 481,483.46 − 23,806.71 = 457,676.75; 教育支出
    #   448,061.80 − 22,774.53 = 425,287.27; 科学技术支出 1,989.00 + 547.65 = 2,536.65;
    #   社会保障和就业支出 15,171.49 − 1,706.44 = 13,465.05 against 13,465.06 and 住房保障支出
    #   16,151.67 + 126.61 = 16,278.28 against 16,278.27 (both within the rounding of the
    #   three figures); 其他支出 保持不变 109.50 = 109.50.
    # - agreements: the 财政拨款 items' "（code），2024 年度决算数为 X 万元，比 2023 年度决算数
    #   增长/降低 g%" (p17-18) against 2023's "（code），2023 年度决算数为 Y 万元" (p17-18): for
    #   each of the twelve codes both print, Y lies in X / (1 ± g) over the printed intervals
    #   (e.g. 2050202: 8,627.17 / 1.0824 → 7,970.04 … 7,970.78, printed 7,970.38).
    # - not compared: 2296004 "与 2023 年度决算数一致" (2023's explanation lists no 2296004)
    #   and 2059802 (new in 2024, no change stated).
    store = tmp_path / "u.duckdb"
    result = _add(store, *UNIVERSITY)
    assert result.exit_code == 0, result.output
    listed = CliRunner().invoke(main, ["store", "departments", "--db", str(store)]).output
    assert listed.splitlines() == ["西南大学  2023, 2024"]
    rows = _query(store, "SELECT d.year, f.rule, f.page, f.stated, f.expected, f.message FROM findings f "
                         "JOIN documents d USING (doc_id) WHERE f.prior_doc_id IS NOT NULL")
    assert [r[:5] for r in rows] == [(2024, "Y101", 9, "106,700.90", "106,848.91")]
    assert "moe-southwest-university-2023.pdf，第 9 页" in rows[0][5]
    changes = _query(store, "SELECT f.label, f.text, f.sign, f.page FROM facts f JOIN documents d USING (doc_id) "
                            "WHERE d.year = 2024 AND f.section = 'year-named' AND f.attribute = 'change' "
                            "AND f.code IS NULL "
                            "ORDER BY f.stmt")
    assert [(label, text, sign) for label, text, sign, _ in changes] == [
        ("收入总计", "46,722.70 万元", 1), ("财政拨款收入", "36,802.62 万元", 1), ("事业收入", "7,632.63 万元", 1),
        ("其他收入", "2,287.45 万元", 1), ("支出总计", "23,806.71 万元", 1), ("教育支出", "22,774.53 万元", 1),
        ("科学技术支出", "547.65 万元", -1), ("社会保障和就业支出", "1,706.44 万元", 1),
        ("住房保障支出", "126.61 万元", -1), ("其他支出", "保持不变", 1)]
    assert {page for *_, page in changes} == {16}


def _univ_documents():
    from juesuan.api import check_path
    from juesuan.store.records import document_of
    return [document_of(check_path(str(p)), p.read_bytes(), str(p)) for p in UNIVERSITY]


@pytest.mark.skipif(not all(p.exists() for p in UNIVERSITY), reason="the corpus is not here")
def test_the_universitys_changes_are_each_compared_with_2023s_figure():
    from juesuan.store import crossyear
    prior, this = _univ_documents()
    # each change finds this year's amount and 2023's printed one
    compared = [(figures["change"]["label"], amount["text"].replace(" ", ""), before["text"].replace(" ", ""))
                for figures, amount, before in crossyear.named_year_pairs(this, prior)]
    assert compared == [
        ("收入总计", "477,447.73万元", "430,725.03万元"), ("财政拨款收入", "279,818.00万元", "243,015.38万元"),
        ("事业收入", "144,017.87万元", "136,385.24万元"), ("其他收入", "53,611.86万元", "51,324.41万元"),
        ("支出总计", "481,483.46万元", "457,676.75万元"), ("教育支出", "448,061.80万元", "425,287.27万元"),
        ("科学技术支出", "1,989.00万元", "2,536.65万元"), ("社会保障和就业支出", "15,171.49万元", "13,465.06万元"),
        ("住房保障支出", "16,151.67万元", "16,278.27万元"), ("其他支出", "109.50万元", "109.50万元")]
    assert crossyear.named_year_changes(this, prior) == []
    items = [(figures["amount"]["code"], figures["growth"]["text"], before["text"].replace(" ", ""))
             for figures, before in crossyear.coded_pairs(this, prior, "growth")]
    assert items == [
        ("2050202", "8.24%", "7,970.38万元"), ("2050204", "5.56%", "16,769.73万元"),
        ("2050205", "10.55%", "186,663.39万元"), ("2050602", "4.59%", "570.14万元"),
        ("2050699", "15.16%", "738.86万元"), ("2059999", "107.39%", "876.03万元"),
        ("2060201", "0.58%", "828.72万元"), ("2060204", "31.78%", "1,707.93万元"),
        ("2080505", "7.62%", "8,897.19万元"), ("2080506", "23.69%", "4,448.60万元"),
        ("2210201", "0.07%", "7,448.44万元"), ("2210203", "0.28%", "180.59万元")]
    assert crossyear.coded_growth(this, prior) == [] and list(crossyear.coded_pairs(this, prior, "change")) == []


def _sangong(year: int, sentence: str) -> str:
    return (f"某某局{year}年度部门决算\n七、财政拨款“三公”经费支出决算情况说明\n"
            f"{year}年度“三公”经费财政拨款支出决算 {sentence}。\n")


@pytest.mark.parametrize("last, this, flagged", [
    ("40.00 万元", "45.00 万元，比2023年度增长 12.5%", False),     # one decimal: 12.45%..12.55%
    ("40.00 万元", "45.00 万元，比2023年度增长 12.6%", True),
    ("50.00 万元", "45.00 万元，比2023年度下降 10.00%", False),
    ("50.00 万元", "45.00 万元，比2023年度下降 11.00%", True),
    ("50.00 万元", "45.00 万元，比2023年度减少 5.00 万元，下降 11.00%", False),   # the change speaks
])
def test_a_growth_rate_against_last_years_amount(last, this, flagged):
    findings = compare_texts(_sangong(2023, last), _sangong(2024, this))
    assert [f.rule for f in findings] == (["Y103"] if flagged else [])


def test_a_file_that_is_no_store_is_refused_at_once_and_left_as_it_was(tmp_path, years):
    store = tmp_path / "s.duckdb"
    store.write_bytes(b"not a database, a user's own file\n" * 200)
    started = time.monotonic()
    with pytest.raises(db.NotAStore):
        db.connect(store, wait=30)
    assert time.monotonic() - started < 10
    result = _add(store, _write(tmp_path, "y.txt", years[2]), extra=["--wait", "30"])
    assert result.exit_code == 2 and "not a juesuan store" in result.output
    assert store.read_bytes() == b"not a database, a user's own file\n" * 200


def test_a_store_another_writer_is_still_creating_is_waited_for(tmp_path):
    """Another writer has made the file but not yet its header: DuckDB calls it no database
    for that moment, which must be waited for, not refused (two first adds at once)."""
    import threading
    store = tmp_path / "s.duckdb"
    store.touch()
    threading.Timer(0.5, store.unlink).start()
    con = db.connect(store, wait=30)
    try:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    finally:
        con.close()
