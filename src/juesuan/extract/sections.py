"""Find the sections of a report by what their headings say, not by their order.

Provinces number and order the parts differently; a heading is recognised by the
template's vocabulary ("三公", "政府性基金", "机关运行经费"), so a report that puts the
tables first or numbers eleven sections instead of twelve is read the same way.
"""
from __future__ import annotations

import re
from functools import lru_cache

from juesuan.extract import scan
from juesuan.extract.contents import contents_spans, within
from juesuan.extract.grammar import (ENUMERATION_FIRST, PART_HEADING, SECTION_HEADING,
                                     SUBSECTION_HEADING, chinese_number)
from juesuan.model.report import Enumerated, Section
from juesuan.model.flow import Flow

# Order matters: the first pattern a heading matches names it.
VOCABULARY: list[tuple[str, re.Pattern]] = [(key, re.compile(pattern)) for key, pattern in [
    ("profile", r"部门概况|单位概况|概况$"),
    ("explanation", r"决算情况说明|部门决算说明|决算报表说明"),
    ("glossary", r"名词解释"),
    ("tables", r"决算报表|决算表$|附表|决算公开表"),
    ("functions", r"主要职能|职能职责"),
    ("organisation", r"机构设置|人员情况|人员构成"),
    ("sangong", r"三公"),
    ("fund", r"政府性基金"),
    ("capital", r"国有资本经营"),
    ("basic", r"基本支出"),
    ("general.overall", r"一般公共预算.*(?:总体|总量)情况"),
    ("general.structure", r"一般公共预算.*结构|决算结构"),
    ("general.detail", r"一般公共预算.*具体情况|决算具体情况"),
    ("general", r"一般公共预算财政拨款支出"),
    ("fiscal", r"财政拨款收入支出决算总体|财政拨款收支总体|^(?:高等学校)?财政拨款支出决算表说明"),
    ("overview", r"收入支出决算总体|收支决算总体|收入支出总体"),
    ("income", r"收入决算"),
    ("expenditure", r"支出决算"),
    ("other.running", r"机关运行经费"),
    ("other.procurement", r"政府采购"),
    ("other.assets", r"国有资产"),
    ("other", r"其他重要事项"),
    ("performance", r"绩效"),
    ("misc", r"其他需(?:要)?说明|^其他说明$"),
]]

PART_KEYS = frozenset({"profile", "explanation", "glossary", "tables"})

#: Sections of the explanation every report of the template has.
REQUIRED = ("overview", "income", "expenditure", "fiscal", "general", "basic", "sangong",
            "fund", "capital")

_TITLE_MAX = 40
_CLAUSE_MARK = re.compile(r"[，。；：:]")
_HEADINGS = ((0, PART_HEADING), (1, SECTION_HEADING), (2, SUBSECTION_HEADING))


def _headings_by_first() -> dict[str, tuple[tuple[int, re.Pattern], ...]]:
    """The headings (level, pattern) a line can open, by the line's first character, as
    the patterns tell: a line is tried only against those that can match it."""
    firsts = [(heading, scan.first_characters(heading[1])) for heading in _HEADINGS]
    chars = set().union(*(found for _, found in firsts))
    return {char: tuple(heading for heading, found in firsts if char in found) for char in chars}


_HEADINGS_BY_FIRST = _headings_by_first()
#: what a heading or a numbered list item ("（1）") can open a line with: the lines that
#: open with one are found in one pass over the lines, for the headings and the items
LINE_OPENINGS = frozenset(_HEADINGS_BY_FIRST) | ENUMERATION_FIRST
#: a numbered table row: a label and figures, no sentence ("十九、住房保障支出 409.89 409.89")
_TABLE_ROW = re.compile(r"[^，。；：:%]*\d\.\d+")


def _table_row(text: str, start: int, end: int) -> bool:
    # a row ends in a figure: a line that does not (most) needs no try of the pattern
    return end > start and text[end - 1].isdecimal() and _TABLE_ROW.fullmatch(text, start, end) is not None


def find_sections(flow: Flow, table_lines: frozenset[int] = frozenset()) -> tuple[list[Section], list[Enumerated]]:
    """Headings found at the start of input lines, with their spans, and their numbering.

    Lines of tables (``table_lines``, input line numbers, or lines that read as a row: a
    label and figures, no sentence) hold numbered row labels ("一、一般公共预算财政拨款收入")
    that are neither headings nor the explanation's numbering.
    """
    text = flow.text
    sections: list[Section] = []
    enumerations: list[Enumerated] = []
    starts = flow.starts
    line_ends = starts[1:] + [len(text)]
    # Few lines open as a heading can: the others are passed over in one sweep.
    for index in flow.lines_opening_with(LINE_OPENINGS):
        start, end = starts[index], line_ends[index]
        if text[start] not in _HEADINGS_BY_FIRST or flow.lines[index] in table_lines \
                or _table_row(text, start, end):
            continue
        for level, pattern in _HEADINGS_BY_FIRST[text[start]]:
            match = pattern.match(text, start, end)
            if not match:
                continue
            title = text[match.end():end][:_TITLE_MAX]
            following = index + 1 < len(line_ends)
            if not title.strip() and following:
                title = text[end:line_ends[index + 1]][:_TITLE_MAX]   # "（一）" alone on its line
                key = _key(title, level)
            elif following:
                title, key, end = _wrapped_title(text, title, _key(title, level), level, end,
                                                 line_ends[index + 1])
            else:
                key = _key(title, level)
            number = chinese_number(match.group("n"))
            parent = _enclosing(sections, level)
            group = f"heading{level}:{parent.start if parent else -1}"
            if level:   # parts are few, and a tables part is often printed without its number
                enumerations.append(Enumerated(number, start, group, text[start:end][:_TITLE_MAX]))
            if level != 0 and not _looks_like_heading(title, key):
                break
            sections.append(Section(key=key, title=title, level=level, number=number,
                                    start=start, title_end=end))
            break
    sections, enumerations = _without_contents(flow, sections, enumerations)
    _parts_numbered_as_sections(sections)
    _close(sections, len(text))
    _qualify(sections)
    return sections, enumerations


def _without_contents(flow: Flow, sections: list[Section], enumerations: list[Enumerated]):
    """Drop a table of contents: the lines listing headings with a leader and a page number,
    and the block after "目录" up to the first of its headings printed again."""
    leaders = contents_spans(flow)
    if leaders:
        sections = [s for s in sections if not within(leaders, s.start)]
        enumerations = [e for e in enumerations if not within(leaders, e.start)]
    text = flow.text
    contents = re.search(r"目\s*录", text[:400])
    if contents is None:
        return sections, enumerations
    listed = [s for s in sections if s.start > contents.start()]
    if not listed:
        return sections, enumerations
    first = listed[0]
    again = next((s for s in listed[1:] if s.level == first.level and _plain(s.title) == _plain(first.title)), None)
    if again is None:
        return sections, enumerations
    end = again.start
    return ([s for s in sections if not contents.start() <= s.start < end],
            [e for e in enumerations if not contents.start() <= e.start < end])


def _parts_numbered_as_sections(sections: list[Section]) -> None:
    """A report without "第一部分" headings may number its parts "一、学校概况", "三、决算报表
    说明", "四、名词解释": such sections are parts, and their subsections the sections."""
    if any(s.level == 0 for s in sections):
        return
    # "收入决算情况说明" is a section that says 决算情况说明: a part names no section.
    parts = [s for s in sections if s.level == 1 and _key(s.title, 0) is not None and _key(s.title, 1) is None]
    if len(parts) < 2:
        return
    inside = None
    for section in sections:
        if section.level == 1:
            inside = section if section in parts else None
            if inside is not None:
                section.level, section.key = 0, _key(section.title, 0)
        elif section.level == 2 and inside is not None:
            section.level, section.key = 1, _key(section.title, 1)


def _plain(title: str) -> list[str]:
    """A heading's words, without the leader and page number a table of contents adds."""
    return re.split(r"[.．。…·•⋯]{3,}", title)[0].split()


# Headings are worded alike from report to report: each wording is looked up once.
@lru_cache(maxsize=4096)
def _key(title: str, level: int) -> str | None:
    for key, pattern in VOCABULARY:
        if (level == 0) == (key in PART_KEYS) and pattern.search(title):
            return key
    return None


#: the longest end of a heading carried over to the next line ("…决算具" / "体情况")
_CARRIED_MAX = 12
#: the words a heading ends with: a title that ends so is whole on its line
_TITLE_ENDINGS = ("说明", "情况", "概况", "解释", "职能", "设置", "表")


def _opens_heading(line: str) -> bool:
    return any(pattern.match(line) for _, pattern in _HEADINGS_BY_FIRST.get(line[0], ()))


def _wrapped_title(text: str, title: str, key: str | None, level: int, end: int,
                   next_end: int) -> tuple[str, str | None, int]:
    """(title, key, end) of a heading, joined with its next line when the heading wrapped
    there: text from a PDF breaks a long heading at the page's edge. The next line is
    taken only when it is a short piece with no clause mark or figure and the whole title
    names a section the piece before does not: a heading whose first line already names
    its section keeps its next line as the body's first."""
    carried = text[end:next_end].strip()
    if not carried or len(carried) > _CARRIED_MAX or _CLAUSE_MARK.search(title + carried) \
            or any(char.isdigit() for char in carried) or title.rstrip().endswith(_TITLE_ENDINGS) \
            or _opens_heading(carried):
        return title, key, end
    whole = title.rstrip() + carried
    whole_key = _key(whole, level)
    if whole_key is None or whole_key == key or len(whole) > _TITLE_MAX:
        return title, key, end
    return whole, whole_key, next_end


def _looks_like_heading(title: str, key: str | None) -> bool:
    # A numbered line that runs on into a sentence ("九、基本支出：指……") is a list
    # item; an unknown one must also be short to count as a heading. A colon that ends
    # the line only leads to the body ("六、…决算情况说明：").
    if _CLAUSE_MARK.search(title.rstrip().rstrip("：:")):
        return False
    return key is not None or len(title) <= 20


def _enclosing(sections: list[Section], level: int) -> Section | None:
    for section in reversed(sections):
        if section.level < level:
            return section
    return None


def _close(sections: list[Section], length: int) -> None:
    """Each section ends where the next one of its level or a higher one starts.

    The sections still open are kept, in rising levels, so that each new section closes
    those it ends at once, rather than the sections after each one looked through."""
    open_sections: list[Section] = []
    for section in sections:
        while open_sections and open_sections[-1].level >= section.level:
            open_sections.pop().end = section.start
        open_sections.append(section)
    for section in open_sections:
        section.end = length


def _qualify(sections: list[Section]) -> None:
    # A subsection named only "政府采购情况" belongs to "其他重要事项"; one under the
    # general budget section named "(三) 具体情况" is the general detail list.
    for index, section in enumerate(sections):
        parent = _enclosing(sections[:index], section.level)
        part = _enclosing(sections[:index], 1)
        if section.level and part is not None and part.key in ("glossary", "tables"):
            # Under the glossary or the table list, "收入决算表" names a table, not a section.
            section.key = f"table.{section.key}" if part.key == "tables" and section.key else None
            continue
        # (a subsection that repeats the section's own words, "（三）一般公共预算财政拨款支出
        # 决算明细情况", is told apart the same way)
        if section.key in (None, "general") and section.level == 2 and parent is not None \
                and parent.key == "general":
            title = section.title
            if "结构" in title:
                section.key = "general.structure"
            elif "具体" in title or "明细" in title:
                section.key = "general.detail"
            elif "总体" in title:
                section.key = "general.overall"


def section_at(sections: list[Section], offset: int) -> tuple[Section | None, Section | None]:
    """The innermost known section (level 1) and subsection (level 2) around ``offset``."""
    top = sub = None
    for section in sections:
        if section.start > offset:
            break
        if section.end <= offset or section.key is None:
            continue
        if section.level == 1:
            top, sub = section, None
        elif section.level == 2:
            sub = section
    return top, sub


def sections_at(sections: list[Section], offsets: list[int]) -> list[tuple[Section | None, Section | None]]:
    """:func:`section_at` for each of the sorted ``offsets``.

    The sections around an offset are carried on to the next one, less those that end
    before it, rather than all the sections before each offset walked through again.
    """
    answers = []
    around: list[Section] = []
    following, count = 0, len(sections)
    for offset in offsets:
        while following < count and sections[following].start <= offset:
            around.append(sections[following])
            following += 1
        around = [section for section in around if section.end > offset]
        answers.append(section_at(around, offset))
    return answers
