"""Tables printed one cell per line, as a tool that takes a PDF's text block by block
writes them: each cell of a ruled table is a block of its own, so a row comes as its
code, its label (in one piece or two, where it wraps) and its figures, each on a line,
often with a blank line between blocks.

The cells are read in order and put back into rows: a row begins at a code, or at words
after figures, and takes the figures that follow its label. The header's cells say which
of the template's columns the table prints; the figures of a row go to those columns in
the template's order (:meth:`TableSpec.halves`), as for a table printed with single
spaces. Each row of a two-sided table is then placed in its half as a line printing one
half is (by its names, its numbering, its number of figures).

Where a row's figures are fewer than its half's columns (a blank cell printed as
nothing) nothing says which cells are blank: the row is read, but left unchecked. A page
number between the cells goes where it reads as one (a whole number among amounts, or a
figure too many at a page break); the numbers of a 行次 column and of a 栏次 line are no
figures. Where the cells cannot be put back into rows (a header that names no column,
cells that come in another order than the rows': a tool that takes the page column by
column), the table is handed on unread, its lines still the table's.
"""
from __future__ import annotations

from juesuan.model.characters import narrow
from juesuan.readers.flow import is_page_number
from juesuan.tables.spec import SANGONG_PARTS, TableSpec, is_sangong_kind, sangong_column
from juesuan.tables.text_tables import (_CODE, _DASH, _HEADER_WORD, _INDEX, _NUM, _NUMBERED, _RIGHT_CODES,
                                        _ROW_WORDS, _TOTALS, _Body, _Col, _clean, _frame, _half_names,
                                        _halves_frame, _has_codes, _header_row, _joined_codes, _name_key,
                                        _named_halves, _near_page_break, _place_rows, _row_names, _starts_row, _Tok,
                                        _tokens, _without_unit)
from juesuan.tables.text_tables import _uncoded as _uncoded_words

#: at least this many figures alone on their lines, and this many times the lines that
#: print figures beside other words, make a table printed one cell per line
_MIN_ALONE = 3
_ALONE_PER_ROW = 4
#: a table more than one in this many of whose rows show its cells out of the rows' order
#: is not read
_MAX_ODD = 10
#: the header of the column that numbers the rows
_ROW_NUMBER = "行次"


def one_cell_per_line(lines: list[str], first: int, end: int, blank: set[int]) -> bool:
    """Whether a table's lines print one cell each: most of its figures stand alone on
    their lines (a row printed on one line puts its figures beside its label)."""
    printed = [plain for k in range(first, end) if k not in blank and (plain := narrow(lines[k].strip()))]
    # a code alone is no figure; nor, counting, is a whole number that reads as one
    alone = sum(1 for plain in printed if plain in _DASH or (_NUM.fullmatch(plain) and not _CODE.fullmatch(plain)))
    if alone < _MIN_ALONE:                      # a table of rows on lines: asked no further
        return False
    beside = sum(1 for plain in printed if any(c.isdigit() for c in plain) and len(toks := _tokens(plain)) > 1
                 and _figures(toks))
    return alone >= _ALONE_PER_ROW * beside


def _before_words(toks: list[_Tok], n: int) -> bool:
    return n + 1 < len(toks) and toks[n + 1].kind == "text"


def is_figure_line(plain: str) -> bool:
    """A line that holds a figure alone."""
    toks = _tokens(narrow(plain))
    return len(toks) == 1 and toks[0].is_number


def header_named(lines: list[str], first: int, end: int, blank: set[int]) -> bool:
    """Whether the lines above a cell table's first figure name columns (a list of table
    names is no table)."""
    for k in range(first, end):
        plain = lines[k].strip() if k not in blank else ""
        if not plain:
            continue
        toks = _tokens(narrow(plain))
        if len(toks) == 1 and toks[0].is_number and not toks[0].is_code:
            return False
        if _HEADER_WORD.search(plain):
            return True
    return False


# --- the cells in order ----------------------------------------------------------------------


def _stream(lines: list[str], body: _Body) -> list[tuple[int, _Tok]]:
    """The table's words in reading order, each with its line; every word has a place of
    its own (the placing code tells tokens apart by their places)."""
    out: list[tuple[int, _Tok]] = []
    at = 0
    for k in range(body.first, body.end):
        if k in body.blank:
            continue
        text = narrow(lines[k].replace("\f", " ").strip())
        if not text:
            continue
        for tok in _without_unit(_tokens(text)):
            width = tok.c1 - tok.c0
            tok.c0 = tok.d0 = tok.x0 = at
            tok.c1 = tok.d1 = tok.x1 = at + width
            at += width + 2
            out.append((k, tok))
    return out


def _uncoded(stream: list[tuple[int, _Tok]], spec: TableSpec) -> list[tuple[int, _Tok]]:
    """In a table without codes, a whole amount before the next row's label ("180" /
    "八、…") is the row's last figure (see :func:`_uncoded_words`)."""
    toks = [tok for _, tok in stream]
    if not _has_codes(spec, toks):      # the header comes first: a 编码 is the header's
        _uncoded_words(toks)
    return stream


def _codes_joined(stream: list[tuple[int, _Tok]]) -> list[tuple[int, _Tok]]:
    """An economic code printed as 类 and 款 in cells of their own ("301" / "01") as one,
    on the line of its 类."""
    out: list[tuple[int, _Tok]] = []
    n = 0
    for tok in _joined_codes([tok for _, tok in stream]):
        out.append((stream[n][0], tok))
        n += 1 if tok is stream[n][1] else 2
    return out


def _is_code(stream: list[tuple[int, _Tok]], n: int) -> bool:
    """A code opens a row: a 类/款/项 number with words after it."""
    tok = stream[n][1]
    if tok.joined:
        return True
    return tok.is_code and n + 1 < len(stream) and stream[n + 1][1].kind in ("text", "gap")


def _is_figure(stream: list[tuple[int, _Tok]], n: int) -> bool:
    return stream[n][1].is_number and not _is_code(stream, n)


def _without_column_numbers(stream: list[tuple[int, _Tok]]) -> list[tuple[int, _Tok]]:
    """Without the cells that number the columns ("栏次" / "1" / "2" …, or 1, 2 … n alone):
    they are no figures."""
    out: list[tuple[int, _Tok]] = []
    n = 0
    while n < len(stream):
        tok = stream[n][1]
        run = _counting(stream, n + 1 if _INDEX.match(tok.text) else n)
        if _INDEX.match(tok.text) or len(run) >= 3:
            n = max(n + 1, run[-1] + 1 if run else n + 1)
            continue
        out.append(stream[n])
        n += 1
    return out


def _counting(stream: list[tuple[int, _Tok]], n: int) -> list[int]:
    """The cells from ``n`` on that count 1, 2, 3 … (or "栏次" again, between them)."""
    run: list[int] = []
    expected = 1
    while n < len(stream):
        text = stream[n][1].text
        if text == str(expected):
            run.append(n)
            expected += 1
        elif not _INDEX.match(text):
            break
        n += 1
    return run


def _without_row_numbers(stream: list[tuple[int, _Tok]]) -> list[tuple[int, _Tok]]:
    """Without the rows' numbers of a table with a 行次 column: the whole number right
    after a label, before the row's figures ("一、一般公共预算财政拨款收入" / "1" / "100.00")."""
    return [(k, tok) for n, (k, tok) in enumerate(stream)
            if not (n and stream[n - 1][1].kind == "text" and tok.kind == "num" and tok.text.isdigit()
                    and len(tok.text) <= 3 and n + 1 < len(stream) and stream[n + 1][1].is_number)]


def _without_page_numbers(stream: list[tuple[int, _Tok]]) -> list[tuple[int, _Tok]]:
    """Without a page number alone between cells, in a table that prints its amounts with
    decimals: a whole number there is none of its figures, and no code (no words follow)."""
    if not _prints_decimals(stream):
        return stream
    return [(k, tok) for n, (k, tok) in enumerate(stream)
            if not (tok.kind == "num" and tok.text.isdigit() and is_page_number(tok.text) and not _is_code(stream, n))]


# --- the header and the first row ------------------------------------------------------------


def _first_row(stream: list[tuple[int, _Tok]], spec: TableSpec) -> int | None:
    """Where the first row begins: its label (and its code) right before the first figure
    (the 三公 table's row is figures alone)."""
    first = next((n for n in range(len(stream)) if _is_figure(stream, n)), None)
    if first is None:
        return None
    if spec.key == "sangong":
        return first
    start = first
    if start and stream[start - 1][1].kind in ("text", "gap"):
        start -= 1
        piece = start - 1
        # a label that wraps: its first piece opens a row ("一、一般公共预算财政" / "拨款收入")
        if piece >= 0 and stream[piece][1].kind == "text" and not _starts_row(_clean(stream[start][1].text)) \
                and _starts_row(_clean(stream[piece][1].text)):
            start = piece
    if start and _is_code(stream, start - 1):
        start -= 1
    return start if start else None


def _cells_frame(spec: TableSpec, header: list[_Tok]):
    """The template's columns that the header's cells name, in the template's order."""
    words = [tok.text.replace(" ", "") for tok in header]
    if spec.key == "sangong":
        return _sangong_frame(spec, words)
    halves = _named_halves(spec, words)
    if halves is None:
        return None
    return _halves_frame(spec, halves, any("编码" in word for word in words), 0)


def _sangong_frame(spec: TableSpec, words: list[str]):
    """The 三公 table's twelve columns, when its header's innermost cells are twelve
    预算数 / 决算数: the six items in the template's order, each with its two."""
    kinds = [word for word in words if is_sangong_kind(word)]
    if len(kinds) != 2 * len(SANGONG_PARTS):
        return None
    columns = []
    for word, part in zip(kinds, (part for part in SANGONG_PARTS for _ in (0, 1))):
        column = _Col(0, 0, words={0: [part, word]})
        column.key = sangong_column(column.header())
        columns.append(column)
    if len({column.key for column in columns}) != len(columns) or None in {column.key for column in columns}:
        return None
    frame = _frame(columns, spec)
    frame.plain = True
    return frame


# --- rows ------------------------------------------------------------------------------------


def _rows(stream: list[tuple[int, _Tok]], two_sided: bool, header: frozenset[str]) -> list[tuple[int, list[_Tok]]]:
    """The data cells grouped into rows (line of the row's first cell, its words): a row
    begins at a code, at words after figures, and in a two-sided table at a numbered
    label after words (the left label printed without its figure). A header printed
    again on a new page is left out."""
    rows: list[tuple[int, list[_Tok]]] = []
    figures = False
    n = 0
    while n < len(stream):
        k, tok = stream[n]
        skip = _repeated_header(stream, n, header) if not rows or figures else 0
        if skip:
            n += skip
            continue
        code = _is_code(stream, n)
        figure = tok.is_number and not code
        numbered = two_sided and tok.kind == "text" and _NUMBERED.match(tok.text) is not None
        opens = not rows or (code and bool(rows[-1][1])) or (not figure and figures) \
            or (numbered and not figures and any(t.kind == "text" for t in rows[-1][1]))
        if opens:
            rows.append((k, []))
            figures = False
        rows[-1][1].append(tok)
        figures = figures or figure
        n += 1
    return rows


def _on_lines(rows: list[tuple[int, list[_Tok]]], lines: dict[int, int],
              first: int) -> list[tuple[int, list[_Tok]]] | None:
    """Each row on a line of its own: that of its first cell, or the next of its cells'
    lines when a row before took it (None when a row has no line left)."""
    taken = {first}
    out = []
    for _, toks in rows:
        k = next((lines[id(tok)] for tok in toks if lines[id(tok)] not in taken), None)
        if k is None:
            return None
        taken.add(k)
        out.append((k, toks))
    return out


def _without_page_number(toks: list[_Tok], width: int, at_break) -> list[_Tok]:
    """A row's figures without the page number that stands after them at a page break
    (before the form feed or after it): a whole number there, when the row has a figure
    too many, is the page's number."""
    while _figures(toks) > width and toks[-1].kind == "num" and toks[-1].text.isdigit() \
            and is_page_number(toks[-1].text) and at_break(toks[-1]):
        toks = toks[:-1]
    return toks


def _printed_rows(rows: list[tuple[int, list[_Tok]]], frame) -> list[tuple[int, list[_Tok]]]:
    """A two-sided table's rows as printed: a left half's row with figures and the right
    half's row after it make one line (the left and the right items of one printed row),
    where what they say puts the first on the left and the second on the right."""
    names = _half_names(frame.spec)
    widths = [len(block.figs) for block in frame.blocks]
    out: list[tuple[int, list[_Tok]]] = []
    joined = False
    for k, toks in rows:
        if out and not joined and _pair(out[-1][1], toks, names, widths):
            out[-1] = (out[-1][0], out[-1][1] + toks)
            joined = True
            continue
        out.append((k, toks))
        joined = False
    return out


def _pair(left: list[_Tok], right: list[_Tok], names, widths: list[int]) -> bool:
    """Whether two rows with figures are the two halves of one printed row: neither says
    it is of the other half, one says it is of its own, or both are the same total."""
    if not (_figures(left) and _figures(right)):
        return False
    a, b = _half(left, names, widths), _half(right, names, widths)
    if a == 1 or b == 0:
        return False
    return a == 0 or b == 1 or (_label(left) == _label(right) and _label(left) in _TOTALS)


def _half(toks: list[_Tok], names, widths: list[int]) -> int | None:
    """The half a row says it is of (None when it does not say): the one half its name is
    one of, its economic code's half, or the one half with as many columns as its figures."""
    label = _name_key(_label(toks))
    named = [n for n, half in enumerate(names) if label in half]
    if len(named) == 1:
        return named[0]
    code = next((tok.text for n, tok in enumerate(toks) if _is_code_at(toks, n)), "")
    if code:
        return 1 if code.startswith(_RIGHT_CODES) else 0
    fits = [n for n, width in enumerate(widths) if width == _figures(toks)]
    return fits[0] if len(fits) == 1 else None


def _figures(toks: list[_Tok]) -> int:
    """How many figures a row (or a line) prints."""
    return sum(tok.is_number and not _is_code_at(toks, n) for n, tok in enumerate(toks))


def _is_code_at(toks: list[_Tok], n: int) -> bool:
    """A code: a 类/款/项 or economic number before words, or one joined from two cells."""
    return toks[n].joined or toks[n].is_code and _before_words(toks, n)


def _label(toks: list[_Tok]) -> str:
    return _clean(" ".join(tok.text for tok in toks if tok.kind == "text"))


def _repeated_header(stream: list[tuple[int, _Tok]], n: int, header: frozenset[str]) -> int:
    """How many cells from ``n`` on repeat the header (two at least, all of them its
    words); the last stays when figures follow it: it is the next row's label."""
    end = n
    while end < len(stream) and stream[end][1].kind == "text" and _clean(stream[end][1].text) in header:
        end += 1
    if end < len(stream) and stream[end][1].is_number and not _is_code(stream, end):
        end -= 1
    return end - n if end - n >= 2 else 0


# --- the grid --------------------------------------------------------------------------------


def cut_cells(lines: list[str], body: _Body, spec: TableSpec) -> tuple[list[list[str]], set[int]]:
    """The grid of a table printed one cell per line and its uncertain rows: one grid row
    per line, as for any text table, a row's cells on the line of its first cell (the
    header's on the first line), its other lines blank."""
    read = _read_rows(lines, body, spec)
    if read is None:
        return _unread(lines, body)
    frame, rows, unsure = read
    placed, uncertain = _place_rows(frame, dict(rows), 1)
    grid = [[""] * len(frame.columns) for _ in range(body.first, body.end)]
    grid[0] = _header_row(frame, 0, None)
    for k, cells in placed.items():
        grid[k - body.first] = cells
    uncertain |= {k for k, cells in placed.items() if _short(frame, cells)} | unsure
    return grid, {k - body.first for k in uncertain}


def _read_rows(lines: list[str], body: _Body, spec: TableSpec):
    """The table's columns, its rows (the line each goes on, its words) and the lines of
    the rows whose cells may be out of order; None when the cells cannot be put back
    into rows."""
    stream = _codes_joined(_uncoded(_stream(lines, body), spec))
    numbered = any(_clean(tok.text) == _ROW_NUMBER for _, tok in stream)     # a header's word
    stream = _without_page_numbers(_without_column_numbers(stream))
    start = _first_row(stream, spec)
    head = [tok for _, tok in stream[:start or 0]]
    frame = _cells_frame(spec, head) if start is not None else None
    if frame is None:
        return None
    if numbered:
        stream = stream[:start] + _without_row_numbers(stream[start:])
    line_of = {id(tok): k for k, tok in stream}
    header = frozenset(_clean(tok.text) for tok in head)
    rows = _rows(stream[start:], len(frame.blocks) > 1, header)
    width = max(len(block.figs) for block in frame.blocks)
    rows = [(k, _without_page_number(toks, width, lambda tok: _near_page_break(lines, line_of[id(tok)])))
            for k, toks in rows]
    odd = _out_of_order(rows, spec, header, width, _prints_decimals(stream))
    if len(odd) * _MAX_ODD > sum(1 for _, toks in rows if _figures(toks)):
        return None
    odd_words = {id(tok) for _, toks in rows if id(toks) in odd for tok in toks}
    if len(frame.blocks) > 1:
        rows = _printed_rows(rows, frame)
    rows = _on_lines(rows, line_of, body.first)
    if rows is None:
        return None
    return frame, rows, {k for k, toks in rows if any(id(tok) in odd_words for tok in toks)}


def _out_of_order(rows: list[tuple[int, list[_Tok]]], spec: TableSpec, header: frozenset[str],
                  width: int, decimals: bool) -> set[int]:
    """The rows (ids of their words) that show the cells did not come in the order of the
    rows (labels apart from their figures): more figures than a half has columns, a code
    among the figures of a table of decimals, a label that runs several of the header's
    words together (and is no row's name), or, in a table of 类 / 款 / 项 lines, figures
    after a label that is neither a code's nor a total's."""
    words = sorted((word for word in header if len(word) >= 4), key=len, reverse=True)
    odd = set()
    for _, toks in rows:
        figures = _figures(toks)
        if not figures:
            continue
        stray = decimals and any(tok.kind == "num" and _CODE.fullmatch(tok.text) and not _is_code_at(toks, n)
                                 for n, tok in enumerate(toks))
        coded = any(_is_code_at(toks, n) for n in range(len(toks)))
        label = _label(toks)
        glued = _header_words_in(label, words) >= 2 and _name_key(label) not in _row_names()
        if figures > width or stray or glued \
                or (spec.classified and not coded and not _ROW_WORDS.fullmatch(label)):
            odd.add(id(toks))
    return odd


def _header_words_in(label: str, words: list[str]) -> int:
    """How many of the header's words a label holds, each in a place of its own."""
    count = 0
    for word in words:
        if word in label:
            label = label.replace(word, "\0", 1)
            count += 1
    return count


def _prints_decimals(stream: list[tuple[int, _Tok]]) -> bool:
    """Whether a table prints its amounts with decimals: nine in ten of its figures that
    cannot be a code."""
    figures = [tok for n, (_, tok) in enumerate(stream) if _is_figure(stream, n) and not _CODE.fullmatch(tok.text)]
    return len(figures) >= 4 and sum("." in tok.text for tok in figures) >= 0.9 * len(figures)


def _unread(lines: list[str], body: _Body) -> tuple[list[list[str]], set[int]]:
    """A table whose cells could not be put back into rows (its header names no column,
    its cells come in another order): its lines, each a row of words with no figure
    column and none placed for sure, so that the table is known and said to be unread,
    and no other reader takes its lines for the report's text."""
    grid = [[_clean(lines[k].replace("\f", " ")) if k not in body.blank else ""] for k in range(body.first, body.end)]
    return grid, {n for n, row in enumerate(grid) if row[0]}


def _short(frame, cells: list[str]) -> bool:
    """Whether a row prints fewer figures in a half than the half has columns: which of
    them are blank, nothing says."""
    for block in frame.blocks:
        count = sum(bool(cells[j]) for j in block.figs)
        if 0 < count < len(block.figs):
            return True
    return False
