"""The per-report function every runner calls: one input in, one plain result dict out.

It never raises: a batch of a hundred thousand files must go on past a file that cannot
be read (or that trips a bug), so every failure becomes a result with an ``error``.
The result holds only JSON types, so it crosses process and machine boundaries as is.
"""
from __future__ import annotations

import gc
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

#: bytes read at a time when hashing an input
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Options:
    """What to check and what to keep, the same for every report of a run."""

    #: rule ids or names to run (None: all)
    select: frozenset[str] | None = None
    #: leave out warnings
    errors_only: bool = False
    #: files holding the tables of every report of the run
    attachments: tuple[str, ...] = ()
    #: include the facts read (most of a result's bytes)
    facts: bool = False
    #: (rule id, severity) pairs that replace a rule's own severity
    severity: tuple[tuple[str, str], ...] = ()
    #: include the report as the store keeps it (``document``: a
    #: :class:`juesuan.store.records.Document`, its figures Decimals, so for a Python
    #: caller such as ``juesuan store add``, not for JSON output)
    rows: bool = False


def check_one(path: str | os.PathLike, options: Options = Options()) -> dict:
    """Check one report file: ``{"source", "sha256", "findings"[, "facts"][, "error"]
    [, "tool_errors"]}``, findings in reading order. ``source`` is the path as given."""
    source = str(path)
    digest = file_sha256(source)
    try:
        result = _checked(source, digest, options)
    except Exception as exc:  # noqa: BLE001 - one bad input must not stop the batch
        result = failed(source, digest, f"{source}: internal error ({type(exc).__name__}: "
                                        f"{' '.join(str(exc).split())}); please report it")
    if options.facts:
        result.setdefault("facts", [])
    return result


def check_content(name: str, content: bytes, options: Options = Options(),
                  attachments: tuple[tuple[str, bytes], ...] = ()) -> dict:
    """:func:`check_one` for a file sent as bytes (a worker that cannot see the caller's
    files): written to a private folder under its own name, checked, and reported under
    ``name``, so the result equals the one from the path."""
    folder = tempfile.mkdtemp(prefix="juesuan-")
    try:
        local = _spill(folder, "report", name, content)
        names = {str(local): name}
        spilled = []
        for index, (attachment, data) in enumerate(attachments):
            target = _spill(folder, f"attachment-{index}", attachment, data)
            names[str(target)] = attachment
            spilled.append(str(target))
        result = check_one(local, replace(options, attachments=tuple(spilled)))
        return renamed_files(result, names)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def file_sha256(path: str) -> str | None:
    """The hex SHA-256 of a file's bytes, None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def failed(source: str, digest: str | None, message: str) -> dict:
    """The result of an input that could not be checked."""
    return {"source": source, "sha256": digest, "error": message, "findings": []}


def warm_up() -> None:
    """Import the checker and load its data (classification, regexes) once, so that a
    worker's first report costs what every other does."""
    from juesuan.api import check_text

    check_text("二、收入决算情况说明\n本年收入 1.00 万元，其中：财政拨款收入 1.00 万元。\n")
    _spare_the_collector()


#: new container objects between two passes of the cycle collector's youngest generation
_YOUNG_OBJECTS = 20_000


def _spare_the_collector() -> None:
    """Keep the cycle collector from walking, over and over, objects it cannot free.

    What was loaded lives as long as the process: it is frozen out of the collector's
    view, whose full passes would walk it again every few reports. A report's check
    holds a few thousand objects at a time and reference counting frees them when it
    ends: at the default (a pass every 700 new objects) the collector walked them
    twice a report, for about 2% of a report's time.
    """
    gc.freeze()
    gc.set_threshold(_YOUNG_OBJECTS, *gc.get_threshold()[1:])


def _checked(source: str, digest: str | None, options: Options) -> dict:
    # imported here so that the command line starts without the readers
    from juesuan.api import check_path
    from juesuan.readers.errors import ReadError

    try:
        result = check_path(source, options.select, options.attachments)
    except ReadError as exc:
        return failed(source, digest, str(exc))
    return result_dict(source, digest, result, options)


def result_dict(source: str, digest: str | None, result, options: Options = Options()) -> dict:
    """One checked report (a :class:`~juesuan.api.CheckResult`) as the plain dict every
    output writes; shared with callers that keep the result object for more (the web
    page marks its findings on the document)."""
    from juesuan.report.messages import messages_of
    from juesuan.report.render import sort_by_section

    findings = _with_severity([f.as_dict() for f in result.findings], dict(options.severity))
    if options.errors_only:
        findings = [f for f in findings if f["severity"] == "error"]
    data = {"source": source, "sha256": digest, "findings": sort_by_section(findings)}
    if options.facts:
        data["facts"] = result.facts()
    if options.rows and digest is not None:
        from juesuan.store.records import document_from
        data["document"] = document_from(result, digest, source)
    if result.tool_errors:
        data["tool_errors"] = result.tool_errors
    messages = messages_of(result)
    if messages:
        data["messages"] = messages
    return data


def _with_severity(findings: list[dict], levels: dict[str, str]) -> list[dict]:
    for finding in findings:
        finding["severity"] = levels.get(finding["rule"], finding["severity"])
    return findings


def _spill(folder: str, sub: str, name: str, content: bytes) -> Path:
    # the file keeps its own name: the readers warn when a suffix promises another kind
    target = Path(folder) / sub / (Path(name).name or "input")
    target.parent.mkdir()
    target.write_bytes(content)
    return target


def renamed_files(value, names: dict[str, str]):
    """``value`` (a result) with every file name a worker used put back to the caller's."""
    if isinstance(value, str):
        for local, name in names.items():
            if local in value:
                value = value.replace(local, name)
        return value
    if isinstance(value, list):
        return [renamed_files(item, names) for item in value]
    if isinstance(value, dict):
        return {key: renamed_files(item, names) for key, item in value.items()}
    return value
