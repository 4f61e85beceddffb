"""The `juesuan` command: parse arguments, call the library, pick a renderer, set the exit code."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from juesuan.interrupt import Group
from juesuan.outputs import OutputError, check_target, written
from juesuan.store.cli import store

# The checker (readers, rules, classification) is imported by the commands that use it,
# so that `juesuan --help` and the store's commands start at once.

#: file types `check` reads; folders are searched for them
READABLE = (".txt", ".pdf", ".docx", ".doc", ".odt", ".rtf", ".xlsx", ".xls", ".ods", ".html", ".htm")


@click.group(cls=Group)
@click.version_option(package_name="juesuan")
def main() -> None:
    """juesuan: check Chinese departmental final accounts reports (部门决算公开报告)."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output", type=click.Choice(["text", "json", "jsonl", "xlsx"]), default="text",
              help="text for people; json: one JSON list, an object per input; jsonl: one "
                   "JSON object per line, written as each input is checked; xlsx: the review "
                   "sheet (审核意见表) of all inputs, written to the file -o names.")
@click.option("-o", "--output", "target", type=click.Path(path_type=Path),
              help="The file to write the xlsx review sheet to (other formats go to standard output).")
@click.option("--annotate", type=click.Path(path_type=Path), metavar="OUT.pdf",
              help="Also write the PDF checked (one PDF input) with each finding as an annotation.")
@click.option("--overwrite", is_flag=True, help="Replace the -o or --annotate file if it exists.")
@click.option("--facts", is_flag=True, help="Include the figures read (json, jsonl).")
@click.option("--select", multiple=True, metavar="CODE",
              help="Run only these rules: an id (G101), a name, a family (budget), a rule "
                   "module (rates) or an id prefix (N1, N); repeatable, or comma-separated.")
@click.option("--ignore", multiple=True, metavar="CODE",
              help="Leave out these rules (codes as for --select); repeatable, or comma-separated.")
@click.option("--errors-only", is_flag=True, help="Leave out warnings.")
@click.option("--quiet", "-q", is_flag=True,
              help="Text: only error findings and the summary; nothing for a file without errors.")
@click.option("--attach", "attachments", multiple=True, type=click.Path(path_type=Path),
              help="A file holding the report's tables (a workbook, a PDF…); repeatable. "
                   "Its tables are checked with each report of this call.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores; 1: in this process).")
@click.option("--cluster", metavar="tcp://HOST:8786",
              help="Run on this Dask scheduler's workers (needs juesuan[cluster]).")
@click.option("--skip-done", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A previous run's jsonl output: check only the inputs not in it.")
def check(paths: tuple[Path, ...], output: str, target: Path | None, annotate: Path | None, overwrite: bool,
          facts: bool, select: tuple[str, ...], ignore: tuple[str, ...], errors_only: bool, quiet: bool,
          attachments: tuple[Path, ...], jobs: int | None, cluster: str | None, skip_done: Path | None) -> None:
    """Check reports (files or folders) and print every inconsistency found.

    Settings are read from a juesuan.toml, or [tool.juesuan] in a pyproject.toml, in the
    folder of the first report or the nearest above it; options given here win.

    Exit code: 0 no errors, 1 some error finding, 2 some input could not be read, is
    no final accounts report, or was not fully checked (a rule failed on it), or a
    setting is wrong.
    """
    from juesuan.batch import Options, default_jobs, not_done, read_done, run
    from juesuan.batch.cluster import ClusterUnavailable

    inputs = _expand(paths)
    _check_files_written(output, target, annotate, overwrite, inputs, attachments)
    unreadable = False
    for path in paths:
        if path.is_dir() and not any(p.parent == path or path in p.parents for p in inputs):
            click.echo(f"juesuan: {path}: no report files ({', '.join(READABLE)}) in this folder", err=True)
            unreadable = True
    if skip_done is not None:
        inputs = list(not_done(inputs, read_done(skip_done)))
    chosen, levels = _rule_settings(paths[0], _split(select), _split(ignore))
    options = Options(chosen, errors_only, tuple(map(str, attachments)), facts, levels)
    stream = io.StringIO() if output == "xlsx" else None
    try:
        tally = run(inputs, "jsonl" if stream else output, options, jobs=jobs or default_jobs(),
                    cluster=cluster, out=stream, quiet=quiet)
    except ClusterUnavailable as exc:
        click.echo(f"juesuan: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("juesuan: stopped; what was written stands (--skip-done goes on from jsonl output)", err=True)
        sys.exit(130)
    if stream is not None:
        _write_review_sheet(stream.getvalue(), target, overwrite)
    if annotate is not None and not _annotate(inputs[0], annotate, overwrite, options):
        unreadable = True
    sys.exit(2 if unreadable else tally.exit_code)


def _check_files_written(output: str, target: Path | None, annotate: Path | None, overwrite: bool,
                         inputs: list[Path], attachments: tuple[Path, ...]) -> None:
    """Refuse, before any work, an output file option that does not fit (exit 2)."""
    if output == "xlsx" and target is None:
        click.echo("juesuan: --format xlsx writes a file: give it with -o FILE.xlsx", err=True)
        sys.exit(2)
    if target is not None:
        if output != "xlsx":
            click.echo("juesuan: -o is for --format xlsx; other formats go to standard output", err=True)
            sys.exit(2)
        if target.suffix.lower() != ".xlsx":
            click.echo(f"juesuan: {target}: the review sheet is an .xlsx workbook", err=True)
            sys.exit(2)
        _check_target(target, overwrite, *inputs, *attachments)
    if annotate is not None:
        if len(inputs) != 1 or inputs[0].suffix.lower() != ".pdf":
            click.echo("juesuan: --annotate needs exactly one PDF to check", err=True)
            sys.exit(2)
        if annotate.suffix.lower() != ".pdf":
            click.echo(f"juesuan: {annotate}: the annotated copy is a .pdf file", err=True)
            sys.exit(2)
        if target is not None and annotate.resolve() == target.resolve():
            click.echo(f"juesuan: {annotate}: given for both -o and --annotate", err=True)
            sys.exit(2)
        _check_target(annotate, overwrite, *inputs, *attachments)


def _write_review_sheet(lines: str, target: Path, overwrite: bool) -> None:
    import json

    from juesuan.report.review_sheet import write_review_dicts

    results = [json.loads(line) for line in lines.splitlines() if line.strip()]
    try:
        with written(target, overwrite) as temporary:
            write_review_dicts(results, temporary)
    except OutputError as exc:
        _fail(exc)
    click.echo(f"{target}: written", err=True)


def _annotate(pdf: Path, target: Path, overwrite: bool, options) -> bool:
    """Write the annotated copy of ``pdf``, with the findings as the run reported them
    (its rules, severities and --errors-only); False when the PDF cannot be checked."""
    from dataclasses import replace

    from juesuan.api import check_path
    from juesuan.readers.errors import ReadError
    from juesuan.report.annotate_pdf import annotate_pdf

    try:
        result = check_path(pdf, options.select, options.attachments)
    except ReadError as exc:
        click.echo(f"juesuan: {target}: not written ({exc})", err=True)
        return False
    levels = dict(options.severity)
    result.findings = [replace(f, severity=levels.get(f.rule, f.severity)) for f in result.findings]
    if options.errors_only:
        result.findings = [f for f in result.findings if f.severity == "error"]
    try:
        with written(target, overwrite) as temporary:
            count = annotate_pdf(pdf, result, temporary)
    except OutputError as exc:
        _fail(exc)
    click.echo(f"{target}: written, {count} annotation(s)", err=True)
    return True


def _split(codes: tuple[str, ...]) -> tuple[str, ...] | None:
    """Codes from repeated or comma-separated options; None when none was given."""
    split = tuple(code for value in codes for code in value.split(",") if code.strip())
    # an empty code is refused like any code that names no rule, not taken as "none"
    return (split or ("",)) if codes else None


def _rule_settings(first: Path, select, ignore):
    """The rule ids to run and the severity overrides: the configuration file's, with
    what the command line gives instead. A selection on the command line replaces the
    file's selection and its ignore list, so that what is asked for is what runs."""
    from juesuan.config import ConfigError, Config, find_config, load_config, resolve

    try:
        found = find_config(first)
        config = load_config(found) if found else Config()
        if select is not None:
            file_select, file_ignore = select, None
        else:
            file_select, file_ignore = config.select, config.ignore
        chosen = resolve(file_select, ignore if ignore is not None else file_ignore)
    except ConfigError as exc:
        click.echo(f"juesuan: {exc}", err=True)
        sys.exit(2)
    return chosen, config.severity


def _expand(paths: tuple[Path, ...]) -> list[Path]:
    inputs: list[Path] = []
    for path in paths:
        if path.is_dir():
            inputs.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in READABLE and p.is_file()))
        else:
            inputs.append(path)
    return inputs


@main.command()
def fields() -> None:
    """Describe the data `render` reads (Markdown): tables, fields and line notes."""
    from juesuan.docs import fields_markdown
    click.echo(fields_markdown(), nl=False)


@main.command()
@click.option("--format", "output", type=click.Choice(["text", "markdown"]), default="text")
def rules(output: str) -> None:
    """List the rule catalogue."""
    if output == "markdown":
        from juesuan.docs import rules_markdown
        click.echo(rules_markdown(), nl=False)
        return
    from juesuan.rules import RULES

    for rule in sorted(RULES, key=lambda r: r.id):
        click.echo(f"{rule.id}  {rule.name:<22} {rule.severity:<8} {rule.title}")


def _check_target(target: Path, overwrite: bool, *inputs: Path) -> None:
    """Refuse, before any work, an output path that cannot or must not be written: exit 2."""
    try:
        check_target(target, overwrite, inputs)
    except OutputError as exc:
        _fail(exc)


def _fail(exc: OutputError):
    click.echo(f"juesuan: {exc}", err=True)
    sys.exit(2)


@main.command()
@click.argument("data", type=click.Path(path_type=Path))
@click.option("-o", "--output", "target", required=True, type=click.Path(path_type=Path),
              help="The report to write: .docx, .html or .pdf.")
@click.option("--force", is_flag=True, help="Write the report even when the data is inconsistent "
                                            "(its problems are listed at the report's end).")
@click.option("--overwrite", is_flag=True, help="Replace the output file if it exists.")
def render(data: Path, target: Path, force: bool, overwrite: bool) -> None:
    """Write the full report from DATA (a workbook, .json or .csv), every derived figure computed.

    Data with wrong cells (text in a figure cell, a formula without a saved value, a missing
    sheet or field) is refused with every one listed (exit 1). The data is then checked with
    the whole rule catalogue; inconsistent data is refused with its problems listed (exit 1)
    unless --force is given.
    """
    from juesuan.dataset.files import load_dataset
    from juesuan.dataset.model import DataError, DataProblems
    from juesuan.render.writer import FORMATS, RenderRefused
    from juesuan.readers.errors import ReadError
    from juesuan.render.writer import render as write_report

    if target.suffix.lower() not in FORMATS:
        click.echo(f"juesuan: {target}: a report is written as {', '.join(FORMATS)}", err=True)
        sys.exit(2)
    _check_target(target, overwrite, data)
    try:
        dataset = load_dataset(data)
        findings = write_report(dataset, target, force, overwrite=overwrite)
    except DataProblems as problems:
        _refuse_data(data, problems.problems)
    except (DataError, ReadError) as exc:
        message = str(exc)
        click.echo(f"juesuan: {message if message.startswith(str(data)) else f'{data}: {message}'}", err=True)
        sys.exit(2)
    except RenderRefused as refused:
        click.echo(f"juesuan: {data}: {refused}", err=True)
        from juesuan.report.render import to_text
        click.echo(to_text({"source": str(data), "findings": [f.as_dict() for f in refused.findings]}))
        sys.exit(1)
    except OutputError as exc:
        _fail(exc)
    except RuntimeError as exc:            # the PDF engine is missing or failed
        click.echo(f"juesuan: {target}: {exc}", err=True)
        sys.exit(2)
    errors = [f for f in findings if f.severity == "error"]
    click.echo(f"{target}: written" + (f", with {len(errors)} data problem(s) listed at its end" if errors else ""))


def _refuse_data(data: Path, problems: list[str]):
    """Data read but wrong: one line on stderr, every problem on stdout, exit 1."""
    count = f"{len(problems)} problems" if len(problems) > 1 else "a problem"
    click.echo(f"juesuan: {data}: the data has {count}; nothing was written", err=True)
    for problem in problems:
        click.echo(f"{data}: {problem}")
    sys.exit(1)


@main.command()
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--example", is_flag=True, help="Fill it with the bundled example's data.")
@click.option("--overwrite", is_flag=True, help="Replace the file if it exists.")
def template(target: Path, example: bool, overwrite: bool) -> None:
    """Write a workbook to fill in: the nine tables with their headers and codes, and
    sheets for what the tables do not hold, with instructions."""
    from juesuan.dataset.workbook import template_dataset, write_workbook

    if target.suffix.lower() != ".xlsx":
        click.echo(f"juesuan: {target}: the template is an .xlsx workbook", err=True)
        sys.exit(2)
    _check_target(target, overwrite)
    if example:
        from juesuan.dataset.example import example_dataset
        dataset = example_dataset()
    else:
        dataset = template_dataset()
    try:
        with written(target, overwrite) as temporary:
            write_workbook(dataset, temporary, instructions=True)
    except OutputError as exc:
        _fail(exc)
    click.echo(f"{target}: written")


@main.command()
@click.argument("report", type=click.Path(path_type=Path))
@click.option("-o", "--output", "target", type=click.Path(path_type=Path),
              help="Where to write the data: .json, .csv or .xlsx (default: JSON on standard output).")
@click.option("--attach", "attachments", multiple=True, type=click.Path(path_type=Path),
              help="A file holding the report's tables; repeatable.")
@click.option("--overwrite", is_flag=True, help="Replace the output file if it exists.")
def extract(report: Path, target: Path | None, attachments: tuple[Path, ...], overwrite: bool) -> None:
    """Read a report's data (its tables and the figures of its explanation) in the form
    `juesuan render` reads."""
    from juesuan.dataset.files import save_dataset
    from juesuan.dataset.forms import to_json
    from juesuan.dataset.from_report import extract_dataset
    from juesuan.dataset.model import DataError, DataProblems
    from juesuan.readers.errors import ReadError

    if target is not None:
        if target.suffix.lower() not in (".json", ".csv", ".xlsx"):
            click.echo(f"juesuan: {target}: data is written as .json, .csv or .xlsx", err=True)
            sys.exit(2)
        _check_target(target, overwrite, report, *attachments)
    from juesuan.api import check_path
    from juesuan.dataset.workbook import holds_dataset, read_workbook

    if not attachments and holds_dataset(report):
        # juesuan's own data workbook: all of it (fields, tables, line notes), as render reads it
        try:
            dataset = read_workbook(report)
        except DataProblems as problems:
            _refuse_data(report, problems.problems)
        except DataError as exc:
            message = str(exc)
            click.echo(f"juesuan: {message if message.startswith(str(report)) else f'{report}: {message}'}", err=True)
            sys.exit(2)
    else:
        try:
            result = check_path(report, None, attachments)
        except ReadError as exc:
            click.echo(f"juesuan: {exc}", err=True)
            sys.exit(2)
        dataset = extract_dataset(result.report, result.flow)
    if target is None:
        click.echo(to_json(dataset), nl=False)
        return
    try:
        with written(target, overwrite) as temporary:
            save_dataset(dataset, temporary)
    except OutputError as exc:
        _fail(exc)
    except DataError as exc:
        click.echo(f"juesuan: {exc}", err=True)
        sys.exit(2)
    click.echo(f"{target}: written")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (the default is this machine only).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              help="A store (juesuan store add) to browse: departments, years, cross-year findings.")
@click.option("--max-upload-mb", default=100, show_default=True, type=click.IntRange(min=1),
              help="The largest upload accepted (all files of one request).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Reports checked at once (default: the number of cores); the rest wait.")
@click.option("--keep-minutes", default=120, show_default=True, type=click.IntRange(min=1),
              help="How long an upload's results (and a PDF, for its page images) are kept.")
def serve(host: str, port: int, db_path: Path | None, max_upload_mb: int, workers: int | None,
          keep_minutes: int) -> None:
    """Start the web page: upload reports, see each problem marked on its page,
    download the review sheet. Runs on this machine; nothing is sent anywhere.

    The rules run as a juesuan.toml (or [tool.juesuan] in a pyproject.toml) in the folder
    the server is started in, or the nearest above, sets them."""
    try:
        import uvicorn
        from juesuan.web.app import Settings, create_app
    except ImportError as exc:
        click.echo(f"juesuan: the web page needs {exc.name}: pip install juesuan", err=True)
        sys.exit(2)
    if db_path is not None:
        if not db_path.exists():
            click.echo(f"juesuan: {db_path}: no store here (juesuan store add creates one)", err=True)
            sys.exit(2)
        try:
            import duckdb  # noqa: F401
        except ImportError:
            click.echo("juesuan: the store needs DuckDB: pip install 'juesuan[store]'", err=True)
            sys.exit(2)
    from juesuan.batch import Options

    # the rules as a check run here would set them: juesuan.toml in this folder or above
    chosen, levels = _rule_settings(Path.cwd(), None, None)
    settings = Settings(max_bytes=max_upload_mb * 1024 * 1024, workers=workers,
                        db=str(db_path) if db_path else None, keep_seconds=keep_minutes * 60.0,
                        options=Options(select=chosen, severity=levels))
    click.echo(f"juesuan: the page is at http://{host}:{port}/ (Ctrl+C stops it)", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"juesuan: listening on {host}: anyone who can reach this machine can upload "
                   "reports and see the results (the page has no login)", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


main.add_command(store)
