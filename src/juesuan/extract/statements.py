"""Group figures into statements: a quantity and the share, change and budget said of it."""
from __future__ import annotations

from juesuan.extract.concepts import concept_of
from juesuan.extract.grammar import COMPARED, clean_label
from juesuan.extract.mentions import Mention
from juesuan.model.number import MONEY_UNITS
from juesuan.model.report import Statement

_QUALIFIERS = ("share", "variance", "completion")
_SENTENCE_END = "。；;"
_SENTENCE_REACH = 300
#: the attribute that holds the direction of a change or a growth rate (named once: a
#: name made anew for every figure is hashed anew too)
SIGN_OF = {"change": "change_sign", "growth": "growth_sign"}


def _budgeted_already(statement: Statement, mention: Mention) -> bool:
    """Whether ``statement`` holds a budget of the kind ``mention`` gives: then the budget
    begins the next item ("…完成年初预算的 98.96%。2、…年初预算为 380.00 万元"), whose
    budget, final figure and rate must not be paired with the item before."""
    if mention.base is None:
        return statement.budget is not None and not statement.budgets
    return mention.base in statement.budgets


class Assembler:
    """Feeds mentions of one section at a time into statements."""

    def __init__(self, text: str):
        self.text = text
        self.statements: list[Statement] = []
        self.current: Statement | None = None
        self.whole: int | None = None     # index of the statement a "其中" list breaks down
        self.whole_until = -1

    def reset(self) -> None:
        self.current = None
        self.whole = None

    def feed(self, mention: Mention, section: str | None, subsection: str | None) -> None:
        role = mention.role
        if role == "percent":
            return              # a percentage that is no share, rate or variance: nothing to check
        current = self.current
        if role in ("amount", "count"):
            if mention.label or current is None:
                self._open(mention, section, subsection)
                setattr(self.current, role, mention.number)
            elif getattr(current, role) is None:
                setattr(current, role, mention.number)
        elif role == "budget":
            if mention.label or current is None or _budgeted_already(current, mention):
                self._open(mention, section, subsection)
            self._set_budget(self.current, mention)
        elif role == "final":
            if current is not None and current.budget is not None and current.final is None:
                current.final = mention.number
            elif mention.label or current is None or current.final is not None:
                self._open(mention, section, subsection)
                self.current.amount = mention.number
            elif current.amount is None:
                current.amount = mention.number
        elif role in ("change", "growth"):
            sentence_start = self._sentence_start(mention.number.start)
            in_sentence = current is not None and current.start >= sentence_start
            if not in_sentence:
                # "收入支出总体与上年相比，减少…": the subject opens the sentence.
                mention.label = mention.label or self._subject(sentence_start, mention.cue_start)
            again = not in_sentence and self._names_again(current, mention, role, sentence_start,
                                                          section, subsection)
            if current is None or (not in_sentence and mention.label and not again):
                self._open(mention, section, subsection)
            target = self.current
            if getattr(target, role) is None:
                setattr(target, role, mention.number)
                setattr(target, SIGN_OF[role], mention.sign)
        elif role in _QUALIFIERS and current is not None:
            self._set(current, role, mention)
            if role == "share":
                current.share_base = mention.base or None
            elif role == "completion" and current.completion is mention.number:
                current.completion_base = mention.base
        if self.current is not None:
            self.current.end = mention.number.end

    def _open(self, mention: Mention, section: str | None, subsection: str | None) -> None:
        start = mention.cue_start
        unit = mention.number.unit
        kind = "money" if unit in MONEY_UNITS else unit
        # (label, section, subsection, start, end, concept) in the order of the fields: a
        # class called with keywords has them passed through a dict, which costs about as
        # much as the rest of making the statement
        statement = Statement(mention.label, section, subsection, start, mention.number.end,
                              concept_of(section, subsection, mention.label, kind))
        if start > self.whole_until:
            self.whole = None
        if "其中" in self.text[max(start - 4, 0):start + 2] and self.current is not None:
            self.whole = len(self.statements) - 1
            self.whole_until = self._sentence_end(start)
        statement.parent = self.whole
        self.statements.append(statement)
        self.current = statement

    def _names_again(self, current: Statement | None, mention: Mention, role: str, sentence_start: int,
                     section: str | None, subsection: str | None) -> bool:
        """Whether a change names again, after "与上年相比", the quantity the sentence before
        stated ("…总计 4733.14 万元。与 2024 年度相比，…总计增加 90.09 万元"): it continues it."""
        if current is None or not mention.label or getattr(current, role) is not None \
                or (current.amount is None and current.count is None):
            return False
        if COMPARED.search(self.text, sentence_start, mention.cue_start) is None:
            return False
        if clean_label(mention.label) == clean_label(current.label):
            return True
        concept = concept_of(section, subsection, mention.label, "money" if mention.number.is_money else None)
        return concept is not None and concept == current.concept

    def _subject(self, sentence_start: int, cue_start: int) -> str:
        head = self.text[sentence_start:cue_start]
        compared = COMPARED.search(head)
        return clean_label(head[:compared.start()]) if compared else ""

    @staticmethod
    def _set_budget(statement: Statement, mention: Mention) -> None:
        if statement.budget is None:
            statement.budget, statement.budget_base = mention.number, mention.base
        if mention.base is not None:
            statement.budgets.setdefault(mention.base, mention.number)

    @staticmethod
    def _set(statement: Statement, role: str, mention: Mention) -> None:
        if getattr(statement, role) is None:
            setattr(statement, role, mention.number)

    def _sentence_start(self, offset: int) -> int:
        floor = max(offset - _SENTENCE_REACH, 0)
        return max(self.text.rfind(mark, floor, offset) for mark in _SENTENCE_END) + 1

    def _sentence_end(self, offset: int) -> int:
        position = self.text.find("。", offset, offset + _SENTENCE_REACH)
        return position if position >= 0 else len(self.text)
