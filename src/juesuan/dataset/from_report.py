"""A report's data read back out of it: ``juesuan extract``.

The checker has already found the report's sections, its 类/款/项 lines and its tables;
this module gathers from them the dataset ``render`` writes reports from. Tables come
over cell for cell. Figures of the explanation are read in their section by the
phrasings the template uses; last year's figure is this year's less the stated change
(both printed to the cent, so it is exact). A report that does not state something
leaves that field out; nothing is guessed.
"""
from __future__ import annotations

import re
from decimal import Decimal

from juesuan.classification import default as classification
from juesuan.dataset.model import Dataset, LineNote, Row, clean_label, clean_text
from juesuan.model.report import Report
from juesuan.model.flow import Flow

_MONEY = r"(?P<v>[0-9][0-9,]*\.?[0-9]*)\s*万元"
_CHANGE = r"(?:，(?:其中)?[^，。；]{0,4}(?:比|与)20\d\d年度(?:(?P<w>增加|减少)\s*(?P<c>[0-9][0-9,]*\.?[0-9]*)\s*万元|(?P<same>持平)))?"
_REASON = r"主要原因是[：:](?P<t>[^。]*)。"

# (field, section keys, pattern): the first match in the first section that has one.
_FIGURES: list[tuple[str, tuple[str, ...], str, str]] = [
    ("上年收入支出总计", ("overview",), r"收入支出总计\s*" + _MONEY + _CHANGE, "prior"),
    ("上年财政拨款收入支出总计", ("fiscal",), r"财政拨款收入支出总计\s*" + _MONEY + _CHANGE, "prior"),
    ("因公出国（境）团组数", ("sangong",), r"团组\s*(?P<v>\d+)\s*个", "count"),
    ("因公出国（境）人次", ("sangong",), r"团组\s*\d+\s*个、\s*(?P<v>\d+)\s*人次", "count"),
    ("公务用车购置数", ("sangong",), r"购置车辆\s*(?P<v>\d+)\s*辆", "count"),
    ("公务用车保有量", ("sangong",), r"保有量\s*(?P<v>\d+)\s*辆", "count"),
    ("公务接待批次", ("sangong",), r"接待\s*(?P<v>\d+)\s*批次", "count"),
    ("公务接待人次", ("sangong",), r"批次、\s*(?P<v>\d+)\s*人次", "count"),
    ("一般公共预算财政拨款支出年初预算", ("general.detail", "general"),
     r"一般公共预算财政拨款支出年初预算为\s*" + _MONEY, "money"),
    ("机关运行经费", ("other.running",), r"机关运行经费支出\s*" + _MONEY, "money"),
    ("上年机关运行经费", ("other.running",), r"机关运行经费支出\s*" + _MONEY + _CHANGE, "prior"),
    ("政府采购货物支出", ("other.procurement",), r"货物支出\s*" + _MONEY, "money"),
    ("政府采购工程支出", ("other.procurement",), r"工程支出\s*" + _MONEY, "money"),
    ("政府采购服务支出", ("other.procurement",), r"服务支出\s*" + _MONEY, "money"),
    ("授予中小企业合同金额", ("other.procurement",), r"授予中小企业合同金额\s*" + _MONEY, "money"),
    ("授予小微企业合同金额", ("other.procurement",), r"授予小微企业合同金额\s*" + _MONEY, "money"),
    ("车辆", ("other.assets",), r"共有车辆\s*(?P<v>\d+)\s*辆", "count"),
    ("单价100万元以上设备", ("other.assets",), r"设备\s*(?P<v>\d+)\s*台[（(]套[）)]", "count"),
    ("绩效自评项目数", ("performance",), r"对\s*(?P<v>\d+)\s*个项目开展了绩效自评", "count"),
    ("绩效自评项目金额", ("performance",), r"绩效自评，涉及资金\s*" + _MONEY, "money"),
    ("在职人员", ("organisation",), r"在职人员\s*(?P<v>\d+)\s*人", "count"),
    ("离休人员", ("organisation",), r"离休人员\s*(?P<v>\d+)\s*人", "count"),
    ("退休人员", ("organisation",), r"(?<!离)退休人员\s*(?P<v>\d+)\s*人", "count"),
]
for _part in ("因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费"):
    _FIGURES.append((f"上年{_part}", ("sangong",), r"(?<=[：；])" + re.escape(_part) + r"\s*" + _MONEY + _CHANGE, "prior"))

_REASONS: list[tuple[str, tuple[str, ...], str]] = [
    ("收入支出总计增减原因", ("overview",), r"收入支出总计[^。]*。" + _REASON),
    ("财政拨款收入支出总计增减原因", ("fiscal",), r"财政拨款收入支出总计[^。]*。" + _REASON),
    ("一般公共预算财政拨款支出增减原因", ("general.overall", "general"), r"相比[^。]*。" + _REASON),
    ("一般公共预算财政拨款支出预决算差异原因", ("general.detail", "general"), r"决算数(?:[大小]于|与)预算数(?:相同)?的" + _REASON),
    ("三公经费预决算差异原因", ("sangong",), r"决算数(?:[大小]于|与)预算数(?:相同)?的" + _REASON),
    ("三公经费增减原因", ("sangong",), r"经费财政拨款支出决算[^。]*。其中[^。]*。" + _REASON),
    ("机关运行经费增减原因", ("other.running",), r"机关运行经费支出[^。]*。" + _REASON),
]
_LINE_TEXT = re.compile(r"主要用于[：:](?P<use>[^。]*)。|主要原因是[：:](?P<reason>[^。]*)。")
_SPACES = re.compile(r"\s+")
_PARAGRAPH_END = frozenset("。！？")
_TITLE = re.compile(r"^(?P<name>.+?)(?P<year>20\d\d)\s*年度?\s*部门决算")


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def extract_dataset(report: Report, flow: Flow) -> Dataset:
    fields: dict[str, object] = {}
    text = flow.text
    title = _TITLE.match(text)
    if title:
        fields["部门名称"] = title.group("name").strip()
    if report.year:
        fields["年度"] = report.year
    spans = _section_spans(report)
    # PDF text spaces figures off from the words around them ("比 2023 年度"); the
    # figures are read with all spaces out.
    for key, sections, pattern, kind in _FIGURES:
        match = _search(text, spans, sections, pattern, squeeze=True)
        if match is None:
            continue
        value = match.group("v")
        if kind == "count":
            fields[key] = int(value)
        elif kind == "money":
            fields[key] = _decimal(value)
        elif match.group("w") or match.group("same"):
            change = _decimal(match.group("c")) if match.group("c") else Decimal("0.00")
            fields[key] = _decimal(value) - (change if match.group("w") == "增加" else -change)
    for key, sections, pattern in _REASONS:
        match = _search(text, spans, sections, pattern)
        if match is not None and match.group("t").strip():
            fields[key] = clean_text(match.group("t"))
    for key, section in (("主要职能", "functions"), ("其他需说明的事项", "misc")):
        paragraphs = _paragraphs(flow, spans.get(section))
        if paragraphs and not paragraphs[0].startswith(("（本部门未提供", "本部门没有其他")):
            fields[key] = [clean_text(p) for p in paragraphs]
    units = re.search(r"单位共\s*\d+\s*家，包括[：:](?P<u>[^。]*)。", _slice(text, spans.get("organisation")))
    if units:
        fields["决算单位"] = [clean_text(u) for u in units.group("u").split("、") if u.strip()]
    tables = _tables(report)
    notes = _line_notes(report, text, tables)
    general = [n for n in notes if n.budget == "general"]
    if general and all(n.planned is not None for n in general):
        fields.pop("一般公共预算财政拨款支出年初预算", None)     # the sum of the lines' budgets
    return Dataset(fields, tables, notes)


def _section_spans(report: Report) -> dict[str, tuple[int, int]]:
    spans: dict[str, tuple[int, int]] = {}
    for section in report.sections:
        if section.key and section.key not in spans:
            spans[section.key] = (section.title_end, section.end if section.end >= 0 else section.title_end)
    return spans


def _slice(text: str, span: tuple[int, int] | None) -> str:
    return text[span[0]:span[1]] if span else ""


def _search(text: str, spans, sections, pattern: str, squeeze: bool = False):
    for key in sections:
        span = spans.get(key)
        if span:
            part = text[span[0]:span[1]]
            match = re.search(pattern, _SPACES.sub("", part) if squeeze else part)
            if match:
                return match
    return None


def _paragraphs(flow: Flow, span: tuple[int, int] | None) -> list[str]:
    """The paragraphs of a span: input lines joined up to each line that ends a sentence
    (a PDF's lines wrap a paragraph; a paragraph of data always ends one)."""
    if not span:
        return []
    line_ends = flow.starts[1:] + [len(flow.text)]
    ends = sorted({e for e in line_ends if span[0] < e <= span[1] and flow.text[e - 1] in _PARAGRAPH_END}
                  | {span[1]})
    paragraphs, start = [], span[0]
    for end in ends:
        text = flow.text[start:end].strip()
        if text:
            paragraphs.append(text)
        start = end
    return paragraphs


def _tables(report: Report) -> dict[str, list[Row]]:
    tables: dict[str, list[Row]] = {}
    for table in report.tables:
        key = table.spec.key
        rows = [Row(clean_label(row.label), {column: number.value for column, number in row.cells.items()},
                    row.code, row.side) for row in table.rows if row.cells]
        if key in tables:
            tables[key].extend(rows)           # a table continued on the next page
        else:
            tables[key] = rows
    return tables


def _line_notes(report: Report, text: str, tables: dict[str, list[Row]]) -> list[LineNote]:
    notes = []
    for line in report.lines:
        if line.role != "line" or not all(line.names):
            continue
        code = _code(line.names, tables.get(line.budget_kind, []))
        if code is None:
            continue
        amount = line.amount or line.final
        note = LineNote(line.budget_kind, code)
        if amount is not None and line.change is not None:
            note.prior = amount.value - line.change.value * (1 if line.change_sign >= 0 else -1)
        elif amount is not None and "持平" in text[line.start:line.end]:
            note.prior = amount.value
        if line.budget is not None:
            note.planned = line.budget.value
        for match in _LINE_TEXT.finditer(text, line.name_start, line.end):
            if match.group("use") is not None:
                note.use = clean_text(match.group("use"))
            else:
                note.reason = clean_text(match.group("reason"))
        notes.append(note)
    return notes


def _code(names, rows: list[Row]) -> str | None:
    """The 项 code a name triple denotes: by the report's own table, else the edition."""
    lei, kuan, xiang = (clean_label(n) for n in names)
    by_code = {row.code: row.label for row in rows if row.code}
    for code, label in by_code.items():
        if len(code) == 7 and label == xiang and by_code.get(code[:5]) == kuan and by_code.get(code[:3]) == lei:
            return code
    resolution = classification().resolve(lei, kuan, xiang)
    return resolution.code
