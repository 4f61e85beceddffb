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
text straying between rows: all common on these sites). lxml.html parses as fast (both
take about 1 ms for the page below) but libxml2 does not build the HTML5 tree: it leaves
``<td>`` without a row directly under ``<table>`` and stray text inside it, so rows would
go missing. html5lib builds the right tree, in pure Python, about 60 times slower.

The search for the article weighs candidates with Lexbor's text and CSS matching in C.
The rules that cut the article into lines are those of a walk over its nodes
(:meth:`_Writer.walk`), a few microseconds of Python a paragraph or a cell; the same lines
and tables are read in bulk (:func:`_read_bulk`), with Lexbor doing the per-node work: the
data tables are read from one text per row and taken out, what the walk skips is cut out,
the inline elements are unwrapped, and one text of the article, a NUL between two text
nodes, then holds its lines. The walk reads the pages the bulk reading leaves to it (with
``<pre>``), and is what the bulk reading is tested against. The seed-sized page of
benchmarks/bench_html.py (66 KB of GBK, 554 lines and 9 tables of 964 cells) is read in
about 5 ms here (the walk: 7 ms), 0.9 ms of which go to decoding and parsing it.
"""
from __future__ import annotations

import codecs
import re
from itertools import accumulate, chain, repeat
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from juesuan.readers.document import Document, RawTable
from juesuan.readers.errors import ReadError
from juesuan.readers.files import read_capped

#: A report page is a few hundred KB; anything far larger is not one report.
MAX_BYTES = 50 * 1024 * 1024

# Never article text: skipped with all they hold.
_SKIPPED = frozenset(
    "script style noscript template iframe frame frameset object embed applet svg math canvas "
    "select button input textarea nav aside map area audio video source track head title meta "
    "link base img wbr -comment".split())
_BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre section article header footer "
    "main address figure figcaption center form fieldset legend hr caption thead tbody tfoot "
    "tr td th body html details summary".split())
# A small block whose class or id names site chrome (share buttons, breadcrumbs, the
# "print / close / font size" bar, footers) is left out unless it holds a table.
_CHROME_TAGS = frozenset("div ul ol dl section table header footer".split())
_CHROME = re.compile(r"nav|menu|foot(?!note)|bottom|breadcrumb|crumb|share|print|fontsize|"
                     r"location|position|copyright|sidebar|toolbar|search|login|banner|logo|"
                     r"qrcode|ewm|wza|relate|pager|skip", re.IGNORECASE)
_CHROME_LIMIT = 500
# Containers that content management systems of government sites put the article in:
# (a string the page must contain, the selector).
_KNOWN = (("zoom", "#zoom"), ("Zoom", "#Zoom"), ("TRS_Editor", ".TRS_Editor"),
          ("TRS_UEDITOR", ".TRS_UEDITOR"), ("UCAP-CONTENT", "#UCAP-CONTENT"),
          ("pages_content", ".pages_content"), ("article-content", ".article-content"),
          ("article_content", ".article_content"), ("news_content", ".news_content"),
          ("<article", "article"), ("<main", "main"), ("content", "#content, .content"),
          ("article", ".article"))
# Where the search for the article may go down; a paragraph or a data table is content.
_DEPTH = 64  # levels the search for the article goes down, at most (pages nest ~20)
_DESCEND = frozenset("div section article main form center font table tbody tr td th".split())
_HEADING_TAGS = frozenset("h1 h2 h3".split())
_NOT_INLINE = frozenset(("br", "pre", "table"))
_CELLS = frozenset(("td", "th"))
_CELL_IDS = frozenset(LexborHTMLParser("<table><tr><td><th>").css_first(tag).tag_id for tag in _CELLS)
_TITLE_NAME = re.compile(r"title|headline|biaoti", re.IGNORECASE)
_TEXT_BEFORE = 300  # characters between a title and the article, at most
_HIDDEN_STYLES = ("display:none", "display: none", "visibility:hidden", "visibility: hidden")

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# A line break in the source between two CJK characters is no space (CSS Text 3).
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_CJK}])")
_IS_CJK = re.compile(f"[{_CJK}]")
_WORD = re.compile(r"[^\W_]")  # a letter, CJK character or digit
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f\u200b-\u200f\u2060\ufeff]")

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_GB = frozenset({"gb2312", "gbk", "gb_2312-80", "x-gbk", "gb18030", "cp936", "euc-cn", "chinese"})
_WESTERN = frozenset({"latin-1", "iso8859-1", "cp1252", "ascii"})
_LOOKS_HTML = re.compile(r"<(?:!doctype|html|head|body|meta|title|p|div|table|br|span|h[1-6]|font"
                         r"|article|section|td|tr|center|b|strong|a)[\s>/]", re.IGNORECASE)
_MAGIC = ((b"%PDF-", "a PDF file"), (b"PK\x03\x04", "a zip archive (a Word or Excel file?)"),
          (b"\xd0\xcf\x11\xe0", "an old Office file"), (b"\x89PNG", "a PNG image"),
          (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"))
# A line above a table that only gives its unit or form number is not its title.
_NOT_TITLE = re.compile(r"^(?:金额)?单位|^编制单位|^(?:公开|附)?表\s*[\d一二三四五六七八九十]*$"
                        r"|^公开\s*\d+\s*表$")
# Start and end tags whose depth makes parsing slow: all but the void elements and those
# a parser closes by itself (<p>, <li>, <td> …), which real pages leave unclosed.
_NESTING_TAG = re.compile(
    r"<(/?)(?!(?:p|li|td|th|tr|dd|dt|option|optgroup|thead|tbody|tfoot|colgroup|caption|rb|rt|rp|"
    r"br|img|meta|link|input|hr|wbr|area|base|col|embed|source|track|param|keygen)[\s>/])"
    r"[A-Za-z]")
_SCAN_ABOVE = 10_000  # tags; below, even the worst nesting parses within a second
_MAX_DEPTH = 1_000
_MAX_SLOTS = 1_000_000  # cells of one table's grid; a report's largest has a few thousand
_TOO_LARGE = f"a table of more than {_MAX_SLOTS} cells is read as text only"
_ATTACHMENT = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|et|zip|rar)(?:$|[?#])", re.IGNORECASE)


def read_html(path: str | Path) -> Document:
    """Read an HTML report file, raising :class:`ReadError` with a clear reason."""
    path = Path(path)
    data = read_capped(path, MAX_BYTES, "an HTML report")
    try:
        return parse_html(data)
    except ReadError as exc:
        raise ReadError(f"{path}: {exc}") from None


def parse_html(data: bytes) -> Document:
    """The article of an HTML page as a :class:`Document` of kind ``"html"``."""
    try:
        return _parse(data, fast=True)
    except _Unsure:
        return _parse(data, fast=False)


class _Unsure(Exception):
    """The quick reading met a page it cannot be sure to read as the walk does."""


def _parse(data: bytes, fast: bool) -> Document:
    """The page read by the walk over the article's nodes, or (``fast``) by the same rules
    applied in bulk (:func:`_read_bulk`): the two give the same document."""
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
    _drop_hidden(body, markup)
    nul = b"\x00" in data  # as "\x00" in markup (UTF-16 pages, all ASCII in NULs, too)
    article, text, data_tables, cells = _article(body, markup, nul)
    if text < 20 and not _words_outside_links(article):
        raise ReadError("the HTML page has no article text (only links and site chrome)")
    writer = _Writer(data_tables)
    heading = _heading_above(article)
    if heading:
        writer.lines.append(heading)
    hints = _Hints()
    if not (fast and not nul and _read_bulk(article, writer, cells, hints)):
        hints.images, hints.files = len(article.css("img")), _attachments(article)
        writer.walk(article)
        writer.flush()
    if heading and writer.lines[1:2] == [heading] and not writer.tables:
        del writer.lines[0]  # the article repeats its title
    if not any(_WORD.search(line) for line in writer.lines):
        raise ReadError("the HTML page has no article text")
    warnings.extend(writer.warnings + _hints(hints, writer))
    return Document("\n".join(writer.lines), writer.tables, "html", warnings)


def _drop_hidden(body: LexborNode, markup: str) -> None:
    """Drop blocks styled invisible (pop-ups, QR codes, print copies), unless one holds
    most of the page: a page that hides its article until a script shows it."""
    if ("none" not in markup and "hidden" not in markup) \
            or not any(style in markup for style in _HIDDEN_STYLES):
        return
    total = _visible(body.text())
    for node in reversed(body.css(", ".join(f'[style*="{style}" i]' for style in _HIDDEN_STYLES))):
        if _visible(node.text()) < 0.5 * total:
            node.decompose()


def _check_nesting(markup: str) -> None:
    """Refuse a page nested too deep to parse in reasonable time: an HTML5 parser looks
    through the open elements at every block start tag, so its time grows with the square
    of the depth. Pages small enough to parse quickly in any case are not scanned."""
    if markup.count("<") <= _SCAN_ABOVE:
        return
    steps = (-1 if slash else 1 for slash in _NESTING_TAG.findall(markup))
    depth = max(accumulate(steps), default=0)
    if depth > _MAX_DEPTH:
        raise ReadError(f"elements are nested {depth} deep: not a report page")


def decode_html(data: bytes, warnings: list[str] | None = None) -> str:
    """Decode page bytes: by the BOM, else the ``<meta>`` charset, else as UTF-8, else as
    GB18030 (a superset of GBK and GB2312). A declared charset the bytes do not fit is
    common on these sites: the bytes are then read as what they are, with a warning."""
    warnings = warnings if warnings is not None else []
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    head = data[:4096]
    start = head.lstrip()
    for magic, what in _MAGIC:
        if start.startswith(magic):
            raise ReadError(f"{what}, not an HTML page")
    if b"\x00" in head:
        raise ReadError("binary file, not an HTML page")
    declared = _declared_codec(head, warnings)
    if declared in _WESTERN and not data.isascii():
        declared = None  # Chinese pages labelled Latin-1 are UTF-8 or GBK in truth
    elif declared == "gb18030" and not data.isascii() and (text := _decoded(data, "utf-8")):
        # GB18030 reads UTF-8 bytes without an error, as nonsense; valid UTF-8 with
        # non-ASCII text is almost never GBK.
        warnings.append("the page declares a GB charset but is UTF-8")
        return text
    if declared is not None:
        if (text := _decoded(data, declared)) is not None:
            return text
        warnings.append(f"the page declares charset {declared} but its bytes do not fit it")
    for codec in ("utf-8", "gb18030"):
        if codec != declared and (text := _decoded(data, codec)) is not None:
            return text
    codec = declared or "gb18030"
    warnings.append(f"some bytes are not valid {codec} and were replaced")
    return data.decode(codec, errors="replace")


def _declared_codec(head: bytes, warnings: list[str]) -> str | None:
    match = _META_CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii").lower()
    if label in _GB:
        return "gb18030"  # as browsers do: GBK's superset reads every GB2312 page
    if label.startswith("utf-16"):
        return "utf-8"    # a page without a UTF-16 BOM that says so is ASCII-compatible
    try:
        return codecs.lookup(label).name
    except LookupError:
        warnings.append(f"the page declares an unknown charset {label!r}")
        return None


def _decoded(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _visible(text: str) -> int:
    """Characters of ``text`` other than spaces and line breaks."""
    return len(text) - sum(map(text.count, " \n\t\r\xa0\u3000"))


def _link_text(node: LexborNode) -> int:
    return sum(_visible(link.text()) for link in node.css("a"))


def _table_text(node: LexborNode, data_tables: dict[int, int]) -> int:
    """Characters in the data tables inside ``node`` (``data_tables``: id -> characters)."""
    return sum(data_tables.get(table.mem_id, 0) for table in node.css("table"))


def _data_tables(body: LexborNode) -> tuple[dict[int, int], dict[int, int]]:
    """The page's data tables, id -> characters of text and id -> cells: the grids of
    figures, not the tables that lay out the page or frame the article. A data table has
    no table inside it, more than one cell, and short cells (100 characters a cell at most,
    on average)."""
    with_tables = set()  # tables holding another: found from the inner ones, in one search
    for inner in body.css("table table"):
        node = inner.parent
        while node is not None and node.mem_id not in with_tables:
            if node.tag == "table":
                with_tables.add(node.mem_id)
            node = node.parent
    sizes, cells = {}, {}
    for table in body.css("table"):
        if table.mem_id in with_tables:
            continue
        count = len(table.css("td, th"))
        if count > 1 and (size := _visible(table.text())) <= 100 * count:
            sizes[table.mem_id], cells[table.mem_id] = size, count
    return sizes, cells


def _sizes(body: LexborNode, node: LexborNode | None, nul: bool) -> tuple[int, int | None]:
    """Characters of text of ``body`` and of ``node`` inside it, from one text of the body:
    ``node`` is marked off by two NULs, which a page's text never holds (the parser drops
    them; ``nul``: the page has some, and is not marked)."""
    if node is None or node.mem_id == body.mem_id or nul:
        return _visible(body.text_lexbor()), None
    node.insert_before("\x00")
    node.insert_after("\x00")
    text = body.text_lexbor()
    node.prev.decompose()
    node.next.decompose()
    start = text.find("\x00")
    end = text.find("\x00", start + 1)
    if start < 0 or end < 0:  # pragma: no cover - the parser keeps NULs out of the tree
        return _visible(body.text()), _visible(node.text())
    size = _visible(text) - 2
    return size, size - _visible(text[:start]) - _visible(text[end + 1:])


def _article(body: LexborNode, markup: str, nul: bool) -> tuple[LexborNode, int, dict[int, int], dict[int, int]]:
    """The element that holds the article, its characters of text outside links, and the
    page's data tables (id -> characters of text; id -> cells).

    The article is a known container that holds at least half the page's text outside
    links and all its data tables, or else the body; then, while one child of it holds at
    least 70% of that text and all those tables, that child."""
    data_tables, cells = _data_tables(body)
    tables = sum(data_tables.values())
    selectors = (selector for needle, selector in _KNOWN if needle in markup)
    first = next((found for selector in selectors if (found := body.css_first(selector)) is not None), None)
    size, first_size = _sizes(body, first, nul)
    node, text = body, size - _link_text(body)
    candidates = chain([(first, first_size)] if first is not None else [],
                       ((found, None) for selector in selectors
                        if (found := body.css_first(selector)) is not None))
    for found, size in candidates:
        if size is None:
            size = _visible(found.text())
        found_text = size - _link_text(found)
        if found_text >= 0.5 * text and _table_text(found, data_tables) >= 0.95 * tables:
            node, text = found, found_text
            break
    for _ in range(_DEPTH):
        kids = [(kid, data_tables[kid.mem_id] if kid.mem_id in data_tables else _visible(kid.text()))
                for kid in node.iter() if kid.tag in _DESCEND]
        kids = [(kid, size) for kid, size in kids if size >= 0.7 * text]
        if not kids:
            return node, text, data_tables, cells
        best, size = max(kids, key=lambda pair: pair[1])
        best_text = size - _link_text(best)
        if (best_text < 0.7 * text or best.mem_id in data_tables
                or _table_text(best, data_tables) < 0.95 * tables):
            return node, text, data_tables, cells
        node, text = best, best_text
    return node, text, data_tables, cells


def _heading_above(article: LexborNode) -> str:
    """The article's title when it sits just outside the article's container: the first
    ``<h1>`` to ``<h3>``, or block whose class names a title, in the box around the
    article, when little text (a date, a source) comes between them."""
    box = article.parent
    for _ in range(3):
        if box is None or box.tag in ("body", "html"):
            return ""
        before, title = 0, ""
        for node in box.traverse(include_text=True):
            if node.mem_id == article.mem_id:
                break
            if node.tag == "-text":
                before += _visible(node.text_content)
                if before > _TEXT_BEFORE:
                    return ""
            elif not title and node.is_element_node:
                attrs = node.attributes
                if node.tag in _HEADING_TAGS or _TITLE_NAME.search(
                        f"{attrs.get('class') or ''} {attrs.get('id') or ''}"):
                    title = _clean(node.text())
                    title = title if 4 <= len(title) <= 100 else ""
        if title:
            return title
        box = box.parent
    return ""


def _words_outside_links(node: LexborNode) -> bool:
    """Whether ``node`` has a word or figure outside its links (asked of small pages)."""
    rest = node.text()
    for link in node.css("a"):
        rest = rest.replace(link.text(), "", 1)
    return bool(_WORD.search(rest))


def _is_chrome(node: LexborNode) -> bool:
    """A small block of site chrome: a footer, or a class or id that names chrome, with
    no table inside (a layout table itself may be chrome; data tables never reach here)."""
    attrs = node.attributes
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return ((node.tag == "footer" or bool(_CHROME.search(names)))
            and len(node.css("table")) == (node.tag == "table")
            and _visible(node.text()) <= _CHROME_LIMIT)


def _clean(raw: str) -> str:
    """Collapse white space (``&nbsp;`` and full-width spaces too) and trim."""
    if "\n" in raw:
        raw = _CJK_BREAK.sub("", raw)
    line = " ".join(raw.split())
    return line if line.isprintable() else " ".join(_INVISIBLE.sub("", line).split())


def _join_cjk(pieces: list[str]) -> str:
    """The lines inside one cell as one string, with no space between two CJK characters."""
    out = pieces[0] if pieces else ""
    for piece in pieces[1:]:
        out += piece if _IS_CJK.match(out[-1]) and _IS_CJK.match(piece) else " " + piece
    return out


class _Writer:
    """Lines of text and tables, in document order, from a walk of the article's tree."""

    def __init__(self, data_tables: dict[int, int] | None = None) -> None:
        #: ids of the tables to read as grids; the others lay out the page
        self.data_tables = data_tables or {}
        #: problems met that did not stop the reading
        self.warnings: list[str] = []
        self.lines: list[str] = []
        self.tables: list[RawTable] = []
        self._pieces: list[str] = []
        self._after_table = 0  # how many lines there were when the last table ended

    def flush(self) -> None:
        if self._pieces:
            line = _clean("".join(self._pieces))
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
            elif tag in _SKIPPED:
                continue
            elif tag == "br":
                if pieces:
                    self.flush()
            elif tag == "pre":  # its line breaks are lines
                if pieces:
                    self.flush()
                self.lines.extend(line for raw in child.text().splitlines() if (line := _clean(raw)))
            elif tag == "table" and child.mem_id in self.data_tables:
                if pieces:
                    self.flush()
                self._table(child)
            elif tag in _BLOCK or tag == "table":
                if tag in _CHROME_TAGS and _is_chrome(child):
                    continue
                if tag == "header" and child.css_first("h1, h2, h3") is None:
                    continue
                if pieces:
                    self.flush()
                text = _lone_text(child)
                if text is None:
                    stack.append((child.iter(include_text=True), True))
                elif line := _clean(text):
                    self.lines.append(line)
            else:  # inline: <span>, <font>, <a>, Word's <o:p> …
                stack.append((child.iter(include_text=True), False))

    def _table(self, table: LexborNode) -> None:
        rows = _grid(table)
        if rows is None:
            self.warnings.append(_TOO_LARGE)
            self.walk(table)
            self.flush()
            return
        caption = table.css_first("caption")
        self.add_table(rows, _clean(caption.text()) if caption is not None else "")

    def add_table(self, rows: list[list[str]], title: str) -> None:
        """Add a table read into ``rows``, with the title of its caption (or "")."""
        if title:
            self.lines.append(title)
        if not rows:
            return
        title = title or self._title_above(rows)
        self.tables.append(RawTable(rows, line=len(self.lines) + 1, index=len(self.tables) + 1,
                                    title=title))
        self.lines.extend("  ".join(row).strip() for row in rows)
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
        if tag in _BLOCK or tag in _SKIPPED or tag in _NOT_INLINE:
            return None
        node = node.child
    return "" if node is None else None


def _cell_text(cell: LexborNode) -> str:
    """A cell's text on one line. Most cells hold one text, maybe wrapped in a <p> or a
    <span>: that chain is followed directly; other cells are walked like the article."""
    node = cell.child
    while node is not None and node.next is None:
        if node.is_text_node:
            return _clean(node.text_content)
        if node.tag in _SKIPPED or node.tag == "br":
            return ""
        node = node.child
    if node is None:
        return ""
    writer = _Writer()
    writer.walk(cell)
    writer.flush()
    return _join_cjk(writer.lines)


def _span(value: str | None, limit: int) -> int:
    """The number of rows or columns a cell's rowspan or colspan asks for, at most ``limit``."""
    if not value:
        return 1
    count = _SPANS.get(value)
    if count is None:
        try:
            count = max(int(value), 1)
        except ValueError:
            count = 1
        if len(_SPANS) < 1000:
            _SPANS[value] = count
    return min(count, limit)


_SPANS: dict[str, int] = {}


def _grid(table: LexborNode) -> list[list[str]] | None:
    """The table's non-empty rows, row- and column-spanned cells repeated in every slot
    they cover, all rows as wide as the widest; None for a grid of more than _MAX_SLOTS
    slots, larger than any report's table (spans can ask for millions)."""
    trs = table.css("tr")
    rows = [[cell for cell in tr.iter() if cell.tag in _CELLS] for tr in trs]
    spans = None
    if table.css_first("[rowspan], [colspan]") is not None:
        spans = [[(attrs.get("colspan"), attrs.get("rowspan")) for attrs in (cell.attributes for cell in row)]
                 for row in rows]
    return _place([[_cell_text(cell) for cell in row] for row in rows], spans)


def _place(rows: list[list[str]], spans: list[list[tuple[str | None, str | None]] | None] | None
           ) -> list[list[str]] | None:
    """The grid of ``rows`` (each row's cell texts): each cell in the first free slot of its
    row, its (colspan, rowspan) attributes in ``spans`` (None: a row, or all rows, of
    cells spanning nothing); see :func:`_grid`."""
    if spans is None:
        grid = rows
    else:
        grid, slots, padded = [[] for _ in rows], 0, set()
        for r, (texts, attributes) in enumerate(zip(rows, spans)):
            row, col = grid[r], 0
            if attributes is None:
                if not row:
                    row.extend(texts)  # a row of plain cells, none spanning into it
                    continue
                attributes = repeat((None, None))
            end = len(row)
            for text, (across, down) in zip(texts, attributes):
                while col < end and row[col] is not None:
                    col += 1  # a slot taken by a cell spanning down from a row above
                if col == end and not across and not down:
                    row.append(text)  # the common cell: one slot, at the row's end
                    col = end = end + 1
                    continue
                across = _span(across, 1000) if across else 1
                for below in range(r, r + _span(down, len(rows) - r) if down else r + 1):
                    cells = grid[below]
                    if len(cells) < col + across:
                        slots += col + across - len(cells)
                        if slots > _MAX_SLOTS:
                            return None
                        cells.extend([None] * (col + across - len(cells)))
                        padded.add(below)
                    cells[col:col + across] = [text] * across
                col += across
                end = len(row)
        for r in padded:  # slots no cell took
            grid[r] = [text or "" for text in grid[r]]
    width = max(map(len, grid), default=0)
    if width * len(grid) > _MAX_SLOTS:
        return None
    return [row if len(row) == width else row + [""] * (width - len(row)) for row in grid if any(row)]


# --- the same reading in bulk ---------------------------------------------------------------
#
# The walk costs a few microseconds of Python per paragraph and per cell. _read_bulk gives
# the same lines and tables with Lexbor doing the per-node work: it cuts out of the article
# what the walk skips (scripts, forms, comments, site chrome), unwraps the inline elements
# and merges the texts they split, so that every text node left is one line; one call then
# gives all the article's texts, NUL between two, and the data tables, read first, stand in
# it as an element holding a NUL each.

_MARKER = "juesuan table"  # no parsed element has a space in its name
_DROP, _CHROME_TAG, _KEEP = 1, 2, 3
_KIND = {**{tag: _KEEP for tag in _BLOCK | {"br", "table", _MARKER}},
         **{tag: _CHROME_TAG for tag in _CHROME_TAGS}, **{tag: _DROP for tag in _SKIPPED}}


def _read_bulk(article: LexborNode, writer: _Writer, cells: dict[int, int], hints: _Hints) -> bool:
    """Add the article's lines and tables to ``writer`` as ``writer.walk`` does, in bulk,
    and its pictures and attached files to ``hints``; False, with nothing done, for a
    page the walk must read (one with ``<pre>``, whose lines are its line breaks).
    ``cells``: data table id -> cells. The page's text must hold no NUL."""
    if article.css_first("pre") is not None:
        return False
    root = article.mem_id
    headers: dict[int, bool] = {}
    holding: set[int] = set()  # elements a table taken out was in
    found = [node for node in article.css("table")
             if node.mem_id in cells and node.mem_id != root and _reached(node, root, headers, holding)]
    kinds, spanning = _inside_cells(found)
    captions = {node.mem_id: (node.css_first("caption") if kinds.get(node.mem_id) == _ELEMENTS
                              else next((child for child in node.iter() if child.tag == "caption"), None))
                for node in found}
    # links and pictures in a cell or a caption: counted before the tables go
    counted = _ELEMENTS in kinds.values() or any(caption is not None for caption in captions.values())
    if counted:
        hints.images, hints.files = len(article.css("img")), _attachments(article)
    read = []
    for key, caption in captions.items():
        if caption is not None:
            kinds.setdefault(key, _BLANKS)  # its cells counted with those of an <svg> in the caption
    for node, rows in zip(found, _quick_grids(found, cells, kinds, spanning)):
        if rows is None:
            writer.warnings.append(_TOO_LARGE)  # and it is read as text where it stands
            continue
        caption = captions[node.mem_id]
        read.append((rows, _clean(caption.text()) if caption is not None else ""))
        if len(read) == 1:
            marker = article.parser.create_node(_MARKER)
            marker.insert_child("\x00")
        node.replace_with(marker)  # a copy of it
    drop, unwrap = [], []
    images, files = 0, [] if article.tag != "a" else _attachments(article)[:1]
    nodes = article.traverse()
    next(nodes)  # the article itself
    for node in nodes:
        tag = node.tag
        kind = _KIND.get(tag)
        if kind is None:
            unwrap.append(node)  # inline: <span>, <font>, <a>, Word's <o:p> …
            if tag == "a" and _ATTACHMENT.search(href := node.attributes.get("href") or ""):
                files.append(href)
        elif kind == _DROP:
            drop.append(node)    # comments too
            images += tag == "img"
        elif kind == _CHROME_TAG and node.mem_id not in cells:
            attrs = node.attributes
            if (tag == "footer" or attrs.get("class") or attrs.get("id")) \
                    and node.mem_id not in holding and _is_chrome(node):
                drop.append(node)
            elif tag == "header":
                if node.mem_id not in headers:
                    headers[node.mem_id] = node.css_first("h1, h2, h3") is None
                if headers[node.mem_id]:
                    drop.append(node)
    if not counted:
        hints.images, hints.files = images, files
    for node in reversed(drop):  # inner ones first
        node.decompose()
    for node in unwrap:
        node.unwrap(delete_empty=True)
    article.merge_text_nodes()
    text = article.text(separator="\x00", skip_empty=True)
    # A table's NUL stands between two separators: two NULs in a row mark a table.
    parts = f"\x00{text}\x00".split("\x00\x00") if text else [""]
    if len(parts) != len(read) + 1:  # pragma: no cover - the parser keeps NULs out of the tree
        raise _Unsure("the tables of the page could not be placed among its lines")
    for index, part in enumerate(parts):
        if index:
            writer.add_table(*read[index - 1])
        writer.lines.extend(_lines(part))
    return True


def _reached(table: LexborNode, root: int, headers: dict[int, bool], holding: set[int]) -> bool:
    """Whether the walk from the element ``root`` reaches ``table``: no element it skips
    holds it. A ``<header>`` on the way is skipped when it has no heading, as decided here
    (in ``headers``) before its tables are taken out; the elements on the way go into
    ``holding``, for the same reason."""
    node, way = table.parent, []
    while node is not None and node.mem_id != root:
        tag = node.tag
        if tag in _SKIPPED:
            return False
        if tag == "header":
            if node.mem_id not in headers:
                headers[node.mem_id] = node.css_first("h1, h2, h3") is None
            if headers[node.mem_id]:
                return False
        way.append(node.mem_id)
        node = node.parent
    holding.update(way)
    return True


def _lines(text: str) -> list[str]:
    """The lines of texts joined by NULs, each cleaned as :func:`_clean` does; no empty one."""
    lines = text.split("\x00")
    if all(map(str.isprintable, lines)) and "  " not in text and " \x00" not in text \
            and "\x00 " not in text and text[:1] != " " and text[-1:] != " ":
        return [line for line in lines if line]  # no white space but single spaces inside
    if "\n" in text:
        text = "\x00".join(_CJK_BREAK.sub("", line) if "\n" in line else line for line in lines)
    lines = " ".join(text.split()).replace(" \x00", "\x00").replace("\x00 ", "\x00").split("\x00")
    if not all(map(str.isprintable, lines)):
        lines = [line if line.isprintable() else " ".join(_INVISIBLE.sub("", line).split()) for line in lines]
    return [line for line in lines if line]


def _cells(text: str) -> list[str]:
    """:func:`_clean` of each of the texts joined by NULs, in a few passes over them all."""
    if not text:
        return []
    # Most cells are clean already, or hold a no-break space alone (&nbsp;, for an empty
    # cell), or have one between two words: then a space for each is all the cleaning.
    quick = text.replace("\xa0", " ").replace("\x00 \x00", "\x00\x00").replace("\x00 \x00", "\x00\x00")
    if quick[:2] == " \x00":
        quick = quick[1:]
    if quick[-2:] == "\x00 ":
        quick = quick[:-1]
    if quick == " ":
        quick = ""
    if ("  " not in quick and " \x00" not in quick and "\x00 " not in quick and quick[:1] != " "
            and quick[-1:] != " " and all(map(str.isprintable, cells := quick.split("\x00")))):
        return cells
    if "\n" in text:
        text = "\x00".join(_CJK_BREAK.sub("", cell) if "\n" in cell else cell for cell in text.split("\x00"))
    cells = " ".join(text.split()).replace(" \x00", "\x00").replace("\x00 ", "\x00").split("\x00")
    if not all(map(str.isprintable, cells)):
        cells = [cell if cell.isprintable() else " ".join(_INVISIBLE.sub("", cell).split()) for cell in cells]
    return cells


_ELEMENTS, _BLANKS = 1, 2  # a table with an element in a cell; else to be read cell by cell


def _inside_cells(tables: list[LexborNode]) -> tuple[dict[int, int], set[int]]:
    """For the ``tables``: id -> _ELEMENTS or _BLANKS (of those with an element in a cell,
    or else an empty cell), and the ids of the rows with a cell spanning rows or columns."""
    kinds, spanning = {}, set()
    for table in tables:
        for node in table.css("td > *, th > *, td:empty, th:empty, [rowspan], [colspan]"):
            parent = node.parent
            if parent.tag in _CELLS:  # an element in a cell
                kinds[table.mem_id] = _ELEMENTS
                break
            if node.tag in _CELLS:
                attrs = node.attributes
                if "rowspan" in attrs or "colspan" in attrs:
                    spanning.add(parent.mem_id)
                child = node.child  # :empty: no child, or comments alone
                if child is None or (not child.is_text_node and not node.text_lexbor()):
                    kinds[table.mem_id] = _BLANKS
    return kinds, spanning


def _quick_grids(tables: list[LexborNode], cells: dict[int, int], kinds: dict[int, int], spanning: set[int]
                 ) -> list[list[list[str]] | None]:
    """:func:`_grid` of each of the data ``tables``. A table whose cells hold text only (no
    element) is read from the texts of its rows, or of its cells, all cleaned at once:
    the walk would give each cell its text."""
    quick, texts = [], []
    for table in tables:
        if kinds.get(table.mem_id) == _ELEMENTS:
            continue
        trs = table.css("tr")
        rows = [tr.text(separator="\x00") for tr in trs]
        # NUL between two texts: with a text in each cell and none between them (no cell
        # empty, as many texts as cells), a row's texts are its cells
        counts = [row.count("\x00") + 1 if row else 0 for row in rows]
        if kinds.get(table.mem_id) == _BLANKS or sum(counts) != cells[table.mem_id]:
            cell_texts = [[cell.text_lexbor() for cell in tr.iter() if cell.tag_id in _CELL_IDS] for tr in trs]
            rows = ["\x00".join(row) for row in cell_texts]
            counts = [len(row) for row in cell_texts]
        quick.append((trs, counts))
        texts.extend(row for row, count in zip(rows, counts) if count)
    values = _cells("\x00".join(texts))
    grids, start, quick = [], 0, iter(quick)
    for table in tables:
        if kinds.get(table.mem_id) == _ELEMENTS:
            grids.append(_grid(table))
            continue
        trs, counts = next(quick)
        rows = []
        for count in counts:
            rows.append(values[start:start + count])
            start += count
        spans = None
        if spanning:
            ids = [tr.mem_id for tr in trs]
            if not spanning.isdisjoint(ids):
                spans = [None if key not in spanning
                         else [(attrs.get("colspan"), attrs.get("rowspan"))
                               for attrs in (cell.attributes for cell in tr.iter() if cell.tag in _CELLS)]
                         for key, tr in zip(ids, trs)]
        grids.append(_place(rows, spans))
    return grids


class _Hints:
    """What the article holds that its text does not: pictures, links to files."""

    __slots__ = ("files", "images")

    def __init__(self, images: int = 0, files: list[str] | None = None) -> None:
        self.images, self.files = images, files or []


def _attachments(article: LexborNode) -> list[str]:
    """The links of the article to files a report may be in."""
    return [href for link in article.css("a[href]")
            if _ATTACHMENT.search(href := link.attributes.get("href") or "")]


def _hints(hints: _Hints, writer: _Writer) -> list[str]:
    """Warnings for a page whose report is not in its text: tables as pictures, or the
    report attached as a file."""
    warnings = []
    if hints.images and not writer.tables:
        warnings.append(f"the article has {hints.images} images and no tables: its tables may be pictures")
    if hints.files:
        warnings.append(f"the page links to {len(hints.files)} attached files (e.g. {hints.files[0]}): "
                        "the report may be in them")
    return warnings
