"""Decode a plain-text report: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from juesuan.readers.errors import ReadError
from juesuan.readers.files import read_file

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")

#: Unicode's format characters (category Cf): zero-width spaces and joiners, the soft
#: hyphen, direction marks, the word joiner, a BOM inside the text. They print as nothing
#: but split a figure for the reader: "1\u200b8168.12" would read as 1 and 8168.12.
_FORMAT = re.compile("[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
                     "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")
#: the same beyond the BMP (a class of its own: mixed with the above it slows every search)
_FORMAT_ASTRAL = re.compile("[\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
                            "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")
#: every way a line can end: Windows CR LF, old Mac CR alone, Unicode's line and paragraph
#: separators, NEL; all become LF, so that line numbers are those an editor shows
_BREAK = re.compile("\r\n?|[\u2028\u2029\x85]")
_BREAK_CHAR = re.compile("[\r\u2028\u2029\x85]")
#: a format character or a line break to rewrite: one pass over the text finds either,
#: and most reports have neither
_UNUSUAL = re.compile(_FORMAT.pattern[:-1] + _BREAK_CHAR.pattern[1:])
#: what the decoding's check or the normalising rewrites: one pass finds any of them
_CONTROL_OR_UNUSUAL = re.compile(_UNUSUAL.pattern[:-1] + _CONTROL.pattern[1:])

#: Reports are a few hundred KB; anything far larger is not one report.
MAX_BYTES = 20 * 1024 * 1024


def read_text_file(path: str | Path) -> str:
    """Read and decode a text report, raising :class:`ReadError` with a clear reason."""
    return read_file(path, MAX_BYTES, "a text report", _report_text)


def _report_text(data: bytes) -> str:
    """``normalise(decode_text(data))``, with one look at every character instead of two
    when the text holds nothing for either to do (most reports)."""
    text = _decoded(data)
    if _CONTROL_OR_UNUSUAL.search(text) is None:
        return _without_astral_format(text)
    return normalise(_checked(text))


def normalise(text: str) -> str:
    """Text as the reader reads it: every line break a LF, format characters removed.
    Only characters inside a line are removed, so every line keeps its number."""
    unusual = _UNUSUAL.search(text) is not None
    if unusual and _FORMAT.search(text):
        text = _FORMAT.sub("", text)
    text = _without_astral_format(text)
    if unusual and _BREAK_CHAR.search(text):
        text = _BREAK.sub("\n", text)
    return text


def _without_astral_format(text: str) -> str:
    """``text`` without the format characters beyond the BMP."""
    if _has_astral(text) and _FORMAT_ASTRAL.search(text):
        return _FORMAT_ASTRAL.sub("", text)
    return text


def _has_astral(text: str) -> bool:
    """Whether ``text`` holds a character beyond the BMP: each takes two UTF-16 units
    (encoding is a copy for most texts, where a regex would test every character)."""
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


def decode_text(data: bytes) -> str:
    """Decode report bytes; GB18030 is tried after UTF-8 because it is a superset of GBK."""
    return _checked(_decoded(data))


def _decoded(data: bytes) -> str:
    """The text of report bytes, not yet checked for being text at all."""
    if not data.strip():
        raise ReadError("file is empty")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if b"\x00" in data[:4096]:
        raise ReadError("binary file, not a text report")
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise ReadError("text is neither UTF-8 nor GB18030/GBK")


def _checked(text: str) -> str:
    # Control characters other than line breaks, tabs and form feeds mean the bytes were
    # not text after all (GB18030 decodes almost anything without an error).
    if len(_CONTROL.findall(text, 0, 20000)) > 10:
        raise ReadError("binary file, not a text report")
    return text
