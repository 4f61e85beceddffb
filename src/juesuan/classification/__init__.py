"""The expenditure functional classification (支出功能分类) of 政府收支分类科目.

Reports name their expenditure lines by text, "一般公共服务支出（类）政府办公厅
（室）及相关机构事务（款）行政运行（项）"; this package tells which code such a
triple denotes in the current edition and what is wrong with it: a name that
is not in the edition, a 款 or 项 under the wrong parent, an outdated name.

    >>> res = default().resolve("一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行")
    >>> res.code
    '2010301'
"""

from __future__ import annotations

from functools import cache

from .loader import load_default
from .matching import Classification
from .model import Entry, Problem, Resolution

__all__ = ["Classification", "Entry", "Problem", "Resolution", "default"]


@cache
def default() -> Classification:
    """The packaged current edition, loaded once per process."""
    edition, entries = load_default()
    return Classification(entries, edition)
