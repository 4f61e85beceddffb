"""The `juesuan` command: parse arguments, call the library, pick a renderer, set the exit code."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress

from juesuan.api import check_path
from juesuan.readers.errors import ReadError
from juesuan.report.render import sort_by_section, to_json, to_text
from juesuan.rules import RULES

#: file types `check` reads; folders are searched for them
READABLE = (".txt", ".pdf", ".docx", ".doc", ".odt", ".rtf", ".xlsx", ".xls", ".ods", ".html", ".htm")


@click.group()
@click.version_option(package_name="juesuan")
def main() -> None:
    """juesuan: check Chinese departmental final accounts reports (部门决算公开报告)."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              help="text for people, json for machines (one document, a list per input).")
@click.option("--select", multiple=True, help="Run only these rules (id or name); repeatable.")
@click.option("--errors-only", is_flag=True, help="Leave out warnings.")
@click.option("--attach", "attachments", multiple=True, type=click.Path(path_type=Path),
              help="A file holding the report's tables (a workbook, a PDF…); repeatable. "
                   "Its tables are checked with each report of this call.")
def check(paths: tuple[Path, ...], output: str, select: tuple[str, ...], errors_only: bool,
          attachments: tuple[Path, ...]) -> None:
    """Check reports (files or folders) and print every inconsistency found.

    Exit code: 0 no errors, 1 some error finding, 2 some input could not be read.
    """
    inputs = _expand(paths)
    err = Console(stderr=True)
    results, unreadable, failed = [], False, False
    for path in paths:
        if path.is_dir() and not any(p.parent == path or path in p.parents for p in inputs):
            click.echo(f"juesuan: {path}: no report files ({', '.join(READABLE)}) in this folder", err=True)
            unreadable = True
    with Progress(console=err, transient=True, disable=len(inputs) < 2 or not err.is_terminal) as progress:
        task = progress.add_task("checking", total=len(inputs))
        for path in inputs:
            result = _check_one(path, set(select) or None, errors_only, attachments)
            if result.get("error"):
                unreadable = True
                click.echo(f"juesuan: {result['error']}", err=True)
            failed |= any(f["severity"] == "error" for f in result["findings"])
            results.append(result)
            progress.advance(task)
    if output == "json":
        click.echo(to_json(results))
    else:
        for result in results:
            if not result.get("error"):
                click.echo(to_text(result))
    sys.exit(2 if unreadable else 1 if failed else 0)


def _check_one(path: Path, select, errors_only: bool, attachments) -> dict:
    try:
        result = check_path(path, select, attachments)
    except ReadError as exc:
        return {"source": str(path), "error": str(exc), "findings": [], "facts": []}
    data = result.as_dict()
    findings = data["findings"]
    if errors_only:
        findings = [f for f in findings if f["severity"] == "error"]
    data["findings"] = sort_by_section(findings)
    if result.tool_errors:
        data["tool_errors"] = result.tool_errors
    return data


def _expand(paths: tuple[Path, ...]) -> list[Path]:
    inputs: list[Path] = []
    for path in paths:
        if path.is_dir():
            inputs.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in READABLE and p.is_file()))
        else:
            inputs.append(path)
    return inputs


@main.command()
@click.option("--format", "output", type=click.Choice(["text", "markdown"]), default="text")
def rules(output: str) -> None:
    """List the rule catalogue."""
    if output == "markdown":
        from juesuan.docs import rules_markdown
        click.echo(rules_markdown(), nl=False)
        return
    for rule in sorted(RULES, key=lambda r: r.id):
        click.echo(f"{rule.id}  {rule.name:<22} {rule.severity:<8} {rule.title}")
