"""The library's entry points: check a report's text, document or file, get data back."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from juesuan.extract.build import extract, report_year
from juesuan.extract.recognize import Recognition, recognize, refusal
from juesuan.model.report import Report
from juesuan.readers.dispatch import read_document
from juesuan.model.document import Document
from juesuan.model.flow import Flow
from juesuan.model.characters import unspaced
from juesuan.readers.flow import build_flow
from juesuan.tables.text_tables import find_tables
from juesuan.report.facts import facts_of
from juesuan.report.finding import Finding
from juesuan.rules import run_rules
from juesuan.tables import recognize_all
from juesuan.tables.spec import REPORT_YEAR


@dataclass
class CheckResult:
    """The outcome for one input: its findings, the facts read, and tool errors."""

    source: str
    findings: list[Finding] = field(default_factory=list)
    report: Report | None = None
    flow: Flow | None = None
    tool_errors: list[str] = field(default_factory=list)
    #: whether what was read is a final accounts report at all
    recognition: Recognition | None = None
    #: what the reader could not take in (pictures, linked files, a misleading suffix)
    reader_warnings: list[str] = field(default_factory=list)
    #: rules that crashed: the input was not fully checked
    rule_failures: list[str] = field(default_factory=list)
    #: the text as read, whose lines a finding's line numbers count (None when not kept)
    text: str | None = None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def facts(self) -> list[dict]:
        return facts_of(self.report, self.flow) if self.report is not None else []

    def as_dict(self) -> dict:
        return {"source": self.source, "findings": [f.as_dict() for f in self.findings],
                "facts": self.facts()}


def check_document(document: Document, source: str = "<text>", select=None) -> CheckResult:
    """Check a report a reader has read: its text, and its tables."""
    text = unspaced(document.text)
    flow = build_flow(text)
    # the tables are read knowing the report's year: a column may be headed by a year's number
    year = REPORT_YEAR.set(report_year(text))
    try:
        # Readers of structured formats hand over their tables; in plain text they are found.
        raws = document.tables or find_tables(text)
        report = extract(flow, source, _lines_of(raws))
        report.tables = recognize_all(raws, text if document.tables else None)
    finally:
        REPORT_YEAR.reset(year)
    findings, tool_errors = run_rules(report, flow, select)
    return CheckResult(source, findings, report, flow, tool_errors + document.warnings,
                       recognize(report, flow), list(document.warnings), tool_errors, text)


def check_text(text: str, source: str = "<text>", select=None) -> CheckResult:
    """Check a report given as text."""
    return check_document(Document(text), source, select)


def check_path(path: str | Path, select=None, attachments=()) -> CheckResult:
    """Check a report file of any readable kind, with the files that carry its tables
    (``attachments``: workbooks, PDFs…); raises :class:`~juesuan.readers.ReadError`
    when one cannot be read, and when what was read is no final accounts report (a
    news text, a budget, a list of numbers): "no problems" would say it was checked."""
    document = read_document(path)
    if attachments and not document.tables:
        document.tables = find_tables(unspaced(document.text))
    for attachment in attachments:
        extra = read_document(attachment)
        for raw in extra.tables or find_tables(unspaced(extra.text)):
            raw.source = str(attachment)
            document.tables.append(raw)
    result = check_document(document, str(path), select)
    if not result.recognition.is_report:
        raise refusal(str(path), result.recognition)
    return result


def _lines_of(raws) -> frozenset[int]:
    """Input lines covered by tables (a grid row is one line of the document text, or
    the line the table says it is on)."""
    return frozenset(line for raw in raws if raw.line is not None and raw.source is None
                     for line in (raw.row_lines or range(raw.line, raw.line + len(raw.rows))))
