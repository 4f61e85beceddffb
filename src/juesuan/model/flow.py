"""The flow: a report's text as one string, every character mapped back to its line and page.

The checker reads the flow, where wrapped lines are joined again and page numbers are gone
(:func:`juesuan.readers.flow.build_flow` makes it), and maps every finding back to the
lines of the file the user gave.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

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
        # asked for every finding and fact: a comparison is several times quicker than max()
        index = bisect_right(self.starts, offset) - 1
        return index if index > 0 else 0
