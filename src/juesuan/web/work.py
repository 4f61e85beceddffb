"""What a worker process does for the page: check one uploaded file, render one workbook.

Plain functions of paths and plain data, so that they cross the process boundary; each
returns JSON types only.
"""
from __future__ import annotations


from juesuan.batch.task import Options, failed, file_sha256, renamed_files, result_dict


def check_upload(local: str, name: str, document: bool = False, options: Options = Options()) -> dict:
    """``{"result": <the dict of check --format json>, "view": <lines, marks, pages>}`` for
    the file at ``local``, reported under the user's ``name``; a file that cannot be read
    gives a result with an ``error`` and no view. With ``document``, also the rows a
    store keeps of it (``"document"``), so that it can be stored without reading it again.
    ``options``: the rules to run and their severities, as the command line's."""
    from juesuan.api import check_path
    from juesuan.readers.errors import ReadError

    digest = file_sha256(local)
    try:
        result = check_path(local, options.select)
    except ReadError as exc:
        return {"result": renamed_files(failed(local, digest, str(exc)), {local: name}), "view": None}
    except Exception as exc:  # noqa: BLE001 - one bad upload must not stop the others
        message = (f"{local}: internal error ({type(exc).__name__}: {' '.join(str(exc).split())}); "
                   "please report it")
        return {"result": renamed_files(failed(local, digest, message), {local: name}), "view": None}
    data = result_dict(local, digest, result, options)
    view = document_view(result, local, data["findings"])
    outcome = {"result": renamed_files(data, {local: name}), "view": view}
    if document:
        from juesuan.store.records import document_of
        with open(local, "rb") as stream:
            outcome["document"] = document_of(result, stream.read(), name)
    return outcome


def document_view(result, local: str, listed: list[dict]) -> dict:
    """The extracted lines, the page count of a PDF and each finding's mark, its
    ``finding`` the index in ``listed`` (the findings as the JSON orders them)."""
    pdf = local if _is_pdf(local) else None
    position = _positions(result.findings, listed)
    view = {"lines": _text_lines(result), "pages": 0, "marks": []}
    if pdf is not None:
        view["pages"] = _page_count(pdf)
    for mark in _marks(result, pdf):
        if mark["finding"] in position:
            mark["finding"] = position[mark["finding"]]
            view["marks"].append(mark)
    return view


def _positions(findings, listed: list[dict]) -> dict[int, int]:
    """Index in ``findings`` → index in ``listed`` (the same findings, sorted)."""
    waiting: dict[str, list[int]] = {}
    for index, finding in enumerate(listed):
        waiting.setdefault(_key(finding), []).append(index)
    positions = {}
    for index, finding in enumerate(findings):
        slots = waiting.get(_key(finding.as_dict()))
        if slots:
            positions[index] = slots.pop(0)
    return positions


def _key(finding: dict) -> str:
    return repr(sorted((k, v) for k, v in finding.items() if k != "severity"))


def _is_pdf(path: str) -> bool:
    with open(path, "rb") as stream:
        return b"%PDF-" in stream.read(1024)


def _text_lines(result) -> list[str]:
    from juesuan.report.marks import text_lines
    return list(text_lines(result))


def _page_count(pdf: str) -> int:
    from juesuan.report.page_images import page_count
    return page_count(pdf)


def _marks(result, pdf: str | None) -> list[dict]:
    from juesuan.report.marks import marks_for
    return [{"finding": m.finding, "page": m.page, "line": m.line, "end_line": m.end_line,
             "spans": [list(span) for span in m.spans], "primary": m.primary,
             "boxes": [[b.page, b.left, b.top, b.right, b.bottom] for b in m.boxes]}
            for m in marks_for(result, pdf)]


def page_image(pdf: str, page: int, width: int) -> bytes:
    """One page of a PDF as PNG bytes."""
    from juesuan.report.page_images import page_png
    return page_png(pdf, page, width)


def render_workbook(data: str, target: str, force: bool = False) -> dict:
    """Write the report of the data workbook at ``data`` to ``target`` (its suffix says
    .docx, .html or .pdf): ``{"written": True}``, or what stops it, cell by cell:
    ``{"problems": [...]}`` (the data's own) or ``{"findings": [...]}`` (inconsistent
    figures), or ``{"error": "..."}``."""
    from juesuan.dataset.files import load_dataset
    from juesuan.dataset.model import DataError, DataProblems
    from juesuan.readers.errors import ReadError
    from juesuan.render.writer import RenderRefused, render

    try:
        dataset = load_dataset(data)
        findings = render(dataset, target, force, overwrite=True)
    except DataProblems as problems:
        return {"problems": [str(p).replace(data, "").lstrip(": ") for p in problems.problems]}
    except (DataError, ReadError) as exc:
        return {"error": str(exc).replace(data, "").lstrip(": ") or "the data cannot be read"}
    except RenderRefused as refused:
        return {"findings": [f.as_dict() for f in refused.findings]}
    except RuntimeError as exc:     # the PDF engine is missing or failed
        return {"error": str(exc)}
    return {"written": True, "findings": [f.as_dict() for f in findings if f.severity == "error"]}


def write_template(target: str, example: bool) -> None:
    """The empty data workbook, or the bundled example's."""
    from juesuan.dataset.workbook import template_dataset, write_workbook

    if example:
        from juesuan.dataset.example import example_dataset
        dataset = example_dataset()
    else:
        dataset = template_dataset()
    write_workbook(dataset, target, instructions=True)


def warm() -> None:
    """Load the checker once in a fresh worker."""
    from juesuan.batch.task import warm_up
    warm_up()


def annotated_pdf(pdf: str, target: str) -> int:
    """The PDF at ``pdf`` written to ``target`` with each finding as a highlight
    annotation; the number of annotations written."""
    from juesuan.api import check_path
    from juesuan.report.annotate_pdf import annotate_pdf

    return annotate_pdf(pdf, check_path(pdf), target)
