"""Going on after a stopped run: which inputs a previous run's JSON Lines already hold."""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from juesuan.batch.task import file_sha256


def read_done(path: str | Path) -> dict[str, str | None]:
    """``source -> sha256`` of every whole result line in a ``--format jsonl`` output
    (or a ``--format json`` one: its objects are one a line too).

    A run stopped while writing leaves its last line cut short: such a line is no result,
    and its report is checked again.
    """
    done: dict[str, str | None] = {}
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            record = _record(line)
            if record is not None:
                done[record["source"]] = record.get("sha256")
    return done


def not_done(paths: Iterable, done: dict[str, str | None]) -> Iterator:
    """The inputs of ``paths`` not in ``done`` under the same name with the same bytes
    (a file changed since is checked again); only those named in ``done`` are hashed."""
    for path in paths:
        if str(path) not in done or file_sha256(str(path)) != done[str(path)]:
            yield path


def _record(line: str) -> dict | None:
    if not line.endswith("\n"):
        return None
    try:
        # an object of a JSON list is followed by the comma before the next
        record = json.loads(line.rstrip().removesuffix(","))
    except ValueError:
        return None
    if not isinstance(record, dict) or not isinstance(record.get("source"), str):
        return None
    return record
