"""Time `store add` of many reports, the store's size, and the ready views' query times.

    python benchmarks/bench_store.py [--reports 1000] [--check [--jobs 2]]

The reports are the bundled example as year Y and its derived year Y+1
(tests/store_pairs.py), given as many departments (their names numbered), half of them
each year, so every department has a pair and the cross-year rules run on each. Without
``--check`` both texts are checked once and their rows stored again under each name:
that times the store itself (rows in, cross-year rules, one transaction a report). With
``--check`` every report is read and checked from its file, as `juesuan store add` does.

Measured on two cores shared with other work (1,000 reports, 500 departments × 2 years;
424,000 facts and 2,481,000 cells), CPU time of this process being the figure to compare:
storing alone 68 ms a report, 43 ms of CPU (before this change, the same day: 123 ms, 66 ms);
each report read and checked as well, on the batch runner's 2 workers (``--check --jobs
2``), 124 ms a report, of which this process spends 54 ms of CPU (measured earlier: 363 ms, 82 ms;
200 reports before and after on the same day: 216 → 163 ms, 88 → 58 ms of CPU); the same
files added again (``--check``: nothing read or checked, each found by its hash) 1.2 s for
1,000; the file 47.5 MB; the ready views 2-80 ms each.
"""
from __future__ import annotations

import argparse
import copy
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from store_pairs import next_year, text_of, year_y  # noqa: E402

from juesuan.api import check_text  # noqa: E402
from juesuan.store import db, service  # noqa: E402
from juesuan.store.records import content_hash, document_of, normalise_name  # noqa: E402
from juesuan.store.views import VIEWS  # noqa: E402

NAME = "新疆准东经济技术开发区管理委员会"


def texts(count: int) -> list[tuple[str, str]]:
    """(file name, text) of ``count`` reports: departments numbered, two years each."""
    y = year_y()
    pair = (text_of(y), text_of(next_year(y)))
    return [(f"d{i // 2:04d}-{i % 2}.txt", pair[i % 2].replace(NAME, f"{NAME}{i // 2:04d}"))
            for i in range(count)]


def store_rows(con, reports: list[tuple[str, str]]) -> None:
    checked = {}
    for name, text in reports:
        kind = name.endswith("1.txt")
        if kind not in checked:
            checked[kind] = document_of(check_text(text, name), text.encode(), name)
        doc = copy.copy(checked[kind])
        doc.path, doc.doc_id = name, content_hash(text.encode())
        doc.department = f"{NAME}{name[1:5]}"
        doc.dept_key = normalise_name(doc.department)
        outcome = service.store(con, doc)
        assert outcome.action == "added"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--check", action="store_true", help="check every report from its file")
    parser.add_argument("--jobs", type=int, default=1, help="with --check: worker processes")
    args = parser.parse_args()
    reports = texts(args.reports)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        con = db.connect(path)
        start, cpu = time.perf_counter(), time.process_time()
        if args.check:
            files = []
            for name, text in reports:
                (Path(folder) / name).write_text(text, encoding="utf-8")
                files.append(Path(folder) / name)
            for _ in service.add(con, files, args.jobs):
                pass
        else:
            store_rows(con, reports)
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        if args.check:
            again = time.perf_counter()
            actions = {outcome.action for _, outcome in service.add(con, files, args.jobs)}
            print(f"the same {args.reports} files again: {time.perf_counter() - again:.2f} s, {actions}")
        con.close()
        size = path.stat().st_size
        con = db.connect(path, read_only=True)
        counts = con.execute("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM facts), "
                             "(SELECT count(*) FROM cells), (SELECT count(*) FROM findings)").fetchone()
        checked = f" (each checked, {args.jobs} worker(s))" if args.check else ""
        print(f"{args.reports} reports{checked}: {took:.1f} s, {took / args.reports * 1000:.0f} ms a report; "
              f"this process's CPU {cpu / args.reports * 1000:.0f} ms a report; file {size / 1e6:.1f} MB")
        print(f"rows: documents {counts[0]}, facts {counts[1]}, cells {counts[2]}, findings {counts[3]}")
        for view in VIEWS:
            start = time.perf_counter()
            rows = len(con.execute(f"SELECT * FROM {view}").fetchall())
            print(f"  {view}: {rows} rows, {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
