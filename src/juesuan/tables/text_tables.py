"""The nine public tables printed inside plain text, cut into grids of cells.

A report held as text (``pdftotext`` output, with or without ``-layout``, or text copied
from a viewer) still carries its tables: a title line ("收入决算表", perhaps with the
department and year above it and "单位：万元" below), header lines, then one line per
row. :func:`find_tables` finds them and cuts every line into cells; recognising which
column is which stays :func:`juesuan.tables.recognize.recognize`'s job.

How a line is cut depends on how the table was written:

* **tabs** (copied from a spreadsheet or a Word table): the tab-separated fields, blank
  cells included, when every line has as many; otherwise (a merged cell copied as one
  field, blank cells left out) the fields say nothing of the columns, and the lines are
  read as plain ones.
* **layout** (columns aligned by position): the header words set the columns. Words
  stacked in one cell ("附属单位" / "上缴收入") make one column; a word centred over
  several columns ("本年支出", "公务用车购置及运行维护费", "项目") is repeated in each, as
  a merged cell is; each token of a data line goes to the nearest column of its kind (a
  code to a code column, words to a label column, a figure to a figure column).
  Figures that line up on an edge (right-aligned, mostly) go by that edge, not by their
  middles, which move with their widths; a figure at no column's edge (pushed aside by
  a wide one before it) is placed by the order of the figures and the sums alone.
  Positions count characters, as ``pdftotext -layout`` writes them, or display columns
  (a CJK character is two wide, as in a monospace view), whichever aligns the table.
* **plain** (cells separated by spaces, blank cells left out): a line reads code, name,
  figures (a two-sided table: two such groups). A row with fewer figures than figure
  columns goes where the table's column sums allow exactly one placement; otherwise left
  to right, and its index goes into :attr:`RawTable.uncertain_rows`, so that the rules
  skip it. Layout rows whose figures cannot be told apart by position are treated alike.
* **unaligned** (every line single-spaced, as text taken from a PDF without ``-layout``):
  where a header word stands says nothing. When the header spreads over lines, the
  columns are the template's that it names, in the template's order
  (:meth:`TableSpec.halves`), provided the fullest lines hold exactly that many figures;
  the lines are then read as plain lines.
  An economic code printed as 类 and 款 apart ("301 01") is one code.
* **one cell per line** (text taken from a PDF block by block: most figures alone on
  their lines): the cells are put back into rows by :mod:`juesuan.tables.text_cells`.

Text taken from a PDF glues lines: a form feed to the line before or after it, a row to
the next row ("… 0.002110105 …"), a title to the note under the table before. They are
cut apart before the tables are read; each row keeps the line it is printed on. It also
leaves a page's number and running head between two rows or header lines: they are
blanked (the page number forms and the running heads are the narrative flow's). A header
cell that wraps leaves its end on a line of its own ("… 决算" / "数"), joined to the word
it finishes; a row's last figures may spill onto the next line, which completes the row
(see :func:`_spills_joined`).

The grid keeps one row per text line from the first header line on, so that
``line + row index`` is the line of a row; blank lines, page numbers and a header
repeated on a new page are blank rows. A row printed over several lines (a name that
wraps, "其他文化旅游体育与传媒支" / "20799" / "出", or a code alone on its line) is merged
onto the line that holds its figures, or else the first line of the row; its other lines
are left blank in that row's half of the table.

A label that wraps leaves a piece on a line of its own, before or after the line of its
figures ("四、上级" / "补助收入 0.00 …", "本年 100.00 …" / "收入合计"), or both. Where a
piece goes is told by what the lines say: a row that begins with its code or numbering
begins there; the names a row can have (its code's in the classifications, those the
table declares for each half, the totals') say which row, and in a two-sided table which
half, a piece makes whole; a half's numbering goes on from its last number; a half whose
label was printed without figures awaits them. Only where none of this speaks is a piece
given by the table's style (to the row above, or round the code's line).
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import combinations, pairwise, product
from statistics import median

from juesuan.classification import default as classification
from juesuan.classification.normalize import normalize
from juesuan.model.document import RawTable
from juesuan.model.characters import narrow
from juesuan.readers.flow import is_page_number, running_heads
from juesuan.tables.spec import (ALL_SPECS, CLASSES, ECONOMIC_PERSONNEL, ECONOMIC_PUBLIC, SANGONG_PARTS, TableSpec,
                                 is_sangong_kind, sangong_column, spec_for_title)

# --- titles and the lines around a table ---------------------------------------------------

_TITLE_HINT = re.compile(r"决算(?:总|明细)?表")
_UNIT = re.compile(r"(?:金额)?单位[:：]\s*(?:人民币)?\s*(万元|千元|亿元|元)")
_TITLE_END = re.compile(r"表(?:[（(]?续表?[0-9一二三四五六七八九十]*[)）]?)?$")
_NOT_TITLE = re.compile(r"见|详|附后|说明|情况|[。，；]")
_TITLE_NOISE = re.compile(r"[\s《》〈〉]|[（(][)）]")
_PRE_HEADER = re.compile(r"(?:编制|填报|金额)?单位(?:名称)?[:：]|公开\s*\d+\s*表$|^表\s*[0-9一二三四五六七八九十-]+$")
_NOTE = re.compile(r"(?:注|说明|备注|填表说明)\s*[0-9一二三四五六七八九十]*\s*[:：]")
_HEADING = re.compile(r"第[一二三四五六七八九十]+部分|[（(]?[一二三四五六七八九十]+[)）、.．].{0,40}"
                      r"(?:说明|情况|概况|解释)$|.{2,40}(?:情况说明|名词解释)$")
_PREFIX_LINE = re.compile(r"年度|部门决算|单位[:：]")
_HEADER_WORD = re.compile(r"项目|科目|名称|编码|决算数|预算数|金额|合计|小计|预算财政拨款|结转|结余")
_CODE_HEADER = re.compile(r"编码|代码")
_LABEL_HEADER = re.compile(r"名称|项目(?!支出)|摘要")
_DECIMAL = re.compile(r"\d\.\d")
#: the header of a code or name column in full
_CODE_OR_NAME = re.compile(r".{0,6}(?:科目|项目)(?:名称|编码)")

# --- cells ---------------------------------------------------------------------------------

_RUN = re.compile(r"\S+(?: \S+)*")
_NUM = re.compile(r"[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")
_DASH = frozenset({"-", "—", "--", "——", "－", "/", "—-"})
_ELLIPSIS = re.compile(r"[…．.·]{1,6}(?: +[…．.·]{1,6})*")
_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
_GLUED_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}(?=[^\d\s.,%])")
_GLUED_FIGURE = re.compile(r"(.*[^\d\s,.\-−])([-−]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+))$")
_NUMBERED = re.compile(r"[（(]?[一二三四五六七八九十]+[)）、.．]")
_TOTALS = frozenset({"合计", "总计"})
#: labels that make a row of their own (never the end of a wrapped name)
_ROW_WORDS = re.compile(r"(?:本年(?:收入|支出)合计|使用.{0,8}结余|结余分配|年[初末].{0,8}结转.{0,3}结余|总计|合计|"
                        r"小计|人员经费(?:合计)?|公用经费(?:合计)?)$")
#: words printed over a whole half of the header, never a column of their own
_GROUP_WORDS = frozenset({"收入", "支出"})
_SPACED_CJK = re.compile(r"(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f])")
_INDEX = re.compile(r"栏次|行次|序号")
#: a label of the right half of a two-sided table, when a plain line has only one half
_RIGHT_SIDE = re.compile(r"支出$|年末|结余分配|本年支出|公用经费")
_RIGHT_CODES = ("302", "307", "309", "310", "399")
_MAX_PLACEMENTS = 5000
#: the ends of broken header cells on one line (a line of more words is a header line)
_MAX_PIECES = 4
#: the header's "类 款 项" printed on the line of the total row
_LEVELS = re.compile(r"^类款项(?=合计$|总计$)")


@dataclass(slots=True)
class _Tok:
    text: str
    kind: str                  # "num", "dash", "text", "gap" ("…")
    c0: int                    # character offsets in the line
    c1: int
    d0: int = 0                # display columns (a wide character counts two)
    d1: int = 0
    x0: float = 0.0            # position in the metric the table is read with
    x1: float = 0.0
    is_code: bool = False      # a number that reads as a 类/款/项 or economic code
    joined: bool = False       # a code printed as 类 and 款 apart ("301 01"), joined

    def __post_init__(self) -> None:
        self.is_code = self.kind == "num" and _CODE.fullmatch(self.text) is not None

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def is_number(self) -> bool:
        return self.kind in ("num", "dash")


def _kind(text: str) -> str:
    if _NUM.fullmatch(text):
        return "num"
    if text in _DASH:
        return "dash"
    if _ELLIPSIS.fullmatch(text):
        return "gap"
    return "text"


def _tokens(line: str) -> list[_Tok]:
    """The words of a line with their offsets, a code or a figure glued to words cut off
    ("30207邮电费"), and a word spaced out letter by letter joined ("合  计")."""
    out: list[_Tok] = []
    for run in _RUN.finditer(line):
        pos = run.start()
        for word in run.group().split(" "):
            for tok in _split_word(word, pos):
                prev = out[-1] if out else None
                if prev and prev.kind == tok.kind == "text" and len(prev.text) == 1 == len(tok.text) \
                        and tok.c0 - prev.c1 <= 6 and _is_cjk(prev.text) and _is_cjk(tok.text):
                    prev.text += tok.text
                    prev.c1 = tok.c1
                else:
                    out.append(tok)
            pos += len(word) + 1
    return out


def _split_word(word: str, pos: int) -> list[_Tok]:
    glued = _GLUED_CODE.match(word)
    if glued and not _NUM.fullmatch(word):               # "30207邮电费"
        cut = glued.end()
        return [_Tok(word[:cut], "num", pos, pos + cut), *_split_word(word[cut:], pos + cut)]
    trailing = _GLUED_FIGURE.match(word)
    if trailing and _is_cjk(trailing.group(1)[-1]):      # "教育支出100.00"
        cut = trailing.end(1)
        return [_Tok(word[:cut], "text", pos, pos + cut), _Tok(word[cut:], "num", pos + cut, pos + len(word))]
    return [_Tok(word, _kind(word), pos, pos + len(word))]


def _is_cjk(text: str) -> bool:
    return bool(text) and ("\u3000" <= text[0] <= "\u9fff" or "\uff00" <= text[0] <= "\uffef")


def _display(line: str, toks: list[_Tok]) -> None:
    """Each token's display columns (East Asian wide and full-width characters count two)."""
    if line.isascii():
        for tok in toks:
            tok.d0, tok.d1 = tok.c0, tok.c1
        return
    widths = [0]
    width = 0
    for char in line:
        width += 2 if char >= "\u1100" and unicodedata.east_asian_width(char) in "WF" else 1
        widths.append(width)
    for tok in toks:
        tok.d0, tok.d1 = widths[tok.c0], widths[tok.c1]


def _clean(text: str) -> str:
    """A label without the spaces that spread it out or break it: "合  计" -> "合计"."""
    return _SPACED_CJK.sub("", text.strip())


def _starts_row(label: str) -> bool:
    """A label that begins a row of its own: numbered, a total, "…"."""
    return bool(label) and bool(_NUMBERED.match(label) or _ROW_WORDS.search(label) or _ELLIPSIS.fullmatch(label))


# --- the public entry ----------------------------------------------------------------------


def find_tables(text: str) -> list[RawTable]:
    """Every one of the nine public tables printed in ``text``, as grids of cells.

    ``line`` is the 1-based line of the table's first header line, ``line + i`` the line
    of grid row ``i`` (see the module docstring for rows printed over several lines), and
    ``page`` is 1 + the number of form feeds before it. Where text taken from a PDF glues
    two rows, a row and a form feed, or a note and the next title on one line, they are
    cut apart and the table says each row's line and page in ``row_lines`` and
    ``row_pages``. A list of table names
    (a table of contents, "见附表" and the names that follow) is no table.
    """
    if "决算" not in text:
        return []
    offset = _first_title(text)                       # read from the first title on
    if offset is None or _TWO_FIGURES.search(text, offset) is None:
        return []                                     # titles, but no row of figures after them
    lines, origin = _split_lines(text[offset:])
    lines = _without_furniture(lines, _running_heads(text))
    titles = _title_lines(lines)
    if not titles:
        return []
    base = titles[0][0]
    first_page = 1 + text.count("\f", 0, offset) + sum(line.count("\f") for line in lines[:base])
    above = text.count("\n", 0, offset)
    lines, origin = lines[base:], [above + number for number in origin[base:]]
    starts = [(line - base, spec) for line, spec in titles]
    pages = None
    tables: list[RawTable] = []
    taken = -1
    for start, spec in starts:
        if start <= taken:
            continue
        table, taken = _read_table(lines, start, spec, starts)
        if table is None:
            continue
        if pages is None:
            pages = _pages(lines, first_page)
        first = table.line - 1
        table.page = pages[first]
        rows = [origin[first + i] + 1 for i in range(len(table.rows))]
        table.line = rows[0]
        if rows != list(range(rows[0], rows[0] + len(rows))):
            table.row_lines = rows
            table.row_pages = pages[first:first + len(rows)]
        table.index = len(tables) + 1
        tables.append(table)
    return tables


#: a figure with decimals, or two figures apart on a line, as a table's rows print them:
#: titles with none after them name tables printed elsewhere ("见附表")
_TWO_FIGURES = re.compile(r"\d[.．]\d|\d[ \t\u3000]+-?\d")
#: a table row glued to the next one: "… 0.00 0.002110105 环境保护法规 …"
_GLUED_ROW = re.compile(r"(?<=\d\.\d\d)(?=\d{3}(?:\d{2}){0,2} [^\d\s])")
#: a table's title glued to the end of the note under the table before it
_GLUED_TITLE = re.compile(r"(?<=。)(?=[^。]{2,60}表\s*$)")
#: the line that numbers the columns glued before the first row: "栏次 1 栏次 2 一、财政拨款收入 …"
#: (a column number has one or two digits, a row's code three or more)
_GLUED_INDEX = re.compile(r"\s*(?:(?:栏次|行次)(?:\s+\d{1,2}(?!\d))+\s*)+(?=[^\s\d])")


def _first_title(text: str) -> int | None:
    """The offset of the first line that holds one of the nine titles (alone, after a form
    feed, or glued to the note above it), or None."""
    last = -1
    for match in _TITLE_HINT.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        if start == last:
            continue
        last = start
        end = text.find("\n", match.end())
        line = text[start:len(text) if end < 0 else end]
        if any(_title_spec(part) for piece in line.split("\f") for part in _unglued(piece)):
            return start
    return None


def _split_lines(text: str) -> tuple[list[str], list[int]]:
    """The text's lines, cut where a form feed, a row or a title is glued to the text
    before it (a piece after a form feed keeps it in front, for its page), and the
    0-based input line each comes from."""
    lines: list[str] = []
    origin: list[int] = []
    for number, raw in enumerate(text.split("\n")):
        pieces = raw.split("\f")
        for n, piece in enumerate(pieces):
            if n == 0 and len(pieces) > 1 and not piece.strip():
                continue                      # the form feed opens the line
            parts = _unglued(piece)
            if n:
                parts[0] = "\f" + parts[0]
            lines.extend(parts)
            origin.extend([number] * len(parts))
    return lines, origin


def _unglued(piece: str) -> list[str]:
    """A piece of a line cut where a row or a title is glued to the text before it, or
    the column numbers to the row after them."""
    if "决算" in piece and (match := _GLUED_TITLE.search(piece)) and _title_spec(piece[match.start():]):
        return [piece[:match.start()], piece[match.start():]]
    if "次" in piece and (match := _GLUED_INDEX.match(piece)):
        return [piece[:match.end()].rstrip(), *_unglued(piece[match.end():])]
    if "." in piece and _GLUED_ROW.search(piece):
        return _GLUED_ROW.split(piece)
    return [piece]


def _running_heads(text: str) -> frozenset[str]:
    """The running heads and feet of the text (see :func:`running_heads`), the page edges
    being its form feeds and the lines that are page numbers and cannot be a code. A line
    a table prints (a header repeated at the top of each page, a title, a row, a code on
    a line of its own) is none."""
    narrowed = narrow(text)
    if "\f" not in narrowed:
        pieces, edges = _pieces_around_page_numbers(narrowed)
    else:
        pieces, edges = _pieces_at_page_edges(narrowed)
    return frozenset(head for head in running_heads(pieces, edges)
                     if not (_HEADER_WORD.search(head) or _DECIMAL.search(head) or _CODE.fullmatch(head)
                             or _title_spec(head) or _name_key(head) in _row_names()))


@lru_cache(maxsize=1)
def _row_names() -> frozenset[str]:
    """The names a row of the tables may have (as :func:`_name_key` reads them): those of
    the function and economic classifications, and those the tables declare. Text taken
    a cell per line puts a label beside whole amounts, which read like page numbers: the
    label is no running head for that."""
    names = {normalize(name) for entry in classification().entries() for name in (entry.name, *entry.former_names)}
    names |= {_name_key(name) for _, name in (*ECONOMIC_PERSONNEL, *ECONOMIC_PUBLIC)}
    names |= {_name_key(name) for spec in ALL_SPECS for half in spec.row_names for name in half if name != CLASSES}
    return frozenset(names)


#: a line that may be a page number ("12", "- 12 -", "12/40", "第 12 页"), for one scan of
#: the text: the lines it finds are then tested one by one as the rest of the reader does
_PAGE_NUMBER_LINE = re.compile(r"^[^\S\n]*[-—–第]?[^\S\n]*\d{1,3}[^\n]{0,14}$", re.MULTILINE)


def _pieces_around_page_numbers(narrowed: str) -> tuple[list[str], set[int]]:
    """The lines next to a page number (the nearest line with text on either side that is
    no page number itself), each once, and their indexes in that list: what
    :func:`_pieces_at_page_edges` gives a text without form feeds at its page edges, found
    from the few page numbers rather than a step per line."""
    lines = narrowed.split("\n")
    numbers = []
    line, counted = 0, 0
    for match in _PAGE_NUMBER_LINE.finditer(narrowed):
        line += narrowed.count("\n", counted, match.start())
        counted = match.start()
        piece = match.group().strip()
        if 0 < len(piece) <= 16 and is_page_number(piece) and not _CODE.fullmatch(piece):
            numbers.append(line)
    skipped = set(numbers)
    beside: dict[int, str] = {}
    for number in numbers:
        for step in (-1, 1):
            index = number + step
            while 0 <= index < len(lines) and (index in skipped or not lines[index].strip()):
                index += step
            if 0 <= index < len(lines):
                beside[index] = lines[index].strip()
    return list(beside.values()), set(range(len(beside)))


def _pieces_at_page_edges(narrowed: str) -> tuple[list[str], set[int]]:
    """The pieces of text between line breaks and form feeds that are no page number, and
    the indexes of those next to a page break (a form feed or a page number)."""
    pieces: list[str] = []
    edges: set[int] = set()
    at_break = False
    for raw in narrowed.split("\n"):
        for n, piece in enumerate(raw.split("\f") if "\f" in raw else (raw,)):
            piece = piece.strip()
            number = 0 < len(piece) <= 16 and is_page_number(piece) and not _CODE.fullmatch(piece)
            if n or number:
                if pieces:
                    edges.add(len(pieces) - 1)
                at_break = True
            if not piece or number:
                continue
            if at_break:
                edges.add(len(pieces))
                at_break = False
            pieces.append(piece)
    return pieces, edges


def _without_furniture(lines: list[str], heads: frozenset[str]) -> list[str]:
    """The lines with the page's furniture blanked (a form feed kept, for the pages): page
    numbers in a form no cell takes ("- 8 -", "8/40", "第 8 页"), running heads, and a
    number alone next to a running head, unless it can be a code."""
    out = list(lines)
    # a longer line is neither (a running head is 40 characters at most)
    plain = [narrow(text) if len(text := line.strip()) <= 40 else text for line in lines]
    for k, text in enumerate(plain):
        if not text:
            continue
        if text in heads:
            out[k] = _blanked(lines[k])
            for step in (-1, 1):
                m = _next_printed(plain, k, step)
                if m is not None and plain[m].isdigit() and is_page_number(plain[m]) \
                        and not _CODE.fullmatch(plain[m]):
                    out[m] = _blanked(lines[m])
        elif is_page_number(text) and not text.isdigit():
            out[k] = _blanked(lines[k])
    return out


def _next_printed(plain: list[str], k: int, step: int) -> int | None:
    m = k + step
    while 0 <= m < len(plain) and not plain[m]:
        m += step
    return m if 0 <= m < len(plain) else None


def _blanked(line: str) -> str:
    return "\f" if "\f" in line else ""


def _title_lines(lines: list[str]) -> list[tuple[int, TableSpec]]:
    """(0-based line, table) of each line that is one of the nine titles."""
    return [(n, spec) for n, line in enumerate(lines)
            if len(line) <= 81 and "决算" in line and _TITLE_HINT.search(line)
            and (spec := _title_spec(line)) is not None]


def _title_spec(line: str) -> TableSpec | None:
    """The table a line names when the line is a title, not a sentence that names one."""
    plain = line.strip()
    if not plain or len(plain) > 80 or "。" in plain or "，" in plain or "见" in plain:
        return None
    plain = _TITLE_NOISE.sub("", _TITLE_NOISE.sub("", _UNIT.sub("", plain)))
    if len(plain) > 50 or _NOT_TITLE.search(plain) or not _TITLE_END.search(plain):
        return None
    return _spec_for_title(plain)


#: the same few title lines come back in report after report
_spec_for_title = lru_cache(maxsize=1024)(spec_for_title)


def _pages(lines: list[str], page: int) -> list[int]:
    pages = []
    for line in lines:
        page += line.count("\f")
        pages.append(page)
    return pages


# --- the lines of one table ----------------------------------------------------------------


@dataclass
class _Body:
    """Where a table's lines are: its first header line, its first data line, its end,
    and the lines inside it that carry nothing (page numbers, a title repeated)."""

    first: int                                  # 0-based line of the first header line
    end: int                                    # one past its last line
    data: int                                   # its first data line (== end when none)
    unit: str = ""
    blank: set[int] = field(default_factory=set)
    #: the table prints one cell per line (see :mod:`juesuan.tables.text_cells`)
    cells: bool = False


def _read_table(lines, start, spec, titles) -> tuple[RawTable | None, int]:
    """The table titled at ``lines[start]``, and the last line it takes."""
    body = _body(lines, start, spec, titles)
    if body is None:
        return None, start
    title = lines[start].strip()
    if body.unit and body.unit != "万元" and not _UNIT.search(title):
        title = f"{title}（单位：{body.unit}）"      # so that the recogniser reads the unit
    grid, uncertain = (text_cells.cut_cells if body.cells else _cut)(lines, body, spec)
    if grid is None:
        return None, body.end - 1
    return RawTable(rows=grid, line=body.first + 1, title=title, uncertain_rows=uncertain), body.end - 1


def _body(lines: list[str], start: int, spec: TableSpec, titles) -> _Body | None:
    n = len(lines)
    unit = match.group(1) if (match := _UNIT.search(lines[start])) else ""
    first = start + 1
    while first < n and (not lines[first].strip() or _PRE_HEADER.search(lines[first].strip())):
        if match := _UNIT.search(lines[first]):
            unit = match.group(1)
        first += 1
    later = {line: other for line, other in titles if line > start}
    blank: set[int] = set()
    end, data = first, None
    j = first
    while j < n:
        plain = lines[j].strip()
        if j in later:
            # the same table again on the next page: "（续）", or its title repeated
            if data is not None and later[j] is spec and ("续" in plain or _after_page_break(lines, j)):
                blank.add(j)          # the title, the unit and the header again: blank rows
                j += 1
                while j < n and not (lines[j].strip() and (_stops(lines[j].strip()) or j in later
                                                            or _is_data_line(lines[j].strip()))):
                    blank.add(j)
                    j += 1
                continue
            break
        if plain:
            if _stops(plain):
                break
            if data is None and _is_data_line(plain) and not _lone_number(plain):
                data = j
            end = j + 1
        j += 1
    cells = text_cells.one_cell_per_line(lines, first, end, blank)
    # the next table's department and year; in a table of one cell per line, a number
    # alone at the end is its last figure, unless it reads as a page number among amounts
    while end > first and _trailing_noise(plain := lines[end - 1].strip()) \
            and not (cells and text_cells.is_figure_line(plain)):
        end -= 1
    if end <= first:
        return None
    # Only a lone number asks whether the table prints decimals (reading every row's figures).
    decimals = (any(is_page_number(narrow(lines[k].strip())) for k in range(first, end))
                and _prints_decimals(lines, first, end))
    for k in range(first, end):
        plain = lines[k].strip()
        # a number alone is a cell's in a table of one cell per line: its reader tells
        # page numbers from figures and codes
        page_number = bool(plain) and not cells and _is_page_number(lines, k, plain, decimals)
        if plain and (page_number or _UNIT.fullmatch(plain) or (k > first and _PRE_HEADER.search(plain))):
            blank.add(k)
            if match := _UNIT.search(plain):
                unit = unit or match.group(1)
    if cells:
        if not text_cells.header_named(lines, first, end, blank):
            return None
        return _Body(first=first, end=end, data=first, unit=unit, blank=blank, cells=True)
    data = data if data is not None and data < end else end
    data = _past_header_piece(lines, first, data, end, blank, spec)
    data = _first_row_name(lines, first, data, blank, spec)
    header = [k for k in range(first, data) if lines[k].strip() and k not in blank]
    if not header or not any(_HEADER_WORD.search(lines[k]) for k in header):
        return None                             # a list of table names, not a table
    return _Body(first=first, end=end, data=data, unit=unit, blank=blank)


def _past_header_piece(lines, first: int, data: int, end: int, blank: set[int], spec: TableSpec) -> int:
    """A total's word alone on the first row's line ("合计") may end a header cell broken over
    two lines ("本年支出" / "合计"): it does when it finishes a word of the header line above
    and the next line is a row with a label of its own, which it cannot be a part of."""
    if data >= end or data - 1 < first or data - 1 in blank:
        return data
    toks = _tokens(narrow(lines[data]))
    if len(toks) != 1 or toks[0].kind != "text":
        return data
    after = next((k for k in range(data + 1, end) if lines[k].strip() and k not in blank), None)
    if after is None or not _is_data_line(lines[after].strip()):
        return data
    row = _tokens(narrow(lines[after]))
    labelled = row and (row[0].kind == "text" or (len(row) > 1 and row[1].kind == "text"
                                                   and _CODE.fullmatch(row[0].text) is not None))
    if not labelled:
        return data
    return after if _completed(_tokens(narrow(lines[data - 1])), toks, spec) is not None else data


def _first_row_name(lines, first: int, data: int, blank: set[int], spec: TableSpec) -> int:
    """The first row's name may begin on the line above its code ("其他文化旅游体育与传媒支"
    / "20799" / "出"): a lone word right above the first data line that no header has,
    nor ends (a header cell broken over two lines: "… 决算" / "数")."""
    k = data - 1
    while k > first and k not in blank:
        toks = _tokens(narrow(lines[k]))
        if len(toks) != 1 or toks[0].kind != "text" or _HEADER_WORD.search(toks[0].text) \
                or _clean(toks[0].text) in _GROUP_WORDS or not lines[k - 1].strip() \
                or _completed(_tokens(narrow(lines[k - 1])), toks, spec) is not None:
            break
        k -= 1
    return min(data, k + 1)


@lru_cache(maxsize=64)
def _whole_headers(spec: TableSpec) -> frozenset[str]:
    """The headers of a table's figure columns in full: their keys, and the words a key
    joins ("公务接待费:决算数")."""
    return frozenset(word for column in spec.columns for word in (column.key, *column.key.split(":")))


def _is_whole(word: str, whole: frozenset[str]) -> bool:
    return word in whole or _CODE_OR_NAME.fullmatch(word) is not None


def _names_column(header: str, spec: TableSpec) -> bool:
    kind, key = _column_kind(header, spec)
    return kind != "fig" or key is not None


def _completed(above: list[_Tok], pieces: list[_Tok],
               spec: TableSpec) -> tuple[list[_Tok], list[tuple[int, str]]] | None:
    """The words of the header line above, and (word, piece) of each piece of a line that
    finishes one of them, one piece each in order ("… 决算" / "数", "… 项" / "目支出"), or
    None (see :func:`_finished`). One-character pieces spaced apart ("称  出") were read as
    one word spaced out, and so may the cells' beginnings above ("项  决" / "目  算数"):
    they are tried apart first."""
    if not pieces or any(tok.kind != "text" for tok in pieces):
        return None
    for words in (above, _spaced_apart(above)):
        if words is None:
            continue
        for trial in (_spaced_apart(pieces), pieces):
            way = _finished(words, trial, spec) if trial is not None else None
            if way is not None:
                return words, [(n, _clean(piece.text)) for n, piece in zip(way, trial)]
    return None


def _spaced_apart(pieces: list[_Tok]) -> list[_Tok] | None:
    """The pieces with a word joined from characters spaced apart cut into them again."""
    out, cut = [], False
    for tok in pieces:
        if len(tok.text) > 1 and tok.c1 - tok.c0 >= 2 * len(tok.text) - 1:
            step = (tok.c1 - tok.c0) / len(tok.text)
            out += [_Tok(char, "text", round(tok.c0 + n * step), round(tok.c0 + n * step) + 1)
                    for n, char in enumerate(tok.text)]
            cut = True
        else:
            out.append(tok)
    return out if cut else None


def _finished(above: list[_Tok], pieces: list[_Tok], spec: TableSpec) -> tuple[int, ...] | None:
    """The words a line of pieces finishes: each a word that its piece makes a column's
    header in full ("附属单位上缴收" + "入", "科目" + "名称"), or else one that names no
    column alone and one with its piece; None unless one way only gives every piece its
    word in order (the one where each stands under its word, when several do)."""
    if len(pieces) > min(len(above), _MAX_PIECES):
        return None
    words = [(n, _clean(tok.text)) for n, tok in enumerate(above) if tok.kind == "text"]
    whole = _whole_headers(spec)
    options = []
    for piece in pieces:
        text = _clean(piece.text)
        fits = [n for n, word in words if not _is_whole(word, whole) and _is_whole(word + text, whole)]
        options.append(fits or [n for n, word in words
                                if not _names_column(word, spec) and _names_column(word + text, spec)])
    if _count_product(map(len, options)) > _MAX_PLACEMENTS:
        return None
    ways = [way for way in product(*options) if all(a < b for a, b in pairwise(way))]
    if len(ways) > 1 or pieces[0].c0 > 0:    # a line set out by position: each under its word
        ways = [way for way in ways if all(above[n].c0 < piece.c1 + 2 and piece.c0 < above[n].c1 + 2
                                           for n, piece in zip(way, pieces))]
    return ways[0] if len(ways) == 1 else None


def _stops(plain: str) -> bool:
    """A line that ends a table: a note, a heading, a sentence."""
    if _NOTE.match(plain) or _HEADING.match(plain):
        return True
    return "。" in plain or (("，" in plain or "；" in plain) and len(plain) >= 12)


def _trailing_noise(plain: str) -> bool:
    """The department and year printed above the next table's title, or a page number."""
    if not plain or is_page_number(narrow(plain)):
        return True
    return bool(_PREFIX_LINE.search(plain)) and not _HEADER_WORD.search(plain) \
        and not _DECIMAL.search(plain)


def _after_page_break(lines: list[str], j: int) -> bool:
    """Whether only blank lines, page numbers and the department's name stand between
    a title and the form feed above it."""
    for k in range(j, -1, -1):
        if "\f" in lines[k]:
            return True
        plain = lines[k].strip()
        if k != j and plain and not _trailing_noise(plain):
            return False
    return False


def _lone_number(plain: str) -> bool:
    """A number alone on its line that cannot be a code: a page number, or a figure of
    the row above; never the first of a table's rows."""
    plain = narrow(plain)
    return plain.isdigit() and is_page_number(plain) and not _CODE.fullmatch(plain)


def _is_page_number(lines: list[str], k: int, plain: str, decimals: bool) -> bool:
    """A number alone on its line beside a form feed, or in a table of decimals (no code)."""
    if not is_page_number(narrow(plain)):
        return False
    return _near_page_break(lines, k) or decimals and not _CODE.fullmatch(plain)


def _prints_decimals(lines: list[str], first: int, end: int) -> bool:
    """Whether the table prints its amounts with decimals: a number alone on its line, with
    none and no code (a code wraps onto a line of its own), is then a page number (text
    without form feeds marks no page break)."""
    figures = []
    for k in range(first, end):
        toks = _joined_codes(_tokens(narrow(lines[k].strip())))      # "301 01" is a code
        if len(toks) > 1:        # the lines in question, alone on theirs, do not count
            figures.extend(tok.text for tok in toks if tok.kind == "num" and not tok.is_code)
    return len(figures) >= 4 and sum("." in text for text in figures) >= 0.9 * len(figures)


def _near_page_break(lines: list[str], k: int) -> bool:
    """A number alone next to a form feed is a page number, not a row."""
    if "\f" in lines[k]:
        return True
    for step in (1, -1):
        m = k + step
        while 0 <= m < len(lines):
            if "\f" in lines[m]:
                return True
            if lines[m].strip():
                break
            m += step
    return False


def _is_data_line(plain: str) -> bool:
    """The first line of the table's rows: it has a figure or a code, or a row's label."""
    toks = _tokens(narrow(plain))
    if not toks or _INDEX.match(toks[0].text):
        return False
    if any(tok.kind in ("num", "gap") for tok in toks):
        return True
    return bool(_NUMBERED.match(toks[0].text)) or all(_clean(tok.text) in _TOTALS for tok in toks)


# --- columns from the header ---------------------------------------------------------------


@dataclass
class _Col:
    x0: float
    x1: float
    kind: str = "fig"                    # "code", "label", "fig" or "index"
    key: str | None = None               # the spec's column key (for the column sums)
    words: dict[int, list[str]] = field(default_factory=dict)   # header row -> words
    mid: float = 0.0

    def header(self) -> str:
        return "".join("".join(self.words[k]) for k in sorted(self.words)).replace(" ", "")


@dataclass
class _Stack:
    """Header words stacked in one cell ("附属单位" over "上缴收入")."""

    toks: list[tuple[int, _Tok]]
    x0: float = 0.0
    x1: float = 0.0

    def __post_init__(self) -> None:
        self.x0, self.x1 = self.toks[0][1].x0, self.toks[0][1].x1

    def add(self, row: int, tok: _Tok) -> None:
        self.toks.append((row, tok))
        self.x0, self.x1 = min(self.x0, tok.x0), max(self.x1, tok.x1)

    @property
    def top(self) -> int:
        return self.toks[0][0]

    @property
    def bottom(self) -> int:
        return self.toks[-1][0]

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def text(self) -> str:
        return "".join(t.text for _, t in self.toks).replace(" ", "")


def _columns(header: dict[int, list[_Tok]], spec: TableSpec) -> list[_Col]:
    """Columns from the header words (see the module docstring)."""
    stacks = _stacks(header)
    has_name = any("名称" in s.text for s in stacks)
    leaves: list[_Stack] = []
    spanning: list[_Stack] = []
    for stack in sorted(stacks, key=lambda s: (-s.bottom, s.x0)):   # bottom up
        if stack.text in _GROUP_WORDS or (stack.text == "项目" and has_name):
            spanning.append(stack)
            continue
        below = sorted((leaf for leaf in leaves if leaf.top > stack.bottom), key=lambda s: s.mid)
        if any(leaf.x0 < stack.x1 and stack.x0 < leaf.x1 for leaf in below) or _over_pair(stack, below) is not None:
            spanning.append(stack)
        else:
            leaves.append(stack)
    leaves.sort(key=lambda s: s.mid)
    columns = [_Col(leaf.x0, leaf.x1, mid=leaf.mid) for leaf in leaves]
    for leaf, column in zip(leaves, columns):
        for row, tok in leaf.toks:
            column.words.setdefault(row, []).append(tok.text)
    for stack in spanning:
        for index in _covered(stack, leaves):
            for row, tok in stack.toks:
                columns[index].words.setdefault(row, []).append(tok.text)
    for column in columns:
        column.kind, column.key = _column_kind(column.header(), spec)
    return columns


def _stacks(header: dict[int, list[_Tok]]) -> list[_Stack]:
    """Words of one cell: on the next line or the one after, centred alike or starting at
    the same place, with nothing between them."""
    stacks: list[_Stack] = []
    for row in sorted(header):
        for tok in header[row]:
            target = None
            if _clean(tok.text) not in _GROUP_WORDS:
                for stack in stacks:
                    _, last = stack.toks[-1]
                    if not 0 < row - stack.bottom <= 2 or not (abs(last.mid - tok.mid) <= 1.5 or last.x0 == tok.x0):
                        continue
                    lo, hi = min(last.x0, tok.x0), max(last.x1, tok.x1)
                    between = (t for r in range(stack.bottom + 1, row) for t in header.get(r, ()))
                    if not any(t.x0 < hi and lo < t.x1 for t in between):
                        target = stack
            if target is not None:
                target.add(row, tok)
            else:
                stacks.append(_Stack([(row, tok)]))
    return stacks


def _over_pair(stack: _Stack, leaves: list[_Stack]) -> int | None:
    """The first of two neighbouring columns a word is centred over, if it is."""
    for i in range(len(leaves) - 1):
        a, b = leaves[i].mid, leaves[i + 1].mid
        if a < stack.mid < b and abs((a + b) / 2 - stack.mid) <= 1.5 + 0.1 * (b - a):
            return i
    return None


def _covered(stack: _Stack, leaves: list[_Stack]) -> list[int]:
    """The columns a spanning word stands over: those it touches, the two it is centred
    over, or else the nearest."""
    hit = {i for i, leaf in enumerate(leaves) if leaf.x0 < stack.x1 and stack.x0 < leaf.x1}
    pair = _over_pair(stack, leaves)
    if pair is not None:
        hit |= {pair, pair + 1}
    if not hit and leaves:
        hit = {min(range(len(leaves)), key=lambda i: _gap(stack.x0, stack.x1, leaves[i].x0, leaves[i].x1))}
    return sorted(hit)


def _gap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, b0 - a1, a0 - b1)


def _column_kind(header: str, spec: TableSpec) -> tuple[str, str | None]:
    if _CODE_HEADER.search(header):
        return "code", None
    if _LABEL_HEADER.search(header) or header == "科目":
        return "label", None
    if _INDEX.search(header):
        return "index", None
    return "fig", sangong_column(header) if spec.key == "sangong" else spec.column(header)


#: the 三公 table's sums: 合计 = 出国 + 公务用车 + 接待, 公务用车 = 购置 + 运行维护
_SANGONG_SUMS = tuple(
    (f"{whole}:{kind}", tuple(f"{part}:{kind}" for part in parts))
    for kind in ("预算数", "决算数")
    for whole, parts in ((SANGONG_PARTS[0], (SANGONG_PARTS[1], SANGONG_PARTS[2], SANGONG_PARTS[5])),
                         (SANGONG_PARTS[2], SANGONG_PARTS[3:5])))


@dataclass
class _Block:
    """One half of a two-sided table (or the whole of another): its code and label
    columns and the figure columns after them."""

    code: int | None
    label: int | None
    figs: list[int] = field(default_factory=list)


@dataclass
class _Frame:
    """A table's columns, their reach and halves, as the data lines are placed in them."""

    spec: TableSpec
    columns: list[_Col]
    blocks: list[_Block]
    reach: list[tuple[float, float]]
    figs: list[int]
    header_words: frozenset[str]
    _kinds: dict = field(default_factory=dict)
    # figures placed by the edge they line up on ("x0" or "x1"), or by their middles
    edge: str = "mid"
    anchors: dict[int, float] = field(default_factory=dict)          # figure column -> its edge
    fig_reach: dict[int, tuple[float, float]] = field(default_factory=dict)
    cells: dict[int, float] = field(default_factory=dict)            # figure column -> where it begins
    halves: dict[int, int] = field(default_factory=dict)             # figure column -> its half
    # the columns are the template's, not read from positions: lines are read in order
    plain: bool = False

    def of_kinds(self, kinds: tuple[str, ...]) -> list[tuple[int, float, float, float, float]]:
        """(column, reach, extent) of the columns of these kinds."""
        found = self._kinds.get(kinds)
        if found is None:
            found = self._kinds[kinds] = [(j, *self.reach[j], c.x0, c.x1) for j, c in enumerate(self.columns)
                                          if c.kind in kinds]
        return found

    def recentre(self) -> None:
        self.reach = _reach(self.columns)
        self._kinds.clear()


def _frame(columns: list[_Col], spec: TableSpec) -> _Frame:
    blocks: list[_Block] = []
    for j, column in enumerate(columns):
        if column.kind == "label":
            code = j - 1 if j and columns[j - 1].kind == "code" else None
            if code is not None and blocks and code in blocks[-1].figs:
                blocks[-1].figs.remove(code)
            blocks.append(_Block(code, j))
        elif column.kind == "code":
            if j + 1 < len(columns) and columns[j + 1].kind == "label":
                continue
            if blocks and blocks[-1].code is None:
                blocks[-1].code = j
            else:
                blocks.append(_Block(j, None))
        else:
            if not blocks:
                blocks.append(_Block(None, None))
            blocks[-1].figs.append(j)
    words = frozenset(w.replace(" ", "") for c in columns for ws in c.words.values() for w in ws)
    figs = [j for j, c in enumerate(columns) if c.kind in ("fig", "index")]
    return _Frame(spec, columns, blocks, _reach(columns), figs, words)


def _reach(columns: list[_Col]) -> list[tuple[float, float]]:
    """Each column's reach: from the middle of the gap on its left to that on its right."""
    order = sorted(range(len(columns)), key=lambda j: columns[j].mid)
    reach = [(-1e9, 1e9)] * len(columns)
    for n, j in enumerate(order):
        lo = (columns[order[n - 1]].mid + columns[j].mid) / 2 if n else -1e9
        hi = (columns[j].mid + columns[order[n + 1]].mid) / 2 if n + 1 < len(order) else 1e9
        reach[j] = (lo, hi)
    return reach


# --- cutting the lines ---------------------------------------------------------------------


def _cut(lines: list[str], body: _Body, spec: TableSpec) -> tuple[list[list[str]] | None, set[int]]:
    """The grid of a table and its uncertain rows."""
    printed = {k: lines[k].replace("\f", " ") for k in range(body.first, body.end)
               if k not in body.blank and lines[k].strip()}
    if not printed:
        return None, set()
    texts = {k: narrow(line) for k, line in printed.items()}      # same length: offsets hold
    if sum("\t" in line for line in texts.values()) * 2 >= len(texts):
        if _fields_are_columns(texts.values()):
            return _cut_tabs(texts, body), set()
        # merged cells printed as one field, or blank cells left out: a field's place says
        # nothing of its column, and the words are read as those of a line spaced by hand
        printed = {k: line.replace("\t", "  ") for k, line in printed.items()}
        texts = {k: narrow(line) for k, line in printed.items()}
    toks = {k: _without_unit(_tokens(line.replace("\t", " "))) for k, line in texts.items()}
    for k, line in printed.items():
        _display(line.replace("\t", " "), toks[k])
    header_rows = [k for k in toks if k < body.data]
    header_lines = {_words(toks[k]) for k in header_rows if len(toks[k]) > 1}
    if not _has_codes(spec, [tok for k in header_rows for tok in toks[k]]):
        for k in toks:
            if k >= body.data:
                _uncoded(toks[k])
    for k in header_rows:                  # "栏次  1  2  3 …" numbers columns, it has none
        if toks[k] and _INDEX.match(toks[k][0].text):
            toks[k] = toks[k][:1]
    _join_header_pieces(header_rows, toks, spec)
    total = _total_label(header_rows, toks)
    header = {k: [t for t in toks[k] if (k, t.c0) != total] for k in header_rows}
    data_rows = [k for k in toks if k >= body.data]
    frame = None
    if header_rows and (_unaligned([texts[k] for k in header_rows], [texts[k] for k in data_rows])
                        or _fields([texts[k] for k in header_rows], [texts[k] for k in data_rows])):
        for k in data_rows:
            toks[k] = _joined_codes(toks[k])
        frame = _template_frame(spec, header, [toks[k] for k in data_rows])
    if frame is None:
        frame = _read_header(header, [toks[k] for k in data_rows], spec, all(map(str.isascii, texts.values())))
    if not frame.columns:
        return None, set()
    grid = [[""] * len(frame.columns) for _ in range(body.first, body.end)]
    for k in header_rows:
        grid[k - body.first] = _header_row(frame, k, total)
    # the header printed again on a new page: its words, or one of its lines word for word
    rows = [k for k in data_rows if not (_repeats_header(frame, toks[k]) or _again(toks[k], header_lines))]
    placed, uncertain = _place_rows(frame, {k: toks[k] for k in rows}, len(header_rows))
    for k, cells in placed.items():
        grid[k - body.first] = cells
    return grid, {k - body.first for k in uncertain}


def _words(toks: list[_Tok]) -> tuple[str, ...]:
    return tuple(_clean(tok.text) for tok in toks)


def _again(toks: list[_Tok], header_lines: set[tuple[str, ...]]) -> bool:
    """Whether a line of words alone is one of the header's lines printed again."""
    return bool(header_lines) and not any(tok.is_number for tok in toks) and _words(toks) in header_lines


def _join_header_pieces(rows: list[int], toks: dict[int, list[_Tok]], spec: TableSpec) -> None:
    """A header cell broken over two lines ("… 决算" / "数") is one cell: a line of pieces
    that finish words of the header line above joins them (see :func:`_completed`), where
    it is printed saying nothing (text taken from a PDF sets it at the line's start)."""
    above = None
    for k in rows:
        if not toks[k]:
            continue
        finished = _completed(toks[above], toks[k], spec) if above is not None else None
        if finished is None:
            above = k
            continue
        toks[above], pieces = finished
        for n, piece in pieces:
            toks[above][n].text += piece
        toks[k] = []


def _unaligned(header: list[str], data: list[str]) -> bool:
    """A table single-spaced, its header wholly and its rows nearly all (a stray double
    space is no layout): where a word stands says nothing of its column."""
    if any("  " in line.strip() for line in header):
        return False
    return sum("  " in line.strip() for line in data) <= max(1, len(data) // 10)


def _fields(header: list[str], data: list[str]) -> bool:
    """Cells parted by exactly two spaces, header and rows alike, not laid out in columns
    (the text a reader writes of a PDF's table, one field per cell): where a word stands
    says nothing of its column. A table laid out with spaces pads its cells to their
    columns, with gaps of many widths."""
    def parted(line: str) -> bool:
        gaps = _GAPS.findall(line.strip())
        return bool(gaps) and all(gap == "  " for gap in gaps)
    if len(data) < 3 or not all(parted(line) for line in header if " " in line.strip()):
        return False
    return sum(not parted(line) for line in data) <= len(data) // 10


_GAPS = re.compile(r" {2,}")


def _template_frame(spec: TableSpec, header: dict[int, list[_Tok]], rows: list[list[_Tok]]) -> _Frame | None:
    """The template's columns in the template's order, for a table printed without
    alignment: those its header names, when its fullest lines hold exactly as many
    figures (None otherwise: the header is read as it stands)."""
    words = [tok.text.replace(" ", "") for toks in header.values() for tok in toks]
    # a header on one line names its columns in order; the template knows no index column
    if spec.key == "sangong" or sum(map(bool, header.values())) < 2 or any(_INDEX.search(w) for w in words):
        return None
    halves = _named_halves(spec, words)
    if halves is None:
        return None
    width = sum(map(len, halves))
    counts = [sum(tok.is_number and not _leading_code(tok, toks, width) for tok in toks) for toks in rows]
    if not counts or max(counts) != width:
        return None
    return _halves_frame(spec, halves, "编码" in "".join(words), max(header))


def _named_halves(spec: TableSpec, words: list[str]) -> list[list[str]] | None:
    """The template's figure columns of each half that a header's words name, in the
    template's order (a column left out is no column); None when a half has none."""
    text = "".join(words)
    patterns = {column.key: column.header for column in spec.columns}
    halves = [[key for key in half if re.search(patterns[key], text)
               or any(re.search(patterns[key], word) for word in words)] for half in spec.halves()]
    return halves if all(halves) else None


def _halves_frame(spec: TableSpec, halves: list[list[str]], codes: bool, row: int) -> _Frame:
    """The columns of the template's halves (a code column where the table has codes), the
    header words on grid row ``row`` as the recogniser reads them; lines are read in order."""
    coded = spec.classified or codes
    columns: list[_Col] = []
    for half in halves:
        if coded:
            columns.append(_Col(0, 0, "code", words={row: ["科目编码"]}))
        columns.append(_Col(0, 0, "label", words={row: ["科目名称" if spec.classified else "项目"]}))
        columns.extend(_Col(0, 0, "fig", key, words={row: [key]}) for key in half)
    frame = _frame(columns, spec)
    frame.plain = True
    return frame


def _has_codes(spec: TableSpec, header: list[_Tok]) -> bool:
    """Whether a table's rows may print codes: 类 / 款 / 项 lines, or a column headed so."""
    return spec.classified or any(_CODE_HEADER.search(tok.text) for tok in header)


def _uncoded(toks: list[_Tok]) -> None:
    """In a table without codes, a number is a code only before the name its code has
    (an economic code in the label's cell): a whole amount before the next label
    ("180  八、社会保障和就业支出") is a figure."""
    for n, tok in enumerate(toks):
        if tok.is_code and not (n + 1 < len(toks) and toks[n + 1].kind == "text"
                                and _name_key(_clean(toks[n + 1].text)) in _code_names(tok.text)):
            tok.is_code = False


def _joined_codes(toks: list[_Tok]) -> list[_Tok]:
    """An economic code printed as 类 and 款 apart ("301 01 基本工资 405.36") as one code:
    a 款 is two digits, and what follows it is words or a figure with decimals, or the
    line ends after a figure with decimals ("… 7.17 302 12", its name and figure wrapped)."""
    out: list[_Tok] = []
    for n, tok in enumerate(toks):
        prev = out[-1] if out else None
        after = toks[n + 1] if n + 1 < len(toks) else None
        ends = after is None and len(out) >= 2 and _DECIMAL.search(out[-2].text) is not None
        if prev is not None and prev.is_code and len(prev.text) == 3 and not prev.joined \
                and tok.kind == "num" and re.fullmatch(r"\d\d", tok.text) \
                and (ends or after is not None and (after.kind == "text" or "." in after.text)):
            code = _Tok(prev.text + tok.text, "num", prev.c0, tok.c1, prev.d0, tok.d1)
            code.joined = True
            out[-1] = code
        else:
            out.append(tok)
    return out


def _read_header(header: dict[int, list[_Tok]], rows: list[list[_Tok]], spec: TableSpec, ascii_only: bool) -> _Frame:
    """The columns, counting positions the way that aligns the table better (when the
    table is laid out by position at all: a header over lines, or cells spaced widely)."""
    spaced = len(header) > 1 or any(b.c0 - a.c1 >= 3 for toks in (*header.values(), *rows)
                                    for a, b in pairwise(toks))
    best = None
    for metric in ("c",) if ascii_only or not spaced else ("c", "d"):
        _use(metric, header.values(), rows)
        frame = _frame(_with_code_column(_columns(header, spec), spec), spec)
        score = _alignment(frame, rows, header)
        if best is None or score > best[0]:
            best = (score, metric, frame)
    _, metric, frame = best
    _use(metric, header.values(), rows)
    if spec.key == "sangong" and not _distinct_keys(frame):
        frame = _sangong_in_order(frame, header, spec)
    return frame


def _header_row(frame: _Frame, k: int, total: tuple[int, int] | None) -> list[str]:
    """A header line as a grid row: each column's words on that line."""
    row = ["".join(column.words.get(k, [])) for column in frame.columns]
    if total is not None and total[0] == k:
        label = next((b.label for b in frame.blocks if b.label is not None), None)
        if label is not None and not row[label]:
            row[label] = "合计"
    _guard_header(row)
    return row


def _place_rows(frame: _Frame, rows: dict[int, list[_Tok]], header_lines: int) -> tuple[dict[int, list[str]], set[int]]:
    """Each data line's cells, rows printed over several lines joined; and the lines
    whose figures could not be placed with certainty."""
    place = _place_plain
    if not frame.plain and _is_layout(frame, list(rows.values()), header_lines):
        place = _place_layout
        _align_figures(frame, list(rows.values()))
    trusted = _distinct_keys(frame)
    placed: dict[int, list[str]] = {}
    options: dict[int, list[dict[int, str]]] = {}
    uncertain: set[int] = set()
    rows, unsure = _spills_joined(frame, rows, place is _place_layout)
    uncertain |= unsure
    flow = _Flow(frame)
    for k, toks in rows.items():
        if place is _place_plain:
            placed[k], sure, options[k] = _place_plain(frame, toks, flow)
            flow.follow(placed[k])
            if flow.piece and flow.guessed:
                flow.floating.append(k)
        else:
            placed[k], sure, options[k] = place(frame, toks)
        if not sure or not trusted:
            uncertain.add(k)
    names = flow.names
    if flow.floating and names:
        _settle_pieces(frame, placed, list(rows), flow.floating, names)
    for n, block in enumerate(frame.blocks):
        _merge_wrapped(placed, block, list(rows), names[n] if n < len(names) else frozenset())
    if frame.spec.classified and trusted and len(frame.blocks) == 1:
        _by_hierarchy(frame, placed, {k: options[k] for k in uncertain if options[k]}, uncertain)
    return placed, uncertain


def _spills_joined(frame: _Frame, rows: dict[int, list[_Tok]],
                   by_position: bool) -> tuple[dict[int, list[_Tok]], set[int]]:
    """Rows whose last figures spilled onto the next line ("… 469.17 469.17 0.00" / "0.00"),
    joined: a line of figures alone right after a line with fewer figures than the table
    has figure columns completes it. When the two lines hold fewer figures than that
    still, the figures may as well be another row's (its name printed round them): the
    row is read with them, but not trusted; in a table read by position (where the
    figures stand says their columns) the lines are then left as they are."""
    width = len(frame.figs)
    out = dict(rows)
    unsure: set[int] = set()
    last: int | None = None                      # the line before, when it holds figures
    for k, toks in rows.items():
        figures = [tok for tok in toks if tok.is_number and not _leading_code(tok, toks, width)]
        alone = bool(toks) and len(figures) == len(toks)
        if alone and last is not None:
            held = sum(tok.is_number and not _leading_code(tok, out[last], width) for tok in out[last])
            joined = [*out[last], *toks]
            complete = held + len(figures) <= width and _complete(frame, joined, held + len(figures))
            if complete or (held + len(figures) < width and not by_position):
                out[last], out[k] = joined, []
                if not complete:
                    unsure.add(last)
                last = None
                continue
        last = k if figures else None
    return out, unsure


def _complete(frame: _Frame, toks: list[_Tok], figures: int) -> bool:
    """Whether a line holds a figure for every figure column: of the table, or of one half
    when the line prints one half's label alone ("十九、住房保障支出 168.90 …")."""
    if figures == len(frame.figs):
        return True
    if len(frame.blocks) < 2:
        return False
    groups = _groups(_split_labels(toks), True, len(frame.figs))
    return len(groups) == 1 and any(len(block.figs) == figures for block in frame.blocks)


def _distinct_keys(frame: _Frame) -> bool:
    """Whether no two figure columns of one half read as the same column (a header that
    could not be read: its rows are placed, but uncertain)."""
    for block in frame.blocks:
        keys = [frame.columns[j].key for j in block.figs if frame.columns[j].key is not None]
        if len(keys) != len(set(keys)):
            return False
    return True


def _sangong_in_order(frame: _Frame, header: dict[int, list[_Tok]], spec: TableSpec) -> _Frame:
    """The 三公 table's header written without alignment: when one header line is its twelve
    预算数/决算数 (or 预算/决算, 全年预算数…), the columns are the template's, in the template's order."""
    leaf = next((row for row, toks in header.items() if len(toks) == 12
                 and all(is_sangong_kind(t.text) for t in toks)), None)
    if leaf is None:
        return frame
    top = min(header)
    parts = [p for p in SANGONG_PARTS for _ in (0, 1)]
    columns = []
    for tok, part in zip(header[leaf], parts):
        column = _Col(tok.x0, tok.x1, mid=tok.mid, words={top: [part], leaf: [tok.text]})
        column.kind, column.key = _column_kind(column.header(), spec)
        columns.append(column)
    return _frame(columns, spec)


def _without_unit(toks: list[_Tok]) -> list[_Tok]:
    """A line's tokens without "单位：万元" (read already, and no column's)."""
    out: list[_Tok] = []
    for tok in toks:
        if out and out[-1].text.endswith(("单位:", "单位：")) and tok.text in ("万元", "千元", "亿元", "元"):
            out.pop()
        elif not _UNIT.fullmatch(tok.text):
            out.append(tok)
    return out


def _use(metric: str, *groups) -> None:
    """Read positions in characters ("c") or display columns ("d")."""
    for lines in groups:
        for line in lines:
            for tok in line:
                tok.x0, tok.x1 = (tok.c0, tok.c1) if metric == "c" else (tok.d0, tok.d1)


def _with_code_column(columns: list[_Col], spec: TableSpec) -> list[_Col]:
    """A 类/款/项 table whose header has no code column ("科目名称 合计 …", code and name in
    one cell) gets an empty one in front, for the codes."""
    if spec.classified and columns and not any(c.kind == "code" for c in columns):
        return [_Col(-1e9, -1e9, "code", mid=-1e9), *columns]
    return columns


def _fields_are_columns(lines) -> bool:
    """Whether every line of a tab-separated table has as many fields as the others, a
    field for each column (blank cells kept, a merged cell followed by empty fields)."""
    return len({line.count("\t") for line in lines}) == 1


def _cut_tabs(texts: dict[int, str], body: _Body) -> list[list[str]]:
    rows: list[list[str]] = [[] for _ in range(body.first, body.end)]
    for k, line in texts.items():
        rows[k - body.first] = [_clean(cell) for cell in line.split("\t")]
    for k in range(body.first, body.data):
        _guard_header(rows[k - body.first])
    width = max(len(row) for row in rows)
    return [row + [""] * (width - len(row)) for row in rows]


def _guard_header(row: list[str]) -> None:
    """A header row must not read as the total row when its first word is "合计" (the
    基金 tables print the 合计 row's label on the line of 本年支出's sub-headers, the 三公
    table heads its first columns 合计): spaced out, "合 计" still joins to "合计"."""
    first = next((j for j, cell in enumerate(row) if cell), None)
    if first is None or row[first].replace(" ", "") not in _TOTALS:
        return
    word = row[first].replace(" ", "")
    for j in range(first, len(row)):
        if row[j].replace(" ", "") == word:
            row[j] = " ".join(word)
        elif row[j]:
            break


def _total_label(header_rows: list[int], toks) -> tuple[int, int] | None:
    """The total row's label printed on the last header line, left of sub-headers
    ("合计   合计  基本支出  项目支出"): not a header word."""
    if not header_rows:
        return None
    row = toks[header_rows[-1]]
    if len(row) >= 3 and _clean(row[0].text) in _TOTALS and any(_clean(t.text) not in _TOTALS for t in row[1:]):
        return header_rows[-1], row[0].c0
    return None


def _alignment(frame: _Frame, rows: list[list[_Tok]], header) -> float:
    """How well a way of counting positions aligns the table: figures ending in the same
    place, words of one header cell stacked, words of different cells apart."""
    score = 0.0
    edges: dict[float, int] = {}
    for toks in rows:
        for tok in toks:
            if tok.is_number:
                edges[tok.x1] = edges.get(tok.x1, 0) + 1
    score += sum(count for count in edges.values() if count > 1)
    flat = [(row, tok) for row, toks in header.items() for tok in toks]
    for n, (row, tok) in enumerate(flat):
        for other_row, other in flat[n + 1:]:
            if other_row != row and tok.x0 < other.x1 and other.x0 < tok.x1:
                aligned = abs(tok.mid - other.mid) <= 1.5 or tok.x0 == other.x0 or tok.x1 == other.x1
                score += 1 if aligned else -1
    return score


def _kinds_for(tok: _Tok) -> tuple[str, ...]:
    if tok.is_number:
        return ("fig", "index", "code") if tok.is_code else ("fig", "index")
    return ("label", "code") if tok.kind == "gap" else ("label",)


def _nearest(frame: _Frame, tok: _Tok, kinds: tuple[str, ...]) -> int | None:
    """The column of one of these kinds whose reach holds the token (or is nearest)."""
    best, best_cost = None, 0.0
    mid, x0, x1 = tok.mid, tok.x0, tok.x1
    for j, lo, hi, c0, c1 in frame.of_kinds(kinds):
        cost = 0.0 if lo <= mid <= hi else min(abs(mid - lo), abs(mid - hi))
        cost += 0.01 * max(0.0, c0 - x1, x0 - c1)
        if best is None or cost < best_cost:
            best, best_cost = j, cost
    return best


def _is_layout(frame: _Frame, rows: list[list[_Tok]], header_lines: int) -> bool:
    """Whether positions can be trusted. With complete rows (a figure in every column)
    whose names end in different places: their figures line up column by column and fall
    under the header's columns. Otherwise: the header spreads over lines, the data lines
    space their cells widely, and their codes and figures fall under columns of their
    kind."""
    figs = frame.figs
    complete, label_ends = [], []
    for toks in rows:
        numbers = [t for t in toks if t.is_number and not _leading_code(t, toks, len(figs))]
        if figs and len(numbers) == len(figs):
            complete.append(numbers)
            label_ends.append(max((t.x1 for t in toks if t.x1 <= numbers[0].x0 and t not in numbers), default=0))
    # rows whose names end near the same place line their figures up in plain text too
    if len(complete) >= 2 and max(label_ends) - min(label_ends) >= 5:
        for n in range(len(figs)):
            column = [numbers[n] for numbers in complete]
            if not any(max(map(edge, column)) - min(map(edge, column)) <= 2
                       for edge in (lambda t: t.x0, lambda t: t.x1, lambda t: t.mid)):
                return False
        inside = sum(frame.reach[j][0] <= numbers[n].mid <= frame.reach[j][1]
                     for numbers in complete for n, j in enumerate(figs))
        if inside < 0.9 * len(complete) * len(figs):
            return False
        _centre_on_data(frame, complete)
        return True
    tokens = [tok for toks in rows for tok in toks]
    gaps = [[b.c0 - a.c1 for a, b in pairwise(toks) if b.c0 > a.c1] for toks in rows]
    gaps = [line for line in gaps if line]               # "30207邮电费": glued, no gap
    if header_lines < 2 or len(tokens) < 3 or sum(max(line) >= 3 for line in gaps) < 0.9 * len(gaps):
        return False
    numbers = [tok for tok in tokens if tok.is_number]
    hits = sum(1 for tok in numbers if (j := _nearest(frame, tok, _kinds_for(tok))) is not None
               and frame.reach[j][0] <= tok.mid <= frame.reach[j][1])
    return hits >= 0.9 * len(numbers)


def _centre_on_data(frame: _Frame, complete: list[list[_Tok]]) -> None:
    """Figure columns are centred where the complete rows print their figures (right
    aligned figures do not sit under their centred header)."""
    for n, j in enumerate(frame.figs):
        frame.columns[j].mid = median(numbers[n].mid for numbers in complete)
    frame.recentre()


_EDGES = {"x1": lambda t: t.x1, "mid": lambda t: t.mid, "x0": lambda t: t.x0}
#: how far (in positions) a figure may stand from its column's edge and still stand at it
_ON_EDGE = 1


def _align_figures(frame: _Frame, rows: list[list[_Tok]]) -> None:
    """The edge the table lines its figures up on (the right edge, mostly) and where each
    figure column's figures stand on it, when most figures stand exactly there.

    The middle of a right-aligned figure moves with its width, and a figure wider than
    its column (full-width digits count two) reaches into the column on its left: its
    middle can stand nearer that column's figures than its own. Its aligned edge stays
    where the other figures of its column end."""
    figs = frame.figs
    found: dict[int, list[_Tok]] = {j: [] for j in figs}
    for toks in rows:
        numbers = [t for t in toks if t.is_number and not (t.is_code and _in_code_column(frame, t))]
        complete = len(numbers) == len(figs)
        for n, tok in enumerate(numbers):
            j = figs[n] if complete else _nearest(frame, tok, ("fig", "index"))
            if j is not None:
                found[j].append(tok)
    found = {j: toks for j, toks in found.items() if toks}
    if not found:
        return
    best = None
    for edge, at in _EDGES.items():                      # ties: the right edge, then the middle
        anchors = _anchors(frame, {j: [at(t) for t in toks] for j, toks in found.items()})
        support = sum(abs(at(t) - anchors[j]) <= _ON_EDGE for j, toks in found.items() for t in toks)
        if best is None or support > best[0]:
            best = (support, edge, anchors)
    support, edge, anchors = best
    at = [anchors[j] for j in figs]
    if edge == "mid" or 2 * support <= sum(map(len, found.values())) or any(b <= a for a, b in pairwise(at)):
        return                                           # ragged figures: placed by their middles
    frame.edge, frame.anchors = edge, anchors
    frame.halves = {j: n for n, block in enumerate(frame.blocks) for j in block.figs}
    for n, j in enumerate(figs):
        lo = (at[n - 1] + at[n]) / 2 if n else -1e9
        hi = (at[n] + at[n + 1]) / 2 if n + 1 < len(at) else 1e9
        frame.fig_reach[j] = (lo, hi)
        # where the column's cell begins: where the one before ends (right-aligned), or at its edge
        frame.cells[j] = (at[n - 1] if n else -1e9) if edge == "x1" else at[n]


def _anchors(frame: _Frame, places: dict[int, list[float]]) -> dict[int, float]:
    """Where each figure column's figures stand: the place most of them share. Where no
    place is shared (a column of one or two figures, one of them pushed aside by a wide
    neighbour), the one nearest where the column's header puts it, the header standing
    to the column's figures as the others' headers stand to theirs."""
    clear: dict[int, float] = {}
    tied: dict[int, list[float]] = {}
    for j, values in places.items():
        counts = Counter(values)
        top = max(counts.values())
        shared = [v for v, c in counts.items() if c == top]
        if top > 1 and len(shared) == 1:
            clear[j] = shared[0]
        else:
            tied[j] = shared
    mids = {j: frame.columns[j].mid for j in frame.figs}
    shift = median(clear[j] - mids[j] for j in clear) if clear else None
    out = {}
    for j in frame.figs:
        if j in clear:
            out[j] = clear[j]
        elif shift is None:
            out[j] = median(places[j]) if j in places else mids[j]
        else:
            out[j] = min(tied.get(j, ()), key=lambda v: (abs(v - mids[j] - shift), v), default=mids[j] + shift)
    return out


def _figure_cost(frame: _Frame, tok: _Tok, j: int) -> float:
    """How far a figure stands from figure column ``j``: 0 within its reach."""
    if frame.edge == "mid":
        lo, hi = frame.reach[j]
        return 0.0 if lo <= tok.mid <= hi else min(abs(tok.mid - lo), abs(tok.mid - hi))
    x = _EDGES[frame.edge](tok)
    lo, hi = frame.fig_reach[j]
    outside = 0.0 if lo <= x <= hi else min(abs(x - lo), abs(x - hi))
    if outside == 0.0 or any(abs(x - at) <= _ON_EDGE for at in frame.anchors.values()):
        return outside
    # At no column's edge: pushed right by a wide figure before it (a line is written
    # from left to right) or printed out of line. Its place says only that it belongs
    # to a column of its half whose figures begin before it ends.
    home = next((i for i, (lo, hi) in frame.fig_reach.items() if lo <= x <= hi), j)
    same_half = frame.halves.get(home) == frame.halves.get(j)
    return 0.0 if same_half and frame.cells[j] < tok.x1 else outside


def _leading_code(tok: _Tok, toks: list[_Tok], figures: int = 0) -> bool:
    """A 3/5/7-digit number before words, or alone on its line, is a code; so is one that
    opens a line of figures ("2070199 85.66 0.00 85.66", its name on the lines around)
    when it reads as a 支出功能分类 code: seven digits, a code of the classification, or
    the line has a figure too many or figures with decimals."""
    if not tok.is_code:
        return False
    if tok.joined:
        return True
    i = toks.index(tok)
    if i + 1 < len(toks) and toks[i + 1].kind == "text":
        return True
    if i:
        return False
    if len(toks) == 1:
        return True
    others = [t for t in toks[1:] if t.is_number]
    if tok.text[0] != "2" or len(others) != len(toks) - 1:
        return False
    return len(tok.text) == 7 or len(others) >= figures > 0 or any("." in t.text for t in others) \
        or classification().by_code(tok.text) is not None


def _repeats_header(frame: _Frame, toks: list[_Tok]) -> bool:
    """A header line printed again on a new page."""
    texts = [t.text.replace(" ", "") for t in toks]
    return len(texts) > 1 and all(t in frame.header_words for t in texts) and any(t not in _TOTALS for t in texts) \
        and not any(_starts_row(t) for t in texts)


# --- placing the tokens of one data line ---------------------------------------------------


def _place_layout(frame: _Frame, toks: list[_Tok]) -> tuple[list[str], bool, list[dict[int, str]]]:
    cells = [""] * len(frame.columns)
    numbers = []
    for tok in toks:
        if tok.is_number and not (tok.is_code and _in_code_column(frame, tok)):
            numbers.append(tok)
            continue
        kinds = ("code",) if tok.is_number else _kinds_for(tok)
        j = _nearest(frame, tok, kinds)
        if j is None:
            j = _nearest(frame, tok, ("label", "code", "fig"))
        if j is not None:
            text = _clean(tok.text)
            cells[j] = _join([cells[j], text])
    if not numbers:
        return cells, True, []
    choice, sure, others = _by_position(frame, numbers)
    for tok, j in zip(numbers, choice):
        cells[j] = tok.text
    return cells, sure, [{j: tok.text for tok, j in zip(numbers, other)} for other in others]


def _in_code_column(frame: _Frame, tok: _Tok) -> bool:
    j = _nearest(frame, tok, ("code", "fig", "index", "label"))
    return j is not None and frame.columns[j].kind in ("code", "label")


def _by_position(frame: _Frame, numbers: list[_Tok]) -> tuple[tuple[int, ...], bool, list[tuple[int, ...]]]:
    """The figure columns of a line's figures: where they stand; when that does not
    settle it, the one placement near there that the column sums allow (and, when more
    than one does, those placements)."""
    figs, k = frame.figs, len(numbers)
    if k >= len(figs):
        return tuple(figs), k == len(figs), []
    if _count(len(figs), k) > _MAX_PLACEMENTS:
        return tuple(figs[:k]), False, []

    costs = [{j: _figure_cost(frame, tok, j) for j in figs} for tok in numbers]

    def cost(choice) -> float:
        return sum(costs[n][j] for n, j in enumerate(choice))

    ranked = sorted((cost(choice), choice) for choice in combinations(figs, k))
    best_cost, best = ranked[0]
    if best_cost == 0 and (len(ranked) == 1 or ranked[1][0] > 0):
        if _sums_hold(frame, dict(zip(best, numbers))) is not False:
            return best, True, []
        # the sums fail where the figures stand: a misprint, or columns misread
        valid = _distinct(frame, numbers, [c for _, c in ranked if _sums_hold(frame, dict(zip(c, numbers)))])
        return best, not valid, valid
    close = [choice for value, choice in ranked if value <= best_cost + 2]
    valid = _distinct(frame, numbers, [c for c in close if _sums_hold(frame, dict(zip(c, numbers)))])
    if len(valid) == 1:
        return valid[0], True, []
    return best, False, valid


def _count(n: int, k: int) -> int:
    result = 1
    for i in range(k):
        result = result * (n - i) // (i + 1)
    return result


def _place_plain(frame: _Frame, toks: list[_Tok], flow: _Flow | None = None) -> tuple[list[str], bool, list[dict[int, str]]]:
    """Code, name, figures in reading order; a two-sided line as one group per half. A
    line of one group goes to the half the lines before say (see :func:`_lone_half`)."""
    cells = [""] * len(frame.columns)
    two_sided = len(frame.blocks) > 1
    groups = _groups(_split_labels(toks) if two_sided else toks, two_sided, len(frame.figs),
                     flow.names if flow is not None else ())
    blocks = _group_blocks(groups, frame.blocks)
    if flow is not None:
        flow.piece = flow.guessed = False
    if flow is not None and two_sided and len(groups) == 1 and (shared := _over_halves(frame, groups[0], flow)):
        groups, blocks = shared, frame.blocks[:len(shared)]
    elif flow is not None and two_sided and len(groups) == 1:
        blocks = [frame.blocks[_wide_enough(frame, groups[0], _lone_half(frame, groups[0], blocks[0], flow))]]
    sure = True
    options: list[dict[int, str]] = []
    for (code, words, numbers), block in zip(groups, blocks):
        label = _LEVELS.sub("", _clean(" ".join(words)))
        if block.code is not None and block.label is not None:
            cells[block.code], cells[block.label] = code or "", label
        elif block.label is not None or block.code is not None:
            j = block.label if block.label is not None else block.code
            cells[j] = " ".join(part for part in (code, label) if part)
        if numbers:
            choice, ok, others = _in_order(frame, numbers, block.figs)
            sure = sure and ok
            for tok, j in zip(numbers, choice):
                cells[j] = tok.text
            if len(groups) == 1:
                options = [{j: tok.text for tok, j in zip(numbers, other)} for other in others]
    return cells, sure, options


class _Flow:
    """What the lines of a two-sided table read so far say of the next line: the halves
    whose labels await their figures (printed without them, the rest of the label or the
    figures on the next line), the half the line before printed alone, and the label
    each half printed last (a piece of a label after it may finish it)."""

    def __init__(self, frame: _Frame) -> None:
        self.frame = frame
        self.names = _half_names(frame.spec) if len(frame.blocks) > 1 else ()
        self.open: list[int] = []              # the halves whose labels await their figures
        self.waiting: int | None = None        # ... when one does
        self.alone: int | None = None
        self.labels = [""] * len(frame.blocks)
        self.codes = [""] * len(frame.blocks)   # ... and its code
        self.numbers = [0] * len(frame.blocks)  # the number of each half's last numbered label
        self.piece = False                     # the line placed last is a piece of a label
        self.guessed = False                   # ... whose half nothing said
        self.floating: list[int] = []          # the lines of such pieces

    def follow(self, cells: list[str]) -> None:
        """Take in a placed line."""
        blocks = self.frame.blocks
        if len(blocks) < 2:
            return
        filled, bare = [], []                        # halves printed; ... without figures
        for n, block in enumerate(blocks):
            figures = any(cells[j] for j in block.figs)
            if figures or _block_text(block, cells):
                filled.append(n)
                if not figures:
                    bare.append(n)
        self.alone = filled[0] if len(filled) == 1 else None
        if not self.piece:                           # a line of words alone keeps the halves open
            self.open = bare
        self.waiting = self.open[0] if len(self.open) == 1 else None
        for n in filled:
            code, label = _code_label(blocks[n], cells)
            if self.piece:
                self.labels[n] += label
            elif label:
                self.labels[n], self.codes[n] = label, code
                if number := _number(label):
                    self.numbers[n] = number
            elif code:                               # a name printed round its code's line
                self.codes[n] = code


def _code_label(block: _Block, cells: list[str]) -> tuple[str, str]:
    """A half's code and label on a line (a code printed in the label's cell split off)."""
    code = cells[block.code] if block.code is not None else ""
    label = cells[block.label] if block.label is not None else ""
    if not code and label and _CODE.fullmatch(label.split(" ")[0]):
        code, _, label = label.partition(" ")
    return code, label


def _block_text(block: _Block, cells: list[str]) -> str:
    """A half's code and label on a line."""
    return "".join(cells[j] for j in (block.code, block.label) if j is not None)


def _lone_half(frame: _Frame, group, default: _Block, flow: _Flow) -> int:
    """The half of a line that prints one group. The rest of a label, or its figures,
    go to the half whose label awaits them; a label (or a piece of one) to the one half
    whose row names it finishes or begins; a label without figures not known to either
    half, to the half the line before printed alone; else as :func:`_group_blocks` says.
    A numbered label that names no row follows the one half whose last number is the one
    before its own."""
    code, words, numbers = group
    half = next(n for n, block in enumerate(frame.blocks) if block is default)
    label = _clean(" ".join(words))
    row = bool(code) or _starts_row(label)
    flow.piece = bool(words) and not numbers and not row
    if code:
        return half
    names = flow.names
    waiting = flow.waiting
    if waiting is not None and (not row or waiting < len(names)
                                and _is_name(flow.labels[waiting] + label, names[waiting], flow.codes[waiting])):
        return waiting                       # "合计 162.75" under "… 公用经费"
    if not label:
        return half
    named = _half_by_names(label, names, flow)
    if named is not None:
        return named
    number = _number(label)
    following = [n for n, last in enumerate(flow.numbers) if number and last and number == last + 1]
    if len(following) == 1:                  # "十九、" after the right half's 十八
        return following[0]
    flow.guessed = True
    return flow.alone if flow.alone is not None and (flow.piece or not numbers) else half


def _settle_pieces(frame: _Frame, placed: dict[int, list[str]], order: list[int], floating: list[int],
                   names: tuple[frozenset[str], ...]) -> None:
    """Move a piece of a label whose half was guessed to the one half where it makes a
    name whole with the label above or below it ("本" over "年收入合计 …" in a line of
    both halves)."""
    at = {k: n for n, k in enumerate(order)}
    for k in floating:
        label = next((placed[k][b.label] for b in frame.blocks if b.label is not None and placed[k][b.label]), "")
        if not label:
            continue
        fit = []
        for n, block in enumerate(frame.blocks):
            if block.label is None or n >= len(names):
                continue
            above = _neighbour_label(placed, order[at[k] - 1::-1] if at[k] else [], block)
            below = _neighbour_label(placed, order[at[k] + 1:], block)
            if (above[1] and _is_name(above[1] + label, names[n], above[0])) \
                    or (below[1] and _is_name(label + below[1], names[n], below[0])):
                fit.append(block)
        if len(fit) == 1:
            for block in frame.blocks:
                if block.label is not None:
                    placed[k][block.label] = label if block is fit[0] else ""


def _neighbour_label(placed: dict[int, list[str]], lines: list[int], block: _Block) -> tuple[str, str]:
    """The code and label of the first of these lines that prints a label in this half,
    unless a line with a code of its own comes first (a line of figures alone carries
    none: the label goes on after it)."""
    for k in lines:
        code, label = _code_label(block, placed[k])
        if label or code:
            return code, label
    return "", ""


_NUMERALS = {c: n for n, c in enumerate("一二三四五六七八九", 1)}


def _number(label: str) -> int:
    """The number of a label numbered "十九、" (0 when not numbered so, or above 99)."""
    match = _NUMBERED.match(label)
    if match is None:
        return 0
    digits = match.group().strip("（()）、.．")
    tens, _, units = digits.rpartition("十")
    if "十" in digits:
        value = (_NUMERALS.get(tens, 0) if tens else 1) * 10 + (_NUMERALS.get(units, 0) if units else 0)
        return value if (not tens or tens in _NUMERALS) and (not units or units in _NUMERALS) else 0
    return _NUMERALS.get(digits, 0)


def _over_halves(frame: _Frame, group, flow: _Flow) -> list | None:
    """A line of one group that is in truth one group per half: figures alone, as many
    as both halves have columns (no half has as many); or, after a line that printed
    both halves' labels, the ends of the labels, where they make both labels whole (or
    begin them), or one word for each."""
    code, words, numbers = group
    blocks = frame.blocks
    if code is not None or len(blocks) != 2:
        return None
    if numbers and not words and len(numbers) == len(blocks[0].figs) + len(blocks[1].figs):
        cut = len(blocks[0].figs)
        return [(None, [], numbers[:cut]), (None, [], numbers[cut:])]
    if numbers or len(words) < 2:
        return None
    names = flow.names
    if names and _half_by_names(_clean(" ".join(words)), names, flow) is not None:
        return None                          # the words finish, or make, one half's label
    for cut in range(1, len(words)):
        parts = _clean(" ".join(words[:cut])), _clean(" ".join(words[cut:]))
        if names and all(_is_name(flow.labels[n] + part, names[n], flow.codes[n]) or _begins_name(part, names[n])
                         for n, part in enumerate(parts)):
            flow.piece = True
            return [(None, words[:cut], []), (None, words[cut:], [])]
    if len(words) == 2 and all(flow.labels) and flow.alone is None:
        flow.piece = True
        return [(None, words[:1], []), (None, words[1:], [])]
    return None


def _begins_name(part: str, names: frozenset[str]) -> bool:
    """Whether a piece is the beginning of one of these names (and not the whole)."""
    key = _name_key(part)
    return bool(key) and any(name.startswith(key) and name != key for name in names)


def _wide_enough(frame: _Frame, group, half: int) -> int:
    """A line with more figures than a half has columns is not that half's, but the one
    half's that has as many."""
    numbers = group[2]
    if len(numbers) <= len(frame.blocks[half].figs):
        return half
    wide = [n for n, block in enumerate(frame.blocks) if len(block.figs) >= len(numbers)]
    return wide[0] if len(wide) == 1 else half


def _half_by_names(label: str, names: tuple[frozenset[str], ...], flow: _Flow) -> int | None:
    """The one half whose names say a label is its own: it finishes the label the half
    printed last, or is one of its names, or begins or ends one of them."""
    if not names:
        return None
    key = _name_key(label)
    exact = [n for n, ns in enumerate(names) if key in ns]
    if len(exact) == 1:
        return exact[0]
    last, codes = flow.labels, flow.codes
    for test in (lambda n, ns: last[n] and not _is_name(last[n], ns, codes[n]) and _is_name(last[n] + label, ns, codes[n]),
                 lambda n, ns: not exact and key and any(name.startswith(key) or name.endswith(key) for name in ns)):
        hits = [n for n, ns in enumerate(names) if n < len(last) and test(n, ns)]
        if len(hits) == 1:
            return hits[0]
        if hits:
            return None
    return None


@lru_cache(maxsize=64)
def _half_names(spec: TableSpec) -> tuple[frozenset[str], ...]:
    """The row names of each half of a two-sided table, as :func:`_name_key` reads them."""
    out = []
    for names in spec.row_names:
        keys = {_name_key(name) for name in names if name != CLASSES}
        if CLASSES in names:
            keys |= {_name_key(name) for entry in classification().children("")
                     for name in (entry.name, *entry.former_names)}
        out.append(frozenset(keys))
    return tuple(out)


def _name_key(label: str) -> str:
    """A label as names compare: without its numbering ("四、"), spaces and brackets."""
    label = label.strip()
    numbered = _NUMBERED.match(label)
    return normalize(label[numbered.end():] if numbered else label) if label else ""


def _is_name(label: str, names: frozenset[str], code: str = "") -> bool:
    """Whether a label is a row's whole name: the name of its code in the function or the
    economic classification, one of its half's names, or (where a table declares none) a
    total's."""
    if not label:
        return False
    key = _name_key(label)
    if code:
        return key in _code_names(code)
    if names:                                # a half that declares its rows: "合计" alone is none of them
        return key in names
    return _ROW_WORDS.fullmatch(key) is not None


@lru_cache(maxsize=4096)
def _code_names(code: str) -> frozenset[str]:
    """The names (as :func:`_name_key` reads them) a code has in the function
    classification or, for the basic table's codes, the economic one."""
    entry = classification().by_code(code)
    if entry is not None:
        return frozenset(normalize(name) for name in (entry.name, *entry.former_names))
    return frozenset(_name_key(name) for name_code, name in (*ECONOMIC_PERSONNEL, *ECONOMIC_PUBLIC)
                     if name_code == code)


def _groups(toks: list[_Tok], two_sided: bool, figures: int,
            names: tuple[frozenset[str], ...] = ()) -> list[tuple[str | None, list[str], list[_Tok]]]:
    """(code, words, figures) groups: a group begins at a code or at words after figures
    (and, in a two-sided table, at a code or a numbered label after words: the left
    label printed without its figure, "八、其他收入 八、社会保障和就业支出 50.00"; or, by
    the halves' ``names``, at words after one half's whole name that begin the other's,
    "使用非财政拨款结余 结余分配 0.00")."""
    groups: list[tuple[str | None, list[str], list[_Tok]]] = []
    code, words, numbers = None, [], []
    for tok in toks:
        is_code = _leading_code(tok, toks, figures)
        numbered = two_sided and tok.kind == "text" and _NUMBERED.match(tok.text) is not None
        other = bool(names) and tok.kind == "text" and words and not numbers and _other_half(words, tok.text, names)
        if (numbers and (is_code or not tok.is_number)) or (two_sided and (is_code or numbered) and words) or other:
            groups.append((code, words, numbers))
            code, words, numbers = None, [], []
        if is_code and code is None and not words:
            code = tok.text
        elif not tok.is_number or is_code:
            words.append(tok.text)
        else:
            numbers.append(tok)
    if code is not None or words or numbers:
        groups.append((code, words, numbers))
    return groups


def _other_half(words: list[str], word: str, names: tuple[frozenset[str], ...]) -> bool:
    """Whether the words make one half's whole name and the word begins the other's."""
    label, key = _name_key(_clean(" ".join(words))), _name_key(_clean(word))
    halves = [n for n, half in enumerate(names) if label in half]
    return len(halves) == 1 and any(n != halves[0] and (key in half or _begins_name(key, half))
                                    for n, half in enumerate(names))


#: a numbered label inside a word: "…财政拨款收入一、一般公共服务支出", two labels run together
_SECOND_LABEL = re.compile(r"(?<=[^\s、.．（(一二三四五六七八九十])[一二三四五六七八九十]{1,3}、")


def _split_labels(toks: list[_Tok]) -> list[_Tok]:
    """Words of a two-sided line with two labels run together cut at the second one."""
    out: list[_Tok] = []
    for tok in toks:
        match = _SECOND_LABEL.search(tok.text, 1) if tok.kind == "text" else None
        if match is None:
            out.append(tok)
            continue
        cut = match.start()
        out += [_Tok(tok.text[:cut], "text", tok.c0, tok.c0 + cut), _Tok(tok.text[cut:], "text", tok.c0 + cut, tok.c1)]
    return out


def _group_blocks(groups, blocks: list[_Block]) -> list[_Block]:
    """The half each group of a line belongs to: in order, except that a lone group
    whose label (or economic code) belongs on the right goes there."""
    if len(blocks) == 1:
        return blocks * len(groups)
    if len(groups) >= len(blocks):
        return blocks[:len(groups)]
    out: list[_Block] = []
    start = 0
    for n, (code, words, _) in enumerate(groups):
        last = len(blocks) - (len(groups) - n)           # leave room for the groups after
        side = start
        if _RIGHT_SIDE.search("".join(words)) or (code and code.startswith(_RIGHT_CODES)):
            side = last
        side = min(max(side, start), last)
        out.append(blocks[side])
        start = side + 1
    return out


def _in_order(frame: _Frame, numbers: list[_Tok], figs: list[int]) -> tuple[tuple[int, ...], bool, list[tuple[int, ...]]]:
    """Figures of a plain line: in order when every cell is printed; otherwise the one
    placement the column sums allow, or left to right (uncertain), with the placements
    the sums allow."""
    k, n = len(numbers), len(figs)
    if k >= n:
        return tuple(figs), k == n, []
    if _count(n, k) > _MAX_PLACEMENTS:
        return tuple(figs[:k]), False, []
    valid = _distinct(frame, numbers, [c for c in combinations(figs, k) if _sums_hold(frame, dict(zip(c, numbers)))])
    if len(valid) == 1:
        return valid[0], True, []
    return tuple(figs[:k]), False, valid


def _distinct(frame: _Frame, numbers: list[_Tok], choices: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    """Placements that give the row different amounts ("0.00 0.00" in 合计 and 基本支出 or
    in 合计 and 项目支出 is the same row)."""
    seen, out = set(), []
    for choice in choices:
        amounts = tuple(sorted((j, v) for j, (v, _) in ((j, _value(t.text)) for t, j in zip(numbers, choice)) if v))
        if amounts not in seen:
            seen.add(amounts)
            out.append(choice)
    return out


def _sums_hold(frame: _Frame, placed: dict[int, _Tok]) -> bool | None:
    """Whether the table's column sums hold with these figures in these columns (a blank
    cell is zero; a printed figure stands for the interval it rounds from); None when no
    sum has its columns in the table."""
    values: dict[str, tuple[Decimal, Decimal]] = {}
    for j, column in enumerate(frame.columns):
        if column.key is not None:
            tok = placed.get(j)
            values[column.key] = _value(tok.text) if tok is not None else (Decimal(0), Decimal(0))
    checked = False
    for whole, parts in (_SANGONG_SUMS if frame.spec.key == "sangong" else frame.spec.column_sums):
        present = [values[p] for p in parts if p in values]
        if whole not in values or not present:
            continue
        checked = True
        value, half = values[whole]
        if abs(value - sum(v for v, _ in present)) > half + sum(h for _, h in present):
            return False
    return True if checked else None


def _value(text: str) -> tuple[Decimal, Decimal]:
    """A printed figure's value and half its last digit (0 for a printed zero or a dash)."""
    if not _NUM.fullmatch(text):
        return Decimal(0), Decimal(0)
    plain = text.replace(",", "").replace("−", "-").rstrip("%")
    value = Decimal(plain)
    if not value:
        return value, Decimal(0)
    places = len(plain) - plain.find(".") - 1 if "." in plain else 0
    return value, Decimal(5).scaleb(-places - 1)


def _kids_by_code(codes: dict[str, int]) -> dict[str, list[int]]:
    """The rows one level down under each code (the 类 under 合计), in table order, found
    in one pass so that reading a very large table stays linear in its rows."""
    kids: dict[str, list[int]] = {}
    for code, k in codes.items():
        if code == "合计":
            continue
        parent = "合计" if len(code) == 3 else code[:-2] if len(code) > 3 else None
        if parent is not None:
            kids.setdefault(parent, []).append(k)
    return kids


def _by_hierarchy(frame: _Frame, placed: dict[int, list[str]], options: dict[int, list[dict[int, str]]],
                  uncertain: set[int]) -> None:
    """Rows whose figures could go to several columns, settled by the 类/款/项 sums: a
    parent (合计 for the 类) equals the sum of its children in every figure column, and
    when exactly one choice of placements for a family's unsettled rows makes that so,
    it is taken."""
    block = frame.blocks[0]
    codes: dict[str, int] = {}
    seen: set[str] = set()
    for k, cells in placed.items():
        code = cells[block.code] if block.code is not None else ""
        label = cells[block.label] if block.label is not None else ""
        if not code and label in _TOTALS:
            code = "合计"
        elif not _CODE.fullmatch(code or "-"):
            continue
        if code in seen:
            codes.pop(code, None)               # printed twice: no family to trust
        else:
            codes[code] = k
        seen.add(code)
    kids_of = _kids_by_code(codes)
    families = [(0 if code == "合计" else len(code), [k, *kids_of[code]])
                for code, k in codes.items() if kids_of.get(code)]
    changed = True
    while changed and options:
        changed = False
        for _, family in sorted(families, key=lambda f: -f[0]):      # deepest first
            open_rows = [k for k in family if k in options]
            if not open_rows or any(k in uncertain and k not in options for k in family):
                continue
            if _count_product(len(options[k]) for k in open_rows) > _MAX_PLACEMENTS:
                continue
            fits = []
            for trial in product(*(options[k] for k in open_rows)):
                chosen = dict(zip(open_rows, trial))
                if _family_adds_up(family, chosen, placed, block.figs):
                    fits.append(chosen)
                    if len(fits) > 1:
                        break
            if len(fits) == 1:
                for k, choice in fits[0].items():
                    for j in block.figs:
                        placed[k][j] = choice.get(j, "")
                    del options[k]
                    uncertain.discard(k)
                changed = True


def _count_product(counts) -> int:
    total = 1
    for count in counts:
        total *= count
    return total


def _family_adds_up(family: list[int], chosen: dict[int, dict[int, str]], placed, figs: list[int]) -> bool:
    def cell(k: int, j: int) -> tuple[Decimal, Decimal]:
        text = chosen[k].get(j, "") if k in chosen else placed[k][j]
        return _value(text) if text else (Decimal(0), Decimal(0))

    parent, kids = family[0], family[1:]
    for j in figs:
        value, half = cell(parent, j)
        parts = [cell(k, j) for k in kids]
        if abs(value - sum(v for v, _ in parts)) > half + sum(h for _, h in parts):
            return False
    return True


# --- rows printed over several lines -------------------------------------------------------


@dataclass
class _Row:
    lines: list[int]
    own: str = ""                           # the label words on its first line
    figures: int | None = None              # the line with its figures
    prefix: list[int] = field(default_factory=list)
    suffix: list[int] = field(default_factory=list)
    code: str = ""


def _merge_wrapped(placed: dict[int, list[str]], block: _Block, order: list[int],
                   names: frozenset[str] = frozenset()) -> None:
    """Join the lines of each row printed over several lines, in one half of the table.

    A line with only words (not a numbered label, not a total) is a piece of a name: it
    belongs to the row above or below. A line with figures but no code or label of its
    own finishes the row above when that row has none. In a table whose names wrap
    centred on the code ("其他文化旅游" / "20799 体育与传媒支" / "出"), a row takes as many
    pieces below it as above it; otherwise pieces belong to the row above. Where the
    names of the rows (their codes' names in the classification, the half's ``names``,
    the totals') say otherwise, pieces go where they make the names whole: "本" /
    "年收入合计 …" is one row, and so is "本年 …" / "收入合计".
    """
    label_col = block.label if block.label is not None else block.code
    if label_col is None:
        return

    def parts(k: int) -> tuple[str, str, bool]:
        cells = placed[k]
        label = cells[label_col]
        code = cells[block.code] if block.code is not None and block.code != label_col else ""
        if not code and label and _CODE.fullmatch(label.split(" ")[0]):
            code, _, label = label.partition(" ")
        return code, label, any(cells[j] for j in block.figs)

    def fits(row: _Row, lines: list[int]) -> bool:
        return _is_name(_join(parts(k)[1] for k in lines), names, row.code)

    rows: list[_Row] = []
    gaps: list[list[int]] = []               # the pieces before each row
    pending: list[int] = []
    for k in order:
        code, label, figs = parts(k)
        if not (code or label or figs):
            continue
        last = rows[-1] if rows else None
        starts = _starts_row(label) and not (last is not None and not pending and not code
                                             and (last.figures is None or not figs)
                                             and _finishes(last, gaps[-1], k, fits, last.figures is None))
        if label and not code and not figs and not starts:
            pending.append(k)
            continue
        if last is not None and last.figures is None and figs and not code and not starts:
            last.lines.extend([*pending, k])
            last.figures = k
            pending = []
            continue
        rows.append(_Row([k], label, k if figs else None, code=code))
        gaps.append(pending)
        pending = []
    if not rows:
        return
    gaps.append(pending)
    centred = bool(gaps[0]) or any(not row.own and gaps[i] and gaps[i + 1] for i, row in enumerate(rows))
    if any(gaps[1:-1]):              # pieces between rows: the style that names more rows rightly
        top, middle = (_named_rightly(rows, gaps, style, parts) for style in (False, True))
        if top != middle:
            centred = middle > top
    _split_pieces(rows, gaps, centred, fits)
    columns = [label_col, *([block.code] if block.code is not None else []), *block.figs]
    for row in rows:
        every = sorted({*row.prefix, *row.lines, *row.suffix})
        if len(every) == 1:
            continue
        label = _join(parts(k)[1] for k in every)
        code = next((c for k in row.lines if (c := parts(k)[0])), "")
        figures = {j: placed[row.figures][j] for j in block.figs} if row.figures is not None else {}
        for k in every:
            for j in columns:
                placed[k][j] = ""
        cells = placed[row.figures if row.figures is not None else row.lines[0]]
        if block.code is not None and block.code != label_col:
            cells[block.code], cells[label_col] = code, label
        else:
            cells[label_col] = f"{code} {label}" if code and label else code or label
        for j, value in figures.items():
            cells[j] = value


def _finishes(row: _Row, before: list[int], k: int, fits, open_row: bool = False) -> bool:
    """Whether line ``k`` (a label that could begin a row: "收入合计", "合计 1,879.45"
    under "人员经费") is the end of the row above: the row's name (with the last of the
    pieces ``before`` it) is whole with it, and not without it unless the row has no
    figures yet (``open_row``)."""
    return any((open_row or not fits(row, [*before[n:], *row.lines])) and fits(row, [*before[n:], *row.lines, k])
               for n in range(len(before) + 1))


def _split_pieces(rows: list[_Row], gaps: list[list[int]], centred: bool, fits=None) -> None:
    """Give the pieces of names between two rows to the row above or below: all above,
    unless the row below has no name of its own or the names are centred on their rows
    (then a row takes as many pieces below as it took above); but where another split
    makes more names whole (``fits``), that one."""
    rows[0].prefix = gaps[0]
    for i in range(1, len(rows)):
        above, below, pieces = rows[i - 1], rows[i], gaps[i]
        keep = len(pieces) if _starts_row(below.own) or (below.own and not centred) \
            else min(len(pieces), len(above.prefix))
        if fits is not None and pieces:
            keep = _best_split(above, below, pieces, keep, fits)
        above.suffix, below.prefix = pieces[:keep], pieces[keep:]
    rows[-1].suffix = gaps[-1]


def _best_split(above: _Row, below: _Row, pieces: list[int], keep: int, fits) -> int:
    """How many pieces the row above takes: the one split that makes more of the two
    rows' names whole than ``keep`` does, or ``keep``."""
    def whole(n: int) -> int:
        return fits(above, [*above.prefix, *above.lines, *pieces[:n]]) + fits(below, [*pieces[n:], *below.lines])

    if whole(keep) == 2:
        return keep
    scores = [whole(n) for n in range(len(pieces) + 1)]
    best = max(scores)
    if best > scores[keep] and scores.count(best) == 1:
        return scores.index(best)
    return keep


def _named_rightly(rows: list[_Row], gaps: list[list[int]], centred: bool, parts) -> int:
    """How many rows get their classification name when pieces are given this way."""
    _split_pieces(rows, gaps, centred)
    tree, count = classification(), 0
    for row in rows:
        entry = tree.by_code(row.code) if row.code else None
        if entry is not None:
            label = normalize(_join(parts(k)[1] for k in sorted({*row.prefix, *row.lines, *row.suffix})))
            count += label in {normalize(name) for name in (entry.name, *entry.former_names)}
    return count


def _join(texts) -> str:
    """Pieces of one cell: they run on, except ASCII letters and digits, which keep a
    space between them."""
    out = ""
    for text in texts:
        if text:
            out += " " + text if out and out[-1].isascii() and out[-1].isalnum() and text[0].isascii() \
                and text[0].isalnum() else text
    return out


__all__ = ["find_tables"]

# The reader of tables printed one cell per line builds on this module's pieces: it is
# imported once they are defined (as a module, so that either may be imported first).
from juesuan.tables import text_cells  # noqa: E402
