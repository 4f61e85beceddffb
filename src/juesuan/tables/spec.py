"""The nine public tables of the template: how to know each, and what its columns are.

A column is known by the words of its header (headers span several rows and wrap, so
they are matched as joined text); a table by its title. Each table declares the sums its
columns must satisfy, row by row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    key: str
    #: a pattern over the column's joined header text
    header: str


@dataclass(frozen=True)
class TableSpec:
    key: str                       # stable id, e.g. "income"
    number: int                    # its place among the nine (一 … 九)
    title: str                     # the template's title
    title_pattern: str
    columns: tuple[Column, ...]
    #: (total column, part columns) that hold in every row
    column_sums: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: whether rows are 类/款/项 lines with codes (their sums follow the hierarchy)
    classified: bool = False
    #: the table lists label/value pairs side by side (income left, expenditure right)
    two_sided: bool = False
    aliases: tuple[str, ...] = field(default_factory=tuple)
    #: the figure columns of each half, in the order the template prints them (a table
    #: printed without alignment is read in this order); empty: one half, ``columns``
    printed: tuple[tuple[str, ...], ...] = ()

    def halves(self) -> tuple[tuple[str, ...], ...]:
        """The figure columns of each half (one half when not two-sided), in print order."""
        return self.printed or (tuple(column.key for column in self.columns),)

    def column(self, header: str) -> str | None:
        """The key of the column whose header text this is (the first that matches)."""
        plain = re.sub(r"\s+", "", header)
        for column in self.columns:
            if re.search(column.header, plain):
                return column.key
        return None


_SOURCES = (Column("本年收入合计", r"本年收入合计|^合计$"), Column("财政拨款收入", r"财政拨款"),
            Column("上级补助收入", r"上级补助"), Column("事业收入", r"事业收入"),
            Column("经营收入", r"经营收入"), Column("附属单位上缴收入", r"附属单位"),
            Column("其他收入", r"其他收入"))
_KINDS = (Column("本年支出合计", r"本年支出合计|^合计$"), Column("基本支出", r"基本支出"),
          Column("项目支出", r"项目支出"), Column("上缴上级支出", r"上缴上级"),
          Column("经营支出", r"经营支出"), Column("对附属单位补助支出", r"对附属单位"))
_FUND = (Column("年初结转和结余", r"年初结转"), Column("本年收入", r"本年收入"),
         Column("本年支出合计", r"本年支出.*合计|^合计$"), Column("基本支出", r"基本支出"),
         Column("项目支出", r"项目支出"), Column("年末结转和结余", r"年末结转"))
_SANGONG_PARTS = ("合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置费",
                  "公务用车运行维护费", "公务接待费")

SPECS: tuple[TableSpec, ...] = (
    TableSpec("summary", 1, "收入支出决算总表", r"收入支出决算总表",
              (Column("决算数", r"决算数|金额"),), two_sided=True, printed=(("决算数",), ("决算数",))),
    TableSpec("income", 2, "收入决算表", r"收入决算表", _SOURCES,
              (("本年收入合计", tuple(c.key for c in _SOURCES[1:])),), classified=True),
    TableSpec("expenditure", 3, "支出决算表", r"支出决算表", _KINDS,
              (("本年支出合计", tuple(c.key for c in _KINDS[1:])),), classified=True),
    TableSpec("fiscal", 4, "财政拨款收入支出决算总表", r"财政拨款收入支出决算总表",
              (Column("一般公共预算财政拨款", r"一般公共预算"), Column("政府性基金预算财政拨款", r"政府性基金"),
               Column("国有资本经营预算财政拨款", r"国有资本"), Column("合计", r"合计|小计"),
               Column("决算数", r"决算数|金额")),
              (("合计", ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")),),
              two_sided=True, printed=(("决算数",), ("合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
                                                     "国有资本经营预算财政拨款"))),
    TableSpec("general", 5, "一般公共预算财政拨款支出决算表", r"一般公共预算财政拨款支出决算表",
              (Column("合计", r"合计|小计"), Column("基本支出", r"基本支出"), Column("项目支出", r"项目支出")),
              (("合计", ("基本支出", "项目支出")),), classified=True),
    TableSpec("basic", 6, "一般公共预算财政拨款基本支出决算表", r"基本支出决算表",
              (Column("决算数", r"决算数|金额"),), two_sided=True, printed=(("决算数",), ("决算数",))),
    TableSpec("sangong", 7, "财政拨款“三公”经费支出决算表", r"三公.{0,4}经费.*决算表",
              tuple(Column(f"{part}:{kind}", "") for part in _SANGONG_PARTS for kind in ("预算数", "决算数"))),
    TableSpec("fund", 8, "政府性基金预算财政拨款收入支出决算表", r"政府性基金.*决算表", _FUND,
              (("本年支出合计", ("基本支出", "项目支出")),), classified=True),
    TableSpec("capital", 9, "国有资本经营预算财政拨款收入支出决算表", r"国有资本经营.*决算表", _FUND,
              (("本年支出合计", ("基本支出", "项目支出")),), classified=True),
)
SANGONG_PARTS = _SANGONG_PARTS
BY_KEY = {spec.key: spec for spec in SPECS}


#: the order titles are tried in: "支出决算表" is also the end of four longer titles
_BY_SPECIFICITY = ("fiscal", "general", "basic", "sangong", "fund", "capital", "summary", "income",
                   "expenditure")


def spec_for_title(title: str) -> TableSpec | None:
    """The table a title names ("收入决算表", "XX局2024年度政府性基金预算财政拨款收入支出决算表")."""
    plain = re.sub(r"[\s《》]", "", title)
    for key in _BY_SPECIFICITY:
        spec = BY_KEY[key]
        if re.search(spec.title_pattern, plain):
            return spec
    return None
