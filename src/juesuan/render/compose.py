"""What a report says, worked out from its data: every derived figure computed here.

Shares, changes, growth rates, completion rates and sums are computed from the data's
exact Decimals and rounded once (:mod:`juesuan.render.numbers`), so a report written from
consistent data cannot contradict itself. The sentences are the project's own; they say
what the Ministry of Finance template asks for, in the order it asks for it.
"""
from __future__ import annotations

from decimal import Decimal

from juesuan.classification import default as classification
from juesuan.dataset.model import ZERO, Dataset, LineNote
from juesuan.render import glossary
from juesuan.render.blocks import Block, Chart, Heading, PageBreak, Paragraph
from juesuan.render.layout import ordinal, table_blocks
from juesuan.render.numbers import money, percent, rate

W = "万元"


def compose(dataset: Dataset) -> list[Block]:
    """The whole report: title, the four parts, and the nine tables."""
    c = _Composer(dataset)
    return c.title() + c.profile() + c.explanation() + c.glossary() + c.tables()


def _reason(text: str, lead: str = "主要原因是") -> str:
    text = text.strip().rstrip("。；;，, ")
    return f"{lead}：{text}。" if text else ""


def _compare(this: Decimal, last: Decimal | None, year: int, subject: str = "") -> str:
    """"，比2023年度增加 X 万元，增长 Y%" or "，与2023年度持平"; empty without last year's figure."""
    if last is None:
        return ""
    change = this - last
    if not change:
        return f"，{subject}与{year - 1}年度持平"
    word, rise = ("增加", "增长") if change > 0 else ("减少", "下降")
    return f"，{subject}比{year - 1}年度{word} {money(abs(change))} {W}，{rise} {rate(this, last)}"


def _variance_reason(final: Decimal, planned: Decimal, why: str) -> str:
    """"决算数大于预算数的主要原因是：…"; a final equal to its budget is said so."""
    if not why:
        return ""
    word = "大于" if final > planned else "小于" if final < planned else "与"
    return _reason(why, f"决算数{word}预算数{'相同' if word == '与' else ''}的主要原因是")


def _share(part: Decimal, whole: Decimal, base: str = "") -> str:
    return f"，占{base} {percent(part, whole)}" if whole else ""


def _sum(values) -> Decimal:
    return sum(values, ZERO)


class _Composer:
    def __init__(self, dataset: Dataset):
        self.d = dataset
        self.name = dataset.department
        self.year = dataset.year

    # -- title and part one -------------------------------------------------------------

    def title(self) -> list[Block]:
        return [Heading(f"{self.name}{self.year}年度部门决算", 0),
                Paragraph("目录"),
                Paragraph(f"第一部分 {self.name}概况"),
                Paragraph(f"第二部分 {self.name}{self.year}年度部门决算情况说明"),
                Paragraph("第三部分 名词解释"),
                Paragraph(f"第四部分 {self.name}{self.year}年度部门决算报表"),
                PageBreak()]

    def profile(self) -> list[Block]:
        d = self.d
        out: list[Block] = [Heading(f"第一部分 {self.name}概况", 1), Heading("一、主要职能", 2)]
        out += [Paragraph(text) for text in d.texts("主要职能")] or [Paragraph("（本部门未提供职能说明。）")]
        out.append(Heading("二、机构设置及人员情况", 2))
        units = d.texts("决算单位")
        if units:
            out.append(Paragraph(f"纳入本部门{self.year}年度部门决算编制范围的单位共 {len(units)} 家，"
                                 f"包括：{'、'.join(units)}。"))
        staff = [(key, d.count(key)) for key in ("在职人员", "离休人员", "退休人员")]
        if all(n is not None for _, n in staff):
            parts = "，".join(f"{key} {n} 人" for key, n in staff)
            out.append(Paragraph(f"截至{self.year}年末，本部门实有人数 {sum(n for _, n in staff)} 人，其中：{parts}。"))
        return out + [PageBreak()]

    # -- part two -------------------------------------------------------------------------

    def explanation(self) -> list[Block]:
        out: list[Block] = [Heading(f"第二部分 {self.name}{self.year}年度部门决算情况说明", 1)]
        for section in (self.overview, self.income, self.expenditure, self.fiscal, self.general,
                        self.basic, self.sangong, self.fund, self.capital, self.other,
                        self.performance, self.misc):
            out += section()
        return out + [PageBreak()]

    def _summary(self, label: str, side: str) -> Decimal:
        row = self.d.row("summary", label, side=side)
        return row.get("决算数") if row else ZERO

    def overview(self) -> list[Block]:
        d, year = self.d, self.year
        total = self._summary("总计", "left")
        income, opening = self._summary("本年收入合计", "left"), self._summary("年初结转和结余", "left")
        unused = self._summary("使用非财政拨款结余", "left")
        spent, closing = self._summary("本年支出合计", "right"), self._summary("年末结转和结余", "right")
        allotted = self._summary("结余分配", "right")
        last = d.money("上年收入支出总计")
        out: list[Block] = [
            Heading("一、收入支出决算总体情况说明", 2),
            Paragraph(f"{self.name}{year}年度收入支出总计 {money(total)} {W}{_compare(total, last, year)}。"
                      + _reason(d.text("收入支出总计增减原因"))),
            Paragraph(f"收入总计 {money(total)} {W}，包括本年收入合计 {money(income)} {W}，"
                      f"使用非财政拨款结余 {money(unused)} {W}，年初结转和结余 {money(opening)} {W}。"),
            Paragraph(f"支出总计 {money(total)} {W}，包括本年支出合计 {money(spent)} {W}，"
                      f"结余分配 {money(allotted)} {W}，年末结转和结余 {money(closing)} {W}。"),
        ]
        if last is not None:
            out.append(Chart("收入支出总计", ["收入支出总计"], [(f"{year - 1}年度", [last]), (f"{year}年度", [total])]))
        return out

    def _parts(self, table: str, columns: list[str]) -> list[tuple[str, Decimal]]:
        """The 合计 row of a table, column by column."""
        total = self.d.row(table, "合计")
        return [(column, total.get(column)) for column in columns] if total is not None else []

    def income(self) -> list[Block]:
        return self._breakdown("income", "二、收入决算情况说明", "本年收入合计", "按来源分", "本年收入构成",
                               ["财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"])

    def expenditure(self) -> list[Block]:
        return self._breakdown("expenditure", "三、支出决算情况说明", "本年支出合计", "按性质分", "本年支出构成",
                               ["基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"])

    def _breakdown(self, table: str, heading: str, whole: str, by: str, chart: str,
                   columns: list[str]) -> list[Block]:
        """A total and the parts it is made of, each with its share (the parts printed are
        those that are not zero)."""
        parts = [(name, v) for name, v in self._parts(table, columns) if v]
        total = _sum(v for _, v in self._parts(table, columns))
        said = [f"{name} {money(v)} {W}{_share(v, total)}" for name, v in parts]
        text = f"{self.year}年度{whole} {money(total)} {W}"
        text += (f"。{by}：" + "；".join(said) + "。") if said else "。"
        out: list[Block] = [Heading(heading, 2), Paragraph(text)]
        if len(parts) > 1:
            out.append(Chart(chart, [n for n, _ in parts], [(f"{self.year}年度", [v for _, v in parts])]))
        return out

    def _fiscal(self, label: str, side: str, column: str = "") -> Decimal:
        row = self.d.row("fiscal", label, side=side)
        if row is None:
            return ZERO
        return row.get(column or ("决算数" if side == "left" else "合计"))

    def fiscal(self) -> list[Block]:
        d, year = self.d, self.year
        total = self._fiscal("总计", "left")
        opening, income = self._fiscal("年初财政拨款结转和结余", "left"), self._fiscal("本年收入合计", "left")
        spent, closing = self._fiscal("本年支出合计", "right"), self._fiscal("年末财政拨款结转和结余", "right")
        last = d.money("上年财政拨款收入支出总计")
        return [
            Heading("四、财政拨款收入支出决算总体情况说明", 2),
            Paragraph(f"{self.name}{year}年度财政拨款收入支出总计 {money(total)} {W}{_compare(total, last, year)}。"
                      + _reason(d.text("财政拨款收入支出总计增减原因"))),
            Paragraph(f"财政拨款收入总计 {money(total)} {W}，包括年初财政拨款结转和结余 {money(opening)} {W}，"
                      f"本年财政拨款收入 {money(income)} {W}；财政拨款支出总计 {money(total)} {W}，"
                      f"包括本年财政拨款支出 {money(spent)} {W}，年末财政拨款结转和结余 {money(closing)} {W}。"),
        ]

    # -- 一般公共预算 ------------------------------------------------------------------------

    def _lines(self, budget: str, table: str, column: str) -> list[tuple[str, Decimal, LineNote | None]]:
        """(code, amount this year, note) for every 项 line of a budget, in code order: the
        lines of the table and the lines that had money last year only."""
        amounts = {row.code: row.get(column) for row in self.d.rows(table) if row.code and len(row.code) == 7}
        notes = {n.code: n for n in self.d.lines if n.budget == budget}
        return [(code, amounts.get(code, ZERO), notes.get(code)) for code in sorted(set(amounts) | set(notes))]

    def _names(self, table: str, code: str) -> tuple[str, str, str]:
        def name(c: str) -> str:
            row = self.d.row(table, code=c)
            if row is not None and row.label:
                return row.label
            entry = classification().by_code(c)
            return entry.name if entry else c
        return name(code[:3]), name(code[:5]), name(code)

    def general(self) -> list[Block]:
        d, year = self.d, self.year
        total_row = d.row("general", "合计")
        total = total_row.get("合计") if total_row else ZERO
        spent = self._summary("本年支出合计", "right")
        lines = self._lines("general", "general", "合计")
        priors = [n.prior for _, _, n in lines if n is not None and n.prior is not None]
        last = _sum(priors) if lines and len(priors) == len(lines) else None
        plans = [n.planned for _, _, n in lines if n is not None and n.planned is not None]
        planned = _sum(plans) if lines and len(plans) == len(lines) else d.money("一般公共预算财政拨款支出年初预算")
        out: list[Block] = [Heading("五、一般公共预算财政拨款支出决算情况说明", 2),
                            Heading("（一）一般公共预算财政拨款支出决算总体情况", 3)]
        share = f"，占本年支出合计的比重为 {percent(total, spent)}" if spent else ""
        text = f"{year}年度一般公共预算财政拨款支出 {money(total)} {W}{share}。"
        if last is not None:
            text += f"与{year - 1}年度相比，" + (_compare(total, last, year)[len(f"，比{year - 1}年度"):]
                                              if total != last else "持平") + "。"
            text += _reason(d.text("一般公共预算财政拨款支出增减原因"))
        out.append(Paragraph(text))
        categories = [row for row in d.rows("general") if row.code and len(row.code) == 3]
        out.append(Heading("（二）一般公共预算财政拨款支出决算结构情况", 3))
        out.append(Paragraph("按支出功能分类，各类支出如下："))
        for n, row in enumerate(categories, 1):
            end = "。" if n == len(categories) else "；"
            out.append(Paragraph(f"{n}、{row.label}（类）{money(row.get('合计'))} {W}{_share(row.get('合计'), total)}{end}"))
        if categories:
            series = [(f"{year}年度", [row.get("合计") for row in categories])]
            if last is not None:
                by_category = {}
                for code, _, note in lines:
                    by_category[code[:3]] = by_category.get(code[:3], ZERO) + (note.prior or ZERO)
                series.insert(0, (f"{year - 1}年度", [by_category.get(row.code, ZERO) for row in categories]))
            out.append(Chart("一般公共预算财政拨款支出（按类）", [row.label for row in categories], series))
        out.append(Heading("（三）一般公共预算财政拨款支出决算具体情况", 3))
        if planned is not None and planned:
            out.append(Paragraph(f"一般公共预算财政拨款支出年初预算为 {money(planned)} {W}，支出决算为 {money(total)} {W}，"
                                 f"完成年初预算的 {percent(total, planned)}。"
                                 + _variance_reason(total, planned, d.text("一般公共预算财政拨款支出预决算差异原因"))))
        out += self._line_paragraphs("general", lines)
        return out

    def _line_paragraphs(self, table: str, lines) -> list[Block]:
        out: list[Block] = []
        year = self.year
        for n, (code, amount, note) in enumerate(lines, 1):
            lei, kuan, xiang = self._names(table, code)
            text = f"{n}、{lei}（类）{kuan}（款）{xiang}（项）：支出决算为 {money(amount)} {W}"
            if note is not None and note.prior is not None:
                text += _compare(amount, note.prior, year)
            if note is not None and note.planned:
                text += f"；年初预算为 {money(note.planned)} {W}，完成年初预算的 {percent(amount, note.planned)}"
            text += "。"
            if note is not None and note.use:
                text += _reason(note.use, "主要用于")
            if note is not None and note.reason:
                text += _reason(note.reason)
            out.append(Paragraph(text))
        return out

    def basic(self) -> list[Block]:
        d = self.d
        total_row = d.row("general", "合计")
        basic = total_row.get("基本支出") if total_row else ZERO
        people = d.row("basic", "人员经费合计", side="left")
        public = d.row("basic", "公用经费合计", side="right")

        def items(side: str) -> str:
            names = [row.label for row in d.rows("basic", side) if row.code and len(row.code) == 5 and any(row.values.values())]
            return "主要包括：" + "、".join(names) if names else ""
        text = f"{self.year}年度一般公共预算财政拨款基本支出 {money(basic)} {W}"
        if people is not None and public is not None:
            left, right = items("left"), items("right")
            text += (f"，其中：人员经费 {money(people.get('决算数'))} {W}" + (f"，{left}" if left else "")
                     + f"；公用经费 {money(public.get('决算数'))} {W}" + (f"，{right}" if right else ""))
        return [Heading("六、一般公共预算财政拨款基本支出决算情况说明", 2), Paragraph(text + "。")]

    # -- 三公 ---------------------------------------------------------------------------------

    def sangong(self) -> list[Block]:
        d, year = self.d, self.year
        rows = d.rows("sangong")
        cell = (lambda part, kind: rows[0].get(f"{part}:{kind}")) if rows else (lambda part, kind: ZERO)
        total_b, total_f = cell("合计", "预算数"), cell("合计", "决算数")
        parts = [("因公出国（境）费", "因公出国（境）费"), ("公务用车购置及运行维护费", "公务用车购置及运行维护费"),
                 ("公务接待费", "公务接待费")]
        out: list[Block] = [Heading("七、财政拨款“三公”经费支出决算情况说明", 2),
                            Heading("（一）“三公”经费财政拨款支出总体情况", 3)]
        text = f"{year}年度“三公”经费财政拨款支出年初预算为 {money(total_b)} {W}，支出决算为 {money(total_f)} {W}"
        text += f"，完成年初预算的 {percent(total_f, total_b)}" if total_b else ""
        said = []
        for part, _ in parts:
            b, f = cell(part, "预算数"), cell(part, "决算数")
            if b or f:
                said.append(f"{part}年初预算为 {money(b)} {W}，支出决算为 {money(f)} {W}"
                            + (f"，完成年初预算的 {percent(f, b)}" if b else ""))
        text += ("。其中：" + "；".join(said) + "。") if said else "。"
        text += _variance_reason(total_f, total_b, d.text("三公经费预决算差异原因"))
        out.append(Paragraph(text))
        priors = [d.money(f"上年{p}") for p in ("因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费")]
        if all(p is not None for p in priors):
            last = _sum(priors)
            names = ("因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费")
            each = "；".join(f"{name} {money(cell(name, '决算数'))} {W}{_compare(cell(name, '决算数'), prior, year)}"
                            for name, prior in zip(names, priors))
            out.append(Paragraph(f"{year}年度“三公”经费财政拨款支出决算 {money(total_f)} {W}"
                                 f"{_compare(total_f, last, year)}。其中：{each}。" + _reason(d.text("三公经费增减原因"))))
        out.append(Heading("（二）“三公”经费财政拨款支出分项情况", 3))
        if total_f:
            out.append(Paragraph("按费用类别分，" + "；".join(
                f"{part} {money(cell(part, '决算数'))} {W}{_share(cell(part, '决算数'), total_f)}" for part, _ in parts) + "。"))
        travel = cell("因公出国（境）费", "决算数")
        groups, people = d.count("因公出国（境）团组数"), d.count("因公出国（境）人次")
        text = f"1、因公出国（境）费 {money(travel)} {W}"
        if groups is not None and people is not None:
            text += f"，全年因公出国（境）团组 {groups} 个、{people} 人次"
        out.append(Paragraph(text + "。"))
        buy, run = cell("公务用车购置费", "决算数"), cell("公务用车运行维护费", "决算数")
        text = (f"2、公务用车购置及运行维护费 {money(buy + run)} {W}，其中：公务用车购置费 {money(buy)} {W}"
                + (f"，购置车辆 {d.count('公务用车购置数')} 辆" if d.count("公务用车购置数") is not None else "")
                + f"；公务用车运行维护费 {money(run)} {W}。")
        if d.count("公务用车保有量") is not None:
            text += f"截至{year}年12月31日，使用财政拨款开支的公务用车保有量 {d.count('公务用车保有量')} 辆。"
        out.append(Paragraph(text))
        reception = cell("公务接待费", "决算数")
        text = f"3、公务接待费 {money(reception)} {W}"
        batches, guests = d.count("公务接待批次"), d.count("公务接待人次")
        if batches is not None and guests is not None:
            text += f"，全年国内公务接待 {batches} 批次、{guests} 人次"
        out.append(Paragraph(text + "。"))
        return out

    # -- 政府性基金, 国有资本经营 -----------------------------------------------------------------

    def _special(self, budget: str, number: int, title: str) -> list[Block]:
        d, year = self.d, self.year
        total = d.row(budget, "合计")
        out: list[Block] = [Heading(f"{ordinal(number)}、{title}财政拨款收入支出决算情况说明", 2)]
        if total is None or not any(total.values.values()):
            out.append(Paragraph(f"{year}年度本部门没有{title}财政拨款收入，也没有使用{title}财政拨款安排的支出。"))
            return out
        out.append(Paragraph(
            f"{year}年度{title}财政拨款年初结转和结余 {money(total.get('年初结转和结余'))} {W}，"
            f"本年收入 {money(total.get('本年收入'))} {W}，本年支出 {money(total.get('本年支出合计'))} {W}，"
            f"年末结转和结余 {money(total.get('年末结转和结余'))} {W}。各项支出如下："))
        out += self._line_paragraphs(budget, self._lines(budget, budget, "本年支出合计"))
        return out

    def fund(self) -> list[Block]:
        return self._special("fund", 8, "政府性基金预算")

    def capital(self) -> list[Block]:
        return self._special("capital", 9, "国有资本经营预算")

    # -- 其他重要事项, 绩效, 其他 ----------------------------------------------------------------

    def other(self) -> list[Block]:
        d, year = self.d, self.year
        out: list[Block] = [Heading("十、其他重要事项的情况说明", 2), Heading("（一）机关运行经费支出情况", 3)]
        running = d.money("机关运行经费")
        if running is None:
            out.append(Paragraph(f"{year}年度本部门没有机关运行经费支出。"))
        else:
            out.append(Paragraph(f"{year}年度本部门机关运行经费支出 {money(running)} {W}"
                                 f"{_compare(running, d.money('上年机关运行经费'), year)}。"
                                 + _reason(d.text("机关运行经费增减原因"))))
        out.append(Heading("（二）政府采购支出情况", 3))
        kinds = [(k, d.money(f"政府采购{k}支出")) for k in ("货物", "工程", "服务")]
        if all(v is None for _, v in kinds):
            out.append(Paragraph(f"{year}年度本部门没有政府采购支出。"))
        else:
            total = _sum(v or ZERO for _, v in kinds)
            text = (f"{year}年度本部门政府采购支出总额 {money(total)} {W}，其中："
                    + "，".join(f"政府采购{k}支出 {money(v or ZERO)} {W}" for k, v in kinds) + "。")
            sme, small = d.money("授予中小企业合同金额"), d.money("授予小微企业合同金额")
            if sme is not None:
                text += f"授予中小企业合同金额 {money(sme)} {W}{_share(sme, total, '政府采购支出总额的')}"
                if small is not None:
                    text += f"，其中：授予小微企业合同金额 {money(small)} {W}{_share(small, total, '政府采购支出总额的')}"
                text += "。"
            out.append(Paragraph(text))
        out.append(Heading("（三）国有资产占有使用情况", 3))
        vehicles, equipment = d.count("车辆"), d.count("单价100万元以上设备")
        said = []
        if vehicles is not None:
            said.append(f"本部门共有车辆 {vehicles} 辆")
        if equipment is not None:
            said.append(f"单价一百万元（含）以上的设备 {equipment} 台（套）")
        if said:
            out.append(Paragraph(f"截至{year}年12月31日，" + "；".join(said) + "。"))
        return out

    def performance(self) -> list[Block]:
        d = self.d
        out: list[Block] = [Heading("十一、预算绩效管理情况说明", 2)]
        projects, amount = d.count("绩效自评项目数"), d.money("绩效自评项目金额")
        if projects is not None:
            text = f"{self.year}年度本部门对 {projects} 个项目开展了绩效自评"
            text += f"，涉及资金 {money(amount)} {W}。" if amount is not None else "。"
            out.append(Paragraph(text))
        else:
            out.append(Paragraph(f"{self.year}年度本部门没有开展项目绩效自评。"))
        return out

    def misc(self) -> list[Block]:
        texts = self.d.texts("其他需说明的事项")
        return [Heading("十二、其他需要说明的情况", 2),
                *([Paragraph(t) for t in texts] or [Paragraph("本部门没有其他需要说明的情况。")])]

    # -- part three and four --------------------------------------------------------------

    def glossary(self) -> list[Block]:
        return [Heading("第三部分 名词解释", 1),
                *(Paragraph(f"{ordinal(n)}、{term}：{meaning}。") for n, (term, meaning) in enumerate(glossary.TERMS, 1)),
                PageBreak()]

    def tables(self) -> list[Block]:
        out: list[Block] = [Heading(f"第四部分 {self.name}{self.year}年度部门决算报表", 1)]
        for n, block in enumerate(table_blocks(self.d)):
            if n:
                out.append(PageBreak())
            out.append(block)
        return out

