"""Renderers: findings of many inputs as terminal text or as one JSON document."""
from __future__ import annotations

import json
from itertools import groupby

_MARK = {"error": "错误", "warning": "提示"}


def to_json(results: list[dict]) -> str:
    """One JSON document: a list with one object per input."""
    return json.dumps(results, ensure_ascii=False, indent=1)


def to_text(result: dict) -> str:
    """One input's findings grouped by section, with the quote and the expected value."""
    source = result["source"]
    if result.get("error"):
        return f"{source}: 无法读取：{result['error']}\n"
    findings = result["findings"]
    notes = _notes(result.get("tool_errors", []))
    if not findings:
        return "\n".join([f"{source}: 未发现问题" + ("（读取时另有提示，见下）" if notes else ""), *notes]) + "\n"
    errors = sum(1 for f in findings if f["severity"] == "error")
    lines = [f"{source}: {errors} 个错误，{len(findings) - errors} 个提示", *notes]
    for section, group in groupby(findings, key=lambda f: f["section"] or "（未识别的部分）"):
        lines.append(f"\n  【{section}】")
        for finding in group:
            where = f"第{finding['line']}行"
            if finding["end_line"] and finding["end_line"] != finding["line"]:
                where = f"第{finding['line']}-{finding['end_line']}行"
            if finding["page"]:
                where += f" 第{finding['page']}页"
            if finding["table"]:
                where += f" 《{finding['table']}》{finding['row'] or ''}／{finding['column'] or ''}"
            if finding["file"]:
                where = f"{finding['file']} {where}"
            lines.append(f"  {where}  {_MARK[finding['severity']]} {finding['rule']} {finding['name']}")
            lines.append(f"      {finding['message']}")
            if finding["quote"]:
                lines.append(f"      原文：“{finding['quote']}”")
            if finding["expected"] is not None:
                lines.append(f"      印为 {finding['stated']} → 应为 {finding['expected']}")
    return "\n".join(lines) + "\n"


def _notes(messages: list[str]) -> list[str]:
    """What the reader or a rule said of the input (tables that may be pictures, a rule that
    failed), under its file: an all-clear is only as good as what could be read."""
    return [f"  读取提示：{message}" for message in messages]


def sort_by_section(findings: list[dict]) -> list[dict]:
    """Findings in reading order, so that sections group once each."""
    return sorted(findings, key=lambda f: (f["line"] or 0, f["rule"]))
