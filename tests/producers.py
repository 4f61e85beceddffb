"""PDFs of the project's own reports as other producers make them, with the real engines.

Many published reports are not one Word document printed to PDF: the nine tables are
exported from the 决算 software as a workbook and printed by a spreadsheet (ruled grids
on landscape pages, merged header cells, a 栏次 row under the header, figures as stored
numbers shown through a number format: thousands separators or not, a zero as "-" or
as nothing), and joined to the explanation printed from Word; or a web page is printed
by a browser. These helpers make such files from the report the tests build
(``test_reports_with_tables``): a workbook written with openpyxl and printed by
LibreOffice Calc, a page printed by Chromium, pages joined with PDFium.

Each engine is optional: :func:`soffice` and :func:`chromium` say whether it is there,
and the tests that need one skip without it.
"""
from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal, InvalidOperation
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

#: number formats of the figure cells: (zero as a dash | as nothing) x (separators or not)
FORMATS = {
    ("dash", True): '#,##0.00;-#,##0.00;"-"',
    ("blank", True): "#,##0.00;-#,##0.00;",
    ("dash", False): '0.00;-0.00;"-"',
    ("blank", False): "0.00;-0.00;",
    ("zero", True): "#,##0.00",
    ("zero", False): "0.00",
}


def soffice() -> str | None:
    return SOFFICE


def chromium() -> str | None:
    return CHROMIUM


def _amount(cell: str) -> Decimal | None:
    """The stored number of a figure cell as the report prints it ("1,234.56")."""
    plain = cell.replace(",", "")
    if not plain or "." not in plain:
        return None  # codes ("2050101") and words stay text
    try:
        return Decimal(plain)
    except InvalidOperation:
        return None


def write_workbook(tables, path: Path, *, department: str, zero: str = "dash",
                   separators: bool = True, repeat_header: bool = True) -> Path:
    """The tables (``test_reports_with_tables.Table``) as the 决算 software exports them:
    one landscape sheet per table, its title, number and unit above the header, the header
    with its merged cells, a 栏次 row, the rows with figures as numbers, all cells ruled;
    ``repeat_header``: the header printed again on each page the table runs on to."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    ruled = Border(left=thin, right=thin, top=thin, bottom=thin)
    number_format = FORMATS[(zero, separators)]
    book = Workbook()
    book.remove(book.active)
    for number, table in enumerate(tables, start=1):
        sheet = book.create_sheet(f"公开{number:02d}表")
        width = sum(colspan for _, _, colspan in table.header_html[0])
        sheet.cell(1, 1, table.title).font = Font(size=16, bold=True)
        sheet.cell(1, 1).alignment = Alignment(horizontal="center")
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        sheet.cell(2, width, f"公开{number:02d}表").alignment = Alignment(horizontal="right")
        sheet.cell(3, 1, f"编制单位：{department}")
        sheet.cell(3, width, "单位：万元").alignment = Alignment(horizontal="right")
        top = 4
        taken: set[tuple[int, int]] = set()
        for r, header_row in enumerate(table.header_html):
            column = 1
            for text, rowspan, colspan in header_row:
                while (top + r, column) in taken:
                    column += 1
                cell = sheet.cell(top + r, column, text)
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                for dr in range(rowspan):
                    for dc in range(colspan):
                        taken.add((top + r + dr, column + dc))
                if rowspan > 1 or colspan > 1:
                    sheet.merge_cells(start_row=top + r, start_column=column,
                                      end_row=top + r + rowspan - 1, end_column=column + colspan - 1)
                column += colspan
        index_row = top + len(table.header_html)
        for r in range(top, index_row):  # a spreadsheet does not grow a row for wrapped text
            sheet.row_dimensions[r].height = 30
        figure_columns = {j for row in table.rows for j, cell in enumerate(row) if _amount(cell) is not None}
        count = 0
        for j in range(width):
            if j in figure_columns:
                count += 1
                sheet.cell(index_row, j + 1, str(count))
            elif j == 0 or j - 1 in figure_columns:
                sheet.cell(index_row, j + 1, "栏次")
            sheet.cell(index_row, j + 1).alignment = Alignment(horizontal="center")
        for i, row in enumerate(table.rows):
            for j, text in enumerate(row):
                amount = _amount(text)
                cell = sheet.cell(index_row + 1 + i, j + 1, amount if amount is not None else text)
                if amount is not None:
                    cell.number_format = number_format
                    cell.alignment = Alignment(horizontal="right", vertical="center")
                else:
                    cell.alignment = Alignment(vertical="center", wrap_text=True)
        last = index_row + len(table.rows)
        for row in sheet.iter_rows(min_row=top, max_row=last, max_col=width):
            for cell in row:
                cell.border = ruled
        for k, note in enumerate(table.notes, start=1):
            sheet.cell(last + k, 1, note)
        label_width = 40  # characters of the width unit; a CJK character takes two
        for j in range(width):
            label = j not in figure_columns and any(len(row[j]) > 7 for row in table.rows if j < len(row))
            sheet.column_dimensions[chr(ord("A") + j)].width = label_width if label else 16
        for i, row in enumerate(table.rows):  # a wrapped name's row made as high as its lines
            lines = max((-(-2 * len(text) // (label_width - 2)) for j, text in enumerate(row)
                         if j not in figure_columns), default=1)
            if lines > 1:
                sheet.row_dimensions[index_row + 1 + i].height = 15 * lines
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        if repeat_header:
            sheet.print_title_rows = f"{top}:{index_row}"
    book.save(path)
    return path


def to_pdf(source: Path, folder: Path, target: str = "pdf") -> Path:
    """``source`` (.xlsx, .docx) printed to PDF by LibreOffice headless, with the fonts the
    project's own PDFs are set in (``target``: the export filter, "pdf:calc_pdf_Export")."""
    from juesuan.readers.libreoffice import convert
    from juesuan.render.pdf import fontconfig

    folder = folder.resolve()
    fonts = folder / "fonts.conf"
    fonts.write_text(fontconfig(), encoding="utf-8")
    made = convert(SOFFICE, source.resolve(), target, folder, 240, "print " + source.name,
                   env={"FONTCONFIG_FILE": str(fonts)})
    return made.replace(folder / (source.stem + ".pdf"))


def print_page(page: Path, out: Path) -> Path:
    """A web page printed to PDF by Chromium headless (no header or footer lines)."""
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={out.resolve()}", page.resolve().as_uri()], check=True, capture_output=True, timeout=240)
    return out


def join_pdfs(parts: list[Path], out: Path) -> Path:
    """The pages of ``parts`` one after the other in one PDF, as a report is put together."""
    import pypdfium2 as pdfium

    joined = pdfium.PdfDocument.new()
    try:
        for part in parts:
            source = pdfium.PdfDocument(str(part))
            try:
                joined.import_pages(source)
            finally:
                source.close()
        joined.save(str(out))
    finally:
        joined.close()
    return out


class SheetTable:
    """A table of the project's workbook (``juesuan template``) in the form
    :func:`write_workbook` writes: title, header rows of (text, rowspan, colspan), rows
    of printed cells."""

    def __init__(self, title: str, header_html: list, rows: list[list[str]], notes: list[str] | None = None):
        self.title, self.header_html, self.rows, self.notes = title, header_html, rows, notes or []


def template_tables(path: Path) -> list[SheetTable]:
    """The nine tables of a workbook written by ``juesuan template`` (a sheet "表N …"
    each: title in row 1, unit in row 2, the header from row 3 to the first row with a
    number)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    tables = []
    for sheet in book.worksheets:
        if not sheet.title.startswith("表"):
            continue
        values = [list(row) for row in sheet.iter_rows(min_row=1, values_only=True)]
        first = next(r for r in range(2, len(values))
                     if any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values[r]))
        width = sheet.max_column
        merged = {(m.min_row, m.min_col): (m.max_row - m.min_row + 1, m.max_col - m.min_col + 1)
                  for m in sheet.merged_cells.ranges}
        covered = {(r, c) for m in sheet.merged_cells.ranges for r in range(m.min_row, m.max_row + 1)
                   for c in range(m.min_col, m.max_col + 1)} - set(merged)
        header = []
        for r in range(3, first + 1):
            header.append([(str(values[r - 1][c - 1] or ""), *merged.get((r, c), (1, 1)))
                           for c in range(1, width + 1) if (r, c) not in covered])
        rows = [[_printed(v) for v in row[:width]] for row in values[first:] if any(v is not None for v in row)]
        tables.append(SheetTable(str(values[0][0]), header, rows))
    return tables


def _printed(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{Decimal(str(value)):,.2f}"
    return str(value)


# --- the export's other layouts: 行次 columns, codes in 类 / 款 / 项 columns --------------------

def _expand(header: list) -> list[list[tuple[int, str]]]:
    """Header rows of (text, rowspan, colspan) as a matrix of (cell number, text)."""
    matrix: dict[tuple[int, int], tuple[int, str]] = {}
    number = 0
    for r, row in enumerate(header):
        column = 0
        for text, rowspan, colspan in row:
            while (r, column) in matrix:
                column += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    matrix[(r + dr, column + dc)] = (number, text)
            number += 1
            column += colspan
    width = 1 + max(c for _, c in matrix)
    return [[matrix.get((r, c), (-1 - c, "")) for c in range(width)] for r in range(len(header))]


def _spans(matrix: list[list[tuple[int, str]]]) -> list:
    """The matrix back as header rows of (text, rowspan, colspan)."""
    seen: set[int] = set()
    header = []
    for r, row in enumerate(matrix):
        cells = []
        for c, (number, text) in enumerate(row):
            if number in seen:
                continue
            seen.add(number)
            colspan = sum(1 for other, _ in row[c:] if other == number)
            rowspan = sum(1 for below in matrix[r:] if below[c][0] == number)
            cells.append((text, rowspan, colspan))
        header.append(cells)
    return header


def with_row_numbers(table):
    """A two-sided table as the software prints it: a 行次 column after each 项目 column,
    numbering the rows of that side (1, 2, …, the right side going on from the left's)."""
    matrix = _expand(table.header_html)
    labels = [c for c, (_, text) in enumerate(matrix[-1]) if text == "项目"]
    fresh = -1000
    rows = [list(row) for row in table.rows]
    number = 0
    for c in reversed(labels):
        fresh -= 1
        for row in matrix:  # under a cell spanning the side ("收入") it spans the new column too
            spanning = c + 1 < len(row) and row[c][0] == row[c + 1][0]
            row.insert(c + 1, row[c] if spanning else (fresh, "行次"))
    numbered = {c: [] for c in labels}
    for c in labels:
        for row in rows:
            number += 1 if row[c] else 0
            numbered[c].append(str(number) if row[c] else "")
    for c in reversed(labels):
        for row, value in zip(rows, numbered[c]):
            row.insert(c + 1, value)
    return SheetTable(table.title, _spans(matrix), rows, list(table.notes))


def with_code_levels(table):
    """A table of function codes with its code column parted into 类, 款 and 项 under the
    code's header, each row printing its code's parts ("205" | "02" | "01")."""
    matrix = _expand(table.header_html)
    code = next((c for c, (_, text) in enumerate(matrix[-1]) if "编码" in text), None)
    if code is None:
        return table
    for row in matrix:
        row[code + 1:code + 1] = [row[code], row[code]]
    matrix.append([(-2000 - c, "类款项"[c - code]) if code <= c < code + 3 else cell
                   for c, cell in enumerate(matrix[-1])])
    rows = []
    for row in table.rows:
        value = row[code]
        if value.isdigit() and len(value) in (3, 5, 7):
            printed = [value[:3], value[3:5], value[5:7]]
        else:
            printed = [value, "", ""]
        rows.append([*row[:code], *printed, *row[code + 1:]])
    return SheetTable(table.title, _spans(matrix), rows, list(table.notes))


def without_borders(source: Path, target: Path, keep: tuple[str, ...] = ()) -> Path:
    """A Word document with its tables' borders taken away (none drawn, no table style
    that draws them): the columns stand only by position. ``keep``: the table borders
    still drawn ("top", "bottom": a three-line table's rules above and below it)."""
    import re
    import zipfile

    nil = "".join(f'<w:{side} w:val="single" w:sz="8" w:space="0" w:color="000000"/>' if side in keep
                  else f'<w:{side} w:val="nil"/>'
                  for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                xml = re.sub(r"<w:tblBorders>.*?</w:tblBorders>", f"<w:tblBorders>{nil}</w:tblBorders>", xml)
                xml = re.sub(r"<w:tcBorders>.*?</w:tcBorders>", "", xml)
                data = re.sub(r'<w:tblStyle w:val="[^"]*"/>', "", xml).encode("utf-8")
            copy.writestr(item, data)
    return target
