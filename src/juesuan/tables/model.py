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
