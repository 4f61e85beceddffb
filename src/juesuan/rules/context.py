"""What a rule sees: the report, its flow, and helpers to locate and phrase findings."""
from __future__ import annotations

from decimal import Decimal
from functools import cached_property, lru_cache
from itertools import compress
from operator import attrgetter

from juesuan.classification import Resolution
from juesuan.classification import default as classification
from juesuan.extract.sections import section_at
from juesuan.model.interval import Interval
from juesuan.model.number import MONEY_UNITS, Number
from juesuan.model.report import ATTRIBUTES, Report, Statement
from juesuan.model.flow import Flow
from juesuan.report.finding import Finding, Location
from juesuan.rules.registry import Rule

#: money units said short, and the unit they stand for
_SHORT_UNITS = {"万": "万元", "亿": "亿元"}

_QUOTE_MAX = 120
#: a statement's figures, each attribute's or None (Statement.figures without the pairs)
_figures = attrgetter(*ATTRIBUTES)


# Reports name their lines from one classification, so the same name triples recur in
# report after report; a Resolution is immutable and can be shared between them.
@lru_cache(maxsize=8192)
def resolve_names(names: tuple[str | None, str | None, str | None]) -> Resolution:
    """The current edition's reading of a 类/款/项 name triple."""
    return classification().resolve(*names)


class Context:
    """One report under check."""

    def __init__(self, report: Report, flow: Flow):
        self.report = report
        self.flow = flow
        self.rule: Rule | None = None
        self._shared: dict = {}
        self._giving: dict[str, list[Statement]] = {}
        self._stated: dict[str, Statement | None] = {}

    def shared(self, compute):
        """``compute(ctx)``, worked out once per report for every rule that asks for it."""
        if compute not in self._shared:
            self._shared[compute] = compute(self)
        return self._shared[compute]

    @cached_property
    def statements_and_lines(self) -> list[Statement]:
        """The statements, then the budget lines: what most rules go through."""
        return [*self.report.statements, *self.report.lines]

    def giving(self, attribute: str) -> list[Statement]:
        """The statements and lines that give ``attribute`` (a share, a change, …), in
        order. Most rules look at one figure that few statements give: each such list
        is made once per report, not walked through again by every rule."""
        found = self._giving.get(attribute)
        if found is None:
            statements = self.statements_and_lines
            # picked without a Python step per statement: a report has a few hundred,
            # and seven figures are asked for
            found = self._giving[attribute] = list(compress(statements, map(attrgetter(attribute), statements)))
        return found

    # -- figures ---------------------------------------------------------------
    def money(self, statement: Statement, number: Number) -> Interval:
        """A money figure in 万元; a stray 元 amid 万元 figures counts as 万元 (U101 reports it)."""
        unit = number.unit
        if unit == "万元":
            return number.interval
        if unit == "元" and "元" in statement.unit_slips and abs(number.value) < 10000:
            unit = "万元"
        interval = number.interval
        if unit == "万元":
            return interval
        scale = MONEY_UNITS.get(unit, Decimal(1))
        return Interval(interval.lo * scale, interval.hi * scale)

    def value(self, statement: Statement) -> Interval | None:
        number = statement.value
        if number is None:
            return None
        if number.unit == "万元":       # most figures: no unit to convert, no slip to weigh
            return number.interval
        return self.money(statement, number) if number.is_money else number.interval

    @staticmethod
    def signed(number: Number, sign: int) -> Interval:
        """A change or rate as printed, with the sign its direction word gives it."""
        interval = number.interval
        if sign < 0 and number.value > 0:
            return -interval
        return interval

    @cached_property
    def concepts(self) -> dict[str, list[Statement]]:
        table: dict[str, list[Statement]] = {}
        for statement in self.report.statements:
            if statement.concept:
                table.setdefault(statement.concept, []).append(statement)
        return table

    @staticmethod
    def span(statement: Statement) -> tuple[int, int]:
        """From a statement's first word to its last figure (a line's reason left out)."""
        ends = [number.end for number in _figures(statement) if number is not None]
        return statement.start, max(ends) if ends else statement.start + len(statement.label) + 12

    @staticmethod
    def resolution(line) -> Resolution:
        """The classification's reading of a budget line's names."""
        return resolve_names(line.names)

    def stated(self, concept: str) -> Statement | None:
        """The first statement that gives a value for ``concept`` (every share of a
        section asks for the same few wholes: each is looked up once)."""
        if concept not in self._stated:
            self._stated[concept] = next((s for s in self.concepts.get(concept, ()) if s.value is not None), None)
        return self._stated[concept]

    def said_before(self, statement: Statement) -> Statement | None:
        """For a statement that says only how a quantity changed ("与上年相比，减少 X 万元，
        下降 Y%"), the statement of its section that gives the quantity's amount, where the
        section gives it one value (every statement of it agreeing) before this one."""
        if statement.value is not None or statement.concept is None:
            return None
        same = [s for s in self.concepts.get(statement.concept, ())
                if s.section == statement.section and s.value is not None]
        earlier = [s for s in same if s.start < statement.start]
        # "0.39 万" is "0.39 万元" said short: one value
        if not earlier or len({(s.value.value, _SHORT_UNITS.get(s.value.unit, s.value.unit)) for s in same}) != 1:
            return None
        return earlier[-1]

    # -- findings --------------------------------------------------------------
    @staticmethod
    def reach(*numbers: Number | None) -> tuple[int, int]:
        """From the first to the last of the figures a finding combines, so that it spans
        every line they are printed on."""
        placed = [number for number in numbers if number is not None and number.start >= 0]
        return min([number.start for number in placed]), max([number.end for number in placed])

    def finding(self, start: int, end: int, message: str, stated: str | None = None,
                expected: str | None = None, quote: tuple[int, int] | None = None) -> Finding:
        rule = self.rule
        flow = self.flow
        quote_start, quote_end = quote or (start, end)
        text = flow.text[quote_start:quote_end]
        if len(text) > _QUOTE_MAX:
            text = text[:_QUOTE_MAX - 1] + "…"
        line = flow.line_of(start)
        last = max(end - 1, start)
        # positional, in Location's order (line, end_line, page, section, quote): cheaper
        location = Location(line, flow.line_of(last) if last != start else line,
                            flow.page_of(start), self._section_title(start), text)
        return Finding(rule.id, rule.name, rule.severity, message, location, stated, expected)

    def _section_title(self, offset: int) -> str | None:
        """The section and subsection around ``offset``, as a finding names them."""
        top, sub = section_at(self.report.sections, offset)
        if top is None or sub is None:
            only = top if top is not None else sub
            return (only.title if only is not None else "") or None
        return f"{top.title} / {sub.title}"
