"""Consistent datasets, built from a few 项 lines: every table and total computed here.

``build`` is the independent truth the renderer is tested against: it knows the
identities of the template (DOMAIN.md) and nothing of juesuan's composer. ``datasets``
draws them for hypothesis.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hypothesis import strategies as st

from juesuan.classification import default
from juesuan.dataset.model import Dataset, LineNote, Row

D = Decimal
Z = D("0.00")
CENT = D("0.01")

GENERAL_CODES = ["2010101", "2010102", "2010350", "2050101", "2080505", "2080506", "2101101",
                 "2130701", "2210201", "2240101"]
FUND_CODES = ["2120801", "2296002"]


@dataclass
class Item:
    code: str
    basic: Decimal        # 基本支出 from the budget
    project: Decimal      # 项目支出 from the budget
    prior: Decimal
    planned: Decimal
    business: Decimal = Z  # spending from 事业收入 on the same line (a project)


def _name(code: str) -> str:
    return default().by_code(code).name


def _classified(items: list[tuple[str, dict[str, Decimal]]], columns: list[str]) -> list[Row]:
    sums: dict[str, dict[str, Decimal]] = {}
    for code, values in items:
        for level in (code[:3], code[:5], code):
            bucket = sums.setdefault(level, {c: Z for c in columns})
            for c in columns:
                bucket[c] += values.get(c, Z)
    total = {c: sum((sums[k][c] for k in sums if len(k) == 3), Z) for c in columns}
    return [Row("合计", total)] + [Row(_name(k), sums[k], k) for k in sorted(sums)]


def build(general: list[Item], fund: list[Item], *, opening: Decimal = D("120.00"),
          fund_opening: Decimal = Z, other_income: Decimal = D("3.20"), name: str = "青禾市水务局",
          year: int = 2024, sangong=None, extra_fields=None) -> Dataset:
    # Fiscal money comes in as it is spent; the balances carry over unchanged, and the
    # 事业收入 and 其他收入 pay for the business spending and a 其他收入 project.
    g_basic = sum((i.basic for i in general), Z)
    g_project = sum((i.project for i in general), Z)
    g_total = g_basic + g_project
    f_total = sum((i.basic + i.project for i in fund), Z)
    business = sum((i.business for i in general + fund), Z)
    lines = general + fund
    spent_rows = []
    income_rows = []
    for i in lines:
        is_fund = i in fund
        fiscal = i.basic + i.project
        other = other_income if i is general[0] else Z
        spent_rows.append((i.code, {"本年支出合计": fiscal + i.business + other, "基本支出": Z if is_fund else i.basic,
                                    "项目支出": (i.basic if is_fund else Z) + i.project + i.business + other}))
        income_rows.append((i.code, {"本年收入合计": fiscal + i.business + other, "财政拨款收入": fiscal,
                                     "事业收入": i.business, "其他收入": other}))
    sources = ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
    kinds = ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    income = _classified(income_rows, sources)
    expenditure = _classified(spent_rows, kinds)
    general_rows = _classified([(i.code, {"合计": i.basic + i.project, "基本支出": i.basic, "项目支出": i.project})
                                for i in general], ["合计", "基本支出", "项目支出"])
    fund_columns = ["年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余"]
    fund_rows = _classified([(i.code, {"本年收入": i.basic + i.project, "本年支出合计": i.basic + i.project,
                                       "基本支出": i.basic, "项目支出": i.project}) for i in fund], fund_columns) \
        if fund else []
    first = fund[0].code if fund else ""
    for row in fund_rows:     # the fund's balance belongs to its first line
        on_first = row.code is None or first.startswith(row.code)
        row.values["年初结转和结余"] = row.values["年末结转和结余"] = fund_opening if on_first else Z
    this_income = g_total + f_total + business + other_income
    total = this_income + opening + fund_opening
    summary = [Row(label, {"决算数": v}, side="left") for label, v in (
        ("一般公共预算财政拨款收入", g_total), ("政府性基金预算财政拨款收入", f_total),
        ("国有资本经营预算财政拨款收入", Z), ("上级补助收入", Z), ("事业收入", business), ("经营收入", Z),
        ("附属单位上缴收入", Z), ("其他收入", other_income), ("本年收入合计", this_income),
        ("使用非财政拨款结余", Z), ("年初结转和结余", opening + fund_opening), ("总计", total))]
    categories = [r for r in expenditure if r.code and len(r.code) == 3]
    summary += [Row(r.label, {"决算数": r.get("本年支出合计")}, side="right") for r in categories]
    summary += [Row(label, {"决算数": v}, side="right") for label, v in (
        ("本年支出合计", this_income), ("结余分配", Z), ("年末结转和结余", opening + fund_opening), ("总计", total))]
    fiscal_opening = opening + fund_opening    # the whole opening balance is fiscal
    fiscal_total = g_total + f_total + fiscal_opening
    fiscal = [Row(label, {"决算数": v}, side="left") for label, v in (
        ("一般公共预算财政拨款", g_total), ("政府性基金预算财政拨款", f_total), ("国有资本经营预算财政拨款", Z),
        ("本年收入合计", g_total + f_total), ("年初财政拨款结转和结余", fiscal_opening), ("总计", fiscal_total))]
    by_category: dict[str, list[Decimal]] = {}
    for i in lines:
        pair = by_category.setdefault(i.code[:3], [Z, Z])
        pair[1 if i in fund else 0] += i.basic + i.project
    for code in sorted(by_category):
        g, f = by_category[code]
        fiscal.append(Row(_name(code), {"合计": g + f, "一般公共预算财政拨款": g, "政府性基金预算财政拨款": f,
                                        "国有资本经营预算财政拨款": Z}, side="right"))
    fiscal += [Row("本年支出合计", {"合计": g_total + f_total, "一般公共预算财政拨款": g_total,
                                 "政府性基金预算财政拨款": f_total, "国有资本经营预算财政拨款": Z}, side="right"),
               Row("年末财政拨款结转和结余", {"合计": fiscal_opening, "一般公共预算财政拨款": opening,
                                       "政府性基金预算财政拨款": fund_opening, "国有资本经营预算财政拨款": Z}, side="right"),
               Row("总计", {"合计": fiscal_total, "一般公共预算财政拨款": g_total + opening,
                          "政府性基金预算财政拨款": f_total + fund_opening, "国有资本经营预算财政拨款": Z}, side="right")]
    # 基本支出: wages take two thirds, the rest is public spending, each split in two items.
    personnel = (g_basic * 2 / 3).quantize(CENT)
    public = g_basic - personnel
    wage = (personnel * D("0.7")).quantize(CENT)
    office = (public / 2).quantize(CENT)
    basic = [Row("工资福利支出", {"决算数": personnel}, "301", "left"),
             Row("基本工资", {"决算数": wage}, "30101", "left"),
             Row("津贴补贴", {"决算数": personnel - wage}, "30102", "left"),
             Row("人员经费合计", {"决算数": personnel}, side="left"),
             Row("商品和服务支出", {"决算数": public}, "302", "right"),
             Row("办公费", {"决算数": office}, "30201", "right"),
             Row("差旅费", {"决算数": public - office}, "30211", "right"),
             Row("公用经费合计", {"决算数": public}, side="right")]
    travel, buy, run, reception = sangong or ((D("10.00"), D("8.50")), (Z, Z), (D("20.00"), D("18.30")),
                                              (D("6.00"), D("4.10")))
    values = {}
    for part, (b, f) in (("因公出国（境）费", travel), ("公务用车购置费", buy), ("公务用车运行维护费", run),
                         ("公务接待费", reception)):
        values[f"{part}:预算数"], values[f"{part}:决算数"] = b, f
    for kind, n in (("预算数", 0), ("决算数", 1)):
        values[f"公务用车购置及运行维护费:{kind}"] = buy[n] + run[n]
        values[f"合计:{kind}"] = travel[n] + buy[n] + run[n] + reception[n]
    sangong_row = Row("合计", {k: values[k] for k in sorted(values, key=_sangong_order)})
    fields = {"部门名称": name, "年度": year, "主要职能": ["负责全市水资源的统一监督管理。", "组织实施水利工程建设与运行管理。"],
              "决算单位": [f"{name}（本级）", "青禾市水文站"], "在职人员": 58, "离休人员": 0, "退休人员": 21,
              "上年收入支出总计": (total * D("0.95")).quantize(CENT), "收入支出总计增减原因": "河道整治项目资金增加",
              "上年财政拨款收入支出总计": fiscal_total + D("12.00"), "财政拨款收入支出总计增减原因": "防汛应急资金减少",
              "一般公共预算财政拨款支出增减原因": "人员经费随调资增加",
              "一般公共预算财政拨款支出预决算差异原因": "年中追加了防汛资金",
              "上年因公出国（境）费": D("0.00"), "上年公务用车购置费": Z, "上年公务用车运行维护费": D("19.10"),
              "上年公务接待费": D("5.00"), "三公经费预决算差异原因": "严格控制公务接待规模",
              "三公经费增减原因": "公务用车维修费用下降", "因公出国（境）团组数": 1, "因公出国（境）人次": 3,
              "公务用车购置数": 0, "公务用车保有量": 5, "公务接待批次": 12, "公务接待人次": 64,
              "机关运行经费": D("86.40"), "上年机关运行经费": D("90.12"), "机关运行经费增减原因": "压减了印刷费",
              "政府采购货物支出": D("42.00"), "政府采购工程支出": D("120.50"), "政府采购服务支出": D("33.30"),
              "授予中小企业合同金额": D("150.00"), "授予小微企业合同金额": D("80.00"), "车辆": 7,
              "单价100万元以上设备": 1, "绩效自评项目数": 6, "绩效自评项目金额": D("310.00"),
              **(extra_fields or {})}
    notes = [LineNote("fund" if i in fund else "general", i.code, i.prior, i.planned,
                      f"保障{_name(i.code)}工作", "按实际需要据实列支") for i in lines]
    return Dataset({k: v for k, v in fields.items() if v is not None},
                   {"summary": summary, "income": income, "expenditure": expenditure, "fiscal": fiscal,
                    "general": general_rows, "basic": basic, "sangong": [sangong_row], "fund": fund_rows,
                    "capital": []}, notes)


_SANGONG = ("合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置费", "公务用车运行维护费", "公务接待费")


def _sangong_order(key: str) -> tuple[int, str]:
    part, kind = key.split(":")
    return _SANGONG.index(part), kind


def sample() -> Dataset:
    """A fixed dataset with growth, decline, a new line and a fund budget."""
    general = [Item("2010101", D("320.45"), D("12.00"), D("301.20"), D("330.00")),
               Item("2080505", D("48.30"), Z, D("50.10"), D("48.00")),
               Item("2130701", Z, D("210.00"), Z, D("200.00"), business=D("15.60")),
               Item("2210201", D("36.72"), Z, D("36.72"), D("36.72"))]
    fund = [Item("2296002", Z, D("45.00"), D("60.00"), D("50.00"))]
    return build(general, fund, fund_opening=D("5.00"))


_cents = st.integers(min_value=0, max_value=5_000_000).map(lambda n: D(n).scaleb(-2))


@st.composite
def items(draw, codes: list[str]) -> list[Item]:
    chosen = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=len(codes), unique=True))
    out = []
    for code in sorted(chosen):
        basic, project = draw(_cents), draw(_cents)
        if basic + project == 0:
            project = D("1.00")
        out.append(Item(code, basic, project, draw(_cents), draw(_cents.filter(bool)),
                        draw(st.sampled_from([Z, Z, D("12.34")]))))
    return out


@st.composite
def datasets(draw) -> Dataset:
    general = draw(items(GENERAL_CODES))
    fund = draw(st.one_of(st.just([]), items(FUND_CODES)))
    extra = {key: draw(_cents) for key in ("上年收入支出总计", "上年财政拨款收入支出总计", "上年机关运行经费",
                                           "上年公务接待费")}
    return build(general, fund, opening=draw(_cents), fund_opening=draw(_cents) if fund else Z,
                 other_income=draw(_cents), extra_fields=extra)
