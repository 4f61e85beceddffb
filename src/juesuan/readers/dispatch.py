"""Read any report file into a :class:`Document`, choosing the reader by content.

The file's bytes say what it is (:mod:`juesuan.readers.sniff`); its name only adds a
warning when it promises something else. Sizes are capped before anything is read, and
the PDF, Word and Excel readers run with bounded time and memory
(:func:`juesuan.readers.limits.run_bounded`). Whatever goes wrong, the caller gets a
:class:`ReadError` whose message is one line starting with the path.
"""
from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from juesuan.readers import limits
from juesuan.model.document import Document
from juesuan.readers.errors import ReadError
from juesuan.readers.sniff import DESCRIPTION, SUFFIX_KIND, Sniffed, sniff
from juesuan.readers.text import read_text_file

#: what the reader takes, for "is X, not a report (…)"
_TAKES = "PDF, Word, Excel, HTML or text"


def read_document(path: str | Path) -> Document:
    """Read a report of any supported kind; raise :class:`ReadError` with one line."""
    path = Path(path)
    sniffed = _sniff(path)
    try:
        document = _read(path, sniffed)
    except ReadError as error:
        message = str(error)
        if "\n" in message or "\r" in message:  # one line, whatever a library said
            raise ReadError(" ".join(message.split())) from None
        raise
    expected = SUFFIX_KIND.get(path.suffix.lower())
    if expected is not None and expected != sniffed.kind:
        document.warnings.insert(0, f"named {path.suffix} but is {sniffed.what}; read as such")
    return document


def _sniff(path: Path) -> Sniffed:
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file") from None
    except OSError as exc:
        raise ReadError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if path.is_dir():
        raise ReadError(f"{path}: is a directory")
    if stat.st_size == 0:
        raise ReadError(f"{path}: file is empty")
    limits.check_file_size(path, stat.st_size)
    try:
        sniffed = sniff(path)
    except IsADirectoryError:
        raise ReadError(f"{path}: is a directory") from None
    except OSError as exc:
        raise ReadError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if sniffed.kind == "unknown" and sniffed.what == "an empty file":
        raise ReadError(f"{path}: file is empty")
    if sniffed.kind == "encrypted":
        raise ReadError(f"{path}: is a password-protected Office document: remove the password "
                        "(or save an unprotected copy) first")
    if not sniffed.readable:
        raise ReadError(f"{path}: is {sniffed.what}, not a report ({_TAKES})")
    return sniffed


def _read(path: Path, sniffed: Sniffed) -> Document:
    kind = sniffed.kind
    if kind == "text":
        return _read_text(path)
    if kind == "html":
        return _read_html(path)
    # The libraries are imported here, in the parent, so that each forked reader child
    # starts with them loaded instead of importing them again.
    if kind == "pdf":
        import pypdfium2  # noqa: F401

        from juesuan.readers import pdfium_calls  # noqa: F401
        from juesuan.readers.pdf import read_pdf

        return limits.run_bounded(read_pdf, (path,), path, "PDF", reuse=True)
    if kind == "docx":
        import docx  # noqa: F401

        from juesuan.readers.docx import read_docx

        return limits.run_bounded(read_docx, (path,), path, "Word document")
    if kind in ("doc", "rtf", "odt"):
        import docx  # noqa: F401

        from juesuan.readers.docx import read_via_libreoffice

        # the conversion has its own timeout; the reading after it is bounded like a .docx
        return limits.run_bounded(read_via_libreoffice, (path, kind), path,
                                  DESCRIPTION[kind].split(" ", 1)[1],
                                  seconds=limits.CONVERT_TIMEOUT + limits.MAX_SECONDS)
    if kind in ("xlsx", "xls", "ods"):
        import python_calamine  # noqa: F401

        from juesuan.readers.xlsx import read_spreadsheet

        return limits.run_bounded(read_spreadsheet, (path, kind), path, "spreadsheet")
    raise ReadError(f"{path}: is {sniffed.what}, not a report ({_TAKES})")  # pragma: no cover


def _read_text(path: Path) -> Document:
    return Document(text=read_text_file(path), kind="text")


def _read_html(path: Path) -> Document:
    if importlib.util.find_spec("juesuan.readers.html") is None:
        raise ReadError(f"{path}: HTML files cannot be read yet; save the report as PDF, "
                        ".docx or text")
    module = importlib.import_module("juesuan.readers.html")
    return module.read_html(path)
