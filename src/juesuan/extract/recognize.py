"""Whether what was read is a final accounts report at all, decided on what was extracted.

A news article, an English text, a column of numbers or a departmental *budget* (部门预算)
read without complaint would otherwise come out as "no problems", a false all-clear. A
final accounts report is known by what the extractor found in it: headings of the
template's sections, its tables, and statements of its figures, in a text that speaks
of 决算. A budget report has the same sections ("三公", "政府性基金") but plans the year
instead of accounting for it, so it is told apart by its title and its words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from juesuan.model.report import Report
from juesuan.model.flow import Flow
from juesuan.readers.errors import ReadError

#: words that make a text a final accounts text at all
_FINAL_WORD = "决算"
#: words of a budget report; a final accounts report speaks of budgets too, but names itself 决算
_BUDGET_WORDS = re.compile(r"部门预算|单位预算|预算公开|收支预算总表|收入支出预算总表|预算表")
#: the title: the first lines of a report, where it names what it is
_TITLE_CHARS = 200


class NotAReport(ReadError):
    """An input read as text that is no final accounts report; ``str(error)`` is one line."""


@dataclass(frozen=True)
class Recognition:
    """The decision, and what it rests on (said in the refusal when there is one)."""

    is_report: bool
    budget: bool
    found: str


def recognize(report: Report, flow: Flow) -> Recognition:
    """Decide on an extracted report whether it is a final accounts report."""
    text = flow.text
    sections = sorted({s.key.split(".")[0] for s in report.sections if s.key and s.level >= 1})
    parts = [s for s in report.sections if s.key and s.level == 0]
    tables = report.tables
    statements = [s for s in report.statements if s.concept] + list(report.lines)
    # a table of headings only (its figures pictures, or its sheet left empty), or of
    # figures no row names, checks nothing
    figured = [table for table in tables if any(row.cells and (row.label or row.code) for row in table.rows)]
    found = _describe(len(flow.starts), sections, parts, tables, statements, len(figured))
    if _is_budget(text):
        return Recognition(False, True, f"a departmental budget, not final accounts: {found}")
    if _FINAL_WORD not in text:
        return Recognition(False, False, f"the word 决算 nowhere; {found}")
    # One heading alone may be a news item's; a table, two sections, or a section whose
    # figures were read as the template's quantities make a report.
    enough = bool(figured) or len(sections) >= 2 or (sections and statements) or (parts and statements)
    if not figured and not statements:
        # headings alone: an all-clear would say figures were checked when none were read
        return Recognition(False, False, f"no figure to check; {found}")
    return Recognition(bool(enough), False, found)


def refusal(source: str, recognition: Recognition) -> NotAReport:
    """The one line that tells the user the input is no report, and what was found in it."""
    return NotAReport(f"{source}: not recognised as a final accounts report ({recognition.found})")


def _is_budget(text: str) -> bool:
    title = "".join(text[:_TITLE_CHARS].split())
    if "预算" in title and _FINAL_WORD not in title and _BUDGET_WORDS.search(title):
        return True
    return _FINAL_WORD not in text and _BUDGET_WORDS.search(text) is not None


def _describe(lines: int, sections, parts, tables, statements, figured: int) -> str:
    found = [f"{lines} line{'s' if lines != 1 else ''} of text"]
    if sections:
        found.append(f"{len(sections)} section{'s' if len(sections) != 1 else ''} of the template")
    if parts:
        found.append(f"{len(parts)} part{'s' if len(parts) != 1 else ''}")
    if tables:
        found.append(f"{len(tables)} table{'s' if len(tables) != 1 else ''}"
                     + ("" if figured else " with no figure in them" if len(tables) > 1 else " with no figure in it"))
    if statements:
        found.append(f"{len(statements)} figure statement{'s' if len(statements) != 1 else ''}")
    if len(found) == 1:
        found.append("no part, section, table or figure statement of a final accounts report")
    return ", ".join(found)
