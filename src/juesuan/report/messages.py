"""The tool's own messages about one checked input, typed apart from its findings.

``reader-warning``: what a reader could not take in; ``rule-failed``: a rule crashed and
the input was not fully checked; ``not-checked``: tables of the report's layout that were
not read (printed as pictures, or published in another file), so that "no problems" is
never said of figures nobody read.
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
    read = {table.spec.key for table in report.tables}
    if not read:
        return [NO_TABLES]
    layout = next(layout for layout in LAYOUTS if any(spec.key in read for spec in layout.tables))
    missing = sorted((spec for spec in layout.tables if spec.key not in read), key=lambda spec: spec.number)
    if not missing:
        return []
    return ["未读到" + "".join(f"《{spec.title}》" for spec in missing) + "，其中数字未核对"]
