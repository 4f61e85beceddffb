"""Recompute every identity of the bundled example (src/juesuan/dataset/zhundong-2023.json) and print each that fails.

Standalone: reads the data with juesuan's dataset model only and adds Decimals, so a
sum holds to the cent or is reported.

    python examples/zhundong-2023/verify_sums.py [path/to/data.json]

Exit status 1 when an identity fails.
"""
from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from juesuan.dataset.forms import from_json
from juesuan.dataset.model import Dataset, Row

Z = Decimal("0.00")
FAILURES: list[str] = []
CHECKED = 0


def same(what: str, stated: Decimal, computed: Decimal) -> None:
    global CHECKED
    CHECKED += 1
    if stated != computed:
        FAILURES.append(f"{what}: {stated} != {computed} (difference {stated - computed})")


def total(values) -> Decimal:
    return sum(values, Z)


def one(dataset: Dataset, table: str, label: str, side: str | None = None) -> Row:
    rows = [r for r in dataset.rows(table, side) if r.code is None and r.label == label]
    if len(rows) != 1:
        FAILURES.append(f"{table}: expected one row {label!r} (side {side}), found {len(rows)}")
        return Row(label, {})
    return rows[0]


# -- tables of 类/款/项 rows ----------------------------------------------------------------

ROW_SUMS = {
    "income": [("本年收入合计", ("财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"))],
    "expenditure": [("本年支出合计", ("基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"))],
    "general": [("合计", ("基本支出", "项目支出"))],
    "fund": [("本年支出合计", ("基本支出", "项目支出"))],
    "capital": [("本年支出合计", ("基本支出", "项目支出"))],
}


def classified(dataset: Dataset, table: str) -> None:
    rows = dataset.rows(table)
    if not rows:
        return
    if rows[0].code is not None or rows[0].label != "合计":
        FAILURES.append(f"{table}: the first row is not 合计")
    coded = [r for r in rows if r.code]
    codes = [r.code for r in coded]
    if codes != sorted(codes):
        FAILURES.append(f"{table}: rows are not in code order")
    if len(set(codes)) != len(codes):
        FAILURES.append(f"{table}: a code appears twice")
    columns = sorted({c for r in rows for c in r.values})
    by_code = {r.code: r for r in coded}
    for r in coded:
        if len(r.code) not in (3, 5, 7):
            FAILURES.append(f"{table} {r.code}: a code is 3, 5 or 7 digits")
        if len(r.code) > 3 and r.code[:-2] not in by_code:
            FAILURES.append(f"{table} {r.code}: parent {r.code[:-2]} missing")
    for parent in [rows[0], *coded]:
        if parent.code is None:
            children = [r for r in coded if len(r.code) == 3]
        else:
            children = [r for r in coded if len(r.code) == len(parent.code) + 2 and r.code.startswith(parent.code)]
        if parent.code and len(parent.code) < 7 and not children:
            FAILURES.append(f"{table} {parent.code}: a 类/款 without lines")
        if not children:
            continue
        for column in columns:
            same(f"{table} {parent.code or '合计'} {parent.label} [{column}] = Σ lower level",
                 parent.get(column), total(c.get(column) for c in children))
    for row in rows:
        for whole, parts in ROW_SUMS[table]:
            same(f"{table} {row.code or ''} {row.label} [{whole}] = Σ {'+'.join(parts)}",
                 row.get(whole), total(row.get(p) for p in parts))
        if table in ("fund", "capital"):
            same(f"{table} {row.code or ''} {row.label} 年初结转和结余 + 本年收入 - 本年支出合计 = 年末结转和结余",
                 row.get("年初结转和结余") + row.get("本年收入") - row.get("本年支出合计"), row.get("年末结转和结余"))
        if any(v < 0 for v in row.values.values()):
            FAILURES.append(f"{table} {row.code or ''} {row.label}: a negative figure")


def categories(dataset: Dataset, table: str, column: str) -> dict[str, Decimal]:
    """类 label -> amount of a classified table."""
    return {r.label: r.get(column) for r in dataset.rows(table) if r.code and len(r.code) == 3}


# -- the two summary tables ----------------------------------------------------------------

FOOT = ("本年收入合计", "本年支出合计", "使用非财政拨款结余", "结余分配", "年初结转和结余", "年末结转和结余",
        "年初财政拨款结转和结余", "年末财政拨款结转和结余", "总计")


def upper(dataset: Dataset, table: str, side: str) -> list[Row]:
    return [r for r in dataset.rows(table, side) if r.label not in FOOT]


def summary(dataset: Dataset) -> None:
    v = lambda label, side: one(dataset, "summary", label, side).get("决算数")  # noqa: E731
    same("summary left 本年收入合计 = Σ sources", v("本年收入合计", "left"),
         total(r.get("决算数") for r in upper(dataset, "summary", "left")))
    same("summary right 本年支出合计 = Σ 类", v("本年支出合计", "right"),
         total(r.get("决算数") for r in upper(dataset, "summary", "right")))
    same("summary 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余", v("总计", "left"),
         v("本年收入合计", "left") + v("使用非财政拨款结余", "left") + v("年初结转和结余", "left"))
    same("summary 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余", v("总计", "right"),
         v("本年支出合计", "right") + v("结余分配", "right") + v("年末结转和结余", "right"))
    same("summary 收入总计 = 支出总计", v("总计", "left"), v("总计", "right"))
    income, spent = one(dataset, "income", "合计"), one(dataset, "expenditure", "合计")
    same("summary 本年收入合计 = income 合计", v("本年收入合计", "left"), income.get("本年收入合计"))
    same("summary 本年支出合计 = expenditure 合计", v("本年支出合计", "right"), spent.get("本年支出合计"))
    for label, column in (("上级补助收入", "上级补助收入"), ("事业收入", "事业收入"), ("经营收入", "经营收入"),
                          ("附属单位上缴收入", "附属单位上缴收入"), ("其他收入", "其他收入")):
        same(f"summary {label} = income 合计 {column}", v(label, "left"), income.get(column))
    fiscal_rows = total(v(label, "left") for label in ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入",
                                                         "国有资本经营预算财政拨款收入"))
    same("summary 财政拨款收入 (three budgets) = income 合计 财政拨款收入", fiscal_rows, income.get("财政拨款收入"))
    by_category = categories(dataset, "expenditure", "本年支出合计")
    right = {r.label: r.get("决算数") for r in upper(dataset, "summary", "right")}
    if set(right) != set(by_category):
        FAILURES.append(f"summary right 类 {sorted(right)} != expenditure 类 {sorted(by_category)}")
    for label, amount in by_category.items():
        same(f"summary right {label} = expenditure {label}", right.get(label, Z), amount)


def fiscal(dataset: Dataset) -> None:
    cols = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
    left = lambda label: one(dataset, "fiscal", label, "left").get("决算数")  # noqa: E731
    right = lambda label: one(dataset, "fiscal", label, "right")  # noqa: E731
    same("fiscal left 本年收入合计 = Σ three budgets", left("本年收入合计"),
         total(r.get("决算数") for r in upper(dataset, "fiscal", "left")))
    same("fiscal 财政拨款收入总计 = 本年收入合计 + 年初财政拨款结转和结余", left("总计"),
         left("本年收入合计") + left("年初财政拨款结转和结余"))
    for row in dataset.rows("fiscal", "right"):
        same(f"fiscal right {row.label} 合计 = Σ three budgets", row.get("合计"), total(row.get(c) for c in cols))
    for column in ("合计", *cols):
        same(f"fiscal right 本年支出合计 [{column}] = Σ 类", right("本年支出合计").get(column),
             total(r.get(column) for r in upper(dataset, "fiscal", "right")))
        same(f"fiscal right 总计 [{column}] = 本年支出合计 + 年末财政拨款结转和结余", right("总计").get(column),
             right("本年支出合计").get(column) + right("年末财政拨款结转和结余").get(column))
    same("fiscal 财政拨款收入总计 = 财政拨款支出总计", left("总计"), right("总计").get("合计"))
    same("fiscal 本年收入合计 = income 合计 财政拨款收入", left("本年收入合计"), one(dataset, "income", "合计").get("财政拨款收入"))
    same("fiscal 一般公共预算 spent = general 合计", right("本年支出合计").get(cols[0]), one(dataset, "general", "合计").get("合计"))
    same("fiscal 政府性基金 spent = fund 合计", right("本年支出合计").get(cols[1]), one(dataset, "fund", "合计").get("本年支出合计"))
    same("fiscal 国有资本经营 spent = capital 合计", right("本年支出合计").get(cols[2]), one(dataset, "capital", "合计").get("本年支出合计"))
    for label, key, column in (("一般公共预算财政拨款", None, None), ("政府性基金预算财政拨款", "fund", "本年收入"),
                               ("国有资本经营预算财政拨款", "capital", "本年收入")):
        if key:
            same(f"fiscal left {label} = {key} 合计 本年收入", left(label), one(dataset, key, "合计").get(column))
    general_in = left("一般公共预算财政拨款")
    same("一般公共预算: 年初 + 本年收入 - 本年支出 = 年末 (fiscal)",
         left("年初财政拨款结转和结余") - one(dataset, "fund", "合计").get("年初结转和结余")
         - one(dataset, "capital", "合计").get("年初结转和结余") + general_in - right("本年支出合计").get(cols[0]),
         right("年末财政拨款结转和结余").get(cols[0]))
    for key, column in (("fund", cols[1]), ("capital", cols[2])):
        same(f"fiscal 年末 [{column}] = {key} 合计 年末结转和结余", right("年末财政拨款结转和结余").get(column),
             one(dataset, key, "合计").get("年末结转和结余"))
    # each 类 of the fiscal table = the 类 of the general, fund and capital tables
    expected: dict[str, list[Decimal]] = {}
    for n, (key, column) in enumerate((("general", "合计"), ("fund", "本年支出合计"), ("capital", "本年支出合计"))):
        for label, amount in categories(dataset, key, column).items():
            expected.setdefault(label, [Z, Z, Z])[n] += amount
    stated = {r.label: r for r in upper(dataset, "fiscal", "right")}
    if set(stated) != set(expected):
        FAILURES.append(f"fiscal right 类 {sorted(stated)} != 类 of the budget tables {sorted(expected)}")
    for label, parts in expected.items():
        row = stated.get(label, Row(label, {}))
        for column, amount in zip(cols, parts):
            same(f"fiscal right {label} [{column}] = its budget table", row.get(column), amount)
    # the fiscal money is part of all money
    expenditure = {r.code: r for r in dataset.rows("expenditure") if r.code}
    for key, column in (("general", "合计"), ("fund", "本年支出合计"), ("capital", "本年支出合计")):
        for row in dataset.rows(key):
            if row.code and (row.code not in expenditure or
                             expenditure[row.code].get("本年支出合计") < row.get(column)):
                FAILURES.append(f"{key} {row.code}: more than the expenditure table's line")


# -- 基本支出, 三公, fields and line notes ----------------------------------------------------

def basic(dataset: Dataset) -> None:
    for side, label in (("left", "人员经费合计"), ("right", "公用经费合计")):
        rows = [r for r in dataset.rows("basic", side) if r.code]
        for r in rows:
            if len(r.code) == 3:
                same(f"basic {r.code} {r.label} = Σ its items", r.get("决算数"),
                     total(c.get("决算数") for c in rows if len(c.code) == 5 and c.code.startswith(r.code)))
            elif r.code[:3] not in {c.code for c in rows}:
                FAILURES.append(f"basic {r.code}: its group {r.code[:3]} is missing")
        same(f"basic {label} = Σ groups", one(dataset, "basic", label, side).get("决算数"),
             total(r.get("决算数") for r in rows if len(r.code) == 3))
    people = one(dataset, "basic", "人员经费合计", "left").get("决算数")
    public = one(dataset, "basic", "公用经费合计", "right").get("决算数")
    same("基本支出 (general 合计) = 人员经费 + 公用经费", one(dataset, "general", "合计").get("基本支出"), people + public)
    running = dataset.money("机关运行经费")
    if running is not None:
        same("机关运行经费 = 公用经费 (行政单位)", running, public)


def sangong(dataset: Dataset) -> None:
    rows = dataset.rows("sangong")
    if len(rows) != 1:
        FAILURES.append(f"sangong: expected one row, found {len(rows)}")
        return
    row = rows[0]
    for kind in ("预算数", "决算数"):
        same(f"三公 公务用车购置及运行维护费:{kind} = 购置 + 运行维护", row.get(f"公务用车购置及运行维护费:{kind}"),
             row.get(f"公务用车购置费:{kind}") + row.get(f"公务用车运行维护费:{kind}"))
        same(f"三公 合计:{kind} = 出国 + 公务用车 + 接待", row.get(f"合计:{kind}"),
             row.get(f"因公出国（境）费:{kind}") + row.get(f"公务用车购置及运行维护费:{kind}")
             + row.get(f"公务接待费:{kind}"))
    for part in ("公务接待费", "公务用车运行维护费"):
        item = [r for r in dataset.rows("basic") if r.label == part]
        if item and item[0].get("决算数") > row.get(f"{part}:决算数"):
            FAILURES.append(f"basic {part} exceeds the 三公 {part}")


def lines(dataset: Dataset) -> None:
    for budget, column in (("general", "合计"), ("fund", "本年支出合计"), ("capital", "本年支出合计")):
        notes = [n for n in dataset.lines if n.budget == budget]
        codes = [n.code for n in notes]
        if len(set(codes)) != len(codes):
            FAILURES.append(f"lines {budget}: a 项 has two notes")
        table = {r.code for r in dataset.rows(budget) if r.code and len(r.code) == 7}
        for code in sorted(table - set(codes)):
            FAILURES.append(f"lines {budget} {code}: a 项 of the table without a note")
        for n in notes:
            if len(n.code) != 7 or not n.code.isdigit():
                FAILURES.append(f"lines {budget} {n.code}: not a 项 code")
            if n.code not in table and not n.prior:
                FAILURES.append(f"lines {budget} {n.code}: neither in the table nor spent last year")
            if n.prior is None:
                FAILURES.append(f"lines {budget} {n.code}: no 上年决算数")
            elif n.prior < 0:
                FAILURES.append(f"lines {budget} {n.code}: negative 上年决算数")
            for text in (n.use, n.reason):
                if "。" in text.rstrip("。"):
                    FAILURES.append(f"lines {budget} {n.code}: a sentence break inside {text!r}")


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else Path(__file__).parents[2] / "src" / "juesuan" / "dataset" / "zhundong-2023.json"
    dataset = from_json(path.read_text(encoding="utf-8"))
    for table in ("income", "expenditure", "general", "fund", "capital"):
        classified(dataset, table)
    summary(dataset)
    fiscal(dataset)
    basic(dataset)
    sangong(dataset)
    lines(dataset)
    for message in FAILURES:
        print("FAIL", message)
    print(f"{CHECKED} sums checked, {len(FAILURES)} failing")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
