"""Where each finding is: the figures it quotes in the extracted text, and on the PDF page.

A finding says which lines hold it and quotes the words; the figure it is about is its
``stated`` value. The figure is looked for in the quoted words (in the row's line for a
table cell), in the flow, where wrapped lines are joined again, and mapped back to the
lines and columns of the extracted text. On a PDF the same characters are then found
on the page through PDFium's text page: the page's text and the extracted page hold the
figure the same number of times, and the n-th in reading order is the n-th on the page.
Whatever is not certain is left unmarked: a finding whose figure cannot be placed keeps
its line and page and gets no span or box, never one in the wrong place.
"""
from __future__ import annotations

import ctypes
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from juesuan.model.characters import narrow

if TYPE_CHECKING:  # pragma: no cover
    from juesuan.api import CheckResult
    from juesuan.model.flow import Flow
    from juesuan.report.finding import Finding


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on a PDF page as fractions of the page shown (origin top-left)."""

    page: int            # 1-based page of the PDF
    left: float          # fractions of the page's width / height, origin top-left (CSS-ready)
    top: float
    right: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Mark:
    """Where one finding is. The stated figure's spans and boxes come first (``primary``
    of them: a figure wrapped over two lines has two); the other figures of the quote
    follow."""

    finding: int                       # index into result.findings
    page: int | None                   # 1-based: the stated figure's page, else the finding's
    line: int | None                   # 1-based lines of the extracted text
    end_line: int | None
    spans: tuple[tuple[int, int, int], ...]   # (line, start column, end column) of each quoted figure
    boxes: tuple[Box, ...]             # PDF only: the boxes of the figures the finding quotes
    #: how many of the first spans (and of the first boxes) are the stated figure
    primary: int = 0


_SPACE = frozenset(" \t\r\n\f\v\x00\x02\u3000\xa0\ufffe")
_FIGURE = re.compile(r"\s*([-−]?)(\d(?:[\d,]*\d)?(?:\.\d+)?)\s*([^\s\d]{0,6})\s*")
#: a figure printed in a narrative: digits with a money unit or a percent sign after them
_QUOTED_FIGURE = re.compile(r"(?<![\d.,])\d(?:[\d,]*\d)?(?:\.\d+)?(?![\d])\s*(?:万元|亿元|千元|元|%)")
_TOKEN = re.compile(r"(?<![\d.,])\d(?:[\d,]*\d)?(?:\.\d+)?(?![\d]|[.,]\d)")


def text_lines(result: "CheckResult") -> list[str]:
    """The extracted text's lines, as the findings' line numbers count them (a page break
    inside a line is shown as a space, so columns stay put)."""
    if result.text is not None:
        return [line.rstrip("\r").replace("\f", " ") for line in result.text.split("\n")]
    return _lines_from_flow(result.flow) if result.flow is not None else []


def marks_for(result: "CheckResult", pdf: str | Path | None = None) -> list[Mark]:
    """One :class:`Mark` per finding, in the order of ``result.findings``; with ``pdf``
    (the file that was checked) the figures' boxes on its pages too."""
    flow = result.flow
    if flow is None:
        return [_unplaced(i, f) for i, f in enumerate(result.findings)]
    places = _Places(flow, text_lines(result))
    tables = _TableIndex(result.report)
    pages = _PdfPages(pdf) if pdf is not None else None
    try:
        return [_mark(i, finding, places, tables, pages) for i, finding in enumerate(result.findings)]
    finally:
        if pages is not None:
            pages.close()


# --- one finding ----------------------------------------------------------------------


def _unplaced(index: int, finding: "Finding") -> Mark:
    location = finding.location
    if location.file is not None:   # an attachment's lines and pages are not the report's
        return Mark(index, None, None, None, (), ())
    return Mark(index, location.page, location.line, location.end_line, (), ())


def _mark(index: int, finding: "Finding", places: "_Places", tables: "_TableIndex",
          pages: "_PdfPages | None") -> Mark:
    location = finding.location
    if location.file is not None or location.line is None:
        return _unplaced(index, finding)
    flow = places.flow
    region = places.region(location.line, location.end_line or location.line)
    if region is None:
        return _unplaced(index, finding)
    page = location.page if location.page is not None else flow.page_of(region[0])
    quoted = _quote(flow.text, location.quote, region) if location.quote else None
    ranges = _stated_ranges(finding, flow.text, quoted, region, tables)
    primary = len(ranges)
    if ranges and flow.pages:   # the page of the figure itself: lines may run on over a break
        page = flow.page_of(ranges[0][0]) or page
    if ranges and quoted is not None and location.table is None and _figure(finding.stated):
        ranges += [r for r in _quoted_figures(flow.text, *quoted) if not _overlaps(r, ranges[0])]
    spans: list[tuple[int, int, int]] = []
    boxes: list[Box] = []
    primary_spans = primary_boxes = 0
    for n, (start, end) in enumerate(ranges):
        found = places.spans(start, end)
        if not found:
            if n < primary:
                return Mark(index, page, location.line, location.end_line or location.line, (), ())
            continue
        placed = pages.boxes(places, start, end) if pages is not None else []
        spans += found
        boxes += placed
        if n < primary:
            primary_spans += len(found)
            primary_boxes += len(placed)
    # boxes[:primary] must be the stated figure's too: without its boxes, none are drawn
    if primary_boxes != primary_spans:
        boxes = []
    return Mark(index, page, location.line, location.end_line or location.line, tuple(spans),
                tuple(boxes), primary_spans)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _figure(stated: str | None) -> tuple[str, Decimal, int, str] | None:
    """(sign, value, decimal places, unit) of a stated figure ("1,234.56 万元", "-3",
    "12.3%"); None for words."""
    if not stated:
        return None
    match = _FIGURE.fullmatch(narrow(stated))
    if match is None:
        return None
    sign, digits, unit = match.groups()
    plain = digits.replace(",", "")
    try:
        value = Decimal(plain)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None
    places = len(plain) - plain.index(".") - 1 if "." in plain else 0
    return sign, value, places, unit


def _quote(text: str, quote: str, region: tuple[int, int]) -> tuple[int, int] | None:
    """Where the quote stands: over the finding's lines, and maybe lines before and after
    them (a finding's lines are those of its figures)."""
    reach = 2 * len(quote) + 200
    for found in _loose_findall(text, quote, max(region[0] - reach, 0), region[1] + reach):
        if _overlaps(found, region):
            return found
    return None


def _stated_ranges(finding: "Finding", text: str, quoted: tuple[int, int] | None,
                   region: tuple[int, int], tables: "_TableIndex") -> list[tuple[int, int]]:
    """The flow range of the stated figure: in the quote, on the finding's lines; nothing
    when it is not there or it is not certain which of several it is."""
    stated = finding.stated
    if not stated or not stated.strip():
        return []
    figure = _figure(stated)
    where = quoted or region
    if figure is None:
        # words (a name, "下降（增长）"): where the quote holds them on the finding's lines
        matches = _loose_findall(text, stated, *where)
        if quoted is not None and matches:
            inside = [m for m in matches if _overlaps(m, region)]
            return [(inside or matches)[0]]
        return matches if len(matches) == 1 else []
    matches = _figure_matches(text, *where, figure)
    if not matches and quoted is not None:   # a quote that does not hold it: its lines may
        matches = _figure_matches(text, *region, figure)
        return matches if len(matches) == 1 else []
    if len(matches) > 1 and quoted is not None:
        inside = [m for m in matches if _overlaps(m, region)]
        if len(inside) == 1:
            return inside
    if len(matches) == 1:
        return matches
    if finding.location.table is not None and matches:
        rank = tables.rank(finding, figure)
        if rank is not None and rank[1] == len(matches):
            return [matches[rank[0]]]
    return []


def _figure_matches(text: str, start: int, end: int, figure) -> list[tuple[int, int]]:
    """Where the figure stands in text[start:end]: same value, same decimals, the same
    unit after it when the stated figure has one."""
    sign, value, places, unit = figure
    found = []
    for match in _TOKEN.finditer(text, start, end):
        digits = match.group().replace(",", "")
        if Decimal(digits) != value or (len(digits) - digits.index(".") - 1 if "." in digits else 0) != places:
            continue
        first, last = match.start(), match.end()
        if sign:
            if first == 0 or text[first - 1] not in "-−":
                continue
            first -= 1
        if unit:
            after = last
            while after < end and text[after] in _SPACE:
                after += 1
            if text.startswith(unit, after) and after + len(unit) <= end:
                last = after + len(unit)
            else:
                continue
        found.append((first, last))
    return found


def _quoted_figures(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [match.span() for match in _QUOTED_FIGURE.finditer(text, start, end)]


class _TableIndex:
    """Which of the equal figures of a table row a cell finding is about."""

    def __init__(self, report) -> None:
        self.tables = [t for t in (report.tables if report is not None else []) if t.source is None]

    def rank(self, finding: "Finding", figure) -> tuple[int, int] | None:
        """(n, count): the finding's cell is the n-th of ``count`` cells of its row printing
        the same figure, left to right; None when the cell is not found."""
        location = finding.location
        sign, value, places, _ = figure
        value = -value if sign else value
        for table in self.tables:
            if table.title != location.table:
                continue
            for row in table.rows:
                if _row_name(row) != location.row or table.line_of(row) != location.line:
                    continue
                keys = [key for key in row.cells if row.headers.get(key, key) == location.column]
                equal = [key for key, number in row.cells.items()
                         if number.value == value and number.places == places]
                if len(keys) == 1 and keys[0] in equal:
                    return equal.index(keys[0]), len(equal)
        return None


def _row_name(row) -> str:
    """A row as a table finding names it (its code and label)."""
    return f"{row.code} {row.label}".strip() if row.code else row.label


# --- finding words in a text, spaces aside --------------------------------------------


def _compact(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """text[start:end] without white space, and the offset in ``text`` of each character."""
    offsets = [i for i in range(max(start, 0), min(end, len(text))) if text[i] not in _SPACE]
    return "".join(text[i] for i in offsets), offsets


def _loose_findall(text: str, needle: str, start: int, end: int) -> list[tuple[int, int]]:
    """Every place ``needle`` stands in text[start:end], white space aside (a line break,
    a space the layout put between two words)."""
    compact_needle = "".join(c for c in narrow(needle) if c not in _SPACE)
    if not compact_needle:
        return []
    compact, offsets = _compact(text, start, end)
    found = []
    at = compact.find(compact_needle)
    while at >= 0:
        found.append((offsets[at], offsets[at + len(compact_needle) - 1] + 1))
        at = compact.find(compact_needle, at + len(compact_needle))
    return found


def _occurrences(text: str, compact: str, offsets: list[int], needle: str) -> list[tuple[int, int]]:
    """Every place the compact ``needle`` stands in a compacted text, as offsets of the
    text; a figure counts only where it is not part of a longer number."""
    found = []
    digits_first = needle[:1].isdigit()
    digits_last = needle[-1:].isdigit()
    at = compact.find(needle)
    while at >= 0:
        first, last = offsets[at], offsets[at + len(needle) - 1] + 1
        if not ((digits_first and _glued_before(text, first)) or (digits_last and _glued_after(text, last))):
            found.append((first, last))
        at = compact.find(needle, at + 1)
    return found


def _glued_before(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else ""
    return before.isdigit() or (before in ".,-−" and before != "" and index > 1 and text[index - 2].isdigit())


def _glued_after(text: str, index: int) -> bool:
    after = text[index] if index < len(text) else ""
    return after.isdigit() or (after in ".," and after != "" and index + 1 < len(text) and text[index + 1].isdigit())


# --- the flow and the extracted lines ---------------------------------------------------


class _Places:
    """Flow offsets to lines and columns of the extracted text, and the flow page by page."""

    def __init__(self, flow: "Flow", lines: list[str]) -> None:
        self.flow = flow
        self.ends = _piece_ends(flow)
        self.columns = self._columns(lines)
        self._pages: dict[int, tuple[str, list[int]]] = {}

    def _columns(self, lines: list[str]) -> list[int | None]:
        """Column in its extracted line where each flow piece starts (None: not found)."""
        flow = self.flow
        columns: list[int | None] = []
        cursor: dict[int, int] = {}
        narrowed: dict[int, str] = {}
        for start, end, number in zip(flow.starts, self.ends, flow.lines):
            if not 0 < number <= len(lines):
                columns.append(None)
                continue
            if number not in narrowed:
                narrowed[number] = narrow(lines[number - 1])
            at = narrowed[number].find(flow.text[start:end], cursor.get(number, 0))
            columns.append(at if at >= 0 else None)
            if at >= 0:
                cursor[number] = at + end - start
        return columns

    def region(self, line: int, end_line: int) -> tuple[int, int] | None:
        """The flow range of the pieces of input lines ``line`` … ``end_line``."""
        lines = self.flow.lines
        first = bisect_left(lines, line)
        last = bisect_right(lines, max(end_line, line)) - 1
        if first >= len(lines) or last < first:
            return None
        return self.flow.starts[first], self.ends[last]

    def pieces(self, start: int, end: int):
        """(piece index, start, end) of each flow piece the range covers."""
        starts = self.flow.starts
        first = max(bisect_right(starts, start) - 1, 0)
        for i in range(first, len(starts)):
            if starts[i] >= end:
                break
            low, high = max(start, starts[i]), min(end, self.ends[i])
            if low < high:
                yield i, low, high

    def spans(self, start: int, end: int) -> list[tuple[int, int, int]]:
        result = []
        for i, low, high in self.pieces(start, end):
            column = self.columns[i]
            if column is None:
                return []
            offset = column - self.flow.starts[i]
            result.append((self.flow.lines[i], low + offset, high + offset))
        return result

    def page_text(self, page: int) -> tuple[str, list[int]]:
        """The compacted flow text of one page (and each character's flow offset)."""
        if page not in self._pages:
            on_page = [i for i, number in enumerate(self.flow.pages) if number == page]
            self._pages[page] = (_compact(self.flow.text, self.flow.starts[on_page[0]], self.ends[on_page[-1]])
                                 if on_page else ("", []))
        return self._pages[page]


def _piece_ends(flow: "Flow") -> list[int]:
    """Where each flow piece ends: pieces are stripped lines, so a space before the next
    piece is one build_flow put between two words and belongs to no line."""
    text = flow.text
    return [start - 1 if text[start - 1] == " " else start for start in flow.starts[1:]] + [len(text)]


def _lines_from_flow(flow: "Flow") -> list[str]:
    """The input lines as the flow kept them (blank where it kept nothing)."""
    lines: list[list[str]] = [[] for _ in range(max(flow.lines, default=0))]
    for start, end, number in zip(flow.starts, _piece_ends(flow), flow.lines):
        lines[number - 1].append(flow.text[start:end])
    return [" ".join(pieces) for pieces in lines]


# --- the PDF ------------------------------------------------------------------------------


class _PdfPages:
    """The checked PDF, open for one call: each page's characters, read when first needed."""

    def __init__(self, path: str | Path) -> None:
        import pypdfium2 as pdfium

        self.pdf = pdfium.PdfDocument(str(path))
        self._pages: dict[int, _PdfPage | None] = {}

    def close(self) -> None:
        for page in self._pages.values():
            if page is not None:
                page.close()
        self.pdf.close()

    def page(self, number: int) -> "_PdfPage | None":
        if number not in self._pages:
            self._pages[number] = _PdfPage(self.pdf, number) if 0 < number <= len(self.pdf) else None
        return self._pages[number]

    def boxes(self, places: _Places, start: int, end: int) -> list[Box]:
        """The boxes on the page of the figure at flow range [start, end); none unless the
        page holds it as many times as the extracted page and the reading order is clear."""
        flow = places.flow
        if not flow.pages:
            return []
        page_number = flow.page_of(start)
        if page_number is None or flow.page_of(end - 1) != page_number:
            return []
        page = self.page(page_number)
        if page is None:
            return []
        needle, _ = _compact(flow.text, start, end)
        if not needle:
            return []
        compact, offsets = places.page_text(page_number)
        ours = _occurrences(flow.text, compact, offsets, needle)
        if start not in [first for first, _ in ours]:
            return []
        theirs = page.occurrences(needle)
        if theirs is None or len(theirs) != len(ours):
            return []
        rank = [first for first, _ in ours].index(start)
        return page.boxes(*theirs[rank])


class _PdfPage:
    def __init__(self, pdf, number: int) -> None:
        import pypdfium2.raw as raw

        self.raw = raw
        self.number = number
        self.page = pdf[number - 1]
        self.textpage = self.page.get_textpage()
        count = self.textpage.count_chars()
        handle = self.textpage.raw
        self.text = narrow("".join(chr(raw.FPDFText_GetUnicode(handle, i) or 0xFFFE) for i in range(count)))
        self.compact, self.offsets = _compact(self.text, 0, len(self.text))
        left, bottom, right, top = self.page.get_cropbox()
        self.frame = (left, bottom, right, top)
        self.rotation = self.page.get_rotation() % 360

    def close(self) -> None:
        self.textpage.close()
        self.page.close()

    def occurrences(self, needle: str) -> list[tuple[int, int]] | None:
        """The needle's places on the page in reading order, top to bottom and left to
        right; None when two stand so close in height that their order is not clear."""
        found = _occurrences(self.text, self.compact, self.offsets, needle)
        if len(found) < 2 or self.rotation:
            return found      # a turned page is read in PDFium's order, as the reader does
        rect = self.raw.FS_RECTF()
        keyed = []
        for first, last in found:
            if not self.raw.FPDFText_GetLooseCharBox(self.textpage.raw, first, rect):
                return None
            keyed.append((rect.top, rect.top - rect.bottom, rect.left, (first, last)))
        keyed.sort(key=lambda item: -item[0])
        bands: list[list] = []
        for item in keyed:
            if bands and bands[-1][0][0] - item[0] <= 2.0:
                bands[-1].append(item)
                continue
            if bands and bands[-1][-1][0] - item[0] < 0.8 * max(item[1], bands[-1][-1][1]):
                return None   # neither one line nor clearly one above the other
            bands.append([item])
        return [item[3] for band in bands for item in sorted(band, key=lambda item: item[2])]

    def boxes(self, first: int, last: int) -> list[Box]:
        """The tight boxes of characters first … last-1, one per printed line (lines told
        apart by the font's boxes: a comma's own box hangs below the digits')."""
        raw, handle = self.raw, self.textpage.raw
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        loose = raw.FS_RECTF()
        rows: list[tuple[list[float], list[float]]] = []   # (tight box, loose band)
        for index in range(first, last):
            if self.text[index] in _SPACE:
                continue
            if not raw.FPDFText_GetCharBox(handle, index, left, right, bottom, top):
                continue
            if right.value <= left.value or top.value <= bottom.value:
                continue
            box = [left.value, bottom.value, right.value, top.value]
            band = [box[1], box[3]]
            if raw.FPDFText_GetLooseCharBox(handle, index, loose):
                band = [min(loose.bottom, loose.top), max(loose.bottom, loose.top)]
            middle = (band[0] + band[1]) / 2
            if rows and rows[-1][1][0] <= middle <= rows[-1][1][1]:
                row = rows[-1][0]
                row[0], row[1] = min(row[0], box[0]), min(row[1], box[1])
                row[2], row[3] = max(row[2], box[2]), max(row[3], box[3])
            else:
                rows.append((box, band))
        return [self.fraction(*row) for row, _ in rows]

    def fraction(self, x0: float, y0: float, x1: float, y1: float) -> Box:
        """A box in PDF points (y upwards) as fractions of the page as shown (turned by
        its /Rotate, origin top-left)."""
        left, bottom, right, top = self.frame
        width, height = (right - left) or 1.0, (top - bottom) or 1.0
        corners = [((x - left) / width, (top - y) / height) for x in (x0, x1) for y in (y0, y1)]
        turned = [_turn(u, v, self.rotation) for u, v in corners]
        xs = [min(max(u, 0.0), 1.0) for u, _ in turned]
        ys = [min(max(v, 0.0), 1.0) for _, v in turned]
        return Box(self.number, min(xs), min(ys), max(xs), max(ys))


def _turn(u: float, v: float, rotation: int) -> tuple[float, float]:
    """A point of the unturned page (fractions, origin top-left) on the page turned
    clockwise by ``rotation`` degrees."""
    if rotation == 90:
        return 1.0 - v, u
    if rotation == 180:
        return 1.0 - u, 1.0 - v
    if rotation == 270:
        return v, 1.0 - u
    return u, v


def pdf_rect(box: Box, frame: tuple[float, float, float, float], rotation: int) -> tuple[float, float, float, float]:
    """A box back in PDF points (left, bottom, right, top) of the unturned page: what a
    highlight annotation or a text query needs."""
    inverse = {90: 270, 270: 90}.get(rotation % 360, rotation % 360)
    left, bottom, right, top = frame
    corners = [_turn(u, v, inverse) for u in (box.left, box.right) for v in (box.top, box.bottom)]
    xs = [left + u * (right - left) for u, _ in corners]
    ys = [top - v * (top - bottom) for _, v in corners]
    return min(xs), min(ys), max(xs), max(ys)
