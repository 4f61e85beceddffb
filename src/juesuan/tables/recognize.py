"""From a raw grid to one of the nine tables: which table, which columns, which rows.

A grid comes from any reader (HTML <table>, Word table, Excel sheet, PDF ruling, text
lines). The table is known by its title (or, failing that, its first rows), its header
rows are the rows before the first row with a code or a figure, and each column is
named by the words of its joined header cells, so that wrapped, merged or reordered
headers all read the same.
"""
from __future__ import annotations

import re
from dataclasses import replace

from juesuan.model.document import RawTable
from juesuan.model.number import Number
from juesuan.tables.cells import code, figure
from juesuan.tables.model import Table, TableRow
from juesuan.tables.spec import TableSpec, sangong_column, spec_for_title

_UNIT = re.compile(r"单位[:：]\s*(万元|元|亿元)")
_NUMBERING = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*")
_CODE_AND_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s+(\S.*)$")
_TOTALS = ("合计", "总计")
#: the captions of function codes printed in three columns
_CODE_LEVELS = ("类", "款", "项")
_SIDE_ROWS = ("本年收入合计", "本年支出合计", "使用非财政拨款结余", "年初", "年末", "结余分配", "总计",
              "人员经费合计", "公用经费合计")


def recognize_all(raws: list[RawTable], text: str | None = None) -> list[Table]:
    """Every raw grid that is one of the known tables, recognised (a list of contents,
    naming several tables, is none of them).

    With the document's ``text``, a table whose rows go on after its grid as lines of text
    (a page the reader could not read as a grid) is marked as continuing: its total is not
    the sum of the rows read."""
    lines = text.split("\n") if text is not None else []
    raws = [part for raw in raws for part in _split_stacked(raw)]
    continuing = {id(raw) for raw in raws if lines and _rows_follow(raw, lines)}
    tables = []
    for raw, last in _join_continued(raws):
        if _is_contents(raw) or (table := recognize(raw)) is None:
            continue
        table.continues = id(last) in continuing
        tables.append(table)
    return tables


def _split_stacked(raw: RawTable) -> list[RawTable]:
    """A grid holding several tables one below the other (a sheet, or a page's one
    ``<table>``, with all nine), cut at the row of each title: each part is read as a table
    of its own. A grid is cut only when its titles name different tables (a title repeated
    with "（续）" goes on with the same table) and each part holds a figure (a list of
    contents holds the titles alone)."""
    titles = [(i, title) for i, row in enumerate(raw.rows) if (title := _title_of_row(row))]
    specs = [spec_for_title(title).key for _, title in titles]
    if len(titles) < 2 or len(set(specs)) != len(specs):
        return [raw]
    starts = [i for i, _ in titles]
    starts[0] = 0                 # rows above the first title (a cover line) go with it
    bounds = list(zip(starts, [*starts[1:], len(raw.rows)]))
    if not all(any(figure(cell) is not None for row in raw.rows[a:b] for cell in row) for a, b in bounds):
        return [raw]
    return [_part(raw, a, b) for a, b in bounds]


def _title_of_row(row: list[str]) -> str | None:
    """The title a row holds alone (merged over the row or in one cell), if any."""
    cells = {cell.strip() for cell in row if cell.strip()}
    if len(cells) != 1:
        return None
    (cell,) = cells
    return cell if len(cell) <= 40 and spec_for_title(cell) is not None else None


def _part(raw: RawTable, start: int, end: int) -> RawTable:
    """Rows ``start`` to ``end`` of a grid as a grid of their own, each row where it was."""
    return replace(raw, rows=raw.rows[start:end],
                   line=raw.line + start if raw.line is not None and raw.row_lines is None else raw.line,
                   title=next((t for row in raw.rows[start:end] if (t := _title_of_row(row))), raw.title),
                   uncertain_rows={i - start for i in raw.uncertain_rows if start <= i < end},
                   row_lines=raw.row_lines[start:end] if raw.row_lines is not None else None,
                   row_pages=raw.row_pages[start:end] if raw.row_pages is not None else None,
                   sheet_rows=raw.sheet_rows[start:end] if raw.sheet_rows is not None else None)


_ROW_AS_TEXT = re.compile(r"^(?:\d{1,3}\s+)?\d{3}(?:\d{2}){0,2}\s*[^\d\s]+.*?\d\.\d{2}")


def _rows_follow(raw: RawTable, lines: list[str]) -> bool:
    """Whether the first line of text after the grid is a coded row with figures."""
    if raw.line is None or raw.source is not None:
        return False
    after = (line.replace("\f", "").strip() for line in lines[raw.line - 1 + len(raw.rows):])
    following = next((line for line in after if line), "")
    return bool(_ROW_AS_TEXT.match(following))


def _join_continued(raws: list[RawTable]) -> list[tuple[RawTable, RawTable]]:
    """A table that runs over pages comes as one grid per page, the later ones without a
    title, with or without the header repeated: they are joined to the grid they continue.
    Each joined grid comes with the last grid it was joined from."""
    joined: list[RawTable] = []
    lasts: list[RawTable] = []
    last_page: int | None = None
    for raw in raws:
        previous = joined[-1] if joined else None
        next_page = last_page is not None and raw.page == last_page + 1 and not spec_for_title(raw.title)
        repeated = _repeated_header(previous, raw) if previous is not None and next_page else 0
        rows = raw.rows[repeated:] if repeated else _headless_continuation(previous, raw) if next_page else None
        if rows is not None:
            offset = len(previous.rows) - repeated
            joined[-1] = replace(previous, rows=previous.rows + rows,
                                 row_lines=_joined_lines(previous, raw, repeated),
                                 row_pages=_joined_pages(previous, raw, repeated),
                                 uncertain_rows=previous.uncertain_rows | {offset + i for i in raw.uncertain_rows},
                                 sheet_rows=None)   # rows of two sheets: no one sheet's cells
            lasts[-1] = raw
        else:
            joined.append(raw)
            lasts.append(raw)
        last_page = raw.page
    return list(zip(joined, lasts))


def _headless_continuation(previous: RawTable | None, raw: RawTable) -> list[list[str]] | None:
    """The rows of a grid that goes on with the table of the page before without repeating
    its header: it opens with a row of data, and has the previous grid's columns, or those
    columns with the code printed once where the first page spreads it over the merged
    类/款/项 columns. None when the grid is not such a continuation."""
    if previous is None or not raw.rows or not previous.rows:
        return None
    spec = spec_for_title(previous.title)
    if spec is None or not _opens_with_data(raw.rows[0], spec):
        return None
    width, wanted = max(map(len, raw.rows)), max(map(len, previous.rows))
    if width == wanted:
        return raw.rows
    spread = _code_columns(previous)
    if spread > 1 and width + spread - 1 == wanted:
        return [row[:1] * spread + row[1:] for row in raw.rows]
    return None


def _code_columns(raw: RawTable) -> int:
    """How many leading columns of a grid repeat one code in each of its coded rows."""
    runs = [_run(row) for row in raw.rows if row and code(row[0].strip())]
    return min(runs) if runs else 0


def _run(row: list[str]) -> int:
    first = row[0].strip()
    count = 0
    for cell in row:
        if cell.strip() != first:
            break
        count += 1
    return count


def _joined_lines(previous: RawTable, raw: RawTable, repeated: int) -> list[int] | None:
    """The lines of the rows of a grid joined to the one it continues (a page's foot and the
    next page's head lie between the two parts); None when the parts have no lines."""
    first, rest = _lines_of_rows(previous), _lines_of_rows(raw)
    return None if first is None or rest is None else [*first, *rest[repeated:]]


def _joined_pages(previous: RawTable, raw: RawTable, repeated: int) -> list[int | None]:
    """The pages of the rows of a grid joined to the one it continues: each part's own."""
    return [*(previous.row_pages or [previous.page] * len(previous.rows)),
            *(raw.row_pages or [raw.page] * len(raw.rows))[repeated:]]


def _lines_of_rows(raw: RawTable) -> list[int] | None:
    if raw.row_lines is not None:
        return raw.row_lines
    return None if raw.line is None else list(range(raw.line, raw.line + len(raw.rows)))


def _repeated_header(previous: RawTable, raw: RawTable) -> int:
    """How many leading rows of ``raw`` repeat the header rows that open ``previous``."""
    count = 0
    for mine, theirs in zip(raw.rows, previous.rows):
        if [c.strip() for c in mine] != [c.strip() for c in theirs] or any(figure(c) for c in mine):
            break
        count += 1
    return count


def _is_contents(raw: RawTable) -> bool:
    titles = {spec.key for row in raw.rows for cell in row if cell and (spec := spec_for_title(cell))}
    return len(titles) >= 3


def recognize(raw: RawTable) -> Table | None:
    """The table a grid is, or None when it is none of the nine."""
    # Rows keep their index in the grid: a row's line is the table's line plus that index.
    numbered = [(i, [cell.strip() for cell in row]) for i, row in enumerate(raw.rows)
                if any(c.strip() for c in row)]
    if not numbered:
        return None
    head_text = " ".join(" ".join(row) for _, row in numbered[:3])
    spec = spec_for_title(raw.title) or spec_for_title(head_text)
    if spec is None:
        return None
    unit = _unit(raw.title + " " + head_text)
    numbered = [(i, row) for i, row in numbered if not _is_title_row(row) and not _is_column_numbers(row)]
    first = next((n for n, (_, row) in enumerate(numbered) if _is_data(row, spec)), len(numbered))
    width = max(len(row) for _, row in numbered)
    stacked = [_stacked([row for _, row in numbered[:first]], j) for j in range(width)]
    headers = ["".join(cells) for cells in stacked]
    # The table is named as the template names it: a sheet may be called "Sheet3".
    table = Table(spec=spec, title=spec.title, rows=[], page=raw.page, line=raw.line,
                  index=raw.index, unit=unit, source=raw.source, row_lines=raw.row_lines,
                  row_pages=raw.row_pages, sheet=raw.sheet, sheet_rows=raw.sheet_rows,
                  sheet_columns=raw.sheet_columns)
    data = [(i, row + [""] * (width - len(row))) for i, row in numbered[first:] if not _is_note(row)]
    exact = raw.exact
    if spec.key == "sangong":
        table.rows = _sangong(headers, data, unit, exact)
    elif spec.two_sided:
        table.rows = _two_sided(spec, headers, data, unit, exact, stacked)
    else:
        table.rows = _classified(spec, headers, data, unit, exact, stacked)
    uncertain = raw.uncertain_rows
    for row in table.rows:
        row.uncertain = row.index in uncertain
    table.unread = _unread_figures(data, table.rows) + _lost_rows(data, table.rows, uncertain)
    return table


def _unread_figures(data, rows: list[TableRow]) -> int:
    """How many amounts (figures with decimals: a row's or a column's number has none)
    the data rows print in cells that no row took into a column."""
    taken: dict[int, set[int]] = {}
    for row in rows:
        taken.setdefault(row.index, set()).update(row.places.values())
    return sum(1 for index, cells in data for j, cell in enumerate(cells)
               if j not in taken.get(index, ()) and "." in cell and figure(cell) is not None)


def _lost_rows(data, rows: list[TableRow], uncertain: set[int]) -> int:
    """How many grid rows from the first data row on (or any, when none reads as data) the
    reader could not place for sure that gave no row any figure (left blank, or read as a
    label alone): their figures, one at least, were lost on the way."""
    figured = {row.index for row in rows if row.cells}
    start = data[0][0] if data else 0           # no data row: none of its rows was read
    return sum(1 for index in uncertain if index >= start and index not in figured)


def _unit(text: str) -> str:
    match = _UNIT.search(text)
    return match.group(1) if match else "万元"


def _is_title_row(row: list[str]) -> bool:
    """A title, unit or 编制单位 line above the header (merged cells repeat their text)."""
    distinct = list(dict.fromkeys(cell for cell in row if cell))
    if len(distinct) > 3 or any(figure(cell) is not None for cell in distinct):
        return False
    return all(spec_for_title(cell) or _UNIT.search(cell) or cell.startswith(("编制单位", "部门：", "单位名称"))
               or _FORM_NUMBER.fullmatch(cell) for cell in distinct)


#: the table's number printed by its title: "公开02表", "部门决算公开表二", "附表2", "表2"
_FORM_NUMBER = re.compile(r"(?:20\d\d\s*年度?)?\s*(?:公开)?\S{0,6}表\s*[\d一二三四五六七八九十]{0,3}")


def _is_column_numbers(row: list[str]) -> bool:
    """The row that numbers the columns ("栏次  1  栏次  2") is part of no sum. A table
    without label columns (the 三公 table) numbers them with no word before: 1, 2 … n."""
    first = next((cell for cell in row if cell), "")
    return first.startswith(("栏次", "行次")) or _counts_up(row)


def _counts_up(row: list[str]) -> bool:
    """Whether the row's cells are the whole numbers 1, 2, 3 … in order, three at least
    (merged cells repeat theirs): no row of money reads so."""
    numbers = [cell for n, cell in enumerate(row) if cell and (n == 0 or cell != row[n - 1])]
    return len(numbers) >= 3 and numbers == [str(n) for n in range(1, len(numbers) + 1)]


def _is_note(row: list[str]) -> bool:
    first = next((cell for cell in row if cell), "")
    return first.startswith(("注：", "注:", "说明：", "说明:", "备注："))


def _opens_with_data(row: list[str], spec: TableSpec) -> bool:
    """A grid's first row is data (a coded row, figures, a numbered label), not a header."""
    cells = [cell.strip() for cell in row]
    return any(cells) and _is_data(cells, spec)


def _is_data(row: list[str], spec: TableSpec) -> bool:
    first = next((cell for cell in row if cell), "")
    if code(first) or _CODE_AND_NAME.match(first):
        return True
    # In the 三公 table "合计" heads a column; elsewhere it labels the total row, unless it
    # stands among other columns' names, after empty label cells, with no figure (a
    # header's 合计 column, printed on a line of its own).
    if first in _TOTALS and spec.key != "sangong" and not _heads_a_column(row, first):
        return True
    # The rows of a two-sided table are numbered ("一、一般公共预算财政拨款收入") or named as
    # the template names its totals, with or without figures.
    if spec.two_sided and (_NUMBERING.match(first) or first.startswith(_SIDE_ROWS)):
        return True
    return any(figure(cell) is not None for cell in row[1:])


def _heads_a_column(row: list[str], total: str) -> bool:
    others = [cell for cell in row if cell and cell != total]
    return (row[0] != total and bool(others)
            and not any(figure(cell) is not None or cell in _NO_FIGURE for cell in others))


#: what a figure cell prints for nothing
_NO_FIGURE = frozenset({"-", "—", "--", "－", "/", "…"})


def _stacked(rows: list[list[str]], column: int) -> list[str]:
    """A column's header cells from top to bottom, a merged cell's text once, without
    spaces (a header wraps anywhere)."""
    parts: list[str] = []
    for row in rows:
        cell = re.sub(r"\s+", "", row[column] if column < len(row) else "")
        if cell and (not parts or parts[-1] != cell):
            parts.append(cell)
    return parts


def _joined(rows: list[list[str]], column: int) -> str:
    """A column's header as one text: its stacked cells joined."""
    return "".join(_stacked(rows, column))


def _column_key(spec: TableSpec, cells: list[str]) -> str | None:
    """The figure column a stack of header cells names, or None. Wrapped headers (text
    tables cut a header into lines) are read as one text, but a code column never names
    a figure column, whatever its joined text reads: "项目" above "支出功能分类科目编码"
    above "项" is no 项目支出 column."""
    if not cells or _is_code_header(cells):
        return None
    return spec.column("".join(cells))


def _is_code_header(cells: list[str]) -> bool:
    return any("编码" in cell and "名称" not in cell for cell in cells) or cells[-1] in _CODE_LEVELS


def _classified(spec: TableSpec, headers: list[str], data, unit: str, exact: bool,
                stacked: list[list[str]]) -> list[TableRow]:
    code_cols = [j for j, cells in enumerate(stacked) if cells and _is_code_header(cells)]
    code_col = code_cols[0] if code_cols else None
    name_col = next((j for j, h in enumerate(headers) if "名称" in h and j not in code_cols), None)
    if code_col is None:       # one column holds "2010505 专项统计业务", or the first two do
        code_col = name_col if name_col is not None else 0
    if name_col is None:
        name_col = code_col + 1
    columns = {j: key for j, cells in enumerate(stacked)
               if j not in (code_col, name_col, *code_cols) and (key := _column_key(spec, cells)) is not None}
    # 类, 款 and 项 printed in columns of their own are one code, carried down the rows
    # that print only their own part.
    split_codes = _split_codes([cells for _, cells in data], code_cols) if len(code_cols) > 1 else None
    rows = []
    for position, (index, cells) in enumerate(data):
        row_code = code(cells[code_col]) if split_codes is None else split_codes[position]
        label = cells[name_col] if name_col != code_col and name_col < len(cells) else ""
        joined = _CODE_AND_NAME.match(cells[code_col])
        if joined and split_codes is None:       # "2010505 专项统计业务" in one cell
            row_code, label = joined.group(1), label or joined.group(2)
        if row_code is None:
            label = label or cells[code_col]
        figures, places = _figures(cells, columns, unit, exact)
        if not label and row_code is None:
            continue
        rows.append(TableRow(label=label, code=row_code, cells=figures, index=index,
                             headers={key: headers[j] for j, key in columns.items()},
                             places=places))
    return rows


def _figures(cells: list[str], columns: dict[int, str], unit: str, exact: bool
             ) -> tuple[dict[str, Number], dict[str, int]]:
    """The figures of a row's cells by column key, and the grid column each was read from."""
    figures: dict[str, Number] = {}
    places: dict[str, int] = {}
    for j, key in columns.items():
        if (number := figure(cells[j], unit, exact)) is not None:
            figures[key], places[key] = number, j
    return figures, places


def _split_codes(rows: list[list[str]], code_cols: list[int]) -> list[str | None]:
    """Each row's code from its 类 / 款 / 项 cells ("208" "05" "01" -> "2080501"); a part
    left blank is the one of the rows above, as the tables print a group's 类 and 款 once."""
    codes: list[str | None] = []
    held = ["", ""]          # the 类 and 款 above
    for cells in rows:
        parts = [re.sub(r"\s+", "", cells[j]) for j in code_cols[:3]]
        filled = [(k, part) for k, part in enumerate(parts) if part]
        if not filled or not all(part.isdigit() for _, part in filled):
            codes.append(None)   # 合计, a blank row
            continue
        level, last = filled[-1]
        whole = last if len(last) == 3 + 2 * level else "".join(parts[k] or held[k] for k in range(level)) + last
        if code(whole) is None:  # a whole code printed in one of the columns
            whole = last if code(last) else None
        if whole is not None:
            held = [whole[:3], whole[3:5]]
        codes.append(whole)
    return codes


def _two_sided(spec: TableSpec, headers: list[str], data, unit: str, exact: bool,
               stacked: list[list[str]]) -> list[TableRow]:
    """Income on the left, expenditure on the right: one row set per half."""
    label_cols = [j for j, h in enumerate(headers) if re.search(r"项目|科目名称", h)]
    if not label_cols:
        label_cols = [0]
    blocks = []
    for number, start in enumerate(label_cols):
        end = label_cols[number + 1] if number + 1 < len(label_cols) else len(headers)
        code_col = start - 1 if start and "编码" in headers[start - 1] else None
        if number + 1 < len(label_cols) and "编码" in headers[end - 1]:
            end -= 1
        values = {j: key for j in range(start + 1, end) if (key := _column_key(spec, stacked[j])) is not None}
        blocks.append(("left" if number == 0 else "right", code_col, start, values))
    rows = []
    for index, cells in data:
        pending = None           # a label with no figure, that the next block's figure may be of
        for side, code_col, label_col, values in blocks:
            label = _NUMBERING.sub("", cells[label_col])
            row_code = code(cells[code_col]) if code_col is not None else None
            if not label and code_col is not None and row_code is None:
                label = cells[code_col]        # "人员经费合计" printed across code and name
            figures, places = _figures(cells, values, unit, exact)
            if pending is not None and pending[1] == side and not label and row_code is None and figures:
                label = pending[0]             # "公用经费合计" printed across two blocks of a half
                rows.pop()
            pending = (label, side) if label and row_code is None and not figures else None
            if not label and not figures:
                continue
            rows.append(TableRow(label=label, code=row_code, cells=figures, index=index, side=side,
                                 headers={key: headers[j] for j, key in values.items()},
                                 places=places))
    return rows


def _sangong(headers: list[str], data, unit: str, exact: bool) -> list[TableRow]:
    """One row of budget and final figures for the total and each of the three 三公."""
    columns = {j: key for j, h in enumerate(headers) if (key := sangong_column(h))}
    rows = []
    for index, cells in data:
        figures, places = _figures(cells, columns, unit, exact)
        if figures:
            rows.append(TableRow(label="合计", code=None, cells=figures, index=index,
                                 headers={key: headers[j] for j, key in columns.items()},
                                 places=places))
    return rows
