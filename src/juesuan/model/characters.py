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
# A figure typed with the Chinese comma between its thousands ("5，363.35"). That comma is
# also the clause break, so only groups that run into decimals are a figure's: a list of
# figures prints each with its decimals ("100.00，200.50"), never a bare three digits.
_THOUSANDS = re.compile(r"(?<![0-9.,])[0-9]{1,3}(?:，[0-9]{3})+(?=\.[0-9])")
#: what any such figure holds: sought first, as a pattern that opens with a digit is tried
#: at every character of the text
_THOUSANDS_HINT = re.compile(r"，[0-9]{3}\.")


def narrow(text: str) -> str:
    """Full-width digits, letters and signs as ASCII, and a Chinese comma between a
    figure's thousands as ","; same length, so offsets stay put."""
    text = _WIDE.sub(lambda match: _NARROW[match.group()], text)
    if _THOUSANDS_HINT.search(text) is not None:
        text = _THOUSANDS.sub(lambda match: match.group().replace("，", ","), text)
    return text


#: the CJK characters of the template's words, and the spaces a line is spread with
_HAN = "\u4e00-\u9fff"
_SPACES = " \u3000\xa0"
_GAP = f"[{_SPACES}]{{1,3}}"
#: a CJK character standing alone (no CJK character next to it): in a line printed
#: letter-spaced, as a title or heading set with spread-out letters comes out of a PDF or a
#: document ("部 门 职 责", "收 入 支 出 决 算 总 表"), most of them do
_ALONE = re.compile(f"(?<![{_HAN}])[{_HAN}](?![{_HAN}])")
_CJK = re.compile(f"[{_HAN}]")
#: two characters alone in a row (the second of a letter-spaced run): sought first, since a
#: pattern that opens with a CJK character is tried at most characters of a report
_PAIR_AFTER_SPACE = f"[{_HAN}]{_GAP}[{_HAN}](?![{_HAN}])"
_LETTER_SPACED_HINT = re.compile(f"[{_SPACES}]{_PAIR_AFTER_SPACE}")
#: the same, one pattern for each space the pair opens with, to tell whether a whole text
#: holds one: a pattern that opens with one character is sought at a string search's
#: speed, one that opens with a class is tried at every character (three passes of the
#: first kind take a third of the time of one of the second; in a short line the calls
#: cost more than the pass, and the one pattern serves)
_LETTER_SPACED_HINTS = tuple(re.compile(space + _PAIR_AFTER_SPACE) for space in _SPACES)
#: a space between two characters that are not ASCII (CJK, its punctuation, full-width forms)
_WIDE_GAP = re.compile(rf"(?<=[^\x00-\x7f]){_GAP}(?=[^\x00-\x7f])")
#: three CJK characters or more in a row, each alone between spaces
_RUN = re.compile(f"(?<![{_HAN}])[{_HAN}](?:{_GAP}[{_HAN}](?![{_HAN}])){{2,}}")
#: the heads of the three code columns (类 款 项) stand apart by right, not letter-spaced
_CODE_HEADS = frozenset("类款项")


def unspaced(text: str) -> str:
    """``text`` with its letter-spaced lines written close ("部 门 职 责" → "部门职责"), so
    that a heading or a table's title is known however it was spread. Only spaces inside
    a line go, so every line keeps its number."""
    if not any(hint.search(text) is not None for hint in _LETTER_SPACED_HINTS):
        return text
    lines = text.split("\n")
    changed = False
    for index, line in enumerate(lines):
        if _LETTER_SPACED_HINT.search(line) is not None:
            # a whole line spread, or a run of three characters or more in a line
            # ("第一部分  部 门 概 况")
            lines[index] = _year_closed(_WIDE_GAP.sub(_closed, line)) if _letter_spaced(line) \
                else _RUN.sub(_run_closed, line)
            changed = True
    return "\n".join(lines) if changed else text


#: a year spread with the letters of its line ("2 0 2 3 年 度" → "2023年度")
_SPREAD_YEAR = re.compile(f"(?:(?<=[{_HAN}]){_GAP})?(?<![\\d.,])(2){_GAP}(0){_GAP}(\\d){_GAP}(\\d)"
                          f"[{_SPACES}]{{0,3}}(?=年)")


def _year_closed(line: str) -> str:
    return _SPREAD_YEAR.sub(lambda year: "".join(year.groups()), line)


def _letter_spaced(line: str) -> bool:
    """Three CJK characters or more stand alone, and two thirds of the line's at least
    (a table's row "类 款 项 合计 …" is no letter-spaced line)."""
    alone = len(_ALONE.findall(line))
    return alone >= 3 and 3 * alone >= 2 * len(_CJK.findall(line))


def _closed(gap: re.Match) -> str:
    text, start, end = gap.string, gap.start(), gap.end()
    return gap.group() if text[start - 1] in _CODE_HEADS and text[end] in _CODE_HEADS else ""


def _run_closed(run: re.Match) -> str:
    closed = _WIDE_GAP.sub("", run.group())
    return run.group() if _CODE_HEADS.issuperset(closed) else closed
