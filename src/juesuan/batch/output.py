"""Results written as they come: JSON Lines, one JSON list, or text for people."""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

#: compact and not escaped: with no indent, json uses its C encoder
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

FORMATS = ("text", "json", "jsonl")


@dataclass
class Tally:
    """What a run found, for the exit code and the progress line."""

    checked: int = 0
    unreadable: int = 0
    #: reports with at least one error finding
    failed: int = 0
    #: error findings, all reports together
    errors: int = 0
    #: warning findings, all reports together
    warnings: int = 0
    #: reports in which a rule crashed: not fully checked
    unchecked: int = 0

    def add(self, result: dict) -> None:
        self.checked += 1
        if result.get("error"):
            self.unreadable += 1
        errors = sum(1 for f in result["findings"] if f["severity"] == "error")
        self.errors += errors
        self.warnings += len(result["findings"]) - errors
        self.failed += errors > 0
        self.unchecked += bool(rule_failures(result))

    @property
    def exit_code(self) -> int:
        """0 no error finding, 1 some error finding, 2 some input not (fully) checked."""
        return 2 if self.unreadable or self.unchecked else 1 if self.failed else 0

    def summary(self) -> str:
        from juesuan.report.render import run_summary
        return run_summary(self.checked, self.failed, self.errors, self.warnings, self.unreadable,
                           self.unchecked)


def rule_failures(result: dict) -> list[str]:
    """The messages of the rules that crashed on this input."""
    return [m["message"] for m in result.get("messages", ()) if m["type"] == "rule-failed"]


def to_line(result: dict) -> str:
    """One result as one line of JSON."""
    return _ENCODER.encode(result)


class Writer:
    """Writes each result the moment it is given, in the chosen format."""

    def __init__(self, stream: TextIO, form: str, quiet: bool = False) -> None:
        if form not in FORMATS:
            raise ValueError(f"unknown output format {form!r}; one of {', '.join(FORMATS)}")
        self.stream, self.form, self.count, self.quiet = stream, form, 0, quiet

    def write(self, result: dict) -> None:
        if self.form == "jsonl":
            self.stream.write(to_line(result) + "\n")
        elif self.form == "json":
            self.stream.write(("[\n" if self.count == 0 else ",\n") + to_line(result))
        elif not result.get("error"):
            from juesuan.report.render import to_text
            text = to_text(result, self.quiet)
            if text:
                self.stream.write(text + "\n")
        self.count += 1
        # a reader of the stream (or a later --skip-done) sees each result at once
        self.stream.flush()

    def close(self, tally: Tally | None = None) -> None:
        """End the output: a JSON list is closed (an empty one when nothing came); text
        ends with the run's summary when ``tally`` is given and something was checked."""
        if self.form == "text" and tally is not None and tally.checked:
            self.stream.write(tally.summary() + "\n")
            self.stream.flush()
        if self.form == "json":
            self.stream.write("[]\n" if self.count == 0 else "\n]\n")
            self.stream.flush()


def write_all(results: Iterable[dict], stream: TextIO, form: str) -> Tally:
    """Write every result; the tally of what was found."""
    tally, writer = Tally(), Writer(stream, form)
    for result in results:
        writer.write(result)
        tally.add(result)
    writer.close()
    return tally
