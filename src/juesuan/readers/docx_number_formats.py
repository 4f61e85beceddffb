"""Word's number formats (w:numFmt): a list counter written as Word writes it.

Formats Word writes differently from what one might guess: chineseCounting spells 1-99
with 十 (十, 十一, 二十一) and writes larger numbers digit by digit (一〇〇), where
chineseCountingThousand spells them out (一百, 一百〇一); ideographDigital is digit by
digit (一〇); circled numbers stop at ⑳ and 甲乙丙 at 癸, digits following. Unknown
formats are written in digits.
"""
from __future__ import annotations

#: a counter beyond this is not a list a report has; it is printed in digits (and a huge
#: w:start cannot make a letter format repeat a letter millions of times)
_LARGEST = 99_999

_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def format_number(value: int, number_format: str) -> str:
    """``value`` written in one of Word's number formats (unknown formats in digits)."""
    if number_format == "none":
        return ""
    if number_format == "decimalZero":
        return f"{value:02d}" if 0 <= value < 10 else str(value)
    if number_format.startswith("zero-padded:"):
        return str(value).zfill(int(number_format.split(":")[1]))
    if value < 1 or value > _LARGEST:
        return str(value)
    writer = _WRITERS.get(number_format)
    return writer(value) if writer is not None else str(value)


def _chinese(value: int, digits: str = _DIGITS, units: str = "十百千", ten_thousand: str = "万",
             zero: str = "〇", lone_ten: bool = True) -> str:
    """Counting with units: 十, 十一, 二十一, 一百, 一百〇一, 一千〇一十, 一万二千."""
    if value >= 10_000:
        high, low = divmod(value, 10_000)
        text = _chinese(high, digits, units, ten_thousand, zero, lone_ten) + ten_thousand
        if low:
            text += (zero if low < 1000 else "") + _chinese(low, digits, units, ten_thousand, zero, False)
        return text
    text, gap = "", False
    for place, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = value // place % 10
        if digit == 0:
            gap = gap or bool(text)
            continue
        if gap:
            text += zero
            gap = False
        if unit == units[0] and digit == 1 and not text and lone_ten:
            text += unit
        else:
            text += digits[digit] + unit
    return text


def _chinese_counting(value: int) -> str:
    # Word spells 1-99 with 十 and writes larger numbers digit by digit (100: 一〇〇)
    return _chinese(value) if value < 100 else _digit_by_digit(value)


def _digit_by_digit(value: int) -> str:
    return "".join(_DIGITS[int(d)] for d in str(value))


def _japanese(value: int) -> str:
    """Japanese counting: no 一 before 十, 百 or 千 and no zeros (百一, 二千二十五)."""
    if value >= 10_000:
        high, low = divmod(value, 10_000)
        return _japanese(high) + "万" + (_japanese(low) if low else "")
    text = ""
    for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // place % 10
        if digit:
            text += ("" if digit == 1 and unit else _DIGITS[digit]) + unit
    return text


def _letters(value: int, first: str) -> str:
    # Word repeats the letter: Z, AA, BB (not Excel's AA, AB)
    return chr(ord(first) + (value - 1) % 26) * ((value - 1) // 26 + 1)


def _roman(value: int) -> str:
    if value > 3999:
        return str(value)
    text = ""
    for amount, symbol in _ROMAN:
        count, value = divmod(value, amount)
        text += symbol * count
    return text


def _ordinal(value: int) -> str:
    ending = "th" if value % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{ending}"


def _from(first: int, count: int):
    """Numbers drawn as one character each of a run of code points, digits beyond it."""
    return lambda value: chr(first + value - 1) if value <= count else str(value)


def _cycle(characters: str):
    """Numbers drawn as one of a few characters (甲乙丙), digits beyond them."""
    return lambda value: characters[value - 1] if value <= len(characters) else str(value)


_WRITERS = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalFullWidth": lambda value: "".join(chr(0xFF10 + int(d)) for d in str(value)),
    "decimalFullWidth2": lambda value: "".join(chr(0xFF10 + int(d)) for d in str(value)),
    "decimalEnclosedCircle": _from(0x2460, 20),
    "decimalEnclosedCircleChinese": _from(0x2460, 20),
    "decimalEnclosedFullstop": _from(0x2488, 20),
    "decimalEnclosedParen": _from(0x2474, 20),
    "ideographEnclosedCircle": _from(0x3220, 10),
    "upperRoman": _roman,
    "lowerRoman": lambda value: _roman(value).lower(),
    "upperLetter": lambda value: _letters(value, "A"),
    "lowerLetter": lambda value: _letters(value, "a"),
    "ordinal": _ordinal,
    "chineseCounting": _chinese_counting,
    "taiwaneseCounting": _chinese_counting,
    "chineseCountingThousand": _chinese,
    "taiwaneseCountingThousand": lambda value: _chinese(value, ten_thousand="萬"),
    "chineseLegalSimplified": lambda value: _chinese(value, _LEGAL_DIGITS, "拾佰仟", "万", "零", False),
    "ideographLegalTraditional": lambda value: _chinese(value, "零壹貳參肆伍陸柒捌玖", "拾佰仟", "萬", "零", False),
    "ideographDigital": _digit_by_digit,
    "taiwaneseDigital": _digit_by_digit,
    "japaneseDigitalTenThousand": _digit_by_digit,
    "japaneseCounting": _japanese,
    "ideographTraditional": _cycle(_STEMS),
    "ideographZodiac": _cycle(_BRANCHES),
    "ideographZodiacTraditional": lambda value: _STEMS[(value - 1) % 10] + _BRANCHES[(value - 1) % 12],
}
