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

    def label(self) -> str:
        """How a finding names the document: its year and file."""
        return f"{self.year or '?'}年度报告 {Path(self.path).name}"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def normalise_name(name: str) -> str:
    """The key departments are matched by across years: width, brackets and spaces folded."""
    text = unicodedata.normalize("NFKC", name).translate(_BRACKETS)
    return re.sub(r"\s+", "", text)


def department_of(text: str) -> tuple[str | None, int | None]:
    """The department and year the report's title names ("XX局2024年度部门决算")."""
    head = text[:400]
    match = _TITLE.search(head)
    if not match:
        return None, None
    name = re.sub(r"\s+", "", match.group("name"))
    return name or None, int(match.group("year"))


def document_of(result, data: bytes, path: str) -> Document:
    """The rows of one checked report (a :class:`juesuan.CheckResult`) read from ``data``."""
    return document_from(result, content_hash(data), path)


def document_from(result, doc_id: str, path: str) -> Document:
    """The rows of one checked report whose bytes hash to ``doc_id``."""
    report, flow = result.report, result.flow
    department, title_year = department_of(flow.text)
    layouts = {table.spec.layout for table in report.tables}
    return Document(doc_id, path, department, report.year or title_year,
                    layouts.pop() if len(layouts) == 1 else None,
                    facts=fact_rows(report, flow), cells=cell_rows(report),
                    findings=[f.as_dict() for f in result.findings],
                    dept_key=normalise_name(department) if department else None)


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
    return rows


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
