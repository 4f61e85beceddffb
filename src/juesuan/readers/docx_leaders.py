"""Tab leaders: the dots Word draws across a tab, as in a table of contents.

A contents entry holds its title, a tab and its page number; the dots between them are
not in the text but drawn by the tab stop the tab reaches (``w:tabs/w:tab`` with a
``w:leader``, set on the paragraph or its style). Read as a bare tab the entry looks
like a heading followed by a number; read with its dots it is a contents line, as in a
PDF of the same document. The last tab of a paragraph reaches its rightmost stop (the
one a contents entry's page number is set against).
"""
from __future__ import annotations

import re

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _q(name: str) -> str:
    return f"{{{_W}}}{name}"


_VAL, _TABS, _TAB, _PPR = _q("val"), _q("tabs"), _q("tab"), _q("pPr")
#: what each leader is read as (a PDF's text has periods or middle dots there)
_DRAWN = {"dot": "......", "middleDot": "······"}
_CLEAR = "clear"
_PAGE_NUMBER = re.compile(r"[ \u3000]*\d{1,4}\s*")


class TabLeaders:
    """The tab stops of a document's paragraph styles, and the leader a paragraph's last tab draws."""

    def __init__(self, styles=None) -> None:
        self._styles: dict[str, tuple[str | None, object]] = {}
        self._merged: dict[str, dict[int, str]] = {}
        try:
            for style in styles.iterfind(_q("style")) if styles is not None else ():
                name = style.get(_q("styleId"))
                if name and style.get(_q("type")) in (None, "paragraph"):
                    base = style.find(_q("basedOn"))
                    ppr = style.find(_PPR)
                    self._styles[name] = (base.get(_VAL) if base is not None else None,
                                          ppr.find(_TABS) if ppr is not None else None)
        except Exception:  # damaged styles: tab stops from the paragraphs alone
            self._styles = {}

    def leader(self, tabs, style: str | None) -> str | None:
        """What the last tab of a paragraph with its own stops ``tabs`` (its w:tabs, or
        None) and style ``style`` draws: "......" for a dot leader, None for a gap."""
        stops = dict(self._stops_of(style))
        _apply(stops, tabs)
        if not stops:
            return None
        return drawn(stops[max(stops)])

    def _stops_of(self, style: str | None) -> dict[int, str]:
        """The tab stops a style sets, its base styles' first (position: leader)."""
        if not style or style not in self._styles:
            return {}
        if style not in self._merged:
            chain, current = [], style
            while current in self._styles and current not in chain and len(chain) < 20:
                chain.append(current)
                current = self._styles[current][0]
            stops: dict[int, str] = {}
            for name in reversed(chain):
                _apply(stops, self._styles[name][1])
            self._merged[style] = stops
        return self._merged[style]


def _apply(stops: dict[int, str], tabs) -> None:
    """Set (or clear) the stops of one w:tabs over ``stops``."""
    if tabs is None:
        return
    for tab in tabs.iterfind(_TAB):
        try:
            position = int(tab.get(_q("pos"), ""))
        except ValueError:
            continue
        if tab.get(_VAL) == _CLEAR:
            stops.pop(position, None)
        else:
            stops[position] = tab.get(_q("leader")) or "none"


def drawn(leader: str | None) -> str | None:
    """What a leader (a w:leader value) is read as; None for no dots."""
    return _DRAWN.get(leader) if leader else None


def with_leader(text: str, leader: str) -> str:
    """``text`` with its last tab drawn as ``leader`` where a page number follows it (a
    dotted line left to fill in is no contents entry, and its dots would read as a
    placeholder left unfilled)."""
    at = text.rfind("\t")
    if at < 0 or not _PAGE_NUMBER.fullmatch(text, at + 1):
        return text
    return text[:at] + leader + text[at + 1:]
