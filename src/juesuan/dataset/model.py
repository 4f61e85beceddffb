"""A report's data: the nine tables, the line notes and the fields around them.

This is what ``juesuan render`` writes a report from and what ``juesuan extract`` reads
back out of one. Money is Decimal (万元, as printed: two decimals), counts are int.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.dataset.fields import BY_KEY, FIELDS, LINE_BUDGETS

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
_NUMBERING = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*")
# Chinese is set without spaces; a space beside a Chinese character or mark is layout
# (PDF text puts one between "的" and "PPP"), not part of what the text says.
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_LAYOUT_SPACE = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


def _closed(text: str) -> str:
    return text if text.endswith(("。", "！", "？")) else text + "。"


def clean_text(text: str) -> str:
    """Words as a report prints them, without the spaces layout puts beside Chinese."""
    return _LAYOUT_SPACE.sub("", text.strip())


class DataError(ValueError):
    """Data that cannot make a report: a missing field, a figure that is no number…"""


class DataProblems(DataError):
    """Data that was read but is wrong in one place or more: every problem found, each
    naming its place (sheet and cell, field, line), so that one run shows all to fix."""

    def __init__(self, problems: list[str], source: str = ""):
        self.problems = list(problems)
        self.source = source
        head = f"{source}: " if source else ""
        if len(self.problems) == 1:
            super().__init__(head + self.problems[0])
        else:
            super().__init__(f"{head}{len(self.problems)} problems: " + "; ".join(self.problems))


class Problems:
    """Collects the problems of data read piece by piece, instead of stopping at the first."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, problem: str) -> None:
        self.found.append(problem)

    @contextmanager
    def each(self) -> Iterator[None]:
        """Within the block, a DataError is noted and the reading goes on after the block."""
        try:
            yield
        except DataProblems as problems:
            self.found.extend(problems.problems)
        except DataError as error:
            self.found.append(str(error))

    def raise_any(self, source: str = "") -> None:
        if self.found:
            raise DataProblems(self.found, source)


@dataclass(slots=True)
class Row:
    """A row of one of the nine tables: code (or None), label and figures by column key."""

    label: str
    values: dict[str, Decimal]
    code: str | None = None
    side: str = ""                  # "left"/"right" in the tables printed in two halves

    def get(self, column: str) -> Decimal:
        return self.values.get(column, ZERO)


@dataclass(slots=True)
class LineNote:
    """What the explanation says of one 项 line beyond its amount in the tables."""

    budget: str                     # "general", "fund" or "capital"
    code: str
    prior: Decimal | None = None    # 上年决算数
    planned: Decimal | None = None  # 年初预算数
    use: str = ""                   # 主要用途
    reason: str = ""                # 原因


@dataclass
class Dataset:
    fields: dict[str, object]
    tables: dict[str, list[Row]] = field(default_factory=dict)
    lines: list[LineNote] = field(default_factory=list)

    @property
    def department(self) -> str:
        return str(self.fields.get("部门名称", ""))

    @property
    def year(self) -> int:
        return int(self.fields.get("年度", 0))

    def money(self, key: str) -> Decimal | None:
        value = self.fields.get(key)
        return value if isinstance(value, Decimal) else None

    def count(self, key: str) -> int | None:
        value = self.fields.get(key)
        return value if isinstance(value, int) else None

    def text(self, key: str) -> str:
        value = self.fields.get(key)
        return value if isinstance(value, str) else ""

    def texts(self, key: str) -> list[str]:
        value = self.fields.get(key)
        return list(value) if isinstance(value, (list, tuple)) else []

    def rows(self, table: str, side: str | None = None) -> list[Row]:
        return [row for row in self.tables.get(table, []) if side is None or row.side == side]

    def row(self, table: str, label: str | None = None, code: str | None = None,
            side: str | None = None) -> Row | None:
        """The first row with this code, or whose label starts with ``label``."""
        for row in self.rows(table, side):
            if (code is not None and row.code == code) or \
                    (label is not None and code is None and row.label.startswith(label)):
                return row
        return None

    def note(self, budget: str, code: str) -> LineNote | None:
        return next((n for n in self.lines if n.budget == budget and n.code == code), None)

    def facts(self) -> dict[tuple[str, ...], object]:
        """Every fact as (where, what) -> value: what a round trip must give back equal."""
        out: dict[tuple[str, ...], object] = {}
        for key, value in self.fields.items():
            if value not in (None, "", [], ()):
                out[("field", key)] = tuple(value) if isinstance(value, list) else value
        for table, rows in self.tables.items():
            for row in rows:
                where = row.code or row.label
                for column, value in row.values.items():
                    out[("table", table, row.side, where, column)] = value
        for note in self.lines:
            for name, value in (("上年决算数", note.prior), ("年初预算数", note.planned),
                                ("主要用途", note.use), ("原因", note.reason)):
                if value not in (None, ""):
                    out[("line", note.budget, note.code, name)] = value
        return out


def clean_label(label: str) -> str:
    """A row label as the tables' reader gives it back: no numbering, no spaces."""
    return _NUMBERING.sub("", re.sub(r"\s+", "", label))


def money_value(value: object, where: str) -> Decimal:
    """A figure of 万元 from data (a string, int, Decimal; a float from a spreadsheet cell)."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool) or value is None:
        raise DataError(f"{where}: expected a figure, found {value!r}")
    elif isinstance(value, (int, float)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        text = str(value).strip().replace(",", "").replace("，", "")
        if text in ("", "-", "—"):
            return ZERO
        try:
            number = Decimal(text)
        except ArithmeticError:
            raise DataError(f"{where}: {value!r} is not a figure") from None
    if not number.is_finite():
        raise DataError(f"{where}: {value!r} is not a figure")
    if number != number.quantize(CENT):
        raise DataError(f"{where}: {value!r} has more than two decimals (万元 are given to the cent)")
    return number.quantize(CENT)


def count_value(value: object, where: str) -> int:
    if isinstance(value, bool):
        raise DataError(f"{where}: expected a whole number, found {value!r}")
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        raise DataError(f"{where}: {value!r} is not a whole number") from None
    if not number.is_finite() or number != number.to_integral_value() or number < 0:
        raise DataError(f"{where}: {value!r} is not a whole number")
    return int(number)


def field_value(key: str, value: object) -> object:
    """A field's value in its kind, or DataError."""
    spec = BY_KEY.get(key)
    if spec is None:
        raise DataError(f"unknown field {key!r}; the fields are: {', '.join(f.key for f in FIELDS)}")
    if value is None or value == "":
        return None
    if spec.kind == "money":
        return money_value(value, key)
    if spec.kind in ("count", "year"):
        return count_value(value, key)
    if spec.kind == "texts":
        items = value if isinstance(value, (list, tuple)) else str(value).splitlines()
        # Each paragraph ends a sentence, as printed paragraphs do (and so a reader can
        # tell where one ends when a PDF wraps it over lines).
        close = _closed if spec.paragraphs else (lambda text: text)
        return [close(clean_text(str(item))) for item in items if str(item).strip()]
    return clean_text(str(value))


def require(dataset: Dataset) -> None:
    """Refuse data without what every report states."""
    problems = Problems()
    missing = [f.key for f in FIELDS if f.required and dataset.fields.get(f.key) in (None, "")]
    if missing:
        problems.add(f"missing {', '.join(missing)}")
    unknown = sorted(set(dataset.tables) - set(_TABLE_KEYS))
    if unknown:
        problems.add(f"unknown tables {', '.join(unknown)}")
    for note in dataset.lines:
        if note.budget not in LINE_BUDGETS:
            problems.add(f"line {note.code}: unknown budget {note.budget!r}")
    problems.raise_any()


_TABLE_KEYS = ("summary", "income", "expenditure", "fiscal", "general", "basic", "sangong", "fund", "capital")
