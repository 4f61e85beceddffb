"""A pattern's matches over a whole report, found from the few characters they can open with.

The regex engine finds a pattern that opens with one literal character at the speed of a
string search, but one that opens with a choice ("增加|减少|…", "[主用]") is tried at
every position: about as slow on a report's 30,000 characters as a dozen passes of
``str.find``. Most whole-text patterns of the checker open with a handful of CJK
characters that occur a few dozen times in a report; :func:`finditer` looks for those
characters with ``str.find`` and tries the pattern only where one stands. It gives the
very matches of ``pattern.finditer``: the characters a match can open with are read
from the pattern itself, and a pattern that does not tell (a class like ``\\d``, ``.``,
a part that may match nothing) is scanned as usual.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

try:                                    # the parser of the re module (3.11 on)
    from re import _constants as _c
    from re import _parser
except ImportError:                     # pragma: no cover - Python before 3.11
    import sre_constants as _c          # type: ignore[no-redef]
    import sre_parse as _parser         # type: ignore[no-redef]

#: more opening characters than this: their searches cost more than the scan saves
_MAX_FIRSTS = 16
#: more candidates than one in this many characters: the plain scan is quicker (trying
#: the pattern at a candidate costs about what scanning 80 characters does)
_DENSITY = 80
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}


def finditer(pattern: re.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
    """``pattern.finditer(text, pos, endpos)``, the same matches in the same order."""
    end = len(text) if endpos is None else min(endpos, len(text))
    openings = opening_strings(pattern) or first_characters(pattern)
    candidates = _candidates(text, openings, pos, end) if openings else None
    if candidates is None:
        yield from pattern.finditer(text, pos, end)
        return
    match_at = pattern.match
    free = pos
    for at in candidates:
        if at < free:
            continue            # inside the match before: finditer never overlaps
        match = match_at(text, at, end)
        if match is not None:
            free = match.end()
            yield match


#: characters that end a plain run of text in a pattern (a metacharacter or an escape)
_SPECIAL = frozenset("\\.^$*+?{}[]()|")
_QUANTIFIERS = frozenset("*+?{")


def one_character_opening(pattern: str) -> str:
    """``pattern`` with the plain characters it opens with after the first one written as
    a lookahead ("下降率?" as "下(?=降)降率?"), the same matches.

    The regex engine seeks a pattern that opens with one plain character by a quick loop
    over the text, and one that opens with several ("下降", "差异率") by a slower automaton:
    about twice the time over a report, for a pattern whose opening is rare. A lookahead
    takes no characters, so every match is the one the pattern as written has."""
    end = 0
    while end < len(pattern) and pattern[end] not in _SPECIAL:
        end += 1
    if end < len(pattern) and pattern[end] in _QUANTIFIERS:
        end -= 1        # the last plain character is repeated: not part of the opening
    if end < 2:
        return pattern
    return f"{pattern[0]}(?={pattern[1:end]}){pattern[1:]}"


def _candidates(text: str, firsts: frozenset[str], pos: int, end: int) -> list[int] | None:
    """Sorted offsets in [pos, end) of the opening characters (or strings); None when they
    are so many that scanning is quicker."""
    limit = (end - pos) // _DENSITY + 1
    found: list[int] = []
    find = text.find
    for char in firsts:
        literal = _literal(char)
        if literal is not None:
            found.extend([match.start() for match in literal.finditer(text, pos, end)])
            if len(found) > limit:
                return None
            continue
        at = find(char, pos, end)
        while at >= 0:
            found.append(at)
            if len(found) > limit:
                return None
            at = find(char, at + 1, end)
    found.sort()
    return found


@lru_cache(maxsize=None)
def _literal(opening: str) -> re.Pattern | None:
    """A pattern that finds every place of ``opening``, a string of several characters no
    two places of which can overlap (none of its beginnings is also its end), or None.

    On CJK text ``str.find`` seeks a string of several characters about half as fast as
    the regex engine seeks one from its first character (see one_character_opening); a
    single character it finds fastest of all. Matches never overlap, so the pattern finds
    every place only when the string's places cannot."""
    if len(opening) < 2 or any(opening[:size] == opening[-size:] for size in range(1, len(opening))):
        return None
    return re.compile(one_character_opening(re.escape(opening)))


@lru_cache(maxsize=None)
def first_characters(pattern: re.Pattern) -> frozenset[str] | None:
    """The characters every match of ``pattern`` opens with, or None when the pattern does
    not say (it may match nothing, opens with a wide class, ignores case…)."""
    parsed = _parsed(pattern)
    if parsed is None:
        return None
    found = _firsts(parsed)
    if found is None or found[1] or not found[0] or len(found[0]) > _MAX_FIRSTS:
        return None
    return frozenset(found[0])


@lru_cache(maxsize=None)
def opening_strings(pattern: re.Pattern) -> frozenset[str] | None:
    """The literal strings every match of ``pattern`` opens with, when it tells: fewer
    places hold "原因" or "主要是由于" than hold "原" or "主", and each place costs a try."""
    parsed = _parsed(pattern)
    if parsed is None:
        return None
    found = _strings(parsed, "")
    if found is None or "" in found or len(found) > _MAX_FIRSTS:
        return None
    return frozenset(found)


def _parsed(pattern: re.Pattern) -> list | None:
    """The items of a case-sensitive text pattern, or None when it cannot tell its openings."""
    if not isinstance(pattern.pattern, str) or pattern.flags & re.IGNORECASE:
        return None
    try:
        return list(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - an unreadable pattern is scanned as usual
        return None


#: the length of an opening string beyond which a longer one finds no fewer places
_MAX_OPENING = 8


def _strings(items: list, prefix: str) -> set[str] | None:
    """The literal strings a sequence of pattern items opens with, each after ``prefix``
    (``prefix`` alone where a literal opening ends); None when it does not tell."""
    if not items or len(prefix) >= _MAX_OPENING:
        return {prefix}
    (op, av), rest = items[0], items[1:]
    if op is _c.LITERAL:
        return _strings(rest, prefix + chr(av))
    if op in _ZERO_WIDTH:
        return _strings(rest, prefix)       # a look-around or an anchor takes no character
    if op is _c.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _strings(list(av[-1]) + rest, prefix)
    if op is _c.BRANCH:
        found: set[str] = set()
        for branch in av[1]:
            one = _strings(list(branch) + rest, prefix)
            if one is None:
                return None
            found |= one
            if len(found) > _MAX_FIRSTS:
                return None
        return found
    return {prefix}                         # anything else ends the literal opening


def _firsts(items) -> tuple[set[str], bool] | None:
    """(characters a sequence can open with, whether it can match nothing) or None."""
    chars: set[str] = set()
    for op, av in items:
        one = _first(op, av)
        if one is None:
            return None
        chars |= one[0]
        if not one[1]:
            return chars, False
    return chars, True


def _first(op, av) -> tuple[set[str], bool] | None:
    if op is _c.LITERAL:
        return {chr(av)}, False
    if op is _c.IN:
        return _class(av)
    if op is _c.SUBPATTERN:
        add_flags = av[1]
        return None if add_flags & re.IGNORECASE else _firsts(list(av[-1]))
    if op is _c.BRANCH:
        chars: set[str] = set()
        empty = False
        for branch in av[1]:
            one = _firsts(list(branch))
            if one is None:
                return None
            chars |= one[0]
            empty = empty or one[1]
        return chars, empty
    if op in _REPEATS:
        low, _, body = av
        one = _firsts(list(body))
        return None if one is None else (one[0], one[1] or low == 0)
    if op in _ZERO_WIDTH:
        # a look-around or an anchor only narrows where a match can be: the characters
        # that follow still open it
        return set(), True
    return None


def _class(items) -> tuple[set[str], bool] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < _MAX_FIRSTS:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        else:
            return None     # a negated class, a category (\d is every script's digits)
    return chars, False
