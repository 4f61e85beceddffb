"""render(): data in, a checked report out, in the format the file name asks for.

The composed report is checked with the whole rule catalogue before anything is
written. Data whose own figures disagree (a 类 that is not the sum of its lines, a total
that is not its table's) is refused with the findings; ``force`` writes it anyway, with
the findings printed at its end so that nobody mistakes it for a clean report.
"""
from __future__ import annotations

from pathlib import Path

from juesuan.api import check_document
from juesuan.dataset.model import Dataset
from juesuan.outputs import written
from juesuan.render.blocks import Block, Heading, PageBreak, Paragraph
from juesuan.render.compose import compose
from juesuan.render.plain import to_document
from juesuan.report.finding import Finding

FORMATS = (".html", ".htm", ".docx", ".pdf")


class RenderRefused(Exception):
    """The data is inconsistent: its findings say where."""

    def __init__(self, findings: list[Finding]):
        super().__init__(f"the data has {len(findings)} error(s); nothing was written")
        self.findings = findings


def validate(dataset: Dataset, blocks: list[Block] | None = None) -> list[Finding]:
    """The findings of the checker on the report this dataset makes."""
    document = to_document(blocks if blocks is not None else compose(dataset))
    return check_document(document, "<data>").findings


def render(dataset: Dataset, path: str | Path, force: bool = False, overwrite: bool = True) -> list[Finding]:
    """Write the report to ``path`` (.html, .docx or .pdf); returns the findings. Without
    ``overwrite`` an existing file is not replaced (:class:`juesuan.outputs.OutputError`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path}: a report is written as {', '.join(FORMATS)}")
    blocks = compose(dataset)
    findings = validate(dataset, blocks)
    errors = [f for f in findings if f.severity == "error"]
    if errors and not force:
        raise RenderRefused(errors)
    if errors:
        blocks = blocks + _appendix(errors)
    _write(blocks, path, suffix, f"{dataset.department}{dataset.year}年度部门决算", overwrite)
    return findings


def _appendix(findings: list[Finding]) -> list[Block]:
    out: list[Block] = [PageBreak(), Heading("附：数据校验发现的问题（本报告在数据不一致时强制生成）", 1)]
    for n, finding in enumerate(findings, 1):
        place = "，".join(filter(None, (finding.location.table, finding.location.row, finding.location.column)))
        out.append(Paragraph(f"（{n}）{finding.rule} {finding.message}" + (f"（{place}）" if place else "")))
    return out


def _write(blocks: list[Block], path: Path, suffix: str, title: str, overwrite: bool) -> None:
    # Written beside the target and moved into place, so a failure leaves no half file.
    with written(path, overwrite) as temporary:
        if suffix in (".html", ".htm"):
            from juesuan.render.html import to_html
            temporary.write_text(to_html(blocks, title), encoding="utf-8")
        elif suffix == ".docx":
            from juesuan.render.docx import write_docx
            write_docx(blocks, temporary)
        else:
            from juesuan.render.pdf import write_pdf
            write_pdf(blocks, temporary)
