"""The reference reading of an article: a walk over its nodes that cuts it into lines and
adds the data tables where their stand-ins are. Every other reading must give the same."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborNode

from juesuan.model.document import RawTable
from juesuan.readers.html.nodes import (
    BLOCK, CHROME_TAGS, NOT_INLINE, SKIPPED, TOO_LARGE, clean, is_chrome, join_cjk,
)

if TYPE_CHECKING:
    from juesuan.readers.html.tables import Tables


# A line above a table that only gives its unit or form number is not its title.
_NOT_TITLE = re.compile(r"^(?:金额)?单位|^编制单位|^(?:公开|附)?表\s*[\d一二三四五六七八九十]*$"
                        r"|^公开\s*\d+\s*表$")


class Writer:
    """Lines of text and tables, in document order, from a walk of the article's tree."""

    def __init__(self, tables: Tables | None = None) -> None:
        #: the data tables, read and taken out (stand-in id -> grid and caption), or left
        #: in place to be read as text
        self.read = tables.read if tables is not None else {}
        self.left = tables.left if tables is not None else set()
        #: problems met that did not stop the reading
        self.warnings: list[str] = []
        self.lines: list[str] = []
        self.tables: list[RawTable] = []
        self._pieces: list[str] = []
        self._after_table = 0  # how many lines there were when the last table ended

    def flush(self) -> None:
        if self._pieces:
            line = clean("".join(self._pieces))
            self._pieces.clear()
            if line:
                self.lines.append(line)

    def walk(self, node: LexborNode) -> None:
        """Add the lines and tables inside ``node``. The walk keeps its own stack of open
        elements (with whether each ends a line), so no nesting depth is too deep."""
        pieces = self._pieces
        stack = [(node.iter(include_text=True), False)]
        while stack:
            children, ends_line = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if ends_line and pieces:
                    self.flush()
                continue
            tag = child.tag
            if tag == "-text":
                text = child.text_content
                if pieces or not text.isspace():  # white space opening a line is no text
                    pieces.append(text)
            elif tag in SKIPPED:
                continue
            elif tag == "br":
                if pieces:
                    self.flush()
            elif tag == "pre":  # its line breaks are lines
                if pieces:
                    self.flush()
                self.lines.extend(line for raw in child.text().splitlines() if (line := clean(raw)))
            elif tag == "table" and (child.mem_id in self.read or child.mem_id in self.left):
                if pieces:
                    self.flush()
                if child.mem_id in self.read:
                    self.add_table(*self.read[child.mem_id])
                else:
                    self.warnings.append(TOO_LARGE)
                    self.walk(child)
                    self.flush()
            elif tag in BLOCK or tag == "table":
                if tag in CHROME_TAGS and is_chrome(child):
                    continue
                if tag == "header" and child.css_first("h1, h2, h3") is None:
                    continue
                if pieces:
                    self.flush()
                text = _lone_text(child)
                if text is None:
                    stack.append((child.iter(include_text=True), True))
                elif line := clean(text):
                    self.lines.append(line)
            else:  # inline: <span>, <font>, <a>, Word's <o:p> …
                stack.append((child.iter(include_text=True), False))

    def add_table(self, rows: list[list[str]], title: str) -> None:
        """Add a table read into ``rows``, with the title of its caption (or "")."""
        if title:
            self.lines.append(title)
        if not rows:
            return
        title = title or self._title_above(rows)
        self.tables.append(RawTable(rows, line=len(self.lines) + 1, index=len(self.tables) + 1,
                                    title=title))
        self.lines += [line.strip() for line in map("  ".join, rows)]
        self._after_table = len(self.lines)

    def _title_above(self, rows: list[list[str]]) -> str:
        """A title for a table without a caption: the nearest short line naming a table
        (with 表) of the three above it, else a first row merged across the table (as
        Excel exports a title), else the nearest short line."""
        near = [line for line in reversed(self.lines[max(self._after_table, len(self.lines) - 3):])
                if len(line) <= 40 and not line.endswith("。") and not _NOT_TITLE.search(line)]
        named = next((line for line in near if "表" in line), "")
        first = rows[0]
        merged = first[0] if len(rows) > 1 and len(set(first)) == 1 and len(first[0]) <= 40 else ""
        return named or merged or (near[0] if near else "")


def _lone_text(node: LexborNode) -> str | None:
    """The text of an element that holds just one text, maybe wrapped in inline elements
    (``<p><span>…</span></p>``, the most common paragraph); None for any other."""
    node = node.child
    while node is not None and node.next is None:
        if node.is_text_node:
            return node.text_content
        tag = node.tag
        if tag in BLOCK or tag in SKIPPED or tag in NOT_INLINE:
            return None
        node = node.child
    return "" if node is None else None


def cell_text(cell: LexborNode) -> str:
    """A cell's text on one line. Most cells hold one text, maybe wrapped in a <p> or a
    <span>: that chain is followed directly; other cells are walked like the article."""
    node = cell.child
    while node is not None and node.next is None:
        if node.is_text_node:
            return clean(node.text_content)
        if node.tag in SKIPPED or node.tag == "br":
            return ""
        node = node.child
    if node is None:
        return ""
    writer = Writer()
    writer.walk(cell)
    writer.flush()
    return join_cjk(writer.lines)
