"""The merged cells of an OpenDocument spreadsheet (.ods), which calamine does not report.

A header cell merged over several columns ("公务用车购置及运行维护费" over six) holds its
text in its first slot only; unless it is repeated over the slots it covers, the columns
under it are named by their last header words alone ("决算数"), and the figures of six
columns read as those of one. The spans are read here from ``content.xml``: a cell's
``table:number-columns-spanned`` and ``table:number-rows-spanned``, placed by counting
rows and cells with their ``number-rows-repeated`` and ``number-columns-repeated``.

The file has passed the reader's limits (:mod:`juesuan.readers.limits`) before this is
called; the XML is parsed with defusedxml all the same, which refuses a DTD.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_SHEET, _ROW = f"{_TABLE}table", f"{_TABLE}table-row"
_CELLS = frozenset({f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"})
_NAME = f"{_TABLE}name"
_ROWS_REPEATED, _COLUMNS_REPEATED = f"{_TABLE}number-rows-repeated", f"{_TABLE}number-columns-repeated"
_ROWS_SPANNED, _COLUMNS_SPANNED = f"{_TABLE}number-rows-spanned", f"{_TABLE}number-columns-spanned"

Range = tuple[tuple[int, int], tuple[int, int]]


def ods_merges(path: Path, check=None) -> dict[str, list[Range]]:
    """The merged ranges ((first row, first column), (last row, last column), 0-based) of
    each sheet, by its name; empty when the file cannot be read this way. ``check`` is
    called now and then (a deadline's check)."""
    try:
        with zipfile.ZipFile(path) as package, package.open("content.xml") as stream:
            return _merges(stream, check)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError):
        return {}


def _merges(stream, check) -> dict[str, list[Range]]:
    from defusedxml.ElementTree import iterparse

    merges: dict[str, list[Range]] = {}
    ranges: list[Range] | None = None
    depth = 0                     # sheets open: a sheet inside a cell is none of ours
    row = column = repeat = 0
    for count, (event, element) in enumerate(iterparse(stream, events=("start", "end"))):
        tag = element.tag
        if tag == _SHEET:
            depth += 1 if event == "start" else -1
            if event == "start" and depth == 1:
                ranges = merges.setdefault(element.get(_NAME, ""), [])
                row = 0
            continue
        if depth != 1 or ranges is None:
            continue
        if tag == _ROW:
            if event == "start":
                column, repeat = 0, _count(element.get(_ROWS_REPEATED))
            else:
                row += repeat
                element.clear()
        elif tag in _CELLS and event == "start":
            across, down = _count(element.get(_COLUMNS_SPANNED)), _count(element.get(_ROWS_SPANNED))
            if across > 1 or down > 1:
                ranges.append(((row, column), (row + down - 1, column + across - 1)))
            column += _count(element.get(_COLUMNS_REPEATED))
        if check is not None and count % 10_000 == 0:
            check()
    return merges


def _count(value: str | None) -> int:
    try:
        return max(int(value), 1) if value else 1
    except ValueError:
        return 1
