"""Shared helpers of the table rules: where a cell is, and how to say so."""
from __future__ import annotations

from bisect import bisect_left

from juesuan.model.interval import Interval
from juesuan.report.finding import Finding, Location


def cell_interval(number) -> Interval:
    return number.interval


def row_name(row) -> str:
    return f"{row.code} {row.label}".strip() if row.code else row.label


def _page(ctx, table, row, line: int | None) -> int | None:
    """A row's own page: a table of the report may run on over a page break."""
    flow = ctx.flow
    if (page := table.page_of(row)) is not None:
        return page
    if table.source is not None or line is None or not flow.pages:
        return table.page
    index = min(bisect_left(flow.lines, line), len(flow.lines) - 1)
    return flow.pages[index]


def table_finding(ctx, table, row, column: str, message: str, stated: str | None,
                  expected: str | None) -> Finding:
    """A finding placed in a table: its title, row and column (and its line, when known)."""
    rule = ctx.rule
    header = row.headers.get(column, column)
    line = table.line_of(row)
    location = Location(line=line, end_line=line, page=_page(ctx, table, row, line), section=table.title,
                        quote=f"{row_name(row)}：{header} {stated}" if stated else row_name(row),
                        table=table.title, row=row_name(row), column=header, file=table.source,
                        **_sheet_cell(table, row, column))
    return Finding(rule.id, rule.name, rule.severity, message, location, stated, expected)


def _sheet_cell(table, row, column: str) -> dict[str, str]:
    """The sheet and cell of a figure of a table read from a spreadsheet, as Excel names
    them: a workbook's reader looks for a cell, not for a line of extracted text."""
    cell = table.cell_of(row, column)
    return {"sheet": table.sheet, "cell": cell} if cell is not None else {}
