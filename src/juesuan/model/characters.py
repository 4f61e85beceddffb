"""Characters of printed text: the full-width forms a report mixes with ASCII."""
from __future__ import annotations

import re

# Full-width ASCII variants become ASCII one for one, so offsets stay put. The CJK
# punctuation (，：；（）) is kept: the grammar reads both forms.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}          # ０-９
_WIDTH.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})    # Ａ-Ｚ
_WIDTH.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})    # ａ-ｚ
_WIDTH.update({ord("％"): "%", ord("．"): ".", ord("＋"): "+", ord("－"): "-",
               ord("＝"): "=", ord("＞"): ">", ord("＜"): "<", ord("\u3000"): " ",
               ord("\xa0"): " "})
# str.translate looks every character up in a dict; substituting only the few characters
# that change is several times faster on CJK text.
_WIDE = re.compile("[" + "".join(chr(code) for code in sorted(_WIDTH)) + "]")
_NARROW = {chr(code): chr(value) if isinstance(value, int) else value for code, value in _WIDTH.items()}


def narrow(text: str) -> str:
    """Full-width digits, letters and signs as ASCII; same length, so offsets stay put."""
    return _WIDE.sub(lambda match: _NARROW[match.group()], text)
