"""Formula cells of an .xlsx that carry no saved value.

A workbook stores each formula with the value it had when last calculated (``<v>``
beside ``<f>``). A workbook written by a program that does not calculate (openpyxl, many
exporters) stores the formula alone: every reader that does not evaluate formulas, this
one included, sees an empty cell, and a report of zeros would follow. Such cells are
found here so that the workbook is refused by name; opening and saving it in Excel or
LibreOffice stores the values.

The file has passed the reader's limits (:mod:`juesuan.readers.limits`) before this is
called; the XML is parsed with defusedxml all the same, which refuses a DTD.
"""
from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def uncached_formulas(path: Path) -> dict[str, list[str]]:
    """The cells (A1 addresses) holding a formula without a saved value, by sheet name;
    empty for a workbook that is not an .xlsx package or cannot be read this way."""
    try:
        with zipfile.ZipFile(path) as package:
            return {name: cells for name, part in _sheet_parts(package)
                    if (cells := _uncached(package, part))}
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError):
        return {}


def _sheet_parts(package: zipfile.ZipFile) -> list[tuple[str, str]]:
    from defusedxml.ElementTree import fromstring

    book = fromstring(package.read("xl/workbook.xml"))
    rels = fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PACKAGE_REL}Relationship")}
    parts = []
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"))
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            parts.append((sheet.get("name", ""), part))
    return parts


def _uncached(package: zipfile.ZipFile, part: str) -> list[str]:
    from defusedxml.ElementTree import iterparse

    cells = []
    with package.open(part) as stream:
        for _, element in iterparse(stream, events=("end",)):
            if element.tag != f"{_MAIN}c":
                continue
            formula = element.find(f"{_MAIN}f")
            value = element.find(f"{_MAIN}v")
            if formula is not None and (value is None or not (value.text or "").strip()):
                cells.append(element.get("r", "?"))
            element.clear()
    return cells
