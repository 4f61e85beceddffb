"""The nine tables set as the template sets them: header rows with spans, then the rows."""
from __future__ import annotations

from decimal import Decimal

from juesuan.dataset.model import Dataset, Row
from juesuan.render.blocks import Cell, TableBlock
from juesuan.render.numbers import money
from juesuan.tables.spec import BY_KEY, SANGONG_PARTS

_ORDINALS = "一二三四五六七八九十"
#: rows of a two-sided table that stand at its foot, side by side with their counterpart
_FOOT = ("本年收入合计", "本年支出合计", "使用非财政拨款结余", "结余分配", "年初", "年末", "总计",
         "人员经费合计", "公用经费合计")


def ordinal(n: int) -> str:
    """1 -> 一, 12 -> 十二, 23 -> 二十三."""
    if n <= 10:
        return _ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    return f"{_ORDINALS[tens - 1] if tens > 1 else ''}十{_ORDINALS[ones - 1] if ones else ''}"


def _h(text: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text, rowspan, colspan)


def _figure(value: Decimal | None) -> Cell:
    return Cell(money(value) if value is not None else "", figure=True)


def table_blocks(dataset: Dataset) -> list[TableBlock]:
    return [_BUILDERS[key](dataset) for key in _BUILDERS]


def _block(dataset: Dataset, key: str, header, body, empty_note: str = "") -> TableBlock:
    spec = BY_KEY[key]
    notes = [empty_note] if empty_note and not body else []
    return TableBlock(key, spec.number, spec.title, "万元", header, body, notes)


def _classified(key: str, columns: list[str], header_top, header_second):
    def build(dataset: Dataset) -> TableBlock:
        header = [[_h("项目", 1, 2), *header_top], [_h("科目编码"), _h("科目名称"), *header_second]]
        body = []
        for row in dataset.rows(key):
            first = row.code if row.code else row.label
            name = row.label if row.code else ""
            body.append([Cell(first), Cell(name), *(_figure(row.values.get(c)) for c in columns)])
        empty = f"本部门{dataset.year}年度没有{BY_KEY[key].title.removesuffix('收入支出决算表')}收入和支出，本表无数据。"
        return _block(dataset, key, header, body, empty)
    return build


_SOURCES = ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
_KINDS = ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
_FUND = ["年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余"]
_FUND_TOP = [_h("年初结转和结余", 2), _h("本年收入", 2), _h("本年支出", 1, 3), _h("年末结转和结余", 2)]
_FUND_SECOND = [_h("合计"), _h("基本支出"), _h("项目支出")]


def _pairs(left: list[Row], right: list[Row]) -> list[tuple[Row | None, Row | None]]:
    """Left and right rows side by side, the foot rows (totals, balances) level with each
    other and 总计 on the last line of both."""
    def split(rows):
        at = next((n for n, r in enumerate(rows) if r.label.startswith(_FOOT)), len(rows))
        return rows[:at], rows[at:]
    (left_top, left_foot), (right_top, right_foot) = split(left), split(right)
    pairs: list[tuple[Row | None, Row | None]] = []
    for n in range(max(len(left_top), len(right_top))):
        pairs.append((left_top[n] if n < len(left_top) else None, right_top[n] if n < len(right_top) else None))

    def body_and_total(rows):
        if rows and rows[-1].label == "总计":
            return rows[:-1], rows[-1]
        return rows, None
    (left_body, left_total), (right_body, right_total) = body_and_total(left_foot), body_and_total(right_foot)
    for n in range(max(len(left_body), len(right_body))):
        pairs.append((left_body[n] if n < len(left_body) else None, right_body[n] if n < len(right_body) else None))
    if left_total or right_total:
        pairs.append((left_total, right_total))
    return pairs


def _numbered(rows: list[Row]) -> dict[int, str]:
    """The template numbers the rows above the foot: 一、… 二、…"""
    labels, n = {}, 0
    for row in rows:
        if row.label.startswith(_FOOT):
            break
        n += 1
        labels[id(row)] = f"{ordinal(n)}、{row.label}"
    return labels


def _two_sided(key: str, header, left_columns: list[str], right_columns: list[str], codes: bool = False):
    def build(dataset: Dataset) -> TableBlock:
        left, right = dataset.rows(key, "left"), dataset.rows(key, "right")
        names = {} if codes else {**_numbered(left), **_numbered(right)}
        body = []
        for pair in _pairs(left, right):
            cells: list[Cell] = []
            for row, columns in zip(pair, (left_columns, right_columns)):
                if codes:
                    cells.append(Cell(row.code or "" if row else ""))
                label = (names.get(id(row), row.label) if row else "")
                cells.append(Cell(label))
                cells.extend(_figure(row.values.get(c)) if row else Cell("") for c in columns)
            body.append(cells)
        return _block(dataset, key, header, body)
    return build


def _sangong(dataset: Dataset) -> TableBlock:
    header = [[_h("财政拨款“三公”经费", 1, 12)],
              [_h("合计", 2, 2), _h("因公出国（境）费", 2, 2), _h("公务用车购置及运行维护费", 1, 6), _h("公务接待费", 2, 2)],
              [_h("小计", 1, 2), _h("公务用车购置费", 1, 2), _h("公务用车运行维护费", 1, 2)],
              [_h("预算数"), _h("决算数")] * 6]
    row = dataset.rows("sangong")
    body = []
    if row:
        body.append([_figure(row[0].values.get(f"{part}:{kind}")) for part in SANGONG_PARTS
                     for kind in ("预算数", "决算数")])
    return _block(dataset, "sangong", header, body)


_BUILDERS = {
    "summary": _two_sided("summary", [[_h("收入", 1, 2), _h("支出", 1, 2)], [_h("项目"), _h("决算数")] * 2],
                          ["决算数"], ["决算数"]),
    "income": _classified("income", _SOURCES, [_h(c, 2) for c in _SOURCES], []),
    "expenditure": _classified("expenditure", _KINDS, [_h(c, 2) for c in _KINDS], []),
    "fiscal": _two_sided("fiscal", [[_h("收入", 1, 2), _h("支出", 1, 5)],
                                    [_h("项目"), _h("决算数"), _h("项目"), _h("合计"), _h("一般公共预算财政拨款"),
                                     _h("政府性基金预算财政拨款"), _h("国有资本经营预算财政拨款")]],
                         ["决算数"], ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]),
    "general": _classified("general", ["合计", "基本支出", "项目支出"],
                           [_h("合计", 2), _h("基本支出", 2), _h("项目支出", 2)], []),
    "basic": _two_sided("basic", [[_h("人员经费", 1, 3), _h("公用经费", 1, 3)],
                                  [_h("经济分类科目编码"), _h("科目名称"), _h("决算数")] * 2],
                        ["决算数"], ["决算数"], codes=True),
    "sangong": _sangong,
    "fund": _classified("fund", _FUND, _FUND_TOP, _FUND_SECOND),
    "capital": _classified("capital", _FUND, _FUND_TOP, _FUND_SECOND),
}
