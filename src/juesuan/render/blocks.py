"""A report as a list of blocks, before it is set in any format.

The composer decides what the report says; the writers (HTML, Word, PDF, plain text)
decide only how it looks, so that every format says the same figures in the same words.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Heading:
    text: str
    level: int                # 0: the title, 1: a part, 2: a section (一、), 3: a subsection (（一）)


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    figure: bool = False      # right-aligned, set in figures


@dataclass(frozen=True)
class TableBlock:
    key: str                  # which of the nine tables
    number: int               # 1 … 9
    title: str
    unit: str
    header: list[list[Cell]]  # header rows, cells with their spans (a browser's layout)
    body: list[list[Cell]]    # one cell per column
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Chart:
    """A bar chart: one bar per category, one series per year (or budget/final)."""

    title: str
    categories: list[str]
    series: list[tuple[str, list[Decimal]]]
    unit: str = "万元"


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | TableBlock | Chart | PageBreak
