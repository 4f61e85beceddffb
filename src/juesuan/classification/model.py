"""Value types of the expenditure functional classification (支出功能分类)."""

from __future__ import annotations

from dataclasses import dataclass

# Code length decides the level: 类 3 digits, 款 5, 项 7.
_LEVEL_BY_LENGTH = {3: "类", 5: "款", 7: "项"}


@dataclass(frozen=True)
class Entry:
    """One line of the classification: a 类, 款 or 项 with its code and names.

    ``former_names`` are earlier-edition or common variant names that denote the
    same line; matching them is allowed but reported.
    """

    code: str
    name: str
    former_names: tuple[str, ...] = ()

    @property
    def level(self) -> str:
        """"类", "款" or "项", from the length of the code."""
        return _LEVEL_BY_LENGTH[len(self.code)]

    @property
    def parent_code(self) -> str | None:
        """Code of the line above (类 for a 款, 款 for a 项); None for a 类."""
        if len(self.code) == 3:
            return None
        return self.code[:-2]


@dataclass(frozen=True)
class Problem:
    """Why a name given for one level does not fit the edition as written.

    kind is one of:
    - "unknown": the name is not a line of that level under that parent, nor anywhere;
    - "wrong-parent": the name exists, but under another parent (``suggestion``
      names the right parent chain when it is unambiguous);
    - "former-name": matched only through an outdated or non-standard name
      (``suggestion`` is the current name).
    """

    level: str
    kind: str
    name: str
    message: str
    suggestion: str | None = None


@dataclass(frozen=True)
class Resolution:
    """What a 类/款/项 name triple denotes in the edition, and what is wrong with it.

    Entries are the lines the names denote even when a problem was found (for a
    wrong-parent 款, ``kuan`` is the 款 of that name under its real 类), so that
    callers can still use the codes; ``problems`` says what to correct.
    """

    lei: Entry | None = None
    kuan: Entry | None = None
    xiang: Entry | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def code(self) -> str | None:
        """Code of the deepest resolved line, or None when nothing resolved."""
        for entry in (self.xiang, self.kuan, self.lei):
            if entry is not None:
                return entry.code
        return None

    @property
    def ok(self) -> bool:
        """True when the names resolved without any problem."""
        return not self.problems
