"""Time per report when checking the real reports beside the project: the corpus and the seed.

    python benchmarks/bench_corpus.py [--rounds 5] [--baseline FILE.json] [--save FILE.json]

Each report is checked whole (read, flow, tables, narrative, every rule) through
:func:`juesuan.check_path`, as ``juesuan check`` does, in one process on one core; the best
of ``--rounds`` is printed per report, with the number of error and warning findings.
``--save`` writes the times as JSON; ``--baseline`` prints each report's time against a saved
run, so a change can be held to "no more than 10% slower".
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from juesuan import check_path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def reports() -> list[Path]:
    found = sorted((SHARED / "corpus").glob("*.pdf")) + sorted((SHARED / "corpus").glob("*.txt"))
    return found + sorted((SHARED / "seeds").glob("*.txt"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline", type=Path)
    parser.add_argument("--save", type=Path)
    args = parser.parse_args()
    paths = reports()
    if not paths:
        raise SystemExit(f"no reports under {SHARED}")
    check_path(paths[0])                      # imports and data loading, once
    baseline = json.loads(args.baseline.read_text()) if args.baseline else {}
    times: dict[str, float] = {}
    for path in paths:
        best = float("inf")
        for _ in range(args.rounds):
            start = time.perf_counter()
            result = check_path(path)
            best = min(best, time.perf_counter() - start)
        times[path.name] = best
        errors = len(result.errors)
        warnings = len(result.findings) - errors
        line = f"{path.name:45} {best * 1000:8.1f} ms  {errors:3} errors {warnings:3} warnings"
        if path.name in baseline:
            line += f"  ({best / baseline[path.name] - 1:+.0%} against the baseline)"
        print(line)
    total = sum(times.values())
    print(f"{'mean per report':45} {total / len(times) * 1000:8.1f} ms")
    if baseline and set(baseline) <= set(times):
        print(f"{'total against the baseline':45} {total / sum(baseline.values()) - 1:+.0%}")
    if args.save:
        args.save.write_text(json.dumps(times, indent=1))


if __name__ == "__main__":
    main()
