"""The library's entry points: check a report's text or file, get data back."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from juesuan.extract.build import extract
from juesuan.model.report import Report
from juesuan.readers.flow import Flow, build_flow
from juesuan.readers.text import read_text_file
from juesuan.report.facts import facts_of
from juesuan.report.finding import Finding
from juesuan.rules import run_rules


@dataclass
class CheckResult:
    """The outcome for one input: its findings, the facts read, and tool errors."""

    source: str
    findings: list[Finding] = field(default_factory=list)
    report: Report | None = None
    flow: Flow | None = None
    tool_errors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def facts(self) -> list[dict]:
        return facts_of(self.report, self.flow) if self.report is not None else []

    def as_dict(self) -> dict:
        return {"source": self.source, "findings": [f.as_dict() for f in self.findings],
                "facts": self.facts()}


def check_text(text: str, source: str = "<text>", select=None) -> CheckResult:
    """Check a report given as text."""
    flow = build_flow(text)
    report = extract(flow, source)
    findings, tool_errors = run_rules(report, flow, select)
    return CheckResult(source, findings, report, flow, tool_errors)


def check_path(path: str | Path, select=None) -> CheckResult:
    """Check a report file; raises :class:`~juesuan.readers.ReadError` when it cannot be read."""
    return check_text(read_text_file(path), str(path), select)
