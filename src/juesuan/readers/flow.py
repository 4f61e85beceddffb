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
        widths = sorted(end - start for start, end in zip(self.starts, ends))
        if not widths:
            return []
        short = 0.85 * widths[len(widths) // 2]
        text = self.text
        return [end for start, end in zip(self.starts, ends)
                if end - start < short or text[end - 1:end] in "。！？!?"]

    def _segment(self, offset: int) -> int:
        return max(bisect_right(self.starts, offset) - 1, 0)


def build_flow(text: str) -> Flow:
    """Join the wrapped lines of ``text`` into a :class:`Flow`.

    A form feed is a page break. Without form feeds, a line that opens with a space after
    lines that did not is taken as the first line of a page, as text extracted from a PDF
    lays pages out; this is only trusted when such lines are rare.
    """
    raw_lines = narrow(text).split("\n")
    kept = [(number, line) for number, raw in enumerate(raw_lines, start=1)
            if (line := raw.replace("\f", "").strip(_STRIP))
            and not (len(line) <= 12 and _PAGE_NUMBER.fullmatch(line))]
    flow = Flow(text="")
    pieces: list[str] = []
    length = 0
    previous = "\n"
    for number, line in kept:
        # Two ASCII words or figures meeting at a line break were two tokens in the
        # source; CJK text (and a figure split before its decimal point) joins directly.
        if previous in _ALNUM and line[0] in _ALNUM:
            pieces.append(" ")
            length += 1
        flow.starts.append(length)
        pieces.append(line)
        length += len(line)
        previous = line[-1]
    flow.text = "".join(pieces)
    flow.lines = [number for number, _ in kept]
    page_at = _page_starts(raw_lines)
    if page_at is not None:
        opening = sorted(page_at)
        flow.pages = [page_at[opening[bisect_right(opening, number) - 1]] for number in flow.lines]
    return flow


_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _page_starts(raw_lines: list[str]) -> dict[int, int] | None:
    """Map input line number -> page for the lines that open a page, or None if unknown."""
    if any("\f" in line for line in raw_lines):
        starts, page, last = {1: 1}, 1, 1
        for number, line in enumerate(raw_lines, start=1):
            # A form feed before a line's text puts that line on the next page.
            leading = len(line) - len(line.lstrip("\f"))
            page += leading
            if page != last:
                starts[number] = last = page
            page += line.count("\f") - leading
        return starts
    content = [line for line in raw_lines if line.strip(_STRIP)]
    opening = [n for n, line in enumerate(raw_lines, start=1)
               if line.startswith(" ") and not line.startswith("  ") and line.strip(_STRIP)]
    if len(opening) < 2 or len(opening) > 0.1 * len(content):
        return None
    starts = {number: page for page, number in enumerate(opening, start=1)}
    if 1 not in starts:
        starts = {number: page + 1 for number, page in starts.items()} | {1: 1}
    return starts
