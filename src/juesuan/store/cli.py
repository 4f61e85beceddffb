"""``juesuan store``: keep many reports in one DuckDB file and compare them across years."""
from __future__ import annotations

import csv
import io
import json
import sys
from decimal import Decimal
from pathlib import Path

import click

from juesuan.store import db

_DB = click.option("--db", "db_path", type=click.Path(path_type=Path), default=Path(db.DEFAULT_PATH),
                   show_default=True, help="The store file (created by `store add`).")


@click.group()
def store() -> None:
    """A store of many departments and years (DuckDB): add, compare, query, export."""


def _open(db_path: Path, wait: float = 30.0, create: bool = False, read_only: bool = False):
    try:
        import duckdb  # noqa: F401
    except ImportError:
        click.echo("juesuan: the store needs DuckDB: pip install 'juesuan[store]'", err=True)
        sys.exit(2)
    try:
        return db.connect(db_path, wait=wait, create=create, read_only=read_only)
    except (db.StoreBusy, db.StoreMissing) as exc:
        click.echo(f"juesuan: {exc}", err=True)
        sys.exit(2)


@store.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@_DB
@click.option("--map", "mapping", type=click.Path(exists=True, path_type=Path),
              help="Renamed departments: a file of 'old name,current name' lines.")
@click.option("--wait", default=30.0, show_default=True,
              help="Seconds to wait while another process writes the store.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes reading and checking reports (default: the number of cores).")
def add(paths: tuple[Path, ...], db_path: Path, mapping: Path | None, wait: float, jobs: int | None) -> None:
    """Check reports (files or folders) and keep them, their facts, cells and findings.

    The same content again changes nothing; a new version of a department's report for
    a year replaces the old one. The cross-year rules run on each new report.
    Exit code: 0 stored, 2 some input could not be read.
    """
    from juesuan.batch import default_jobs
    from juesuan.batch.output import rule_failures
    from juesuan.batch.progress import progress_for
    from juesuan.cli import READABLE, _expand
    from juesuan.store import service
    inputs = _expand(paths)
    failed = False
    for path in paths:
        if path.is_dir() and not any(path in p.parents for p in inputs):
            click.echo(f"juesuan: {path}: no report files ({', '.join(READABLE)}) in this folder", err=True)
            failed = True
    con = _open(db_path, wait, create=True)
    if mapping:
        db.load_mapping(con, service.read_mapping(mapping))
    try:
        with progress_for(sys.stderr, len(inputs)) as progress:
            for result, outcome in service.add(con, inputs, min(jobs or default_jobs(), max(1, len(inputs)))):
                for failure in rule_failures(result):
                    progress.problem(f"juesuan: {result['source']}: {failure}")
                if outcome is None:
                    failed = True
                    progress.problem(f"juesuan: {result.get('error') or result['source'] + ': not read'}")
                else:
                    click.echo(_describe(outcome))
                progress.advance(sum(1 for f in result["findings"] if f["severity"] == "error"))
    except KeyboardInterrupt:
        click.echo("juesuan: stopped; every report stored so far stands (each is one transaction)", err=True)
        sys.exit(130)
    finally:
        con.close()
    sys.exit(2 if failed else 0)


def _describe(outcome: db.Outcome) -> str:
    doc = outcome.document
    who = f"{doc.department or '(department not named)'} {doc.year or '(year not read)'}"
    text = {"added": f"{outcome.path}: added ({who})",
            "unchanged": f"{outcome.path}: unchanged, already stored ({who})",
            "replaced": f"{outcome.path}: replaces {outcome.replaced} ({who})"}[outcome.action]
    if outcome.action != "unchanged":
        text += f", {len(doc.findings)} finding(s), {outcome.cross_findings} across years"
    return text


@store.command()
@_DB
@click.option("--map", "mapping", type=click.Path(exists=True, path_type=Path),
              help="Renamed departments: a file of 'old name,current name' lines.")
def departments(db_path: Path, mapping: Path | None) -> None:
    """List the departments as matched across years, with their years."""
    con = _open(db_path, create=False, read_only=mapping is None)
    if mapping:
        from juesuan.store.service import read_mapping
        db.load_mapping(con, read_mapping(mapping))
    for name, years, names in con.execute("SELECT department, years, names_printed FROM department_years").fetchall():
        also = [n for n in names if n != name]
        click.echo(f"{name}  {', '.join(str(y) for y in years)}" + (f"  (also printed as {'、'.join(also)})" if also else ""))
    con.close()


@store.command()
@_DB
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
def check(db_path: Path, output: str) -> None:
    """Run the cross-year rules over every department's consecutive years again and list
    their findings. Exit code: 0 no errors, 1 some error finding."""
    con = _open(db_path)
    db.check_all(con)
    columns, rows = _cross_findings(con)
    con.close()
    if output == "json":
        click.echo(json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, indent=2, default=str))
    else:
        for row in rows:
            data = dict(zip(columns, row))
            click.echo(f"{data['path']}:{data['page'] or '?'}: {data['rule']} {data['severity']}: {data['message']}")
        click.echo(f"{len(rows)} cross-year finding(s)")
    sys.exit(1 if any(dict(zip(columns, row))["severity"] == "error" for row in rows) else 0)


def _cross_findings(con):
    from juesuan.store.service import query
    return query(con, "SELECT d.path, d.department, d.year, f.rule, f.name, f.severity, f.page, f.line, "
                      "f.message, f.stated, f.expected, p.path AS prior_path FROM findings f "
                      "JOIN documents d USING (doc_id) JOIN documents p ON p.doc_id = f.prior_doc_id "
                      "ORDER BY d.department, d.year, f.page, f.line")


@store.command()
@click.argument("sql")
@_DB
@click.option("--format", "output", type=click.Choice(["table", "csv", "json"]), default="table")
def query(sql: str, db_path: Path, output: str) -> None:
    """Run SQL on the store. Tables: documents, facts, cells, findings; views:
    totals_by_year, sangong_by_year, sangong_rose, findings_by_rule, department_years."""
    import duckdb
    from juesuan.store.service import query as run
    con = _open(db_path, read_only=True)
    try:
        columns, rows = run(con, sql)
    except duckdb.Error as exc:
        click.echo(f"juesuan: {exc}", err=True)
        sys.exit(2)
    finally:
        con.close()
    click.echo(_formatted(columns, rows, output), nl=False)


def _plain(value) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value if isinstance(value, (int, float, str, type(None))) else str(value)


def _formatted(columns: list[str], rows: list[tuple], output: str) -> str:
    if output == "json":
        data = [{c: _plain(v) for c, v in zip(columns, row)} for row in rows]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if output == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_plain(v) for v in row] for row in rows])
        return out.getvalue()
    from rich.console import Console
    from rich.table import Table
    table = Table(*columns)
    for row in rows:
        table.add_row(*("" if v is None else str(_plain(v)) for v in row))
    console = Console(file=io.StringIO(), width=max(80, 16 * len(columns)), force_terminal=False)
    console.print(table)
    return console.file.getvalue()


@store.command()
@click.argument("target", type=click.Path(path_type=Path))
@_DB
@click.option("--format", "output", type=click.Choice(["parquet", "csv"]), default="parquet", show_default=True)
def export(target: Path, db_path: Path, output: str) -> None:
    """Write every table of the store to TARGET: Parquet folders partitioned by year
    (year=2024/…) or one CSV file per table."""
    from juesuan.store.service import export as write
    con = _open(db_path, read_only=True)
    try:
        for path in write(con, target, output):
            click.echo(f"{path}: written")
    finally:
        con.close()
