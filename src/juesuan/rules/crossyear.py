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
      "Last year's amount that “比上年增加/减少 X” (or “与 2023 年度相比，增加 X”, the year before "
      "named) implies (this year's amount ∓ X) is the amount last year's report printed, within "
      "the rounding of the three figures",
      fail=_sangong(2023, "40.00") + PAIR + _sangong(2024, "45.00", "增加 4.00 万元"),
      passes=_sangong(2023, "40.00") + PAIR + _sangong(2024, "45.00", "增加 5.00 万元"),
      scope="store")
def prior_year_change(this, prior):
    return (crossyear.stated_changes(this, prior) + crossyear.named_year_changes(this, prior)
            + crossyear.coded_changes(this, prior))


@rule("Y103", "prior-year-growth", "cross-year", "warning",
      "Last year's amount that “比上年增长/下降 g%” (or, for a 科目 named by its code, “比 2023 年度"
      "决算数增长 g%”) implies (this year's amount ÷ (1 ± g)) is the amount last year's report "
      "printed, over every value the printed figures stand for",
      fail=_sangong(2023, "40.00") + PAIR + _sangong(2024, "45.00", "增长 10.00%"),
      passes=_sangong(2023, "40.00") + PAIR + _sangong(2024, "45.00", "增长 12.50%"),
      scope="store")
def prior_year_growth(this, prior):
    return crossyear.stated_growth(this, prior) + crossyear.coded_growth(this, prior)


def _staff(year: int, people: int, said: str = "") -> str:
    """A report of ``year`` stating its staff, and what it says against last year."""
    against = f"，比上年{said}" if said else ""
    return (f"某某局{year}年度部门决算\n一、机构设置及人员情况\n"
            f"截至{year}年底，本部门实有人数 {people} 人{against}。\n")


@rule("Y104", "prior-year-count", "cross-year", "warning",
      "Last year's count of people or vehicles that “N 人（辆），比上年增加/减少 M 人（辆）” or "
      "“上年 K 人（辆）” implies is, exactly, the count last year's report printed",
      fail=_staff(2023, 50) + PAIR + _staff(2024, 52, "增加 3 人"),
      passes=_staff(2023, 50) + PAIR + _staff(2024, 52, "增加 2 人"),
      scope="store")
def prior_year_count(this, prior):
    return crossyear.stated_counts(this, prior)


@rule("Y105", "prior-year-amount", "cross-year", "error",
      "Last year's amount stated after this year's (“上年决算 X 万元”), or implied by a change "
      "on last year stated on its own, is the amount last year's report printed",
      fail=_sangong(2023, "40.00") + PAIR + _sangong(2024, "45.00", "").replace(
          "45.00 万元", "45.00 万元，上年决算 41.00 万元"),
      passes=_sangong(2023, "40.00") + PAIR + _sangong(2024, "45.00", "").replace(
          "45.00 万元", "45.00 万元，上年决算 40.00 万元"),
      scope="store")
def prior_year_amount(this, prior):
    return crossyear.stated_prior_amounts(this, prior)


def _sangong_table(year: int, prior: str, final: str) -> str:
    """A report of ``year`` whose 三公 table prints last year's figure beside this year's."""
    return (f"某某局{year}年度部门决算\n财政拨款“三公”经费支出决算表\n单位：万元\n"
            f"项目  上年决算数  预算数  决算数\n合计  {prior}  50.00  {final}\n")


@rule("Y106", "prior-year-column", "cross-year", "warning",
      "A table's column of last year's figures (上年决算数, 上年数, or headed by last year's number: "
      "2023年决算数 in a 2024 report) gives, row by row, what last "
      "year's report printed in the same table and row (a restated figure should be explained)",
      fail=_sangong_table(2023, "30.00", "40.00") + PAIR + _sangong_table(2024, "41.00", "45.00"),
      passes=_sangong_table(2023, "30.00", "40.00") + PAIR + _sangong_table(2024, "40.00", "45.00"),
      scope="store")
def prior_year_column(this, prior):
    return crossyear.prior_columns(this, prior)
