"""Cross-year rules: what a report says of last year against last year's report.

They compare two reports of one department and run in the store (``juesuan store add``
and ``juesuan store check``); their examples are two reports, last year's first.
"""
from __future__ import annotations

from juesuan.rules.registry import PAIR, rule
from juesuan.store import crossyear

_SUMMARY = ("收入支出决算总表\n单位：万元\n项目  决算数  项目  决算数\n"
            "一、一般公共预算财政拨款收入  100.00  一、一般公共服务支出  100.00\n"
            "本年收入合计  100.00  本年支出合计  100.00\n"
            "年初结转和结余  {opening}  年末结转和结余  {closing}\n"
            "总计  {total}  总计  {total}\n")


def _summary(year: int, opening: str, closing: str) -> str:
    total = f"{100 + float(opening):.2f}"      # each year's table adds up on its own
    return f"某某局{year}年度部门决算\n" + _SUMMARY.format(opening=opening, closing=closing, total=total)


@rule("Y101", "carried-balance", "cross-year", "warning",
      "This year's 年初结转和结余 (each table, each column) is last year's 年末结转和结余 as last "
      "year's report printed it (a difference is an adjustment the report should explain)",
      fail=_summary(2023, "5.00", "5.00") + PAIR + _summary(2024, "6.00", "6.00"),
      passes=_summary(2023, "5.00", "5.00") + PAIR + _summary(2024, "5.00", "5.00"),
      scope="store")
def carried_balance(this, prior):
    return crossyear.carried_balances(this, prior)


def _sangong(year: int, amount: str, said: str = "") -> str:
    """A report of ``year`` stating its 三公 amount, and what it says against last year."""
    against = f"，比{year - 1}年度{said}" if said else ""
    return (f"某某局{year}年度部门决算\n七、财政拨款“三公”经费支出决算情况说明\n"
            f"{year}年度“三公”经费财政拨款支出决算 {amount} 万元{against}。\n")


@rule("Y102", "prior-year-change", "cross-year", "error",
      "Last year's amount that “比上年增加/减少 X” implies (this year's amount ∓ X) is the amount "
      "last year's report printed, within the rounding of the three figures",
      fail=_sangong(2023, "40.00") + PAIR + _sangong(2024, "45.00", "增加 4.00 万元"),
      passes=_sangong(2023, "40.00") + PAIR + _sangong(2024, "45.00", "增加 5.00 万元"),
      scope="store")
def prior_year_change(this, prior):
    return crossyear.stated_changes(this, prior)


@rule("Y103", "prior-year-growth", "cross-year", "warning",
      "Last year's amount that “比上年增长/下降 g%” implies (this year's amount ÷ (1 ± g)) is "
      "the amount last year's report printed, over every value the printed figures stand for",
      fail=_sangong(2023, "40.00") + PAIR + _sangong(2024, "45.00", "增长 10.00%"),
      passes=_sangong(2023, "40.00") + PAIR + _sangong(2024, "45.00", "增长 12.50%"),
      scope="store")
def prior_year_growth(this, prior):
    return crossyear.stated_growth(this, prior)
