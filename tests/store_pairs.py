"""Two years of one department, made by the project's renderer: the bundled example as
year Y and a derived report as year Y+1 whose every prior-year figure is taken from Y.

Year Y+1 doubles every figure of year Y (sums stay exact), then moves its opening
balances to Y's closing ones, carrying the difference to its closing balances and
totals, so that each report holds together on its own.
"""
from __future__ import annotations

import copy
from decimal import Decimal

from juesuan.dataset.example import example_dataset
from juesuan.dataset.fields import FIELDS
from juesuan.dataset.model import Dataset
from juesuan.render.compose import compose
from juesuan.render.plain import to_document

TWO = Decimal(2)
#: the opening balance row, its closing row, and the columns they hold, in each two-sided table
_CARRIED = {"summary": ("年初结转和结余", "年末结转和结余"),
            "fiscal": ("年初财政拨款结转和结余", "年末财政拨款结转和结余")}
_SANGONG_ITEMS = ("因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费")


def text_of(dataset: Dataset) -> str:
    return to_document(compose(dataset)).text


def year_y() -> Dataset:
    return example_dataset()


def _row(dataset: Dataset, table: str, label: str, side: str | None = None):
    return next(r for r in dataset.tables[table] if r.label == label and (side is None or r.side == side))


def _amount(dataset: Dataset, budget: str, code: str) -> Decimal:
    table, column = {"general": ("general", "合计"), "fund": ("fund", "本年支出合计"),
                     "capital": ("capital", "本年支出合计")}[budget]
    row = next((r for r in dataset.tables[table] if r.code == code), None)
    return row.values[column] if row is not None else Decimal("0.00")   # no such line in Y


def next_year(prior: Dataset) -> Dataset:
    """Year Y+1 of ``prior``'s department, consistent with it."""
    data = copy.deepcopy(prior)
    data.fields["年度"] = prior.year + 1
    for rows in data.tables.values():
        for row in rows:
            row.values = {k: v * TWO for k, v in row.values.items()}
    prior_fields = {"上年收入支出总计": _row(prior, "summary", "总计", "left").values["决算数"],
                    "上年财政拨款收入支出总计": _row(prior, "fiscal", "总计", "left").values["决算数"],
                    "上年机关运行经费": prior.money("机关运行经费")}
    sangong = prior.tables["sangong"][0].values
    prior_fields.update({f"上年{item}": sangong[f"{item}:决算数"] for item in _SANGONG_ITEMS
                         if f"{item}:决算数" in sangong})
    for spec in FIELDS:
        value = data.fields.get(spec.key)
        if spec.kind == "money" and isinstance(value, Decimal) and not spec.key.startswith("上年"):
            data.fields[spec.key] = value * TWO
    data.fields.update(prior_fields)
    for note in data.lines:
        note.prior = _amount(prior, note.budget, note.code)
        note.planned = note.planned * TWO if note.planned is not None else None
    for table, (opening, closing) in _CARRIED.items():
        before = _row(prior, table, closing).values
        carry(data, table, before.get("决算数", before.get("合计")) - _row(data, table, opening).values["决算数"])
    return data


def carry(data: Dataset, table: str, delta: Decimal) -> None:
    """Move a two-sided table's opening balance by ``delta``, its closing balance and
    both totals with it (the table still balances)."""
    opening, closing = _CARRIED[table]
    for row in data.tables[table]:
        if row.label in (opening, closing, "总计"):
            row.values = {k: v + delta if k in ("决算数", "合计", "一般公共预算财政拨款") else v
                          for k, v in row.values.items()}


def with_prior_sangong_column(text: str, prior: str) -> str:
    """The report with its 三公 table printed as some regions print it: the total only, last
    year's 决算数 (``prior``) beside this year's 预算数 and 决算数."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.endswith("“三公”经费支出决算表"))
    end = next(i for i in range(start + 2, len(lines)) if not lines[i].startswith(("财政拨款", "合计", "预算数"))) + 1
    budget, final = lines[end - 1].split()[:2]
    lines[start + 2:end] = ["项目  上年决算数  预算数  决算数", f"合计  {prior}  {budget}  {final}"]
    return "\n".join(lines)
