"""Word documents: .docx through python-docx (MIT); .doc, .rtf and .odt through LibreOffice.

The body is read in document order from its XML: each paragraph is one line (a manual
line break starts another), each table row one line with its cells joined by two spaces
(a merged cell once, empty cells left out), and each table is also a :class:`RawTable`
grid with merged cells repeated in every slot they cover. A paragraph reads as Word
shows it: with the number Word's list numbering draws before it
(:mod:`juesuan.readers.docx_numbering`), without deleted tracked changes (rows
included), field codes (their results are read), hidden runs, ruby text or the
fallback copies of drawings, and with the dots a tab draws against a dot-leader stop
(a contents entry's page number); text boxes follow the paragraph that anchors them. A
table pasted as an Excel worksheet object is read from the workbook the document carries
(:mod:`juesuan.readers.docx_embedded`), its sheet's rows as lines where the object stands.
A table's title is the nearest line above it that is not its unit or its number.
Headers, footers, footnotes and comments are not in the body and not read.

Word does not store pages, only where it last laid them out
(``w:lastRenderedPageBreak``). When a file has those marks (it was saved by Word),
they and the explicit page breaks become form feeds; otherwise the text has no page
breaks and findings carry no page.

Before python-docx parses anything the zip is checked (sizes, ratio, DTDs; see
:mod:`juesuan.readers.limits`).
"""
from __future__ import annotations

import shutil
import tempfile
import zipfile
from pathlib import Path

from juesuan.model.document import Document, RawTable
from juesuan.readers.docx_embedded import embedded_sheet, is_worksheet
from juesuan.readers.docx_leaders import TabLeaders, drawn, with_leader
from juesuan.readers.docx_numbering import ListNumbers
from juesuan.readers.errors import ReadError
from juesuan.readers.libreoffice import ConvertError, convert, soffice
from juesuan.readers.limits import CONVERT_TIMEOUT, Deadline, check_zip
from juesuan.readers.table_titles import MAX_PRE_HEADER, title_above

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"


def _q(name: str) -> str:
    return f"{{{_W}}}{name}"


_P, _TBL, _TR, _TC, _R, _T = _q("p"), _q("tbl"), _q("tr"), _q("tc"), _q("r"), _q("t")
_TAB, _BR, _CR, _SDT, _SDTCONTENT = _q("tab"), _q("br"), _q("cr"), _q("sdt"), _q("sdtContent")
_DEL, _MOVEFROM, _INSTR, _DELINSTR = _q("del"), _q("moveFrom"), _q("instrText"), _q("delInstrText")
_PPR, _RPR, _TCPR, _TRPR, _TBLPR = _q("pPr"), _q("rPr"), _q("tcPr"), _q("trPr"), _q("tblPr")
_GRIDSPAN, _VMERGE, _VAL = _q("gridSpan"), _q("vMerge"), _q("val")
_GRIDBEFORE, _GRIDAFTER = _q("gridBefore"), _q("gridAfter")
_RENDERED, _PAGEBREAKBEFORE = _q("lastRenderedPageBreak"), _q("pageBreakBefore")
_TXBX, _NOBREAKHYPHEN, _SOFTHYPHEN, _SYM = _q("txbxContent"), _q("noBreakHyphen"), _q("softHyphen"), _q("sym")
_CHAR, _NUMPR, _PSTYLE = _q("char"), _q("numPr"), _q("pStyle")
_FLDCHAR, _FLDCHARTYPE, _PTAB, _VANISH = _q("fldChar"), _q("fldCharType"), _q("ptab"), _q("vanish")
_RSTYLE, _TABS = _q("rStyle"), _q("tabs")
_RT, _DELTEXT, _SDTPR, _SDTENDPR = _q("rt"), _q("delText"), _q("sdtPr"), _q("sdtEndPr")
_CAPTION = _q("tblCaption")
_FALLBACK, _ALTERNATE, _CHOICE = f"{{{_MC}}}Fallback", f"{{{_MC}}}AlternateContent", f"{{{_MC}}}Choice"
#: an embedded object: VML's o:OLEObject (what Word writes) and WordprocessingML's own
_OLE_OBJECT = "{urn:schemas-microsoft-com:office:office}OLEObject"
_OBJECT_EMBED = _q("objectEmbed")
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_SKIP = frozenset({_DEL, _MOVEFROM, _INSTR, _DELINSTR, _PPR, _RPR, _TCPR, _TRPR, _TBLPR, _FALLBACK})
#: never shown in a paragraph's text: deleted or moved-away text, a field's code, the
#: ruby text over characters, a drawing's fallback copy, properties
_PRUNED = frozenset({_DEL, _MOVEFROM, _INSTR, _DELINSTR, _DELTEXT, _FALLBACK, _RT, _PPR, _RPR,
                     _SDTPR, _SDTENDPR})
#: inline wrappers nest a few deep in real files; a hostile file gets no deeper
_MAX_DEPTH = 100
_PAGE_MARK = "\f"
_NUMBERING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"


def read_docx(path: str | Path, kind: str = "docx", deadline: Deadline | None = None) -> Document:
    """Read a .docx; raise ReadError for anything that is not a readable Word document."""
    path = Path(path)
    deadline = deadline or Deadline(path)
    try:
        with zipfile.ZipFile(path) as archive:
            check_zip(path, archive, "Word", deadline)
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise ReadError(f"{path}: not a Word document: the .docx zip is damaged ({exc})") from None
    except (OSError, EOFError, ValueError, zipfile.LargeZipFile, NotImplementedError) as exc:
        raise ReadError(f"{path}: the .docx zip cannot be read ({exc})") from None
    if "[Content_Types].xml" not in names:
        raise ReadError(f"{path}: not a Word document: the .docx has no [Content_Types].xml")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    warnings: list[str] = []
    main = None
    try:
        main = docx.Document(str(path)).part
        root = main.element
    except PackageNotFoundError:
        raise ReadError(f"{path}: not a Word document (no Word main part)") from None
    except KeyError as exc:
        # a relationship to a part the zip lacks (a thumbnail, a header): read the main
        # part on its own, as Word does after its repair prompt
        root = _main_part(path)
        warnings.append(f"the .docx refers to a part it lacks ({_reason(exc)}); "
                        "read its main part alone")
    except ValueError as exc:
        if "content type" not in str(exc):
            raise ReadError(f"{path}: not a readable Word document ({_reason(exc)})") from None
        # a macro-enabled document (.docm) or a template (.dotx): python-docx refuses
        # their content type, but the main part is the same WordprocessingML
        root = _main_part(path)
    except (TypeError, AttributeError, IndexError, zipfile.BadZipFile) as exc:
        raise ReadError(f"{path}: not a readable Word document "
                        f"({_reason(exc)})") from None
    except Exception as exc:  # lxml.etree.XMLSyntaxError and its kin: a damaged part
        # python-docx parses every part; when the damaged one is not the main part
        # (numbering, styles, a header), the body is read alone, as Word does after repair
        root = _main_part(path)
        warnings.append(f"a part of the .docx is damaged ({_reason(exc)}); read its main part alone")
    document = _Root(root)
    body = document.element.find(_q("body"))
    if body is None:
        if document.element.tag.startswith(f"{{{_STRICT}}}") or _STRICT in (document.element.nsmap or {}).values():
            raise ReadError(f"{path}: Strict Open XML Word documents are not supported: "
                            "save it as a regular Word document (.docx)")
        raise ReadError(f"{path}: the Word document has no body")
    numbering, styles = _styling(main) if main is not None else _styling_from_zip(path)
    numbers = _numbers_of(numbering, styles)
    hidden, paged = _hidden_runs(body, _hidden_styles(styles))
    walker = _Walker(deadline, paged=paged, numbers=numbers, hidden_runs=hidden, leaders=TabLeaders(styles),
                     part=_part_opener(main) if main is not None else None)
    walker.block(body)
    result = walker.document(kind)
    result.warnings.extend(warnings)
    return result


def _styling(main) -> tuple:
    """The numbering and styles parts of a document python-docx opened (None for a part
    it lacks or that is damaged), as python-docx parsed them."""
    from docx.oxml.parser import parse_xml

    parts = {}
    for rel in main.rels.values():
        if rel.is_external or rel.reltype not in (_NUMBERING_REL, _STYLES_REL):
            continue
        try:
            target = rel.target_part
            element = getattr(target, "element", None)
            parts[rel.reltype] = element if element is not None else parse_xml(target.blob)
        except Exception:  # a damaged numbering or styles part: read without it
            continue
    return parts.get(_NUMBERING_REL), parts.get(_STYLES_REL)


def _styling_from_zip(path: Path) -> tuple:
    """The numbering and styles parts of a document read without python-docx's package:
    the main part's relationships name them."""
    import posixpath

    from docx.oxml.parser import parse_xml

    parts = {}
    try:
        with zipfile.ZipFile(path) as archive:
            main = _main_part_name(archive)
            folder, name = posixpath.split(main)
            rels_name = posixpath.join(folder, "_rels", name + ".rels")
            if rels_name not in archive.namelist():
                return None, None
            for rel in parse_xml(archive.read(rels_name)):
                kind, target = rel.get("Type"), rel.get("Target") or ""
                if kind in (_NUMBERING_REL, _STYLES_REL) and rel.get("TargetMode") != "External":
                    part = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
                    if target.startswith("/"):
                        part = posixpath.normpath(target.lstrip("/"))
                    parts[kind] = parse_xml(archive.read(part))
    except Exception:  # no usable parts: the paragraphs are read without their styling
        return None, None
    return parts.get(_NUMBERING_REL), parts.get(_STYLES_REL)


def _title_above(recent: list[str]) -> str:
    """A Word table's title: the nearest line above that is not its unit or its number
    ("收入支出决算总表" / "单位：万元" / the table); "" for a long line."""
    title, _ = title_above(recent)
    return title if len(title) <= 80 else ""


def _part_opener(main):
    """The bytes of the part a relationship of the main part names, None when there is none."""
    def part(rel_id: str) -> bytes | None:
        rel = main.rels.get(rel_id)
        if rel is None or rel.is_external:
            return None
        try:
            return rel.target_part.blob
        except Exception:  # noqa: BLE001 - a part the package lacks: the object stays a picture
            return None
    return part


def _numbers_of(numbering, styles) -> ListNumbers:
    if numbering is None or numbering.find(f"{{{_W}}}num") is None:
        return ListNumbers()
    return ListNumbers(numbering, styles)


class _Root:
    """Just the main part's root element (what the walker needs of python-docx's Document)."""

    def __init__(self, element) -> None:
        self.element = element


def _main_part(path: Path):
    """The main document part, found through the package relationships, parsed with
    python-docx's parser (entities are not resolved; DTDs were refused before)."""
    from docx.oxml.parser import parse_xml

    try:
        with zipfile.ZipFile(path) as archive:
            return parse_xml(archive.read(_main_part_name(archive)))
    except KeyError as exc:
        raise ReadError(f"{path}: not a Word document: its main part is missing ({exc})") from None
    except Exception as exc:  # a damaged main part
        raise ReadError(f"{path}: the Word document's XML is damaged "
                        f"({_reason(exc)})") from None


def _main_part_name(archive: zipfile.ZipFile) -> str:
    """The main document part's name, from the package relationships."""
    import posixpath

    from docx.oxml.parser import parse_xml

    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    if "_rels/.rels" in archive.namelist():
        for rel in parse_xml(archive.read("_rels/.rels")):
            if rel.get("Type") == office and rel.get("Target"):
                return posixpath.normpath(rel.get("Target").lstrip("/"))
    return "word/document.xml"


class _Walker:
    """Collects lines and tables from a body in order."""

    def __init__(self, deadline: Deadline, paged: bool, numbers: ListNumbers | None = None,
                 hidden_runs: set | None = None, leaders: TabLeaders | None = None,
                 part=None) -> None:
        self.deadline = deadline
        #: the bytes of the part a relationship id names (None: the parts are not known)
        self.part = part
        #: the relationship ids of the worksheets embedded in the paragraph being read
        self.sheets: list[str] = []
        self.paged = paged
        #: list numbers are counted across the whole body, table cells included
        self.numbers = numbers if numbers is not None else ListNumbers()
        self.hidden_runs = hidden_runs if hidden_runs is not None else set()
        self.leaders = leaders if leaders is not None else TabLeaders()
        #: the leader of the paragraph's positional tab (w:ptab), which sets its own
        self.positional_leader: str | None = None
        #: the complex fields open here, innermost last: True while in a field's code
        self.fields: list[bool] = []
        self.open_codes = 0
        self.lines: list[str] = []
        self.tables: list[RawTable] = []
        self.page = 1
        #: a page break met since the last line was written
        self.pending_break = False
        #: the last lines written with text, the latest last (a table's title is among them)
        self.recent: list[str] = []
        self.steps = 0

    # -- output
    def emit(self, text: str) -> None:
        if self.pending_break and self.lines:
            self.lines.append(_PAGE_MARK + text)
            self.page += 1
        else:
            self.lines.append(text)
        self.pending_break = False
        if text.strip():
            self.recent = [*self.recent[-MAX_PRE_HEADER:], text.strip()]

    def page_break(self) -> None:
        if self.paged:
            self.pending_break = True

    def document(self, kind: str) -> Document:
        text = "\n".join(self.lines) + ("\n" if self.lines else "")
        return Document(text=text, tables=self.tables, kind=kind)

    def tick(self) -> None:
        self.steps += 1
        if self.steps % 2000 == 0:
            self.deadline.check()

    # -- blocks
    def block(self, element, depth: int = 0) -> None:
        for child in element:
            self.tick()
            tag = child.tag
            if tag == _P:
                self.paragraph(child)
            elif tag == _TBL:
                self.table(child, depth)
            elif tag == _SDT:
                content = child.find(_SDTCONTENT)
                if content is not None:
                    self.block(content, depth)
            elif isinstance(tag, str) and tag not in _SKIP and depth < 20 and len(child):
                # w:customXml and similar containers around paragraphs
                self.block(child, depth + 1)

    def paragraph(self, element) -> None:
        ppr = element.find(_PPR)
        # one look at the paragraph's properties serves the page break, the list and the style
        properties = {child.tag: child for child in ppr} if ppr is not None else {}
        if _PAGEBREAKBEFORE in properties and _on(properties[_PAGEBREAKBEFORE]):
            self.page_break()
        pieces: list[str] = []
        boxes: list = []
        self.positional_leader = None
        self.sheets = []
        self.inline(element, pieces, boxes)
        sheets = self.sheets
        style = properties[_PSTYLE].get(_VAL) if _PSTYLE in properties else None
        text = "".join(pieces)
        if "\t" in text:
            leader = self.positional_leader or self.leaders.leader(properties.get(_TABS), style)
            if leader:
                text = with_leader(text, leader)
        text = _numbered(self.numbers.label(properties.get(_NUMPR), style), text)
        for number, line in enumerate(text.split("\n")):
            if number == 0 or line.strip():
                self.emit_with_breaks(line)
        for box in boxes:
            self.block(box, 1)
        for rel_id in sheets:
            self.embedded(rel_id)

    def emit_with_breaks(self, line: str) -> None:
        # a page mark inside the line: before any text, the line opens the new page;
        # after text, the next line does
        if _PAGE_MARK in line:
            head, _, rest = line.partition(_PAGE_MARK)
            rest = rest.replace(_PAGE_MARK, "")
            if not head.strip():
                self.page_break()
                self.emit(rest)
            else:
                self.emit(head + rest)
                self.page_break()
        else:
            self.emit(line)

    def inline(self, element, pieces: list[str], boxes: list) -> None:
        self.inline_children(element, pieces, boxes, 0)
        if self.open_codes:
            # a field whose code never ends hides no more than the rest of its paragraph
            self.fields = [in_code for in_code in self.fields if not in_code]
            self.open_codes = 0
        text = "".join(pieces)
        if _PAGE_MARK in text and not self.paged:
            pieces[:] = [text.replace(_PAGE_MARK, "")]

    def inline_children(self, element, pieces: list[str], boxes: list, depth: int) -> None:
        """The text Word shows of ``element``'s children, in order. Skipped: deleted and
        moved-away text, a field's code (its result is shown), hidden runs, ruby text
        over characters, a drawing's fallback copy; text boxes are kept for later."""
        in_run = element.tag == _R
        for child in element:
            tag = child.tag
            if tag == _T:
                if child.text and not self.open_codes:
                    pieces.append(child.text)
            elif tag == _R:
                if child in self.hidden_runs:
                    self.fields_of(child)
                else:
                    self.inline_children(child, pieces, boxes, depth + 1)
            elif tag == _FLDCHAR:
                self.field_char(child.get(_FLDCHARTYPE))
            elif tag in _PRUNED or not isinstance(tag, str):
                continue
            elif self.open_codes:
                if depth < _MAX_DEPTH and len(child):
                    self.inline_children(child, pieces, boxes, depth + 1)
            elif tag == _TAB:
                if in_run:
                    pieces.append("\t")
            elif tag == _PTAB:
                if in_run:
                    pieces.append("\t")
                    # a positional tab carries its own leader
                    self.positional_leader = drawn(child.get(_q("leader")))
            elif tag in (_BR, _CR):
                kind = child.get(_q("type"))
                if kind == "page":
                    pieces.append(_PAGE_MARK)
                elif kind != "column":
                    pieces.append("\n")
            elif tag == _RENDERED:
                pieces.append(_PAGE_MARK)
            elif tag == _NOBREAKHYPHEN:
                pieces.append("-")
            elif tag == _SYM:
                pieces.append(_symbol(child.get(_CHAR, "")))
            elif tag == _TXBX:
                boxes.append(child)
            elif tag in (_OLE_OBJECT, _OBJECT_EMBED):
                prog_id = child.get("ProgID") or child.get(_q("progId"))
                if is_worksheet(prog_id) and child.get(_REL_ID):
                    self.sheets.append(child.get(_REL_ID))
            elif tag == _ALTERNATE:
                # Word shows one of the copies: the first choice, else the fallback
                chosen = child.find(_CHOICE)
                chosen = chosen if chosen is not None else child.find(_FALLBACK)
                if chosen is not None and depth < _MAX_DEPTH:
                    self.inline_children(chosen, pieces, boxes, depth + 1)
            elif depth < _MAX_DEPTH and len(child):
                # hyperlinks, simple fields, smart tags, custom XML, content controls,
                # insertions, moved-here text, drawings and their chosen content
                self.inline_children(child, pieces, boxes, depth + 1)

    def field_char(self, kind: str | None) -> None:
        """Follow a complex field: its code runs from begin to separate, its result from
        separate to end; fields nest."""
        if kind == "begin":
            self.fields.append(True)
            self.open_codes += 1
        elif kind == "separate" and self.fields and self.fields[-1]:
            self.fields[-1] = False
            self.open_codes -= 1
        elif kind == "end" and self.fields:
            if self.fields.pop():
                self.open_codes -= 1

    def fields_of(self, run) -> None:
        """A hidden run shows nothing but may still begin, part or end a field."""
        for child in run:
            if child.tag == _FLDCHAR:
                self.field_char(child.get(_FLDCHARTYPE))

    def embedded(self, rel_id: str) -> None:
        """A worksheet embedded as an object: its sheet's lines here, and its grid a table
        titled by the line above (as a Word table's)."""
        blob = self.part(rel_id) if self.part is not None else None
        read = embedded_sheet(blob, self.deadline) if blob else None
        if read is None:
            return
        lines, table = read
        title = _title_above(self.recent) or table.title
        first_line = len(self.lines) + 1
        page = self.page + (1 if self.pending_break and self.lines else 0)
        for line in lines:
            self.emit(line)
        table.title, table.line, table.index = title, first_line, len(self.tables) + 1
        table.page = page if self.paged else None
        self.tables.append(table)

    # -- tables
    def table(self, element, depth: int) -> None:
        grid: list[list[str]] = []
        shown_rows: list[str] = []
        # vertical merges: per grid column, the text of the cell that started the merge
        above: dict[int, str] = {}
        caption = ""
        tblpr = element.find(_TBLPR)
        if tblpr is not None and tblpr.find(_CAPTION) is not None:
            caption = tblpr.find(_CAPTION).get(_VAL, "")
        title = caption or _title_above(self.recent)
        first_line = len(self.lines) + 1
        page = self.page + (1 if self.pending_break and self.lines else 0)
        for row in _children(element, _TR):
            self.tick()
            slots: list[str] = []
            shown: list[str] = []
            trpr = row.find(_TRPR)
            if trpr is not None and trpr.find(_DEL) is not None:
                continue  # a row deleted with changes tracked: gone from Word's final view
            before = _int_val(trpr, _GRIDBEFORE) if trpr is not None else 0
            after = _int_val(trpr, _GRIDAFTER) if trpr is not None else 0
            slots.extend([""] * before)
            for cell in _children(row, _TC):
                tcpr = cell.find(_TCPR)
                span = max(1, min(_int_val(tcpr, _GRIDSPAN) or 1, 1000)) if tcpr is not None else 1
                merge = tcpr.find(_VMERGE) if tcpr is not None else None
                column = len(slots)
                if merge is not None and merge.get(_VAL, "continue") == "continue":
                    text = above.get(column, "")
                else:
                    text = self.cell_text(cell, depth)
                    if text:
                        shown.append(text)
                    for offset in range(span):
                        above[column + offset] = text
                slots.extend([text] * span)
            slots.extend([""] * after)
            grid.append(slots)
            shown_rows.append("  ".join(shown))
        if not grid:
            return
        width = max(len(row) for row in grid)
        for row in grid:
            row.extend([""] * (width - len(row)))
        for line in shown_rows:
            self.emit(line)
        if depth == 0:
            self.tables.append(RawTable(rows=grid, page=page if self.paged else None,
                                        line=first_line, index=len(self.tables) + 1, title=title))

    def cell_text(self, cell, depth: int) -> str:
        """A cell's paragraphs (and nested tables) as one line of text."""
        nested = _Walker(self.deadline, paged=False, numbers=self.numbers, hidden_runs=self.hidden_runs,
                         leaders=self.leaders)
        nested.steps = self.steps
        nested.block(cell, depth + 1)
        self.steps = nested.steps
        return _join([line.replace(_PAGE_MARK, "").strip() for line in nested.lines])


def _numbered(label: str, text: str) -> str:
    """A paragraph's text with its list number, after the page marks that open it (the
    number is drawn on the page the paragraph starts). Spaces typed after the number
    widen its gap: they are dropped, so that the gap never reads as a table's cell break."""
    if not label:
        return text
    opening = len(text) - len(text.lstrip(_PAGE_MARK))
    return text[:opening] + label + text[opening:].lstrip(" \t\u3000\xa0")


def _reason(exc: BaseException) -> str:
    """An exception as a short phrase on one line."""
    text = " ".join(str(exc).split())[:150]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _children(element, tag: str):
    """Direct children with ``tag``, looking through w:sdt and w:customXml wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDTCONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif isinstance(child.tag, str) and child.tag.endswith("}customXml"):
            yield from _children(child, tag)


def _symbol(code: str) -> str:
    """The character of a w:sym (symbol fonts map their glyphs to the private area)."""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if value >= 0xF000:
        value -= 0xF000
    return chr(value) if 0x20 <= value < 0xD800 or 0xE000 <= value <= 0xFFFD else ""


def _hidden_runs(body, hidden_styles: frozenset[str] = frozenset()) -> tuple[set, bool]:
    """The runs formatted hidden (w:vanish, or a character style that hides: not shown,
    not printed), and whether Word left its page layout in the body
    (w:lastRenderedPageBreak); one pass over the body."""
    hidden, shown, styled, paged = set(), set(), set(), False
    tags = (_VANISH, _RENDERED, _RSTYLE) if hidden_styles else (_VANISH, _RENDERED)
    for element in body.iter(*tags):
        if element.tag == _RENDERED:
            paged = True
            continue
        properties = element.getparent()
        run = properties.getparent() if properties is not None and properties.tag == _RPR else None
        if run is None or run.tag != _R:
            continue
        if element.tag == _RSTYLE:
            if element.get(_VAL) in hidden_styles:
                styled.add(run)
        elif _on(element):
            hidden.add(run)
        else:
            shown.add(run)  # shown in spite of a style that hides
    return hidden | (styled - shown), paged


def _hidden_styles(styles) -> frozenset[str]:
    """The character styles that hide their text, themselves or through a base style."""
    if styles is None:
        return frozenset()
    based_on, hides = {}, {}
    for style in styles.iterfind(_q("style")):
        if style.get(_q("type")) != "character" or not style.get(_q("styleId")):
            continue
        name = style.get(_q("styleId"))
        base = style.find(_q("basedOn"))
        based_on[name] = base.get(_VAL) if base is not None else None
        rpr = style.find(_RPR)
        vanish = rpr.find(_VANISH) if rpr is not None else None
        hides[name] = None if vanish is None else _on(vanish)
    found = set()
    for name in hides:
        seen, current = [], name
        while current in hides and current not in seen and hides[current] is None:
            seen.append(current)
            current = based_on.get(current)
        if hides.get(current):
            found.add(name)
    return frozenset(found)


def _on(toggle) -> bool:
    """A Word on/off property (w:vanish, w:pageBreakBefore): on unless its value says off."""
    return toggle.get(_VAL, "true") not in ("0", "false", "off")


def _int_val(parent, tag: str) -> int:
    if parent is None:
        return 0
    element = parent.find(tag)
    if element is None:
        return 0
    try:
        return max(int(element.get(_VAL, "0")), 0)
    except ValueError:
        return 0


def _join(parts: list[str]) -> str:
    """Join pieces of one cell: directly between CJK, with a space between two words."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


# --- .doc, .rtf, .odt through LibreOffice --------------------------------------------------


def read_via_libreoffice(path: str | Path, kind: str, deadline: Deadline | None = None) -> Document:
    """Convert a .doc/.rtf/.odt to .docx with LibreOffice headless, then read that."""
    path = Path(path)
    command = soffice()
    label = {"doc": "Word 97-2003 (.doc)", "rtf": "RTF", "odt": "OpenDocument text (.odt)"}.get(kind, kind)
    if command is None:
        raise ReadError(f"{path}: {label} files need LibreOffice to convert them, and soffice is "
                        "not installed (scripts/install-system-packages.sh installs it); "
                        "or save the report as .docx or PDF")
    with tempfile.TemporaryDirectory(prefix="juesuan-convert-") as work:
        work_dir = Path(work)
        source = work_dir / f"input.{kind}"
        shutil.copyfile(path, source)
        try:
            converted = convert(command, source, "docx:MS Word 2007 XML", work_dir, CONVERT_TIMEOUT,
                                f"convert the {label} file", hint="damaged or password-protected? ")
        except ConvertError as exc:
            raise ReadError(f"{path}: {exc}") from None
        document = read_docx(converted, kind=kind, deadline=deadline)
        document.warnings.append(f"converted from {label} with LibreOffice")
        return document
