"""The article's lines read in bulk, with Lexbor doing the per-node work: what the walk of
:mod:`juesuan.readers.html.walk` gives, in a fraction of its time.

The walk costs a few microseconds of Python per paragraph and per cell. The bulk reading
cuts out of the article what the walk skips (scripts, forms, comments, site chrome),
unwraps the inline elements and merges the texts they split, so that every text node left
is one line; one call then gives all the article's texts, NUL between two. The data tables
were read before and taken out; each stand-in is given a text of its own, its number
between two NULs.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from selectolax.lexbor import LexborNode

from juesuan.readers.html.nodes import (
    ATTACHMENT, A_ID, BLOCK, CHROME_TAGS, CJK_BREAK, COMMENT_ID, FOOTER_ID, HEADER_ID, IMG_ID,
    INVISIBLE, PRE_ID, SKIPPED, TABLE_ID, TOO_LARGE, attachments, is_chrome, tag_id,
)

if TYPE_CHECKING:
    from juesuan.readers.html import Hints
    from juesuan.readers.html.tables import Tables
    from juesuan.readers.html.walk import Writer


class Unsure(Exception):
    """The quick reading met a page it cannot be sure to read as the walk does."""


_DROP, _CHROME_TAG, _KEEP = 1, 2, 3
_KIND = {**{tag: _KEEP for tag in BLOCK | {"br", "table"}},
         **{tag: _CHROME_TAG for tag in CHROME_TAGS}, **{tag: _DROP for tag in SKIPPED - {"-comment"}}}
_KIND_IDS = {**{tag_id(tag): kind for tag, kind in _KIND.items()}, COMMENT_ID: _DROP}


def read_bulk(article: LexborNode, writer: Writer, tables: Tables, hints: Hints) -> bool:
    """Add the article's lines and tables to ``writer`` as ``writer.walk`` does, in bulk,
    and its pictures and attached files to ``hints``; False, with nothing done, for a
    page the walk must read (one with ``<pre>``, whose lines are its line breaks).
    The page's text must hold no NUL."""
    read, left = tables.read, tables.left
    drop, unwrap, stand_ins, left_here = [], [], [], []
    images, files = 0, [] if article.tag_id != A_ID else attachments(article)[:1]
    nodes = article.traverse()
    next(nodes)  # the article itself
    for node in nodes:
        tag = node.tag_id
        kind = _KIND_IDS.get(tag)
        if kind == _KEEP:
            if tag == PRE_ID:
                return False
        elif kind is None:
            unwrap.append(node)  # inline: <span>, <font>, <a>, Word's <o:p> …
            if tag == A_ID and ATTACHMENT.search(href := node.attributes.get("href") or ""):
                files.append(href)
        elif kind == _DROP:
            drop.append(node)    # comments too
            images += tag == IMG_ID
        elif kind == _CHROME_TAG:
            if tag == TABLE_ID and ((key := node.mem_id) in read or key in left):
                (stand_ins if key in read else left_here).append(node)
                continue
            attrs = node.attributes
            if (tag == FOOTER_ID or attrs.get("class") or attrs.get("id")) and is_chrome(node):
                drop.append(node)
            elif tag == HEADER_ID and node.css_first("h1, h2, h3") is None:
                drop.append(node)
    hints.images = images
    hints.files = files + [file for node in stand_ins for file in tables.files.get(node.mem_id, ())]
    if left_here:  # a table too large for a grid, read as text where the walk reaches it
        dropped = {node.mem_id for node in drop}
        writer.warnings.extend(TOO_LARGE for node in left_here if _reached(node, article.mem_id, dropped))
    for index, node in enumerate(stand_ins):
        node.insert_child(f"\x00{index}\x00")
    for node in reversed(drop):  # inner ones first
        node.decompose()
    for node in unwrap:
        node.unwrap(delete_empty=True)
    article.merge_text_nodes()
    text = article.text(separator="\x00", skip_empty=True)
    # Texts and stand-ins, NUL between two: no text is empty, so an empty part opens a
    # stand-in's number.
    parts = text.split("\x00") if text else []
    start, end = 0, len(parts)
    while start <= end:
        try:
            at = parts.index("", start)
        except ValueError:
            at = end
        writer.lines.extend(_lines(parts[start:at]))
        if at == end:
            break
        number = parts[at + 1] if at + 2 < end else ""
        if not number.isdigit() or parts[at + 2] or int(number) >= len(stand_ins):
            raise Unsure("the tables of the page could not be placed among its lines")
        writer.add_table(*read[stand_ins[int(number)].mem_id])
        start = at + 3
    return True


def _reached(node: LexborNode, root: int, dropped: set[int]) -> bool:
    """Whether no element between ``node`` and the element ``root`` is in ``dropped``."""
    node = node.parent
    while node is not None and node.mem_id != root:
        if node.mem_id in dropped:
            return False
        node = node.parent
    return True


def _lines(parts: list[str]) -> list[str]:
    """Each text of ``parts`` cleaned as :func:`clean` does; no empty one."""
    if not parts:
        return []
    text = "\x00".join(parts)
    if "  " not in text and " \x00" not in text and "\x00 " not in text and text[:1] != " " \
            and text[-1:] != " " and text.replace("\x00", "").isprintable():
        return parts  # no white space but single spaces inside
    if "\n" in text:
        text = "\x00".join(CJK_BREAK.sub("", line) if "\n" in line else line for line in parts)
    lines = " ".join(text.split()).replace(" \x00", "\x00").replace("\x00 ", "\x00").split("\x00")
    if not all(map(str.isprintable, lines)):
        lines = [line if line.isprintable() else " ".join(INVISIBLE.sub("", line).split()) for line in lines]
    return [line for line in lines if line]
