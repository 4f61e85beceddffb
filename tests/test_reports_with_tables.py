"""End to end: a whole report with its nine tables, as plain text and as a web page.

青禾市教育局 (a made-up education bureau of a made-up city) publishes its 2024 final
accounts in the Shanghai layout: part one 部门概况, part two the nine tables, part three
the explanation. The report is built here from one set of figures, every total computed
with Decimal, so that it is consistent everywhere: inside each table (columns, 类 = Σ款 =
Σ项, 合计, the two sides of the two summary tables), between tables (the pairs T201
compares) and between the text and the tables (the cells T301 reads).

* The consistent report, as text with form feeds between pages, draws no error; its nine
  tables and its sections are recognised.
* The same report with thirteen planted problems draws exactly the planted errors, each
  at the line (and page, table row and column) where it is printed, with the value it
  should have.
* The same two reports as GBK web pages (site chrome around the article, the tables as
  ``<table>`` with merged header cells) read the same.

Where juesuan was found wrong, the test that showed it stays as a regression test, with the
reason, on the smallest input that shows it (the end of this module): the line of a
table finding below blank grid rows (a table going on after a page break, the 三公
header), a header repeated after "（续）" joined to a row's label, the 三公 table of a web
page read without rows, the template's wording of the 三公 change, and the unit glued to
the expected value of the table-sum rules.

The text and the pages are written to ``tests/data/`` by running this file
(``python tests/test_reports_with_tables.py``); a test checks that the files there are
what the builder makes, so the fixtures can be read (or checked with ``juesuan check``)
without running Python.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from juesuan import check_text
from juesuan.api import check_document
from juesuan.readers.html import parse_html

DATA = Path(__file__).parent / "data"
D = Decimal
ZERO = D("0.00")
CENT = D("0.01")
DEPARTMENT = "青禾市教育局"
YEAR = 2024


# -- figures ---------------------------------------------------------------------------------

NAMES = {
    "205": "教育支出", "20501": "教育管理事务", "2050101": "行政运行", "2050102": "一般行政管理事务",
    "20502": "普通教育", "2050204": "高中教育", "2050299": "其他普通教育支出",
    "20508": "进修及培训", "2050801": "教师进修",
    "208": "社会保障和就业支出", "20805": "行政事业单位养老支出", "2080501": "行政单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出", "2080506": "机关事业单位职业年金缴费支出",
    "210": "卫生健康支出", "21011": "行政事业单位医疗", "2101101": "行政单位医疗", "2101102": "事业单位医疗",
    "221": "住房保障支出", "22102": "住房改革支出", "2210201": "住房公积金",
    "229": "其他支出", "22960": "彩票公益金安排的支出", "2296004": "用于教育事业的彩票公益金支出",
}
#: the number of each 类 in the template's list of the summary tables' right side
SUMMARY_NUMBER = {"205": "五", "208": "八", "210": "九", "221": "十九", "229": "二十三"}


@dataclass
class Item:
    """One 项: its general budget spending (basic, project) and its 年初预算, its
    government fund spending, spending from other money, and its income by source."""

    code: str
    general_basic: Decimal = ZERO
    general_project: Decimal = ZERO
    budget: Decimal = ZERO
    fund: Decimal = ZERO
    other_basic: Decimal = ZERO
    other_project: Decimal = ZERO
    income_fiscal: Decimal | None = None      # default: what it spent from fiscal money
    income_business: Decimal = ZERO           # 事业收入
    income_other: Decimal = ZERO              # 其他收入

    @property
    def general(self) -> Decimal:
        return self.general_basic + self.general_project

    @property
    def fiscal_income(self) -> Decimal:
        return self.general + self.fund if self.income_fiscal is None else self.income_fiscal


# Carry-overs of fiscal money: general budget (年初, 年末) and government fund.
GENERAL_OPENING, GENERAL_CLOSING = D("86.40"), D("64.75")
FUND_OPENING, FUND_CLOSING = ZERO, D("30.00")
FUND_BUDGET = D("160.00")
# Carry-overs of the other money (事业收入, 其他收入).
OTHER_OPENING, OTHER_CLOSING = D("48.20"), D("56.16")

ITEMS = [
    Item("2050101", general_basic=D("1286.45"), budget=D("1300.00"), other_basic=D("31.30"),
         income_other=D("12.46")),
    Item("2050102", general_project=D("342.60"), budget=D("380.00")),
    # the line that takes the change in general budget carry-over
    Item("2050204", general_project=D("2145.30"), budget=D("2000.00"),
         income_fiscal=D("2145.30") + GENERAL_CLOSING - GENERAL_OPENING),
    Item("2050299", general_project=D("618.72"), budget=D("650.00"), other_project=D("330.00"),
         income_business=D("356.80")),
    Item("2050801", general_project=D("236.18"), budget=D("260.00")),
    Item("2080501", general_basic=D("158.34"), budget=D("160.00")),
    Item("2080505", general_basic=D("212.56"), budget=D("215.00")),
    Item("2080506", general_basic=D("98.27"), budget=D("100.00")),
    Item("2101101", general_basic=D("76.43"), budget=D("78.00")),
    Item("2101102", general_basic=D("41.25"), budget=D("42.00")),
    Item("2210201", general_basic=D("168.90"), budget=D("170.00")),
    Item("2296004", fund=D("150.00"), income_fiscal=D("150.00") + FUND_CLOSING - FUND_OPENING),
]

# 一般公共预算财政拨款基本支出 by economic classification: 人员经费 (301, 303) on the left,
# 公用经费 (302, 310) on the right. 30101 基本工资 is what 行政运行 leaves after the rest.
PUBLIC = [("30201", "办公费", "18.36"), ("30205", "水费", "4.12"), ("30206", "电费", "15.80"),
          ("30207", "邮电费", "6.45"), ("30211", "差旅费", "9.62"), ("30213", "维修（护）费", "11.30"),
          ("30216", "培训费", "5.40"), ("30217", "公务接待费", "8.62"), ("30228", "工会经费", "14.26"),
          ("30229", "福利费", "10.50"), ("30231", "公务用车运行维护费", "22.84"),
          ("30239", "其他交通费用", "24.80"), ("30299", "其他商品和服务支出", "4.18")]
CAPITAL_ITEMS = [("31002", "办公设备购置", "6.50")]
WAGES = [("30102", "津贴补贴", "386.74"), ("30103", "奖金", "42.68"), ("30107", "绩效工资", "298.52")]

# Last year's figures, for the year-on-year changes of the explanation.
LAST_TOTAL = D("5812.36")            # 收入支出总计
LAST_FISCAL = D("5402.18")           # 财政拨款收入支出总计
LAST_GENERAL = D("5150.40")          # 一般公共预算财政拨款支出
RUNNING, LAST_RUNNING = D("148.37"), D("156.92")     # 机关运行经费

# 三公: (budget, final, last year) of each part
TRAVEL = (ZERO, ZERO, ZERO)
CAR_BUY = (ZERO, ZERO, ZERO)
CAR_RUN = (D("26.00"), D("22.84"), D("24.90"))
RECEPTION = (D("12.00"), D("8.62"), D("10.30"))


def money(value: Decimal) -> str:
    return f"{value:,.2f}"


def pct(part: Decimal, whole: Decimal) -> str:
    return f"{(part * 100 / whole).quantize(CENT, ROUND_HALF_UP)}%"


def growth(this: Decimal, last: Decimal) -> str:
    return f"{(abs(this - last) * 100 / last).quantize(CENT, ROUND_HALF_UP)}%"


class Figures:
    """Every total of the report, computed from the items."""

    def __init__(self) -> None:
        items = ITEMS
        self.general_basic = sum((i.general_basic for i in items), ZERO)
        self.general_project = sum((i.general_project for i in items), ZERO)
        self.general = self.general_basic + self.general_project
        self.general_budget = sum((i.budget for i in items), ZERO)
        self.fund = sum((i.fund for i in items), ZERO)
        self.fiscal_spent = self.general + self.fund
        self.general_income = sum((i.fiscal_income for i in items if not i.fund), ZERO)
        self.fund_income = sum((i.fiscal_income for i in items if i.fund), ZERO)
        assert self.general_income + GENERAL_OPENING == self.general + GENERAL_CLOSING
        assert self.fund_income + FUND_OPENING == self.fund + FUND_CLOSING
        self.fiscal_income = self.general_income + self.fund_income
        self.business = sum((i.income_business for i in items), ZERO)
        self.other = sum((i.income_other for i in items), ZERO)
        self.income = self.fiscal_income + self.business + self.other
        self.other_spent = sum((i.other_basic + i.other_project for i in items), ZERO)
        assert self.business + self.other + OTHER_OPENING == self.other_spent + OTHER_CLOSING
        self.basic = self.general_basic + sum((i.other_basic for i in items), ZERO)
        self.project = self.general_project + self.fund + sum((i.other_project for i in items), ZERO)
        self.spent = self.basic + self.project
        self.fiscal_opening = GENERAL_OPENING + FUND_OPENING
        self.fiscal_closing = GENERAL_CLOSING + FUND_CLOSING
        self.opening = self.fiscal_opening + OTHER_OPENING
        self.closing = self.fiscal_closing + OTHER_CLOSING
        self.total = self.income + self.opening
        assert self.total == self.spent + self.closing
        self.fiscal_total = self.fiscal_income + self.fiscal_opening
        assert self.fiscal_total == self.fiscal_spent + self.fiscal_closing
        # 基本支出 by economic classification
        public = sum((D(v) for _, _, v in PUBLIC + CAPITAL_ITEMS), ZERO)
        running = next(i for i in items if i.code == "2050101").general_basic
        self.salary = running - public - sum((D(v) for _, _, v in WAGES), ZERO)
        by_code = {i.code: i.general_basic for i in items}
        self.welfare = [("30101", "基本工资", self.salary), *((c, n, D(v)) for c, n, v in WAGES),
                        ("30108", "机关事业单位基本养老保险缴费", by_code["2080505"]),
                        ("30109", "职业年金缴费", by_code["2080506"]),
                        ("30110", "职工基本医疗保险缴费", by_code["2101101"] + by_code["2101102"]),
                        ("30113", "住房公积金", by_code["2210201"])]
        self.households = [("30301", "离休费", D("36.20")), ("30302", "退休费", by_code["2080501"] - D("36.20"))]
        self.public = [(c, n, D(v)) for c, n, v in PUBLIC]
        self.capital_items = [(c, n, D(v)) for c, n, v in CAPITAL_ITEMS]
        self.personnel = sum((v for _, _, v in self.welfare + self.households), ZERO)
        self.public_total = sum((v for _, _, v in self.public + self.capital_items), ZERO)
        assert self.personnel + self.public_total == self.general_basic
        # 三公
        parts = (TRAVEL, CAR_BUY, CAR_RUN, RECEPTION)
        self.sangong = tuple(sum((p[k] for p in parts), ZERO) for k in range(3))
        self.car = tuple(CAR_BUY[k] + CAR_RUN[k] for k in range(3))
        assert self.car[1] == dict((c, v) for c, _, v in self.public)["30231"]
        assert RECEPTION[1] == dict((c, v) for c, _, v in self.public)["30217"]

    def rows(self, value) -> dict[str, Decimal]:
        """A per-item quantity summed for every 类, 款 and 项 code that has one."""
        out: dict[str, Decimal] = {}
        for item in ITEMS:
            amount = value(item)
            if amount is None:
                continue
            for code in (item.code[:3], item.code[:5], item.code):
                out[code] = out.get(code, ZERO) + amount
        return out


F = Figures()


# -- the document: paragraphs, tables, page breaks --------------------------------------------


@dataclass
class Table:
    """A table as the text prints it (header lines, rows of cells joined by two spaces)
    and as a web page does (header rows of (text, rowspan, colspan))."""

    title: str
    header_text: list[str]
    header_html: list[list[tuple[str, int, int]]]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    #: rows from which the text goes on on a new page, under the title "（续）" and the header
    continued_at: int | None = None
    #: the width of every figure column when the text aligns them by position (right-aligned)
    aligned: int | None = None
    #: cells printed empty in the page (zeros the text prints as 0.00)
    blank_in_html: frozenset[int] = frozenset()


PAGE = "\f"


def _cells(*values: Decimal) -> list[str]:
    return [money(v) for v in values]


def classified_rows(columns, codes, total_first=True) -> list[list[str]]:
    """Rows "code  name  figures…" for the codes in classification order, and 合计."""
    sums = [F.rows(c) for c in columns]
    rows = [[code, NAMES[code], *_cells(*(s.get(code, ZERO) for s in sums))] for code in codes]
    total = ["合计", "", *_cells(*(sum((s[c] for c in s if len(c) == 3), ZERO) for s in sums))]
    return [total, *rows] if total_first else [*rows, total]


def _codes(keep) -> list[str]:
    """The 类, 款 and 项 codes of the items ``keep`` takes, in classification order."""
    return sorted({c for item in ITEMS if keep(item) for c in (item.code[:3], item.code[:5], item.code)})


def summary_table() -> Table:
    left = [("一、一般公共预算财政拨款收入", F.general_income), ("二、政府性基金预算财政拨款收入", F.fund_income),
            ("三、国有资本经营预算财政拨款收入", ZERO), ("四、上级补助收入", ZERO), ("五、事业收入", F.business),
            ("六、经营收入", ZERO), ("七、附属单位上缴收入", ZERO), ("八、其他收入", F.other)]
    spent = F.rows(lambda i: i.general + i.fund + i.other_basic + i.other_project)
    right = [(f"{SUMMARY_NUMBER[c]}、{NAMES[c]}", spent[c]) for c in sorted(SUMMARY_NUMBER)]
    rows = []
    for n in range(max(len(left), len(right))):
        row = ["", "", "", ""]
        if n < len(left):
            row[0:2] = [left[n][0], money(left[n][1])]
        if n < len(right):
            row[2:4] = [right[n][0], money(right[n][1])]
        rows.append(row)
    rows += [["本年收入合计", money(F.income), "本年支出合计", money(F.spent)],
             ["使用非财政拨款结余", money(ZERO), "结余分配", money(ZERO)],
             ["年初结转和结余", money(F.opening), "年末结转和结余", money(F.closing)],
             ["总计", money(F.total), "总计", money(F.total)]]
    header = "项目  决算数  项目  决算数"
    return Table("收入支出决算总表", [group_line(header, [("收入", 0, 1), ("支出", 2, 3)]), header],
                 [[("收入", 1, 2), ("支出", 1, 2)], [("项目", 1, 1), ("决算数", 1, 1)] * 2], rows,
                 ["注：本表列示本部门2024年度全部收入、支出及年末结转和结余。"])


def income_table() -> Table:
    columns = [lambda i: i.fiscal_income + i.income_business + i.income_other, lambda i: i.fiscal_income,
               lambda i: ZERO, lambda i: i.income_business, lambda i: ZERO, lambda i: ZERO,
               lambda i: i.income_other]
    heads = ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
    return Table("收入决算表", ["项目", "科目编码  科目名称  " + "  ".join(heads)],
                 [[("项目", 1, 2), *((h, 2, 1) for h in heads)], [("科目编码", 1, 1), ("科目名称", 1, 1)]],
                 classified_rows(columns, _codes(lambda i: True)),
                 ["注：本表列示本部门2024年度各项收入，按支出功能分类科目列示。"],
                 blank_in_html=frozenset({4, 6, 7}))


def expenditure_table() -> Table:
    columns = [lambda i: i.general + i.fund + i.other_basic + i.other_project,
               lambda i: i.general_basic + i.other_basic, lambda i: i.general_project + i.fund + i.other_project,
               lambda i: ZERO, lambda i: ZERO, lambda i: ZERO]
    heads = ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    rows = classified_rows(columns, _codes(lambda i: True))
    return Table("支出决算表", ["项目", "科目编码  科目名称  " + "  ".join(heads)],
                 [[("项目", 1, 2), *((h, 2, 1) for h in heads)], [("科目编码", 1, 1), ("科目名称", 1, 1)]],
                 rows, ["注：本表列示本部门2024年度各项支出，按支出功能分类科目列示。"],
                 continued_at=next(n for n, row in enumerate(rows) if row[0] == "210"),
                 blank_in_html=frozenset({5, 6, 7}))


def fiscal_table() -> Table:
    general = F.rows(lambda i: i.general or None)
    fund = F.rows(lambda i: i.fund or None)
    codes = sorted(c for c in set(general) | set(fund) if len(c) == 3)
    left = [("一、一般公共预算财政拨款", F.general_income), ("二、政府性基金预算财政拨款", F.fund_income),
            ("三、国有资本经营预算财政拨款", ZERO)]
    rows = []
    for n, code in enumerate(codes):
        g, f = general.get(code, ZERO), fund.get(code, ZERO)
        row = ["", "", f"{SUMMARY_NUMBER[code]}、{NAMES[code]}", *_cells(g + f, g, f, ZERO)]
        if n < len(left):
            row[0:2] = [left[n][0], money(left[n][1])]
        rows.append(row)
    rows += [["本年收入合计", money(F.fiscal_income), "本年支出合计", *_cells(F.fiscal_spent, F.general, F.fund, ZERO)],
             ["年初财政拨款结转和结余", money(F.fiscal_opening), "年末财政拨款结转和结余",
              *_cells(F.fiscal_closing, GENERAL_CLOSING, FUND_CLOSING, ZERO)],
             ["一、一般公共预算财政拨款", money(GENERAL_OPENING), "", "", "", "", ""],
             ["二、政府性基金预算财政拨款", money(FUND_OPENING), "", "", "", "", ""],
             ["三、国有资本经营预算财政拨款", money(ZERO), "", "", "", "", ""],
             ["总计", money(F.fiscal_total), "总计",
              *_cells(F.fiscal_total, F.general + GENERAL_CLOSING, F.fund + FUND_CLOSING, ZERO)]]
    heads = ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
    header = "项目  决算数  项目  " + "  ".join(heads)
    return Table("财政拨款收入支出决算总表", [group_line(header, [("收入", 0, 1), ("支出", 2, 6)]), header],
                 [[("收入", 1, 2), ("支出", 1, 5)], [("项目", 1, 1), ("决算数", 1, 1), ("项目", 1, 1),
                                                   *((h, 1, 1) for h in heads)]],
                 rows, ["注：本表列示本部门2024年度财政拨款收入、支出及结转和结余。"])


def general_table() -> Table:
    columns = [lambda i: i.general or None, lambda i: i.general_basic if i.general else None,
               lambda i: i.general_project if i.general else None]
    heads = ["合计", "基本支出", "项目支出"]
    return Table("一般公共预算财政拨款支出决算表", ["项目", "科目编码  科目名称  " + "  ".join(heads)],
                 [[("项目", 1, 2), *((h, 2, 1) for h in heads)], [("科目编码", 1, 1), ("科目名称", 1, 1)]],
                 classified_rows(columns, _codes(lambda i: i.general), total_first=False),
                 ["注：本表列示本部门2024年度一般公共预算财政拨款支出。"])


def basic_table() -> Table:
    left = [("301", "工资福利支出", sum((v for *_, v in F.welfare), ZERO)), *F.welfare,
            ("303", "对个人和家庭的补助", sum((v for *_, v in F.households), ZERO)), *F.households]
    right = [("302", "商品和服务支出", sum((v for *_, v in F.public), ZERO)), *F.public,
             ("310", "资本性支出", sum((v for *_, v in F.capital_items), ZERO)), *F.capital_items]
    rows = []
    for n in range(max(len(left), len(right))):
        row = [""] * 6
        if n < len(left):
            row[0:3] = [left[n][0], left[n][1], money(left[n][2])]
        if n < len(right):
            row[3:6] = [right[n][0], right[n][1], money(right[n][2])]
        rows.append(row)
    rows.append(["人员经费合计", "", money(F.personnel), "公用经费合计", "", money(F.public_total)])
    return Table("一般公共预算财政拨款基本支出决算表",
                 ["经济分类科目编码  科目名称  决算数  经济分类科目编码  科目名称  决算数"],
                 [[("人员经费", 1, 3), ("公用经费", 1, 3)],
                  [("经济分类科目编码", 1, 1), ("科目名称", 1, 1), ("决算数", 1, 1)] * 2],
                 rows, ["注：本表列示本部门2024年度一般公共预算财政拨款基本支出的经济分类明细。"])


def group_line(header: str, groups: list[tuple[str, int, int]]) -> str:
    """A line of words each centred (in display columns, a CJK character two wide) over
    the header words ``first`` to ``last`` (0-based) of ``header``."""
    words = header.split("  ")
    starts, position = [], 0
    for word in words:
        starts.append(position)
        position += _width(word) + 2
    line = ""
    for text, first, last in groups:
        left, right = starts[first], starts[last] + _width(words[last])
        start = max((left + right - _width(text)) // 2, _width(line) + 2 if line else 0)
        line += " " * (start - _width(line)) + text
    return line


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _centre(text: str, width: int) -> str:
    room = width - _width(text)
    return " " * (room // 2) + text + " " * (room - room // 2)


SANGONG_CELL = 10                           # every 预算数/决算数 column is 10 wide, 2 apart


def sangong_table() -> Table:
    """Printed as ``pdftotext -layout`` writes it: words centred over their columns,
    figures right-aligned under them (a CJK character is two columns wide)."""
    parts = [("合计", F.sangong), ("因公出国（境）费", TRAVEL), ("小计", F.car), ("公务用车购置费", CAR_BUY),
             ("公务用车运行维护费", CAR_RUN), ("公务接待费", RECEPTION)]
    cell, gap = SANGONG_CELL, "  "
    pair = 2 * cell + 2
    top = _centre("财政拨款“三公”经费", 6 * pair)
    car = _centre("公务用车购置及运行维护费", 3 * pair)
    second = _centre("合计", pair) + gap + _centre("因公出国（境）费", pair) + gap + car + gap + _centre("公务接待费", pair)
    third = " " * (2 * (pair + 2)) + "".join(_centre(name, pair) + gap for name, _ in parts[2:5])
    leaves = "".join(_centre("预算数", cell) + gap + _centre("决算数", cell) + gap for _ in parts)
    return Table("财政拨款“三公”经费支出决算表",
                 [top.rstrip(), second.rstrip(), third.rstrip(), leaves.rstrip()],
                 [[("财政拨款“三公”经费", 1, 12)],
                  [("合计", 2, 2), ("因公出国（境）费", 2, 2), ("公务用车购置及运行维护费", 1, 6), ("公务接待费", 2, 2)],
                  [("小计", 1, 2), ("公务用车购置费", 1, 2), ("公务用车运行维护费", 1, 2)],
                  [("预算数", 1, 1), ("决算数", 1, 1)] * 6],
                 [[money(v[k]) for _, v in parts for k in (0, 1)]],
                 ["注：本表列示本部门2024年度使用财政拨款安排的“三公”经费预算数和决算数。"],
                 aligned=cell)


FUND_HEADER = "科目编码  科目名称  年初结转和结余  本年收入  本年支出合计  基本支出  项目支出  年末结转和结余"


def fund_table() -> Table:
    columns = [lambda i: FUND_OPENING if i.fund else None, lambda i: i.fiscal_income if i.fund else None,
               lambda i: i.fund or None, lambda i: ZERO if i.fund else None, lambda i: i.fund or None,
               lambda i: FUND_CLOSING if i.fund else None]
    return Table("政府性基金预算财政拨款收入支出决算表",
                 [FUND_HEADER],
                 [[("项目", 1, 2), ("年初结转和结余", 2, 1), ("本年收入", 2, 1), ("本年支出", 1, 3), ("年末结转和结余", 2, 1)],
                  [("科目编码", 1, 1), ("科目名称", 1, 1), ("合计", 1, 1), ("基本支出", 1, 1), ("项目支出", 1, 1)]],
                 classified_rows(columns, _codes(lambda i: i.fund)),
                 ["注：本表列示本部门2024年度政府性基金预算财政拨款收入、支出及结转和结余。"])


def capital_table() -> Table:
    return Table("国有资本经营预算财政拨款收入支出决算表",
                 [FUND_HEADER],
                 [[("项目", 1, 2), ("年初结转和结余", 2, 1), ("本年收入", 2, 1), ("本年支出", 1, 3), ("年末结转和结余", 2, 1)],
                  [("科目编码", 1, 1), ("科目名称", 1, 1), ("合计", 1, 1), ("基本支出", 1, 1), ("项目支出", 1, 1)]],
                 [], ["注：本表列示本部门2024年度国有资本经营预算财政拨款收入、支出及结转和结余。",
                      f"说明：{DEPARTMENT}2024年度未取得国有资本经营预算财政拨款，也未安排相应支出，此表为空表。"])


TABLES = [summary_table, income_table, expenditure_table, fiscal_table, general_table, basic_table,
          sangong_table, fund_table, capital_table]


def profile() -> list:
    return [
        f"{DEPARTMENT}2024年度部门决算",
        "目录",
        f"第一部分 {DEPARTMENT}概况",
        f"第二部分 {DEPARTMENT}2024年度部门决算表",
        *(f"{n}、{t().title}" for n, t in zip("一二三四五六七八九", TABLES)),
        f"第三部分 {DEPARTMENT}2024年度部门决算情况说明",
        "第四部分 名词解释",
        PAGE,
        f"第一部分 {DEPARTMENT}概况",
        "一、主要职能",
        f"{DEPARTMENT}是青禾市人民政府主管全市教育工作的部门，主要承担以下职责：",
        "（1）贯彻国家和省的教育法规与政策，编制全市教育事业中长期规划和年度计划，并组织落实。",
        "（2）统筹全市中小学和幼儿园的布局与建设，推进城乡义务教育一体化和普通高中多样化发展。",
        "（3）负责全市教师队伍的管理与培养，组织教师继续教育和校长任职培训。",
        "（4）组织全市中考、学业水平考试等教育考试及招生录取，管理中小学学籍。",
        "（5）指导学校安全、卫生、体育和艺术教育工作，管理本部门的教育经费和国有资产。",
        "（6）办理市委、市政府交办的其他事项。",
        "二、部门决算单位构成及人员情况",
        f"纳入本部门2024年度部门决算编制范围的单位共 3 家，分别为{DEPARTMENT}（本级）、青禾市教育考试院和青禾市教师发展中心。",
        "截至年末，本部门实有人数 186 人，其中：在职人员 142 人，离休人员 2 人，退休人员 42 人。",
    ]


def explanation() -> list:
    f = F
    general = f.rows(lambda i: i.general or None)
    structure = [c for c in sorted(general) if len(c) == 3]
    lines = [i for i in ITEMS if i.general]
    reasons_less = {
        "2050101": "严格执行公用经费定额，压减了会议和印刷支出",
        "2050102": "部分督导检查改为线上开展，差旅和会务支出少于预算",
        "2050299": "学生资助资金按实际受助人数据实结算",
        "2050801": "部分线下集中培训改为网络研修，培训费用有所节约",
        "2080501": "年内有 1 名离休干部去世，离休费相应减少",
        "2080505": "新录用人员晚于预计时间到岗，单位缴费少于预算",
        "2080506": "职业年金按实际参保人数和缴费基数结算",
        "2101101": "医疗保险缴费按实际缴费基数结算",
        "2101102": "医疗保险缴费按实际缴费基数结算",
        "2210201": "住房公积金按实际缴存人数和基数结算",
    }
    use = {
        "2050101": "保障局机关和参公管理单位的日常运转",
        "2050102": "开展教育督导、教育统计和教育宣传等专项工作",
        "2050204": "改善公办普通高中办学条件，实施高中教育质量提升计划",
        "2050299": "普通高中学生资助和教育信息化运行维护",
        "2050801": "组织中小学教师全员培训和新任教师岗前培训",
        "2080501": "发放机关离休人员的离休费和各项补贴",
        "2080505": "为在职人员缴纳机关事业单位基本养老保险费",
        "2080506": "为在职人员缴纳职业年金",
        "2101101": "为行政单位在职人员缴纳基本医疗保险费",
        "2101102": "为事业单位在职人员缴纳基本医疗保险费",
        "2210201": "按规定为在职人员缴存住房公积金",
    }
    out = [
        PAGE,
        f"第三部分 {DEPARTMENT}2024年度部门决算情况说明",
        "一、收入支出决算总体情况说明",
        f"{DEPARTMENT}2024年度收入支出总计 {money(f.total)} 万元，比2023年度增加 {money(f.total - LAST_TOTAL)} 万元，"
        f"增长 {growth(f.total, LAST_TOTAL)}，主要原因是：普通高中改善办学条件项目资金增加。",
        f"收入总计 {money(f.total)} 万元，包括本年收入合计 {money(f.income)} 万元，使用非财政拨款结余 0.00 万元，"
        f"年初结转和结余 {money(f.opening)} 万元。",
        f"支出总计 {money(f.total)} 万元，包括本年支出合计 {money(f.spent)} 万元，结余分配 0.00 万元，"
        f"年末结转和结余 {money(f.closing)} 万元。",
        "二、收入决算情况说明",
        f"2024年度本年收入合计 {money(f.income)} 万元。按来源分：财政拨款收入 {money(f.fiscal_income)} 万元，"
        f"占 {pct(f.fiscal_income, f.income)}；事业收入 {money(f.business)} 万元，占 {pct(f.business, f.income)}；"
        f"其他收入 {money(f.other)} 万元，占 {pct(f.other, f.income)}。",
        "三、支出决算情况说明",
        f"2024年度本年支出合计 {money(f.spent)} 万元。按性质分：基本支出 {money(f.basic)} 万元，"
        f"占 {pct(f.basic, f.spent)}；项目支出 {money(f.project)} 万元，占 {pct(f.project, f.spent)}。",
        "四、财政拨款收入支出决算总体情况说明",
        f"{DEPARTMENT}2024年度财政拨款收入支出总计 {money(f.fiscal_total)} 万元，比2023年度增加 "
        f"{money(f.fiscal_total - LAST_FISCAL)} 万元，增长 {growth(f.fiscal_total, LAST_FISCAL)}，"
        "主要原因是：市级财政追加了普通高中质量提升专项资金。",
        f"财政拨款收入总计 {money(f.fiscal_total)} 万元，包括年初财政拨款结转和结余 {money(f.fiscal_opening)} 万元，"
        f"本年财政拨款收入 {money(f.fiscal_income)} 万元；财政拨款支出总计 {money(f.fiscal_total)} 万元，"
        f"包括本年财政拨款支出 {money(f.fiscal_spent)} 万元，年末财政拨款结转和结余 {money(f.fiscal_closing)} 万元。",
        "五、一般公共预算财政拨款支出决算情况说明",
        "（一）一般公共预算财政拨款支出决算总体情况",
        f"2024年度一般公共预算财政拨款支出 {money(f.general)} 万元，占本年支出合计的比重为 {pct(f.general, f.spent)}。"
        f"与2023年度相比，增加 {money(f.general - LAST_GENERAL)} 万元，增长 {growth(f.general, LAST_GENERAL)}，"
        "主要原因是：普通高中改善办学条件和教师培训项目支出增加。",
        "（二）一般公共预算财政拨款支出决算结构情况",
        "按支出功能分类，各类支出如下：",
        *(f"{n}、{NAMES[c]}（类）{money(general[c])} 万元，占 {pct(general[c], f.general)}{'。' if n == len(structure) else '；'}"
          for n, c in enumerate(structure, 1)),
        PAGE,
        "（三）一般公共预算财政拨款支出决算具体情况",
        f"一般公共预算财政拨款支出年初预算为 {money(f.general_budget)} 万元，支出决算为 {money(f.general)} 万元，"
        f"完成年初预算的 {pct(f.general, f.general_budget)}。决算数大于预算数的主要原因是：年中追加了普通高中质量提升专项资金。"
        "分科目说明如下：",
    ]
    for n, item in enumerate(lines, 1):
        c = item.code
        final, budget = item.general, item.budget
        word = "大于" if final > budget else "小于"
        reason = reasons_less.get(c, "年中追加了普通高中改善办学条件资金")
        out.append(f"{n}、{NAMES[c[:3]]}（类）{NAMES[c[:5]]}（款）{NAMES[c]}（项）。主要用于：{use[c]}。"
                   f"年初预算为 {money(budget)} 万元，支出决算为 {money(final)} 万元，完成年初预算的 {pct(final, budget)}。"
                   f"决算数{word}预算数的主要原因是：{reason}。")
    travel, car_buy, car_run, reception = TRAVEL, CAR_BUY, CAR_RUN, RECEPTION
    sangong, car = f.sangong, f.car
    out += [
        "六、一般公共预算财政拨款基本支出决算情况说明",
        f"2024年度一般公共预算财政拨款基本支出 {money(f.general_basic)} 万元，其中：人员经费 {money(f.personnel)} 万元，"
        "主要包括基本工资、津贴补贴、奖金、绩效工资、机关事业单位基本养老保险缴费、职业年金缴费、职工基本医疗保险缴费、"
        f"住房公积金、离休费和退休费；公用经费 {money(f.public_total)} 万元，主要包括办公费、水费、电费、邮电费、差旅费、"
        "维修（护）费、培训费、公务接待费、工会经费、福利费、公务用车运行维护费、其他交通费用和办公设备购置。",
        PAGE,
        "七、财政拨款“三公”经费支出决算情况说明",
        "（一）“三公”经费财政拨款支出总体情况",
        f"2024年度“三公”经费财政拨款支出年初预算为 {money(sangong[0])} 万元，支出决算为 {money(sangong[1])} 万元，"
        f"完成年初预算的 {pct(sangong[1], sangong[0])}。其中：公务用车购置及运行维护费年初预算为 {money(car[0])} 万元，"
        f"支出决算为 {money(car[1])} 万元，完成年初预算的 {pct(car[1], car[0])}；公务接待费年初预算为 "
        f"{money(reception[0])} 万元，支出决算为 {money(reception[1])} 万元，完成年初预算的 {pct(reception[1], reception[0])}。"
        "决算数小于预算数的主要原因是：严格控制公务用车使用和公务接待规模。",
        f"2024年度“三公”经费财政拨款支出决算 {money(sangong[1])} 万元，比2023年度减少 {money(sangong[2] - sangong[1])} 万元，"
        f"下降 {growth(sangong[1], sangong[2])}，主要原因是：公务接待批次和陪同人数减少，公务用车维修费用下降。",
        "（二）“三公”经费财政拨款支出分项情况",
        f"按费用类别分，因公出国（境）费 {money(travel[1])} 万元，占 {pct(travel[1], sangong[1])}；"
        f"公务用车购置及运行维护费 {money(car[1])} 万元，占 {pct(car[1], sangong[1])}；"
        f"公务接待费 {money(reception[1])} 万元，占 {pct(reception[1], sangong[1])}。各项明细如下：",
        f"1、因公出国（境）费 {money(travel[1])} 万元，全年没有出国（境）任务。",
        f"2、公务用车购置及运行维护费 {money(car[1])} 万元：本年没有购置车辆，公务用车购置费 {money(car_buy[1])} 万元；"
        f"公务用车运行维护费 {money(car_run[1])} 万元，开支车辆加油、维修、保险和通行等费用。"
        "年末本部门由财政拨款开支的公务用车保有量 4 辆。",
        f"3、公务接待费 {money(reception[1])} 万元，开支上级部门和外地教育部门来青禾调研、交流的工作餐费用，"
        "全年国内公务接待 37 批次、295 人次，没有外宾接待。",
        "八、政府性基金预算财政拨款收入支出决算情况说明",
        f"2024年度政府性基金预算财政拨款年初结转和结余 {money(FUND_OPENING)} 万元，本年收入 {money(f.fund_income)} 万元，"
        f"本年支出 {money(f.fund)} 万元，年末结转和结余 {money(FUND_CLOSING)} 万元。各项支出如下：",
        f"1、其他支出（类）彩票公益金安排的支出（款）用于教育事业的彩票公益金支出（项）。主要用于：资助家庭经济困难学生和"
        f"支持乡村学校体育设施建设。年初预算为 {money(FUND_BUDGET)} 万元，支出决算为 {money(f.fund)} 万元，"
        f"完成年初预算的 {pct(f.fund, FUND_BUDGET)}。决算数小于预算数的主要原因是：一所乡村学校的运动场改造延至下一年度实施。",
        "九、国有资本经营预算财政拨款收入支出决算情况说明",
        "2024年度本部门未取得国有资本经营预算财政拨款，也未发生由这项拨款安排的支出。",
        "十、预算绩效管理情况",
        "本部门已建立项目绩效目标管理、绩效运行监控和绩效自评三项制度。2024年度编报绩效目标的项目 12 个，"
        "全部开展了绩效自评，自评结果为“优”的 9 个、“良”的 3 个。自评发现的问题已在下一年度预算编制中整改。",
        "十一、其他重要事项的情况说明",
        "（一）机关运行经费支出情况",
        f"2024年度本部门机关运行经费支出 {money(RUNNING)} 万元，比2023年度减少 {money(LAST_RUNNING - RUNNING)} 万元，"
        f"下降 {growth(RUNNING, LAST_RUNNING)}，主要原因是：办公用房维修和印刷支出减少。",
        "（二）政府采购支出情况",
        "2024年度本部门政府采购支出总额 1,268.40 万元，其中：政府采购货物支出 512.36 万元，政府采购工程支出 "
        "438.90 万元，政府采购服务支出 317.14 万元。授予中小企业合同金额 1,046.22 万元，占政府采购支出总额的 82.48%，"
        "其中：授予小微企业合同金额 703.85 万元，占政府采购支出总额的 55.49%。",
        "（三）国有资产占有使用情况说明",
        "截至2024年12月31日，本部门共有车辆 6 辆。按用途分：应急保障用车 1 辆，执法执勤用车 0 辆，"
        "特种专业技术用车 1 辆，其他用车 4 辆。另有单台价值100万元（含）以上的专用设备 2 台（套），均为考试院的阅卷设备。",
        PAGE,
        "第四部分 名词解释",
        "一、财政拨款收入：本部门当年从同级财政取得的拨款，分一般公共预算、政府性基金预算和国有资本经营预算三种。",
        "二、事业收入：教育考试院、教师发展中心等所属事业单位开展业务活动取得的收入，本年主要是考务收入。",
        "三、其他收入：上面几类以外的收入，本年主要是银行存款利息。",
        "四、年初结转和结余：上年末没有用完、按规定转入本年继续安排的资金。",
        "五、年末结转和结余：本年没有用完、按规定转入下一年度继续安排的资金。",
        "六、基本支出：维持机关和所属单位日常运转的人员经费和公用经费。",
        "七、项目支出：为完成教育事业发展的专门任务另行安排的支出。",
        "八、“三公”经费：财政拨款开支的因公出国（境）费、公务用车购置及运行维护费、公务接待费三项经费的合称。",
        "九、机关运行经费：机关和参照公务员法管理的事业单位，用一般公共预算财政拨款开支的日常公用经费。",
    ]
    return out


def document() -> list:
    """The report as blocks: lines of text, tables and page breaks."""
    blocks = profile()
    blocks += [PAGE, f"第二部分 {DEPARTMENT}2024年度部门决算表"]
    for n, make in enumerate(TABLES):
        if n:
            blocks.append(PAGE)
        blocks.append(make())
    return blocks + explanation()


# -- rendering ---------------------------------------------------------------------------------


def table_text(table: Table) -> list[str]:
    if table.aligned:
        rows = ["".join(cell.rjust(table.aligned) + "  " for cell in row).rstrip() for row in table.rows]
    else:
        rows = ["  ".join(cell for cell in row if cell) for row in table.rows]
    head = [table.title, "单位：万元", *table.header_text]
    if table.continued_at is None:
        return head + rows + table.notes
    cut = table.continued_at
    return head + rows[:cut] + [PAGE + table.title + "（续）", "单位：万元", *table.header_text] + rows[cut:] + table.notes


def render_text(blocks: list) -> str:
    lines: list[str] = []
    page_break = False
    for block in blocks:
        if block is PAGE:
            page_break = True
            continue
        new = table_text(block) if isinstance(block, Table) else [block]
        if page_break:
            new[0] = PAGE + new[0]
            page_break = False
        lines.extend(new)
    return "\n".join(lines) + "\n"


def table_html(table: Table) -> str:
    out = [f"<p align=\"center\"><b>{html.escape(table.title)}</b></p>", "<p align=\"right\">单位：万元</p>",
           "<table border=\"1\" cellspacing=\"0\" cellpadding=\"2\">"]
    for row in table.header_html:
        cells = "".join(
            f"<th{f' rowspan={r}' if r > 1 else ''}{f' colspan={c}' if c > 1 else ''}>{html.escape(t)}</th>"
            for t, r, c in row)
        out.append(f"<tr>{cells}</tr>")
    for row in table.rows:
        cells = []
        for j, cell in enumerate(row):
            text = "" if j in table.blank_in_html and cell == "0.00" else cell
            cells.append(f"<td>{html.escape(text) or '&nbsp;'}</td>")
        out.append(f"<tr>{''.join(cells)}</tr>")
    out.append("</table>")
    out += [f"<p>{html.escape(note)}</p>" for note in table.notes]
    return "\n".join(out)


def render_html(blocks: list) -> bytes:
    body = []
    for block in blocks:
        if block is PAGE:
            continue
        if isinstance(block, Table):
            body.append(table_html(block))
        else:
            body.append(f"<p>{html.escape(block)}</p>")
    page = f"""<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>{DEPARTMENT}2024年度部门决算_青禾市人民政府门户网站</title>
<link rel="stylesheet" href="/css/main.css">
<script>var pageViews = "本年收入合计 1.00 万元";</script>
</head><body>
<div class="header"><div class="logo">青禾市人民政府</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="main">
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 财政预决算</div>
<div class="article">
<h1 class="title">{DEPARTMENT}2024年度部门决算</h1>
<div class="info">发布时间：2025-08-28　来源：{DEPARTMENT}　浏览次数：1024</div>
<div class="TRS_Editor">
{chr(10).join(body)}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
</div></div>
<div class="footer"><p>主办：青禾市人民政府办公室　承办：青禾市大数据中心</p>
<p>网站标识码：0000000000　备案号：某ICP备00000000号-1</p></div>
</body></html>
"""
    return page.encode("gbk")


# -- planted problems --------------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """Print ``new`` where the consistent report prints ``old``: in the one line of text
    that holds it (an ``old`` ending in a line break: at the end of that line), or in
    a table's cell: the ``column``-th cell of the row that has a cell ``row``."""

    old: str
    new: str
    table: str | None = None
    row: str | None = None
    column: int | None = None


@dataclass(frozen=True)
class Expected:
    """A finding a planted problem must draw: its rule, where it is printed, what is
    printed and what it should be. ``marker`` is a stretch of the one line of text that
    prints it, or, for a finding in a table, the first cells of its row; ``column`` are
    words of the column's header."""

    rule: str
    marker: str | tuple[str, ...]
    stated: str | None
    expected: str | None
    severity: str = "error"
    table: str | None = None
    row: str | None = None
    column: tuple[str, ...] = ()
    #: why juesuan reports this finding on another line than the one that prints it
    line_bug: str | None = None


@dataclass(frozen=True)
class Problem:
    id: str
    edits: tuple[Edit, ...]
    findings: tuple[Expected, ...]


SANGONG_TITLE = "财政拨款“三公”经费支出决算表"
# A table finding's line is the table's first line plus the row's index among the grid
# rows that are not blank; header lines read as blank (the 三公 header, read in the
# template's order, keeps only its first and last lines), blank lines and a repeated
# header below "（续）" are not counted, so the rows below them are placed too high.
FUND_TITLE = "政府性基金预算财政拨款收入支出决算表"
FISCAL_TITLE = "财政拨款收入支出决算总表"
SUMMARY_TITLE = "收入支出决算总表"

PROBLEMS = [
    # 公务用车运行维护费 budget printed 25.00: the 小计 26.00 no longer adds up.
    Problem("T101-sangong-subtotal",
            (Edit("26.00", "25.00", SANGONG_TITLE, "38.00", 8),),
            (Expected("T101", ("38.00", "31.46", "0.00"), "26.00", "25.00", table=SANGONG_TITLE, row="合计",
                      column=("公务用车购置及运行维护费", "预算数")),)),
    # 229 其他支出 本年收入 with two digits swapped: the 类 is not the sum of its 款, and
    # 合计 is not the sum of its 类 as printed, but is of the 类 put right: only the 类 is
    # named, never the right 合计.
    Problem("T102-fund-category",
            (Edit("180.00", "108.00", FUND_TITLE, "229", 3),),
            (Expected("T102", ("229", "其他支出", "0.00", "108.00"), "108.00", "180.00", table=FUND_TITLE, row="229 其他支出",
                      column=("本年收入",)),)),
    # 卫生健康支出 printed 171.68 in the summary table: 本年支出合计 is not its rows' sum.
    Problem("T103-summary-right-side",
            (Edit("117.68", "171.68", SUMMARY_TITLE, "三、国有资本经营预算财政拨款收入", 3),),
            (Expected("T103", ("本年收入合计", "5,912.61", "本年支出合计"), "5,896.30", "5,950.30",
                      table=SUMMARY_TITLE, row="本年支出合计", column=("支出", "决算数")),)),
    # The fiscal summary table's general budget income (and its 本年收入合计) differ from
    # the 财政拨款收入 of 收入决算表.
    Problem("T201-fiscal-income",
            (Edit("5,363.35", "5,336.35", FISCAL_TITLE, "一、一般公共预算财政拨款", 1),
             Edit("5,543.35", "5,516.35", FISCAL_TITLE, "本年收入合计", 1)),
            (Expected("T201", ("本年收入合计", "5,516.35"), "5,516.35", "5,543.35", table=FISCAL_TITLE,
                      row="本年收入合计", column=("收入", "决算数")),)),
    # The fund's 年末结转和结余 in the text is not the table's.
    Problem("T301-fund-closing",
            (Edit("年末结转和结余 30.00 万元", "年末结转和结余 3.00 万元"),),
            (Expected("T301", "年末结转和结余 3.00 万元", "3.00 万元", "30.00 万元"),)),
    # 项目支出's share taken of 支出总计 instead of 本年支出合计.
    Problem("P101-project-share",
            (Edit("占 64.83%", "占 63.22%"),),
            (Expected("P101", "占 63.22%", "63.22%", "64.83%"),)),
    # 机关运行经费's fall divided by this year's figure instead of last year's.
    Problem("G101-running-costs",
            (Edit("下降 5.45%", "下降 5.76%"),),
            (Expected("G101", "下降 5.76%", "5.76%", "下降 5.45%"),)),
    # 教师进修: budget divided by the final figure.
    Problem("B102-completion",
            (Edit("完成年初预算的 90.84%", "完成年初预算的 110.09%"),),
            (Expected("B102", "完成年初预算的 110.09%", "110.09%", "90.84%"),)),
    # 其他普通教育支出 spent 618.72 of 650.00 and says it spent more.
    Problem("D104-comparison-word",
            (Edit("决算数小于预算数的主要原因是：学生资助资金", "决算数大于预算数的主要原因是：学生资助资金"),),
            (Expected("D104", "决算数大于预算数的主要原因是：学生资助资金", "大于", "小于"),)),
    # Last year's report left in: "2023年度本年收入合计".
    Problem("M104-year",
            (Edit("2024年度本年收入合计", "2023年度本年收入合计"),),
            (Expected("M104", "2023年度本年收入合计", "2023", "2024", severity="warning"),)),
    # A reason never written.
    Problem("M102-placeholder",
            (Edit("新录用人员晚于预计时间到岗，单位缴费少于预算。\n",
                  "……。\n"),),
            (Expected("M102", "机关事业单位基本养老保险缴费支出（项）", "……", None),)),
    # A sentence copied from another department's report.
    Problem("M105-department",
            (Edit(f"{DEPARTMENT}2024年度财政拨款收入支出总计", "青禾市文化广电旅游局2024年度财政拨款收入支出总计"),),
            (Expected("M105", "青禾市文化广电旅游局2024年度", "青禾市文化广电旅游局", DEPARTMENT, severity="warning"),)),
    # The fund line's 项 put under a 款 it does not belong to.
    Problem("K102-wrong-parent",
            (Edit("其他支出（类）彩票公益金安排的支出（款）", "其他支出（类）彩票发行销售机构业务费安排的支出（款）"),),
            (Expected("K102", "彩票发行销售机构业务费安排的支出（款）", "用于教育事业的彩票公益金支出",
                      "其他支出（229） > 彩票公益金安排的支出（22960）"),)),
]


def _apply(blocks: list, edit: Edit) -> list:
    if edit.table is None:
        # text edits name a stretch of one paragraph; a trailing "\n" marks its end
        old, new = edit.old.rstrip("\n"), edit.new.rstrip("\n")
        hits = [n for n, b in enumerate(blocks) if isinstance(b, str) and b is not PAGE
                and (b.endswith(old) if edit.old.endswith("\n") else old in b)]
        assert len(hits) == 1, (edit, hits)
        n = hits[0]
        assert blocks[n].count(old) == 1, edit
        return [*blocks[:n], blocks[n].replace(old, new), *blocks[n + 1:]]
    out = []
    for block in blocks:
        if isinstance(block, Table) and block.title == edit.table:
            rows = [list(row) for row in block.rows]
            row = next(r for r in rows if edit.row in r)
            assert row[edit.column] == edit.old, (edit, row)
            row[edit.column] = edit.new
            block = replace(block, rows=rows)
        out.append(block)
    assert out != blocks, edit
    return out


def planted_document(problems=PROBLEMS) -> list:
    blocks = document()
    for problem in problems:
        for edit in problem.edits:
            blocks = _apply(blocks, edit)
    return blocks


# -- helpers of the tests ------------------------------------------------------------------------

FILES = {"report-with-tables.txt": lambda: render_text(document()).encode("utf-8"),
         "report-with-tables-planted.txt": lambda: render_text(planted_document()).encode("utf-8"),
         "report-with-tables.html": lambda: render_html(document()),
         "report-with-tables-planted.html": lambda: render_html(planted_document())}
TABLE_KEYS = ["summary", "income", "expenditure", "fiscal", "general", "basic", "sangong", "fund", "capital"]
SECTION_KEYS = {"overview", "income", "expenditure", "fiscal", "general", "basic", "sangong", "fund", "capital"}
EXPECTED = [(problem.id, finding) for problem in PROBLEMS for finding in problem.findings]


def line_of(text: str, marker: str | tuple[str, ...]) -> int:
    """The 1-based line of ``text`` that holds ``marker`` (a stretch of text, or the first
    cells of a table row, cells being parted by two spaces or more); there must be one."""
    found = []
    for number, line in enumerate(text.split("\n"), 1):
        if isinstance(marker, str):
            hit = marker in line
        else:
            cells = [cell for cell in line.replace(PAGE, "").strip().split("  ") if cell.strip()]
            hit = tuple(cell.strip() for cell in cells[:len(marker)]) == marker
        if hit:
            found.append(number)
    assert len(found) == 1, (marker, found)
    return found[0]


def page_of(text: str, line: int) -> int:
    """1 + the form feeds before the text of ``line`` (a form feed opening a line puts it
    on the next page)."""
    lines = text.split("\n")
    return 1 + sum(l.count(PAGE) for l in lines[:line - 1]) + len(lines[line - 1]) - len(lines[line - 1].lstrip(PAGE))


def errors(result) -> list:
    return [f for f in result.findings if f.severity == "error"]


def describe(findings) -> list:
    return [(f.rule, f.location.line, f.location.row, f.location.column, f.message) for f in findings]


def key_of(finding) -> tuple:
    """How a finding is compared: by rule and line; a finding in a table by rule, table and
    row as well (and by those alone where its line is known to be wrong: ``line_bug``)."""
    location = finding.location
    if location.table is not None and (location.table, location.row) in _LINE_BUGS:
        return finding.rule, location.table, location.row
    return finding.rule, location.line, location.table, location.row


def wanted_key(text: str, wanted: Expected) -> tuple:
    if wanted.line_bug:
        return wanted.rule, wanted.table, wanted.row
    return wanted.rule, line_of(text, wanted.marker), wanted.table, wanted.row


_LINE_BUGS = {(w.table, w.row) for _, w in EXPECTED if w.line_bug}


def matching(result, text: str, wanted: Expected) -> list:
    """The findings that are the one wanted: same rule, line (or table and row, for a
    finding whose line is known to be wrong) and column."""
    key = wanted_key(text, wanted)
    return [f for f in result.findings if key_of(f) == key
            and (f.location.column is None or all(word in f.location.column for word in wanted.column))]


@pytest.fixture(scope="module")
def text() -> str:
    return render_text(document())


@pytest.fixture(scope="module")
def result(text):
    return check_text(text, "report-with-tables.txt")


@pytest.fixture(scope="module")
def planted_text() -> str:
    return render_text(planted_document())


@pytest.fixture(scope="module")
def planted(planted_text):
    return check_text(planted_text, "report-with-tables-planted.txt")


@pytest.fixture(scope="module")
def page() -> bytes:
    return render_html(document())


@pytest.fixture(scope="module")
def html_result(page):
    document_ = parse_html(page)
    return document_, check_document(document_, "report-with-tables.html")


@pytest.fixture(scope="module")
def planted_html():
    document_ = parse_html(render_html(planted_document()))
    return document_, check_document(document_, "report-with-tables-planted.html")


# -- the builder's own arithmetic ---------------------------------------------------------------


def _value(cell: str) -> Decimal:
    return D(cell.replace(",", "")) if cell else ZERO


def test_the_tables_add_up_by_their_own_figures():
    """Checked on the printed cells, without juesuan: every table adds up the way the
    template says, and the pairs of figures two tables both give are equal."""
    tables = {t.title: t for t in document() if isinstance(t, Table)}
    by_code = {}
    for title in ("收入决算表", "支出决算表", "一般公共预算财政拨款支出决算表", FUND_TITLE):
        rows = {row[0] or row[1]: [_value(c) for c in row[2:]] for row in tables[title].rows}
        by_code[title] = rows
        for code, figures in rows.items():
            children = [f for c, f in rows.items() if c != "合计" and
                        (len(c) == len(code) + 2 and c.startswith(code) if code != "合计" else len(c) == 3)]
            if children:
                assert figures == [sum(column, ZERO) for column in zip(*children)], (title, code)
        sums = {"收入决算表": (0, range(1, 7)), "支出决算表": (0, range(1, 6)),
                "一般公共预算财政拨款支出决算表": (0, (1, 2)), FUND_TITLE: (2, (3, 4))}[title]
        for code, figures in rows.items():
            assert figures[sums[0]] == sum((figures[j] for j in sums[1]), ZERO), (title, code)
    summary = {row[k]: _value(row[k + 1]) for row in tables[SUMMARY_TITLE].rows for k in (0, 2) if row[k]}
    left = [v for k, v in list(summary.items()) if k[:2] in {f"{n}、" for n in "一二三四五六七八"} and "收入" in k]
    right = [v for k, v in summary.items() if k.endswith("支出") and k != "本年支出合计"]
    assert summary["本年收入合计"] == sum(left, ZERO) == by_code["收入决算表"]["合计"][0]
    assert summary["本年支出合计"] == sum(right, ZERO) == by_code["支出决算表"]["合计"][0]
    assert summary["本年收入合计"] + summary["年初结转和结余"] == summary["总计"]
    assert summary["本年支出合计"] + summary["年末结转和结余"] == summary["总计"]
    fiscal = tables[FISCAL_TITLE].rows
    spent = next(row for row in fiscal if row[2] == "本年支出合计")
    assert [_value(c) for c in spent[3:]] == [F.fiscal_spent, F.general, F.fund, ZERO]
    assert _value(spent[4]) == by_code["一般公共预算财政拨款支出决算表"]["合计"][0]
    assert _value(spent[5]) == by_code[FUND_TITLE]["合计"][2]
    for row in fiscal:
        if row[3]:
            assert _value(row[3]) == sum((_value(c) for c in row[4:]), ZERO), row
    income = next(row for row in fiscal if row[0] == "本年收入合计")
    assert _value(income[1]) == by_code["收入决算表"]["合计"][1]
    basic = tables["一般公共预算财政拨款基本支出决算表"].rows
    assert _value(basic[-1][2]) + _value(basic[-1][5]) == by_code["一般公共预算财政拨款支出决算表"]["合计"][1]
    sangong = [_value(c) for c in tables[SANGONG_TITLE].rows[0]]
    for k in (0, 1):
        assert sangong[k] == sangong[2 + k] + sangong[4 + k] + sangong[10 + k]
        assert sangong[4 + k] == sangong[6 + k] + sangong[8 + k]


def test_fixture_files_are_what_the_builder_makes():
    """tests/data holds the reports this module builds (``python tests/test_reports_with_tables.py``
    writes them again)."""
    for name, make in FILES.items():
        assert (DATA / name).read_bytes() == make(), f"tests/data/{name} is stale: run this file to rewrite it"


# -- the consistent report, as text ------------------------------------------------------------


def test_text_has_pages_of_about_forty_lines(text):
    pages = text.split(PAGE)
    assert len(pages) >= 15
    assert max(page.count("\n") for page in pages) <= 45


def test_consistent_report_has_no_error(result):
    assert result.tool_errors == []
    assert describe(errors(result)) == []


def test_consistent_report_has_no_warning(result):
    assert describe(result.findings) == []


_HALF_WIDTH = str.maketrans("，；：（）", ",;:()")


def test_consistent_report_with_half_width_punctuation_has_no_finding(text):
    # many reports are typed with ASCII commas and parentheses: "维修(护)费" is the table's "维修（护）费"
    typed = "\n".join(line.translate(_HALF_WIDTH) if "。" in line else line for line in text.split("\n"))
    assert "维修(护)费" in typed
    assert describe(check_text(typed).findings) == []


_OTHER_TITLES = {"收入支出决算总表": "部门收支决算总表", "财政拨款收入支出决算总表": "财政拨款收支决算总表",
                 "一般公共预算财政拨款支出决算表": "一般公共预算财政拨款支出决算明细表",
                 "一般公共预算财政拨款基本支出决算表": "一般公共预算财政拨款基本支出决算明细表"}


def _retitled(text: str) -> str:
    return "\n".join(("\f" if line.startswith("\f") else "") + _OTHER_TITLES.get(line.lstrip("\f"), line.lstrip("\f"))
                     for line in text.split("\n"))


def test_tables_titled_as_other_provinces_title_them_are_read_alike(text, planted_text):
    retitled = _retitled(text)
    assert sum(line.lstrip("\f") in _OTHER_TITLES.values() for line in retitled.split("\n")) >= 4
    result = check_text(retitled)
    assert sorted(table.spec.key for table in result.report.tables) == sorted(
        table.spec.key for table in check_text(text).report.tables)
    assert describe(result.findings) == []
    assert describe(check_text(_retitled(planted_text)).findings) == describe(check_text(planted_text).findings)


def _read_cells(result) -> list[tuple]:
    return sorted((table.spec.key, row.code or "", row.label, key, str(number.value))
                  for table in result.report.tables for row in table.rows for key, number in row.cells.items())


@pytest.mark.parametrize("printed, other", [
    ("科目编码  科目名称  本年支出合计", "科目编码  科目名称  支出合计"),
    ("科目编码  科目名称  本年收入合计", "科目编码  科目名称  收入合计"),
    ("年初结转和结余  本年收入  本年支出合计", "年初结转和结余  本年收入  本年支出"),
    ("科目编码  科目名称  合计  基本支出", "科目编码  科目名称  小计  基本支出"),
    # the 三公 table's budget and final columns, and the summary's
    ("预算数      决算数", "预算        决算  "),
    ("预算数      决算数", "全年预算数  决算数"),
    ("项目  决算数  项目  决算数", "项目  决算  项目  决算"),
])
def test_a_column_headed_in_other_words_is_read_as_that_column(result, text, printed, other):
    assert printed in text
    worded = check_text(text.replace(printed, other))
    assert _read_cells(worded) == _read_cells(result)
    assert describe(worded.findings) == []


def test_headings_that_end_with_a_colon_are_headings(text, planted_text):
    # "六、一般公共预算财政拨款基本支出决算情况说明：" leads to its body; read as a sentence, the
    # item before it ran on into the section's first figure (a false B102)
    def colons(report: str) -> str:
        return re.sub(r"(?m)^(\f?[一二三四五六七八九十]+、[^。，\d\n]{2,40})$", r"\1：", report)

    assert colons(text).count("说明：\n") >= 8
    assert describe(check_text(colons(text)).findings) == []
    assert describe(check_text(colons(planted_text)).findings) == describe(check_text(planted_text).findings)


def test_nine_tables_are_recognised(result, text):
    tables = result.report.tables
    assert [t.spec.key for t in tables] == TABLE_KEYS
    lines = text.split("\n")
    for table in tables:
        # each table starts on a page of its own, its header two lines below its title
        assert lines[table.line - 3].lstrip(PAGE) == table.spec.title
        assert table.page == page_of(text, table.line - 2)
        assert not any(row.uncertain for row in table.rows), table.spec.key
    rows = {t.spec.key: len(t.rows) for t in tables}
    assert rows == {"summary": 8 + 5 + 4 * 2, "income": 25, "expenditure": 25, "fiscal": 5 + 3 + 4 * 2 + 1,
                    "general": 22, "basic": 2 * (12 + 1) + 4, "sangong": 1, "fund": 4, "capital": 0}


def test_table_cells_are_read_as_printed(result):
    tables = {t.spec.key: t for t in result.report.tables}

    def cell(key, label=None, column=None, side=None, code=None):
        return tables[key].row(label=label, code=code, side=side).cells[column].value

    assert cell("summary", "总计", "决算数", "left") == cell("summary", "总计", "决算数", "right") == F.total
    assert cell("summary", "年末结转和结余", "决算数", "right") == F.closing
    assert cell("income", "合计", "财政拨款收入") == F.fiscal_income
    assert cell("income", code="2050299", column="事业收入") == D("356.80")
    assert cell("expenditure", "合计", "项目支出") == F.project
    assert cell("fiscal", "本年支出合计", "政府性基金预算财政拨款", "right") == F.fund
    assert cell("fiscal", "年初财政拨款结转和结余", "决算数", "left") == F.fiscal_opening
    assert cell("general", code="2050204", column="项目支出") == D("2145.30")
    assert cell("basic", "人员经费合计", "决算数") == F.personnel
    assert cell("basic", "公用经费合计", "决算数", "right") == F.public_total
    assert cell("basic", code="30302", column="决算数") == D("122.14")
    sangong = tables["sangong"].rows[0].cells
    assert {k: v.value for k, v in sangong.items() if k.endswith("决算数")} == {
        "合计:决算数": F.sangong[1], "因公出国（境）费:决算数": ZERO, "公务用车购置及运行维护费:决算数": F.car[1],
        "公务用车购置费:决算数": ZERO, "公务用车运行维护费:决算数": CAR_RUN[1], "公务接待费:决算数": RECEPTION[1]}
    assert cell("fund", "合计", "年末结转和结余") == FUND_CLOSING


def test_sections_are_recognised(result):
    keys = [s.key for s in result.report.sections if s.key]
    assert SECTION_KEYS <= set(keys)
    assert {"general.overall", "general.structure", "general.detail", "other.running", "other.procurement",
            "other.assets", "performance", "glossary"} <= set(keys)
    # the Shanghai order: 概况, then the tables, then the explanation; the contents listed once
    assert keys.index("profile") < keys.index("tables") < keys.index("explanation") < keys.index("overview")
    assert keys.count("overview") == 1 and keys.count("profile") == 1


def test_explanation_is_read(result):
    report = result.report
    assert report.year == YEAR
    general = [l for l in report.lines if l.budget_kind == "general"]
    assert sum(l.role == "category" for l in general) == 4
    assert sum(l.role == "line" for l in general) == 11
    assert [l.label for l in report.lines if l.budget_kind == "fund"] == [
        "其他支出彩票公益金安排的支出用于教育事业的彩票公益金支出"]
    detail = [l for l in general if l.role == "line"]
    assert all(l.budget is not None and l.completion is not None for l in detail)


# -- the report with planted problems -----------------------------------------------------------


IDS = [f"{p}:{w.rule}" for p, w in EXPECTED]


@pytest.mark.parametrize("problem, wanted", EXPECTED, ids=IDS)
def test_planted_problem_is_found(planted, planted_text, problem, wanted):
    matches = matching(planted, planted_text, wanted)
    assert len(matches) == 1, describe(planted.findings)
    finding = matches[0]
    location = finding.location
    assert finding.severity == wanted.severity
    assert finding.stated == wanted.stated
    if wanted.table is None:
        assert (location.table, location.row, location.column) == (None, None, None)
        assert finding.expected == wanted.expected
    else:
        assert (location.table, location.row) == (wanted.table, wanted.row)
        assert all(word in location.column for word in wanted.column), location.column


@pytest.mark.parametrize("problem, wanted", [
    pytest.param(p, w, marks=pytest.mark.xfail(strict=True, reason=w.line_bug) if w.line_bug else ())
    for p, w in EXPECTED], ids=IDS)
def test_planted_problem_is_placed_on_its_line_and_page(planted, planted_text, problem, wanted):
    line = line_of(planted_text, wanted.marker)
    matches = [f for f in planted.findings if f.rule == wanted.rule and (wanted.table is None or (
        f.location.table, f.location.row) == (wanted.table, wanted.row))]
    assert [(f.location.line, f.location.page) for f in matches] == [(line, page_of(planted_text, line))]


@pytest.mark.parametrize("problem, wanted", [
    pytest.param(p, w) for p, w in EXPECTED if w.table is not None], ids=[f"{p}:{w.rule}" for p, w in EXPECTED if w.table])
def test_table_finding_expects_a_value_written_like_its_cell(planted, planted_text, problem, wanted):
    finding, = matching(planted, planted_text, wanted)
    assert finding.expected == wanted.expected


def _sorted(keys) -> list:
    return sorted(keys, key=repr)


def test_planted_report_has_no_other_error(planted, planted_text):
    """Exactly the planted errors: (rule, line) of each, and its table and row when it is
    in a table (a finding of ``line_bug``: its table and row, not its line)."""
    found = _sorted(key_of(f) for f in errors(planted))
    wanted = _sorted(wanted_key(planted_text, w) for _, w in EXPECTED if w.severity == "error")
    assert found == wanted, describe(errors(planted))
    assert len(found) == len(set(found)) == 11


def test_planted_report_has_no_other_warning(planted, planted_text):
    found = _sorted(key_of(f) for f in planted.findings if f.severity == "warning")
    wanted = _sorted(wanted_key(planted_text, w) for _, w in EXPECTED if w.severity == "warning")
    assert found == wanted, describe(planted.findings)


@pytest.mark.parametrize("problem", PROBLEMS, ids=[p.id for p in PROBLEMS])
def test_each_problem_alone_draws_its_findings_only(problem):
    text = render_text(planted_document([problem]))
    result = check_text(text)
    found = _sorted(key_of(f) for f in result.findings)
    assert found == _sorted(wanted_key(text, w) for w in problem.findings), describe(result.findings)


# -- the same reports as a web page ------------------------------------------------------------


def test_page_is_gbk_with_site_chrome(page):
    with pytest.raises(UnicodeDecodeError):
        page.decode("utf-8")
    assert "青禾市人民政府" in page.decode("gbk") and "<table" in page.decode("gbk")


def test_page_article_is_read_without_the_site(html_result, text):
    document_, result = html_result
    assert document_.kind == "html" and document_.warnings == []
    lines = document_.text.split("\n")
    for chrome in ("首页", "当前位置", "分享到", "备案号", "浏览次数", "pageViews"):
        assert chrome not in document_.text, chrome
    # every line of prose of the text report is a line of the page's text
    prose = [b for b in document() if isinstance(b, str) and b is not PAGE]
    assert [line for line in prose if line not in lines] == []


def test_page_consistent_report_has_no_error(html_result):
    _, result = html_result
    assert result.tool_errors == []
    assert describe(errors(result)) == []


def test_page_nine_tables_are_recognised(html_result):
    _, result = html_result
    tables = result.report.tables
    assert [t.spec.key for t in tables] == TABLE_KEYS
    assert all(t.page is None for t in tables)
    assert {t.spec.key: len(t.rows) for t in tables if t.spec.key != "sangong"} == {
        "summary": 21, "income": 25, "expenditure": 25, "fiscal": 17, "general": 22, "basic": 30, "fund": 4,
        "capital": 0}
    assert SECTION_KEYS <= {s.key for s in result.report.sections}


def test_page_sangong_table_has_its_row(html_result):
    _, result = html_result
    sangong = next(t for t in result.report.tables if t.spec.key == "sangong")
    assert len(sangong.rows) == 1 and len(sangong.rows[0].cells) == 12


def test_page_planted_report_draws_the_same_findings(planted_html, planted):
    document_, result = planted_html
    assert result.tool_errors == []
    text_rules = sorted(f.rule for f in planted.findings)
    assert sorted(f.rule for f in result.findings) == text_rules, describe(result.findings)


@pytest.mark.parametrize("problem, wanted", EXPECTED, ids=[f"{p}:{w.rule}" for p, w in EXPECTED])
def test_page_planted_problem_is_found_where_it_is_printed(planted_html, problem, wanted):
    """Found, on the line of the page's text that prints it (no page numbers in a web page)."""
    document_, result = planted_html
    line = line_of(document_.text, wanted.marker)
    matches = [f for f in matching(result, document_.text, wanted) if f.location.line == line]
    assert len(matches) == 1, describe(result.findings)
    finding = matches[0]
    assert (finding.severity, finding.stated) == (wanted.severity, wanted.stated)
    assert finding.location.page is None
    if wanted.table is not None:
        assert (finding.location.table, finding.location.row) == (wanted.table, wanted.row)
        assert all(word in finding.location.column for word in wanted.column), finding.location.column


def test_page_planted_sangong_sum_is_found(planted_html):
    document_, result = planted_html
    wanted = next(w for _, w in EXPECTED if w.rule == "T101")
    assert len(matching(result, document_.text, wanted)) == 1, describe(result.findings)


# -- known problems of the tool, each on the report or a small input --------------------------


# The template's own sentence for the 三公 change, "…支出决算比2023年度减少 X 万元，下降 Y%",
# opens a sentence with no figure before "比": the change belongs to the 三公 total.
def test_template_wording_of_the_sangong_change():
    blocks = document()
    change = next(n for n, b in enumerate(blocks) if isinstance(b, str) and b.startswith("2024年度“三公”经费财政拨款支出决算 "))
    blocks[change] = blocks[change].replace(f"支出决算 {money(F.sangong[1])} 万元，比", "支出决算比")
    assert "支出决算比2023年度减少" in blocks[change]
    assert describe(errors(check_text(render_text(blocks)))) == []


# 支出决算表 goes on on a new page under "支出决算表（续）" and its header again: the rows
# after the break keep their own lines and pages, and the header is not read as a row.
AFTER_BREAK = Problem("T102-after-page-break",
                      (Edit("168.90", "186.90", "支出决算表", "221", 2), Edit("168.90", "186.90", "支出决算表", "221", 3)),
                      (Expected("T102", ("221", "住房保障支出", "186.90"), "186.90", "168.90", table="支出决算表", row="221 住房保障支出"),))


def test_table_sum_after_a_page_break_is_found():
    text = render_text(planted_document([AFTER_BREAK]))
    result = check_text(text)
    assert sorted({(f.rule, f.location.row) for f in result.findings}) == [
        ("T102", "221 住房保障支出")], describe(result.findings)


def test_table_sum_after_a_page_break_is_located():
    text = render_text(planted_document([AFTER_BREAK]))
    result = check_text(text)
    for wanted in AFTER_BREAK.findings:
        line = line_of(text, wanted.marker)
        assert [f.location.page for f in result.findings if f.location.row == wanted.row] == [page_of(text, line)] * 2
        assert [f.location.line for f in result.findings if f.location.row == wanted.row] == [line] * 2


def test_row_labels_of_a_table_over_two_pages(result):
    expenditure = next(t for t in result.report.tables if t.spec.key == "expenditure")
    assert {row.code: row.label for row in expenditure.rows if row.code} == {
        code: NAMES[code] for code in _codes(lambda i: True)}


def test_table_finding_line_after_a_blank_line():
    text = ("收入决算表\n单位：万元\n科目编码  科目名称  本年收入合计  财政拨款收入  其他收入\n"
            "合计  100.00  60.00  40.00\n\n205  教育支出  100.00  60.00  40.00\n"
            "20502  普通教育  90.00  50.00  40.00\n")
    result = check_text(text)
    assert {f.location.line for f in result.findings} == {6}, describe(result.findings)


def write_fixtures() -> None:
    DATA.mkdir(exist_ok=True)
    for name, make in FILES.items():
        (DATA / name).write_bytes(make())


if __name__ == "__main__":
    write_fixtures()
