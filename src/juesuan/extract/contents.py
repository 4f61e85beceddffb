"""A table of contents: the lines that list headings with a dot leader and a page number.

Such a line ("一、学校概况…………1") names a heading the report prints later: it opens no
section, its numbering is not a list of the text, and its dots are no placeholder.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from juesuan.model.flow import Flow

#: a leader of dots (or ellipses, middle dots) running to a page number at the end of a line
_LEADER = re.compile(r"(?:[.．。…·•⋯]\s*){4,}\d{1,4}\s*$")


_LEADER_CHARACTERS = ".．。…·•⋯"
#: four leader characters in a row, one pattern for each character the run opens with: a
#: pattern opening with one character is sought at a string search's speed, one opening
#: with a class is tried at every character of the report
_RUNS = [(first, re.compile(re.escape(first) + r"\s*[.．。…·•⋯]\s*[.．。…·•⋯]\s*[.．。…·•⋯]"))
         for first in _LEADER_CHARACTERS]


def contents_spans(flow: Flow) -> list[tuple[int, int]]:
    """Flow spans (start, end) of the lines that end in a leader and a page number."""
    if flow._contents is None:
        flow._contents = _find_contents(flow)
    return flow._contents


def _find_contents(flow: Flow) -> list[tuple[int, int]]:
    text, starts = flow.text, flow.starts
    # Leaders are rare: only the lines a run of dots touches are looked at (every line
    # with a leader holds a run that opens with one of the characters; most of them a
    # report never prints, which a string search tells quickest).
    lines = set()
    for first, runs in _RUNS:
        for run in runs.finditer(text) if first in text else ():
            lines.add(bisect_right(starts, run.start()) - 1)
            lines.add(bisect_right(starts, run.end() - 1) - 1)
    spans = []
    for index in sorted(line for line in lines if line >= 0):
        start = starts[index]
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        if end - start > 4 and _LEADER.search(text, start, end):
            spans.append((start, end))
    return spans


def within(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` falls inside one of the sorted ``spans``."""
    index = bisect_right(spans, (offset, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]
