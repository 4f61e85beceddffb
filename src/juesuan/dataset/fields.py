"""The figures and texts a report needs that its nine tables do not hold.

Declared once, in the order a report states them: each field has its key (the Chinese
name finance staff know it by), its kind, its unit and a line of help. The workbook
template, the JSON and CSV forms and the documentation are all written from this list.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str
    kind: str            # "money" (万元, Decimal), "count" (int), "text", "texts" (paragraphs), "year"
    help: str
    unit: str = ""       # for counts: 人, 辆, 个, 批次, 人次, 台（套）
    required: bool = False
    #: a "texts" field whose items are paragraphs (each ends a sentence)
    paragraphs: bool = False


FIELDS: tuple[Field, ...] = (
    Field("部门名称", "text", "the department as the report names it, e.g. 澜溪市生态环境局", required=True),
    Field("年度", "year", "the year the final accounts are for, e.g. 2024", required=True),
    Field("主要职能", "texts", "the department's functions, one paragraph per line", paragraphs=True),
    Field("决算单位", "texts", "the units whose accounts are included, one per line; the department itself first"),
    Field("在职人员", "count", "staff in service at the end of the year", "人"),
    Field("离休人员", "count", "retired cadres of before 1949 (离休) at the end of the year", "人"),
    Field("退休人员", "count", "retired staff at the end of the year", "人"),
    Field("上年收入支出总计", "money", "last year's 收入支出总计, from last year's 收入支出决算总表"),
    Field("收入支出总计增减原因", "text", "why 收入支出总计 rose or fell"),
    Field("上年财政拨款收入支出总计", "money", "last year's 财政拨款收入支出总计"),
    Field("财政拨款收入支出总计增减原因", "text", "why 财政拨款收入支出总计 rose or fell"),
    Field("一般公共预算财政拨款支出增减原因", "text", "why 一般公共预算财政拨款支出 rose or fell"),
    Field("一般公共预算财政拨款支出年初预算", "money",
          "the start-of-year budget of 一般公共预算财政拨款支出, when the lines do not give theirs "
          "(when every line has its 年初预算数, their sum is used)"),
    Field("一般公共预算财政拨款支出预决算差异原因", "text",
          "why 一般公共预算财政拨款支出 differs from the start-of-year budget"),
    Field("上年因公出国（境）费", "money", "last year's 因公出国（境）费 (final)"),
    Field("上年公务用车购置费", "money", "last year's 公务用车购置费 (final)"),
    Field("上年公务用车运行维护费", "money", "last year's 公务用车运行维护费 (final)"),
    Field("上年公务接待费", "money", "last year's 公务接待费 (final)"),
    Field("三公经费预决算差异原因", "text", "why “三公” spending differs from its budget"),
    Field("三公经费增减原因", "text", "why “三公” spending rose or fell against last year"),
    Field("因公出国（境）团组数", "count", "groups sent abroad on official business", "个"),
    Field("因公出国（境）人次", "count", "person-trips abroad on official business", "人次"),
    Field("公务用车购置数", "count", "official vehicles bought in the year", "辆"),
    Field("公务用车保有量", "count", "official vehicles paid from fiscal funds at the end of the year", "辆"),
    Field("公务接待批次", "count", "official receptions (domestic)", "批次"),
    Field("公务接待人次", "count", "persons received (domestic)", "人次"),
    Field("机关运行经费", "money", "机关运行经费 of the year"),
    Field("上年机关运行经费", "money", "last year's 机关运行经费"),
    Field("机关运行经费增减原因", "text", "why 机关运行经费 rose or fell"),
    Field("政府采购货物支出", "money", "government procurement of goods"),
    Field("政府采购工程支出", "money", "government procurement of works"),
    Field("政府采购服务支出", "money", "government procurement of services"),
    Field("授予中小企业合同金额", "money", "contracts awarded to small and medium enterprises"),
    Field("授予小微企业合同金额", "money", "of these, contracts awarded to small and micro enterprises"),
    Field("车辆", "count", "vehicles held at the end of the year (all, not only official cars)", "辆"),
    Field("单价100万元以上设备", "count", "pieces of equipment worth 1,000,000 元 or more each", "台（套）"),
    Field("绩效自评项目数", "count", "projects that made a performance self-evaluation", "个"),
    Field("绩效自评项目金额", "money", "the budget those projects involve"),
    Field("其他需说明的事项", "texts", "anything else the report must say, one paragraph per line",
          paragraphs=True),
)
BY_KEY = {field.key: field for field in FIELDS}

#: what each budget line (类/款/项) carries besides its amount in the tables
LINE_FIELDS: tuple[Field, ...] = (
    Field("上年决算数", "money", "the line's final amount last year (0 for a new line)"),
    Field("年初预算数", "money", "the line's start-of-year budget"),
    Field("主要用途", "text", "what the money was spent on"),
    Field("原因", "text", "why it rose, fell or differs from the budget"),
)
#: the budgets whose lines the report explains one by one, and the table that holds them
LINE_BUDGETS = {"general": ("一般公共预算", "general", "合计"),
                "fund": ("政府性基金预算", "fund", "本年支出合计"),
                "capital": ("国有资本经营预算", "capital", "本年支出合计")}
