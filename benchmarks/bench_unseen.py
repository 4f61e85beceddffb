"""The CPU time of checking a report whose words the checker has seen before, and of one
whose words it has not.

    python benchmarks/bench_unseen.py [REPORT.txt] [--runs 200]

The checker works out a reading once per distinct string (the words before a figure, a
heading, a budget line's names, a table cell's text) and keeps it: reports of the family
repeat them, so a batch of a province's reports hits these caches more and more. A batch
of copies of one report (what bench_batch.py generates) hits them all the time and shows
the lower bound; clearing every such cache before each check shows the upper bound, a
report of words never seen. The classification, loaded once per process, is kept.
"""
from __future__ import annotations

import argparse
import sys
import time

from seed import add_report_argument  # benchmarks/seed.py


def string_caches() -> list:
    """The checker's caches keyed on a report's strings, each once: the loaded
    classification and the openings of the checker's own patterns (extract.scan) are kept,
    as every process has them after its first report."""
    found = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("juesuan") or name == "juesuan.extract.scan":
            continue
        for value in vars(module).values():
            if hasattr(value, "cache_clear") and hasattr(value, "cache_info") \
                    and getattr(value, "__qualname__", "") != "default":
                found[id(value)] = value
    return list(found.values())


def mean_cpu_ms(check, path, runs: int, before=lambda: None) -> float:
    total = 0.0
    for _ in range(runs):
        before()
        started = time.process_time()
        check(path)
        total += time.process_time() - started
    return total / runs * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_report_argument(parser)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    from juesuan.batch.task import check_one, warm_up

    warm_up()
    caches = string_caches()

    def clear() -> None:
        for cache in caches:
            cache.cache_clear()

    for _ in range(2):      # alternated, so that a busy moment does not favour one
        seen = mean_cpu_ms(check_one, args.report, args.runs)
        unseen = mean_cpu_ms(check_one, args.report, args.runs, clear)
        print(f"words seen before {seen:6.2f} ms   words never seen {unseen:6.2f} ms   "
              f"({len(caches)} caches cleared)")


if __name__ == "__main__":
    main()
