"""One checked report as plain rows: the document, its facts, its table cells, its findings.

The rows are what the store keeps and what the cross-year rules compare, so that a
comparison runs the same on a report just read and on one read back from the store.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from juesuan.model.number import MONEY_UNITS, Number
from juesuan.model.report import BudgetLine
from juesuan.store import named_year

_TITLE = re.compile(r"^\s*(?P<name>\S.{0,60}?)\s*(?P<year>20\d\d)\s*年度?\s*(?:部门|单位)?决算")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]", "“": '"', "”": '"'})


@dataclass
class Document:
    """A stored report: its identity and everything read from it."""

    doc_id: str                 # content hash: the same bytes are the same document
    path: str
    department: str | None
    year: int | None
    layout: str | None
    facts: list[dict] = field(default_factory=list)
    cells: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    dept_key: str | None = None
    #: the level of government (中央, 省级, 市级, 县级) and the region, where the
    #: department's name says them (see :func:`level_of`)
    level: str | None = None
    region: str | None = None

    def label(self) -> str:
        """How a finding names the document: its year and file."""
        return f"{self.year or '?'}年度报告 {Path(self.path).name}"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def normalise_name(name: str) -> str:
    """The key departments are matched by across years: width, brackets and spaces folded."""
    text = unicodedata.normalize("NFKC", name).translate(_BRACKETS)
    return re.sub(r"\s+", "", text)


#: where a report without a title line names its department in full: "纳入XX局 2024 年度
#: 部门决算编制范围的单位" (the MoF template), "XX局无下属决算单位"; the name ends with
#: the word of an organisation, and a sentence, a line or the 纳入 opens it
_ORGANISATION = r"(?:局|厅|委员会|委|部|办公室|院|所|中心|站|馆|会|学|校|处|署|社|政府|公司)"
_NAMED_IN_TEXT = (
    re.compile(rf"纳入\s*(?P<name>[\u4e00-\u9fff（）()]{{2,40}}?{_ORGANISATION})\s*(?P<year>20\d\d)\s*年度?\s*"
               r"(?:部门|单位)?决算(?:编制|汇编)?范围"),
    re.compile(rf"(?:^|[。\n])\s*(?P<name>[\u4e00-\u9fff（）()]{{2,40}}?{_ORGANISATION})\s*(?:无|没有)下属"
               r"(?:预算|决算|二级)?单位", re.M),
)


def department_of(text: str) -> tuple[str | None, int | None]:
    """The department and year the report's title names ("XX局2024年度部门决算"); without
    a title, the department as the text names it in full (see ``_NAMED_IN_TEXT``)."""
    match = _TITLE.search(text[:400])
    if match:
        name = re.sub(r"\s+", "", match.group("name"))
        return name or None, int(match.group("year"))
    for pattern in _NAMED_IN_TEXT:
        found = {re.sub(r"\s+", "", m.group("name")) for m in pattern.finditer(text)}
        found = {name for name in found if not name.startswith("本")}
        if len(found) == 1:          # named alike wherever it is said
            return found.pop(), None
    return None, None


#: a department of the central government: its name says so, or it is a ministry (…部)
#: named without a place
_CENTRAL = re.compile(r"^(?:中华人民共和国|中共中央|中央|国务院|全国|国家(?!级))|^[\u4e00-\u9fff]{1,4}部$")
_MUNICIPALITIES = "北京市|天津市|上海市|重庆市"
_PROVINCE = re.compile(rf"^(?:{_MUNICIPALITIES}|[\u4e00-\u9fff]{{2,5}}?(?:省|自治区))")
_CITY = re.compile(r"^[\u4e00-\u9fff]{2,7}?(?:市|自治州|州|盟|地区)")
_COUNTY = re.compile(r"^[\u4e00-\u9fff]{1,7}?(?:区|自治县|县|自治旗|旗)")
#: words that end like a place but name no level of government
_NO_PLACE = re.compile(r"开发区|新区|园区|高新区|保税区|管理区|示范区|试验区|工业区|市场|地区办|区域")


def level_of(name: str | None) -> tuple[str | None, str | None]:
    """(level, region) as the department's name says them: "上海市普陀区规划和资源局" →
    (县级, 上海市普陀区); "教育部" → (中央, None); "浙江省财政厅" → (省级, 浙江省);
    (None, None) where the words do not say (a short name, a development zone)."""
    if not name:
        return None, None
    name = normalise_name(name)
    if _CENTRAL.search(name):
        return "中央", None
    name = re.sub(r"^(?:中共|中国共产党)", "", name)      # a party office names its place after
    region, level, rest = "", None, name
    for pattern, this_level in ((_PROVINCE, "省级"), (_CITY, "市级"), (_COUNTY, "县级")):
        if this_level == "县级" and level is None:
            break                   # a 区 or 县 alone is no sure county: 新区, 园区 …
        match = pattern.match(rest)
        if match and not _NO_PLACE.search(match.group(0)):
            region, rest = region + match.group(0), rest[match.end():]
            level = this_level
    if level is None and (match := _COUNTY.match(name)) and match.group(0).endswith(("县", "旗")) \
            and not _NO_PLACE.search(match.group(0)):
        region, level = match.group(0), "县级"
    return level, region or None


def document_of(result, data: bytes, path: str) -> Document:
    """The rows of one checked report (a :class:`juesuan.CheckResult`) read from ``data``."""
    return document_from(result, content_hash(data), path)


def document_from(result, doc_id: str, path: str) -> Document:
    """The rows of one checked report whose bytes hash to ``doc_id``."""
    report, flow = result.report, result.flow
    department, title_year = department_of(flow.text)
    level, region = level_of(department)
    layouts = {table.spec.layout for table in report.tables}
    return Document(doc_id, path, department, report.year or title_year,
                    layouts.pop() if len(layouts) == 1 else None,
                    facts=fact_rows(report, flow), cells=cell_rows(report),
                    findings=[f.as_dict() for f in result.findings],
                    dept_key=normalise_name(department) if department else None,
                    level=level, region=region)


def _in_wan(number: Number) -> Decimal | None:
    """A money figure in 万元 (the unit the comparisons use); None for rates and counts."""
    size = MONEY_UNITS.get(number.unit)
    return number.value * size if size is not None else None


def fact_rows(report, flow) -> list[dict]:
    """One row per figure of the explanation, with the statement it belongs to."""
    rows = []
    for index, statement in enumerate([*report.statements, *report.lines]):
        line = isinstance(statement, BudgetLine)
        for attribute, number in statement.figures():
            sign = getattr(statement, f"{attribute}_sign", 0) if attribute in ("change", "growth") else 0
            rows.append({"stmt": index, "section": statement.subsection or statement.section,
                         "concept": statement.concept, "label": statement.label,
                         "attribute": attribute, "value": number.value, "places": number.places,
                         "unit": number.unit, "wan": _in_wan(number), "text": number.text,
                         "sign": sign, "page": flow.page_of(number.start),
                         "line": flow.line_of(number.start),
                         "code": statement.code if line else None,
                         "names": "/".join(n or "" for n in statement.names) if line else None,
                         "budget": statement.budget_kind if line else None})
    known = {(row["line"], row["value"]) for row in rows if row["attribute"] == "change"}
    first = len(report.statements) + len(report.lines)
    return rows + named_year.fact_rows(flow.text, report.year, flow, first, known)


def cell_rows(report) -> list[dict]:
    """One row per figure of the tables read."""
    rows = []
    for number, table in enumerate(report.tables):
        for row in table.rows:
            if row.uncertain:
                continue              # figures not placed in columns with certainty
            for column, cell in row.cells.items():
                rows.append({"tbl": number, "table_key": table.spec.key, "title": table.title,
                             "row_code": row.code, "row_label": row.label, "side": row.side,
                             "column_key": column, "header": row.headers.get(column),
                             "value": cell.value, "places": cell.places, "unit": table.unit,
                             "text": cell.text, "page": table.page_of(row) or table.page,
                             "line": table.line_of(row), "source": table.source})
    return rows
