"""The characters of a page: its bytes decoded by the BOM, the declared charset or what they
are (Chinese government pages often declare one charset and are in another)."""
from __future__ import annotations

import codecs
import re

from juesuan.readers.errors import ReadError

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_GB = frozenset({"gb2312", "gbk", "gb_2312-80", "x-gbk", "gb18030", "cp936", "euc-cn", "chinese"})
_WESTERN = frozenset({"latin-1", "iso8859-1", "cp1252", "ascii"})
_MAGIC = ((b"%PDF-", "a PDF file"), (b"PK\x03\x04", "a zip archive (a Word or Excel file?)"),
          (b"\xd0\xcf\x11\xe0", "an old Office file"), (b"\x89PNG", "a PNG image"),
          (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"))


def decode_html(data: bytes, warnings: list[str] | None = None) -> str:
    """Decode page bytes: by the BOM, else the ``<meta>`` charset, else as UTF-8, else as
    GB18030 (a superset of GBK and GB2312). A declared charset the bytes do not fit is
    common on these sites: the bytes are then read as what they are, with a warning."""
    warnings = warnings if warnings is not None else []
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    head = data[:4096]
    start = head.lstrip()
    for magic, what in _MAGIC:
        if start.startswith(magic):
            raise ReadError(f"{what}, not an HTML page")
    if b"\x00" in head:
        raise ReadError("binary file, not an HTML page")
    declared = _declared_codec(head, warnings)
    if declared in _WESTERN and not data.isascii():
        declared = None  # Chinese pages labelled Latin-1 are UTF-8 or GBK in truth
    elif declared == "gb18030" and not data.isascii() and (text := _decoded(data, "utf-8")):
        # GB18030 reads UTF-8 bytes without an error, as nonsense; valid UTF-8 with
        # non-ASCII text is almost never GBK.
        warnings.append("the page declares a GB charset but is UTF-8")
        return text
    if declared is not None:
        if (text := _decoded(data, declared)) is not None:
            return text
        warnings.append(f"the page declares charset {declared} but its bytes do not fit it")
    for codec in ("utf-8", "gb18030"):
        if codec != declared and (text := _decoded(data, codec)) is not None:
            return text
    codec = declared or "gb18030"
    warnings.append(f"some bytes are not valid {codec} and were replaced")
    return data.decode(codec, errors="replace")


def _declared_codec(head: bytes, warnings: list[str]) -> str | None:
    match = _META_CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii").lower()
    if label in _GB:
        return "gb18030"  # as browsers do: GBK's superset reads every GB2312 page
    if label.startswith("utf-16"):
        return "utf-8"    # a page without a UTF-16 BOM that says so is ASCII-compatible
    try:
        return codecs.lookup(label).name
    except LookupError:
        warnings.append(f"the page declares an unknown charset {label!r}")
        return None


def _decoded(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None
