"""Word's list numbers: the "一、", "（一）", "1." or "第一部分" Word draws before a paragraph.

Such a number is not in the paragraph's runs. The paragraph (or its style, or a style
that style is based on) names a list (``w:numPr``: ``w:numId``, ``w:ilvl``);
``word/numbering.xml`` maps the list to an abstract list whose levels give the start, the
number format, the text around the numbers (``%1、``, ``（%1）``, ``第%1部分``, ``%1.%2``)
and what follows the number (a tab, a space or nothing). Counting follows Word: lists
that share an abstract list share its counters unless a ``w:startOverride`` restarts
them; a level restarts after a shallower level is used (or as its ``w:lvlRestart``
says); a bullet is no number. Anything malformed gives no number rather than an error.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from juesuan.readers.docx_number_formats import format_number

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _q(name: str) -> str:
    return f"{{{_W}}}{name}"


_VAL, _PPR, _NUMPR, _ILVL = _q("val"), _q("pPr"), _q("numPr"), _q("ilvl")
_LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass(frozen=True)
class Level:
    """One level of a list: how its number is counted and written."""

    start: int = 0
    format: str = "decimal"
    text: str = ""
    restart: int | None = None
    legal: bool = False
    suffix: str = "tab"
    style: str | None = None
    hidden: bool = False


@dataclass
class _List:
    """A w:num: its abstract list and the levels it overrides."""

    abstract: str
    starts: dict[int, int] = field(default_factory=dict)
    levels: dict[int, Level] = field(default_factory=dict)


@dataclass(frozen=True)
class _Style:
    based_on: str | None
    num_id: str | None
    ilvl: int | None


class ListNumbers:
    """The list numbers of one document's paragraphs, taken in document order."""

    def __init__(self, numbering=None, styles=None) -> None:
        self._abstracts: dict[str, dict[int, Level]] = {}
        self._links: dict[str, str] = {}
        self._lists: dict[str, _List] = {}
        self._styles: dict[str, _Style] = {}
        self._default_style: str | None = None
        #: the paragraph styles that give a list, themselves or through a base style
        self._numbered_styles: frozenset[str] = frozenset()
        self._counters: dict[str, list[int | None]] = {}
        self._restarted: set[tuple[str, int]] = set()
        try:
            if styles is not None:
                self._read_styles(styles)
            if numbering is not None:
                self._read_numbering(numbering)
            self._numbered_styles = frozenset(
                style for style in self._styles if any(self._styles[s].num_id for s in self._chain(style)))
        except Exception:  # a damaged part: the document is read without its numbers
            self._abstracts, self._lists = {}, {}

    def __bool__(self) -> bool:
        return bool(self._lists)

    # -- reading the parts
    def _read_styles(self, styles) -> None:
        for style in styles.iterfind(_q("style")):
            style_id = style.get(_q("styleId"))
            if not style_id:
                continue
            ppr = style.find(_PPR)
            numpr = ppr.find(_NUMPR) if ppr is not None else None
            self._styles[style_id] = _Style(_child_val(style, "basedOn"),
                                            _child_val(numpr, "numId"),
                                            _int(_child_val(numpr, "ilvl")))
            if style.get(_q("type")) == "paragraph" and style.get(_q("default")) in ("1", "true", "on"):
                self._default_style = style_id

    def _read_numbering(self, numbering) -> None:
        for abstract in numbering.iterfind(_q("abstractNum")):
            key = abstract.get(_q("abstractNumId"))
            if key is None:
                continue
            self._abstracts[key] = {ilvl: level for ilvl, level in map(_level, abstract.iterfind(_q("lvl")))
                                    if ilvl is not None}
            link = _child_val(abstract, "numStyleLink")
            if link:
                self._links[key] = link
        for num in numbering.iterfind(_q("num")):
            num_id, abstract = num.get(_q("numId")), _child_val(num, "abstractNumId")
            if num_id is None or abstract is None:
                continue
            entry = _List(abstract)
            for override in num.iterfind(_q("lvlOverride")):
                ilvl = _int(override.get(_q("ilvl")))
                if ilvl is None or not 0 <= ilvl < _LEVELS:
                    continue
                start = _int(_child_val(override, "startOverride"))
                if start is not None:
                    entry.starts[ilvl] = start
                lvl = override.find(_q("lvl"))
                if lvl is not None:
                    entry.levels[ilvl] = _level(lvl)[1]
            self._lists[num_id] = entry

    # -- numbering a paragraph
    def label(self, numpr, style: str | None) -> str:
        """The number Word draws before a paragraph with the list reference ``numpr`` (its
        w:numPr, or None) and the paragraph style ``style``, with what follows the number;
        "" for none. Counts the paragraph: call once per paragraph, in document order."""
        style = style or self._default_style
        if not self._lists or (numpr is None and style not in self._numbered_styles):
            return ""
        try:
            return self._label(numpr, style)
        except Exception:  # numbering a malformed list must not stop the reading
            return ""

    def _label(self, numpr, style: str | None) -> str:
        num_id, ilvl, styles = self._list_of(numpr, style)
        entry = self._lists.get(num_id) if num_id and num_id != "0" else None
        if entry is None:
            return ""
        abstract, levels = self._abstract(entry.abstract)
        if levels is None:
            return ""
        if ilvl is None:
            ilvl = next((i for i, level in levels.items() if level.style and level.style in styles), 0)
        if not 0 <= ilvl < _LEVELS:
            return ""
        level_of = {**levels, **entry.levels}
        level = level_of.get(ilvl)
        if level is None:
            return ""
        counters = self._counters.setdefault(abstract, [None] * _LEVELS)
        self._advance(counters, level_of, ilvl, entry.starts.get(ilvl), (num_id, ilvl))
        if level.format == "bullet" or level.hidden:
            return ""
        return _written(level, level_of, counters)

    def _list_of(self, numpr, style: str | None) -> tuple[str | None, int | None, list[str]]:
        """The list and level the paragraph's own w:numPr or its styles give (the nearest
        that names each wins), and its chain of styles."""
        num_id = ilvl = None
        if numpr is not None:
            num_id, ilvl = _child_val(numpr, "numId"), _int(_child_val(numpr, "ilvl"))
        chain = self._chain(style)
        for name in chain:
            found = self._styles[name]
            if num_id is None:
                num_id = found.num_id
            if ilvl is None:
                ilvl = found.ilvl
        return num_id, ilvl, chain

    def _chain(self, style_id: str | None) -> list[str]:
        chain: list[str] = []
        while style_id and style_id in self._styles and style_id not in chain and len(chain) < 20:
            chain.append(style_id)
            style_id = self._styles[style_id].based_on
        return chain

    def _abstract(self, key: str) -> tuple[str, dict[int, Level] | None]:
        """An abstract list, following a numbering style's link to the list it names."""
        for _ in range(5):
            link = self._links.get(key)
            if link is None:
                break
            style = self._styles.get(link)
            entry = self._lists.get(style.num_id) if style and style.num_id else None
            if entry is None or entry.abstract == key:
                break
            key = entry.abstract
        return key, self._abstracts.get(key)

    def _advance(self, counters: list[int | None], level_of: dict[int, Level], ilvl: int,
                 override: int | None, restart_key: tuple[str, int]) -> None:
        if override is not None and restart_key not in self._restarted:
            # a w:startOverride restarts the shared counter where its list is first used
            self._restarted.add(restart_key)
            counters[ilvl] = override
        elif counters[ilvl] is None:
            counters[ilvl] = level_of[ilvl].start
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, _LEVELS):
            if _restarts(level_of.get(deeper), deeper, ilvl):
                counters[deeper] = None


def _restarts(level: Level | None, index: int, used: int) -> bool:
    """Whether level ``index`` starts again after level ``used`` (shallower) is used: by
    default after any shallower level; w:lvlRestart n only after levels 1..n (one-based),
    never for 0, and is ignored when it names this level or a deeper one."""
    restart = level.restart if level is not None else None
    if restart is None or restart > index:
        return True
    return restart != 0 and used < restart


def _written(level: Level, level_of: dict[int, Level], counters: list[int | None]) -> str:
    def number(match: re.Match) -> str:
        index = int(match.group(1)) - 1
        shown = level_of.get(index, Level())
        value = counters[index] if counters[index] is not None else shown.start
        if shown.format == "bullet":
            return ""
        return format_number(value, "decimal" if level.legal else shown.format)

    text = _PLACEHOLDER.sub(number, level.text).replace("\t", " ")
    shown = text.strip()
    if not shown:
        return ""
    # spaces typed around the number are a gap drawn like a tab: never two spaces (a table
    # row's cell break) after it, nor a space opening the line (a page's first line)
    return shown + _suffix(shown, "tab" if shown != text.lstrip() else level.suffix)


def _suffix(text: str, suffix: str) -> str:
    """What the text gets for Word's gap after a number: a tab after full-width
    punctuation ("一、", "（一）") is a gap drawn, not a word break, so nothing (as the
    same heading typed by hand reads); any other tab or a space is one space."""
    if suffix == "nothing":
        return ""
    if suffix == "tab" and _full_width_punctuation(text[-1]):
        return ""
    return " "


def _full_width_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P") and unicodedata.east_asian_width(char) in ("W", "F")


def _level(lvl) -> tuple[int | None, Level]:
    """A w:lvl as (its index, its Level)."""
    ppr = lvl.find(_PPR)
    rpr = lvl.find(_q("rPr"))
    text = lvl.find(_q("lvlText"))
    legal = lvl.find(_q("isLgl"))
    hidden = rpr.find(_q("vanish")) if rpr is not None else None
    start = _int(_child_val(lvl, "start"))
    return _int(lvl.get(_ILVL)), Level(
        start=start if start is not None else 0,
        format=_format_of(lvl),
        text=(text.get(_VAL) or "") if text is not None else "",
        restart=_int(_child_val(lvl, "lvlRestart")),
        legal=legal is not None and legal.get(_VAL) not in ("0", "false", "off"),
        suffix=_child_val(lvl, "suff") or "tab",
        style=_child_val(lvl, "pStyle") or (_child_val(ppr, "pStyle") if ppr is not None else None),
        hidden=hidden is not None and hidden.get(_VAL) not in ("0", "false", "off"))


def _format_of(lvl) -> str:
    """A level's number format: its w:numFmt, or inside an mc:AlternateContent the
    newer choice when it is a zero-padded decimal ("001, 002, 003, ..."), else the fallback."""
    found = lvl.find(_q("numFmt"))
    if found is not None:
        return found.get(_VAL) or "decimal"
    alternate = lvl.find(f"{{{_MC}}}AlternateContent")
    if alternate is None:
        return "decimal"
    for choice in alternate.iterfind(f"{{{_MC}}}Choice"):
        custom = choice.find(_q("numFmt"))
        if custom is not None and custom.get(_VAL) == "custom":
            padded = re.fullmatch(r"(0+1)\s*,.*", custom.get(_q("format")) or "")
            if padded:
                return f"zero-padded:{len(padded.group(1))}"
    fallback = alternate.find(f"{{{_MC}}}Fallback/{_q('numFmt')}")
    return (fallback.get(_VAL) or "decimal") if fallback is not None else "decimal"


def _child_val(parent, name: str) -> str | None:
    if parent is None:
        return None
    child = parent.find(_q(name))
    return child.get(_VAL) if child is not None else None


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None
