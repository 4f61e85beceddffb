"""The template's quantities, each declared once: its parts, what it equals, the table cell
that prints it.

The explanation and the tables speak of the same quantities (收入总计, 基本支出, 三公经费 …).
Which quantities add up to which, and which cell of which public table gives a quantity,
is the template's vocabulary; the sum rules and the text-against-table rules read it from
here instead of each keeping a list of its own.

A name with "#" carries its unit kind ("实有人数#人"); "车辆:*#辆" stands for every vehicle
type a report names; "政府性基金." and "国有资本经营." qualify the words the two budgets share.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    """A cell of a public table of the MoF layout: table key, row label, side, column."""

    table: str
    row: str
    side: str | None
    column: str


@dataclass(frozen=True)
class Quantity:
    name: str
    #: the quantities it is the sum of, as the template defines it
    parts: tuple[str, ...] = ()
    #: another quantity it must equal (收入总计 = 支出总计)
    equals: str | None = None
    #: the table cell that prints it
    cell: Cell | None = None


def _summary(row: str, side: str) -> Cell:
    return Cell("summary", row, side, "决算数")


def _sangong(part: str) -> Cell:
    return Cell("sangong", "合计", None, f"{part}:决算数")


_SOURCES = (("本年财政拨款收入", "财政拨款收入"), ("上级补助收入", "上级补助收入"), ("事业收入", "事业收入"),
            ("经营收入", "经营收入"), ("附属单位上缴收入", "附属单位上缴收入"), ("其他收入", "其他收入"))
_KINDS = ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
_BUDGETS = (("政府性基金", "fund"), ("国有资本经营", "capital"))


def _fund_quantities(prefix: str, key: str) -> tuple[Quantity, ...]:
    """The quantities of the 政府性基金 or 国有资本经营 budget, qualified by its name."""
    return (
        Quantity(f"{prefix}.收入总计", (f"{prefix}.年初结转和结余", f"{prefix}.本年收入"), equals=f"{prefix}.支出总计"),
        Quantity(f"{prefix}.支出总计", (f"{prefix}.本年支出", f"{prefix}.年末结转和结余")),
        Quantity(f"{prefix}.年初结转和结余", cell=Cell(key, "合计", None, "年初结转和结余")),
        Quantity(f"{prefix}.本年收入", cell=Cell(key, "合计", None, "本年收入")),
        Quantity(f"{prefix}.本年支出", cell=Cell(key, "合计", None, "本年支出合计")),
        Quantity(f"{prefix}.年末结转和结余", cell=Cell(key, "合计", None, "年末结转和结余")),
    )


QUANTITIES: tuple[Quantity, ...] = (
    # 收入支出决算总表
    Quantity("收入总计", ("本年收入合计", "使用非财政拨款结余", "年初结转和结余"), equals="支出总计",
             cell=_summary("总计", "left")),
    Quantity("支出总计", ("本年支出合计", "结余分配", "年末结转和结余"), cell=_summary("总计", "right")),
    Quantity("本年收入合计", tuple(name for name, _ in _SOURCES), cell=_summary("本年收入合计", "left")),
    Quantity("本年支出合计", _KINDS, cell=_summary("本年支出合计", "right")),
    *(Quantity(name, cell=_summary(name, side)) for name, side in (
        ("使用非财政拨款结余", "left"), ("年初结转和结余", "left"), ("结余分配", "right"),
        ("年末结转和结余", "right"))),
    # 收入决算表, 支出决算表
    *(Quantity(name, cell=Cell("income", "合计", None, column)) for name, column in _SOURCES),
    *(Quantity(name, cell=Cell("expenditure", "合计", None, name)) for name in _KINDS),
    # 财政拨款收入支出决算总表
    Quantity("财政拨款收入总计", ("年初财政拨款结转和结余", "本年财政拨款收入"), equals="财政拨款支出总计",
             cell=Cell("fiscal", "总计", "left", "决算数")),
    Quantity("财政拨款支出总计", ("本年财政拨款支出", "年末财政拨款结转和结余"),
             cell=Cell("fiscal", "总计", "right", "合计")),
    Quantity("本年财政拨款支出", ("一般公共预算财政拨款支出", "政府性基金.本年支出", "国有资本经营.本年支出"),
             cell=Cell("fiscal", "本年支出合计", "right", "合计")),
    Quantity("年初财政拨款结转和结余", cell=Cell("fiscal", "年初财政拨款结转和结余", "left", "决算数")),
    Quantity("年末财政拨款结转和结余", cell=Cell("fiscal", "年末财政拨款结转和结余", "right", "合计")),
    # 一般公共预算财政拨款支出决算表, 基本支出决算表
    Quantity("一般公共预算财政拨款支出", cell=Cell("general", "合计", None, "合计")),
    Quantity("一般公共预算财政拨款基本支出", ("人员经费", "公用经费"), cell=Cell("general", "合计", None, "基本支出")),
    Quantity("人员经费", cell=Cell("basic", "人员经费合计", None, "决算数")),
    Quantity("公用经费", cell=Cell("basic", "公用经费合计", None, "决算数")),
    # 财政拨款“三公”经费支出决算表
    Quantity("三公经费", ("因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"), cell=_sangong("合计")),
    Quantity("公务用车购置及运行维护费", ("公务用车购置费", "公务用车运行维护费"),
             cell=_sangong("公务用车购置及运行维护费")),
    *(Quantity(name, cell=_sangong(name)) for name in ("因公出国（境）费", "公务用车购置费", "公务用车运行维护费",
                                                      "公务接待费")),
    # 政府性基金 and 国有资本经营
    *(quantity for prefix, key in _BUDGETS for quantity in _fund_quantities(prefix, key)),
    # 其他重要事项, 人员, 车辆
    Quantity("政府采购支出总额", ("政府采购货物支出", "政府采购工程支出", "政府采购服务支出")),
    Quantity("实有人数#人", ("在职人员#人", "离休人员#人", "退休人员#人")),
    Quantity("车辆#辆", ("车辆:*#辆",)),
)
BY_NAME = {quantity.name: quantity for quantity in QUANTITIES}
assert len(BY_NAME) == len(QUANTITIES), "a quantity declared twice"


def identities() -> list[tuple[str, list[str]]]:
    """(total, parts) for every sum and every equality the template defines."""
    found = []
    for quantity in QUANTITIES:
        if quantity.parts:
            found.append((quantity.name, list(quantity.parts)))
        if quantity.equals:
            found.append((quantity.name, [quantity.equals]))
    return found


def table_cells() -> dict[str, Cell]:
    """The table cell that prints each quantity that a table prints."""
    return {quantity.name: quantity.cell for quantity in QUANTITIES if quantity.cell is not None}
