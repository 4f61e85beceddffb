"""One Finding type and one Location type for every rule and every output format."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding is: 1-based lines of the input, page, section and the words quoted."""

    line: int | None = None
    end_line: int | None = None
    page: int | None = None
    section: str | None = None
    quote: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    #: the file the place is in, when it is an attachment and not the report itself
    file: str | None = None
    #: in a spreadsheet: the sheet and the cell ("E12") of the figure
    sheet: str | None = None
    cell: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem in a report: which rule, how bad, what was printed and what it should be."""

    rule: str
    name: str
    severity: str                  # "error" | "warning"
    message: str
    location: Location = field(default_factory=Location)
    stated: str | None = None
    expected: str | None = None

    def as_dict(self) -> dict:
        """The one dict every renderer starts from (flat, JSON-ready)."""
        data = {"rule": self.rule, "name": self.name, "severity": self.severity,
                "message": self.message, "stated": self.stated, "expected": self.expected}
        # the fields read in one call: asdict() deep-copies every value, and a batch
        # writes dozens of findings per report
        data.update(zip(_LOCATION_FIELDS, _location_values(self.location)))
        return data


_LOCATION_FIELDS = tuple(f.name for f in fields(Location))
_location_values = attrgetter(*_LOCATION_FIELDS)
