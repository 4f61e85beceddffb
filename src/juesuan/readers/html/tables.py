"""The data tables of a page read into grids (merged cells repeated in every slot they
cover) and taken out of the tree, an empty ``<table>`` standing in the place of each."""
from __future__ import annotations

from itertools import repeat

from selectolax.lexbor import LexborHTMLParser, LexborNode

from juesuan.readers.html.nodes import (
    CAPTION_ID, CELLS, CELL_IDS, CJK_BREAK, INVISIBLE, MAX_SLOTS, P_ID, PRE_ID, TABLE_ID, TR_ID, WALKED_IDS,
    attachments, clean, visible,
)
from juesuan.readers.html.walk import cell_text


class Tables:
    """The page's data tables: the grids of figures, not the tables that lay out the page or
    frame the article. Each one read as a grid is taken out of the tree and an empty
    ``<table>`` stands in its place, so that the search for the article and the reading of
    its lines go over the rest of the text only; what it held is kept here."""

    def __init__(self) -> None:
        #: id -> characters of text, of every data table (its stand-in's id when taken out)
        self.sizes: dict[int, int] = {}
        #: stand-in id -> characters of text of the table it stands for
        self.taken: dict[int, int] = {}
        #: stand-in id -> (the grid, the caption's text)
        self.read: dict[int, tuple[list[list[str]], str]] = {}
        #: stand-in id -> links to attached files the table held
        self.files: dict[int, list[str]] = {}
        #: ids of the data tables left in place, too large for a grid: read as text
        self.left: set[int] = set()

    @property
    def total(self) -> int:
        return sum(self.sizes.values())


def take_tables(tree: LexborHTMLParser, body: LexborNode, quick: bool) -> Tables:
    """Find the data tables (no table inside, more than one cell, 100 characters a cell at
    most on average), read their grids and put a stand-in in their place. ``quick``: read
    the grids from the texts of their rows (:func:`_quick_grids`), else cell by cell
    (:func:`_grid`, the reference). A table inside a ``<pre>`` stays: its text is the pre's."""
    tables = Tables()
    found = body.css("table")
    if not found:
        return tables
    holding, in_pre = _nesting(found)
    data, rows, captions, kinds, spanning = [], [], [], {}, set()
    for table in found:
        if table.mem_id in holding:
            continue
        count = len(table.css("td, th"))
        if count <= 1:
            continue
        trs = texts = None
        caption = next((kid for kid in table.iter() if kid.tag_id == CAPTION_ID), None)
        if quick:
            # (a caption may hold an <svg> or <math> with cells of its own)
            trs = _rows_and_cells(table, kinds, spanning, wrappers=caption is None)
            if caption is None:
                texts = [tr.text(separator="\x00") for tr in trs]
                joined = "".join(texts)
                size = visible(joined) - joined.count("\x00")
        if texts is None:  # the whole text; a caption's <svg> or <math> may hold rows of its own
            size = visible(table.text())
        if size <= 100 * count:
            data.append((table, count, size))
            rows.append((trs, texts))
            captions.append(caption)
    grids = _quick_grids(data, rows, kinds, spanning) if quick else [_grid(table) for table, _, _ in data]
    stand_in = None
    for (table, _, size), caption, grid in zip(data, captions, grids):
        key = table.mem_id
        if grid is None or key in in_pre:
            tables.sizes[key] = size
            if grid is None:
                tables.left.add(key)
            continue
        title = clean(caption.text()) if caption is not None else ""
        # a link is an element: none is in a table whose cells hold text alone
        links = attachments(table) if not quick or caption is not None or kinds.get(key, _BLANKS) != _BLANKS else []
        if stand_in is None:
            stand_in = tree.create_node("table")
        table.insert_before(stand_in)  # a copy of it
        key = table.prev.mem_id
        table.decompose()
        tables.sizes[key] = tables.taken[key] = size
        tables.read[key] = (grid, title)
        if links:
            tables.files[key] = links
    return tables


def _nesting(tables: list[LexborNode]) -> tuple[set[int], set[int]]:
    """The ids of the ``tables`` (all of a page, in document order) that hold another, and
    of those inside a ``<pre>``: from one walk up from each table, no element walked twice."""
    holding, in_pre, above = set(), set(), {}  # above: element id -> it or one above it is a <pre>
    for table in tables:
        path, node = [], table.parent
        while node is not None and (key := node.mem_id) not in above:
            tag = node.tag_id
            if tag == TABLE_ID:
                holding.add(key)
            path.append((key, tag == PRE_ID))
            node = node.parent
        pre = above[key] if node is not None else False
        for key, is_pre in reversed(path):
            above[key] = pre = pre or is_pre
        if pre:
            in_pre.add(table.mem_id)
    return holding, in_pre


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
    they cover, all rows as wide as the widest; None for a grid of more than MAX_SLOTS
    slots, larger than any report's table (spans can ask for millions)."""
    trs = table.css("tr")
    rows = [[cell for cell in tr.iter() if cell.tag in CELLS] for tr in trs]
    spans = None
    if table.css_first("[rowspan], [colspan]") is not None:
        spans = [[(attrs.get("colspan"), attrs.get("rowspan")) for attrs in (cell.attributes for cell in row)]
                 for row in rows]
    return _place([[cell_text(cell) for cell in row] for row in rows], spans)


def _place(rows: list[list[str]], spans: list[list[tuple[str | None, str | None]] | None] | None
           ) -> list[list[str]] | None:
    """The grid of ``rows`` (each row's cell texts): each cell in the first free slot of its
    row, its (colspan, rowspan) attributes in ``spans`` (None: a row, or all rows, of
    cells spanning nothing); see :func:`_grid`."""
    if spans is None:
        grid = rows
    else:
        grid, slots, padded, reach = [[] for _ in rows], 0, set(), 0
        last = max((r for r, attributes in enumerate(spans) if attributes is not None), default=-1)
        for r, (texts, attributes) in enumerate(zip(rows, spans)):
            if r > last and r >= reach:  # no cell spans into this row or those below
                grid[r:] = rows[r:]
                break
            row, col = grid[r], 0
            if attributes is None:
                if not row:
                    grid[r] = texts  # a row of plain cells, none spanning into it
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
                down = r + _span(down, len(rows) - r) if down else r + 1
                reach = max(reach, down)
                for below in range(r, down):
                    cells = grid[below]
                    if len(cells) < col + across:
                        slots += col + across - len(cells)
                        if slots > MAX_SLOTS:
                            return None
                        cells.extend([None] * (col + across - len(cells)))
                        padded.add(below)
                    cells[col:col + across] = [text] * across
                col += across
                end = len(row)
        for r in padded:  # slots no cell took
            grid[r] = [text or "" for text in grid[r]]
    width = max(map(len, grid), default=0)
    if width * len(grid) > MAX_SLOTS:
        return None
    return [row if len(row) == width else row + [""] * (width - len(row)) for row in grid if any(row)]


def _cells(text: str) -> list[str]:
    """:func:`clean` of each of the texts joined by NULs, in a few passes over them all."""
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
            and quick[-1:] != " " and quick.replace("\x00", "").isprintable()):
        return quick.split("\x00")
    if "\n" in text:
        text = "\x00".join(CJK_BREAK.sub("", cell) if "\n" in cell else cell for cell in text.split("\x00"))
    cells = " ".join(text.split()).replace(" \x00", "\x00").replace("\x00 ", "\x00").split("\x00")
    if not all(map(str.isprintable, cells)):
        cells = [cell if cell.isprintable() else " ".join(INVISIBLE.sub("", cell).split()) for cell in cells]
    return cells


# How a table's cells are read, the slowest its cells ask for: each walked, as the walk
# does (an element in a cell); cell by cell, the wrapping elements aside; cell by cell.
_ELEMENTS, _WRAPPED, _BLANKS = 1, 2, 3


def _rows_and_cells(table: LexborNode, kinds: dict[int, int], spanning: set[int], wrappers: bool
                    ) -> list[LexborNode]:
    """The rows of ``table``, found in one search with what makes it slower to read
    (``kinds``: its id -> the slowest): an element in a cell that may change the cell's
    text (_ELEMENTS), else elements that only wrap it (_WRAPPED: inline ones and ``<p>``,
    as Word puts in every cell; taken as such when ``wrappers``), else an empty cell
    (_BLANKS); the ids of the rows with a cell spanning rows or columns go into ``spanning``."""
    trs, key = [], table.mem_id
    for node in table.css("tr, td:empty, th:empty, tr > * *, [rowspan], [colspan]"):
        tag = node.tag_id
        if tag == TR_ID:
            trs.append(node)
            continue
        kind = kinds.get(key)
        if kind == _ELEMENTS:
            continue
        if tag in CELL_IDS:
            attrs = node.attributes
            if "rowspan" in attrs or "colspan" in attrs:
                spanning.add(node.parent.mem_id)
            child = node.child  # :empty: no child, or comments alone
            if kind is None and (child is None or (not child.is_text_node and not node.text_lexbor())):
                kinds[key] = _BLANKS
        elif wrappers and (tag == P_ID or tag not in WALKED_IDS):  # an element in a cell
            kinds[key] = _WRAPPED
        else:
            kinds[key] = _ELEMENTS
    return trs


def _wrapped(trs: list[LexborNode]) -> list[list[str]]:
    """The cells' texts of rows whose cells wrap their text in inline elements and ``<p>``:
    a cell with one text (white space aside) is that text, as the walk gives it; a cell
    with more is walked."""
    rows = []
    for tr in trs:
        row = []
        for cell in tr.iter():
            if cell.tag_id in CELL_IDS:
                texts = [text for text in cell.text(separator="\x00").split("\x00") if text and not text.isspace()]
                row.append(clean(texts[0]) if len(texts) == 1 else cell_text(cell) if texts else "")
        rows.append(row)
    return rows


def _quick_grids(data: list[tuple[LexborNode, int, int]], rows: list[tuple[list[LexborNode] | None, list[str] | None]],
                 kinds: dict[int, int], spanning: set[int]) -> list[list[list[str]] | None]:
    """:func:`_grid` of each of the data tables (``data``: table, cells, characters; ``rows``:
    its rows and their texts, NUL between two texts, or None to be found). A table whose
    cells hold text only (no element) is read from the texts of its rows, or of its cells,
    all cleaned at once: the walk would give each cell its text."""
    quick, texts = [], []
    for (table, cells, _), (trs, row_texts) in zip(data, rows):
        kind = kinds.get(table.mem_id)
        if kind == _ELEMENTS or kind == _WRAPPED:
            continue
        counts = None
        if row_texts is not None and kind != _BLANKS:
            # with a text in each cell and none between them (no cell empty, as many texts
            # as cells), a row's texts are its cells
            counts = [row.count("\x00") + 1 if row else 0 for row in row_texts]
            if sum(counts) != cells:
                counts = None
        if counts is None:
            cell_texts = [[cell.text_lexbor() for cell in tr.iter() if cell.tag_id in CELL_IDS] for tr in trs]
            row_texts = ["\x00".join(row) for row in cell_texts]
            counts = [len(row) for row in cell_texts]
        quick.append((trs, counts))
        texts.extend(row for row, count in zip(row_texts, counts) if count)
    values = _cells("\x00".join(texts))
    grids, start, quick = [], 0, iter(quick)
    for (table, _, _), (trs, _) in zip(data, rows):
        kind = kinds.get(table.mem_id)
        if kind == _ELEMENTS:
            grids.append(_grid(table))
            continue
        if kind == _WRAPPED:
            row_cells = _wrapped(trs)
        else:
            trs, counts = next(quick)
            row_cells = []
            for count in counts:
                row_cells.append(values[start:start + count])
                start += count
        spans = None
        if spanning:
            ids = [tr.mem_id for tr in trs]
            if not spanning.isdisjoint(ids):
                spans = [None if key not in spanning
                         else [(attrs.get("colspan"), attrs.get("rowspan"))
                               for attrs in (cell.attributes for cell in tr.iter() if cell.tag in CELLS)]
                         for key, tr in zip(ids, trs)]
        grids.append(_place(row_cells, spans))
    return grids
