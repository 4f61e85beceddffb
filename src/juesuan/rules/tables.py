"""Table rules: sums inside a table, one table against another, the text against its tables."""
from __future__ import annotations

import re

from juesuan.model.interval import ZERO, Interval, total
from juesuan.model.number import MONEY_UNITS
from juesuan.model.quantities import table_cells
from juesuan.rules.arith import fmt_like
from juesuan.rules.registry import rule
from juesuan.rules.table_checks import row_name, table_finding
from juesuan.rules.table_sums import economic_totals, explained_by_a_part, hierarchies, named_by_its_row, wrong_part
from juesuan.tables.spec import LAYOUTS, PRIOR_YEAR, SANGONG_PARTS

_TABLE_HEAD = "收入决算表\n单位：万元\n科目编码  科目名称  本年收入合计  财政拨款收入  其他收入\n"

_SANGONG_SUMS = [(f"合计:{k}", [f"{p}:{k}" for p in ("因公出国（境）费", "公务用车购置及运行维护费", "公务接待费")])
                 for k in ("预算数", "决算数")] + \
                [(f"公务用车购置及运行维护费:{k}", [f"公务用车购置费:{k}", f"公务用车运行维护费:{k}"])
                 for k in ("预算数", "决算数")]
assert all(part.split(":")[0] in SANGONG_PARTS for _, parts in _SANGONG_SUMS for part in parts)


def _check_sum(ctx, table, row, total_key: str, part_keys, what: str, hierarchy=None):
    whole = row.cells.get(total_key)
    parts = [row.cells[k] for k in part_keys if k in row.cells]
    if whole is None or not parts or row.uncertain:
        return None
    computed = total(p.interval for p in parts)
    if whole.interval.meets(computed):
        return None
    blamed = wrong_part(row, total_key, part_keys, *hierarchy) if hierarchy and hierarchy[0] else None
    if blamed is not None:
        key, right, named = blamed
        if named:
            return None
        number = row.cells[key]
        expected = fmt_like(right.mid, number)
        return table_finding(ctx, table, row, key,
                             f"《{table.spec.title}》“{row_name(row)}”的{row.headers.get(key, key)}{number.text} "
                             f"与{what}减其余各项之差 {expected} 不符", number.text, expected)
    expected = fmt_like(computed.mid, whole)
    return table_finding(ctx, table, row, total_key,
                         f"《{table.spec.title}》“{row_name(row)}”的{what}{whole.text} 与各分项之和 {expected} 不符",
                         whole.text, expected)


@rule("T101", "table-column-sum", "tables", "error",
      "In a table's row, a total column equals the sum of its part columns (本年收入合计 = Σ 来源, 合计 = 基本 + 项目, 三公 …)",
      fail=_TABLE_HEAD + "205  教育支出  100.00  60.00  30.00\n",
      passes=_TABLE_HEAD + "205  教育支出  100.00  60.00  40.00\n")
def table_column_sum(ctx):
    for table in ctx.report.tables:
        sums = _SANGONG_SUMS if table.spec.key == "sangong" else table.spec.column_sums
        # a wrong part column shows in its column's sum down the 类/款/项 rows as well
        hierarchy = ctx.shared(hierarchies)[id(table)]
        for row in table.rows:
            for total_key, part_keys in sums:
                finding = _check_sum(ctx, table, row, total_key, part_keys, total_key.split(":")[0], hierarchy)
                if finding:
                    yield finding


@rule("T102", "table-hierarchy", "tables", "error",
      "In a table of 类/款/项 rows, a 类 equals the sum of its 款, a 款 of its 项, and 合计 of the 类",
      fail=_TABLE_HEAD + "合计  100.00  60.00  40.00\n205  教育支出  100.00  60.00  40.00\n"
                         "20502  普通教育  90.00  50.00  40.00\n",
      passes=_TABLE_HEAD + "合计  100.00  60.00  40.00\n205  教育支出  100.00  60.00  40.00\n"
                           "20502  普通教育  100.00  60.00  40.00\n")
def table_hierarchy(ctx):
    for table in ctx.report.tables:
        _, failed = ctx.shared(hierarchies)[id(table)]
        for (_, key), (parent, computed, _) in failed.items():
            if explained_by_a_part(parent, key, failed, table.spec.column_sums):
                continue
            number = parent.cells[key]
            expected = fmt_like(computed.mid, number)
            yield table_finding(ctx, table, parent, key,
                                f"《{table.spec.title}》“{row_name(parent)}”{parent.headers.get(key, key)} "
                                f"{number.text} 与下级科目之和 {expected} 不符", number.text, expected)


#: rows that are no part of a side's "*" sum: totals, balances carried over, and "其中" rows
_NOT_PARTS = ("合计", "总计", "结转", "结余", "使用非财政拨款")


def _rows_below(table, side: str, after_index: int):
    """The rows of ``side`` printed right under a total, up to the next total or balance:
    its breakdown (none where the template prints none)."""
    rows = []
    for row in table.rows:
        if row.side != side or row.index <= after_index:
            continue
        if any(word in row.label for word in _NOT_PARTS) or _is_of_which(row):
            break
        rows.append(row)
    return rows


def _side_rows(table, side: str, before_index: int):
    return [row for row in table.rows if row.side == side and row.index < before_index
            and not any(word in row.label for word in _NOT_PARTS) and not _is_of_which(row)]


def _is_of_which(row) -> bool:
    return row.label.startswith("其中")


def _labelled(table, pattern: str, side: str | None):
    """The row of ``side`` whose label is ``pattern`` exactly, or else the first it is found in
    ("合计" is the total row, not "本年收入合计")."""
    rows = [row for row in table.rows if side is None or row.side == side]
    return next((row for row in rows if re.fullmatch(pattern, row.label)), None) or \
        next((row for row in rows if row.label and re.search(pattern, row.label)), None)


@rule("T103", "table-side-totals", "tables", "error",
      "In 收入支出决算总表 and 财政拨款收入支出决算总表, 本年收入/支出合计, 总计 and 年初结转 equal their rows, and 收入总计 = 支出总计",
      fail="收入支出决算总表\n单位：万元\n项目  决算数  项目  决算数\n"
           "一、一般公共预算财政拨款收入  90.00  一、一般公共服务支出  80.00\n"
           "八、其他收入  10.00  五、教育支出  20.00\n"
           "本年收入合计  100.00  本年支出合计  100.00\n年初结转和结余  5.00  年末结转和结余  5.00\n"
           "总计  105.00  总计  110.00\n",
      passes="收入支出决算总表\n单位：万元\n项目  决算数  项目  决算数\n"
             "一、一般公共预算财政拨款收入  90.00  一、一般公共服务支出  80.00\n"
             "八、其他收入  10.00  五、教育支出  20.00\n"
             "本年收入合计  100.00  本年支出合计  100.00\n年初结转和结余  5.00  年末结转和结余  5.00\n"
             "总计  105.00  总计  105.00\n")
def table_side_totals(ctx):
    for table in ctx.report.tables:
        if table.continues:
            continue
        sums = _side_sums(table)
        failed = [entry for entry in sums if not entry[-1]]
        settled = {(id(whole), key) for whole, key, *_, holds in sums if holds}
        balance = _balance_rows(table)
        wrong = set()          # totals found not to be their rows' sum
        for whole, key, number, computed, rows, _ in failed:
            if not _corroborated(whole, key, balance, failed):
                expected = fmt_like(computed.mid, number)
                wrong.add(id(whole))
                yield table_finding(ctx, table, whole, key,
                                    f"《{table.spec.title}》“{whole.label}” {number.text} 与所列各行之和 {expected} 不符",
                                    number.text, expected)
                continue
            # the 总计 is right: one of its rows is wrong, the one no sum of its own settles
            # (where each is settled, a row wrong with its lines is the other tables' to find)
            open_rows = [row for row in rows if key in row.cells and (id(row), key) not in settled]
            if not open_rows:
                continue
            if len(open_rows) == 1:
                (row,) = open_rows
                part = row.cells[key]
                right = number.interval - total(r.cells[key].interval for r in rows if r is not row and key in r.cells)
                if id(row) in wrong or named_by_its_row(row, key, right, table.spec.column_sums):
                    continue          # named already, by its own rows or its own columns
                expected = fmt_like(right.mid, part)
                yield table_finding(ctx, table, row, key,
                                    f"《{table.spec.title}》“{row.label}” {part.text} 与“{whole.label}”减其余各行之差 "
                                    f"{expected} 不符（两方总计一致）", part.text, expected)
            else:
                yield table_finding(ctx, table, whole, key,
                                    f"《{table.spec.title}》“{whole.label}” {number.text} 与所列各行之和 "
                                    f"{fmt_like(computed.mid, number)} 不符；两方总计一致，当为"
                                    + "、".join(f"“{row.label}”" for row in open_rows) + "之一有误",
                                    number.text, None)
        if balance is not None:
            (left, a), (right, b) = balance
            # a 总计 already found wrong explains the two sides' difference: the other side's
            # 总计 is not to be changed to it
            if not wrong & {id(left), id(right)} and not a[1].interval.meets(b[1].interval):
                yield table_finding(ctx, table, right, b[0],
                                    f"《{table.spec.title}》支出总计 {b[1].text} 与收入总计 {a[1].text} 不符",
                                    b[1].text, a[1].text)


def _side_sums(table) -> list[tuple]:
    """(total row, column, its figure, the sum of its rows, the rows, whether it holds)
    for each side sum of the table that can be checked."""
    sums = []
    for side, label, parts in table.spec.side_sums:
        whole = _labelled(table, label, side)
        if whole is None or whole.uncertain:
            continue
        if parts == "*":
            rows = _side_rows(table, side, whole.index)
        elif parts == "below":
            rows = _rows_below(table, side, whole.index)
        else:
            rows = [r for p in parts if (r := _labelled(table, p, side)) is not None]
        if any(row.uncertain for row in rows):        # a part not surely read: the sum unknown
            continue
        for key, number in whole.cells.items():
            cells = [row.cells[key] for row in rows if key in row.cells]
            if not cells:
                continue
            computed = total(c.interval for c in cells)
            sums.append((whole, key, number, computed, rows, number.interval.meets(computed)))
    return sums


def _balance_rows(table):
    """((收入总计 row, (column, figure)), (支出总计 row, (column, figure))) of a table whose
    two 总计 must be equal, where both are read surely; else None."""
    if table.spec.balance is None:
        return None
    left, right = (_labelled(table, label, side) for label, side in zip(table.spec.balance, ("left", "right")))
    if not (left and right) or left.uncertain or right.uncertain:
        return None
    a = next(((key, cell) for key, cell in left.cells.items() if not key.startswith(PRIOR_YEAR)), None)
    b = next(((key, right.cells[key]) for key in ("决算数", "合计") if key in right.cells), None) or \
        next(((key, cell) for key, cell in right.cells.items() if not key.startswith(PRIOR_YEAR)), None)
    return ((left, a), (right, b)) if a and b else None


def _corroborated(whole, key: str, balance, failed) -> bool:
    """Whether a 总计 whose rows do not add up is yet right: it equals the other side's
    总计, whose own rows add up. Then one of its rows is wrong, not the 总计."""
    if balance is None:
        return False
    (left, a), (right, b) = balance
    if whole is left and key == a[0]:
        other, mine, theirs = right, a[1], b[1]
    elif whole is right and key == b[0]:
        other, mine, theirs = left, b[1], a[1]
    else:
        return False
    return mine.interval.meets(theirs.interval) and not any(entry[0] is other for entry in failed)


_UNIV_FISCAL_HEAD = ("高等学校财政拨款支出决算表\n单位：万元\n"
                     "科目编码  科目名称  合计  基本支出  项目支出小计  项目支出其中：基本建设资金支出\n")


def _of_which_pairs(table):
    """(row, part key, parent key) for each "其中" column of each row, then (row, parent row)
    for each "其中" row, whose parent is the row above it that is not itself a "其中" row."""
    for row in table.rows:
        for part, parent in table.spec.of_which:
            yield row, part, row, parent
    for index, row in enumerate(table.rows):
        if not _is_of_which(row):
            continue
        parent = next((r for r in reversed(table.rows[:index]) if r.side == row.side and not _is_of_which(r)), None)
        if parent is not None:
            for key in row.cells:
                yield row, key, parent, key


@rule("T104", "table-of-which", "tables", "error",
      "A “其中” column or row (of which) is no larger than the column or row it is part of, and is no part of any sum",
      fail=_UNIV_FISCAL_HEAD + "205  教育支出  100.00  60.00  40.00  45.00\n",
      passes=_UNIV_FISCAL_HEAD + "205  教育支出  100.00  60.00  40.00  25.00\n")
def table_of_which(ctx):
    for table in ctx.report.tables:
        for row, key, parent, parent_key in _of_which_pairs(table):
            part, whole = row.cells.get(key), parent.cells.get(parent_key)
            if part is None or whole is None or row.uncertain or parent.uncertain:
                continue
            if part.interval.lo <= whole.interval.hi or part.value < 0 or whole.value < 0:
                continue
            where = parent.headers.get(parent_key, parent_key) if parent is row else f"“{row_name(parent)}”"
            yield table_finding(ctx, table, row, key,
                                f"《{table.spec.title}》“{row_name(row)}”{row.headers.get(key, key)} {part.text} "
                                f"大于其所属的{where} {whole.text}", part.text, None)


def _cell(ctx, ref):
    """(table, row, number) for a reference (table key, row label, side, column), or None."""
    key, label, side, column = ref
    for table in ctx.report.tables:
        if table.spec.key != key:
            continue
        row = _labelled(table, label, side)
        if row is not None and not row.uncertain and column in row.cells:
            return table, row, row.cells[column]
    return None


def _wan(number):
    """A table cell's interval in 万元 (tables in 元 exist)."""
    interval = number.interval
    scale = MONEY_UNITS.get(number.unit, 1)
    return interval if scale == 1 else Interval(interval.lo * scale, interval.hi * scale)


#: the same quantity in two tables, as each layout declares it
_CROSS = [pair for layout in LAYOUTS for pair in layout.shared]


@rule("T201", "table-vs-table", "tables", "error",
      "A figure two tables both give (本年收入合计, 一般公共预算财政拨款支出, …) is the same in both",
      fail="收入支出决算总表\n单位：万元\n项目  决算数  项目  决算数\n本年收入合计  100.00  本年支出合计  100.00\n"
           "收入决算表\n单位：万元\n科目编码  科目名称  本年收入合计  财政拨款收入  其他收入\n合计  120.00  100.00  20.00\n",
      passes="收入支出决算总表\n单位：万元\n项目  决算数  项目  决算数\n本年收入合计  100.00  本年支出合计  100.00\n"
             "收入决算表\n单位：万元\n科目编码  科目名称  本年收入合计  财政拨款收入  其他收入\n合计  100.00  80.00  20.00\n")
def table_vs_table(ctx):
    for first, second in _CROSS:
        a, b = _cell(ctx, first), _cell(ctx, second)
        if a is None or b is None or _wan(a[2]).meets(_wan(b[2])):
            continue
        table, row, number = b
        yield table_finding(ctx, table, row, second[3],
                            f"《{table.spec.title}》“{row_name(row)}”{number.text} 与《{a[0].spec.title}》"
                            f"“{row_name(a[1])}”{a[2].text} 不符", number.text, a[2].text)


#: concept of the explanation -> the cell of a table that gives the same figure
_NARRATIVE = {name: (cell.table, cell.row, cell.side, cell.column) for name, cell in table_cells().items()}


def table_value(ctx, concept: str) -> Interval | None:
    """A concept's figure in 万元 as its table gives it, or None when no table gives it.
    A blank cell in a column the table prints is the table saying 0."""
    ref = _NARRATIVE.get(concept)
    if ref is None:
        return None
    key, label, side, column = ref
    for table in ctx.report.tables:
        if table.spec.key != key:
            continue
        row = table.row(label=label, side=side)
        if row is None or row.uncertain:
            continue
        if column in row.cells:
            return _wan(row.cells[column])
        if column in row.headers:
            return Interval(ZERO, ZERO)
    return None


_LINE_TABLE = {"general": ("general", "合计"), "fund": ("fund", "本年支出合计"),
               "capital": ("capital", "本年支出合计")}


def _narrative_pairs(ctx):
    """(statement, printed figure, interval in 万元, table cell) for each comparable figure."""
    if not ctx.report.tables:
        return          # a report without tables gives the figures nothing to meet
    for statement in ctx.report.statements:
        ref = _NARRATIVE.get(statement.concept or "")
        if ref is None:
            continue
        number = statement.value
        if number is not None and number.is_money and (cell := _cell(ctx, ref)):
            yield statement, number, cell
        if statement.budget is not None and ref[0] == "sangong":
            budget_ref = (*ref[:3], ref[3].replace("决算数", "预算数"))
            if cell := _cell(ctx, budget_ref):
                yield statement, statement.budget, cell
    for line in ctx.report.lines:
        key, column = _LINE_TABLE[line.budget_kind]
        number = line.value
        code = _line_code(ctx, line)
        if number is None or code is None:
            continue
        for table in ctx.report.tables:
            if table.spec.key == key:
                row = table.row(code=code)
                if row is not None and not row.uncertain and column in row.cells:
                    yield line, number, (table, row, row.cells[column])


def _line_code(ctx, line) -> str | None:
    """The code of the level a line names last: "X（类）Y（款）Z（项）" is a 项 line, and a
    项 the classification cannot place is compared with no row (never with its 款)."""
    resolution = ctx.resolution(line)
    entries = (resolution.lei, resolution.kuan, resolution.xiang)
    named = [level for level, name in enumerate(line.names) if name]
    if not named:
        return resolution.code
    entry = entries[named[-1]]
    return entry.code if entry is not None else None


@rule("T301", "text-vs-table", "tables", "error",
      "Each figure of the explanation equals the cell of the table that gives it",
      fail="二、收入决算情况说明\n本年收入 100.00 万元，其中：财政拨款收入 90.00 万元，占 90.00%；其他收入 10.00 万元，占 10.00%。\n"
           "收入决算表\n单位：万元\n科目编码  科目名称  本年收入合计  财政拨款收入  其他收入\n合计  100.00  80.00  20.00\n",
      passes="二、收入决算情况说明\n本年收入 100.00 万元，其中：财政拨款收入 80.00 万元，占 80.00%；其他收入 20.00 万元，占 20.00%。\n"
             "收入决算表\n单位：万元\n科目编码  科目名称  本年收入合计  财政拨款收入  其他收入\n合计  100.00  80.00  20.00\n")
def text_vs_table(ctx):
    for statement, number, (table, row, cell) in _narrative_pairs(ctx):
        stated = ctx.money(statement, number)
        if stated.meets(_wan(cell)) or _table_says_text(table, row, cell, stated):
            continue
        expected = fmt_like(_wan(cell).mid, number) if cell.places <= number.places else cell.text
        yield ctx.finding(number.start, number.end,
                          f"“{statement.label}”{number.text} 与《{table.spec.title}》“{row_name(row)}”"
                          f"{row.headers.get(_column_of(row, cell), '')} {cell.text} 不符",
                          number.text, expected, quote=ctx.span(statement))


def _table_says_text(table, row, cell, stated: Interval) -> bool:
    """Whether the table's own sums give the text's figure for a cell printed otherwise:
    the cell is a total that is not the sum of its parts, and they add up to what the text
    says. The cell is the one in the wrong (the table's sum rules name it), not the text."""
    key = _column_of(row, cell)
    sums = [_sum_of(parts) for parts in _parts_of(table, row, key)]
    sums = [value for value in sums if value is not None]
    return any(value.meets(stated) for value in sums) and not any(value.meets(_wan(cell)) for value in sums)


def _parts_of(table, row, key: str):
    """The cells the table adds up to the cell of ``row`` in column ``key``: the row's part
    columns, when ``key`` is a total column, and the rows one level down, when ``row`` is
    a coded row or the 合计 row."""
    for total_key, part_keys in table.spec.column_sums:
        if total_key == key:
            yield [row.cells[k] for k in part_keys if k in row.cells]
    if table.continues or row.uncertain:
        return
    if table.spec.key == "basic" and not row.code:
        yield from ([r.cells[key] for r in classes if key in r.cells]
                    for whole, classes in economic_totals(table) if whole is row)
        return
    coded = [r for r in table.rows if r.code and r is not row]
    if row.code:
        children = [r for r in coded if len(r.code) == len(row.code) + 2 and r.code.startswith(row.code)]
    elif row is table.total_row():
        children = [r for r in coded if len(r.code) == 3]
    else:
        return
    if children and not any(r.uncertain for r in children):
        yield [r.cells[key] for r in children if key in r.cells]


def _sum_of(cells) -> Interval | None:
    return total(_wan(cell) for cell in cells) if cells else None


def _column_of(row, cell) -> str:
    return next((key for key, value in row.cells.items() if value is cell), "")
