"""The tool's own messages about one checked input, typed apart from its findings.

``reader-warning``: what a reader could not take in; ``rule-failed``: a rule crashed and
the input was not fully checked; ``not-checked``: tables of the report's layout that were
not read (printed as pictures, or published in another file, or their figures in columns
the reader could not tell), and tables most of whose figures went unchecked, so that "no
problems" is never said of figures nobody read.
"""
from __future__ import annotations

NO_TABLES = "未读到决算表，表中数字未核对（表为图片或另附文件时，可用 --attach 一并提供）"
LABELS = {"reader-warning": "读取提示", "rule-failed": "规则失败", "not-checked": "未核对"}


def messages_of(result) -> list[dict]:
    """The messages about a :class:`~juesuan.api.CheckResult`, each ``{"type", "message"}``."""
    return ([{"type": "reader-warning", "message": text} for text in result.reader_warnings]
            + [{"type": "rule-failed", "message": text} for text in result.rule_failures]
            + [{"type": "not-checked", "message": text} for text in _unread(result)])


def _unread(result) -> list[str]:
    from juesuan.tables.spec import LAYOUTS

    report, recognition = result.report, result.recognition
    if report is None or recognition is None or not recognition.is_report:
        return []
    read = {table.spec.key for table in report.tables if _read(table)}
    if not read:
        return [NO_TABLES]
    layout = next(layout for layout in LAYOUTS if any(spec.key in read for spec in layout.tables))
    missing = sorted((spec for spec in layout.tables if spec.key not in read), key=lambda spec: spec.number)
    partly = sorted({table.spec for table in report.tables if table.spec.key in read and _partly_read(table)},
                    key=lambda spec: spec.number)
    out = []
    if missing:
        out.append("未读到" + "".join(f"《{spec.title}》" for spec in missing) + "，其中数字未核对")
    if partly:
        out.append("".join(f"《{spec.title}》" for spec in partly) + "部分数字未读到，未核对")
    return out


def _read(table) -> bool:
    """A table is read when a row carries a figure, or when it prints none (an empty
    table): not when its rows print figures that no column took."""
    return any(row.cells for row in table.rows) or not table.unread


def _partly_read(table) -> bool:
    """Most of a table's figures went unchecked: more were printed than taken into its
    columns, or most rows with figures could not be placed in columns for sure."""
    rows = [row for row in table.rows if row.cells]
    taken = sum(len(row.cells) for row in rows)
    unsure = sum(row.uncertain for row in rows)
    return bool(rows) and (table.unread > taken or 2 * unsure > len(rows))
