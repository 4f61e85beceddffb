"""What every reader returns: the document's text, page by page, and its raw tables.

Readers for PDF, Word, Excel, HTML and text all produce a :class:`Document`. Its text
has one input line per paragraph or layout line and a form feed between pages, so the
checker reads every format the same way, and a finding's ``line``/``end_line`` count
lines of this extracted text (``page`` counts form feeds). Tables found by a reader come
as :class:`RawTable` grids of cell strings; recognising which of the nine public tables a
grid is, and what its rows and columns mean, is not the reader's job.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class RawTable:
    """A grid of cell texts as the source laid it out (merged cells repeated in each slot)."""

    rows: list[list[str]]
    #: 1-based page where the table starts, when the source has pages
    page: int | None = None
    #: 1-based line of the document text where the table starts
    line: int | None = None
    #: 1-based index of the table in the source (the n-th <table>, Word table, sheet, …)
    index: int = 1
    #: a caption, sheet name or the title line printed above the table, when there is one
    title: str = ""
    #: rows whose cells could not be placed in columns with certainty (0-based row indexes)
    uncertain_rows: set[int] = field(default_factory=set)
    #: figures are stored values (a spreadsheet's numbers), not rounded print: "4607.6"
    #: stands for 4607.60 exactly, not for anything between 4607.55 and 4607.65
    exact: bool = False
    #: the file the table was read from, when it is not the report itself (an attachment)
    source: str | None = None
    #: 1-based line of each row, when rows and lines do not run one to one (two rows
    #: printed on one line); None: row ``i`` is on line ``line + i``
    row_lines: list[int] | None = None
    #: 1-based page of each row, with ``row_lines`` (a line cut at a form feed is on two pages)
    row_pages: list[int] | None = None
    #: the spreadsheet's sheet the grid is, and the 1-based sheet row of each grid row and
    #: sheet column of each grid column: a cell is named as the spreadsheet names it
    sheet: str | None = None
    sheet_rows: list[int] | None = None
    sheet_columns: list[int] | None = None


@dataclass(slots=True)
class Document:
    """A report as text (``\\f`` between pages) plus the tables found in it."""

    text: str
    tables: list[RawTable] = field(default_factory=list)
    #: "text", "pdf", "docx", "xlsx", "html", …
    kind: str = "text"
    #: problems met while reading that did not stop it (one line each)
    warnings: list[str] = field(default_factory=list)
