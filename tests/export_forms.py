"""The report's tables and pages in the shapes real publishers produce, made from blocks.

The blocks are those the composer makes of a dataset (:func:`juesuan.render.compose.compose`):
headings, paragraphs and the nine tables with their header cells' spans. From them:

* :func:`export_workbook` writes the nine tables as the final-accounts software exports
  them to Excel: one sheet per table, a title row merged across the table, a row with the
  table's number ("公开02表"), the department and "单位：万元", a header three rows high
  with the function code in three columns 类 / 款 / 项 under "支出功能分类科目编码", a
  栏次 row numbering the figure columns, the two-sided tables with a 行次 column beside
  each label, figures stored as numbers or as text with thousands separators, and
  nothing printed as a blank or "-".
* :func:`word_page` writes the report as Word saves a document "as a web page": mso
  classes, runs of spans (a run of its own for ASCII), ``<o:p></o:p>``, conditional
  comments, ``&nbsp;`` paragraphs, the source wrapped at 80 characters in mid-text (as
  Word writes it), the title letter-spaced with ``&nbsp;``, tables whose cells each hold
  a ``<p class=MsoNormal>``.
* :func:`cms_page` writes it as a government site's CMS article: GBK, navigation,
  breadcrumbs and footer around the article, paragraphs with inline styles and
  ``&nbsp;`` indents, each table opening with its title and unit as merged rows inside
  the ``<table>`` (as Excel pasted into the editor leaves them).

Every writer takes what it varies as arguments, so that the tests can ask for each shape.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from juesuan.render.blocks import Cell, Heading, PageBreak, Paragraph, TableBlock

D = Decimal
_MONEY = re.compile(r"-?\d{1,3}(?:,\d{3})*\.\d{2}")
_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
_CLASSIFIED = ("income", "expenditure", "general", "fund", "capital")
_TWO_SIDED = ("summary", "fiscal")


# -- the tables as the export writes them ------------------------------------------------------


@dataclass(frozen=True)
class Export:
    """How the export prints the tables."""

    codes: str = "split"           # "split": 201 / 03 / 01 in 类 款 项; "own": a row prints its
                                   # own part alone (the 类 and 款 above it once); "merged": the
                                   # whole code in the three columns merged; "one": one column
    figures: str = "number"        # "number" (formatted #,##0.00) or "text" ("1,234.56")
    zero: str = "0.00"             # how a zero prints: "0.00", "" or "-"
    column_numbers: bool = True    # a 栏次 row under the header
    line_numbers: bool = True      # a 行次 column beside each label of the two-sided tables
    form_numbers: bool = True      # a row with the table's number under the title
    form_label: str = "公开{number:02d}表"   # its words ("部门决算公开表{chinese}": 部门决算公开表二)
    sheet_names: str = "number"    # "number": 表1 …; "title": the table's title
    year_cell: str = ""            # a cell between department and unit ("2023年度")
    subtotal: str = "合计"          # the word under 本年支出 over its 基本支出 and 项目支出 ("小计")
    basic: str = "two-blocks"      # the 基本支出 table: 人员经费 beside 公用经费 ("two-blocks"), or
                                   # 公用经费 in two blocks of its own ("three-blocks")
    sangong: str = "by-item"       # the 三公 header: "by-item" (each item over its 预算数 and
                                   # 决算数) or "budget-first" (预算数 over the six items, then 决算数)


def _grid_of(header: list[list[Cell]]) -> list[tuple[int, int, Cell]]:
    """Header cells placed as a browser lays out a table: (row, column, cell)."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, cells in enumerate(header):
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            taken |= {(r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan)}
            c += cell.colspan
    return placed


@dataclass
class Sheet:
    """A table laid out on a grid: values by (row, column), 1-based, merged ranges, and
    where each body row of the block went (its sheet row) and each block column."""

    values: dict[tuple[int, int], object]
    merges: list[tuple[int, int, int, int]]
    body_rows: list[int]
    columns: list[int]             # the sheet column of each of the block's columns


def export_sheet(block: TableBlock, department: str, form: Export) -> Sheet:
    """The table as the export lays it out on its sheet."""
    if form.subtotal != "合计":
        block = _subtotal(block, form.subtotal)
    if block.key in _CLASSIFIED and form.codes != "one":
        header, body, columns = _three_code_columns(block, form)
    elif block.key == "sangong" and form.sangong == "budget-first":
        header, body, columns = _budget_first(block)
    elif block.key == "basic" and form.basic == "three-blocks":
        header, body, columns = _three_blocks(block)
    elif block.key in _TWO_SIDED and form.line_numbers:
        header, body, columns = _line_number_columns(block)
    else:
        header, body, columns = block.header, [[c.text for c in row] for row in block.body], \
            list(range(len(block.body[0]) if block.body else _width(block.header)))
    width = _width(header)
    values: dict[tuple[int, int], object] = {}
    merges: list[tuple[int, int, int, int]] = []

    def put(r: int, c: int, value, rowspan: int = 1, colspan: int = 1) -> None:
        if value not in (None, ""):
            values[(r, c)] = value
        if rowspan > 1 or colspan > 1:
            merges.append((r, c, r + rowspan - 1, c + colspan - 1))

    row = 1
    put(row, 1, block.title, colspan=width)
    row += 1
    if form.form_numbers:
        put(row, width, form.form_label.format(number=block.number, chinese="一二三四五六七八九"[block.number - 1]))
        row += 1
    put(row, 1, f"部门：{department}")
    if form.year_cell:
        put(row, (width + 1) // 2, form.year_cell)
    put(row, width, f"单位：{block.unit}")
    row += 1
    for r, c, cell in _grid_of(header):
        put(row + r, 1 + c, cell.text, cell.rowspan, cell.colspan)
    row += len(header)
    if form.column_numbers:
        row = _column_numbers(put, row, block, header, width)
    body_rows = []
    for cells in body:
        body_rows.append(row)
        for j, text in enumerate(cells):
            put(row, 1 + j, _value(text, form))
        if block.key in _CLASSIFIED and form.codes == "merged" and cells[0]:
            merges.append((row, 1, row, 3))
        elif block.key in _CLASSIFIED and form.codes != "one" and cells[0] == "合计":
            merges.append((row, 1, row, 4))
        row += 1
    for note in block.notes:
        put(row, 1, note, colspan=width)
        row += 1
    return Sheet(values, merges, body_rows, [1 + c for c in columns])


def _width(header: list[list[Cell]]) -> int:
    return max(c + cell.colspan for _, c, cell in _grid_of(header))


def _column_numbers(put, row: int, block: TableBlock, header: list[list[Cell]], width: int) -> int:
    """The 栏次 row: "栏次" over the label columns, then 1, 2 … over the figure columns."""
    labels = _label_columns(block, header)
    number = 0
    for c in range(1, width + 1):
        if c in labels:
            if c == labels[0] or c - 1 not in labels:
                span = 1
                while c + span in labels:
                    span += 1
                put(row, c, "栏次", colspan=span)
        else:
            number += 1
            put(row, c, number)
    return row + 1


def _label_columns(block: TableBlock, header: list[list[Cell]]) -> list[int]:
    """The sheet columns (1-based) that hold codes, names, labels and 行次, not figures."""
    words = ("项目", "科目编码", "科目名称", "类", "款", "项", "行次", "经济分类科目编码", "支出功能分类科目编码")
    placed = _grid_of(header)
    innermost: dict[int, str] = {}
    for r, c, cell in placed:
        for j in range(c, c + cell.colspan):
            innermost[j] = cell.text
    return sorted(1 + j for j, text in innermost.items() if text in words)


def _three_code_columns(block: TableBlock, form: Export):
    """The header and rows with the code in three columns 类 款 项 (and the name beside)."""
    first, *rest = block.header
    figures = [cell for cell in first if cell.text != "项目"]
    depth = 3
    header = [[Cell("项目", 1, 4), *(Cell(c.text, depth if c.rowspan > 1 else 1, c.colspan) for c in figures)],
              [Cell("支出功能分类科目编码", 1, 3), Cell("科目名称", 2, 1),
               *(Cell(c.text, 2, 1) for c in rest[0][2:])] if rest and len(rest[0]) > 2 else
              [Cell("支出功能分类科目编码", 1, 3), Cell("科目名称", 2, 1)],
              [Cell("类"), Cell("款"), Cell("项")]]
    body = []
    for row in block.body:
        cells = [c.text for c in row]
        code, name, figures_ = cells[0], cells[1], cells[2:]
        if _CODE.fullmatch(code):
            if form.codes == "split":
                parts = [code[:3], code[3:5], code[5:7]]
            elif form.codes == "own":
                parts = ["", "", ""]
                parts[(len(code) - 3) // 2] = code[-3:] if len(code) == 3 else code[-2:]
            else:
                parts = [code, "", ""]
        else:
            parts = [code, "", ""]     # 合计
        body.append([*parts, name, *figures_])
    columns = [0, 3, *range(4, 4 + len(block.body[0]) - 2)] if block.body else []
    return header, body, columns


def _subtotal(block: TableBlock, word: str) -> TableBlock:
    """The spending total under 本年支出 printed as ``word`` ("小计"), as the central template
    prints it; in 一般公共预算财政拨款支出决算表, with 本年支出 over the three columns."""
    from dataclasses import replace

    if block.key in ("fund", "capital"):
        header = [block.header[0], [Cell(word) if c.text == "合计" else c for c in block.header[1]]]
        return replace(block, header=header)
    if block.key == "general":
        first, second = block.header
        header = [[first[0], Cell("本年支出", 1, 3)], [*second, Cell(word), Cell("基本支出"), Cell("项目支出")]]
        return replace(block, header=header)
    return block


def _three_blocks(block: TableBlock):
    """The 基本支出 table with 公用经费's rows in two blocks side by side (the central
    template's nine columns), 公用经费合计 on the last row under the last block."""
    head = [Cell("科目编码"), Cell("科目名称"), Cell("决算数")]
    header = [[Cell("人员经费", 1, 3), Cell("公用经费", 1, 6)], head * 3]
    rows = [[c.text for c in row] for row in block.body]
    *items, totals = rows
    left = [row[:3] for row in items if any(row[:3])]
    right = [row[3:] for row in items if any(row[3:])]
    half = (len(right) + 1) // 2
    blocks = [left, right[:half], right[half:]]
    height = max(map(len, blocks))
    body = [sum((b[n] if n < len(b) else ["", "", ""] for b in blocks), []) for n in range(height)]
    body.append(["", totals[1], totals[2], "", totals[4], "", "", "", totals[5]])
    columns = [0, 1, 2, 3, 4, 8]        # the block's columns: the totals row's
    return header, body, columns


def _budget_first(block: TableBlock):
    """The 三公 table with 预算数 over its six items, then 决算数 over the same six, as the
    central template prints it: the figures regrouped, budget ones first."""
    items = [Cell("合计", 2, 1), Cell("因公出国（境）费", 2, 1), Cell("公务用车购置及运行维护费", 1, 3),
             Cell("公务接待费", 2, 1)]
    header = [[Cell("预算数", 1, 6), Cell("决算数", 1, 6)], items + items,
              [Cell("小计"), Cell("公务用车购置费"), Cell("公务用车运行维护费")] * 2]
    body = [[c.text for c in row] for row in block.body]
    body = [row[0::2] + row[1::2] for row in body]
    columns = [j // 2 + (6 if j % 2 else 0) for j in range(12)]
    return header, body, columns


def _line_number_columns(block: TableBlock):
    """The two-sided tables with a 行次 column after each 项目 column, rows numbered down
    each side (the left side first)."""
    label_cols = [j for j, cell in enumerate(c for c in _innermost(block.header)) if cell == "项目"]
    header = []
    for r, cells in enumerate(block.header):
        row = []
        for cell in cells:
            if cell.text == "项目":
                row += [cell, Cell("行次")]
            else:
                span = cell.colspan + (1 if r == 0 else 0)   # the 收入 / 支出 groups widen
                row.append(Cell(cell.text, cell.rowspan, span))
        header.append(row)
    columns, shift = [], 0
    width = len(block.body[0]) if block.body else 0
    for j in range(width):
        columns.append(j + shift)
        if j in label_cols:
            shift += 1
    body, counters = [], [0] * len(label_cols)
    for row in block.body:
        cells = [c.text for c in row]
        out: list[str] = []
        for j, text in enumerate(cells):
            out.append(text)
            if j in label_cols:
                side = label_cols.index(j)
                if text:
                    counters[side] += 1
                    out.append(str(counters[side] + (0 if side == 0 else 50)))
                else:
                    out.append("")
        body.append(out)
    return header, body, columns


def _innermost(header: list[list[Cell]]) -> list[str]:
    texts: dict[int, str] = {}
    for r, c, cell in _grid_of(header):
        for j in range(c, c + cell.colspan):
            texts[j] = cell.text
    return [texts[j] for j in sorted(texts)]


def _value(text: str, form: Export):
    if not text:
        return None
    if _MONEY.fullmatch(text):
        if D(text.replace(",", "")) == 0 and form.zero != "0.00":
            return form.zero or None
        return text if form.figures == "text" else float(D(text.replace(",", "")))
    return text


def stacked(sheets: list[Sheet], gap: int = 2) -> Sheet:
    """Laid-out tables one below the other on one sheet, ``gap`` empty rows between them (as
    a department gathers the nine tables on one sheet to print them)."""
    values, merges, body_rows, top = {}, [], [], 0
    for sheet in sheets:
        values.update({(top + r, c): value for (r, c), value in sheet.values.items()})
        merges += [(top + r0, c0, top + r1, c1) for r0, c0, r1, c1 in sheet.merges]
        body_rows += [top + r for r in sheet.body_rows]
        top += max(r for r, _ in sheet.values) + gap
    return Sheet(values, merges, body_rows, [])


def write_sheet(ws, sheet: Sheet) -> None:
    for (r, c), value in sheet.values.items():
        cell = ws.cell(r, c, value)
        if isinstance(value, float):
            cell.number_format = "#,##0.00"
    for r0, c0, r1, c1 in sheet.merges:
        ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)


def export_one_sheet(blocks: list, path: Path, department: str, form: Export = Export()) -> Sheet:
    """The nine tables on one sheet, one below the other."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "部门决算公开表"
    sheet = stacked([export_sheet(b, department, form) for b in blocks if isinstance(b, TableBlock)])
    write_sheet(workbook.active, sheet)
    workbook.save(path)
    return sheet


def sheet_name(block: TableBlock, form: Export) -> str:
    return f"表{block.number}" if form.sheet_names == "number" else block.title[:31]


def export_workbook(blocks: list, path: Path, department: str, form: Export = Export()) -> dict[str, Sheet]:
    """Write the tables of ``blocks`` as an export workbook; the sheets laid out, by table key."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    laid_out = {}
    for block in blocks:
        if not isinstance(block, TableBlock):
            continue
        sheet = export_sheet(block, department, form)
        write_sheet(workbook.create_sheet(sheet_name(block, form)), sheet)
        laid_out[block.key] = sheet
    workbook.save(path)
    return laid_out


# -- the report as Word saves it "as a web page" ---------------------------------------------------

_RUN = "font-size:16.0pt;font-family:仿宋_GB2312;mso-hansi-font-family:\"Times New Roman\""
_ASCII = re.compile(r"([0-9A-Za-z.,%+\-]+)")
_WRAP_AT = 76
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


def _runs(text: str, style: str = _RUN) -> str:
    """Word's runs: a span for the CJK text, one with lang=EN-US for each ASCII stretch."""
    out = []
    for n, piece in enumerate(_ASCII.split(text)):
        if not piece:
            continue
        piece = html.escape(piece, quote=False)
        if n % 2:
            out.append(f"<span lang=EN-US style='{style};mso-fareast-font-family:仿宋_GB2312'>{piece}</span>")
        else:
            out.append(f"<span style='{style}'>{piece}</span>")
    return "".join(out)


def _letter_spaced(text: str) -> str:
    return "&nbsp;".join(html.escape(ch) for ch in text)


def word_wrap(markup: str, width: int = _WRAP_AT) -> str:
    """Cut long source lines as Word does: at a space inside a tag (outside its quotes), or
    between two CJK characters of the text (a line break there is no space in the page)."""
    out = []
    for line in markup.split("\n"):
        start = 0
        breaks = _breaks(line)
        while len(line) - start > width:
            cut = max((b for b in breaks if start + 10 < b <= start + width), default=None)
            if cut is None:
                cut = next((b for b in breaks if b > start + width), None)
                if cut is None:
                    break
            out.append(line[start:cut].rstrip(" "))
            start = cut + (line[cut] == " ")
        out.append(line[start:])
    return "\r\n".join(out)


def _breaks(line: str) -> list[int]:
    """Where Word may cut a line of source: at a space between a tag's attributes, or
    between two CJK characters of the text."""
    breaks, in_tag, quote, bang = [], False, "", False
    for i, ch in enumerate(line):
        if in_tag:
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "'\"":
                quote = ch
            elif ch == ">":
                in_tag = False
            elif ch == " " and not bang:       # a conditional comment stays whole
                breaks.append(i)
        elif ch == "<":
            in_tag, bang = True, line.startswith("<!", i)
        elif i and _CJK_CHAR.match(ch) and _CJK_CHAR.match(line[i - 1]):
            breaks.append(i)
    return breaks


def _word_paragraph(block) -> str:
    if isinstance(block, Heading):
        if block.level == 0:
            return ("<p class=MsoTitle align=center style='text-align:center'><b><span "
                    f"style='font-size:22.0pt;font-family:方正小标宋简体'>{_letter_spaced(block.text)}"
                    "<span lang=EN-US><o:p></o:p></span></span></b></p>")
        size = {1: "16.0pt;font-family:黑体", 2: "16.0pt;font-family:黑体", 3: "16.0pt;font-family:楷体_GB2312"}
        return (f"<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt'>"
                f"<b>{_runs(block.text, 'font-size:' + size.get(block.level, '16.0pt'))}</b>"
                "<span lang=EN-US style='font-size:16.0pt'><o:p></o:p></span></p>")
    text = block.text
    if text == "目录":
        return ("<p class=MsoNormal align=center style='text-align:center'><span style='font-size:16.0pt'>"
                f"{_letter_spaced(text)}<span lang=EN-US><o:p></o:p></span></span></p>")
    return ("<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;"
            f"mso-line-height-rule:exactly'>{_runs(text)}<span lang=EN-US style='font-size:16.0pt'>"
            "<o:p></o:p></span></p>")


_CELL_RUN = "font-size:10.0pt;font-family:宋体;mso-bidi-font-family:宋体;color:black;mso-font-kerning:0pt"


def _word_cell(cell: Cell, width: int) -> str:
    spans = (f" rowspan={cell.rowspan}" if cell.rowspan > 1 else "") + \
            (f" colspan={cell.colspan}" if cell.colspan > 1 else "")
    align = " align=right style='text-align:right'" if cell.figure else " align=center style='text-align:center'"
    if cell.text:
        inner = f"{_runs(cell.text, _CELL_RUN)}<span lang=EN-US style='{_CELL_RUN}'><o:p></o:p></span>"
    else:
        inner = (f"<span lang=EN-US style='{_CELL_RUN}'><![if !supportEmptyParas]>&nbsp;<![endif]>"
                 "<o:p></o:p></span>")
    return (f"<td width={width}{spans} nowrap valign=center style='width:{width * 3 // 4}.0pt;border:solid windowtext "
            f"1.0pt;border-top:none;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt;height:20.1pt'>"
            f"<p class=MsoNormal{align}>{inner}</p></td>")


def _word_table(block: TableBlock) -> str:
    width = _width(block.header)
    out = [f"<p class=MsoNormal align=center style='text-align:center'><b>{_runs(block.title, 'font-size:14.0pt')}"
           "</b></p>",
           f"<p class=MsoNormal align=right style='text-align:right'>{_runs('单位：' + block.unit, _CELL_RUN)}</p>",
           "<div align=center>",
           "<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 width=\"100%\" "
           "style='width:100.0%;border-collapse:collapse;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>"]
    for n, row in enumerate([*block.header, *block.body]):
        first = ";mso-yfti-firstrow:yes" if n == 0 else ""
        out.append(f"<tr style='mso-yfti-irow:{n}{first};height:20.1pt'>")
        out.extend(_word_cell(cell, 80) for cell in row)
        out.append("</tr>")
    out.append("<![if !supportMisalignedColumns]><tr height=0>" + "<td width=80 style='border:none'></td>" * width
               + "</tr><![endif]>")
    out.append("</table></div>")
    out += [f"<p class=MsoNormal>{_runs(note, _CELL_RUN)}</p>" for note in block.notes]
    return "\n".join(out)


_PAGE_BREAK = ("<span lang=EN-US style='font-size:16.0pt;font-family:仿宋_GB2312'><br clear=all "
               "style='mso-special-character:line-break;page-break-before:always'></span>")
_EMPTY_PARAGRAPH = "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>"


def word_page(blocks: list, title: str, charset: str = "gb2312", wrap: bool = True) -> bytes:
    """The report as Word writes it when saved as a web page (filtered or not)."""
    body = []
    for block in blocks:
        if isinstance(block, PageBreak):
            body.append(_PAGE_BREAK)
        elif isinstance(block, TableBlock):
            body += [_word_table(block), _EMPTY_PARAGRAPH]
        elif isinstance(block, (Heading, Paragraph)):
            body.append(_word_paragraph(block))
    return _word_document("\n".join(body), title, charset, wrap)


def _word_document(body: str, title: str, charset: str, wrap: bool) -> bytes:
    page = f"""<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset={charset}">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<title>{html.escape(title)}</title>
<!--[if gte mso 9]><xml>
 <o:DocumentProperties>
  <o:Author>财务科</o:Author>
  <o:Pages>40</o:Pages>
 </o:DocumentProperties>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
 @font-face
	{{font-family:宋体;
	panose-1:2 1 6 0 3 1 1 1 1 1;}}
p.MsoNormal, li.MsoNormal, div.MsoNormal
	{{margin:0cm;
	text-align:justify;
	text-justify:inter-ideograph;
	font-size:10.5pt;
	font-family:"Times New Roman",serif;}}
@page WordSection1
	{{size:595.3pt 841.9pt;
	margin:72.0pt 90.0pt 72.0pt 90.0pt;}}
div.WordSection1
	{{page:WordSection1;}}
-->
</style>
<!--[if gte mso 10]>
<style>
 table.MsoNormalTable
	{{mso-style-name:普通表格;}}
</style>
<![endif]-->
</head>

<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>

<div class=WordSection1 style='layout-grid:15.6pt'>

{body}

</div>

</body>

</html>
"""
    if wrap:
        page = word_wrap(page)
    return page.encode(charset if charset != "gb2312" else "gbk")


# -- the report as a government site's CMS article ---------------------------------------------------


def sheet_table(sheet: Sheet) -> str:
    """A laid-out sheet as the ``<table>`` Excel leaves when pasted into a site's editor:
    the title, form number and unit rows inside the table, merged cells spanning, figures
    with Excel's x:num, an empty cell holding &nbsp;."""
    covered: set[tuple[int, int]] = set()
    spans = {}
    for r0, c0, r1, c1 in sheet.merges:
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
    height = max(r for r, _ in [*sheet.values, *((r1, 0) for _, _, r1, _ in sheet.merges)])
    width = max(c for _, c in [*sheet.values, *((0, c1) for _, _, _, c1 in sheet.merges)])
    out = ['<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse;'
           'font-size:12px" x:str>', "<tbody>"]
    for r in range(1, height + 1):
        cells = []
        for c in range(1, width + 1):
            if (r, c) in covered:
                continue
            value = sheet.values.get((r, c))
            rowspan, colspan = spans.get((r, c), (1, 1))
            attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
            if isinstance(value, float):
                text = f"{D(str(value)).quantize(D('0.01')):,}"
                cells.append(f'<td class="xl66" align="right" x:num="{value}"{attrs}>{text}</td>')
            elif value is None:
                cells.append(f'<td class="xl65"{attrs}>&nbsp;</td>')
            else:
                cells.append(f'<td class="xl65"{attrs}>{html.escape(str(value))}</td>')
        out.append(f'<tr height="24" style="height:18.00pt">{"".join(cells)}</tr>')
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def cms_page(blocks: list, title: str, department: str, form: Export = Export(), breaks: bool = False,
             one_table: bool = False) -> bytes:
    """The report as an article of a site's CMS, in GBK: the site's header, navigation,
    breadcrumbs, the article's title and its date line, the text (each paragraph a ``<p>``
    with inline styles, or, with ``breaks``, paragraphs parted by ``<br>`` in one block),
    the tables pasted from the export's workbook (with ``one_table``: its nine tables pasted
    from one sheet as one ``<table>``, after the text), then share links and the footer."""
    body = []
    tables = [block for block in blocks if isinstance(block, TableBlock)]
    if one_table:
        blocks = [block for block in blocks if not isinstance(block, TableBlock)]
        blocks.append(stacked([export_sheet(block, department, form) for block in tables]))
    for block in blocks:
        if isinstance(block, PageBreak):
            body.append("<p>&nbsp;</p>")
        elif isinstance(block, Sheet):
            body.append(f'<div style="overflow-x:auto">{sheet_table(block)}</div>')
        elif isinstance(block, TableBlock):
            body.append(f'<div style="overflow-x:auto">{sheet_table(export_sheet(block, department, form))}</div>')
        elif isinstance(block, Heading) and block.level == 0:
            continue                   # the article's title is the page's
        elif isinstance(block, Heading):
            tag = "strong" if block.level <= 2 else "b"
            body.append(f'<p style="text-indent:2em;line-height:2em"><{tag}><span style="font-family:黑体">'
                        f"{html.escape(block.text)}</span></{tag}></p>")
        elif isinstance(block, Paragraph):
            text = html.escape(block.text)
            if breaks:
                body.append(f"&nbsp;&nbsp;&nbsp;&nbsp;{text}<br />")
            else:
                body.append(f'<p style="text-indent:2em;line-height:2em;font-family:仿宋_GB2312;font-size:16pt">'
                            f'<font face="仿宋_GB2312">{text}</font></p>')
    article = "\n".join(body)
    if breaks:
        article = f'<div class="TRS_PreAppend" style="overflow-x:hidden;word-break:break-all">{article}</div>'
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<meta name="SiteName" content="某市人民政府" />
<meta name="ArticleTitle" content="{html.escape(title)}" />
<title>{html.escape(title)}-某市人民政府</title>
<link href="/images/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/js/jquery.min.js"></script>
<script type="text/javascript">var _title = "{html.escape(title)}";</script>
</head>
<body>
<div class="top"><div class="logo"><img src="/images/logo.png" alt="某市人民政府" /></div>
<div class="search"><form action="/search"><input type="text" name="q" /><input type="submit" value="搜索" /></form></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/zjms/">走进某市</a></li></ul></div>
<div class="container">
<div class="position">您当前的位置：<a href="/">首页</a> &gt;&gt; <a href="/zwgk/">政务公开</a> &gt;&gt; <a href="/zwgk/czzj/">财政资金</a> &gt;&gt; 部门决算</div>
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center"><tr><td class="content">
<div class="article_title"><h1>{html.escape(title)}</h1></div>
<div class="article_info">发布日期：2024-09-10&nbsp;&nbsp;&nbsp;来源：{html.escape(department)}&nbsp;&nbsp;&nbsp;【字体：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】</div>
<div class="article_content" id="zoom"><div class="TRS_Editor"><style type="text/css">.TRS_Editor P{{line-height:2;font-family:宋体;font-size:12pt;}}</style>
{article}
</div></div>
<div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</td></tr></table>
</div>
<div class="footer"><p>主办：某市人民政府办公室&nbsp;&nbsp;承办：某市大数据中心</p><p>网站标识码：0000000000&nbsp;&nbsp;某ICP备00000000号</p></div>
</body>
</html>
"""
    return page.encode("gbk")


# -- a page's article rewritten as Word writes it ---------------------------------------------------


def wordify(page: bytes, encoding: str = "gbk", container: str = ".TRS_Editor") -> bytes:
    """The article of a page (its ``<p>`` and ``<table>`` in ``container``) rewritten as a
    Word document saved as a web page (see :func:`word_page`): each paragraph a run of
    spans, each table cell a ``<p class=MsoNormal>``, the source cut in mid-text."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(page.decode(encoding))
    article = tree.css_first(container)
    title = tree.css_first("title").text() if tree.css_first("title") else ""
    body = []
    for node in article.iter():
        if node.tag == "table":
            body.append(_word_grid(node))
        elif node.tag == "p":
            text = " ".join(node.text().split())
            if text:
                body.append(_word_paragraph(Paragraph(text)))
    return _word_document("\n".join(body), title, "gb2312", True)


def _word_grid(table) -> str:
    rows = []
    for n, tr in enumerate(table.css("tr")):
        cells = []
        for td in tr.iter():
            if td.tag not in ("td", "th"):
                continue
            attrs = td.attributes
            cell = Cell(" ".join(td.text().split()), int(attrs.get("rowspan") or 1), int(attrs.get("colspan") or 1),
                        td.tag == "td")
            cells.append(_word_cell(cell, 80))
        rows.append(f"<tr style='mso-yfti-irow:{n};height:20.1pt'>{''.join(cells)}</tr>")
    return ("<div align=center><table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 "
            "style='border-collapse:collapse;mso-yfti-tbllook:1184'>\n" + "\n".join(rows) + "\n</table></div>")
