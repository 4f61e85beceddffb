"""Renderers: findings of many inputs as terminal text or as one JSON document."""
from __future__ import annotations

import json
from itertools import groupby

from juesuan.report.messages import LABELS

_MARK = {"error": "错误", "warning": "提示"}


def to_json(results: list[dict]) -> str:
    """One JSON document: a list with one object per input."""
    return json.dumps(results, ensure_ascii=False, indent=1)


def to_text(result: dict, quiet: bool = False) -> str:
    """One input's findings grouped by section, with the quote and the expected value,
    and the tool's messages about it. ``quiet``: error findings only, and nothing at all
    for an input with none (unless it was not fully checked)."""
    source = result["source"]
    if result.get("error"):
        return f"{source}: 无法读取：{result['error']}\n"
    findings = result["findings"]
    if quiet:
        findings = [f for f in findings if f["severity"] == "error"]
    messages = result.get("messages", [])
    failures = [m for m in messages if m["type"] == "rule-failed"]
    if quiet:
        messages = failures
        if not findings and not failures:
            return ""
    lines = [f"{source}: {_summary(findings, failures, messages)}"]
    lines.extend(_message_lines(messages))
    for section, group in groupby(findings, key=lambda f: f["section"] or "（未识别的部分）"):
        lines.append(f"\n  【{section}】")
        for finding in group:
            lines.extend(_finding_lines(finding))
    return "\n".join(lines) + "\n"


def _summary(findings: list[dict], failures: list[dict], messages: list[dict]) -> str:
    errors = sum(1 for f in findings if f["severity"] == "error")
    # a rule that crashed leaves the input unchecked in part: never "no problems"
    unchecked = f"未检查完（{len(failures)} 条规则运行失败）" if failures else ""
    if not findings:
        # an all-clear is only as good as what could be read: the reader's words follow
        return unchecked or "未发现问题" + ("（读取时另有提示，见下）" if messages else "")
    counts = f"{errors} 个错误，{len(findings) - errors} 个提示"
    return f"{counts}；{unchecked}" if unchecked else counts


def _message_lines(messages: list[dict]) -> list[str]:
    return [f"  {LABELS.get(m['type'], m['type'])}：{m['message']}" for m in messages]


def _finding_lines(finding: dict) -> list[str]:
    where = f"第{finding['line']}行"
    if finding["end_line"] and finding["end_line"] != finding["line"]:
        where = f"第{finding['line']}-{finding['end_line']}行"
    if finding["page"]:
        where += f" 第{finding['page']}页"
    if finding.get("cell"):      # a spreadsheet's cell: what its reader looks for
        where += f" 工作表“{finding['sheet']}” {finding['cell']}"
    if finding["table"]:
        where += f" 《{finding['table']}》{finding['row'] or ''}／{finding['column'] or ''}"
    if finding["file"]:
        where = f"{finding['file']} {where}"
    lines = [f"  {where}  {_MARK[finding['severity']]} {finding['rule']} {finding['name']}",
             f"      {finding['message']}"]
    if finding["quote"]:
        lines.append(f"      原文：“{finding['quote']}”")
    if finding["expected"] is not None:
        lines.append(f"      印为 {finding['stated']} → 应为 {finding['expected']}")
    return lines


def run_summary(files: int, with_errors: int, errors: int, warnings: int, unreadable: int,
                unchecked: int) -> str:
    """The last line of a run's text output: what all its inputs came to."""
    line = f"{files} 个文件：{with_errors} 个有错误，共 {errors} 个错误、{warnings} 个提示"
    if unreadable:
        line += f"；{unreadable} 个无法读取"
    if unchecked:
        line += f"；{unchecked} 个未检查完（规则运行失败）"
    return line


def sort_by_section(findings: list[dict]) -> list[dict]:
    """Findings in reading order, so that sections group once each."""
    return sorted(findings, key=lambda f: (f["line"] or 0, f["rule"]))
