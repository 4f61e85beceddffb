"""Time per stage of checking one report (best of many runs), to see where the time goes.

The best single run is shown, not the mean: on a busy machine it is the least disturbed.

    python benchmarks/bench_stages.py [REPORT.txt] [--runs 200]
"""
from __future__ import annotations

import argparse
import time

from juesuan.api import _lines_of
from juesuan.extract import build
from juesuan.extract.lines import find_lines
from juesuan.extract.mentions import find_mentions
from juesuan.extract.sections import find_sections
from juesuan.readers.dispatch import read_document
from juesuan.readers.flow import build_flow
from juesuan.tables.text_tables import find_tables
from juesuan.rules import RULES
from juesuan.rules.context import Context
from juesuan.tables import recognize_all

from seed import add_report_argument  # benchmarks/seed.py



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_report_argument(parser)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    path = args.report
    document = read_document(path)
    flow = build_flow(document.text)
    raws = find_tables(document.text)
    table_lines = _lines_of(raws)
    sections, _ = find_sections(flow, table_lines)
    report = build.extract(flow, str(path), table_lines)
    report.tables = recognize_all(raws)
    stages = {
        "read": lambda: read_document(path),
        "flow": lambda: build_flow(document.text),
        "tables (text)": lambda: find_tables(document.text),
        "extract": lambda: build.extract(flow, str(path), table_lines),
        "  of which sections": lambda: find_sections(flow, table_lines),
        "  of which mentions": lambda: find_mentions(flow.text, sorted(s.title_end for s in sections)),
        "  of which lines": lambda: find_lines(flow, build._line_spans(sections)),
        "recognize tables": lambda: recognize_all(raws),
    }
    for rule in (r for r in RULES if r.scope == "report"):   # cross-year rules need two reports
        stages[f"rule {rule.id} {rule.name}"] = _rule_stage(rule, report, flow)
    total = 0.0
    rows = []
    for name, function in stages.items():
        best = _best(function, args.runs)
        rows.append((best, name))
        if not name.startswith("  "):
            total += best
    for best, name in rows:
        print(f"{best * 1000:7.3f} ms  {name}")
    print(f"{total * 1000:7.3f} ms  sum of read, flow, tables, extract, recognize and rules")


def _rule_stage(rule, report, flow):
    def run():
        ctx = Context(report, flow)
        ctx.rule = rule
        list(rule.check(ctx))
    return run


def _best(function, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


if __name__ == "__main__":
    main()
