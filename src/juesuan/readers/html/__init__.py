"""Read a report published as a web page: the article's paragraphs and its tables.

Many departments publish the report as an article on a government site, often GBK
encoded, with the public tables as ``<table>`` elements. :func:`parse_html` finds the
article among the site's navigation, banners and footers, gives one line of text per
paragraph (``<p>``, text blocks, ``<br>``-separated lines, headings) and per table row
(cells joined by two spaces), and each data table as a :class:`RawTable` with its merged
cells repeated in every slot they cover. Nothing on the page is run or fetched: scripts,
styles, frames and form controls are dropped unread.

The parser is selectolax's binding of Lexbor (both MIT): a C implementation of the WHATWG
parsing algorithm, so a page becomes the tree a browser shows, whatever state it is in
(Word's "save as web page" markup, unclosed ``<p>`` and ``<td>``, cells without ``<tr>``,
text straying between rows: all common on these sites). lxml.html parses as fast but
libxml2 does not build the HTML5 tree: it leaves ``<td>`` without a row directly under
``<table>`` and stray text inside it, so rows would go missing. html5lib builds the right
tree, in pure Python, about 60 times slower.

The reading goes in steps, a module each: :mod:`.charset` decodes the bytes; the data
tables are read into grids and taken out of the tree (:mod:`.tables`), so that the search
for the article (:mod:`.article`) and the reading of its lines go over the rest of the
text only; the lines are those of a walk over the article's nodes (:mod:`.walk`, the
reference), read in bulk with Lexbor doing the per-node work (:mod:`.bulk`). A property
test reads random tag soup both ways and asserts the same document. Timings of the
seed-sized page are in benchmarks/bench_html.py.
"""
from __future__ import annotations

import re
from itertools import accumulate
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from juesuan.model.document import Document
from juesuan.readers.errors import ReadError
from juesuan.readers.files import read_file
from juesuan.readers.html.article import drop_hidden, find_article, heading_above, words_outside_links
from juesuan.readers.html.bulk import Unsure, read_bulk
from juesuan.readers.html.charset import decode_html
from juesuan.readers.html.nodes import WORD, attachments
from juesuan.readers.html.tables import take_tables
from juesuan.readers.html.walk import Writer

__all__ = ["MAX_BYTES", "decode_html", "parse_html", "read_html"]

#: A report page is a few hundred KB; anything far larger is not one report.
MAX_BYTES = 50 * 1024 * 1024
_LOOKS_HTML = re.compile(r"<(?:!doctype|html|head|body|meta|title|p|div|table|br|span|h[1-6]|font"
                         r"|article|section|td|tr|center|b|strong|a)[\s>/]", re.IGNORECASE)
# Start and end tags whose depth makes parsing slow: all but the void elements, those
# a parser closes by itself (<p>, <li>, <td> …), which real pages leave unclosed, and
# self-closing tags (<path/> in an SVG).
_NESTING_TAG = re.compile(
    r"<(/?)(?!(?:p|li|td|th|tr|dd|dt|option|optgroup|thead|tbody|tfoot|colgroup|caption|rb|rt|rp|"
    r"br|img|meta|link|input|hr|wbr|area|base|col|embed|source|track|param|keygen)[\s>/])"
    r"[A-Za-z][^<>]*(?<!/)>", re.IGNORECASE)
# What holds no elements of the page: comments, and the text of scripts, styles and the
# like, and drawings (SVG, MathML), whose text a large inline chart fills with tags.
_UNCOUNTED = re.compile(r"<!--|<(script|style|textarea|title|xmp|noscript|svg|math)(?=[\s>/])",
                        re.IGNORECASE)
_SCAN_ABOVE = 10_000  # tags; below, even the worst nesting parses within a second
_MAX_DEPTH = 1_000


def read_html(path: str | Path) -> Document:
    """Read an HTML report file, raising :class:`ReadError` with a clear reason."""
    return read_file(path, MAX_BYTES, "an HTML report", parse_html)


def parse_html(data: bytes) -> Document:
    """The article of an HTML page as a :class:`Document` of kind ``"html"``."""
    try:
        return _parse(data, fast=True)
    except Unsure:
        return _parse(data, fast=False)


def _parse(data: bytes, fast: bool) -> Document:
    """The page read by the walk over the article's nodes, or (``fast``) by the same rules
    applied in bulk (:func:`read_bulk`): the two give the same document."""
    if len(data) > MAX_BYTES:
        raise ReadError(f"page is {len(data) // (1024 * 1024)} MB, larger than the "
                        f"{MAX_BYTES // (1024 * 1024)} MB an HTML report can be")
    if not data or data.isspace():
        raise ReadError("file is empty")
    warnings: list[str] = []
    markup = decode_html(data, warnings)
    if not _LOOKS_HTML.search(markup, 0, 100_000):
        raise ReadError("not an HTML page (no HTML tags found)")
    _check_nesting(markup)
    tree = LexborHTMLParser(markup)
    body = tree.body
    if body is None or body.tag != "body":
        raise ReadError("a page of frames: the article is in another file" if tree.css_first("frameset")
                        else "not an HTML page (no body)")
    # Script and style text would weigh in the search for the article.
    # (Inner elements go first: a node inside one already dropped is gone.)
    for node in reversed(tree.css("script, style, noscript, template")):
        node.decompose()
    drop_hidden(body, markup)
    nul = b"\x00" in data  # as "\x00" in markup (UTF-16 pages, all ASCII in NULs, too)
    tables = take_tables(tree, body, quick=fast and not nul)
    article, text = find_article(body, markup, tables)
    if text < 20 and not words_outside_links(article):
        raise ReadError("the HTML page has no article text (only links and site chrome)")
    writer = Writer(tables)
    heading = heading_above(article)
    if heading:
        writer.lines.append(heading)
    hints = Hints()
    if not (fast and not nul and read_bulk(article, writer, tables, hints)):
        hints.images, hints.files = len(article.css("img")), attachments(article, tables)
        writer.walk(article)
        writer.flush()
    if heading and writer.lines[1:2] == [heading] and not writer.tables:
        del writer.lines[0]  # the article repeats its title
    if not any(WORD.search(line) for line in writer.lines):
        raise ReadError("the HTML page has no article text")
    warnings.extend(writer.warnings + _hints(hints, writer))
    return Document("\n".join(writer.lines), writer.tables, "html", warnings)


def _check_nesting(markup: str) -> None:
    """Refuse a page nested too deep to parse in reasonable time: an HTML5 parser looks
    through the open elements at every block start tag, so its time grows with the square
    of the depth. Pages small enough to parse quickly in any case are not scanned."""
    if markup.count("<") <= _SCAN_ABOVE:
        return
    steps = (-1 if slash else 1 for slash in _NESTING_TAG.findall(_elements_only(markup)))
    depth = max(accumulate(steps), default=0)
    if depth > _MAX_DEPTH:
        raise ReadError(f"elements are nested {depth} deep: not a report page")


def _elements_only(markup: str) -> str:
    """``markup`` without comments and without what script, style, SVG and the like hold
    (an unclosed one runs to the end, as a parser reads it), each passed over once."""
    lower = markup.lower()
    kept, pos = [], 0
    while found := _UNCOUNTED.search(markup, pos):
        kept.append(markup[pos:found.start()])
        name = found.group(1)
        closing = "-->" if name is None else f"</{name.lower()}"
        end = lower.find(closing, found.end())
        if end < 0:
            return "".join(kept)
        pos = end + len(closing) if name is None else lower.find(">", end) + 1 or len(markup)
    kept.append(markup[pos:])
    return "".join(kept)


class Hints:
    """What the article holds that its text does not: pictures, links to files."""

    __slots__ = ("files", "images")

    def __init__(self, images: int = 0, files: list[str] | None = None) -> None:
        self.images, self.files = images, files or []


def _hints(hints: Hints, writer: Writer) -> list[str]:
    """Warnings for a page whose report is not in its text: tables as pictures, or the
    report attached as a file."""
    warnings = []
    if hints.images and not writer.tables:
        warnings.append(f"the article has {hints.images} images and no tables: its tables may be pictures")
    if hints.files:
        warnings.append(f"the page links to {len(hints.files)} attached files (e.g. {hints.files[0]}): "
                        "the report may be in them")
    return warnings
