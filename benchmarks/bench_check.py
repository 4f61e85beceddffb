"""Time per report when checking a batch of seed-sized text reports in one process.

    python benchmarks/bench_check.py [REPORT.txt] [--copies 300]

Copies the report into a temporary folder (each copy slightly different, so no cache can
help), checks them all in one call on one core, and compares with the floor: reading the
file and one regular-expression pass over its figures.
"""
from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from juesuan import check_path
from juesuan.extract.grammar import FIGURE
from juesuan.readers.text import read_text_file

from seed import add_report_argument  # benchmarks/seed.py



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_report_argument(parser)
    parser.add_argument("--copies", type=int, default=300)
    args = parser.parse_args()
    text = args.report.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index in range(args.copies):
            path = Path(folder) / f"report-{index:04d}.txt"
            # a different figure in each copy
            path.write_text(re.sub(r"实有人数\s*\n?\s*\d+", f"实有人数 {100 + index}", text, count=1),
                            encoding="utf-8")
            paths.append(path)
        check_path(paths[0])                      # imports and data loading, once
        floor = _time(lambda p: sum(1 for _ in FIGURE.finditer(read_text_file(p))), paths)
        full = _time(check_path, paths)
        findings = sum(len(check_path(p).findings) for p in paths[:3])
    size = len(text.encode("utf-8")) / 1024
    print(f"report: {args.report.name} ({size:.0f} KB), {args.copies} copies, one process, best of 5 rounds")
    print(f"floor (read + one regex pass): {floor * 1000:.2f} ms per report")
    print(f"juesuan check:                 {full * 1000:.2f} ms per report "
          f"({full / floor:.1f}x the floor; {findings // 3} findings each)")


def _time(function, paths, rounds: int = 5) -> float:
    """Seconds per file, best of a few rounds (the least disturbed by the machine)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for path in paths:
            function(path)
        best = min(best, (time.perf_counter() - start) / len(paths))
    return best


if __name__ == "__main__":
    main()
