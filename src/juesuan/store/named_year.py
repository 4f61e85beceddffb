"""Changes on the year before that name that year by its number: "学校 2024 年度收入总计
477,447.73 万元，与 2023 年度相比，增加 46,722.70 万元。其中：财政拨款收入增加 36,802.62
万元，…，其他支出保持不变。"

The explanation's reader takes such a sentence only where a section of the template holds
it; the 教育部 university layout prints it under 收支决算总表说明, which is no section of the
template. What the store needs of it is narrow — which quantity, this year's amount where
the sentence gives it, the change and its direction — so it is read here, for the
cross-year comparison only, and only where the year named is the one before the report's.
"""
from __future__ import annotations

import re
from decimal import Decimal

from juesuan.model.number import MONEY_UNITS

SECTION = "year-named"

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNIT = r"万元|亿元|元"
_HEAD = re.compile(
    rf"(?P<label>[\u4e00-\u9fff]{{2,14}})\s*(?P<amount>{_NUMBER})\s*(?P<unit>{_UNIT})\s*[，,]\s*"
    rf"(?:与|比|较|同)\s*(?P<year>20\d\d)\s*年度?\s*(?:决算数?)?\s*(?:相比|比较)?\s*[，,]?\s*"
    rf"(?P<word>增加|减少)\s*(?P<change>{_NUMBER})\s*(?P<cunit>{_UNIT})")
_ITEMS = re.compile(r"\s*其中\s*[：:]")
_ITEM = re.compile(
    rf"(?:^|[：:，,；;、])\s*(?P<label>[\u4e00-\u9fff]{{2,16}}?)\s*(?:(?P<word>增加|减少)\s*"
    rf"(?P<change>{_NUMBER})\s*(?P<unit>{_UNIT})|(?P<same>保持不变|持平|与上年持平))")
#: "2024 年度收入总计": the year's own words before the quantity
_YEAR_WORDS = re.compile(r"^年度?(?![末初])")


def _figure(text: str, unit: str, start: int) -> dict:
    plain = text.replace(",", "")
    places = len(plain.split(".")[1]) if "." in plain else 0
    value = Decimal(plain)
    return {"value": value, "places": places, "unit": unit, "wan": value * MONEY_UNITS[unit],
            "text": f"{text} {unit}", "start": start}


def changes(text: str, year: int | None) -> list[dict]:
    """Each change on ``year`` − 1 named by its number: {"label", "sign", "change", and
    "amount" where the sentence gives this year's}, figures with their offsets."""
    if not year:
        return []
    found = []
    for head in _HEAD.finditer(text):
        if int(head.group("year")) != year - 1:
            continue
        label = _YEAR_WORDS.sub("", head.group("label"))
        found.append({"label": label, "sign": 1 if head.group("word") == "增加" else -1,
                      "amount": _figure(head.group("amount"), head.group("unit"), head.start("amount")),
                      "change": _figure(head.group("change"), head.group("cunit"), head.start("change"))})
        found.extend(_items(text, head.end()))
    return found


def _items(text: str, after: int) -> list[dict]:
    """The parts of a change listed in the sentence that follows it ("其中：A增加 x 万元，…")."""
    stop = text.find("。", after)
    if stop < 0 or not (opening := _ITEMS.match(text, stop + 1)):
        return []
    end = text.find("。", opening.end())
    end = len(text) if end < 0 else end
    items = []
    for item in _ITEM.finditer(text, opening.end() - 1, end):
        if item.group("same"):
            change = {"value": Decimal(0), "places": 2, "unit": "万元", "wan": Decimal(0),
                      "text": item.group("same"), "start": item.start("same")}
            items.append({"label": item.group("label"), "sign": 1, "change": change})
        else:
            items.append({"label": item.group("label"), "sign": 1 if item.group("word") == "增加" else -1,
                          "change": _figure(item.group("change"), item.group("unit"), item.start("change"))})
    return items


def fact_rows(text: str, year: int | None, flow, first: int, known: set) -> list[dict]:
    """The changes as rows of the facts table (section ``year-named``), numbered as
    statements from ``first``; one the explanation's reader already has (same line, same
    figure, ``known``) is left to it."""
    rows = []
    for index, found in enumerate(changes(text, year), start=first):
        change = found["change"]
        if (flow.line_of(change["start"]), change["text"]) in known:
            continue
        for attribute in ("amount", "change"):
            if attribute not in found:
                continue
            figure = found[attribute]
            rows.append({"stmt": index, "section": SECTION, "concept": None, "label": found["label"],
                         "attribute": attribute, "value": figure["value"], "places": figure["places"],
                         "unit": figure["unit"], "wan": figure["wan"], "text": figure["text"],
                         "sign": found["sign"] if attribute == "change" else 0,
                         "page": flow.page_of(figure["start"]), "line": flow.line_of(figure["start"]),
                         "code": None, "names": None, "budget": None})
    return rows
