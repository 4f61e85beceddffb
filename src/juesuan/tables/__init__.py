"""The nine public tables: their specification, their typed model, and recognition of a
raw grid (from text, HTML, Word, Excel or PDF) as one of them."""
from juesuan.tables.model import Table, TableRow
from juesuan.tables.recognize import recognize, recognize_all
from juesuan.tables.spec import SPECS, TableSpec

__all__ = ["SPECS", "Table", "TableRow", "TableSpec", "recognize", "recognize_all"]
