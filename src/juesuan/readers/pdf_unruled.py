"""Tables printed without rules (a Word table with its borders taken away, a web page's
table without borders), found by where their words stand.

A page without drawn tables whose lines look like table rows (several figures not
followed by a unit) is read character by character: characters that touch make words;
words whose heights overlap make a band (a row's cells vertically centred overlap its
wrapped name); consecutive bands of several words, with a column of figures (figures
alone, one above the other, down three rows; or one row of several under a header), make
a table, its header's lines above it. Its columns are the gaps that no word of its rows
with figures crosses; in each band a gap is a rule unless a word of the band crosses it
(a header cell merged over columns). With these rules drawn in, the table is read as a
ruled one (one cell's wrapped lines joined: a name, a figure cut in a narrow column). A
band of words alone, each under a name of the band above, that begins no row of its own
(no code, number or total) is the rest of that band's names, printed on the line below.
A page the table runs on to keeps its columns.

A line of sentences (a full stop, a comma, a unit after a figure) is never a row, and a
page where this finds no table keeps its lines as they are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

#: a figure of a table cell: not followed by a unit, as the explanation's figures are
_TABLE_FIGURE = re.compile(r"\d\.\d\d(?=\s*$|\s+(?![万亿千]?元|%|％))")
_FIGURE = re.compile(r"[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+")
_DIGIT = re.compile(r"\d")
_ROW_START = re.compile(r"\d{3}(?:\d{2}){0,2}$|[（(]?[一二三四五六七八九十]+[、)）.．]|\d+[、.．]|"
                        r".*(?:合计|总计|小计)$|年[初末]|本年|使用|结余分配")
#: a table has this many rows with figures, or one row with this many figures under a header
_MIN_ROWS = 3
_MIN_FIGURES = 4
#: a gap wider than this many character heights parts two words (two cells): within a
#: cell the characters of a name or a figure touch; between two cells of a web page's
#: table without borders there may be no more than its cells' padding, a few points
_WORD_GAP = 0.15
#: what a line of the explanation has and a row of a table never has
_SENTENCE = re.compile(r"[。，；]|[万亿千]?元$|^[万亿千]?元|[%％]$")


@dataclass(slots=True)
class _Word:
    text: str
    left: float
    right: float
    bottom: float
    top: float

    @property
    def figure(self) -> bool:
        return _FIGURE.fullmatch(self.text.replace(" ", "")) is not None


@dataclass(slots=True)
class _Band:
    words: list[_Word]
    bottom: float
    top: float

    @property
    def figures(self) -> int:
        return sum(word.figure for word in self.words)

    @property
    def prose(self) -> bool:
        """A line of sentences ("… 5,912.61 万元，…"), never a row of a table."""
        return any(_SENTENCE.search(word.text) for word in self.words)


def worth_reading(line_texts: list[str]) -> bool:
    """Whether a page's lines hold enough figures of table cells to look for a table:
    three rows with two figures or more, or one with several (the 三公 table has one row);
    a line of the explanation has at most one figure without its unit, at its end, where
    the unit wraps to the next line."""
    counts = [len(_TABLE_FIGURE.findall(text)) for text in line_texts]
    return sum(1 for count in counts if count > 1) >= _MIN_ROWS or max(counts, default=0) >= _MIN_FIGURES


@dataclass(frozen=True, slots=True)
class Columns:
    """Where the columns of a page's last table part, and its header's last line, for a
    page it may run on to."""

    places: tuple[float, ...]
    leaf: tuple[str, ...]


def unruled_grids(textpage, count: int, make_grid, carried: Columns | None) -> tuple[list, Columns | None]:
    """The page's tables without rules, as grids (``make_grid(hs, vs)`` reads a table
    from its rules), none when the page has none; with the columns of the last table, for
    the page after (``carried``: those of the page before). ``textpage``: PDFium's text
    page (its address), of ``count`` characters."""
    words = _words(textpage, count)
    grids = []
    columns = None
    for bands in _tables(_bands(words), carried is not None):
        hs, vs, columns = _rules(bands, carried)
        grid = make_grid(hs, vs)
        if grid is not None and _cells_hold_one_figure(grid.rows):
            grids.append(grid)
        carried = None
    return grids, columns


def _cells_hold_one_figure(rows: list[list[str]]) -> bool:
    """Whether no cell holds two figures: two columns taken for one (a column printed
    empty in every row, its header not found) would be read as one."""
    return not any(len(_FIGURE.findall(cell)) > 1 for row in rows for cell in row)


def _words(textpage, count: int) -> list[_Word]:
    """The page's characters joined into words: a character on the line of the word before
    it (their middles less than half a height apart), with no wide gap between."""
    import pypdfium2.raw as raw

    from juesuan.readers import pdfium_calls as calls

    # the loose box: the font's whole height, the same for a comma as for a character
    rect = raw.FS_RECTF()
    words: list[_Word] = []
    word = None
    for index in range(max(count, 0)):
        code = calls.char_unicode(textpage, index)
        char = chr(code) if 0 < code < 0x110000 else ""
        if not char or char.isspace() or not calls.loose_char_box(textpage, index, rect):
            continue
        left, right, bottom, top = rect.left, rect.right, rect.bottom, rect.top
        height = top - bottom
        if height <= 0:
            continue
        if (word is not None and abs((word.top + word.bottom) - (top + bottom)) <= height
                and -height < left - word.right <= _WORD_GAP * height):
            word.text += char
            word.right = max(word.right, right)
            word.bottom, word.top = min(word.bottom, bottom), max(word.top, top)
            continue
        word = _Word(char, left, right, bottom, top)
        words.append(word)
    return words


def _bands(words: list[_Word]) -> list[_Band]:
    """Words whose heights overlap, top to bottom (each band's words left to right)."""
    bands: list[_Band] = []
    for word in sorted(words, key=lambda word: -word.top):
        if bands and word.top > bands[-1].bottom:
            band = bands[-1]
            band.words.append(word)
            band.bottom = min(band.bottom, word.bottom)
        else:
            bands.append(_Band([word], word.bottom, word.top))
    for band in bands:
        band.words.sort(key=lambda word: word.left)
    return bands


def _tables(bands: list[_Band], continuing: bool = False) -> list[list[_Band]]:
    """Runs of bands that make a table: bands of several words, at least three with
    figures; one or two bands of one word between two of the run (a wrapped name's rest)
    stay in it. When a table of the page before may go on here (``continuing``), the
    page's first run of rows with figures, without a header, is its rest however short."""
    tables: list[list[_Band]] = []
    run: list[_Band] = []
    singles = 0
    before: list[_Band] = []  # the bands of one word just before
    for band in [*bands, None]:
        if band is not None and (band.prose or (run and _far_below(band, run[-1]))):
            band = None
        if band is not None and len(band.words) > 1:
            if run and not any(member.figures for member in run) and _apart(band, run[-1]):
                run, singles = [], 0  # a title of several words well above the table's header
            if not run:  # a header's first lines of one cell over several columns
                run.extend(_captions(before, band))
            run.append(band)
            singles = 0
            before = []
            continue
        before = [*before, band] if band is not None and len(band.words) == 1 else []
        if band is not None and run and not band.words[0].figure and singles < 2:
            run.append(band)
            singles += 1
            continue
        del run[len(run) - singles:]
        rows = [member for member in run if member.figures]
        if _is_table(run) or (continuing and not tables and _figure_columns(rows)):
            tables.append(_joined_rests(run))
        run, singles = [], 0
    return tables


def _far_below(band: _Band, above: _Band) -> bool:
    """Whether a band stands further below the one above than rows of a table do (a page
    number at the page's foot under the table's last row)."""
    return above.bottom - band.top > 3 * (band.top - band.bottom)


def _apart(band: _Band, above: _Band) -> bool:
    """Whether a band stands further below the one above than a header's lines do."""
    return above.bottom - band.top > 1.5 * (band.top - band.bottom)


def _captions(singles: list[_Band], first: _Band) -> list[_Band]:
    """The last of the bands of one word before a table's first band of several that
    are lines of its header: close above it, neither title nor unit."""
    captions: list[_Band] = []
    below = first
    for band in reversed(singles):
        if not _is_caption(band) or _apart(below, band):
            break
        captions.insert(0, band)
        below = band
    return captions


def _is_caption(band: _Band) -> bool:
    """A line of one word over a table's header: neither its title nor its unit."""
    text = band.words[0].text
    return len(band.words) == 1 and not band.figures and not text.endswith("表") and "单位" not in text


def _is_table(run: list[_Band]) -> bool:
    """Rows with figures whose figures stand in columns of their own: a column of figures
    down three rows or more, or one row of several under a header (the 三公 table)."""
    rows = [band for band in run if band.figures]
    columns = _figure_columns(rows)
    if len(rows) == 1:
        return not run[0].figures and len(columns) >= _MIN_FIGURES
    return any(count >= _MIN_ROWS for count in columns)


def _figure_columns(rows: list[_Band]) -> list[int]:
    """For each stretch the words of these rows cover together that holds figures alone,
    how many rows have a figure in it."""
    spans = sorted((word.left, word.right, word.figure, n) for n, band in enumerate(rows) for word in band.words)
    stretches: list[list] = []  # [right, figures alone, rows]
    for left, right, figure, row in spans:
        if stretches and left <= stretches[-1][0] + 1:
            stretch = stretches[-1]
            stretch[0] = max(stretch[0], right)
            stretch[1] = stretch[1] and figure
            stretch[2].add(row)
        else:
            stretches.append([right, figure, {row}])
    return [len(rows_in) for _, alone, rows_in in stretches if alone]


def _header_lines(bands: list[_Band]) -> list[_Band]:
    """The header's bands parted into its lines: a header cell spanning two rows, set in
    their middle, joins their bands, and each row's words name columns of their own."""
    lines: list[_Band] = []
    for word in sorted((word for band in bands for word in band.words), key=lambda word: -word.top):
        middle = (word.top + word.bottom) / 2
        if lines and abs(middle - (lines[-1].words[0].top + lines[-1].words[0].bottom) / 2) \
                <= 0.25 * (word.top - word.bottom):
            line = lines[-1]
            line.words.append(word)
            line.bottom, line.top = min(line.bottom, word.bottom), max(line.top, word.top)
        else:
            lines.append(_Band([word], word.bottom, word.top))
    for line in lines:
        line.words.sort(key=lambda word: word.left)
    return lines


def _joined_rests(bands: list[_Band]) -> list[_Band]:
    """The bands with the header parted into its lines, and each band that is the rest of
    the names above it joined to that band."""
    first_data = next(n for n, band in enumerate(bands) if band.figures)
    joined = [*_header_lines(bands[:first_data]), bands[first_data]]
    for band in bands[first_data + 1:]:
        if _is_rest(band, joined[-1]):
            joined[-1] = _Band(joined[-1].words + band.words, band.bottom, joined[-1].top)
        else:
            joined.append(band)
    return joined


def _is_rest(band: _Band, above: _Band) -> bool:
    if band.figures or _ROW_START.match(band.words[0].text) or any(_DIGIT.search(word.text) for word in band.words):
        return False  # (a page number under the table is no rest of a name)
    names = [word for word in above.words if not word.figure]
    return all(any(name.left - 2 <= word.left and word.left < name.right + 2 for name in names)
               for word in band.words)


def _rules(bands: list[_Band], carried: Columns | None):
    """Rules for the table's bands: between the bands, and along each column gap where no
    word of the band crosses it; with the places where the columns part."""
    from juesuan.readers.pdf import _Segment

    left = min(word.left for band in bands for word in band.words) - 2
    right = max(word.right for band in bands for word in band.words) + 2
    top, bottom = bands[0].top + 2, bands[-1].bottom - 2
    edges = [top, *((upper.bottom + lower.top) / 2 for upper, lower in zip(bands, bands[1:])), bottom]
    hs = [_Segment(y, left, right) for y in edges]
    vs = [_Segment(left, bottom, top), _Segment(right, bottom, top)]
    first_data = next(n for n, band in enumerate(bands) if band.figures)
    header = [word for band in bands[:first_data] for word in band.words]
    # a column printed empty in every row shows only in the header's last line; on a page
    # the table runs on to, where the columns parted on the page before
    leaf_words = bands[first_data - 1].words if first_data else []
    leaf = [(word.left, word.right) for word in leaf_words]
    texts = tuple(word.text for word in leaf_words)
    # the table of the page before goes on here: no header, or the same header again
    going_on = carried is not None and (not texts or texts == carried.leaf)
    places = _column_places([band for band in bands if band.figures], leaf, header,
                            list(carried.places) if going_on else [])
    for x in places:
        for band, high, low in zip(bands, edges, edges[1:]):
            if not any(word.left < x < word.right for word in band.words):
                vs.append(_Segment(x, low, high))
    return hs, vs, Columns(tuple(places), texts or (carried.leaf if going_on else ()))


def _column_places(bands: list[_Band], leaf: list[tuple[float, float]], header: list[_Word],
                   carried: list[float]) -> list[float]:
    """Where columns part: in each gap no word of the rows with figures covers, where no
    word of the header crosses, if there is such a place; a gap between two columns of
    figures, each under its own word of the header's last line, is parted again around
    the words of that line standing wholly inside it (the header of a column printed
    empty in every row). A table going on from the page before keeps the ``carried``
    places, if each gap holds one (its rows here may cover a place: a total's name
    spread over the code and name columns)."""
    columns = _covered([(word.left, word.right, word.figure) for band in bands for word in band.words])
    gaps = list(zip(columns, columns[1:]))
    if carried and all(any(before[1] < place < after[0] for place in carried) for before, after in gaps):
        return list(carried)
    places = []
    for before, after in gaps:
        low, high = before[1], after[0]
        edge = low
        inside = []
        if before[3] and after[2] and _headed(before, leaf) and _headed(after, leaf):
            inside = sorted(span for span in leaf if low < span[0] and span[1] < high)
        for start, end in inside:
            if start > edge + 1:
                places.append(_free_middle(edge, start, header, leaf))
            edge = max(edge, end)
        places.append(_free_middle(edge, high, header, leaf))
    return places


def _covered(spans: list[tuple[float, float, bool]]) -> list[tuple[float, float, bool, bool]]:
    """The stretches the spans (left, right, figure) cover together: (left, right, whether
    its first span is a figure, whether the span reaching its right is)."""
    spans.sort()
    covered: list[list] = []
    for start, end, figure in spans:
        if covered and start <= covered[-1][1] + 1:
            if end >= covered[-1][1]:
                covered[-1][1], covered[-1][3] = end, figure
        else:
            covered.append([start, end, figure, figure])
    return [tuple(stretch) for stretch in covered]


def _headed(column: tuple, leaf: list[tuple[float, float]]) -> bool:
    """Whether a word of the header's last line stands over the column."""
    return any(start < column[1] and end > column[0] for start, end in leaf)


def _free_middle(low: float, high: float, header: list[_Word], leaf: list[tuple[float, float]]) -> float:
    """The middle of the widest stretch of (low, high) that no header word covers; where
    cells merged over columns cover it all, that no word of the header's last line
    covers; else the middle of the whole."""
    for spans in ([(word.left, word.right) for word in header], leaf):
        covered = sorted((max(start, low), min(end, high)) for start, end in spans if start < high and end > low)
        best, edge = (0.0, (low + high) / 2), low
        for start, end in [*covered, (high, high)]:
            if start - edge > best[0]:
                best = (start - edge, (edge + start) / 2)
            edge = max(edge, end)
        if best[0] >= 1:
            return best[1]
    return (low + high) / 2
