"""A composed report as a Word document (.docx), set as Chinese government documents are set.

Page and type follow the usual rules for official documents (GB/T 9704): A4, margins
3.7 cm top, 3.5 cm bottom, 2.8 cm left, 2.6 cm right; the title in 小标宋 二号 (22 pt)
centred; part headings (第一部分 …) in 黑体 三号 (16 pt) centred; section headings (一、)
in 黑体 三号 and subsections (（一）) in 楷体 三号, indented like the text; the text in
仿宋 三号 with a two-character first-line indent and an exact line pitch of 29 pt (22 lines
a page). Headings use Word's own Title / Heading 1-3 styles (restyled), so Word's
navigation pane shows the report's outline.

Tables are real Word tables: "Table Grid" with explicit single borders, the header rows'
merged cells as gridSpan / vMerge, header rows repeated on every page (``w:tblHeader``),
rows that do not split over pages, figures right-aligned, all in 宋体 五号 (10.5 pt), with
fixed column widths that fill the text width. Each table's title stands above it as a
centred bold line, then "单位：万元" right-aligned; its notes follow it. A run of pages
holding tables (part four) becomes a landscape section when one of them is wider than
seven columns. Charts (when :mod:`juesuan.render.charts` is there) are pictures 15 cm
wide under a caption line "图：<title>" (四号, centred), caption and picture one paragraph;
without that module they are left out (a chart repeats figures the text states).

Reading back: every heading and paragraph block is exactly one Word paragraph holding
exactly its text, a table's title, unit and notes are one paragraph each, and a table
cell holds exactly the cell's text, so :func:`juesuan.readers.dispatch.read_document`
finds the same lines and grids. Page breaks are ``w:pageBreakBefore`` on the paragraph
that opens the new page (or a section break where the orientation changes), never a
paragraph of its own. The only lines the blocks do not name are a chart's caption
(plain text leaves charts out) and, when a landscape section ends right after a table,
the empty paragraph that has to carry the section break.

Fonts. The faces government PCs have — 方正小标宋简体, 黑体, 楷体_GB2312, 仿宋_GB2312 and
宋体 — are not free, so the document names them and nothing else: every run (and every
style, and the document defaults) has ``w:rFonts`` with ``w:ascii``, ``w:hAnsi``,
``w:eastAsia`` and ``w:cs`` all set to the face and ``w:hint="eastAsia"`` (python-docx
sets only ascii/hAnsi; eastAsia is set here with ``qn('w:eastAsia')``). Figures and
quotation marks are thus set in the same face as the Chinese text, as those offices set
them, and Word on such a PC uses its fonts with no substitution. For the PDF, the faces
are aliased to the free Noto CJK fonts (fonts-noto-cjk) at conversion time, not written
into the document: :mod:`juesuan.render.pdf` gives LibreOffice a fontconfig file
(``FONTCONFIG_FILE``) that includes the system configuration and maps each face in
:data:`NOTO` to "Noto Serif CJK SC" (仿宋, 楷体, 宋体, 小标宋) or "Noto Sans CJK SC" (黑体).
Writing the Noto names into the .docx instead would make Word on a government PC
substitute fonts it lacks; leaving the faces unmapped makes LibreOffice fall back to
whatever CJK font fontconfig ranks first (a sans face for everything).
"""
from __future__ import annotations

import copy
import io
import re
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Cm

from juesuan.render.blocks import (
    Block,
    Cell,
    Chart,
    Heading,
    PageBreak,
    Paragraph,
    TableBlock,
)

# --- faces -----------------------------------------------------------------------------

XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
FANGSONG = "仿宋_GB2312"
SONGTI = "宋体"

#: the free face each government face stands in for when the PDF is made
NOTO: dict[str, str] = {
    XIAOBIAOSONG: "Noto Serif CJK SC",
    HEITI: "Noto Sans CJK SC",
    KAITI: "Noto Serif CJK SC",
    FANGSONG: "Noto Serif CJK SC",
    SONGTI: "Noto Serif CJK SC",
}
#: faces heavier than their stand-in's regular weight: 小标宋 is set in Noto Serif's bold
HEAVY = frozenset({XIAOBIAOSONG})
#: other names of the same faces that a document edited on a government PC may carry
ALIASES: dict[str, str] = {
    "方正小标宋_GBK": XIAOBIAOSONG, "小标宋": XIAOBIAOSONG, "FZXiaoBiaoSong-B05S": XIAOBIAOSONG,
    "SimHei": HEITI, "楷体": KAITI, "KaiTi": KAITI, "KaiTi_GB2312": KAITI,
    "仿宋": FANGSONG, "FangSong": FANGSONG, "FangSong_GB2312": FANGSONG, "SimSun": SONGTI,
}

# --- page ------------------------------------------------------------------------------

A4 = (Cm(21.0), Cm(29.7))
#: top, bottom, left, right
PORTRAIT_MARGINS = (Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6))
LANDSCAPE_MARGINS = (Cm(2.8), Cm(2.6), Cm(2.6), Cm(2.6))
#: tables with more columns than this put their pages in a landscape section
WIDE = 7

_TWIPS_PER_EMU = 1 / 635
_LINE = 580          # 29 pt in twips: the text's exact line pitch
_BODY = 32           # 16 pt (三号) in half-points
_TITLE = 44          # 22 pt (二号)
_TABLE = 21          # 10.5 pt (五号)
_CAPTION = 28        # 14 pt (四号)
_CELL_MARGIN = 57    # 0.1 cm, left and right inside a cell

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write_docx(blocks: list[Block], target: str | Path | BinaryIO) -> None:
    """Write the blocks as a .docx to a path or a binary stream."""
    document = _Writer(blocks).build()
    document.save(target if not isinstance(target, Path) else str(target))


def docx_bytes(blocks: list[Block]) -> bytes:
    """The .docx as bytes."""
    stream = io.BytesIO()
    write_docx(blocks, stream)
    return stream.getvalue()


# --- styles ----------------------------------------------------------------------------


def _el(tag: str, **attrs: str):
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _fonts(face: str):
    return _el("w:rFonts", ascii=face, hAnsi=face, eastAsia=face, cs=face, hint="eastAsia")


def _rpr(face: str, size: int, bold: bool = False, tag: str = "w:rPr"):
    rpr = OxmlElement(tag)
    rpr.append(_fonts(face))
    if bold:
        rpr.append(_el("w:b"))
        rpr.append(_el("w:bCs"))
    else:
        rpr.append(_el("w:b", val="0"))
        rpr.append(_el("w:bCs", val="0"))
    rpr.append(_el("w:i", val="0"))
    rpr.append(_el("w:color", val="000000"))
    rpr.append(_el("w:kern", val="0"))
    rpr.append(_el("w:sz", val=size))
    rpr.append(_el("w:szCs", val=size))
    rpr.append(_el("w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    return rpr


_RPRS: dict[tuple[str, int, bool], object] = {}


def _rpr_cached(face: str, size: int, bold: bool = False):
    """One :func:`_rpr` per face, size and weight, to be copied (not used as it is)."""
    key = (face, size, bold)
    if key not in _RPRS:
        _RPRS[key] = _rpr(face, size, bold)
    return _RPRS[key]


def _ppr(align: str = "both", indent: bool = False, line: int | None = _LINE, before: int = 0,
         after: int = 0, keep_next: bool = False, keep_lines: bool = False, outline: int | None = None,
         tag: str = "w:pPr"):
    ppr = OxmlElement(tag)
    if keep_next:
        ppr.append(_el("w:keepNext"))
    if keep_next or keep_lines:
        ppr.append(_el("w:keepLines"))
    ppr.append(_el("w:widowControl"))
    if line is None:
        ppr.append(_el("w:spacing", before=before, after=after, line=240, lineRule="auto"))
    else:
        ppr.append(_el("w:spacing", before=before, after=after, line=line, lineRule="exact"))
    if indent:
        # two characters of 三号 (32 pt) in twips; not w:firstLineChars, which LibreOffice
        # 7.4 reads as no indent at all (Word sets the same indent from either)
        ppr.append(_el("w:ind", firstLine=2 * _BODY * 10))
    else:
        ppr.append(_el("w:ind", firstLine=0, left=0, right=0))
    ppr.append(_el("w:jc", val=align))
    if outline is not None:
        ppr.append(_el("w:outlineLvl", val=outline))
    return ppr


#: style id -> (name, face, size, bold, paragraph properties)
_STYLES = {
    "Normal": ("Normal", FANGSONG, _BODY, False, {"indent": True}),
    "Title": ("Title", XIAOBIAOSONG, _TITLE, False,
              {"align": "center", "line": 720, "after": _LINE, "keep_next": True, "outline": 0}),
    "Heading1": ("heading 1", HEITI, _BODY, False,
                 {"align": "center", "after": _LINE // 2, "keep_next": True, "outline": 0}),
    "Heading2": ("heading 2", HEITI, _BODY, False, {"indent": True, "keep_next": True, "outline": 1}),
    "Heading3": ("heading 3", KAITI, _BODY, False, {"indent": True, "keep_next": True, "outline": 2}),
    "JsTableTitle": ("决算表标题", SONGTI, _BODY, True,
                     {"align": "center", "line": None, "after": 120, "keep_next": True}),
    "JsTableUnit": ("决算表单位", SONGTI, _TABLE, False,
                    {"align": "right", "line": None, "after": 60, "keep_next": True}),
    "JsTableText": ("决算表单元格", SONGTI, _TABLE, False, {"align": "left", "line": None}),
    "JsTableNote": ("决算表注释", SONGTI, _TABLE, False, {"align": "left", "line": None, "before": 60}),
    "JsFigure": ("决算图", FANGSONG, _CAPTION, False,
                 {"align": "center", "line": None, "before": 120, "after": 120, "keep_lines": True}),
}
_HEADING_STYLE = {0: "Title", 1: "Heading1", 2: "Heading2", 3: "Heading3"}


def _set_styles(document) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    defaults = OxmlElement("w:docDefaults")
    rpr_default = OxmlElement("w:rPrDefault")
    rpr_default.append(_rpr(FANGSONG, _BODY))
    ppr_default = OxmlElement("w:pPrDefault")
    ppr_default.append(_el("w:pPr"))
    ppr_default[0].append(_el("w:spacing", before=0, after=0, line=240, lineRule="auto"))
    defaults.append(rpr_default)
    defaults.append(ppr_default)
    styles.insert(0, defaults)
    existing = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    for style_id, (name, face, size, bold, para) in _STYLES.items():
        style = existing.get(style_id)
        if style is None:
            style = _el("w:style", type="paragraph", styleId=style_id)
            style.append(_el("w:name", val=name))
            style.append(_el("w:basedOn", val="Normal"))
            style.append(_el("w:qFormat"))
            styles.append(style)
        for child in style.findall(qn("w:pPr")) + style.findall(qn("w:rPr")):
            style.remove(child)
        style.append(_ppr(**para))
        style.append(_rpr(face, size, bold))
    # the table style: Word's "Table Grid" with its borders, cells without extra spacing
    grid = existing.get("TableGrid")
    if grid is not None:
        for child in grid.findall(qn("w:rPr")) + grid.findall(qn("w:pPr")):
            grid.remove(child)


# --- the writer ------------------------------------------------------------------------


class _Writer:
    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = list(blocks)
        import docx

        self.document = docx.Document()
        self.body = self.document.element.body
        self.sect = self.body.get_or_add_sectPr()     # the last section's, at the body's end
        self.pending_break = False
        self.landscape = False
        self.last = None            # the last paragraph or table written
        self.chart_png = _chart_renderer() if any(isinstance(b, Chart) for b in self.blocks) else None

    def build(self):
        _set_styles(self.document)
        # the footer first, so that every section's properties (copies of these) refer to it
        _page_numbers(self.document, Section(self.sect, self.document.part))
        orientations = _orientations(self.blocks)
        page = 0
        self.landscape = orientations[0]
        for block in self.blocks:
            if isinstance(block, PageBreak):
                page += 1
                if page < len(orientations) and orientations[page] != self.landscape:
                    if self._has_content():
                        self._close_section()
                        self.pending_break = False
                    self.landscape = orientations[page]
                else:
                    self.pending_break = self._has_content()
            elif isinstance(block, Heading):
                self._paragraph(block.text, _HEADING_STYLE.get(block.level, "Heading3"))
            elif isinstance(block, Paragraph):
                self._paragraph(block.text, "Normal")
            elif isinstance(block, TableBlock):
                self._table(block)
            elif isinstance(block, Chart):
                self._chart(block)
        last = Section(self.sect, self.document.part)
        _page_setup(last, self.landscape)
        return self.document

    # -- pieces

    def _has_content(self) -> bool:
        return self.last is not None

    def _append(self, element) -> None:
        self.sect.addprevious(element)
        self.last = element

    def _paragraph(self, text: str, style: str):
        """One w:p holding ``text`` in one run, its face and size set on the run too."""
        _, face, size, bold, _ = _STYLES[style]
        p = OxmlElement("w:p")
        ppr = _el("w:pPr")
        ppr.append(_el("w:pStyle", val=style))
        if self.pending_break:
            ppr.append(_el("w:pageBreakBefore"))
            self.pending_break = False
        p.append(ppr)
        text = _INVALID_XML.sub("", text)
        if text:
            run = OxmlElement("w:r")
            run.append(copy.deepcopy(_rpr_cached(face, size, bold)))
            run.append(_text(text))
            p.append(run)
        self._append(p)
        return p

    def _close_section(self) -> None:
        """End the current section after the last paragraph (an empty one after a table)."""
        last = self.last
        if last is None or last.tag != qn("w:p"):
            keep, self.pending_break = self.pending_break, False
            last = self._paragraph("", "JsTableNote")
            self.pending_break = keep
        sect = copy.deepcopy(self.sect)
        _page_setup(Section(sect, self.document.part), self.landscape)
        ppr = last.find(qn("w:pPr"))
        ppr.append(sect)

    def _chart(self, chart: Chart) -> None:
        if self.chart_png is None:
            return
        from docx.text.paragraph import Paragraph as DocxParagraph

        png = self.chart_png(chart)
        # the caption, a line break and the picture in one paragraph: read back, that is
        # the one line "图：<title>" (a paragraph of its own for the picture would be an
        # empty line)
        p = self._paragraph(f"图：{chart.title}", "JsFigure")
        run = DocxParagraph(p, self.document._body).add_run()
        run.add_break()
        run.add_picture(io.BytesIO(png), width=Cm(15))

    def _table(self, block: TableBlock) -> None:
        self._paragraph(block.title, "JsTableTitle")
        self._paragraph(f"单位：{block.unit}", "JsTableUnit")
        width = _text_width(self.landscape)
        self._append(_table_element(block, width))
        for note in block.notes:
            self._paragraph(note, "JsTableNote")


def _text(text: str):
    t = OxmlElement("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return t


def _chart_renderer():
    try:
        from juesuan.render.charts import chart_png
    except ImportError:
        return None
    return chart_png


def _page_setup(section: Section, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT

    width, height = A4
    top, bottom, left, right = LANDSCAPE_MARGINS if landscape else PORTRAIT_MARGINS
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin, section.bottom_margin = top, bottom
    section.left_margin, section.right_margin = left, right
    section.header_distance, section.footer_distance = Cm(1.5), Cm(2.0)
    section.gutter = 0


def _page_numbers(document, section: Section) -> None:
    """"— 7 —" centred in the footer (宋体 四号), shared by all sections; the footer is not
    part of the body, so reading the document back does not see it."""
    footer = section.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]._p
    for child in list(p):
        p.remove(child)
    p.append(_ppr(align="center", line=None))

    def run(*children):
        r = OxmlElement("w:r")
        r.append(_rpr(SONGTI, _CAPTION))
        for child in children:
            r.append(child)
        p.append(r)

    run(_text("— "))
    run(_el("w:fldChar", fldCharType="begin"))
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    run(instr)
    run(_el("w:fldChar", fldCharType="separate"))
    run(_text("1"))
    run(_el("w:fldChar", fldCharType="end"))
    run(_text(" —"))


def _text_width(landscape: bool) -> int:
    """The width between the margins, in twips."""
    width, height = A4
    _, _, left, right = LANDSCAPE_MARGINS if landscape else PORTRAIT_MARGINS
    page = height if landscape else width
    return int((page - left - right) * _TWIPS_PER_EMU)


# --- orientation -----------------------------------------------------------------------


def columns(block: TableBlock) -> int:
    """How many grid columns the table has."""
    from juesuan.render.plain import grid

    return max((len(row) for row in grid(block)), default=0)


def _orientations(blocks: list[Block]) -> list[bool]:
    """For each page (blocks between page breaks), whether it is landscape: the pages of a
    run of pages that hold tables turn together when one of the tables is wide."""
    pages: list[list[Block]] = [[]]
    for block in blocks:
        if isinstance(block, PageBreak):
            pages.append([])
        else:
            pages[-1].append(block)
    tables = [[b for b in page if isinstance(b, TableBlock)] for page in pages]
    result = [False] * len(pages)
    n = 0
    while n < len(pages):
        if not tables[n]:
            n += 1
            continue
        end = n
        while end < len(pages) and tables[end]:
            end += 1
        wide = any(columns(t) > WIDE for page in tables[n:end] for t in page)
        for i in range(n, end):
            result[i] = wide
        n = end
    return result


# --- tables ----------------------------------------------------------------------------


def placed(block: TableBlock) -> list[list[tuple[int, Cell, bool]]]:
    """Each row's cells as (first grid column, cell, continues a vertical merge)."""
    rows: list[list[tuple[int, Cell, bool]]] = []
    covered: dict[tuple[int, int], Cell] = {}   # (row, column) -> the cell merged down into it
    for r, cells in enumerate(block.header + block.body):
        row: list[tuple[int, Cell, bool]] = []
        c = 0
        for cell in [*cells, None]:
            while (r, c) in covered:               # slots a cell above reaches down into
                above = covered.pop((r, c))
                row.append((c, above, True))
                for j in range(above.colspan):
                    covered.pop((r, c + j), None)
                c += max(above.colspan, 1)
            if cell is None:
                break
            row.append((c, cell, False))
            for i in range(1, max(cell.rowspan, 1)):
                for j in range(max(cell.colspan, 1)):
                    covered[(r + i, c + j)] = cell
            c += max(cell.colspan, 1)
        rows.append(row)
    return rows


#: CJK and full-width characters (U+FF00-U+FFEF are among them), two half-ems wide
_WIDE_CHAR = re.compile("[\u2e80-\U0010ffff]")


def _units(text: str) -> int:
    """Width in half-ems: 2 for a CJK or full-width character, 1 for anything else."""
    return len(text) + len(_WIDE_CHAR.findall(text))


def _column_widths(block: TableBlock, count: int, total: int,
                   rows: list[list[tuple[int, Cell, bool]]] | None = None) -> list[int]:
    """Fixed widths (twips) that fill ``total``.

    A column is as wide as its body's single cells and its header need on one line. When
    that is too wide for the page, names longer than 14 characters wrap, then the headers
    that set the widest columns wrap into two lines, then three, one column at a time, so
    that a wrapped header splits evenly ("本年收入/合计", not "本年收入合/计"); what is left
    over goes to the columns whose headers do not wrap. ``rows`` is :func:`placed` of the
    block, when the caller has it already."""
    half_em = _TABLE * 10 // 2                      # twips of a half-em at 10.5 pt
    pad = 2 * _CELL_MARGIN + 60
    body = [4] * count                              # half-ems: at least two characters
    head = [0] * count
    header_rows = len(block.header)
    for r, row in enumerate(placed(block) if rows is None else rows):
        for c, cell, cont in row:
            if cont or cell.colspan != 1 or c >= count:
                continue
            if r < header_rows:
                head[c] = max(head[c], _units(cell.text))
            else:
                body[c] = max(body[c], _units(cell.text))
    lines = [1] * count
    full = body

    def need(c: int) -> int:
        header = -(-head[c] // lines[c])
        header += header % 2                       # whole characters
        return max(body[c], header) * half_em + pad

    if sum(need(c) for c in range(count)) > total:
        body = [min(units, 28) for units in full]
    while sum(need(c) for c in range(count)) > total:
        wrappable = [c for c in range(count) if lines[c] < 3 and -(-head[c] // lines[c]) > body[c]
                     and head[c] // (lines[c] + 1) >= 4]
        if not wrappable:
            break
        widest = max(wrappable, key=need)
        lines[widest] += 1
    # wrapping the widest first may have wrapped more than needed: unwrap what still fits
    for c in sorted(range(count), key=need):
        while lines[c] > 1:
            lines[c] -= 1
            if sum(need(k) for k in range(count)) > total:
                lines[c] += 1
                break
    widths = [need(c) for c in range(count)]
    spare = total - sum(widths)
    if spare > 0:
        growing = [c for c in range(count) if lines[c] == 1] or list(range(count))
        base = sum(widths[c] for c in growing)
        for c in growing:
            widths[c] += spare * widths[c] // base
    else:
        widths = [w * total // sum(widths) for w in widths]
    widths[-1] += total - sum(widths)
    return widths


def _table_element(block: TableBlock, total: int):
    """The w:tbl, written as one XML string and parsed once: building its thousands of
    elements one ``OxmlElement`` at a time took most of the time of writing the report."""
    rows = placed(block)
    count = max((c + max(cell.colspan, 1) for row in rows for c, cell, _ in row), default=1)
    widths = _column_widths(block, count, total, rows)
    header_rows = len(block.header)

    out = [(f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>'
            f'<w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>')]
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        out.append(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>')
    out.append('</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>'
               f'<w:top w:w="0" w:type="dxa"/><w:left w:w="{_CELL_MARGIN}" w:type="dxa"/>'
               f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{_CELL_MARGIN}" w:type="dxa"/>'
               '</w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" '
               'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
               f'<w:tblCaption w:val={_attr(_INVALID_XML.sub("", block.title))}/>'  # names the table
               '</w:tblPr><w:tblGrid>')
    out.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out.append("</w:tblGrid>")

    for r, row in enumerate(rows):
        header = r < header_rows
        out.append('<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="400" w:hRule="atLeast"/>'
                   + ("<w:tblHeader/>" if header else "") + "</w:trPr>")
        filled = 0
        entries = list(row)
        ends = max((c + max(cell.colspan, 1) for c, cell, _ in entries), default=0)
        entries += [(c, Cell(""), False) for c in range(ends, count)]  # a short row, padded
        for c, cell, cont in entries:
            if c < filled:
                continue
            span = max(1, min(cell.colspan, count - c))
            out.append(_cell(cell, cont, span, sum(widths[c:c + span]), header))
            filled = c + span
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return parse_xml("".join(out).encode())      # lxml reads UTF-8 faster than a str


#: a carriage return kept as such (a parser reads a bare one as a line feed)
_TEXT_ENTITIES = {"\r": "&#13;"}


def _attr(value: str) -> str:
    """An attribute value, quoted and escaped."""
    return quoteattr(value)


def _rpr_xml(face: str, size: int, bold: bool = False) -> str:
    """The same run properties as :func:`_rpr`, as XML text."""
    face = _attr(face)
    b = "<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    return (f'<w:rPr><w:rFonts w:ascii={face} w:hAnsi={face} w:eastAsia={face} w:cs={face} '
            f'w:hint="eastAsia"/>{b}<w:i w:val="0"/><w:color w:val="000000"/>'
            f'<w:kern w:val="0"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
            '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>')


_CELL_RPR = {True: _rpr_xml(HEITI, _TABLE), False: _rpr_xml(SONGTI, _TABLE)}


def _cell(cell: Cell, cont: bool, span: int, width: int, header: bool) -> str:
    """One w:tc as XML text."""
    out = [f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>']
    if span > 1:
        out.append(f'<w:gridSpan w:val="{span}"/>')
    if cont:
        out.append("<w:vMerge/>")                          # continues the merge above
    elif cell.rowspan > 1:
        out.append('<w:vMerge w:val="restart"/>')
    align = "center" if header else "right" if cell.figure else "left"
    out.append('<w:vAlign w:val="center"/></w:tcPr>'
               f'<w:p><w:pPr><w:pStyle w:val="JsTableText"/><w:jc w:val="{align}"/></w:pPr>')
    text = "" if cont else _INVALID_XML.sub("", cell.text)
    if text:
        out.append(f'<w:r>{_CELL_RPR[header]}<w:t xml:space="preserve">'
                   f'{escape(text, _TEXT_ENTITIES)}</w:t></w:r>')
    out.append("</w:p></w:tc>")
    return "".join(out)
