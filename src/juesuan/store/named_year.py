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
#: a 科目 of the 财政拨款 table and its amount for a year, perhaps with its change on the
#: year before: "小学教育（2050202），2024 年度决算数为 8,627.17 万元，比 2023 年度决算数增长
#: 8.24%" / "…，与 2023 年度决算数一致"
_CODED = re.compile(
    rf"[（(](?P<code>\d{{3,7}})[）)]\s*[，,]\s*(?P<year>20\d\d)\s*年度?\s*决算数?\s*为\s*"
    rf"(?P<amount>{_NUMBER})\s*(?P<unit>{_UNIT})(?:\s*[，,]\s*(?:比|较|与)\s*(?P<prior>20\d\d)\s*年度?\s*"
    rf"决算数?\s*(?:(?P<word>增长|增加|降低|下降|减少)\s*(?P<by>{_NUMBER})\s*(?P<by_unit>%|{_UNIT})"
    rf"|(?P<same>一致|持平|相同)))?")
_NAME_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,30}$")
_FALL = ("降低", "下降", "减少")
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
    """The changes and the 科目 amounts as rows of the facts table (section
    ``year-named``), numbered as statements from ``first``; a change the explanation's
    reader already has (same line, same value, ``known``) is left to it."""
    rows = []
    found_all = [found for found in changes(text, year)
                 if (flow.line_of(found["change"]["start"]), found["change"]["value"]) not in known]
    for index, found in enumerate([*found_all, *coded(text, year)], start=first):
        for attribute in ("amount", "change", "growth"):
            if attribute not in found:
                continue
            figure = found[attribute]
            rows.append({"stmt": index, "section": SECTION, "concept": None, "label": found["label"],
                         "attribute": attribute, "value": figure["value"], "places": figure["places"],
                         "unit": figure["unit"], "wan": figure["wan"], "text": figure["text"],
                         "sign": found.get("sign", 0) if attribute != "amount" else 0,
                         "page": flow.page_of(figure["start"]), "line": flow.line_of(figure["start"]),
                         "code": found.get("code"), "names": None, "budget": None})
    return rows


def coded(text: str, year: int | None) -> list[dict]:
    """Each 科目 amount the report prints for its own year ("（2050202），2024 年度决算数为
    8,627.17 万元"), with the change on the year before it states ("growth" in %,
    "change" in money, a change of 0 for "一致"), where that year is ``year`` − 1."""
    if not year:
        return []
    found = []
    for match in _CODED.finditer(text):
        if int(match.group("year")) != year:
            continue
        name = _NAME_BEFORE.search(text, max(0, match.start() - 30), match.start())
        item = {"code": match.group("code"), "label": name.group(0) if name else match.group("code"),
                "amount": _figure(match.group("amount"), match.group("unit"), match.start("amount"))}
        if match.group("prior") and int(match.group("prior")) == year - 1:
            if match.group("same"):
                item["change"] = {"value": Decimal(0), "places": 2, "unit": "万元", "wan": Decimal(0),
                                  "text": match.group("same"), "start": match.start("same")}
                item["sign"] = 1
            else:
                sign = -1 if match.group("word") in _FALL else 1
                unit = match.group("by_unit")
                if unit == "%":
                    by = match.group("by")
                    item["growth"] = {"value": Decimal(by.replace(",", "")), "unit": "%", "wan": None,
                                      "places": len(by.split(".")[1]) if "." in by else 0,
                                      "text": f"{by}%", "start": match.start("by")}
                else:
                    item["change"] = _figure(match.group("by"), unit, match.start("by"))
                item["sign"] = sign
        found.append(item)
    return found
