"""Building the flow (:class:`juesuan.model.flow.Flow`) from a report's text.

Text taken from a PDF wraps mid-word, splits a figure from its unit, and carries page
numbers in the middle of sentences. The checker reads the *flow*, where the wrapped lines
are joined again and page numbers are gone, and maps every finding back to the lines of
the file the user gave.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate, compress, count, repeat

from juesuan.model.characters import narrow
from juesuan.model.flow import Flow

# "12", "- 12 -", "—12—", "12/40", "第 12 页", "第 12 页 共 40 页", "第12页/共40页"
_PAGE_NUMBER = re.compile(r"(?:\d{1,3}(?:\s*/\s*\d{1,3})?|[-—–]\s*\d{1,3}\s*[-—–]"
                          r"|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?)")
#: no page number is longer ("第 120 页 共 130 页"): longer lines are not tried
_PAGE_NUMBER_MAX = 16
_STRIP = " \t\r\u3000\xa0"



def build_flow(text: str) -> Flow:
    """Join the wrapped lines of ``text`` into a :class:`Flow`.

    A form feed is a page break, and a line break wherever it stands: text extracted from
    a PDF glues it to the last line of a page or to the first line of the next, and the
    two pieces are two lines of two pages (both keep the input line's number). Without
    form feeds, a line that opens with a space after lines that did not is taken as the
    first line of a page, as text extracted from a PDF lays pages out; this is only
    trusted when such lines are rare.
    """
    narrowed = narrow(text)
    raw_lines = narrowed.split("\n")
    if "\f" in text:
        numbers, lines, pages, numbered = _pieces(raw_lines)
        edges = _page_changes(pages) | numbered
    else:
        stripped = list(map(str.strip, raw_lines, repeat(_STRIP)))
        # the lines with text and their numbers, picked without a Python step per line
        # (half the lines of a text report are empty)
        numbers = list(compress(count(1), stripped))
        lines = list(filter(None, stripped))
        page_number = _PAGE_NUMBER.fullmatch     # _kept(), written out: it runs on every line
        page_numbers = [number for number, line in zip(numbers, lines)
                        if len(line) <= _PAGE_NUMBER_MAX and page_number(line)]
        # a page number or two a page: taken out where they stand, in the lists of numbers
        # and lines alike, rather than every line looked at again (the last first, so
        # that the places of the others stay put)
        for index in reversed([bisect_left(numbers, number) for number in page_numbers]):
            del numbers[index], lines[index]
        edges = _around(numbers, page_numbers)
        page_at = _layout_pages(narrowed, stripped)
        pages = []
        if page_at is not None:
            page_of_line = _pages_by_line(page_at, len(raw_lines))
            pages = list(map(page_of_line.__getitem__, numbers))
    numbers, lines, pages = _without_running_heads(numbers, lines, pages, edges)
    flow_text, starts = _joined(lines)
    return Flow(text=flow_text, starts=starts, lines=numbers, pages=pages)


#: a running head is printed on this many pages at least before it is taken for one
_RUNNING_MIN = 3
_RUNNING_MAX_LENGTH = 40
_SENTENCE_MARKS = frozenset("。，；：:,;")


def _without_running_heads(numbers: list[int], lines: list[str], pages: list[int],
                           at_edge: set[int]) -> tuple[list[int], list[str], list[int]]:
    """The lines less running heads and feet: a line printed at a page's edge, the same on
    three pages or more ("某某局2023年度部门决算"). Text taken from a PDF keeps them, and
    one that falls inside a sentence running over to the next page would be read as part
    of it ("乡镇" + head + "卫生院"). ``at_edge``: the indexes of the lines next to a page
    break."""
    if len(at_edge) < _RUNNING_MIN:
        return numbers, lines, pages
    running = running_heads(lines, at_edge)
    if not running:
        return numbers, lines, pages
    # a few lines a page: taken out of copies where they stand (the last first, so that
    # the places of the others stay put), rather than every line looked at again
    numbers, lines, pages = list(numbers), list(lines), list(pages)
    for index in sorted((index for index in at_edge if lines[index] in running), reverse=True):
        del numbers[index], lines[index]
        if pages:
            del pages[index]
    return numbers, lines, pages


def running_heads(lines: list[str], at_edge) -> frozenset[str]:
    """The lines (stripped) that are running heads or feet: printed at a page's edge (the
    indexes ``at_edge``), the same on three pages or more, short, and no sentence."""
    counts: dict[str, int] = {}
    for index in at_edge:
        counts[lines[index]] = counts.get(lines[index], 0) + 1
    return frozenset(line for line, count in counts.items() if count >= _RUNNING_MIN
                     and len(line) <= _RUNNING_MAX_LENGTH and _SENTENCE_MARKS.isdisjoint(line))


def _page_changes(pages: list[int]) -> set[int]:
    """Indexes of the lines on either side of a form feed."""
    edges: set[int] = set()
    for index in range(1, len(pages)):
        if pages[index] != pages[index - 1]:
            edges.update((index - 1, index))
    return edges


def _around(numbers: list[int], page_numbers: list[int]) -> set[int]:
    """Indexes (in ``numbers``) of the lines just before and after each page number."""
    edges: set[int] = set()
    for page_number in page_numbers:
        after = bisect_left(numbers, page_number)
        edges.update(index for index in (after - 1, after) if 0 <= index < len(numbers))
    return edges


#: a line break between two ASCII letters or digits (the pattern opens with the break,
#: which the engine seeks at a string search's speed)
_ASCII_MEETING = re.compile(r"\n(?<=[0-9A-Za-z]\n)(?=[0-9A-Za-z])")


def _joined(lines: list[str]) -> tuple[str, list[int]]:
    """The flow's text from its lines, and where each line starts in it.

    Two ASCII words or figures meeting at a line break were two tokens in the source, and
    a space stands between them; CJK text (and a figure split before its decimal point)
    joins directly. The few breaks that take a space are found in the lines joined with
    their breaks, rather than every pair of lines looked at.
    """
    broken = "\n".join(lines)
    meetings = [meeting.start() for meeting in _ASCII_MEETING.finditer(broken)]
    if meetings:
        # the space ends the line before the break, and counts in that line's length
        lines = list(lines)
        line, counted = 0, 0
        for at in meetings:
            line += broken.count("\n", counted, at + 1)
            counted = at + 1
            lines[line - 1] += " "
    # joined again rather than the breaks taken out of the joined text: one pass, not two
    starts = list(accumulate(map(len, lines), initial=0))
    starts.pop()
    return "".join(lines), starts


def _kept(line: str) -> bool:
    """A line with text that is not a page number."""
    return bool(line) and not is_page_number(line)


def is_page_number(line: str) -> bool:
    """Whether a line (stripped, narrowed) reads as a page number in one of its forms.
    A bare number ("12") is one to the narrative; in a table it may be a code or a
    figure, which the table reader tells apart by what stands around it."""
    return len(line) <= _PAGE_NUMBER_MAX and _PAGE_NUMBER.fullmatch(line) is not None


def _pieces(raw_lines: list[str]) -> tuple[list[int], list[str], list[int], set[int]]:
    """(input line, text, page) of each piece of text between line breaks and form feeds,
    and the indexes of the pieces next to a page number (a page's edge too: a page break
    the text lost its form feed at, or one it marks both ways)."""
    numbers: list[int] = []
    lines: list[str] = []
    pages: list[int] = []
    numbered: set[int] = set()
    after_number = False
    page = 1
    for number, raw in enumerate(raw_lines, start=1):
        for n, piece in enumerate(raw.split("\f")):
            page += n > 0
            piece = piece.strip(_STRIP)
            if _kept(piece):
                if after_number:
                    numbered.add(len(lines))
                    after_number = False
                numbers.append(number)
                lines.append(piece)
                pages.append(page)
            elif piece:
                if lines:
                    numbered.add(len(lines) - 1)
                after_number = True
    return numbers, lines, pages, numbered


def _layout_pages(narrowed: str, stripped: list[str]) -> dict[int, int] | None:
    """Map input line number -> page for the lines that open a page, from a layout where a
    page's first line opens with one space; None if the layout does not say."""
    content = len(stripped) - stripped.count("")
    opening = _one_space_lines(narrowed)
    if len(opening) < 2 or len(opening) > 0.1 * content:
        return None
    starts = {number: page for page, number in enumerate(opening, start=1)}
    if 1 not in starts:
        starts = {number: page + 1 for number, page in starts.items()} | {1: 1}
    return starts


#: a line opening with one space and holding text (the narrowed text has no wide spaces);
#: sought from its line break, which the engine finds fast, rather than line by line
_OPENS_WITH_ONE_SPACE = r" (?! )[ \t\r]*[^ \t\r\n]"
_FIRST_ONE_SPACE = re.compile(_OPENS_WITH_ONE_SPACE)
_ONE_SPACE = re.compile("\n" + _OPENS_WITH_ONE_SPACE)


def _one_space_lines(narrowed: str) -> list[int]:
    """1-based numbers of the lines that open with exactly one space and hold text."""
    numbers = [1] if _FIRST_ONE_SPACE.match(narrowed) else []
    line, counted = 1, 0
    for match in _ONE_SPACE.finditer(narrowed):
        start = match.start() + 1
        line += narrowed.count("\n", counted, start)
        counted = start
        numbers.append(line)
    return numbers


def _pages_by_line(page_at: dict[int, int], count: int) -> list[int | None]:
    """The page of every input line 1..count (index 0 unused), from the lines opening pages."""
    opening = sorted(page_at)
    pages: list[int | None] = [None]
    for first, following in zip(opening, [*opening[1:], count + 1]):
        pages.extend([page_at[first]] * (following - first))
    return pages
