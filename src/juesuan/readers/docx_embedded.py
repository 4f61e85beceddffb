"""Worksheets embedded in a Word document as objects.

A table pasted from Excel as a worksheet object ("Microsoft Excel 工作表对象") shows in
Word as a picture of the sheet; the figures are only in the workbook stored inside the
.docx (word/embeddings/…xlsx, or an Excel 97-2003 workbook in an OLE file). It is read as
the spreadsheet reader reads a workbook, and the sheet the object shows (the workbook's
active sheet) is the table.
"""
from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import replace
from io import BytesIO
from pathlib import Path

from juesuan.model.document import RawTable
from juesuan.readers.errors import ReadError
from juesuan.readers.limits import Deadline

#: what an embedded object's program id says it is: a worksheet of Excel (or WPS's)
_SHEET_PROG_ID = re.compile(r"^(?:Excel\.Sheet|Excel\.SheetMacroEnabled|Et\.Xls|KET\.Sheet)", re.IGNORECASE)
_ACTIVE_TAB = re.compile(rb"<(?:\w+:)?workbookView\b[^>]*\bactiveTab=\"(\d+)\"")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def is_worksheet(prog_id: str | None) -> bool:
    return bool(prog_id) and _SHEET_PROG_ID.match(prog_id) is not None


def embedded_sheet(blob: bytes, deadline: Deadline) -> tuple[list[str], RawTable] | None:
    """The lines and the grid of the sheet an embedded workbook shows, or None when the
    bytes are no workbook the spreadsheet reader can read (the object stays a picture)."""
    from juesuan.readers.xlsx import read_spreadsheet

    if blob.startswith(b"PK"):
        kind, active = "xlsx", _active_tab(blob)
    elif blob.startswith(_OLE_MAGIC):
        kind, active = "xls", 0
    else:
        return None
    with tempfile.TemporaryDirectory(prefix="juesuan-sheet-") as folder:
        path = Path(folder) / f"embedded.{kind}"
        path.write_bytes(blob)
        try:
            workbook = read_spreadsheet(path, kind, deadline)
        except ReadError:
            return None
    pages = workbook.text.split("\f")
    shown = [table for table in workbook.tables if table.page == active + 1] or workbook.tables[:1]
    if not shown:
        return None
    table = shown[0]
    # one line per row, as the grid's rows follow the sheet's lines
    lines = pages[table.page - 1].removesuffix("\n").split("\n")
    return lines, replace(table, line=None, page=None)


def _active_tab(blob: bytes) -> int:
    """The sheet a workbook opens on (what its object shows): workbook.xml's activeTab."""
    try:
        with zipfile.ZipFile(BytesIO(blob)) as archive:
            match = _ACTIVE_TAB.search(archive.read("xl/workbook.xml")[:100_000])
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return 0
    return int(match.group(1)) if match else 0
