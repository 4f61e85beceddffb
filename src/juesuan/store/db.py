"""The store: one DuckDB file holding documents, facts, table cells and findings.

Every change is one DuckDB transaction: a report is stored whole or not at all. DuckDB
lets one process write a file at a time; a second ``store add`` on the same file waits
for it (up to ``wait`` seconds) and then gives up cleanly with :class:`StoreBusy`.
"""
from __future__ import annotations

import csv
import io
import tempfile
import time
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from juesuan.store.records import Document, normalise_name
from juesuan.store.views import VIEWS

DEFAULT_PATH = "juesuan.duckdb"

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY, path VARCHAR, department VARCHAR, dept_key VARCHAR,
    year INTEGER, layout VARCHAR, added_at TIMESTAMP DEFAULT current_timestamp);
CREATE TABLE IF NOT EXISTS facts (
    doc_id VARCHAR, stmt INTEGER, section VARCHAR, concept VARCHAR, label VARCHAR,
    attribute VARCHAR, value DECIMAL(18,4), places INTEGER, unit VARCHAR, wan DECIMAL(22,6),
    text VARCHAR, sign INTEGER, page INTEGER, line INTEGER, code VARCHAR, names VARCHAR,
    budget VARCHAR);
CREATE TABLE IF NOT EXISTS cells (
    doc_id VARCHAR, tbl INTEGER, table_key VARCHAR, title VARCHAR, row_code VARCHAR,
    row_label VARCHAR, side VARCHAR, column_key VARCHAR, header VARCHAR,
    value DECIMAL(18,4), places INTEGER, unit VARCHAR, text VARCHAR, page INTEGER,
    line INTEGER, source VARCHAR);
CREATE TABLE IF NOT EXISTS findings (
    doc_id VARCHAR, prior_doc_id VARCHAR, rule VARCHAR, name VARCHAR, severity VARCHAR,
    message VARCHAR, stated VARCHAR, expected VARCHAR, page INTEGER, line INTEGER,
    section VARCHAR, quote VARCHAR);
CREATE TABLE IF NOT EXISTS department_names (name VARCHAR PRIMARY KEY, dept_key VARCHAR);
ALTER TABLE documents ADD COLUMN IF NOT EXISTS level VARCHAR;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS region VARCHAR;
"""

FACT_COLUMNS = ("stmt", "section", "concept", "label", "attribute", "value", "places", "unit", "wan",
                "text", "sign", "page", "line", "code", "names", "budget")
CELL_COLUMNS = ("tbl", "table_key", "title", "row_code", "row_label", "side", "column_key", "header",
                "value", "places", "unit", "text", "page", "line", "source")
FINDING_COLUMNS = ("prior_doc_id", "rule", "name", "severity", "message", "stated", "expected", "page",
                   "line", "section", "quote")


class StoreBusy(RuntimeError):
    """Another process holds the store."""


class StoreMissing(RuntimeError):
    """The store file does not exist (only ``add`` creates one)."""


class NotAStore(StoreMissing):
    """The file is there but is no DuckDB database: never written over."""


@dataclass
class Outcome:
    """What adding one report did: "added", "unchanged" or "replaced" (and what it replaced)."""

    path: str
    action: str
    document: Document | None = None
    replaced: str | None = None
    cross_findings: int = 0


def connect(path: str | Path = DEFAULT_PATH, wait: float = 30.0, create: bool = True, read_only: bool = False):
    """Open the store (created with its tables on first use), waiting for another writer."""
    import duckdb
    path = Path(path)
    if not create and not path.exists():
        raise StoreMissing(f"{path}: no store here (juesuan store add creates one)")
    deadline = time.monotonic() + wait
    # A file absent or empty now may be one another writer is creating: until its header
    # is written DuckDB calls it no database, which is waited for like its lock.
    being_made = not path.exists() or path.stat().st_size == 0
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as exc:
            invalid = "not a valid duckdb database" in str(exc).lower()
            waiting = being_made if invalid else "lock" in str(exc).lower()
            if waiting and time.monotonic() < deadline:
                time.sleep(0.2)
                continue
            if invalid:
                raise NotAStore(f"{path}: not a juesuan store (not a DuckDB database file)") from exc
            raise StoreBusy(f"{path}: in use by another process ({exc})") from exc
    if not read_only:
        con.execute(SCHEMA)
        for name, sql in VIEWS.items():
            con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")
    return con


def dept_key(con, name: str | None) -> str | None:
    """The key a department's reports are matched by: the user's mapping, else its normalised name."""
    if not name:
        return None
    row = con.execute("SELECT dept_key FROM department_names WHERE name = ?",
                      [normalise_name(name)]).fetchone()
    return row[0] if row else normalise_name(name)


def load_mapping(con, pairs: list[tuple[str, str]]) -> None:
    """Record renamed departments (each name is the department of its canonical name) and
    match the stored reports again."""
    con.execute("BEGIN TRANSACTION")
    for name, canonical in pairs:
        con.execute("INSERT OR REPLACE INTO department_names VALUES (?, ?)",
                    [normalise_name(name), normalise_name(canonical)])
    for doc_id, department in con.execute("SELECT doc_id, department FROM documents").fetchall():
        con.execute("UPDATE documents SET dept_key = ? WHERE doc_id = ?", [dept_key(con, department), doc_id])
    con.execute("COMMIT")


def store_document(con, doc: Document, neighbours: bool = False) -> Outcome:
    """Keep one report; the same content again changes nothing, a new version of a
    department's report for a year replaces the old one. One transaction, which with
    ``neighbours`` also holds the cross-year findings of the pairs the report makes with
    the department's years before and after (see :func:`check_pair`)."""
    if con.execute("SELECT 1 FROM documents WHERE doc_id = ?", [doc.doc_id]).fetchone():
        return Outcome(doc.path, "unchanged", doc)
    doc.dept_key = dept_key(con, doc.department)
    con.execute("BEGIN TRANSACTION")
    try:
        old = None
        if doc.dept_key and doc.year:
            old = con.execute("SELECT doc_id, path FROM documents WHERE dept_key = ? AND year = ?",
                              [doc.dept_key, doc.year]).fetchone()
        if old:
            _delete(con, old[0])
        con.execute("INSERT INTO documents (doc_id, path, department, dept_key, year, layout, level, region) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [doc.doc_id, doc.path, doc.department, doc.dept_key, doc.year, doc.layout,
                     doc.level, doc.region])
        _insert(con, "facts", FACT_COLUMNS, doc.doc_id, doc.facts)
        _insert(con, "cells", CELL_COLUMNS, doc.doc_id, doc.cells)
        _insert(con, "findings", FINDING_COLUMNS, doc.doc_id, doc.findings)
        outcome = Outcome(doc.path, "replaced" if old else "added", doc, old[1] if old else None)
        if neighbours:
            outcome.cross_findings = _check_neighbours(con, doc)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return outcome


def _check_neighbours(con, doc: Document) -> int:
    """The cross-year rules on the pairs a report just written makes (it is compared as
    it is in memory: only its neighbours are read back)."""
    before, after = _around(con, doc.dept_key, doc.year)
    # a report just written is named by no finding yet: nothing of the pair's to delete
    found = _pair(con, doc, before, fresh=True) if before else 0
    return found + (_pair(con, after, doc, fresh=True) if after else 0)


def stored(con, doc_id: str | None) -> tuple[Document, list[dict]] | None:
    """A stored report's document (without its rows) and its own findings; None when
    no report with this content is stored."""
    doc = _header(con, doc_id) if doc_id else None
    if doc is None:
        return None
    columns = FINDING_COLUMNS[1:]
    result = con.execute(f"SELECT {', '.join(columns)} FROM findings WHERE doc_id = ? AND prior_doc_id IS NULL "
                         "ORDER BY page, line", [doc_id]).fetchall()
    return doc, [dict(zip(columns, found)) for found in result]


def _delete(con, doc_id: str) -> None:
    for table in ("facts", "cells", "documents"):
        con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])
    # its own findings, and the cross-year findings that named it on either side
    con.execute("DELETE FROM findings WHERE doc_id = ? OR prior_doc_id = ?", [doc_id, doc_id])


def _insert(con, table: str, columns: tuple[str, ...], doc_id: str, rows: list[dict]) -> None:
    """Insert rows through a CSV file DuckDB reads at once: binding rows one by one, or
    thousands of parameters, is slow. Every field is read as text and cast to its
    column's type by the INSERT, so each Decimal keeps its exact digits; the document's
    id is one parameter, not a field of every line."""
    if not rows:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{table}.csv"
        path.write_text(_csv_text(columns, rows), encoding="utf-8")
        spec = "{" + ", ".join(f"'{name}': 'VARCHAR'" for name in columns) + "}"
        con.execute(f"INSERT INTO {table} (doc_id, {', '.join(columns)}) SELECT ?, * FROM read_csv(?, "
                    f"header = false, columns = {spec}, nullstr = '{_NULL}', quote = '\"', escape = '\"', "
                    "auto_detect = false)", [doc_id, str(path)])


def _csv_text(columns: tuple[str, ...], rows: list[dict]) -> str:
    """The rows as CSV; None is written as ``_NULL`` (an empty field is an empty string)."""
    buffer = io.StringIO()
    try:
        values = itemgetter(*columns)
        csv.writer(buffer).writerows([_NULL if v is None else v for v in values(row)] for row in rows)
    except KeyError:            # rows without some columns (a finding without a place)
        buffer = io.StringIO()
        csv.writer(buffer).writerows([_NULL if (v := row.get(c)) is None else v for c in columns]
                                     for row in rows)
    return buffer.getvalue()


_NULL = "\\N"


def load_document(con, doc_id: str) -> Document:
    """A stored report read back as rows, for the cross-year rules."""
    doc = _header(con, doc_id)
    doc.facts = _rows(con, "facts", FACT_COLUMNS, doc_id, "stmt, line")
    doc.cells = _rows(con, "cells", CELL_COLUMNS, doc_id, "tbl, line")
    return doc


def _header(con, doc_id: str) -> Document | None:
    """A stored report's document without its rows."""
    row = con.execute("SELECT doc_id, path, department, dept_key, year, layout, level, region FROM documents "
                      "WHERE doc_id = ?", [doc_id]).fetchone()
    if row is None:
        return None
    doc_id, path, department, key, year, layout, level, region = row
    return Document(doc_id, path, department, year, layout, dept_key=key, level=level, region=region)


def _rows(con, table: str, columns: tuple[str, ...], doc_id: str, order: str) -> list[dict]:
    result = con.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE doc_id = ? ORDER BY {order}",
                         [doc_id]).fetchall()
    return [dict(zip(columns, row)) for row in result]


def neighbours(con, doc_id: str) -> tuple[str | None, str | None]:
    """The department's reports of the year before and the year after this one."""
    key, year = con.execute("SELECT dept_key, year FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
    return _around(con, key, year)


def _around(con, key: str | None, year: int | None) -> tuple[str | None, str | None]:
    if key is None or year is None:
        return None, None
    found = dict(con.execute("SELECT year, doc_id FROM documents WHERE dept_key = ? AND year IN (?, ?)",
                             [key, year - 1, year + 1]).fetchall())
    return found.get(year - 1), found.get(year + 1)


def check_pair(con, this: str | Document, prior: str | Document) -> int:
    """Run the cross-year rules on one pair (each a stored report's id, or the report
    itself) and keep their findings, replacing the pair's old ones. One transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        found = _pair(con, this, prior)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return found


def _pair(con, this: str | Document, prior: str | Document, fresh: bool = False) -> int:
    from juesuan.store.crossyear import compare
    this, prior = (load_document(con, doc) if isinstance(doc, str) else doc for doc in (this, prior))
    findings = compare(this, prior)
    rows = [{"prior_doc_id": prior.doc_id, **f.as_dict()} for f in findings]
    if not fresh:
        con.execute("DELETE FROM findings WHERE doc_id = ? AND prior_doc_id = ?", [this.doc_id, prior.doc_id])
    _insert(con, "findings", FINDING_COLUMNS, this.doc_id, rows)
    return len(findings)


def check_all(con) -> int:
    """The cross-year rules over every stored pair of consecutive years."""
    pairs = con.execute("SELECT t.doc_id, p.doc_id FROM documents t JOIN documents p "
                        "ON t.dept_key = p.dept_key AND t.year = p.year + 1").fetchall()
    return sum(check_pair(con, this_id, prior_id) for this_id, prior_id in pairs)
