"""Spreadsheets (.xlsx, .xls, .ods) through python-calamine (MIT; Rust calamine).

Each sheet becomes one :class:`RawTable` titled with the sheet's name, trimmed of fully
empty rows and columns, with merged cells repeated in every slot they cover; the text is
the sheets' rows as lines (non-empty cells joined by two spaces), sheets separated by
form feeds. Numbers print as Excel shows them when it can be told (a whole number
without ".0"); dates print in ISO form.

calamine allocates a sheet's whole used rectangle: a two-cell sheet spanning
A1:XFD1048576 would abort the process. :mod:`juesuan.readers.dispatch` therefore runs
this reader in a child process with a memory cap (see :func:`limits.run_bounded`), and
zip-based files pass :func:`limits.check_zip` first.
"""
from __future__ import annotations

import datetime as _dt
import zipfile
from pathlib import Path

from juesuan.model.document import Document, RawTable
from juesuan.readers.errors import ReadError
from juesuan.readers.limits import MAX_SHEET_CELLS, MAX_SHEET_ROWS, Deadline, check_zip

_LABEL = {"xlsx": "Excel workbook", "xls": "Excel 97-2003 workbook", "ods": "OpenDocument spreadsheet"}


def read_spreadsheet(path: str | Path, kind: str = "xlsx", deadline: Deadline | None = None) -> Document:
    """Read every sheet of a workbook; raise ReadError for anything unreadable."""
    import python_calamine as calamine

    path = Path(path)
    deadline = deadline or Deadline(path)
    label = _LABEL.get(kind, "spreadsheet")
    if kind in ("xlsx", "ods"):
        try:
            with zipfile.ZipFile(path) as archive:
                check_zip(path, archive, label, deadline)
        except zipfile.BadZipFile as exc:
            raise ReadError(f"{path}: not a readable {label}: the zip is damaged ({exc})") from None
        except (OSError, EOFError, ValueError, zipfile.LargeZipFile, NotImplementedError) as exc:
            raise ReadError(f"{path}: the {label} zip cannot be read ({exc})") from None
    try:
        workbook = calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine's errors (CalamineError, XmlError, …) and IO
        raise ReadError(f"{path}: not a readable {label} ({_reason(exc)})") from None
    tables: list[RawTable] = []
    pages: list[str] = []
    warnings: list[str] = []
    merged = _ods_merges(path, deadline) if kind == "ods" else {}
    try:
        names = list(workbook.sheet_names)
        hidden = _hidden_sheets(workbook)
        for number, name in enumerate(names):
            deadline.check()
            if name in hidden:       # (an empty page: the pages stay the sheets' places)
                warnings.append(f"sheet {name!r} is hidden in the workbook: not read")
                pages.append("")
                continue
            try:
                sheet = workbook.get_sheet_by_index(number)
            except Exception as exc:  # a damaged sheet: keep the others
                warnings.append(f"sheet {name!r} cannot be read ({_reason(exc)}); left out")
                continue
            if sheet.height > MAX_SHEET_ROWS:
                raise ReadError(f"{path}: sheet {name!r} has {sheet.height} rows, more than the "
                                f"{MAX_SHEET_ROWS} a report's sheet can have; not read")
            cells = sheet.height * sheet.width
            if cells > MAX_SHEET_CELLS:
                raise ReadError(f"{path}: sheet {name!r} spans {sheet.height} rows x {sheet.width} "
                                f"columns, more than {MAX_SHEET_CELLS} cells; not read")
            try:
                values = sheet.to_python()
            except Exception as exc:
                warnings.append(f"sheet {name!r} cannot be read ({_reason(exc)}); left out")
                continue
            start_row, start_col = sheet.start or (0, 0)
            rows = [[_cell(value) for value in row] for row in values]
            repeated = _fill_merged(rows, sheet, start_row, start_col, merged.get(name))
            rows, lines, kept = _trim(rows, repeated)
            pages.append("\n".join(line for line in lines) + ("\n" if lines else ""))
            if rows:
                tables.append(RawTable(rows=rows, page=len(pages), line=None,
                                       index=len(tables) + 1, title=name, exact=True, sheet=name,
                                       sheet_rows=[start_row + r + 1 for r in kept[0]],
                                       sheet_columns=[start_col + c + 1 for c in kept[1]]))
    finally:
        try:
            workbook.close()
        except Exception:  # noqa: BLE001 - closing is best effort
            pass
    if not names:
        raise ReadError(f"{path}: the {label} has no sheets")
    text = "\f".join(pages)
    if not text.strip():
        raise ReadError(f"{path}: the {label} has no text in any sheet (file is empty)")
    # line numbers of each sheet's first row in the joined text
    line = 1
    by_page = {table.page: table for table in tables}
    for page_number, page in enumerate(pages, start=1):
        table = by_page.get(page_number)
        if table is not None:
            table.line = line
        line += page.count("\n")
    if kind == "xlsx":
        warnings.extend(_uncached_warnings(path))
    return Document(text=text, tables=tables, kind=kind, warnings=warnings)


def _hidden_sheets(workbook) -> set[str]:
    """The names of the sheets the workbook hides: what a reader of the workbook does not
    see (last year's copy, the exporter's scratch sheet) is not the report's tables."""
    import python_calamine as calamine

    try:
        return {sheet.name for sheet in workbook.sheets_metadata
                if sheet.visible != calamine.SheetVisibleEnum.Visible}
    except Exception:  # noqa: BLE001 - a format without the visibility: all are shown
        return set()


def _uncached_warnings(path: Path) -> list[str]:
    """A formula stored without its value reads as an empty cell: the figures it stands for
    are not checked, and the reader says so rather than let them pass as blank."""
    from juesuan.readers.formulas import uncached_formulas

    warnings = []
    for name, cells in uncached_formulas(path).items():
        shown = ", ".join(cells[:5]) + (", …" if len(cells) > 5 else "")
        warnings.append(f"sheet {name!r}: {len(cells)} formula cell(s) without a saved value ({shown}) read as "
                        "empty; open the workbook in Excel or LibreOffice and save it to store the values")
    return warnings


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:150]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return str(value)
    text = str(value)
    return " ".join(text.split()) if ("\n" in text or "  " in text or "\t" in text) else text.strip()


def _ods_merges(path: Path, deadline: Deadline) -> dict:
    """The merged ranges of an .ods by sheet: calamine reports none for that format."""
    from juesuan.readers.ods_merges import ods_merges

    return ods_merges(path, deadline.check)


def _merged_ranges(sheet) -> list:
    try:
        return sheet.merged_cell_ranges or []
    except Exception:  # noqa: BLE001 - not every format has them
        return []


def _fill_merged(rows: list[list[str]], sheet, start_row: int, start_col: int, ranges=None) -> set[tuple[int, int]]:
    """Repeat a merged range's value in every cell it covers (the sheet's, or ``ranges``);
    return the cells filled."""
    filled: set[tuple[int, int]] = set()
    ranges = ranges or _merged_ranges(sheet)
    height = len(rows)
    budget = MAX_SHEET_CELLS
    for (r0, c0), (r1, c1) in ranges:
        r0, r1, c0, c1 = r0 - start_row, r1 - start_row, c0 - start_col, c1 - start_col
        if not (0 <= r0 < height and 0 <= c0 < len(rows[r0])):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, height - 1) + 1):
            for c in range(c0, min(c1, len(rows[r]) - 1) + 1):
                budget -= 1
                if budget < 0:
                    return filled
                if (r, c) != (r0, c0) and not rows[r][c]:
                    rows[r][c] = value
                    filled.add((r, c))
    return filled


def _trim(rows: list[list[str]], repeated: set[tuple[int, int]]
          ) -> tuple[list[list[str]], list[str], tuple[list[int], list[int]]]:
    """Drop fully empty rows and columns; give each kept row its text line (a merged
    value once, empty cells left out); and the indexes of the rows and columns kept."""
    keep_rows = [r for r, row in enumerate(rows) if any(row)]
    if not keep_rows:
        return [], [], ([], [])
    width = max(len(rows[r]) for r in keep_rows)
    keep_cols = [c for c in range(width) if any(c < len(rows[r]) and rows[r][c] for r in keep_rows)]
    grid: list[list[str]] = []
    lines: list[str] = []
    for r in keep_rows:
        row = rows[r]
        cells = [row[c] if c < len(row) else "" for c in keep_cols]
        grid.append(cells)
        lines.append("  ".join(row[c] for c in keep_cols
                               if c < len(row) and row[c] and (r, c) not in repeated))
    return grid, lines, (keep_rows, keep_cols)
