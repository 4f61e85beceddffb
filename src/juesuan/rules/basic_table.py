"""The 基本支出 table against the text that lists its classes and the 三公 table.

"人员经费 …万元，主要包括：基本工资、津贴补贴、奖金…" names the economic classes the money
went to; a class the table gives 0 did not take any. And the 基本支出 table's rows for
travel abroad, official reception and official cars are part of what the 三公 table
accounts for (basic and project spending together), so they are never above it.
"""
from __future__ import annotations

import re
from decimal import Decimal

from juesuan.extract.sections import section_at
from juesuan.model.interval import Interval
from juesuan.model.number import MONEY_UNITS
from juesuan.rules.arith import fmt_like
from juesuan.rules.registry import rule
from juesuan.rules.table_checks import row_name, table_finding

_BASIC_HEAD = ("一般公共预算财政拨款基本支出决算表\n单位：万元\n"
               "科目编码  科目名称  决算数  科目编码  科目名称  决算数\n")
_SANGONG_HEAD = ("财政拨款“三公”经费支出决算表\n单位：万元\n"
                 "合计  因公出国（境）费  公务用车购置及运行维护费  公务接待费\n"
                 "小计  公务用车购置费  公务用车运行维护费\n"
                 "预算数  决算数  预算数  决算数  预算数  决算数  预算数  决算数  预算数  决算数  预算数  决算数\n")

# -- the 基本支出 table's rows against the 三公 table ---------------------------------

#: a 基本支出 table row (by its economic code, or failing that its name) and the 三公
#: table column that accounts for the same expense
_SANGONG_ROWS = (("30212", "因公出国（境）", "因公出国（境）费"), ("30217", "公务接待费", "公务接待费"),
                 ("30231", "公务用车运行维护费", "公务用车运行维护费"), ("31013", "公务用车购置", "公务用车购置费"))


def _wan(number) -> Interval:
    interval = number.interval
    scale = MONEY_UNITS.get(number.unit, Decimal(1))
    return interval if scale == 1 else Interval(interval.lo * scale, interval.hi * scale)


def _tables(ctx, key: str):
    return [table for table in ctx.report.tables if table.spec.key == key]


def _basic_row(table, code: str, name: str):
    row = table.row(code=code)
    if row is None:
        row = next((r for r in table.rows if r.code is None and name in r.label), None)
    return row if row is not None and not row.uncertain else None


#: the 三公 table's own sums (决算数): when one fails, a wrong cell of it is T101's finding
_SANGONG_SUMS = (("合计", ("因公出国（境）费", "公务用车购置及运行维护费", "公务接待费")),
                 ("公务用车购置及运行维护费", ("公务用车购置费", "公务用车运行维护费")))


def _adds_up(table) -> bool:
    for row in table.rows:
        for whole, parts in _SANGONG_SUMS:
            cell = row.cells.get(f"{whole}:决算数")
            # a part printed blank or "-" is nothing, as T101 adds it
            cells = [c for part in parts if (c := row.cells.get(f"{part}:决算数")) is not None]
            if cell is None or not cells:
                continue
            computed = cells[0].interval
            for c in cells[1:]:
                computed = computed + c.interval
            if not cell.interval.meets(computed):
                return False
    return True


def _sangong_cell(table, column: str):
    for row in table.rows:
        cell = row.cells.get(f"{column}:决算数")
        if cell is not None and not row.uncertain:
            return cell
    return None


@rule("T202", "basic-above-sangong", "tables", "error",
      "The 基本支出 table's 因公出国（境）费用, 公务接待费 and 公务用车 rows are no larger than the 三公 table's 决算数",
      fail=_BASIC_HEAD + "302  商品和服务支出  30.00\n30201  办公费  22.00\n30217  公务接待费  8.00\n"
           "人员经费合计  0.00  公用经费合计  30.00\n"
           + _SANGONG_HEAD + "5.00  5.00  0.00  0.00  0.00  0.00  0.00  0.00  0.00  0.00  5.00  5.00\n",
      passes=_BASIC_HEAD + "302  商品和服务支出  30.00\n30201  办公费  26.00\n30217  公务接待费  4.00\n"
             "人员经费合计  0.00  公用经费合计  30.00\n"
             + _SANGONG_HEAD + "5.00  5.00  0.00  0.00  0.00  0.00  0.00  0.00  0.00  0.00  5.00  5.00\n")
def basic_above_sangong(ctx):
    sangong = _tables(ctx, "sangong")
    if not sangong or not _adds_up(sangong[0]):
        return
    for table in _tables(ctx, "basic"):
        for code, name, column in _SANGONG_ROWS:
            row = _basic_row(table, code, name)
            limit = _sangong_cell(sangong[0], column)
            if row is None or limit is None or "决算数" not in row.cells:
                continue
            cell = row.cells["决算数"]
            if _wan(cell).lo <= _wan(limit).hi:
                continue
            yield table_finding(ctx, table, row, "决算数",
                                f"《{table.spec.title}》“{row_name(row)}”{cell.text} 大于《{sangong[0].spec.title}》"
                                f"{column}决算数 {limit.text}：基本支出中的这项支出是“三公”经费的一部分",
                                cell.text, None)


# -- the list of classes in the 基本支出 section --------------------------------------

#: "人员经费 X 万元，主要包括：A、B、C；" (up to the end of the clause that lists them)
_LIST = re.compile(r"(?P<kind>人员经费|公用经费)[^；;。]{0,40}?(?:主要)?包括[：:]?(?P<list>[^；;。]+)")
_NOT_NAMED = re.compile(r"[（(]不涉及的不列[)）]|等(?:支出|方面)?$|\.{2,}")
_ENDINGS = ("支出", "费用", "费")
#: the economic classes each kind of money is made of (人员经费: 301, 303; 公用经费: 302, 310 …)
_KIND_CLASSES = {"人员经费": ("301", "303"), "公用经费": ("302", "307", "309", "310", "312", "399")}


_PARENTHESES = str.maketrans("()", "（）")


def _key(name: str) -> str:
    # "其他社会保障缴费支出" in the text is the table's "其他社会保障缴费": endings are
    # dropped until none is left, on both sides alike; "维修(护)费" is "维修（护）费".
    plain = re.sub(r"\s+", "", name).translate(_PARENTHESES)
    while True:
        ending = next((e for e in _ENDINGS if plain.endswith(e) and len(plain) > len(e) + 1), None)
        if ending is None:
            return plain
        plain = plain[:-len(ending)]


def _named(listing: str) -> list[tuple[str, int]]:
    """(name, offset within the listing) of each class the list names."""
    names = []
    for match in re.finditer(r"[^、，,…]+", listing):
        name = _NOT_NAMED.sub("", match.group()).strip()
        if name:
            names.append((name, match.start() + (len(match.group()) - len(match.group().lstrip()))))
    return names


def _split(name: str, offset: int, rows) -> list[tuple[str, int]]:
    """A name as the table's classes: "离休费和退休费" is two of them, "商品和服务支出" one."""
    if _key(name) in rows:
        return [(name, offset)]
    for match in re.finditer(r"以及|和|及|与", name):
        left, right = name[:match.start()], name[match.end():]
        if left and right and _key(left) in rows:
            rest = _split(right, offset + match.end(), rows)
            if all(_key(part) in rows for part, _ in rest):
                return [(left, offset)] + rest
    return [(name, offset)]


def _lists(ctx):
    """(kind, listing start offset, its names, the listing text) in the 基本支出 section."""
    text = ctx.flow.text
    for section in ctx.report.sections:
        if section.key != "basic" or section.level != 1:
            continue
        for match in _LIST.finditer(text, section.title_end, section.end):
            top, _ = section_at(ctx.report.sections, match.start())
            if top is not section:
                continue
            yield match.group("kind"), match.start("list"), _named(match.group("list")), match.group("list")


def _class_rows(table):
    """Economic 款 rows of a 基本支出 table that were read with a figure, by name key."""
    rows: dict[str, list] = {}
    for row in table.rows:
        if row.uncertain or row.code is None or len(row.code) != 5:
            continue
        rows.setdefault(_key(row.label), []).append(row)
    return rows


def _filled(rows) -> bool:
    """A table with figures in it: the template's own empty table names nothing."""
    return any(row.cells.get("决算数") is not None and row.cells["决算数"].value
               for matched in rows.values() for row in matched)


def _class_read(table, row) -> bool:
    """Whether the 类 above a 款 row was read with a figure: a 款 row left blank under a 类
    whose own figure is missing too says that the column was not read on that side of the
    table (a header broken over two lines), not that the 款 took no money."""
    above = table.row(code=row.code[:3])
    return above is not None and not above.uncertain and above.cells.get("决算数") is not None


def _blank_or_zero(row) -> bool:
    cell = row.cells.get("决算数")
    return cell is None or cell.value == 0


@rule("T302", "basic-list-names-empty-class", "tables", "error",
      "The classes listed as what 人员经费 / 公用经费 include have money in the 基本支出 table",
      fail="六、一般公共预算财政拨款基本支出决算情况说明\n一般公共预算财政拨款基本支出 30.00 万元。其中：人员经费 20.00 万元，"
           "主要包括：基本工资、奖金；公用经费 10.00 万元，主要包括：办公费。\n"
           + _BASIC_HEAD + "301  工资福利支出  20.00  302  商品和服务支出  10.00\n"
           "30101  基本工资  20.00  30201  办公费  10.00\n30103  奖金  0.00\n人员经费合计  20.00  公用经费合计  10.00\n",
      passes="六、一般公共预算财政拨款基本支出决算情况说明\n一般公共预算财政拨款基本支出 30.00 万元。其中：人员经费 20.00 万元，"
             "主要包括：基本工资；公用经费 10.00 万元，主要包括：办公费。\n"
             + _BASIC_HEAD + "301  工资福利支出  20.00  302  商品和服务支出  10.00\n"
             "30101  基本工资  20.00  30201  办公费  10.00\n30103  奖金  0.00\n人员经费合计  20.00  公用经费合计  10.00\n")
def basic_list_names_empty_class(ctx):
    for table in _tables(ctx, "basic"):
        rows = _class_rows(table)
        if not _filled(rows):
            continue
        for kind, start, names, _ in _lists(ctx):
            for name, offset in (part for named in names for part in _split(*named, rows)):
                matched = rows.get(_key(name))
                if not matched or not all(_blank_or_zero(row) for row in matched) \
                        or not _class_read(table, matched[0]):
                    continue
                row = matched[0]
                cell = row.cells.get("决算数")
                shown = cell.text if cell is not None else "空白"
                yield ctx.finding(start + offset, start + offset + len(name),
                                  f"{kind}所列“{name}”在《{table.spec.title}》中为 {shown}（{row_name(row)}），并无支出",
                                  name, None, quote=(start + offset, start + offset + len(name)))
        break


#: a class left out of the list is worth a word when it is this share of its kind or more
_LARGE = Decimal("0.05")


def _kind_total(table, kind: str):
    row = table.row(label=f"{kind}合计")
    cell = row.cells.get("决算数") if row is not None and not row.uncertain else None
    return _wan(cell) if cell is not None else None


@rule("T303", "basic-list-omits-class", "tables", "warning",
      "The list of what 人员经费 / 公用经费 mainly consist of names the large classes of the 基本支出 table",
      fail="六、一般公共预算财政拨款基本支出决算情况说明\n一般公共预算财政拨款基本支出 30.00 万元。其中：人员经费 20.00 万元，"
           "主要包括：基本工资；公用经费 10.00 万元，主要包括：办公费。\n"
           + _BASIC_HEAD + "301  工资福利支出  20.00  302  商品和服务支出  10.00\n"
           "30101  基本工资  12.00  30201  办公费  10.00\n30107  绩效工资  8.00\n人员经费合计  20.00  公用经费合计  10.00\n",
      passes="六、一般公共预算财政拨款基本支出决算情况说明\n一般公共预算财政拨款基本支出 30.00 万元。其中：人员经费 20.00 万元，"
             "主要包括：基本工资、绩效工资；公用经费 10.00 万元，主要包括：办公费。\n"
             + _BASIC_HEAD + "301  工资福利支出  20.00  302  商品和服务支出  10.00\n"
             "30101  基本工资  12.00  30201  办公费  10.00\n30107  绩效工资  8.00\n人员经费合计  20.00  公用经费合计  10.00\n")
def basic_list_omits_class(ctx):
    for table in _tables(ctx, "basic"):
        rows = _class_rows(table)
        for kind, start, names, listing in _lists(ctx):
            whole = _kind_total(table, kind)
            if whole is None or whole.lo <= 0:
                continue
            keys = {_key(part) for named in names for part, _ in _split(*named, rows)}
            for key, matched in rows.items():
                row = matched[0]
                cell = row.cells.get("决算数")
                if key in keys or cell is None or not row.code.startswith(_KIND_CLASSES[kind]):
                    continue
                if _wan(cell).lo < _LARGE * whole.hi:
                    continue
                yield ctx.finding(start, start + len(listing),
                                  f"{kind}所列未包括《{table.spec.title}》中的“{row_name(row)}”{cell.text}",
                                  None, row.label, quote=(start, min(start + len(listing), start + 60)))
        break
