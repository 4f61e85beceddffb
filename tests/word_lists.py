"""Word documents whose numbers come from list numbering, made for the tests.

python-docx writes the paragraphs and styles; ``word/numbering.xml`` is written here
from small descriptions of abstract lists, lists and levels, as Word stores them.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"


@dataclass
class Lvl:
    """One level of an abstract list."""

    ilvl: int
    fmt: str
    text: str
    start: int | None = 1
    suff: str | None = None
    restart: int | None = None
    legal: bool = False
    style: str | None = None
    custom: str | None = None   # a Word 2010 custom format ("001, 002, 003, ..."), fmt the fallback

    def xml(self) -> str:
        parts = [f'<w:lvl w:ilvl="{self.ilvl}">']
        if self.start is not None:
            parts.append(f'<w:start w:val="{self.start}"/>')
        if self.custom:
            parts.append(f'<mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" '
                         f'w:format={quoteattr(self.custom)}/></mc:Choice><mc:Fallback><w:numFmt '
                         f'w:val="{self.fmt}"/></mc:Fallback></mc:AlternateContent>')
        else:
            parts.append(f'<w:numFmt w:val="{self.fmt}"/>')
        if self.restart is not None:
            parts.append(f'<w:lvlRestart w:val="{self.restart}"/>')
        if self.style:
            parts.append(f'<w:pStyle w:val="{self.style}"/>')
        if self.legal:
            parts.append("<w:isLgl/>")
        if self.suff:
            parts.append(f'<w:suff w:val="{self.suff}"/>')
        parts.append(f"<w:lvlText w:val={quoteattr(self.text)}/>")
        parts.append('<w:lvlJc w:val="left"/>')
        indent = 420 * (self.ilvl + 1)
        parts.append(f'<w:pPr><w:ind w:left="{indent}" w:hanging="420"/></w:pPr>')
        parts.append("</w:lvl>")
        return "".join(parts)


@dataclass
class Num:
    """A list (w:num): its abstract list and the levels it restarts."""

    abstract: int
    starts: dict[int, int] = field(default_factory=dict)


def numbering_xml(abstracts: dict[int, list[Lvl]], nums: dict[int, Num]) -> str:
    body = []
    for key, levels in abstracts.items():
        body.append(f'<w:abstractNum w:abstractNumId="{key}"><w:multiLevelType w:val="multilevel"/>'
                    + "".join(level.xml() for level in levels) + "</w:abstractNum>")
    for key, num in nums.items():
        overrides = "".join(f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{value}"/>'
                            "</w:lvlOverride>" for ilvl, value in num.starts.items())
        body.append(f'<w:num w:numId="{key}"><w:abstractNumId w:val="{num.abstract}"/>{overrides}</w:num>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:numbering xmlns:w="{W_NS}" xmlns:mc="{MC_NS}" xmlns:w14="{W14_NS}" '
            f'mc:Ignorable="w14">{"".join(body)}</w:numbering>')


@dataclass
class Para:
    """A paragraph: its typed text, and the list (and level) or the style that numbers it."""

    text: str
    num: int | None = None
    ilvl: int | None = None
    style: str | None = None


@dataclass
class Style:
    """A paragraph style, numbered by a list or based on a style that is."""

    name: str
    num: int | None = None
    ilvl: int | None = None
    based_on: str | None = None


def add_num_pr(parent, num: int | None, ilvl: int | None) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    numpr = OxmlElement("w:numPr")
    if ilvl is not None:
        level = OxmlElement("w:ilvl")
        level.set(qn("w:val"), str(ilvl))
        numpr.append(level)
    if num is not None:
        ident = OxmlElement("w:numId")
        ident.set(qn("w:val"), str(num))
        numpr.append(ident)
    parent.append(numpr)


def cjk_font(document) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.name = "WenQuanYi Micro Hei"
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "WenQuanYi Micro Hei")
    style.font.size = Pt(12)


def make_listed_docx(path: Path, paragraphs: list[Para], numbering: str,
                     styles: list[Style] = ()) -> Path:
    """A .docx of ``paragraphs`` with ``numbering`` as its word/numbering.xml."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    cjk_font(document)
    for style in styles:
        made = document.styles.add_style(style.name, WD_STYLE_TYPE.PARAGRAPH)
        made.base_style = document.styles[style.based_on] if style.based_on else document.styles["Normal"]
        if style.num is not None or style.ilvl is not None:
            add_num_pr(made.element.get_or_add_pPr(), style.num, style.ilvl)
    for paragraph in paragraphs:
        made = document.add_paragraph(paragraph.text, style=paragraph.style)
        if paragraph.num is not None or paragraph.ilvl is not None:
            add_num_pr(made._p.get_or_add_pPr(), paragraph.num, paragraph.ilvl)
    document.save(path)
    return replace_part(path, "word/numbering.xml", numbering)


def replace_part(path: Path, name: str, xml: str) -> Path:
    """Write ``xml`` as the part ``name`` of the .docx at ``path`` (python-docx's template
    has a numbering part, so its content type and relationship are already there)."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info.filename)) for info in archive.infolist()]
    assert name in [info.filename for info, _ in entries], name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, xml.encode("utf-8") if info.filename == name else data)
    return path


# --- a whole report whose headings are list-numbered -----------------------------------------

_CHINESE = "一二三四五六七八九十"
_N = "[一二三四五六七八九十]{1,3}"
#: typed numbers of headings and items: their pattern, and the abstract list and level
#: that draw them instead: 第一部分, 一、, （一）, （1）, 1. in one list, 1． in another
_TYPED = [(re.compile(rf"第(?P<n>{_N})部分 "), 0, 0), (re.compile(rf"(?P<n>{_N})、"), 0, 1),
          (re.compile(rf"（(?P<n>{_N})）"), 0, 2), (re.compile(r"（(?P<n>\d{1,2})）"), 0, 3),
          (re.compile(r"(?P<n>\d{1,2})\.(?!\d)"), 0, 4), (re.compile(r"(?P<n>\d{1,2})．"), 1, 0)]
REPORT_LISTS = {0: [Lvl(0, "chineseCounting", "第%1部分", suff="space"),   # typed "第一部分 概况"
                    Lvl(1, "chineseCounting", "%2、"),                    # Word's default suffix, a tab
                    Lvl(2, "chineseCounting", "（%3）"),
                    Lvl(3, "decimal", "（%4）"),
                    Lvl(4, "decimal", "%5.")],                            # a tab: "1. 收入"
                1: [Lvl(0, "decimal", "%1．")]}
REPORT_STYLES = [Style("PartTitle", num=1, ilvl=0), Style("SectionTitle", num=1, ilvl=1)]


def _typed_number(line: str) -> tuple[int, int, int, str] | None:
    """(abstract list, level, value, the text after the number) of a heading or item typed
    with its number; table rows (cells parted by two spaces) are not headings."""
    if "  " in line:
        return None
    for pattern, abstract, level in _TYPED:
        match = pattern.match(line)
        if match:
            n = match.group("n")
            value = int(n) if n.isdigit() else _chinese_value(n)
            return abstract, level, value, line[match.end():]
    return None


def _chinese_value(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CHINESE.index(text[1]) + 1
    if len(text) >= 2 and text[1] == "十":
        return 10 * (_CHINESE.index(text[0]) + 1) + (_CHINESE.index(text[2]) + 1 if len(text) == 3 else 0)
    return _CHINESE.index(text) + 1


def listed_report(text: str) -> tuple[list[tuple[bool, Para]], str]:
    """The paragraphs of a typed report whose heading numbers become list numbers, each with
    whether it opens a page; and the numbering. Parts and sections are numbered by their
    styles, the rest by the paragraph; where the typed number is not the next one (the
    contents, then the body, start again at 第一部分) a new list restarts the counter."""
    counters = {abstract: [None] * len(levels) for abstract, levels in REPORT_LISTS.items()}
    nums = {abstract + 1: Num(abstract) for abstract in REPORT_LISTS}
    current = {abstract: abstract + 1 for abstract in REPORT_LISTS}
    paragraphs = []
    for line in text.split("\n"):
        opens_page = line.startswith("\f")
        line = line.lstrip("\f")
        typed = _typed_number(line)
        if typed is None:
            paragraphs.append((opens_page, Para(line)))
            continue
        abstract, level, value, rest = typed
        counted = counters[abstract]
        if value != (1 if counted[level] is None else counted[level] + 1):
            current[abstract] = len(nums) + 1
            nums[current[abstract]] = Num(abstract, {level: value})
        counted[level] = value
        counted[level + 1:] = [None] * (len(counted) - level - 1)
        if abstract == 0 and level < 2 and current[0] == 1:
            paragraphs.append((opens_page, Para(rest, style=REPORT_STYLES[level].name)))
        else:
            paragraphs.append((opens_page, Para(rest, num=current[abstract], ilvl=level)))
    return paragraphs, numbering_xml(REPORT_LISTS, nums)


def with_contents_pages(text: str, leader: str) -> str:
    """``text`` whose contents entries (the lines after 目录 up to the next page) end in
    ``leader`` and a page number."""
    lines = text.split("\n")
    opening = lines.index("目录") + 1
    end = next(k for k in range(opening, len(lines)) if lines[k].startswith("\f"))
    for k in range(opening, end):
        lines[k] += f"{leader}{k}"
    return "\n".join(lines)


def make_listed_report(path: Path, text: str) -> Path:
    """A .docx of a typed report (one paragraph a line, a rendered page break where a form
    feed opens a line) whose heading numbers are Word list numbers; a tab in a line is
    set against a right tab stop with a dot leader, as in a table of contents."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml import OxmlElement
    from docx.shared import Cm

    paragraphs, numbering = listed_report(text.removesuffix("\n"))
    document = docx.Document()
    cjk_font(document)
    for style in REPORT_STYLES:
        made = document.styles.add_style(style.name, WD_STYLE_TYPE.PARAGRAPH)
        made.base_style = document.styles["Normal"]
        add_num_pr(made.element.get_or_add_pPr(), style.num, style.ilvl)
    for opens_page, paragraph in paragraphs:
        made = document.add_paragraph(style=paragraph.style)
        run = made.add_run(paragraph.text)
        if opens_page:
            run._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))
        if paragraph.num is not None:
            add_num_pr(made._p.get_or_add_pPr(), paragraph.num, paragraph.ilvl)
        if "\t" in paragraph.text:
            made.paragraph_format.tab_stops.add_tab_stop(Cm(15), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    document.save(path)
    return replace_part(path, "word/numbering.xml", numbering)
