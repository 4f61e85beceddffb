"""The flow: a report's text as one string, every character mapped back to its line and page.

The checker reads the flow, where wrapped lines are joined again and page numbers are gone
(:func:`juesuan.readers.flow.build_flow` makes it), and maps every finding back to the
lines of the file the user gave.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from operator import sub

_SENTENCE_ENDS = frozenset("。！？!?")


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
    #: the table-of-contents lines, worked out once (sections and M102 both ask)
    _contents: list[tuple[int, int]] | None = field(default=None, init=False, repr=False, compare=False)
    #: the width below which a line ends a paragraph, worked out once
    _short: float | None = field(default=None, init=False, repr=False, compare=False)
    #: the widths of the lines but the last, sorted, worked out once
    _widths: list[int] | None = field(default=None, init=False, repr=False, compare=False)
    #: the lines that open with each set of characters asked for
    _openings: dict[frozenset[str], list[int]] = field(default_factory=dict, init=False, repr=False,
                                                       compare=False)

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
        if not self.starts:
            return []
        short = self._short_width()
        text = self.text
        return [end for start, end in zip(self.starts, ends)
                if end - start < short or text[end - 1] in _SENTENCE_ENDS]

    def paragraph_end_after(self, offset: int, limit: int) -> int:
        """The first of :meth:`paragraph_ends` after ``offset``, or ``limit`` (at most the
        text's length) if none comes before it.

        A reason asks where its paragraph ends, when that is before the end its sentence
        gives: only the lines from its own up to ``limit`` are looked at, one or two for
        each of a few dozen reasons, rather than the ends of a report's thousand lines
        all listed.
        """
        starts, text = self.starts, self.text
        last = len(starts) - 1
        index = self._segment(offset)
        if index >= last:
            return limit
        short = self._short_width()     # asked once, not at every line walked past
        while index < last:
            end = starts[index + 1]
            if end >= limit:
                return limit
            if end - starts[index] < short or text[end - 1] in _SENTENCE_ENDS:
                return end
            index += 1
        return limit

    def lines_opening_with(self, characters: frozenset[str]) -> list[int]:
        """Indices of the lines whose first character is one of ``characters``, found once
        for each set of characters (headings and list items ask with the same set)."""
        found = self._openings.get(characters)
        if found is None:
            text = self.text
            found = [index for index, start in enumerate(self.starts) if text[start] in characters]
            self._openings[characters] = found
        return found

    def _short_width(self) -> float:
        """A line narrower than this ends a paragraph (worked out once: every reason asks)."""
        if self._short is None:
            # the middle of all the widths, the last line's with the others: found in the
            # sorted widths of the others (which M103 asks for too) rather than sorted anew
            widths = self.sorted_widths()
            last = len(self.text) - self.starts[-1]
            middle = len(self.starts) // 2
            after = bisect_right(widths, last)      # where the last line's width sorts in
            if middle < after:
                width = widths[middle]
            elif middle == after:
                width = last
            else:
                width = widths[middle - 1]
            self._short = 0.85 * width
        return self._short

    def sorted_widths(self) -> list[int]:
        """The widths of the input lines but the last (whose end is no line break), sorted;
        worked out once."""
        if self._widths is None:
            self._widths = sorted(map(sub, self.starts[1:], self.starts))
        return self._widths

    def _segment(self, offset: int) -> int:
        # asked for every finding and fact: a comparison is several times quicker than max()
        index = bisect_right(self.starts, offset) - 1
        return index if index > 0 else 0
