"""Resolve printed 类/款/项 names to lines of the classification.

All indexes are built once; a resolution is a handful of dict look-ups, since
it runs for every line of every report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Entry, Problem, Resolution
from .normalize import alternate, lei_key, normalize

# How a name matched: its current name, a former or variant name recorded in
# the table, or the current name with "支出" dropped or added.
_EXACT, _FORMER, _VARIANT = "exact", "former", "variant"


@dataclass(frozen=True)
class _Hit:
    entry: Entry
    how: str


def _label(entry: Entry) -> str:
    return f"“{entry.name}”（{entry.code}）"


def _chain(entry: Entry, by_code: dict[str, Entry]) -> str:
    """The parent chain of ``entry`` plus itself, e.g. "一般公共服务支出（201）> 宣传事务（20133）"."""
    codes = [entry.code[:n] for n in (3, 5, 7) if n <= len(entry.code)]
    return " > ".join(f"{by_code[c].name}（{c}）" for c in codes)


class Classification:
    """One edition of the expenditure functional classification, with name look-ups."""

    def __init__(self, entries: Iterable[Entry], edition: str = "") -> None:
        self.edition = edition
        self._by_code: dict[str, Entry] = {}
        self._children: dict[str, list[Entry]] = defaultdict(list)
        self._lei: dict[str, _Hit] = {}
        self._child: dict[tuple[str, str], _Hit] = {}
        self._anywhere: dict[str, dict[str, list[_Hit]]] = {"款": defaultdict(list), "项": defaultdict(list)}
        entries = list(entries)
        for entry in entries:
            self._by_code[entry.code] = entry
            self._children[entry.parent_code or ""].append(entry)
        # Current names first, so a former name never shadows a current one.
        for how in (_EXACT, _FORMER):
            for entry in entries:
                names = (entry.name,) if how == _EXACT else entry.former_names
                for name in names:
                    self._index(entry, name, how)

    def _index(self, entry: Entry, name: str, how: str) -> None:
        hit = _Hit(entry, how)
        if entry.level == "类":
            self._lei.setdefault(lei_key(name), hit)
            return
        key = normalize(name)
        self._child.setdefault((entry.parent_code, key), hit)
        bucket = self._anywhere[entry.level][key]
        if all(h.entry is not entry for h in bucket):
            bucket.append(hit)

    # -- plain look-ups ---------------------------------------------------

    def by_code(self, code: str) -> Entry | None:
        """The line with this code, or None."""
        return self._by_code.get(code)

    def children(self, code: str) -> list[Entry]:
        """Lines directly under ``code`` in code order; "" gives the 类."""
        return sorted(self._children.get(code, ()), key=lambda e: e.code)

    def lei_by_name(self, name: str) -> Entry | None:
        """The 类 a name denotes, tolerating variants and former names."""
        hit = self._lei.get(lei_key(name))
        return hit.entry if hit else None

    def entries(self) -> list[Entry]:
        """All lines in code order."""
        return sorted(self._by_code.values(), key=lambda e: e.code)

    # -- tolerant look-ups ------------------------------------------------

    def _child_hit(self, parent: str, name: str) -> _Hit | None:
        key = normalize(name)
        hit = self._child.get((parent, key))
        if hit is None:
            alt = alternate(key)
            found = self._child.get((parent, alt)) if alt else None
            hit = _Hit(found.entry, _VARIANT) if found else None
        return hit

    def _hits_anywhere(self, level: str, name: str) -> list[_Hit]:
        key = normalize(name)
        hits = self._anywhere[level].get(key)
        if hits:
            return hits
        alt = alternate(key)
        return [_Hit(h.entry, _VARIANT) for h in self._anywhere[level].get(alt, ())] if alt else []

    # -- resolution -------------------------------------------------------

    def resolve(self, lei: str | None, kuan: str | None = None, xiang: str | None = None) -> Resolution:
        """Resolve a 类/款/项 name triple as printed in a report.

        A 项 is looked up under its 款 only ("行政运行" exists under dozens of
        款). When the 款 is not a 款 at all, the 项 is searched under the 类
        and accepted only when unique there.
        """
        problems: list[Problem] = []
        lei_entry = kuan_entry = xiang_entry = None
        if lei:
            hit = self._lei.get(lei_key(lei))
            if hit is None:
                message = f"类“{lei}”不是{self._edition_phrase()}支出功能分类中的类"
                problems.append(Problem("类", "unknown", lei, message))
            else:
                lei_entry = hit.entry
                self._note_renamed("类", lei, hit, problems)
        if kuan:
            kuan_entry, xiang_entry = self._resolve_kuan(lei_entry, kuan, xiang, problems)
        if xiang and xiang_entry is None:
            xiang_entry = self._resolve_xiang(lei_entry, kuan_entry, kuan, xiang, problems)
        return Resolution(lei_entry, kuan_entry, xiang_entry, tuple(problems))

    def _resolve_kuan(
        self, lei: Entry | None, kuan: str, xiang: str | None, problems: list[Problem]
    ) -> tuple[Entry | None, Entry | None]:
        if lei is not None:
            hit = self._child_hit(lei.code, kuan)
            if hit is not None:
                self._note_renamed("款", kuan, hit, problems)
                return hit.entry, None
        # A 款 named like its own 类 ("住房保障支出（类）住房保障支出（款）") repeats the 类:
        # a 款 of that name under another 类 is not what the line means.
        repeats_lei = lei is not None and lei_key(kuan) == lei_key(lei.name)
        hits = [] if repeats_lei else self._hits_anywhere("款", kuan)
        if hits:
            if lei is None:
                # No usable 类 to check against: accept the 款 when its name is unique.
                if len(hits) == 1:
                    self._note_renamed("款", kuan, hits[0], problems)
                    return hits[0].entry, None
                return None, None
            return self._wrong_parent_kuan(lei, kuan, hits, problems), None
        if xiang and lei is not None:
            located = self._unique_xiang_in_lei(lei, xiang)
            if located is not None:
                right_kuan = self._by_code[located.entry.parent_code]
                problems.append(Problem(
                    "项", "wrong-parent", xiang,
                    f"“{kuan}”不是“{lei.name}”下的款；项“{xiang}”应在{_label(right_kuan)}下",
                    _chain(right_kuan, self._by_code),
                ))
                self._note_renamed("项", xiang, located, problems)
                return right_kuan, located.entry
        where = f"不在“{lei.name}”（{lei.code}）下，也不是本版科目中的款" if lei else "不是本版科目中的款"
        if repeats_lei:
            where = f"是类的名称，不是“{lei.name}”（{lei.code}）下的款"
        elif self._hits_anywhere("项", kuan):
            where += "（它是项的名称）"
        problems.append(Problem("款", "unknown", kuan, f"款“{kuan}”{where}"))
        return None, None

    def _wrong_parent_kuan(self, lei: Entry, kuan: str, hits: list[_Hit], problems: list[Problem]) -> Entry | None:
        parents = [self._by_code[h.entry.parent_code] for h in hits]
        if len(hits) == 1:
            message = f"款“{kuan}”不属于“{lei.name}”，应在{_label(parents[0])}下"
            problems.append(Problem("款", "wrong-parent", kuan, message, _chain(parents[0], self._by_code)))
            return hits[0].entry
        places = "、".join(_label(p) for p in parents)
        message = f"款“{kuan}”不属于“{lei.name}”，本版中它在{places}下"
        problems.append(Problem("款", "wrong-parent", kuan, message, places))
        return None

    def _resolve_xiang(
        self, lei: Entry | None, kuan: Entry | None, kuan_given: str | None, xiang: str, problems: list[Problem]
    ) -> Entry | None:
        if kuan is None:
            if kuan_given or lei is None:
                return None  # the 款 problem is already reported; a 项 means nothing without it
            located = self._unique_xiang_in_lei(lei, xiang)
            if located is None:
                return None
            self._note_renamed("项", xiang, located, problems)
            return located.entry
        hit = self._child_hit(kuan.code, xiang)
        if hit is not None:
            self._note_renamed("项", xiang, hit, problems)
            return hit.entry
        hits = self._hits_anywhere("项", xiang)
        if not hits:
            problems.append(Problem("项", "unknown", xiang, f"项“{xiang}”不在{_label(kuan)}下，也不是本版科目中的项"))
            return None
        # Prefer a home in the same 类; a generic name ("行政运行") has many.
        same_lei = [h for h in hits if h.entry.code[:3] == kuan.code[:3]]
        candidates = same_lei or hits
        if len(candidates) == 1:
            right_kuan = self._by_code[candidates[0].entry.parent_code]
            message = f"项“{xiang}”不属于“{kuan.name}”，应在{_label(right_kuan)}下"
            problems.append(Problem("项", "wrong-parent", xiang, message, _chain(right_kuan, self._by_code)))
            return candidates[0].entry
        message = f"项“{xiang}”不属于{_label(kuan)}；本版中这个项只在其他款下"
        problems.append(Problem("项", "wrong-parent", xiang, message))
        return None

    def _unique_xiang_in_lei(self, lei: Entry, xiang: str) -> _Hit | None:
        hits = [h for h in self._hits_anywhere("项", xiang) if h.entry.code.startswith(lei.code)]
        return hits[0] if len(hits) == 1 else None

    def _note_renamed(self, level: str, name: str, hit: _Hit, problems: list[Problem]) -> None:
        # A variant of the current name ("其他污染防治" without its 支出) is how reports
        # abbreviate, and stays quiet; only a name of an earlier edition is worth a note.
        if hit.how != _FORMER:
            return
        message = f"{level}“{name}”是旧称或非规范名称，现行名称为{_label(hit.entry)}"
        problems.append(Problem(level, "former-name", name, message, hit.entry.name))

    def _edition_phrase(self) -> str:
        return f"《{self.edition}》" if self.edition else "本版"
