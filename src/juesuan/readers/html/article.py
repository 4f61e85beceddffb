"""Where the article is on a page: the element holding most of its text and all its data
tables, among the site's navigation, banners and footers; and the title just outside it."""
from __future__ import annotations

import re
from itertools import chain
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborNode

from juesuan.readers.html.nodes import WORD, clean, link_text, tag_id, visible

if TYPE_CHECKING:
    from juesuan.readers.html.tables import Tables


# Containers that content management systems of government sites put the article in:
# (a string the page must contain, the selector).
_KNOWN = (("zoom", "#zoom"), ("Zoom", "#Zoom"), ("TRS_Editor", ".TRS_Editor"),
          ("TRS_UEDITOR", ".TRS_UEDITOR"), ("UCAP-CONTENT", "#UCAP-CONTENT"),
          ("pages_content", ".pages_content"), ("article-content", ".article-content"),
          ("article_content", ".article_content"), ("news_content", ".news_content"),
          ("<article", "article"), ("<main", "main"), ("content", "#content, .content"),
          ("article", ".article"))
# Where the search for the article may go down; a paragraph or a data table is content.
_DEPTH = 64  # levels the search for the article goes down, at most (pages nest ~20)
_DESCEND_IDS = frozenset(map(tag_id, "div section article main form center font table tbody tr td th".split()))
_HEADING_TAGS = frozenset("h1 h2 h3".split())
_TITLE_NAME = re.compile(r"title|headline|biaoti", re.IGNORECASE)
_TEXT_BEFORE = 300  # characters between a title and the article, at most
_HIDDEN_STYLES = ("display:none", "display: none", "visibility:hidden", "visibility: hidden")


def drop_hidden(body: LexborNode, markup: str) -> None:
    """Drop blocks styled invisible (pop-ups, QR codes, print copies), unless one holds
    most of the page: a page that hides its article until a script shows it."""
    if ("none" not in markup and "hidden" not in markup) \
            or not any(style in markup for style in _HIDDEN_STYLES):
        return
    total = visible(body.text())
    for node in reversed(body.css(", ".join(f'[style*="{style}" i]' for style in _HIDDEN_STYLES))):
        if visible(node.text()) < 0.5 * total:
            node.decompose()


def _tables_in(node: LexborNode, tables: Tables) -> tuple[int, int]:
    """Characters in the data tables inside ``node``: in all, and in those taken out."""
    if not tables.sizes:
        return 0, 0
    keys = [table.mem_id for table in node.css("table")]
    return (sum(tables.sizes.get(key, 0) for key in keys), sum(tables.taken.get(key, 0) for key in keys))


def _sizes(body: LexborNode, node: LexborNode | None) -> tuple[int, int | None]:
    """Characters of text of ``body`` and of ``node`` inside it: the text of ``node`` and of
    what stands beside it and beside each element above it (the site's chrome, small)."""
    if node is None or node.mem_id == body.mem_id:
        return visible(body.text_lexbor()), None
    inside = outside = visible(node.text_lexbor())
    top = body.mem_id
    while node is not None and node.mem_id != top:
        for step in ("prev", "next"):
            beside = getattr(node, step)
            while beside is not None:
                if beside.is_text_node:
                    outside += visible(beside.text_content)
                elif beside.is_element_node:
                    outside += visible(beside.text_lexbor())
                beside = getattr(beside, step)
        node = node.parent
    return outside, inside


def find_article(body: LexborNode, markup: str, tables: Tables) -> tuple[LexborNode, int]:
    """The element that holds the article, and its characters of text outside links.

    The article is a known container that holds at least half the page's text outside
    links and all its data tables, or else the body; then, while one child of it holds at
    least 70% of that text and all those tables, that child."""
    sizes, taken = tables.sizes, tables.taken
    total = tables.total
    selectors = (selector for needle, selector in _KNOWN if needle in markup)
    first = next((found for selector in selectors if (found := body.css_first(selector)) is not None), None)
    size, first_size = _sizes(body, first)
    size += sum(taken.values())
    node, text = body, size - link_text(body)
    candidates = chain([(first, first_size)] if first is not None else [],
                       ((found, None) for selector in selectors
                        if (found := body.css_first(selector)) is not None))
    for found, size in candidates:
        if size is None:
            size = visible(found.text())
        in_tables, in_taken = _tables_in(found, tables)
        found_text = size + in_taken - link_text(found)
        if found_text >= 0.5 * text and in_tables >= 0.95 * total:
            node, text = found, found_text
            break
    for _ in range(_DEPTH):
        kids = [(kid, sizes[key] if (key := kid.mem_id) in sizes
                 else visible(kid.text()) + _tables_in(kid, tables)[1])
                for kid in node.iter() if kid.tag_id in _DESCEND_IDS]
        kids = [(kid, size) for kid, size in kids if size >= 0.7 * text]
        if not kids:
            return node, text
        best, size = max(kids, key=lambda pair: pair[1])
        best_text = size - link_text(best)
        if (best_text < 0.7 * text or best.mem_id in sizes
                or _tables_in(best, tables)[0] < 0.95 * total
                or _leaves_words(node, text, best, best_text, tables)):
            return node, text
        node, text = best, best_text
    return node, text


def _leaves_words(node: LexborNode, text: int, child: LexborNode, child_text: int, tables: Tables) -> bool:
    """Whether ``child`` is the box of the data tables alone, the words of ``node`` beside
    it: the box of one large table (the nine tables pasted as one) is not the article, the
    paragraphs beside it are part of it. (An article of tables and a line or two, beside a
    date line, is still gone into.)"""
    words = text - _tables_in(node, tables)[1]
    child_words = child_text - _tables_in(child, tables)[1]
    return words - child_words >= _WORDS_LEFT and child_words <= 0.1 * words


_WORDS_LEFT = 20  # characters outside the tables, at least, that a box of tables would leave out


def heading_above(article: LexborNode) -> str:
    """The article's title when it sits just outside the article's container: the first
    ``<h1>`` to ``<h3>``, or block whose class names a title, in the box around the
    article, when little text (a date, a source) comes between them."""
    box = article.parent
    for _ in range(3):
        if box is None or box.tag in ("body", "html"):
            return ""
        before, title = 0, ""
        for node in box.traverse(include_text=True):
            if node.mem_id == article.mem_id:
                break
            if node.tag == "-text":
                before += visible(node.text_content)
                if before > _TEXT_BEFORE:
                    return ""
            elif not title and node.is_element_node:
                attrs = node.attributes
                if node.tag in _HEADING_TAGS or _TITLE_NAME.search(
                        f"{attrs.get('class') or ''} {attrs.get('id') or ''}"):
                    title = clean(node.text())
                    title = title if 4 <= len(title) <= 100 else ""
        if title:
            return title
        box = box.parent
    return ""


def words_outside_links(node: LexborNode) -> bool:
    """Whether ``node`` has a word or figure outside its links (asked of small pages)."""
    rest = node.text()
    for link in node.css("a"):
        rest = rest.replace(link.text(), "", 1)
    return bool(WORD.search(rest))
