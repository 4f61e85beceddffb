"""Name normalisation so that printed names compare equal to the standard ones.

Reports type names by hand: full-width and half-width brackets mix, quotes
come and go, words break across lines with spaces, and a level marker such
as "（类）" or "（210类）" may stay attached. Comparison is on the normalised
form only; messages always quote the name as given.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# NFKC already turns full-width （），：； into ASCII; these are the bracket
# shapes it leaves alone.
_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "[": "(", "]": ")"})
# Quotes are decoration ("“两房”建设" is printed with and without them).
_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』")
# A trailing level marker, optionally with the code digits: "(类)", "(210类)", "(01项)".
_MARKER = re.compile(r"\(\d*[类款项]\)$")
_EDGE_PUNCTUATION = ":,;.。、"


@lru_cache(maxsize=16384)
def normalize(name: str) -> str:
    """Return the comparison form of a 款 or 项 name."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(text.split())
    text = text.translate(_BRACKETS).translate(_QUOTES)
    text = text.strip(_EDGE_PUNCTUATION)
    text = _MARKER.sub("", text)
    return text.strip(_EDGE_PUNCTUATION)


@lru_cache(maxsize=4096)
def lei_key(name: str) -> str:
    """Return the comparison form of a 类 name.

    Reports write "公共安全类支出" and "一般公共服务" for "公共安全支出" and
    "一般公共服务支出", so "类支出" folds to "支出", a bare trailing "类" goes,
    and the trailing "支出" every 类 carries is dropped on both sides.
    """
    text = normalize(name).replace("类支出", "支出")
    text = text.removesuffix("类")
    if text.endswith("支出") and len(text) > 2:
        text = text[:-2]
    return text


def alternate(key: str) -> str | None:
    """The same normalised name with its trailing "支出" dropped or added.

    Staff often drop the "支出" of "其他…支出" items ("其他污染防治"); a few
    standard names lack it where one would expect it ("其他进修及培训").
    """
    if key.endswith("支出"):
        return key[:-2] or None
    return key + "支出" if key else None
