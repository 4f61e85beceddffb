"""What the ``juesuan store`` commands do, as library calls (no printing)."""
from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Iterable, Iterator

from juesuan.store import db
from juesuan.store.records import Document, document_of


def read_reports(paths: Iterable[Path], jobs: int = 1) -> Iterator[tuple[Path, Document | Exception]]:
    """Check each report and turn it into rows, in the order given.

    The one place reports are read for the store: a runner that checks many reports in
    parallel can take its place as long as it yields the same pairs. The reading is done
    in worker processes started afresh: the PDF reader forks a child per file, and a
    child forked from a process running DuckDB's threads is not safe.
    """
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(max(1, jobs), mp_context=get_context("spawn")) as pool:
        pending: deque = deque()
        for path in paths:
            pending.append((path, pool.submit(_read_one, str(path))))
            if len(pending) > 2 * jobs:          # read ahead a little, never the whole list
                yield _outcome(*pending.popleft())
        while pending:
            yield _outcome(*pending.popleft())


def _outcome(path: Path, future) -> tuple[Path, Document | Exception]:
    kind, value = future.result()
    return path, value if kind == "ok" else StoreReadError(value)


class StoreReadError(Exception):
    """A report that could not be read or is no final accounts report."""


def _read_one(path: str) -> tuple[str, Document | str]:
    from juesuan.api import check_path
    from juesuan.readers.errors import ReadError
    try:
        result = check_path(path)
        return "ok", document_of(result, Path(path).read_bytes(), path)
    except (ReadError, OSError) as exc:
        return "error", str(exc)


def add(con, paths: Iterable[Path], jobs: int = 1) -> Iterator[db.Outcome | tuple[Path, Exception]]:
    """Store each report (one transaction each) and run the cross-year rules on the
    pairs it makes with the department's reports of the years before and after."""
    for path, doc in read_reports(paths, jobs):
        if isinstance(doc, Exception):
            yield path, doc
            continue
        outcome = db.store_document(con, doc)
        if outcome.action != "unchanged":
            before, after = db.neighbours(con, doc.doc_id)
            if before:
                outcome.cross_findings += db.check_pair(con, doc.doc_id, before)
            if after:
                outcome.cross_findings += db.check_pair(con, after, doc.doc_id)
        yield outcome


def query(con, sql: str) -> tuple[list[str], list[tuple]]:
    """Run one SQL statement on the store: its column names and rows."""
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description] if cursor.description else []
    return columns, cursor.fetchall() if columns else []


EXPORTED = ("documents", "facts", "cells", "findings")


def export(con, target: Path, fmt: str) -> list[Path]:
    """One file (CSV) or one folder partitioned by year (Parquet) per table."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for table in EXPORTED:
        select = (f"SELECT t.*, d.year FROM {table} t JOIN documents d USING (doc_id)"
                  if table != "documents" else "SELECT * FROM documents")
        if fmt == "parquet":
            out = target / table
            con.execute(f"COPY ({select}) TO '{_quoted(out)}' "
                        "(FORMAT parquet, PARTITION_BY (year), OVERWRITE_OR_IGNORE true)")
        else:
            out = target / f"{table}.csv"
            con.execute(f"COPY ({select}) TO '{_quoted(out)}' (FORMAT csv, HEADER true)")
        written.append(out)
    return written


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def read_mapping(path: Path) -> list[tuple[str, str]]:
    """A mapping file of renamed departments: one "old name,current name" a line (CSV; a
    tab or "=" also separates); lines starting with # are comments."""
    pairs = []
    for raw in path.read_text(encoding="utf-8-sig").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        for separator in (",", "\t", "=", "，"):
            if separator in line:
                name, canonical = (part.strip() for part in line.split(separator, 1))
                if name and canonical:
                    pairs.append((name, canonical))
                break
    return pairs
