"""The line that says how far a run is; shown only on a terminal (rich loaded only then)."""
from __future__ import annotations

import sys
import time
from typing import TextIO


class Quiet:
    """No progress bar: problems are plain lines on the error stream."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass

    def problem(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()

    def advance(self, errors: int) -> None:
        pass


class Bar(Quiet):
    """Files done of all, error findings so far and reports per second; problems are
    printed above the bar so that it stays whole."""

    def __init__(self, stream: TextIO, total: int) -> None:
        super().__init__(stream)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.console = Console(file=stream)
        self.progress = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[errors]} errors · {task.fields[rate]}/s"),
                                 TimeRemainingColumn(), console=self.console, transient=True)
        self.task = self.progress.add_task("checking", total=total, errors=0, rate="–")
        self.errors, self.done, self.started = 0, 0, time.monotonic()

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def problem(self, line: str) -> None:
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def advance(self, errors: int) -> None:
        self.errors += errors
        self.done += 1
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        self.progress.update(self.task, advance=1, errors=self.errors, rate=f"{rate:.1f}")


def progress_for(stream: TextIO = sys.stderr, total: int = 0):
    """A bar on a terminal for more than one file; otherwise plain lines."""
    if total > 1 and stream.isatty():
        return Bar(stream, total)
    return Quiet(stream)
