"""The vocabulary the readings of a page share: which elements hold text, which are skipped,
which may be site chrome; Lexbor's tag ids; and the cleaning of a line of text."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborHTMLParser, LexborNode

if TYPE_CHECKING:
    from juesuan.readers.html.tables import Tables


# Never article text: skipped with all they hold.
SKIPPED = frozenset(
    "script style noscript template iframe frame frameset object embed applet svg math canvas "
    "select button input textarea nav aside map area audio video source track head title meta "
    "link base img wbr -comment".split())
BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre section article header footer "
    "main address figure figcaption center form fieldset legend hr caption thead tbody tfoot "
    "tr td th body html details summary".split())
# A small block whose class or id names site chrome (share buttons, breadcrumbs, the
# "print / close / font size" bar, footers) is left out unless it holds a table.
CHROME_TAGS = frozenset("div ul ol dl section table header footer".split())
_CHROME = re.compile(r"nav|menu|foot(?!note)|bottom|breadcrumb|crumb|share|print|fontsize|"
                     r"location|position|copyright|sidebar|toolbar|search|login|banner|logo|"
                     r"qrcode|ewm|wza|relate|pager|skip", re.IGNORECASE)
_CHROME_LIMIT = 500
NOT_INLINE = frozenset(("br", "pre", "table"))
CELLS = frozenset(("td", "th"))


def tag_id(name: str) -> int:
    """Lexbor's id of an HTML tag: fixed for the tags of the standard (not for others),
    and compared faster than a name."""
    return LexborHTMLParser("").create_node(name).tag_id


CELL_IDS = frozenset(map(tag_id, CELLS))
#: the tags the walk reads other than as inline elements (which it reads through)
WALKED_IDS = frozenset(map(tag_id, BLOCK | CHROME_TAGS | (SKIPPED - {"-comment"}) | {"br", "table"}))
TABLE_ID, TR_ID, P_ID, PRE_ID, CAPTION_ID = map(tag_id, ("table", "tr", "p", "pre", "caption"))
A_ID, IMG_ID, HEADER_ID, FOOTER_ID = map(tag_id, ("a", "img", "header", "footer"))
COMMENT_ID = LexborHTMLParser("<p><!---->").css_first("p").child.tag_id

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# A line break in the source between two CJK characters is no space (CSS Text 3).
CJK_BREAK = re.compile(f"(?<=[{_CJK}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_CJK}])")
_IS_CJK = re.compile(f"[{_CJK}]")
WORD = re.compile(r"[^\W_]")  # a letter, CJK character or digit
INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f\u200b-\u200f\u2060\ufeff]")
MAX_SLOTS = 1_000_000  # cells of one table's grid; a report's largest has a few thousand
TOO_LARGE = f"a table of more than {MAX_SLOTS} cells is read as text only"
ATTACHMENT = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|et|zip|rar)(?:$|[?#])", re.IGNORECASE)


def visible(text: str) -> int:
    """Characters of ``text`` other than spaces and line breaks."""
    return len(text) - sum(map(text.count, " \n\t\r\xa0\u3000"))


def link_text(node: LexborNode) -> int:
    return sum(visible(link.text()) for link in node.css("a"))


def is_chrome(node: LexborNode) -> bool:
    """A small block of site chrome: a footer, or a class or id that names chrome, with
    no table inside (a layout table itself may be chrome; data tables never reach here)."""
    attrs = node.attributes
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return ((node.tag == "footer" or bool(_CHROME.search(names)))
            and len(node.css("table")) == (node.tag == "table")
            and visible(node.text()) <= _CHROME_LIMIT)


def clean(raw: str) -> str:
    """Collapse white space (``&nbsp;`` and full-width spaces too) and trim."""
    if "\n" in raw:
        raw = CJK_BREAK.sub("", raw)
    line = " ".join(raw.split())
    return line if line.isprintable() else " ".join(INVISIBLE.sub("", line).split())


def join_cjk(pieces: list[str]) -> str:
    """The lines inside one cell as one string, with no space between two CJK characters."""
    out = pieces[0] if pieces else ""
    for piece in pieces[1:]:
        out += piece if _IS_CJK.match(out[-1]) and _IS_CJK.match(piece) else " " + piece
    return out


def attachments(node: LexborNode, tables: Tables | None = None) -> list[str]:
    """The links of ``node`` to files a report may be in, then those of the data tables
    taken out of it."""
    files = [href for link in node.css("a[href]") if ATTACHMENT.search(href := link.attributes.get("href") or "")]
    if tables is not None and tables.files:
        files += [file for table in node.css("table") for file in tables.files.get(table.mem_id, ())]
    return files
