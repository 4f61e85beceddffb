"""A recognised public table: its rows, each with a code or label and its figures by column."""
from __future__ import annotations

from dataclasses import dataclass, field

from juesuan.model.number import Number
from juesuan.tables.spec import TableSpec


@dataclass(slots=True)
class TableRow:
    """One row: a classification code (or none), its label, and its figures by column key."""

    label: str
    code: str | None
    cells: dict[str, Number]
    index: int                      # 0-based row of the raw grid
    side: str = ""                  # "left"/"right" in a table printed in two halves
    uncertain: bool = False         # the figures could not be placed in columns with certainty
    #: the header text of each column as printed, by column key
    headers: dict[str, str] = field(default_factory=dict)
    #: the 0-based grid column of each column, by column key
    places: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class Table:
    """One of the nine tables, as read."""

    spec: TableSpec
    title: str
    rows: list[TableRow]
    page: int | None = None
    line: int | None = None          # 1-based line of the document text where the table starts
    index: int = 1
    unit: str = "万元"
    #: the attachment the table comes from (None: the report itself)
    source: str | None = None
    #: rows go on past what was read (a page of the table not read as a grid): its totals
    #: are not the sums of the rows read
    continues: bool = False
    #: 1-based line of each raw row, when rows and lines do not run one to one
    row_lines: list[int] | None = None
    #: 1-based page of each raw row, when known row by row (None where not)
    row_pages: list[int | None] | None = None
    #: the spreadsheet's sheet, with the sheet row of each raw row and the sheet column of
    #: each raw column (see :class:`~juesuan.model.document.RawTable`)
    sheet: str | None = None
    sheet_rows: list[int] | None = None
    sheet_columns: list[int] | None = None
    #: figures printed in the table's rows that no column took (their header not read, or
    #: their place not told): they were not checked
    unread: int = 0

    def line_of(self, row: TableRow) -> int | None:
        """The document line a row is printed on (None when not known)."""
        if self.row_lines is not None and row.index < len(self.row_lines):
            return self.row_lines[row.index]
        return self.line + row.index if self.line is not None else None

    def cell_of(self, row: TableRow, key: str) -> str | None:
        """The spreadsheet's name of the cell of ``row`` in column ``key`` ("E12"), when the
        table is a sheet (:attr:`sheet`)."""
        column = row.places.get(key)
        if self.sheet_rows is None or self.sheet_columns is None or column is None:
            return None
        if row.index >= len(self.sheet_rows) or column >= len(self.sheet_columns):
            return None
        return f"{column_letters(self.sheet_columns[column])}{self.sheet_rows[row.index]}"

    def page_of(self, row: TableRow) -> int | None:
        """The page a row is printed on, when the table knows it row by row."""
        if self.row_pages is not None and row.index < len(self.row_pages):
            return self.row_pages[row.index]
        return None

    def row(self, label: str | None = None, code: str | None = None, side: str | None = None) -> TableRow | None:
        """The first row with this code, or whose label is (or contains) ``label``."""
        for row in self.rows:
            if side is not None and row.side != side:
                continue
            if code is not None and row.code == code:
                return row
            if label is not None and row.label and (row.label == label or label in row.label):
                return row
        return None

    def total_row(self) -> TableRow | None:
        return next((r for r in self.rows if r.code is None and r.label in ("合计", "总计")), None)


def column_letters(number: int) -> str:
    """A 1-based column number as a spreadsheet names it: 1 -> A, 27 -> AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters

