"""Last year's figures as this year's report states them, against last year's report.

A report states or implies figures of the year before: this year's 年初结转和结余 is
last year's 年末结转和结余; "比上年增加 X 万元" with this year's amount A says last year's
was A − X. The department's previous report printed those figures. Each comparison
allows for the printed precision of every figure in it (a figure printed with two
decimals x stands for [x − 0.005, x + 0.005]); a figure that is not found once and only
once in either report is not compared, rather than compared with the wrong one.
"""
from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from juesuan.model.number import MONEY_UNITS
from juesuan.report.finding import Finding, Location
from juesuan.store import named_year
from juesuan.store.records import Document
from juesuan.tables.spec import PRIOR_YEAR

_OPENING_ROW = re.compile(r"^(?:年初|上年)(.*?)结转和?结余")
_CLOSING_ROW = re.compile(r"^年末(.*?)结转和?结余")
_OPENING_COLUMN = re.compile(r"^(?:年初|上年)结转和?结余$")
_CLOSING_COLUMN = re.compile(r"^年末结转和?结余$")


def _half(places: int) -> Decimal:
    return Decimal(5).scaleb(-places - 1)


def _interval(value: Decimal, places: int, size: Decimal = Decimal(1)) -> tuple[Decimal, Decimal]:
    """What a printed money figure can stand for, in 万元; 0 printed is nothing at all."""
    if not value:
        return Decimal(0), Decimal(0)
    half = _half(places)
    return (value - half) * size, (value + half) * size


def _meets(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _plain(words: str | None) -> str:
    """The words without spaces (a label wraps anywhere)."""
    return "".join(words.split()) if words else ""


def _unique(items: dict) -> dict:
    """Only the keys found once: a key found twice names no one figure."""
    return {key: rows[0] for key, rows in items.items() if len(rows) == 1}


def _cell_size(cell: dict) -> Decimal | None:
    return MONEY_UNITS.get(cell.get("unit") or "万元")


def _opening_cells(doc: Document) -> dict:
    """This year's opening balances, by the place last year's closing balance has."""
    return _balance_cells(doc, _OPENING_ROW, _OPENING_COLUMN)


def _closing_cells(doc: Document) -> dict:
    return _balance_cells(doc, _CLOSING_ROW, _CLOSING_COLUMN)


def _balance_cells(doc: Document, row_pattern: re.Pattern, column_pattern: re.Pattern) -> dict:
    """The balance cells of a report by table and place: a row the pattern names (by what
    follows its balance words) in each column, or a code's or total's cell in a column it names."""
    found = defaultdict(list)
    for cell in doc.cells:
        label = _plain(cell["row_label"])
        if "结转" not in label and "结转" not in cell["column_key"]:
            continue                # neither a balance row nor a balance column
        if (match := row_pattern.match(label)) and not cell["row_code"]:
            found[(cell["table_key"], "row", match.group(1), cell["column_key"])].append(cell)
        elif column_pattern.match(cell["column_key"]) and (cell["row_code"] or label in ("合计", "总计")):
            found[(cell["table_key"], "column", cell["row_code"] or label, None)].append(cell)
    return _unique(found)


def carried_balances(this: Document, prior: Document) -> list[Finding]:
    """This year's 年初结转和结余 against last year's 年末结转和结余, cell by cell."""
    findings = []
    closing = _closing_cells(prior)
    for key, cell in _opening_cells(this).items():
        before = _closing_for(closing, key)
        size, prior_size = _cell_size(cell), before and _cell_size(before)
        if before is None or size is None or prior_size is None:
            continue
        if _meets(_interval(cell["value"], cell["places"], size),
                  _interval(before["value"], before["places"], prior_size)):
            continue
        message = (f"{cell['title']}“{cell['row_label']}”{_column(cell)}为 {cell['text']}，"
                   f"上年报告（{prior.label()}，{_place(before)}）{before['title']}"
                   f"“{before['row_label']}”{_column(before)}为 {before['text']}")
        findings.append(_finding("Y101", this, cell, message, cell["text"], before["text"]))
    return findings


def _closing_for(closing: dict, key: tuple) -> dict | None:
    """Last year's closing balance in the place of this opening balance: the same column,
    or, where the table prints the closing balance by budget (财政拨款收入支出决算总表),
    its total column."""
    table, form, middle, column = key
    if form == "column":
        return closing.get(key)
    for candidate in (column, "合计", "决算数"):
        if (found := closing.get((table, form, middle, candidate))) is not None:
            return found
    return None


def _place(row: dict) -> str:
    return f"第 {row['page']} 页" if row.get("page") else f"第 {row['line']} 行"


def _column(cell: dict) -> str:
    column = cell["column_key"]
    return "" if column in ("决算数", cell["row_label"]) else f"（{column}）"


def _statement_key(rows: list[dict]) -> tuple | None:
    """What a statement is about, in a form last year's report can be searched by."""
    first = rows[0]
    if first["names"] is not None:
        return ("line", first["budget"], first["code"] or first["names"])
    if first["concept"]:
        return ("statement", first["section"], first["concept"])
    return None


def _statements(doc: Document) -> dict[tuple, list[dict[str, dict]]]:
    """Each statement's figures by attribute, grouped by what the statement is about."""
    by_statement = defaultdict(list)
    for fact in doc.facts:
        by_statement[fact["stmt"]].append(fact)
    found = defaultdict(list)
    for rows in by_statement.values():
        key = _statement_key(rows)
        if key is not None:
            found[key].append({row["attribute"]: row for row in rows})
    return found


def _amount(figures: dict[str, dict]) -> dict | None:
    return figures.get("amount") or figures.get("final")


def _stated_change(statements: list[dict[str, dict]]) -> dict[str, dict] | None:
    """The one statement about a quantity that gives its change on last year, with this
    year's amount: its own, or, for a change stated alone ("支出决算数比 2023 年度减少
    X 万元", the amount said in a sentence before), the one amount the report prints for
    the quantity."""
    changed = [f for f in statements if "change" in f and _amount(f)]
    if changed:
        return changed[0] if len(changed) == 1 else None
    alone = [f for f in statements if "change" in f]
    amount = _printed(statements)
    return {**alone[0], "amount": amount} if len(alone) == 1 and amount is not None else None


def _printed(statements: list[dict[str, dict]]) -> dict | None:
    """The amount a report printed for a quantity: stated once, or restated alike."""
    amounts = [a for f in statements if (a := _amount(f)) is not None]
    if not amounts or len({(a["value"], a["unit"]) for a in amounts}) > 1:
        return None
    return amounts[0]


def stated_changes(this: Document, prior: Document) -> list[Finding]:
    """"比上年增加/减少 X" with this year's amount, against last year's printed amount."""
    findings = []
    last_year = _statements(prior)
    for key, statements in _statements(this).items():
        figures = _stated_change(statements)
        before = _printed(last_year.get(key, []))
        if figures is None or before is None:
            continue
        amount, change = _amount(figures), figures["change"]
        if None in (amount["wan"], change["wan"], before["wan"]) or not change["sign"]:
            continue
        findings += _change_against(this, prior, amount, change, before, amount["label"], "比上年", "上年")
    return findings


def _change_against(this: Document, prior: Document, amount: dict, change: dict, before: dict,
                    label: str, since: str, then: str) -> list[Finding]:
    """Y102 where last year's amount implied by this year's and the change stated ``since``
    last year is not, within the rounding of the three figures, what last year's report printed."""
    implied = _implied(amount, change)
    printed = _interval(before["value"], before["places"], MONEY_UNITS[before["unit"]])
    if _meets(implied, printed):
        return []
    word = "增加" if change["sign"] > 0 else "减少"
    middle = (implied[0] + implied[1]) / 2
    message = (f"“{label}” {amount['text']}，{since}{word} {change['text']}，即{then}为 {_money(middle)} 万元；"
               f"上年报告（{prior.label()}，{_place(before)}）为 {before['text']}")
    return [_finding("Y102", this, change, message, _money(middle), before["text"])]


def _alike(figures: list[dict]) -> dict | None:
    """The one figure ``figures`` print: each the same value in the same unit."""
    if not figures or len({(f["value"], f["unit"]) for f in figures}) > 1:
        return None
    return figures[0]


def _amounts_named(doc: Document, label: str, exact: bool = False) -> list[dict]:
    """The money amounts of the explanation a label names: the same words, or (``exact``
    off, four characters or more) the end of a longer label ("各项支出总计" for 支出总计)."""
    found = []
    for fact in doc.facts:
        if fact["attribute"] not in ("amount", "final") or fact["section"] == named_year.SECTION:
            continue
        if fact["unit"] not in MONEY_UNITS:
            continue
        words = _plain(fact["label"])
        if words == label or (not exact and len(label) >= 4 and words.endswith(label)):
            found.append(fact)
    return found


def _named_statements(doc: Document) -> list[dict[str, dict]]:
    """The changes on the year before named by its number, each its figures by attribute."""
    by_statement = defaultdict(dict)
    for fact in doc.facts:
        if fact["section"] == named_year.SECTION:
            by_statement[fact["stmt"]][fact["attribute"]] = fact
    return [figures for _, figures in sorted(by_statement.items()) if "change" in figures]


def _this_years(this: Document, figures: dict[str, dict]) -> dict | None:
    """The statement of the explanation that prints this year's amount of the changed
    quantity: the one with the sentence's own amount, else the one amount of that name."""
    label = figures["change"]["label"]
    named = _amounts_named(this, label)
    if "amount" in figures:
        named = [f for f in named if (f["value"], f["unit"]) == (figures["amount"]["value"], figures["amount"]["unit"])]
    return _alike(named)


def named_year_pairs(this: Document, prior: Document):
    """(the change's figures, this year's amount, last year's printed amount) for each
    change on the year before named by its number whose quantity both reports print."""
    last_year = _statements(prior)
    for figures in _named_statements(this):
        now = _this_years(this, figures)
        if now is None:
            continue
        key = _statement_key([now])
        words = _plain(now["label"])
        before = (_printed(last_year.get(key, [])) if key and key[0] == "statement"
                  else _alike(_amounts_named(prior, words, exact=True)))
        if before is not None:
            yield figures, figures.get("amount", now), before


def named_year_changes(this: Document, prior: Document) -> list[Finding]:
    """"与 2023 年度相比，增加 X" (the year before named by its number) with this year's
    amount, against the amount last year's report printed for the same quantity."""
    findings = []
    for figures, amount, before in named_year_pairs(this, prior):
        change = figures["change"]
        if None in (amount["wan"], change["wan"], before["wan"]):
            continue
        findings += _change_against(this, prior, amount, change, before, change["label"],
                                    f"与 {this.year - 1} 年度相比", f" {this.year - 1} 年")
    return findings


def _coded_amounts(doc: Document) -> dict[str, dict]:
    """Each 科目's amount for the report's own year as its explanation prints it by code
    ("（2050202），2023 年度决算数为 …"), where every mention gives the same figure."""
    found = defaultdict(list)
    for fact in doc.facts:
        if fact["section"] == named_year.SECTION and fact["code"] and fact["attribute"] == "amount":
            found[fact["code"]].append(fact)
    return {code: figure for code, figures in found.items() if (figure := _alike(figures)) is not None}


def coded_pairs(this: Document, prior: Document, attribute: str):
    """(this year's figures of a 科目 — amount and ``attribute``, "growth" or "change" —,
    last year's printed amount of the same code) for each 科目 both explanations print."""
    last_year = _coded_amounts(prior)
    by_statement = defaultdict(dict)
    for fact in this.facts:
        if fact["section"] == named_year.SECTION and fact["code"]:
            by_statement[fact["stmt"]][fact["attribute"]] = fact
    for figures in by_statement.values():
        before = last_year.get(figures["amount"]["code"])
        if attribute in figures and before is not None:
            yield figures, before


def coded_changes(this: Document, prior: Document) -> list[Finding]:
    """"…（2296004），2024 年度决算数为 X 万元，与 2023 年度决算数一致" (or a change in
    money) against the amount last year's explanation printed for that code."""
    findings = []
    for figures, before in coded_pairs(this, prior, "change"):
        amount, change = figures["amount"], figures["change"]
        implied = _implied(amount, change)
        if _meets(implied, _interval(before["value"], before["places"], MONEY_UNITS[before["unit"]])):
            continue
        middle = (implied[0] + implied[1]) / 2
        message = (f"“{amount['label']}（{amount['code']}）” {amount['text']}，与 {this.year - 1} 年度"
                   f"{change['text']}，即 {this.year - 1} 年为 {_money(middle)} 万元；上年报告（{prior.label()}，"
                   f"{_place(before)}）为 {before['text']}")
        findings.append(_finding("Y102", this, change, message, _money(middle), before["text"]))
    return findings


def coded_growth(this: Document, prior: Document) -> list[Finding]:
    """"…（2050202），2024 年度决算数为 X 万元，比 2023 年度决算数增长 g%" against the amount
    last year's explanation printed for that code, over every value the figures stand for."""
    findings = []
    for figures, before in coded_pairs(this, prior, "growth"):
        amount, growth = figures["amount"], figures["growth"]
        implied = _implied_by_rate(amount, growth)
        printed = _interval(before["value"], before["places"], MONEY_UNITS[before["unit"]])
        if implied is None or _meets(implied, printed):
            continue
        word = "增长" if growth["sign"] > 0 else "下降"
        message = (f"“{amount['label']}（{amount['code']}）” {amount['text']}，比 {this.year - 1} 年度{word} "
                   f"{growth['text']}，即 {this.year - 1} 年在 {_money(implied[0])} 至 {_money(implied[1])} 万元"
                   f"之间；上年报告（{prior.label()}，{_place(before)}）为 {before['text']}")
        findings.append(_finding("Y103", this, growth, message,
                                 f"{_money(implied[0])}–{_money(implied[1])}", before["text"]))
    return findings


def stated_growth(this: Document, prior: Document) -> list[Finding]:
    """"比上年增长/下降 g%" with this year's amount and no change in money, against last
    year's printed amount: last year's lies in amount / (1 ± g), over every value the
    printed amount and rate can stand for."""
    findings = []
    last_year = _statements(prior)
    for key, statements in _statements(this).items():
        grown = [f for f in statements if "growth" in f and "change" not in f and _amount(f)]
        before = _printed(last_year.get(key, []))
        if len(grown) != 1 or before is None:
            continue
        amount, growth = _amount(grown[0]), grown[0]["growth"]
        if None in (amount["wan"], before["wan"]) or not growth["sign"] or growth["unit"] != "%":
            continue
        implied = _implied_by_rate(amount, growth)
        printed = _interval(before["value"], before["places"], MONEY_UNITS[before["unit"]])
        if implied is None or _meets(implied, printed):
            continue
        word = "增长" if growth["sign"] > 0 else "下降"
        message = (f"“{amount['label']}” {amount['text']}，比上年{word} {growth['text']}，即上年在 "
                   f"{_money(implied[0])} 至 {_money(implied[1])} 万元之间；上年报告（{prior.label()}，"
                   f"{_place(before)}）为 {before['text']}")
        findings.append(_finding("Y103", this, growth, message,
                                 f"{_money(implied[0])}–{_money(implied[1])}", before["text"]))
    return findings


#: the words of a statement that gives, right after a figure, its change on last year
#: ("…52 人，比上年增加 2 人") or last year's figure itself ("…45.00 万元，上年决算 40.00 万元")
_CHANGE_WORDS = re.compile(r"^(?:比|较|与)上年(?:末|底|同期)?(?:决算)?(?:相比|比较)?[，,]?(?P<word>增加|减少|增长|下降)$")
_PRIOR_WORDS = re.compile(r"^上年度?(?:末|底)?(?:决算|实际)?(?:数|为|是)?$")
_RISE = ("增加", "增长")

#: the counts a report states of itself, year after year: (name, unit, label pattern),
#: the first that matches names a label ("离退休" before "退休")
_COUNTED = (("离退休人员", "人", r"离退休"), ("实有人数", "人", r"实有人[数员]|人员总数"),
            ("编制数", "人", r"编制"), ("在职人员", "人", r"在职"), ("离休人员", "人", r"离休"),
            ("退休人员", "人", r"退休"), ("公务用车保有量", "辆", r"保有量"),
            ("车辆", "辆", r"(?:共有|实有|现有|拥有)车辆|^车辆(?:总数)?$|车辆总数"))


def _count_name(fact: dict) -> str | None:
    """Which of the counts a report states year after year a figure is, if any."""
    if fact["attribute"] != "count":
        return None
    label = _plain(fact["label"])
    if _CHANGE_WORDS.match(label) or _PRIOR_WORDS.match(label):
        return None
    return next((name for name, unit, pattern in _COUNTED
                 if unit == fact["unit"] and re.search(pattern, label)), None)


def _in_order(doc: Document) -> list[list[dict]]:
    """The report's statements in reading order, each its figures."""
    by_statement = defaultdict(list)
    for fact in doc.facts:
        by_statement[fact["stmt"]].append(fact)
    return [by_statement[index] for index in sorted(by_statement)]


def _said_of_last_year(doc: Document):
    """(figure, what the next statement says of last year: "change" or "prior", its figure,
    the sign of a change) for each figure followed by a statement of last year's."""
    statements = _in_order(doc)
    for rows, after in zip(statements, statements[1:]):
        # the figure of the statement, beside any rate it gives too ("…增加 2 人，增长 4%")
        figures = [f for f in after if f["unit"] != "%"]
        if len(figures) != 1 or figures[0]["section"] != rows[-1]["section"]:
            continue
        said = figures[0]
        label = _plain(said["label"])
        if match := _CHANGE_WORDS.match(label):
            yield rows, "change", said, 1 if match.group("word") in _RISE else -1
        elif _PRIOR_WORDS.match(label):
            yield rows, "prior", said, 0


def _printed_counts(doc: Document) -> dict[tuple[str, str], int]:
    """Each count the report prints, where every mention of it gives the same number."""
    found = defaultdict(set)
    for fact in doc.facts:
        if (name := _count_name(fact)) is not None:
            found[(name, fact["unit"])].add(fact["value"])
    return {key: values.pop() for key, values in found.items() if len(values) == 1}


def stated_counts(this: Document, prior: Document) -> list[Finding]:
    """People and vehicles: "N 人，比上年增加 M 人" (or "上年 K 人") against the count
    last year's report printed. Counts are exact."""
    findings = []
    printed = _printed_counts(prior)
    for rows, kind, said, sign in _said_of_last_year(this):
        counts = [f for f in rows if _count_name(f) and f["unit"] == said["unit"]]
        if len(counts) != 1 or said["attribute"] != "count":
            continue
        figure = counts[-1]
        before = printed.get((_count_name(figure), figure["unit"]))
        implied = said["value"] if kind == "prior" else figure["value"] - sign * said["value"]
        if before is None or implied == before:
            continue
        unit = figure["unit"]
        stated = (f"比上年{'增加' if sign > 0 else '减少'} {said['text']}" if kind == "change"
                  else f"上年 {said['text']}")
        implied_text = f"，即上年为 {implied} {unit}" if kind == "change" else ""
        message = (f"“{figure['label']}” {figure['text']}，{stated}{implied_text}；"
                   f"上年报告（{prior.label()}）为 {before} {unit}")
        findings.append(_finding("Y104", this, said, message, f"{implied} {unit}", f"{before} {unit}"))
    return findings


def stated_prior_amounts(this: Document, prior: Document) -> list[Finding]:
    """Last year's amount stated after this year's ("…45.00 万元，上年决算 40.00 万元", or a
    change on last year in a statement of its own) against last year's printed amount."""
    findings = []
    last_year = _statements(prior)
    for rows, kind, said, sign in _said_of_last_year(this):
        key = _statement_key(rows)
        amount = _amount({row["attribute"]: row for row in rows})
        before = _printed(last_year.get(key, [])) if key else None
        if None in (amount, before) or None in (amount["wan"], said["wan"], before["wan"]):
            continue
        if "change" in {row["attribute"] for row in rows}:
            continue                      # the statement gives its own change (Y102)
        if kind == "prior":
            implied = _interval(said["value"], said["places"], MONEY_UNITS[said["unit"]])
        else:
            implied = _implied(amount, {**said, "sign": sign})
        printed = _interval(before["value"], before["places"], MONEY_UNITS[before["unit"]])
        if _meets(implied, printed):
            continue
        middle = (implied[0] + implied[1]) / 2
        stated = (f"比上年{'增加' if sign > 0 else '减少'} {said['text']}" if kind == "change"
                  else f"上年 {said['text']}")
        implied_text = f"，即上年为 {_money(middle)} 万元" if kind == "change" else ""
        message = (f"“{amount['label']}” {amount['text']}，{stated}{implied_text}；"
                   f"上年报告（{prior.label()}，{_place(before)}）为 {before['text']}")
        findings.append(_finding("Y105", this, said, message, _money(middle), before["text"]))
    return findings


def _row_place(cell: dict) -> tuple:
    """Where a cell is, in a form last year's table has too: table, row (its code, else its
    label and side), column."""
    label = _plain(cell["row_label"])
    return cell["table_key"], cell["row_code"] or (label, cell["side"]), cell["column_key"]


def prior_columns(this: Document, prior: Document) -> list[Finding]:
    """A table's column of last year's figures (上年决算数) against the same row of the same
    table of last year's report, in its column of that year's figures."""
    wanted = [c for c in this.cells if c["column_key"].startswith(PRIOR_YEAR)]
    if not wanted:
        return []
    found = defaultdict(list)
    for cell in prior.cells:
        found[_row_place(cell)].append(cell)
    last_year = _unique(found)
    findings = []
    for cell in wanted:
        table, row, column = _row_place(cell)
        before = last_year.get((table, row, column[len(PRIOR_YEAR):]))
        size, prior_size = _cell_size(cell), before and _cell_size(before)
        if before is None or size is None or prior_size is None:
            continue
        if _meets(_interval(cell["value"], cell["places"], size),
                  _interval(before["value"], before["places"], prior_size)):
            continue
        message = (f"{cell['title']}“{cell['row_label']}”上年栏（{cell['header'] or column}）为 "
                   f"{cell['text']}，上年报告（{prior.label()}，{_place(before)}）{before['title']}"
                   f"“{before['row_label']}”{_column(before)}为 {before['text']}")
        findings.append(_finding("Y106", this, cell, message, cell["text"], before["text"]))
    return findings


def _implied_by_rate(amount: dict, growth: dict) -> tuple[Decimal, Decimal] | None:
    low, high = _interval(amount["value"], amount["places"], MONEY_UNITS[amount["unit"]])
    half = _half(growth["places"])
    rate_low, rate_high = (growth["value"] - half) / 100, (growth["value"] + half) / 100
    if growth["sign"] > 0:
        factors = (1 + rate_high, 1 + max(rate_low, Decimal(0)))
    else:
        factors = (1 - max(rate_low, Decimal(0)), 1 - rate_high)
    if factors[1] <= 0:                 # a fall of 100% or more says nothing of last year
        return None
    return low / factors[0], high / factors[1]


def _implied(amount: dict, change: dict) -> tuple[Decimal, Decimal]:
    """Last year's amount as this year's amount and its change give it, as an interval."""
    low, high = _interval(amount["value"], amount["places"], MONEY_UNITS[amount["unit"]])
    c_low, c_high = _interval(change["value"], change["places"], MONEY_UNITS[change["unit"]])
    if change["sign"] > 0:
        return low - c_high, high - c_low
    return low + c_low, high + c_high


def _finding(rule_id: str, this: Document, where: dict, message: str, stated: str, expected: str) -> Finding:
    from juesuan.rules.registry import by_id
    rule = by_id(rule_id)
    return Finding(rule.id, rule.name, rule.severity, message,
                   Location(line=where.get("line"), page=where.get("page"), quote=where.get("text")),
                   stated, expected)


def compare(this: Document, prior: Document, select=None) -> list[Finding]:
    """Every finding of this report against the department's previous report: the
    catalogue's cross-year rules (``scope == "store"``), each given both documents."""
    from juesuan.rules import RULES
    findings = []
    for rule in RULES:
        if rule.scope == "store" and (select is None or rule.id in select or rule.name in select):
            findings.extend(rule.check(this, prior))
    return sorted(findings, key=lambda f: (f.location.page or 0, f.location.line or 0, f.rule))


def compare_texts(prior_text: str, this_text: str, select=None) -> list[Finding]:
    """The cross-year findings of two reports given as text (last year's first)."""
    from juesuan.api import check_text
    from juesuan.store.records import document_of
    prior, this = (document_of(check_text(text, f"{which}.txt"), text.encode("utf-8"), f"{which}.txt")
                   for which, text in (("prior", prior_text), ("this", this_text)))
    return compare(this, prior, select)
