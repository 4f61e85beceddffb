"""The flow: a report's text as one string, every character mapped back to its line and page.

Text taken from a PDF wraps mid-word, splits a figure from its unit, and carries page
numbers in the middle of sentences. The checker reads the *flow*, where the wrapped lines
are joined again and page numbers are gone, and maps every finding back to the lines of
the file the user gave.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

# Full-width ASCII variants become ASCII one for one, so offsets stay put. The CJK
# punctuation (，：；（）) is kept: the grammar reads both forms.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}          # ０-９
_WIDTH.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})    # Ａ-Ｚ
_WIDTH.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})    # ａ-ｚ
_WIDTH.update({ord("％"): "%", ord("．"): ".", ord("＋"): "+", ord("－"): "-",
               ord("＝"): "=", ord("＞"): ">", ord("＜"): "<", ord("\u3000"): " ",
               ord("\xa0"): " "})
# str.translate looks every character up in a dict; substituting only the few characters
# that change is several times faster on CJK text.
_WIDE = re.compile("[" + "".join(chr(code) for code in sorted(_WIDTH)) + "]")
_NARROW = {chr(code): chr(value) if isinstance(value, int) else value for code, value in _WIDTH.items()}


def narrow(text: str) -> str:
    """Full-width digits, letters and signs as ASCII; same length, so offsets stay put."""
    return _WIDE.sub(lambda match: _NARROW[match.group()], text)


_SENTENCE_ENDS = frozenset("。！？!?")
_PAGE_NUMBER = re.compile(r"(?:\d{1,3}|[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?)")
_STRIP = " \t\r\u3000\xa0"


@dataclass(slots=True)
class Flow:
    """Joined text of a report with a map from offsets to input lines and pages."""

    text: str
    #: flow offset at which each kept input line starts (sorted)
    starts: list[int] = field(default_factory=list)
    #: 1-based input line number of each kept line
    lines: list[int] = field(default_factory=list)
    #: 1-based page of each kept line, or None when the input has no page breaks
    pages: list[int | None] = field(default_factory=list)

    def line_of(self, offset: int) -> int:
        """1-based input line that holds the flow character at ``offset``."""
        return self.lines[self._segment(offset)] if self.lines else 1

    def page_of(self, offset: int) -> int | None:
        """1-based page of the flow character at ``offset`` (None without page breaks)."""
        return self.pages[self._segment(offset)] if self.pages else None

    def paragraph_ends(self) -> list[int]:
        """Flow offsets where an input line ends a paragraph: it ends a sentence or stops
        well short of the usual line width (a wrapped line runs to the margin)."""
        ends = self.starts[1:] + [len(self.text)]
        widths = [end - start for start, end in zip(self.starts, ends)]
        if not widths:
            return []
        short = 0.85 * sorted(widths)[len(widths) // 2]
        text = self.text
        return [end for width, end in zip(widths, ends)
                if width < short or text[end - 1] in _SENTENCE_ENDS]

    def _segment(self, offset: int) -> int:
        return max(bisect_right(self.starts, offset) - 1, 0)


def build_flow(text: str) -> Flow:
    """Join the wrapped lines of ``text`` into a :class:`Flow`.

    A form feed is a page break, and a line break wherever it stands: text extracted from
    a PDF glues it to the last line of a page or to the first line of the next, and the
    two pieces are two lines of two pages (both keep the input line's number). Without
    form feeds, a line that opens with a space after lines that did not is taken as the
    first line of a page, as text extracted from a PDF lays pages out; this is only
    trusted when such lines are rare.
    """
    raw_lines = narrow(text).split("\n")
    if "\f" in text:
        numbers, lines, pages = _pieces(raw_lines)
    else:
        stripped = [raw.strip(_STRIP) for raw in raw_lines]
        numbers = [number for number, line in enumerate(stripped, start=1) if _kept(line)]
        lines = [stripped[number - 1] for number in numbers]
        page_at = _layout_pages(raw_lines, stripped)
        pages = []
        if page_at is not None:
            page_of_line = _pages_by_line(page_at, len(raw_lines))
            pages = [page_of_line[number] for number in numbers]
    # Two ASCII words or figures meeting at a line break were two tokens in the source;
    # CJK text (and a figure split before its decimal point) joins directly.
    pieces = [" " + line if previous[-1] in _ALNUM and line[0] in _ALNUM else line
              for previous, line in zip(["\n", *lines], lines)]
    ends = list(accumulate(map(len, pieces)))
    return Flow(text="".join(pieces), starts=[end - len(line) for end, line in zip(ends, lines)],
                lines=numbers, pages=pages)


def _kept(line: str) -> bool:
    """A line with text that is not a page number."""
    return bool(line) and not (len(line) <= 12 and _PAGE_NUMBER.fullmatch(line))


_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _pieces(raw_lines: list[str]) -> tuple[list[int], list[str], list[int]]:
    """(input line, text, page) of each piece of text between line breaks and form feeds."""
    numbers: list[int] = []
    lines: list[str] = []
    pages: list[int] = []
    page = 1
    for number, raw in enumerate(raw_lines, start=1):
        for n, piece in enumerate(raw.split("\f")):
            page += n > 0
            piece = piece.strip(_STRIP)
            if _kept(piece):
                numbers.append(number)
                lines.append(piece)
                pages.append(page)
    return numbers, lines, pages


def _layout_pages(raw_lines: list[str], stripped: list[str]) -> dict[int, int] | None:
    """Map input line number -> page for the lines that open a page, from a layout where a
    page's first line opens with one space; None if the layout does not say."""
    content = len(stripped) - stripped.count("")
    opening = [number for number, raw in enumerate(raw_lines, start=1)
               if raw[:1] == " " and raw[1:2] != " " and stripped[number - 1]]
    if len(opening) < 2 or len(opening) > 0.1 * content:
        return None
    starts = {number: page for page, number in enumerate(opening, start=1)}
    if 1 not in starts:
        starts = {number: page + 1 for number, page in starts.items()} | {1: 1}
    return starts


def _pages_by_line(page_at: dict[int, int], count: int) -> list[int | None]:
    """The page of every input line 1..count (index 0 unused), from the lines opening pages."""
    opening = sorted(page_at)
    pages: list[int | None] = [None]
    for first, following in zip(opening, [*opening[1:], count + 1]):
        pages.extend([page_at[first]] * (following - first))
    return pages
