"""Decode a plain-text report: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK."""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from juesuan.readers.errors import ReadError
from juesuan.readers.files import read_file

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")

#: Reports are a few hundred KB; anything far larger is not one report.
MAX_BYTES = 20 * 1024 * 1024


def read_text_file(path: str | Path) -> str:
    """Read and decode a text report, raising :class:`ReadError` with a clear reason."""
    return read_file(path, MAX_BYTES, "a text report", decode_text)


def decode_text(data: bytes) -> str:
    """Decode report bytes; GB18030 is tried after UTF-8 because it is a superset of GBK."""
    if not data.strip():
        raise ReadError("file is empty")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(data.decode(codec, errors="replace"))
    if b"\x00" in data[:4096]:
        raise ReadError("binary file, not a text report")
    for codec in ("utf-8", "gb18030"):
        try:
            return _checked(data.decode(codec))
        except UnicodeDecodeError:
            continue
    raise ReadError("text is neither UTF-8 nor GB18030/GBK")


def _checked(text: str) -> str:
    # Control characters other than line breaks, tabs and form feeds mean the bytes were
    # not text after all (GB18030 decodes almost anything without an error).
    if len(_CONTROL.findall(text, 0, 20000)) > 10:
        raise ReadError("binary file, not a text report")
    return text
