"""What the ``juesuan store`` commands do, as library calls (no printing)."""
from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Iterable, Iterator

from juesuan.batch.task import file_sha256
from juesuan.store import db
from juesuan.store.records import Document


def read_reports(paths: Iterable[Path], jobs: int = 1) -> Iterator[dict]:
    """Each report checked on the batch runner with the rows the store keeps (the result's
    ``document``), in the order given; a report that could not be read has an ``error``.

    The reading is done in worker processes never forked from this one (``apart``):
    this process holds the store, and a child forked from a process running DuckDB's
    threads is not safe (the PDF reader forks a child per file).
    """
    from juesuan.batch import Options, iter_results
    return iter_results(paths, Options(rows=True), jobs=jobs, apart=True)


def add(con, paths: Iterable[Path], jobs: int = 1) -> Iterator[tuple[dict, db.Outcome | None]]:
    """Store each report (one transaction each, with the cross-year findings of the
    pairs it makes with the department's reports of the years before and after): each
    report's checking result with what storing it did (None: not read, nothing stored).

    A file whose content is stored already (its hash is a stored report's id) is not
    read or checked again: its result is the stored one. This process is the one
    writer; the workers only read and check."""
    order: deque[tuple[Path, tuple | None]] = deque()

    def unknown() -> Iterator[Path]:
        for path in paths:
            known = db.stored(con, file_sha256(str(path)))
            order.append((path, known))
            if known is None:
                yield path

    results = read_reports(unknown(), jobs)
    for result in results:
        while order[0][1] is not None:
            yield _unchanged(*order.popleft())
        order.popleft()
        doc = result.get("document")
        yield result, (None if result.get("error") or doc is None else store(con, doc))
    while order:
        yield _unchanged(*order.popleft())


def _unchanged(path: Path, known: tuple) -> tuple[dict, db.Outcome]:
    doc, findings = known
    result = {"source": str(path), "sha256": doc.doc_id, "findings": findings}
    return result, db.Outcome(str(path), "unchanged", doc)


def store(con, doc: Document) -> db.Outcome:
    """Keep one report and compare it with its department's neighbouring years (one
    transaction)."""
    return db.store_document(con, doc, neighbours=True)


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
