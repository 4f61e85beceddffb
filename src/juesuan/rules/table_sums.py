"""The sums of a table by its 类/款/项 rows, and what they show of which cell is wrong.

A cell printed wrong breaks every sum it is in: a 类 breaks its own (its 款) and its
total's (合计); a 项's 基本支出 breaks its row (本年支出合计 = 基本 + 项目) and its 款's
column. Each rule names the cell the other sums point at, never a right one beside it.
"""
from __future__ import annotations

import re

from juesuan.model.interval import Interval, total


def hierarchies(ctx) -> dict[int, tuple[list, dict]]:
    """(:func:`hierarchy_groups`, :func:`failed_hierarchy`) of each table, by the table's
    id: worked out once per report (``ctx.shared``) for the rules that read them."""
    found = {}
    for table in ctx.report.tables:
        groups = hierarchy_groups(table)
        found[id(table)] = (groups, failed_hierarchy(groups))
    return found


def hierarchy_groups(table) -> list[tuple]:
    """(parent row, its part rows) for every sum of the table's hierarchy that can be
    checked: the 类/款/项 tables, and the basic table's economic 类/款 rows where they carry
    codes; none where a part was not surely read."""
    every = [row for row in table.rows if row.code]
    coded = [row for row in every if not row.uncertain]
    if not table.spec.classified and not (table.spec.key == "basic" and coded):
        return []
    # Rows not read (the table goes on past its grid) may belong to the last row's
    # 类 and 款, and to the total.
    open_codes = _open_codes(table, coded)
    children_of = _children_by_code(every)
    groups = [(row, children_of.get(row.code, [])) for row in coded if row.code not in open_codes]
    whole = table.total_row()
    if whole is not None and not whole.uncertain and not table.continues:
        groups.append((whole, [row for row in every if len(row.code) == 3]))
    if table.spec.key == "basic" and not table.continues:
        groups.extend(economic_totals(table))
    # rows with figures but no code, not surely read: a child whose code was lost
    stray = [row.index for row in table.rows if row.uncertain and not row.code and row.cells and row is not whole]
    # a part whose figures were not surely read leaves the sum unknown
    return [(parent, children) for parent, children in groups
            if children and not any(child.uncertain for child in children)
            and not any(_within(parent, every, index) for index in stray)]


def failed_hierarchy(groups) -> dict:
    """{(id of the parent row, column): (the parent row, the sum of its parts, the part
    rows)} for each sum that fails, in table order (rows are not hashable)."""
    failed = {}
    for parent, children in groups:
        for key, number in parent.cells.items():
            parts = [child for child in children if key in child.cells]
            computed = total(child.cells[key].interval for child in parts)
            if not number.interval.meets(computed):
                failed[(id(parent), key)] = (parent, computed, parts)
    return failed


def explained_by_a_part(parent, key: str, failed: dict, column_sums) -> bool:
    """Whether one of the parts is printed wrong by just what makes this sum fail, as the
    part's own sums show. Put right, the part makes this sum hold: then only the part is
    wrong."""
    _, _, parts = failed[(id(parent), key)]
    return any(_holds_with(parent, key, parts, part, right)
               for part in parts for right in _right_values(part, key, failed, column_sums))


def wrong_part(row, total_key: str, part_keys, groups, failed: dict) -> tuple[str, Interval, bool] | None:
    """The part column of a row whose sum fails that is the wrong one, with its right value
    (the total less the other parts), where a sum down the column shows it, and whether
    that sum's own finding names it already: the row's lower rows give that value (the
    hierarchy names the row's cell), or the row's parent's sum holds with it put right."""
    whole, parts = row.cells[total_key], [k for k in part_keys if k in row.cells]
    parent = next((p for p, children in groups if any(child is row for child in children)), None)
    for key in parts:
        right = whole.interval - total(row.cells[k].interval for k in parts if k != key)
        own = failed.get((id(row), key))
        if own is not None and own[1].meets(right):
            return key, right, True
        above = failed.get((id(parent), key)) if parent is not None else None
        if above is not None and _holds_with(parent, key, above[2], row, right):
            return key, right, False
    return None


def named_by_its_row(row, key: str, right: Interval, column_sums) -> bool:
    """Whether the row's own column sums give the figure in ``key`` the same right value:
    the rule of those sums names the cell already."""
    return any(value.meets(right) for value in _right_values(row, key, {}, column_sums))


def _holds_with(parent, key: str, parts, part, right: Interval) -> bool:
    mended = total(right if child is part else child.cells[key].interval for child in parts)
    return parent.cells[key].interval.meets(mended)


def _right_values(row, key: str, failed: dict, column_sums) -> list[Interval]:
    """What the row's figure in ``key`` should be by each of its own sums that fails: the
    sum of its lower rows; the sum of its part columns where ``key`` is their total; the
    total less the other parts where ``key`` is a part."""
    right = []
    own = failed.get((id(row), key))
    if own is not None:
        right.append(own[1])
    if row.uncertain:
        return right
    for total_key, part_keys in column_sums:
        whole = row.cells.get(total_key)
        parts = [k for k in part_keys if k in row.cells]
        if whole is None or not parts or (key != total_key and key not in parts):
            continue
        computed = total(row.cells[k].interval for k in parts)
        if whole.interval.meets(computed):
            continue
        if key == total_key:
            right.append(computed)
        else:
            right.append(whole.interval - total(row.cells[k].interval for k in parts if k != key))
    return right


#: the 基本支出 table's two totals, each of the economic 类 of its half
_ECONOMIC_TOTALS = (("人员经费合计", "left"), ("公用经费合计", "right"))


def economic_totals(table) -> list:
    """(人员经费合计, the 类 rows of its half) and the same for 公用经费合计, where every row
    of the half was read with its code and every 款 printed comes under a 类 printed: then
    the total is the sum of the 类; else it is not checked."""
    groups = []
    for label, side in _ECONOMIC_TOTALS:
        half = [row for row in table.rows if row.side == side]
        totals = [row for row in half if re.sub(r"\s+", "", row.label) == label]
        rows = [row for row in half if row not in totals]
        if len(totals) != 1 or not rows or any(row.uncertain or not row.code for row in rows):
            continue
        classes = [row for row in rows if len(row.code) == 3]
        printed = {row.code for row in classes}
        if classes and all(row.code[:3] in printed for row in rows):
            groups.append((totals[0], classes))
    return groups


def _within(parent, coded, index: int) -> bool:
    """Whether a row (by its index) lies among a parent's descendants: after it, before the
    next coded row outside its code (the total: anywhere)."""
    if not parent.code:
        return True
    if index <= parent.index:
        return False
    after = (row.index for row in coded if row.index > parent.index and not row.code.startswith(parent.code))
    return index < min(after, default=index + 1)


def _children_by_code(coded) -> dict[str, list]:
    """The rows one level down (two more digits) under each code, in table order, found in
    one pass so that the rule stays linear in the rows of a very large table."""
    children: dict[str, list] = {}
    for row in coded:
        if len(row.code) > 2:
            children.setdefault(row.code[:-2], []).append(row)
    return children


def _open_codes(table, coded) -> set[str]:
    """The 类 and 款 the rows after the last one read may still belong to."""
    if not table.continues or not coded:
        return set()
    last = coded[-1].code
    return {last[:length] for length in (3, 5) if length < len(last)}


