"""Statements, budget lines and sections: what a report says, each with its place."""
from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter

from juesuan.model.number import Number

#: Attributes a statement can carry, in the order the template writes them.
ATTRIBUTES = ("amount", "share", "change", "growth", "budget", "final", "variance",
              "completion", "count")
#: every attribute's figure in one call (rules and the extractor ask for them often)
_ALL_FIGURES = attrgetter(*ATTRIBUTES)


@dataclass(slots=True)
class Section:
    """A heading of the report and the flow span it governs."""

    key: str | None        # vocabulary key ("income", "sangong", ...) or None if unknown
    title: str
    level: int             # 0 part, 1 section (一、), 2 subsection (（一）)
    number: int            # its printed ordinal (一 -> 1)
    start: int             # flow offset of the heading
    end: int = -1          # flow offset where the next heading of the same or a higher level starts
    title_end: int = -1


@dataclass(slots=True)
class Statement:
    """A quantity the report speaks about and the figures it gives for it.

    "本年收入 271594.40 万元，占 99.87%，比上年增加 X 万元，增长 Y%" is one statement: a
    label, an amount, and the share, change and growth that qualify it.
    """

    label: str
    section: str | None
    subsection: str | None
    start: int
    end: int
    concept: str | None = None
    amount: Number | None = None
    share: Number | None = None
    share_base: str | None = None
    change: Number | None = None
    change_sign: int = 0
    growth: Number | None = None
    growth_sign: int = 0
    budget: Number | None = None
    final: Number | None = None
    variance: Number | None = None
    completion: Number | None = None
    count: Number | None = None
    #: which budget ``budget`` is and which one ``completion`` is a rate of ("年初", "全年"
    #: for an adjusted budget, None when the text says neither)
    budget_base: str | None = None
    completion_base: str | None = None
    #: every budget the statement gives with its kind, when it gives both
    budgets: dict[str, Number] = field(default_factory=dict)
    #: index of the statement this one is a part of ("其中：…")
    parent: int | None = None
    reason: str | None = None
    #: attributes printed in 元 where the rest of the statement is in 万元
    unit_slips: tuple[str, ...] = ()

    @property
    def value(self) -> Number | None:
        """The figure that states the quantity itself: the amount, or the final figure."""
        return self.amount or self.final or self.count

    def figures(self) -> list[tuple[str, Number]]:
        return [(name, number) for name, number in zip(ATTRIBUTES, _ALL_FIGURES(self)) if number]


@dataclass(slots=True)
class BudgetLine(Statement):
    """A numbered 类/款/项 line of the explanation, or a 类 total of the structure list."""

    number: int = 0
    names: tuple[str | None, str | None, str | None] = (None, None, None)
    code: str | None = None
    #: "general", "fund" or "capital": which budget the line belongs to
    budget_kind: str = "general"
    #: "line" for 类/款/项 lines, "category" for a 类 with its share
    role: str = "line"
    name_start: int = 0
    #: whether the report printed the item's number (``number`` is else its place in the list)
    numbered: bool = True


@dataclass(slots=True)
class Enumerated:
    """A numbered heading or item, for numbering checks."""

    number: int
    start: int
    group: str             # which list it belongs to
    text: str


@dataclass(slots=True)
class Report:
    """Everything the extractor read from one report."""

    source: str
    year: int | None = None
    sections: list[Section] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    lines: list[BudgetLine] = field(default_factory=list)
    enumerations: list[Enumerated] = field(default_factory=list)
    #: (start, end) of reason texts, whose figures are not checked
    reasons: list[tuple[int, int]] = field(default_factory=list)
    #: the public tables found in the report (juesuan.tables.Table)
    tables: list = field(default_factory=list)
