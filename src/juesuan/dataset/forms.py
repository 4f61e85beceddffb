"""A dataset as JSON and as CSV: the structured files ``render`` reads and ``extract`` writes.

JSON holds it whole, figures as strings ("1039.80") so that no reader turns them into
floats. CSV holds one fact per line (field, table cell or line note), for spreadsheets
and databases; both read back to the same dataset.
"""
from __future__ import annotations

import csv
import io
import json
import tomllib
from decimal import Decimal

from juesuan.dataset.fields import FIELDS, LINE_FIELDS
from juesuan.dataset.model import (DataError, Dataset, LineNote, Row, clean_label, clean_text, field_value,
                                   money_value, Problems, require)

_LINE_KEYS = tuple(f.key for f in LINE_FIELDS)


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def to_json(dataset: Dataset) -> str:
    data = {
        "fields": {f.key: _plain(dataset.fields[f.key]) for f in FIELDS
                   if dataset.fields.get(f.key) not in (None, "", [])},
        "tables": {key: [{"code": row.code, "label": row.label, **({"side": row.side} if row.side else {}),
                          "values": {c: _plain(v) for c, v in row.values.items()}} for row in rows]
                   for key, rows in dataset.tables.items()},
        "lines": [{"budget": n.budget, "code": n.code,
                   **{k: _plain(v) for k, v in zip(_LINE_KEYS, (n.prior, n.planned, n.use, n.reason))
                      if v not in (None, "")}} for n in dataset.lines],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def from_json(text: str) -> Dataset:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(f"not valid JSON: {error}") from None
    except RecursionError:
        raise DataError("nested too deeply to be data (the JSON form has three levels)") from None
    return _from_mapping(data)


def from_toml(text: str) -> Dataset:
    """The JSON form's structure written as TOML ([fields], [[tables.income]], [[lines]])."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DataError(f"not valid TOML: {error}") from None
    except RecursionError:
        raise DataError("nested too deeply to be data (the TOML form has three levels)") from None
    return _from_mapping(data)


def _from_mapping(data: object) -> Dataset:
    """The dataset, or every problem found in it at once (DataProblems)."""
    if not isinstance(data, dict):
        raise DataError("the JSON must be an object with fields, tables and lines")
    problems = Problems()
    fields: dict[str, object] = {}
    with problems.each():
        for key, value in _shaped(data.get("fields"), dict, "fields").items():
            with problems.each():
                fields[key] = field_value(key, value)
    tables: dict[str, list[Row]] = {}
    with problems.each():
        for key, rows in _shaped(data.get("tables"), dict, "tables").items():
            tables[key] = []
            with problems.each():
                for n, row in enumerate(_shaped(rows, list, f"table {key}"), 1):
                    with problems.each():
                        tables[key].append(_row(key, n, row))
    lines: list[LineNote] = []
    with problems.each():
        for item in _shaped(data.get("lines"), list, "lines"):
            with problems.each():
                lines.append(_note(item))
    dataset = Dataset({k: v for k, v in fields.items() if v is not None}, tables, lines)
    with problems.each():
        require(dataset)
    problems.raise_any()
    return dataset


def _shaped(value: object, kind: type, where: str):
    """``value`` if it is of ``kind`` (an empty one for a missing value); DataError if not."""
    if value is None:
        return kind()
    if not isinstance(value, kind):
        raise DataError(f"{where}: expected {'an object' if kind is dict else 'a list'}, "
                        f"found {type(value).__name__}")
    return value


def _row(table: str, number: int, row: object) -> Row:
    if not isinstance(row, dict):
        raise DataError(f"table {table}, row {number}: expected an object")
    where = f"table {table}, row {number}"
    values = {str(c): money_value(v, f"{where}, {c}") for c, v in _shaped(row.get("values"), dict, where).items()}
    code = row.get("code")
    return Row(clean_label(str(row.get("label") or "")), values, str(code) if code else None,
               str(row.get("side") or ""))


def _note(item: object) -> LineNote:
    if not isinstance(item, dict) or not item.get("code"):
        raise DataError(f"a line needs a budget and a code: {repr(item)[:80]}")
    where = f"line {item['code']}"
    prior, planned = (money_value(item[k], f"{where}, {k}") if item.get(k) not in (None, "") else None
                      for k in _LINE_KEYS[:2])
    return LineNote(str(item.get("budget") or "general"), str(item["code"]), prior, planned,
                    clean_text(str(item.get(_LINE_KEYS[2]) or "")), clean_text(str(item.get(_LINE_KEYS[3]) or "")))


CSV_HEADER = ("kind", "table", "side", "code", "label", "column", "value")


def to_csv(dataset: Dataset) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for f in FIELDS:
        value = dataset.fields.get(f.key)
        if value in (None, "", []):
            continue
        for item in value if isinstance(value, list) else [value]:
            writer.writerow(("field", "", "", "", f.key, "", _plain(item)))
    for key, rows in dataset.tables.items():
        for row in rows:
            for column, value in row.values.items() or {"": None}.items():
                writer.writerow(("table", key, row.side, row.code or "", row.label, column,
                                 "" if value is None else _plain(value)))
    for n in dataset.lines:
        for column, value in zip(_LINE_KEYS, (n.prior, n.planned, n.use, n.reason)):
            writer.writerow(("line", n.budget, "", n.code, "", column, "" if value is None else _plain(value)))
    return out.getvalue()


def from_csv(text: str) -> Dataset:
    """The dataset, or every problem found in it at once (DataProblems)."""
    try:
        records = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise DataError(f"not a readable CSV ({error})") from None
    header = records[0] if records else None
    if header is None or tuple(h.strip().lstrip("\ufeff") for h in header) != CSV_HEADER:
        raise DataError(f"a data CSV starts with the header {','.join(CSV_HEADER)}")
    problems = Problems()
    raw_fields: dict[str, list[str]] = {}
    tables: dict[str, list[Row]] = {}
    rows: dict[tuple, Row] = {}
    notes: dict[tuple, dict[str, str]] = {}
    for number, record in enumerate(records[1:], 2):
        if not any(record):
            continue
        if len(record) != len(CSV_HEADER):
            problems.add(f"line {number}: expected {len(CSV_HEADER)} columns, found {len(record)}")
            continue
        kind, table, side, code, label, column, value = record
        if kind == "field":
            raw_fields.setdefault(label, []).append(value)
        elif kind == "table":
            key = (table, side, code, label)
            if key not in rows:
                rows[key] = Row(clean_label(label), {}, code or None, side)
                tables.setdefault(table, []).append(rows[key])
            if column:
                with problems.each():
                    rows[key].values[column] = money_value(value, f"line {number}")
        elif kind == "line":
            notes.setdefault((table, code), {})[column] = value
        else:
            problems.add(f"line {number}: unknown kind {kind!r} (field, table or line)")
    fields = {}
    for key, values in raw_fields.items():
        kind = next((f.kind for f in FIELDS if f.key == key), None)
        with problems.each():
            fields[key] = field_value(key, values if kind == "texts" else values[0])
    lines = []
    for (b, c), v in notes.items():
        with problems.each():
            lines.append(_note({"budget": b, "code": c, **v}))
    dataset = Dataset({k: v for k, v in fields.items() if v is not None}, tables, lines)
    with problems.each():
        require(dataset)
    problems.raise_any()
    return dataset
