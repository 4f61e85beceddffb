"""A table whose own sums fail in many rows at once: told once, as probably misread.

A wrong figure in a table breaks one or two of its sums (its row's total, the 款 above
it). When a quarter of a table's rows or more fail at once, what is wrong is far more
likely the reading than the report: a header or a label broken over two lines, a merged
cell, figures shifted a column. Listed cell by cell, such a table would bury the report's
real problems under confident errors; it is reported once, as a warning to look at it.
"""
from __future__ import annotations

from juesuan.report.finding import Finding, Location
from juesuan.rules.registry import by_id, rule

#: the rules that check a table against itself
TABLE_SUMS = ("T101", "T102", "T103", "T104")
#: a table is taken for misread from this many failing rows on ...
_MIN_ROWS = 4
#: ... when they are this share of its rows or more
_MIN_SHARE = 0.25

_HEAD = "收入决算表\n单位：万元\n科目编码  科目名称  本年收入合计  财政拨款收入  其他收入\n"


@rule("T100", "table-misread", "tables", "warning",
      "A table whose own sums fail in a quarter of its rows or more is reported once, as probably "
      "misread, instead of row by row",
      fail=_HEAD + "".join(f"2050{n}  普通教育{n}  {n}0.00  {n}.00  {n}.00\n" for n in range(1, 6)),
      passes=_HEAD + "".join(f"2050{n}  普通教育{n}  {n}0.00  {n * 6}.00  {n * 4}.00\n" for n in range(1, 6)))
def table_misread(ctx):
    # The check is made on the other rules' findings, once they are all in (settle()):
    # alone, it has nothing to look at.
    return iter(())


def settle(report, findings: list[Finding], select=None) -> list[Finding]:
    """``findings`` with each misread table's sum errors replaced by one T100 warning."""
    if select is not None and "T100" not in select and "table-misread" not in select:
        return findings
    by_table: dict[tuple, list[Finding]] = {}
    for finding in findings:
        if finding.rule in TABLE_SUMS and finding.location.table:
            by_table.setdefault((finding.location.file, finding.location.table), []).append(finding)
    dropped: set[int] = set()
    added: list[Finding] = []
    for (source, title), found in by_table.items():
        rows = {finding.location.row for finding in found}
        size = _rows_read(report, source, title)
        if len(rows) >= _MIN_ROWS and len(rows) >= _MIN_SHARE * size:
            dropped.update(map(id, found))
            added.append(_warning(found, len(rows), size))
    if not added:
        return findings
    return [finding for finding in findings if id(finding) not in dropped] + added


def _rows_read(report, source, title: str) -> int:
    for table in report.tables:
        if table.title == title and table.source == source:
            return sum(1 for row in table.rows if row.cells and not row.uncertain)
    return 0


def _warning(found: list[Finding], failing: int, size: int) -> Finding:
    first = min(found, key=lambda finding: (finding.location.line or 0))
    title = first.location.table
    declared = by_id("T100")
    location = Location(line=first.location.line, end_line=first.location.line, page=first.location.page,
                        section=title, quote=title, table=title, file=first.location.file)
    message = (f"《{title}》{size} 行中有 {failing} 行的合计与其各项不符：多半是表格没有读准"
               f"（表头或行名换行、合并单元格、数字错列），逐行的 {len(found)} 处不再列出，请对照原表核对")
    return Finding(declared.id, declared.name, declared.severity, message, location, None, None)
