"""PDF with a text layer, through pypdfium2 (PDFium; Apache-2.0/BSD-3).

Per page the text comes in PDFium's reading order (``get_text_range``), one layout line
per line, pages joined by form feeds. Every line gets its box from the boxes of its
first and last characters, which is enough to

* drop running headers and footers: a short line at the top or bottom of a page that
  repeats (digits aside) at the same height on most pages, and page numbers there
  ("3", "- 3 -", "第3页", "第 3 页 共 40 页", "3/40") whose value runs with the page;
* find ruled tables: the page's drawn lines (stroked paths and thin filled rectangles,
  through form XObjects) are clustered into grids, a missing border between two slots
  merges them, and each cell's text is the text PDFium finds inside the cell. A table's
  layout lines in the text are replaced by one line per row, cells joined by two
  spaces, as the Word reader writes them;
* read tables drawn without vertical rules (no rules at all, or a three-line table) by
  where their words stand (:mod:`juesuan.readers.pdf_unruled`), on a page without ruled
  tables;
* join a table row cut by a page break (no rule under the page's last row) to its rest
  on the next page.
"""
from __future__ import annotations

import codecs
import ctypes
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import compress, repeat
from pathlib import Path

from juesuan.model.document import Document, RawTable
from juesuan.readers.errors import ReadError
from juesuan.readers.limits import MAX_PDF_PAGES, MAX_TEXT_CHARS, Deadline
from juesuan.readers.table_titles import MAX_PRE_HEADER, title_above

_STRIP = " \t\r\n\u3000\xa0\x00"
#: what is stripped, with PDFium's mark of a hyphen at a line's end
_STRIP_MARKS = _STRIP + "\x02"
_PAGE_NUMBER = re.compile(
    r"(?:第\s*)?[-—–－·•]?\s*(\d{1,4})\s*[-—–－·•]?(?:\s*页)?"
    r"(?:\s*(?:[,，/／]|共)\s*(?:共\s*)?\d{1,4}\s*页?)?")
_DIGITS = re.compile(r"\d+")
#: a running line's words with digits made "#": a page number and its marks, nothing else
_NUMBER_ALONE = re.compile(r"[#\W_第页共]*")
_JOIN_ALNUM = re.compile(r"[0-9A-Za-z%.,)）]$")
_START_ALNUM = re.compile(r"^[0-9A-Za-z(（]")
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
_BAD_CHARS = re.compile("[\ufffd\ue000-\uf8ff\x01-\x08\x0b\x0e-\x1f]")

#: a page needs this many characters for its text layer to count
_MIN_CHARS = 1
#: path segments above which a page is taken for a drawing, not a table (no grid search)
_MAX_SEGMENTS = 20_000


@dataclass(slots=True)
class _Line:
    text: str
    #: box in PDF points, y upwards (None when PDFium gave no geometry)
    top: float | None = None
    bottom: float | None = None
    left: float | None = None
    #: index of the page table this line is a row of
    table: int | None = None


@dataclass(slots=True)
class _Grid:
    top: float
    bottom: float
    left: float
    right: float
    rows: list[list[str]]
    #: per row, the row's text line (merged cells once, empty cells left out)
    lines: list[str]
    uncertain: set[int] = field(default_factory=set)
    #: no rule closes the last row: the page's foot cut it, its rest opens the next page
    open_bottom: bool = False


@dataclass(slots=True)
class _Page:
    number: int
    #: bottom and top of the page box (PDF points)
    floor: float
    ceiling: float
    lines: list[_Line]
    grids: list[_Grid]
    chars: int


def read_pdf(path: str | Path, deadline: Deadline | None = None) -> Document:
    """Read a PDF's text layer and ruled tables; raise ReadError for anything unreadable."""
    import pypdfium2 as pdfium

    path = Path(path)
    deadline = deadline or Deadline(path)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise ReadError(f"{path}: {_load_error(exc)}") from None
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file") from None
    warnings: list[str] = []
    try:
        count = len(pdf)
        if count == 0:
            raise ReadError(f"{path}: PDF has no pages (corrupt or truncated?)")
        if count > MAX_PDF_PAGES:
            raise ReadError(f"{path}: PDF has {count} pages, more than the {MAX_PDF_PAGES} "
                            "a report can have; not read")
        pages: list[_Page] = []
        columns: list = []  # the columns of a page's last unruled table, for the next page
        total = 0
        bad = 0
        size = 0
        for index in range(count):
            deadline.check()
            try:
                page = _read_page(pdf, index, columns)
            except pdfium.PdfiumError as exc:
                warnings.append(f"page {index + 1} cannot be read ({exc}); left out")
                page = _Page(index + 1, 0.0, 0.0, [], [], 0)
            pages.append(page)
            total += page.chars
            page_text = "".join(line.text for line in page.lines)
            bad += len(_BAD_CHARS.findall(page_text))
            size += len(page_text)
            if size > MAX_TEXT_CHARS:
                raise ReadError(f"{path}: PDF text is larger than {MAX_TEXT_CHARS} characters; not read")
    finally:
        pdf.close()
    if total < _MIN_CHARS:
        raise ReadError(f"{path}: PDF has no text layer (scanned?): OCR it first")
    if bad > 0.3 * total:
        raise ReadError(f"{path}: PDF text layer cannot be decoded ({bad} of {total} characters "
                        "have no Unicode meaning; fonts without a ToUnicode map?): OCR it first")
    if bad > 0.02 * total:
        warnings.append(f"{bad} of {total} characters in the PDF text have no Unicode meaning")
    empty = [page.number for page in pages if page.chars == 0]
    if empty:
        warnings.append(f"{len(empty)} page(s) have no text (scanned images?): "
                        + _ranges(empty))
    if not _has_eof(path):
        warnings.append("PDF has no %%EOF at its end (truncated?); text may be incomplete")
    _join_cut_rows(pages)
    _drop_running_lines(pages)
    return _assemble(pages, warnings)


def _load_error(exc) -> str:
    import pypdfium2.raw as raw

    code = getattr(exc, "err_code", None)
    if code == raw.FPDF_ERR_PASSWORD:
        return "PDF is encrypted with a password: give the unprotected PDF"
    if code == raw.FPDF_ERR_SECURITY:
        return "PDF uses an unsupported security handler (encrypted): give the unprotected PDF"
    if code == raw.FPDF_ERR_FORMAT:
        return "PDF is corrupt or truncated (PDFium: format error)"
    if code == raw.FPDF_ERR_FILE:
        return "PDF cannot be opened (file error)"
    return f"PDF cannot be read ({str(exc).strip() or 'unknown PDFium error'})"


def _has_eof(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            stream.seek(0, 2)
            size = stream.tell()
            stream.seek(max(size - 2048, 0))
            return b"%%EOF" in stream.read()
    except OSError:
        return True


def _ranges(numbers: list[int]) -> str:
    spans: list[str] = []
    start = previous = numbers[0]
    for number in numbers[1:] + [None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        spans.append(f"{start}" if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    shown = ", ".join(spans[:10])
    return f"pages {shown}" + (" …" if len(spans) > 10 else "")


# --- one page -----------------------------------------------------------------------


def _read_page(pdf, index: int, columns: list) -> _Page:
    from pypdfium2 import PdfiumError

    from juesuan.readers import pdfium_calls as calls

    page = calls.load_page(calls.handle(pdf.raw), index)
    if not page:
        raise PdfiumError("Failed to load page.")
    try:
        floor, ceiling = _floor_and_ceiling(page)
        rotated = _rotation(page) % 2 != 0  # a quarter turn or three
        textpage = calls.load_text_page(page)
        if not textpage:
            raise PdfiumError("Failed to load text page.")
        try:
            count = calls.count_chars(textpage)
            if count == -1:
                raise PdfiumError("Failed to get character count.")
            text = _page_text(textpage, count) if count else ""
            lines = _layout_lines(textpage, count, text)
            chars = sum(len(line.text) - line.text.count(" ") for line in lines)
            grids = _ruled_tables(page, textpage, count) if lines else []
            if not grids and lines and not rotated:  # (a turned page's words run down it)
                grids = _unruled_tables(textpage, count, lines, columns)
            else:
                columns[:] = []
        finally:
            calls.close_text_page(textpage)
    finally:
        calls.close_page(page)
    if not rotated:
        lines = _reading_order(lines)
    lines = _place_grids(lines, grids)
    return _Page(index + 1, floor, ceiling, lines, grids, chars)


def _floor_and_ceiling(page) -> tuple[float, float]:
    """The bottom and top of the page's media box; those of a US letter page when it has
    none (as pypdfium2 answers)."""
    from juesuan.readers import pdfium_calls as calls

    box = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    if not calls.media_box(page, *box):
        return 0.0, 792.0
    return box[1].value, box[3].value


def _rotation(page) -> int:
    """The page's rotation in quarter turns clockwise."""
    from pypdfium2 import PdfiumError

    from juesuan.readers import pdfium_calls as calls

    rotation = calls.page_rotation(page)
    if rotation == -1:
        raise PdfiumError("Failed to get page rotation.")
    return rotation


def _page_text(textpage, count: int) -> str:
    """The text of a text page of ``count`` characters, as pypdfium2's
    ``get_text_range(errors="replace")`` gives it: the characters PDFium leaves out of
    the text at either end (a control character) are not asked for."""
    from juesuan.readers import pdfium_calls as calls

    first, last = 0, count - 1
    while first <= last and calls.text_index(textpage, first) == -1:
        first += 1
    while first <= last and calls.text_index(textpage, last) == -1:
        last -= 1
    if first > last:
        return ""
    size = calls.text_index(textpage, last) + 2 - calls.text_index(textpage, first)  # with the NUL
    buffer = (ctypes.c_ushort * size)()
    written = calls.page_text(textpage, first, last - first + 1, buffer)
    return _utf16_decode(memoryview(buffer).cast("B")[:2 * (written - 1)], "replace", True)[0]


def _reading_order(lines: list[_Line]) -> list[_Line]:
    """Lines top to bottom (left to right within a line's height), for the template's one
    column; PDFium keeps the content stream's order, where running heads, text boxes and
    table cells may come anywhere."""
    previous = None
    for line in lines:  # a line without geometry stays after the one before it
        if line.top is None and previous is not None:
            line.top, line.bottom, line.left = previous.top, previous.bottom, previous.left
        previous = line if line.top is not None else previous
    if any(line.top is None for line in lines):
        return lines
    ordered = sorted(lines, key=lambda line: -line.top)
    result: list[_Line] = []
    band: list[_Line] = []
    for line in ordered:
        if band and band[0].top - line.top > 2.0:
            result.extend(sorted(band, key=lambda item: item.left))
            band = []
        band.append(line)
    result.extend(sorted(band, key=lambda item: item.left))
    return result


# A justified line of Chinese is spread by widening the gaps between characters, and
# PDFium gives each gap back as a space ("年 支 出 合 计"); between two CJK characters or
# marks a space never means anything.
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff01-\uff0f\uff1a-\uff20"
_LINE = re.compile(r"[^\r\n]+")
# (A run of spaces with a CJK character or mark on each side, or a figure before and a
# closing mark after. The pattern begins with the space and looks back from the first
# space of the run, so that the search skips to the spaces instead of trying every
# character of the line.)
_SPREAD = re.compile(rf" (?:(?<=[{_CJK}] ) *(?=[{_CJK}])|(?<=[0-9%] ) *(?=[。，；、）]))")


def _layout_lines(textpage, count: int, text: str) -> list[_Line]:
    """Split PDFium's text into lines and give each the box of its first and last chars."""
    from juesuan.readers import pdfium_calls as calls

    wide = _ASTRAL.search(text) is not None
    if wide:  # PDFium counts UTF-16 units; map string positions to them
        units = [0]
        for char in text:
            units.append(units[-1] + (2 if ord(char) > 0xFFFF else 1))
    handle, char_index, char_box = textpage, calls.char_index, calls.char_box
    own_index = _text_index_is_char_index(handle, count, char_index)
    lines: list[_Line] = []
    box = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    char_left, char_right, char_bottom, char_top = box
    for match in _LINE.finditer(text):
        piece = match.group()
        stripped = piece.replace("\x02", "").replace("\x00", "").strip(_STRIP)
        if not stripped:
            continue
        at = match.start()
        first = at + len(piece) - len(piece.lstrip(_STRIP_MARKS))
        last = max(at + len(piece.rstrip(_STRIP_MARKS)) - 1, first)
        if wide:
            first, last = units[first], units[last]
        if " " in stripped:
            stripped = _SPREAD.sub("", stripped)
            if "  " in stripped:
                stripped = " ".join(stripped.split())
        # the line's box from its first and last characters' boxes (one when they are one)
        left = bottom = top = None
        for text_index in (first, last) if last != first else (first,):
            char = text_index if own_index else char_index(handle, text_index)
            if char >= 0 and char_box(handle, char, *box):
                if left is None:
                    left, bottom, top = char_left.value, char_bottom.value, char_top.value
                else:
                    left, bottom = min(left, char_left.value), min(bottom, char_bottom.value)
                    top = max(top, char_top.value)
        lines.append(_Line(stripped, top, bottom, left))
    return lines


def _text_index_is_char_index(handle, count: int, char_index) -> bool:
    """Whether every character of the page has the text index of its own index, so that a
    line's first and last characters need no call to find them. PDFium leaves a control
    character (and a character of neither code nor Unicode) out of the text, and the text
    indices after it shift by one; the text then has fewer indices than the page has
    characters, and the last character's index has no text index: asking for it tells
    the two apart in one call."""
    return count > 0 and char_index(handle, count - 1) == count - 1


# --- a table row cut by a page break ------------------------------------------------------


def _join_cut_rows(pages: list[_Page]) -> None:
    """A row the page's foot cuts (a browser, or Word, lets a row break across pages) ends
    the page's last grid without a rule under it, and its rest opens the table on the
    next page, below the header if the header is repeated: the rest of a wrapped name
    ("十五、国有资本经营预算支" / "出"), its figures printed above. The rest is joined to
    the row it finishes, so that the row has its whole name and the rest is no row of
    its own."""
    for page, following in zip(pages, pages[1:]):
        if not page.grids or not following.grids or not page.grids[-1].open_bottom:
            continue
        cut, rest = page.grids[-1], following.grids[0]
        repeated = _repeated_rows(cut, rest)
        if repeated >= len(rest.rows) or len(rest.rows[repeated]) != len(cut.rows[-1]):
            continue
        joined = _rest_joined(cut.rows[-1], rest.rows[repeated])
        if joined is None:
            continue
        cut.lines[-1] = _line_with(cut.lines[-1], cut.rows[-1], joined)
        cut.rows[-1] = joined
        _drop_grid_row(following, 0, repeated)
        placed = [line for line in page.lines if line.table == len(page.grids) - 1]
        if placed:
            placed[-1].text = cut.lines[-1]


def _repeated_rows(cut: _Grid, rest: _Grid) -> int:
    """How many leading rows of ``rest`` repeat the rows that open ``cut`` (a header)."""
    count = 0
    for mine, theirs in zip(rest.rows, cut.rows):
        if mine != theirs:
            break
        count += 1
    return count


def _rest_joined(row: list[str], rest: list[str]) -> list[str] | None:
    """``row`` with the ``rest`` of its cells added, or None when ``rest`` is no such rest:
    a rest has words only, each under words of the row (a figure is never cut), and
    takes no cell of its own."""
    from juesuan.tables.cells import figure

    if not any(rest):
        return None
    joined = []
    for cell, more in zip(row, rest):
        if more and (not cell or figure(cell) is not None or figure(more) is not None):
            return None
        joined.append(_cell_text(f"{cell}\n{more}") if more else cell)
    return joined


def _line_with(line: str, row: list[str], joined: list[str]) -> str:
    """A grid row's text line with each cell's text replaced by its joined text."""
    cells = line.split("  ")
    at = 0
    for old, new in dict.fromkeys((old, new) for old, new in zip(row, joined) if old != new):
        while at < len(cells) and cells[at] != old:
            at += 1
        if at < len(cells):
            cells[at] = new
    return "  ".join(cells)


def _drop_grid_row(page: _Page, number: int, row: int) -> None:
    """Take row ``row`` out of the page's grid ``number`` and its line out of the page."""
    grid = page.grids[number]
    del grid.rows[row]
    del grid.lines[row]
    seen = -1
    for index, line in enumerate(page.lines):
        if line.table == number:
            seen += 1
            if seen == row:
                del page.lines[index]
                return


# --- running headers, footers and page numbers --------------------------------------------


def _drop_running_lines(pages: list[_Page]) -> None:
    """Remove page numbers and repeated running heads from the top and bottom of pages."""
    candidates: list[tuple[_Page, int, str]] = []  # (page, line index, edge)
    for page in pages:
        margin = 0.15 * (page.ceiling - page.floor)
        placed = [(i, line) for i, line in enumerate(page.lines)
                  if line.top is not None and line.table is None and len(line.text) <= 60]
        high = sorted(((i, line) for i, line in placed if line.top >= page.ceiling - margin),
                      key=lambda item: -item[1].top)[:2]
        low = sorted(((i, line) for i, line in placed if line.bottom <= page.floor + margin
                      and line.top < page.ceiling - margin), key=lambda item: item[1].bottom)[:2]
        candidates.extend((page, i, "top") for i, _ in high)
        candidates.extend((page, i, "bottom") for i, _ in low)
    if not candidates:
        return
    drop: set[tuple[int, int]] = set()
    # page numbers: a number whose difference from the page index is the same on many pages
    offsets: Counter[int] = Counter()
    numbered: list[tuple[_Page, int, int]] = []
    for page, i, _ in candidates:
        match = _PAGE_NUMBER.fullmatch(page.lines[i].text)
        if match:
            offset = int(match.group(1)) - page.number
            offsets[offset] += 1
            numbered.append((page, i, offset))
    usual = {offset for offset, n in offsets.items()
             if n >= max(2, 0.25 * len(pages)) or (len(pages) == 1 and offset == 0)}
    for page, i, offset in numbered:
        if offset in usual:
            drop.add((page.number, i))
    # running heads: the same words (digits aside) at the same height on most pages
    with_text = sum(1 for page in pages if page.lines)
    places: defaultdict[tuple[str, str], list[tuple[_Page, int]]] = defaultdict(list)
    for page, i, edge in candidates:
        key = _DIGITS.sub("#", "".join(page.lines[i].text.split()))
        if _NUMBER_ALONE.fullmatch(key):
            continue  # a number alone is a page number or nothing
        places[(key, edge)].append((page, i))
    for members in places.values():
        if len({page.number for page, _ in members}) < max(2, 0.5 * with_text):
            continue
        heights = Counter(round(page.lines[i].top / 3) for page, i in members)
        common = heights.most_common(1)[0][0]
        at_place = [(page, i) for page, i in members if abs(round(page.lines[i].top / 3) - common) <= 1]
        if len({page.number for page, _ in at_place}) >= max(2, 0.5 * with_text):
            drop.update((page.number, i) for page, i in at_place)
    touched = {number for number, _ in drop}  # (not a scan of all the drops per page)
    for page in pages:
        if page.number in touched:
            page.lines = [line for i, line in enumerate(page.lines) if (page.number, i) not in drop]


# --- assembling the document -----------------------------------------------------------


def _assemble(pages: list[_Page], warnings: list[str]) -> Document:
    out: list[str] = []
    tables: list[RawTable] = []
    for page in pages:
        first_of_page = True
        placed_tables: set[int] = set()
        above: list[str] = []  # the lines of text before the next grid, the nearest last
        for line in page.lines:
            text = line.text
            if first_of_page and page.number > 1:
                text = "\f" + text
            first_of_page = False
            if line.table is not None and line.table not in placed_tables:
                placed_tables.add(line.table)
                grid = page.grids[line.table]
                # the title with the unit lines under it, as printed
                title, between = title_above(above)
                title = " ".join(filter(None, (title, *between)))
                tables.append(RawTable(rows=grid.rows, page=page.number, line=len(out) + 1,
                                       index=len(tables) + 1,
                                       title=title if len(title) <= 80 else "",
                                       uncertain_rows=set(grid.uncertain)))
            if line.table is None:
                above = [*above[-MAX_PRE_HEADER:], line.text]
            out.append(text)
        if first_of_page and page.number > 1:
            out.append("\f")  # a page without text still counts as a page
    return Document(text="\n".join(out) + ("\n" if out else ""), tables=tables, kind="pdf",
                    warnings=warnings)


# --- ruled tables ---------------------------------------------------------------------------


def _place_grids(lines: list[_Line], grids: list[_Grid]) -> list[_Line]:
    """Replace the layout lines inside each grid by the grid's row lines."""
    if not grids:
        return lines
    result: list[_Line] = []
    placed: set[int] = set()
    for line in lines:
        inside = None
        if line.top is not None:
            middle = (line.top + line.bottom) / 2
            for number, grid in enumerate(grids):
                if grid.bottom - 1 <= middle <= grid.top + 1 and grid.left - 2 <= line.left <= grid.right:
                    inside = number
                    break
        if inside is None:
            result.append(line)
            continue
        if inside not in placed:
            placed.add(inside)
            grid = grids[inside]
            height = (grid.top - grid.bottom) / max(len(grid.lines), 1)
            for row, text in enumerate(grid.lines):
                if text:
                    top = grid.top - row * height
                    result.append(_Line(text, top, top - height, grid.left, table=inside))
    return result


@dataclass(slots=True)
class _Segment:
    at: float        # y of a horizontal rule, x of a vertical one
    start: float     # from (x0 or y0)
    end: float       # to (x1 or y1)


def _ruled_tables(page, textpage, count: int) -> list[_Grid]:
    horizontal, vertical = _rules(page)
    if len(horizontal) < 2 or len(vertical) < 2:
        return []
    horizontal = _merge(horizontal)
    vertical = _merge(vertical)
    grids: list[_Grid] = []
    bounded = _BoundedText(textpage, count)
    for hs, vs in _components(horizontal, vertical):
        grid = _grid(hs, vs, bounded)
        if grid is not None:
            grids.append(grid)
    grids.sort(key=lambda grid: -grid.top)
    return grids


def _unruled_tables(textpage, count: int, lines: list[_Line], columns: list) -> list[_Grid]:
    """The page's tables printed without rules (see :mod:`juesuan.readers.pdf_unruled`);
    ``columns``: the columns of the last such table of the page before, if any (a
    one-item list), replaced by this page's."""
    from juesuan.readers import pdf_unruled

    if not columns and not pdf_unruled.worth_reading([line.text for line in lines]):
        return []
    bounded = _BoundedText(textpage, count)
    grids, last = pdf_unruled.unruled_grids(textpage, count, lambda hs, vs: _grid(hs, vs, bounded),
                                            columns[0] if columns else None)
    columns[:] = [last] if last is not None else []
    grids.sort(key=lambda grid: -grid.top)
    return grids


#: a rule as drawn, before joining: (at, start, end) as in a :class:`_Segment`; a plain
#: tuple, as a table drawn cell by cell draws thousands of pieces
_Drawn = tuple[float, float, float]


def _rules(page) -> tuple[list[_Drawn], list[_Drawn]]:
    """Horizontal and vertical rules drawn on the page, in page coordinates."""
    import pypdfium2.raw as raw

    from juesuan.readers import pdfium_calls as calls

    horizontal: list[_Drawn] = []
    vertical: list[_Drawn] = []
    budget = _MAX_SEGMENTS
    matrix = raw.FS_MATRIX()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    x, y = ctypes.c_float(), ctypes.c_float()
    box_left, box_bottom, box_right, box_top = (ctypes.c_float() for _ in range(4))
    path_kind, form_kind = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
    object_type, draw_mode = calls.object_type, calls.path_draw_mode
    count_segments, object_bounds = calls.path_count_segments, calls.object_bounds

    def add(x0, y0, x1, y1):
        if abs(y1 - y0) <= 1.0 and abs(x1 - x0) >= 3:
            horizontal.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= 1.0 and abs(y1 - y0) >= 3:
            vertical.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))

    def own_matrix(obj, transform):
        if calls.object_matrix(obj, matrix):
            return _compose(transform, (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f))
        return transform

    def draw(paths, transform):
        # A page drawn by Word or WPS has thousands of paths, nearly all filled rules: the
        # loop keeps to what each needs, a path's segment count asked by the map as the
        # loop takes the path (lazily, so that a drawing still stops at the budget).
        nonlocal budget
        placed = transform != _IDENTITY
        for obj, count in zip(paths, map(count_segments, paths)):
            if count <= 0 or not draw_mode(obj, fill, stroke):
                continue
            budget -= count
            if budget <= 0:
                raise _Drawing
            if stroke.value:
                for edge in _edges(obj, count, own_matrix(obj, transform), raw, calls, x, y):
                    add(*edge)
            elif fill.value and object_bounds(obj, box_left, box_bottom, box_right, box_top):
                left, bottom, right, top = box_left.value, box_bottom.value, box_right.value, box_top.value
                if placed:
                    left, bottom, right, top = _placed_box(transform, left, bottom, right, top)
                # a filled thin rectangle is a rule; a filled area (shading) is not
                if top - bottom <= 2.5 and right - left >= 3:
                    horizontal.append(((top + bottom) / 2, left, right))
                elif right - left <= 2.5 and top - bottom >= 3:
                    vertical.append(((left + right) / 2, bottom, top))

    def walk(handle_count, handle_get, owner, transform, depth):
        # Most objects are text: their handles and kinds are taken, and the paths picked
        # out, without a Python loop.
        count = max(handle_count(owner), 0)
        objects = list(map(handle_get, repeat(owner, count), range(count)))
        kinds = list(map(object_type, objects))  # a NULL handle is of no kind
        if form_kind not in kinds:
            draw(list(compress(objects, map(path_kind.__eq__, kinds))), transform)
            return
        for obj, kind in zip(objects, kinds):  # the forms' rules in drawing order
            if kind == form_kind:
                if depth < 8:
                    walk(calls.form_count_objects, calls.form_get_object, obj,
                         own_matrix(obj, transform), depth + 1)
            elif kind == path_kind:
                draw((obj,), transform)

    try:
        walk(calls.page_count_objects, calls.page_get_object, page, _IDENTITY, 0)
    except _Drawing:
        return [], []
    return horizontal, vertical


class _Drawing(Exception):
    """The page draws more path segments than pages of tables do: a drawing, not tables."""


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _edges(obj, count: int, transform, raw, calls, x, y) -> list[tuple[float, float, float, float]]:
    """The straight edges of a stroked path, in page coordinates. A segment's close mark
    is asked only where it can close something: after the path's first point."""
    edges: list[tuple[float, float, float, float]] = []
    moveto, lineto = raw.FPDF_SEGMENT_MOVETO, raw.FPDF_SEGMENT_LINETO
    start = previous = None
    for i in range(count):
        segment = calls.path_segment(obj, i)
        if not segment or not calls.segment_point(segment, x, y):
            continue
        point = _apply(transform, x.value, y.value)
        kind = calls.segment_type(segment)
        if kind == moveto or previous is None:
            start = previous = point
            continue
        if kind == lineto:
            edges.append((*previous, *point))
        previous = point
        if calls.segment_close(segment):
            edges.append((*point, *start))
    return edges


def _placed_box(transform, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
    """The extent of a box inside a form on the page, the form's matrix applied. Only a
    filled shape's extent matters (all its points, curves' too), which PDFium gives in one
    call, its own matrix applied, instead of a call or four per point: a table drawn in
    filled rectangles, as Word and WPS draw borders, has thousands of them."""
    corners = [_apply(transform, cx, cy) for cx in (left, right) for cy in (bottom, top)]
    return (min(c[0] for c in corners), min(c[1] for c in corners),
            max(c[0] for c in corners), max(c[1] for c in corners))


def _compose(outer, inner):
    """The matrix of ``inner`` followed by ``outer`` (PDF order [a b c d e f])."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _apply(m, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _merge(drawn: list[_Drawn], tolerance: float = 1.5, gap: float = 2.0) -> list[_Segment]:
    """Join collinear rules that touch or overlap (a border drawn cell by cell). A rule
    next in the order may lie wholly before the last one (two tables on a page, their
    column rules a point apart, sort into neighbouring places): it is joined only where
    the two meet, else a table's rule would vanish into the other's."""
    merged: list[_Segment] = []
    last = None
    for at, start, end in sorted(drawn, key=lambda rule: (round(rule[0] / tolerance), rule[1])):
        if (last is not None and abs(last.at - at) <= tolerance and start <= last.end + gap
                and end >= last.start - gap):
            if end > last.end:
                last.end = end
            if start < last.start:
                last.start = start
            continue
        last = _Segment(at, start, end)
        merged.append(last)
    return [segment for segment in merged if segment.end - segment.start >= 5]


def _components(horizontal: list[_Segment], vertical: list[_Segment]):
    """Groups of rules that cross or touch one another: one group per table."""
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    slack = 2.5
    base = len(horizontal)
    # The verticals in order of their place, so that a horizontal looks only at those
    # within its reach (found by bisection); the ones it crosses join its group.
    order = sorted(range(len(vertical)), key=lambda j: vertical[j].at)
    places = [vertical[j].at for j in order]
    spans = [(vertical[j].start - slack, vertical[j].end + slack, base + j) for j in order]
    for i, h in enumerate(horizontal):
        at, root = h.at, find(i)
        for bottom, top, j in spans[bisect_left(places, h.start - slack):bisect_right(places, h.end + slack)]:
            if bottom <= at <= top:
                other = find(j)
                if other != root:
                    parent[other] = root
    groups: defaultdict[int, tuple[list[_Segment], list[_Segment]]] = defaultdict(lambda: ([], []))
    for i, h in enumerate(horizontal):
        groups[find(i)][0].append(h)
    for j, v in enumerate(vertical):
        groups[find(len(horizontal) + j)][1].append(v)
    return [group for group in groups.values() if len(group[0]) >= 2 and len(group[1]) >= 2]


def _cluster(values: list[float], tolerance: float = 2.0) -> list[float]:
    clustered: list[list[float]] = []
    for value in sorted(values):
        if clustered and value - clustered[-1][-1] <= tolerance:
            clustered[-1].append(value)
        else:
            clustered.append([value])
    return [sum(group) / len(group) for group in clustered]


def _grid(hs: list[_Segment], vs: list[_Segment], bounded: _BoundedText) -> _Grid | None:
    left = min(min(h.start for h in hs), min(v.at for v in vs))
    right = max(max(h.end for h in hs), max(v.at for v in vs))
    bottom = min(min(v.start for v in vs), min(h.at for h in hs))
    top = max(max(v.end for v in vs), max(h.at for h in hs))
    xs = _cluster([v.at for v in vs] + [left, right])
    ys = sorted(_cluster([h.at for h in hs] + [bottom, top]), reverse=True)
    rows, cols = len(ys) - 1, len(xs) - 1
    if rows < 2 or cols < 2 or rows * cols > 20_000:
        return None

    roots = _slots(xs, ys, hs, vs)
    cells = _cells(roots)
    if len(cells) < 2:
        return None  # a frame around text, not a table
    # Each cell is asked for its text once; a row's line shows the cells that begin in it,
    # in the order they begin (the rest of a cell merged from above is not shown again).
    lefts, rights = [x + 0.5 for x in xs], [x - 0.5 for x in xs]
    bottoms, tops = [y + 0.5 for y in ys], [y - 0.5 for y in ys]
    text_of: dict[int, str] = {}
    shown: list[list[str]] = [[] for _ in range(rows)]
    filled_cols: set[int] = set()
    for root, slots in cells.items():
        r0, c0 = divmod(slots[0], cols)  # slots in increasing order
        if len(slots) == 1:
            text = _cell_text(bounded(lefts[c0], bottoms[r0 + 1], rights[c0 + 1], tops[r0]))
            if text:
                filled_cols.add(c0)
        else:
            r1 = slots[-1] // cols
            columns = {slot % cols for slot in slots}
            if len(slots) != (r1 - r0 + 1) * (max(columns) - min(columns) + 1):
                # not a rectangle: the lattice of gaps between cells drawn apart, no cell
                text_of[root] = ""
                continue
            text = _cell_text(bounded(lefts[min(columns)], bottoms[r1 + 1], rights[max(columns) + 1], tops[r0]))
            if text and len(columns) == 1:
                filled_cols.update(columns)
        text_of[root] = text
        if text:
            shown[r0].append(text)
    lines = ["  ".join(texts) for texts in shown]
    # A row that shows no text of its own (a thin band between doubled rules, a blank row,
    # the rest of cells merged from above) gives no line of the text and is dropped: the
    # table's rows are then exactly the lines it takes, and an empty table's blank rows do
    # not cover the headings printed after it.
    keep_rows = [r for r in range(rows) if lines[r]]
    if not keep_rows:
        return None
    # A narrow column with no text of its own is the gap between doubled rules (a web
    # page's cells drawn apart, each with its border), even where a cell merged across
    # columns spans it: it is no column of the table.
    keep_cols = [c for c in range(cols) if c in filled_cols or xs[c + 1] - xs[c] > 4]
    texts = [text_of[root] for root in roots]
    if len(keep_cols) == cols:
        grid_rows = [texts[r * cols:(r + 1) * cols] for r in keep_rows]
    else:
        grid_rows = [[texts[r * cols + c] for c in keep_cols] for r in keep_rows]
    lines = [lines[r] for r in keep_rows]
    open_bottom = keep_rows[-1] == rows - 1 and not _ruled_across(hs, ys[-1], xs[0], xs[-1])
    return _Grid(top=ys[0], bottom=ys[-1], left=xs[0], right=xs[-1], rows=grid_rows, lines=lines,
                 open_bottom=open_bottom)


def _ruled_across(hs: list[_Segment], at: float, left: float, right: float) -> bool:
    """Whether a rule runs along ``at`` over most of the width from ``left`` to ``right``."""
    return any(abs(h.at - at) <= 2.0 and h.end - h.start >= 0.5 * (right - left) for h in hs)


def _cells(roots: list[int]) -> dict[int, list[int]]:
    """The slots of each cell (named by its root), cells in the order of their first slot."""
    if len(set(roots)) == len(roots):  # no merged cells: each slot its own cell
        return {root: [root] for root in roots}
    cells: dict[int, list[int]] = {}
    for slot, root in enumerate(roots):
        if root in cells:
            cells[root].append(slot)
        else:
            cells[root] = [slot]
    return cells


class _BoundedText:
    """The text PDFium finds inside a rectangle of one page (its GetBoundedText).

    pypdfium2's ``get_text_bounded`` asks PDFium twice per rectangle, once for the length
    and once for the text, and PDFium goes through every character of the page each time;
    a table asks once per cell. Here one buffer is made per page, large enough for any
    answer, and each rectangle is asked once."""

    __slots__ = ("_function", "_handle", "_bytes", "_address", "_size")

    def __init__(self, textpage, count: int) -> None:
        from juesuan.readers import pdfium_calls as calls

        # a character gives at most itself (two UTF-16 units) and a line break before it
        self._size = 4 * max(count, 0) + 4
        # PDFium writes UTF-16 units; the answer is sliced from the same memory as bytes
        self._bytes = (ctypes.c_char * (2 * self._size))()
        self._address = ctypes.addressof(self._bytes)
        self._function = calls.bounded_text
        self._handle = textpage

    def __call__(self, left: float, bottom: float, right: float, top: float) -> str:
        written = self._function(self._handle, left, top, right, bottom, self._address, self._size)
        if written <= 0:
            return ""
        if written >= self._size:  # cannot happen by the bound above; ask the slow way
            return self._asked_twice(left, bottom, right, top)
        return _utf16_decode(self._bytes[:2 * written], "replace", True)[0]

    def _asked_twice(self, left: float, bottom: float, right: float, top: float) -> str:
        """pypdfium2's way: the length first, then the text into a buffer of that length."""
        length = self._function(self._handle, left, top, right, bottom, None, 0)
        if length <= 0:
            return ""
        buffer = (ctypes.c_ushort * length)()
        self._function(self._handle, left, top, right, bottom, buffer, length)
        return _utf16_decode(bytes(buffer), "replace", True)[0]


#: the UTF-16 decoder itself: ``bytes.decode("utf-16-le")`` finds it by name in the codec
#: registry and calls it through a Python function, three times its own cost for a cell
_utf16_decode = codecs.utf_16_le_decode


def _slots(xs: list[float], ys: list[float], hs: list[_Segment], vs: list[_Segment]) -> list[int]:
    """For each slot between the grid's lines (row by row), the slot its cell is named by:
    two neighbouring slots are one cell where no rule is drawn between them."""
    rows, cols = len(ys) - 1, len(xs) - 1
    # the rules along each column and row boundary, looked up once per boundary, not per slot
    along_x = _rules_along(xs, vs)
    along_y = _rules_along(ys, hs)
    # the middles in increasing order, as _unruled wants them: rows run down the page
    row_middles = [(ys[r + 1] + ys[r]) / 2 for r in reversed(range(rows))]
    col_middles = [(xs[c] + xs[c + 1]) / 2 for c in range(cols)]
    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    merged = False
    for c in range(1, cols):  # no rule between (r, c - 1) and (r, c)
        for r in reversed([rows - 1 - i for i in _unruled(row_middles, along_x[c])]):
            slot = r * cols + c
            parent[find(slot - 1)] = find(slot)
            merged = True
    for r in range(1, rows):  # no rule between (r - 1, c) and (r, c)
        for c in _unruled(col_middles, along_y[r]):
            slot = r * cols + c
            parent[find(slot - cols)] = find(slot)
            merged = True
    if not merged:  # a fully ruled grid: every slot is a cell
        return parent
    return [find(slot) for slot in range(rows * cols)]


def _rules_along(lines: list[float], rules: list[_Segment]) -> list[list[tuple[float, float]]]:
    """For each of a grid's lines, the extents (low, high) of the rules drawn on it (within
    2 pt); the rules are sorted once and each line looks only at those near it."""
    ordered = sorted(rules, key=lambda rule: rule.at)
    places = [rule.at for rule in ordered]
    along = []
    for line in lines:
        near = ordered[bisect_left(places, line - 2.5):bisect_right(places, line + 2.5)]
        along.append([(rule.start - 1, rule.end + 1) for rule in near if abs(rule.at - line) <= 2.0])
    return along


def _unruled(middles: list[float], rules: list[tuple[float, float]]) -> list[int]:
    """The positions of the ``middles`` (in increasing order) that none of the rules (low,
    high) covers: a rule covers a run of them, found by bisection and marked at once."""
    covered = bytearray(len(middles))
    for low, high in rules:
        start, end = bisect_left(middles, low), bisect_right(middles, high)
        if start < end:
            covered[start:end] = b"\x01" * (end - start)
    if all(covered):
        return []
    return [index for index, done in enumerate(covered) if not done]


def _cell_text(text: str) -> str:
    """A cell's text on one line: wrapped lines joined (a space only between two words)."""
    if "\n" not in text and "\r" not in text and "\x02" not in text:  # most cells: one line
        text = text.strip(_STRIP)
        return " ".join(text.split()) if "  " in text else text
    pieces = [piece.strip(_STRIP) for piece in re.split(r"\r\n|\r|\n", text.replace("\x02", ""))]
    joined = ""
    for piece in pieces:
        if not piece:
            continue
        if joined and _JOIN_ALNUM.search(joined) and _START_ALNUM.match(piece) and not (
                joined[-1].isdigit() and piece[0].isdigit()):
            joined += " "
        joined += piece
    return " ".join(joined.split()) if "  " in joined else joined
