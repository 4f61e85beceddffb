"""Sums and identities: totals against their parts, as the template defines them."""
from __future__ import annotations

from juesuan.model.quantities import identities
from juesuan.rules.arith import fmt_like, total
from juesuan.rules.registry import rule

#: (total, parts) the template says must add up, from its vocabulary of quantities
IDENTITIES: list[tuple[str, list[str]]] = identities()
_DEFINED = {}
for _total, _parts in IDENTITIES:
    if len(_parts) > 1 or "*" in _parts[0]:
        _DEFINED.setdefault(_total, _parts)


def _parts(ctx, names: list[str]) -> list[str]:
    expanded = []
    for name in names:
        if "*" in name:
            head, tail = name.split("*")
            expanded.extend(c for c in ctx.concepts if c.startswith(head) and c.endswith(tail))
        else:
            expanded.append(name)
    return expanded


def _stated(ctx, concept: str, attribute: str):
    """Every (interval, statement) that states a concept's value, budget or change."""
    found = []
    for statement in ctx.concepts.get(concept, ()):
        if attribute == "value" and statement.value is not None:
            found.append((ctx.value(statement), statement))
        elif attribute == "budget" and statement.budget is not None:
            found.append((ctx.money(statement, statement.budget), statement))
        elif attribute == "change" and statement.change is not None:
            interval = ctx.money(statement, statement.change)
            found.append((-interval if statement.change_sign < 0 else interval, statement))
    return found


def _attribute(ctx, concept: str, attribute: str, depth: int = 0):
    """(interval, statement) for a concept's value, budget or change; parts fill a gap."""
    stated = _stated(ctx, concept, attribute)
    if stated:
        return stated[0]
    if concept in _DEFINED and depth < 3:
        found = [_attribute(ctx, part, attribute, depth + 1) for part in _parts(ctx, _DEFINED[concept])]
        if all(item is not None for item in found):
            return total(item[0] for item in found), None
    return None


@rule("S101", "sum-identity", "sums", "error",
      "A total equals the sum of its parts (收入总计 = 本年收入合计 + 结转结余, 三公 = 出国 + 公车 + 接待, …)",
      fail="""
七、财政拨款“三公”经费支出决算情况说明
2023年度财政拨款“三公”经费支出 60.00 万元。其中：因公出国（境）费支出 10.00 万元；公务用车购置及运行维护费支出 30.00 万元；公务接待费支出 15.00 万元。
""",
      passes="""
七、财政拨款“三公”经费支出决算情况说明
2023年度财政拨款“三公”经费支出 55.00 万元。其中：因公出国（境）费支出 10.00 万元；公务用车购置及运行维护费支出 30.00 万元；公务接待费支出 15.00 万元。
""")
def sum_identity(ctx):
    index_of = {id(statement): index for index, statement in enumerate(ctx.report.statements)}
    for concept, names in IDENTITIES:
        parts = None
        for attribute in ("value", "budget", "change"):
            wholes = _stated(ctx, concept, attribute)
            if not wholes:
                continue
            if parts is None:           # the same for the three attributes
                parts = _parts(ctx, names)
            found = [_attribute(ctx, part, attribute) for part in parts]
            if attribute == "value" and not _broken_down(index_of, wholes, found):
                # A part the text leaves out is the one its table gives; where no table
                # gives it the sum is unknown, never a sum with that part taken as zero.
                found = [item or _from_table(ctx, part) for part, item in zip(parts, found)]
                if any(item is None for item in found):
                    continue
            present = [item for item in found if item is not None]
            if not present:
                continue
            # A change or budget missing beside a stated part makes the sum unknown.
            if attribute != "value" and len(present) < len(found):
                if any(_attribute(ctx, part, "value") for part, item in zip(parts, found) if item is None):
                    continue
            computed = total(item[0] for item in present)
            # A total stated twice differently is R101's finding; here one right one suffices.
            if any(interval.meets(computed) for interval, _ in wholes):
                continue
            if attribute == "value" and _tables_settle(ctx, concept, parts, found, wholes):
                continue
            statement = wholes[0][1]
            number = {"value": statement.value, "budget": statement.budget,
                      "change": statement.change}[attribute]
            stated = number.text
            expected = fmt_like(computed.mid, number)
            if attribute == "change" and statement.change_sign < 0:
                expected = fmt_like(-computed.mid, number)
            names_text = " + ".join(p.split("#")[0] for p in parts) if len(parts) > 1 else parts[0].split("#")[0]
            what = {"value": "", "budget": "的预算数", "change": "的变动额"}[attribute]
            yield ctx.finding(number.start, number.end,
                              f"{concept.split('#')[0]}{what} {stated} 与 {names_text} 之和 {expected} 不符",
                              stated, expected, quote=ctx.span(statement))


def _broken_down(index_of: dict[int, int], wholes, found) -> bool:
    """Whether the text lists the parts under the whole ("本年收入 X 万元，其中：…"): the
    list then names every part there is ("不涉及的不列"), and one it leaves out is 0.
    ``index_of`` maps a statement's id to its index among the report's statements."""
    indexes = {index_of[id(whole)] for _, whole in wholes if id(whole) in index_of}
    return any(item is not None and item[1] is not None and item[1].parent in indexes for item in found)


def _tables_settle(ctx, concept: str, parts, found, wholes) -> bool:
    """Whether the tables say the total is right and a part is not: the total is its
    table's figure, and the parts as their tables give them add up to it. The part printed
    unlike its table is then the wrong one (T301 names it), not the total."""
    whole = _from_table(ctx, concept)
    if whole is None or not any(interval.meets(whole[0]) for interval, _ in wholes):
        return False
    mended = [_from_table(ctx, part) or item for part, item in zip(parts, found)]
    if None in mended:
        return False
    return any(interval.meets(total(item[0] for item in mended)) for interval, _ in wholes)


def _from_table(ctx, concept: str):
    """(interval, None) for a part a table gives, or None."""
    from juesuan.rules.tables import table_value   # imported here: rules register in module order

    interval = table_value(ctx, concept)
    return (interval, None) if interval is not None else None


def parts_sum(ctx, concept: str):
    """The sum of a total's parts, when the template defines the total and parts are stated."""
    if concept not in _DEFINED:
        return None
    found = [_attribute(ctx, part, "value") for part in _parts(ctx, _DEFINED[concept])]
    present = [item for item in found if item is not None]
    return total(item[0] for item in present) if present else None


@rule("S102", "parts-exceed-whole", "sums", "error",
      "Parts listed after 其中 add up to no more than the whole they break down",
      fail="""
十、其他重要事项的情况说明
（二）政府采购情况
授予中小企业合同金额 50.00 万元，其中：授予小微企业合同金额 60.00 万元。
""",
      passes="""
十、其他重要事项的情况说明
（二）政府采购情况
授予中小企业合同金额 50.00 万元，其中：授予小微企业合同金额 40.00 万元。
""")
def parts_exceed_whole(ctx):
    statements = ctx.report.statements
    identity_totals = {name for name, _ in IDENTITIES}
    children: dict[int, list] = {}
    for statement in statements:
        if statement.parent is not None and statement.value is not None:
            children.setdefault(statement.parent, []).append(statement)
    for index, parts in children.items():
        whole = statements[index]
        if whole.value is None or whole.concept in identity_totals:
            continue
        kind = whole.value.unit if not whole.value.is_money else "money"
        same = [p for p in parts if (p.value.unit if not p.value.is_money else "money") == kind]
        if not same:
            continue
        computed = total(ctx.value(p) for p in same)
        limit = ctx.value(whole)
        if computed.lo > limit.hi:
            yield ctx.finding(whole.value.start, whole.value.end,
                              f"“{whole.label}”{whole.value.text} 小于其中所列各项之和 {fmt_like(computed.mid, whole.value)}",
                              whole.value.text, fmt_like(computed.mid, whole.value),
                              quote=(whole.start, same[-1].end))
