"""Time to check one very large 支出决算表, at growing sizes: reading and the table rules
must grow with the rows, not with their square.

    python benchmarks/bench_tables.py [--sizes 5 10 20 40]

Each size is a number of 类 of 10 款 of 99 项 (about 1,000 rows a 类), made by
``large_expenditure_table`` of ``tests/test_hostile_inputs.py`` with one 项 misprinted.
Printed: rows, seconds for the whole check, seconds per 1,000 rows (flat when linear),
and the findings (two T102 each time).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 10, 20, 40])
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from juesuan import check_text
    from tests.test_hostile_inputs import large_expenditure_table

    check_text(large_expenditure_table(1))          # imports and data loading, once
    for size in args.sizes:
        text = large_expenditure_table(size)
        rows = text.count("\n") - 4
        start = time.perf_counter()
        result = check_text(text)
        seconds = time.perf_counter() - start
        rules = sorted({f.rule for f in result.findings})
        print(f"{rows:>7} rows  {seconds:6.2f} s  {seconds / rows * 1000:6.3f} s per 1,000 rows  "
              f"{len(result.findings)} findings {', '.join(rules)}")


if __name__ == "__main__":
    main()
