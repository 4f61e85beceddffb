"""A composed report as the checker reads it: text lines, form feeds and table grids.

Rendering checks its own output with the checker before writing anything; this is the
form it checks, and it is also the plain-text output (``report.txt``).
"""
from __future__ import annotations

from juesuan.model.document import Document, RawTable
from juesuan.render.blocks import Block, Chart, Heading, PageBreak, Paragraph, TableBlock


def grid(block: TableBlock) -> list[list[str]]:
    """Header and body as a grid, a merged cell's text in every slot it covers."""
    rows: list[list[str]] = []
    taken: dict[tuple[int, int], str] = {}
    for r, cells in enumerate(block.header + block.body):
        row: list[str] = []
        c = 0
        for cell in cells:
            while (r, c) in taken:
                row.append(taken.pop((r, c)))
                c += 1
            for i in range(cell.rowspan):
                for j in range(cell.colspan):
                    if i == 0:
                        row.append(cell.text)
                    else:
                        taken[(r + i, c + j)] = cell.text
            c += cell.colspan
        while (r, c) in taken:
            row.append(taken.pop((r, c)))
            c += 1
        rows.append(row)
    return rows


def to_document(blocks: list[Block]) -> Document:
    lines: list[str] = []
    tables: list[RawTable] = []
    page = 1
    pending_break = False

    def add(text: str) -> None:
        nonlocal pending_break
        lines.append(("\f" if pending_break else "") + text)
        pending_break = False

    for block in blocks:
        if isinstance(block, PageBreak):
            pending_break, page = True, page + 1
        elif isinstance(block, (Heading, Paragraph)):
            add(block.text)
        elif isinstance(block, Chart):
            continue            # a chart repeats figures the text states
        elif isinstance(block, TableBlock):
            cells = grid(block)
            add(block.title)
            tables.append(RawTable(cells, page=page, line=len(lines), index=len(tables) + 1, title=block.title))
            add(f"单位：{block.unit}")
            for row in cells:
                add("  ".join(cell for cell in row if cell))
            for note in block.notes:
                add(note)
    # The table grid starts at the title line; its rows count from the unit line on.
    for table in tables:
        table.line += 1
    return Document("\n".join(lines) + "\n", tables, kind="text")
