"""Reports per second and peak memory of `juesuan check --format jsonl` over many reports,
in one process and in worker processes.

    python benchmarks/bench_batch.py [REPORT.txt] [--reports 1000 10000] [--jobs 1 2]
                                     [--pdf-share 0.1]

Generates the reports in a temporary folder: copies of the seed (or the bundled sample),
each with one figure changed, and, one in ten by default, copies of the bundled example
rendered as a PDF (when LibreOffice is there to render it). Then runs the command line on
the whole folder for each --jobs, output to a file, and samples the memory of the command
and of its worker processes every 20 ms from /proc (Linux):

  largest    the peak resident set of the biggest single process (parent or a worker)
  all        the peak of the sum over the parent and its workers; forked workers share
             the parent's pages, which this counts again, so it is an upper bound
  PSS all    the peak of the sum of their proportional set sizes: each shared page
             counted once, split between the processes that share it (the memory the
             run takes from the machine)

and the CPU time of the command and all its processes per report (steadier than the
wall time on a busy machine), with the load average of the machine while it ran: the
speed-up of two jobs over one shows only on two otherwise idle cores. The CPU time is
also given with the command's start-up taken out (its CPU time on one report,
subtracted, the rest divided by the other reports): the time a report adds to a batch.

The per-report speed of the text check alone (the issue's figure, on one core):

    python benchmarks/bench_batch.py --reports 1000 --jobs 1 --pdf-share 0
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from seed import add_report_argument  # benchmarks/seed.py

ROOT = Path(__file__).resolve().parents[1]
#: seconds between two looks at the processes' memory
SAMPLE_EVERY = 0.02


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_report_argument(parser)
    parser.add_argument("--reports", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--pdf-share", type=float, default=0.1, help="the share of PDF inputs")
    args = parser.parse_args()
    text = args.report.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as work:
        pdf = _rendered_example(Path(work)) if args.pdf_share else None
        share = args.pdf_share if pdf else 0.0
        print(f"text: {args.report.name} ({len(text.encode()) // 1024} KB); "
              + (f"PDF: the rendered example ({pdf.stat().st_size // 1024} KB), {share:.0%} of the inputs"
                 if pdf else "PDF: none" + (" (LibreOffice is not installed)" if args.pdf_share else "")))
        print(f"{'reports':>8} {'jobs':>4} {'seconds':>8} {'reports/s':>9} {'ms/report':>9} "
              f"{'CPU ms/report':>13} {'start-up out':>12} {'RSS largest':>11} {'RSS all':>8} {'PSS all':>8} {'load':>5}")
        single = Path(work) / "reports-1"
        _generate(single, text, None, 1, 0.0)
        for count in args.reports:
            folder = Path(work) / f"reports-{count}"
            _generate(folder, text, pdf, count, share)
            for jobs in args.jobs:
                start_up = _cpu_of(single, jobs, Path(work) / "out.jsonl")[1]
                (seconds, largest, total, proportional, lines), cpu = _cpu_of(folder, jobs, Path(work) / "out.jsonl")
                assert lines == count, f"{lines} results for {count} reports"
                added = (cpu - start_up) / max(count - 1, 1)
                print(f"{count:8d} {jobs:4d} {seconds:8.1f} {count / seconds:9.1f} "
                      f"{seconds / count * 1000:9.2f} {cpu / count * 1000:13.2f} {added * 1000:12.2f} "
                      f"{largest / 2**20:8.0f} MB {total / 2**20:5.0f} MB {proportional / 2**20:5.0f} MB "
                      f"{os.getloadavg()[1]:5.1f}",
                      flush=True)
            shutil.rmtree(folder)


def _rendered_example(work: Path) -> Path | None:
    """The bundled example rendered as PDF; None without a PDF engine."""
    from juesuan.dataset.example import example_dataset
    from juesuan.render.writer import render

    target = work / "example.pdf"
    try:
        render(example_dataset(), target)
    except RuntimeError:
        return None
    return target


def _generate(folder: Path, text: str, pdf: Path | None, count: int, share: float) -> None:
    """``count`` inputs, a PDF every 1/share of them, texts each a little different."""
    folder.mkdir()
    every = round(1 / share) if share else 0
    for index in range(count):
        if every and index % every == every - 1:
            os.link(pdf, folder / f"report-{index:06d}.pdf")
            continue
        copy = re.sub(r"实有人数\s*\n?\s*\d+", f"实有人数 {100 + index}", text, count=1)
        (folder / f"report-{index:06d}.txt").write_text(copy, encoding="utf-8")


def _cpu_of(folder: Path, jobs: int, output: Path) -> tuple[tuple[float, int, int, int, int], float]:
    """(what :func:`_measure` gives, CPU seconds of the run) of one run of the command."""
    before = _children_cpu()
    measured = _measure(folder, jobs, output)
    return measured, _children_cpu() - before


def _children_cpu() -> float:
    """CPU seconds of every finished descendant (the command, its workers, their readers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _measure(folder: Path, jobs: int, output: Path) -> tuple[float, int, int, int, int]:
    """(seconds, largest RSS, summed RSS, summed PSS, result lines) of one run of the command line."""
    command = [sys.executable, "-c", "from juesuan.cli import main; main()",
               "check", str(folder), "--format", "jsonl", "--jobs", str(jobs)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])))
    with open(output, "w", encoding="utf-8") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, env=env)
        peaks = _Peaks(process.pid)
        peaks.start()
        process.wait()
        seconds = time.perf_counter() - started
        peaks.stop()
    with open(output, encoding="utf-8") as results:
        lines = sum(1 for _ in results)
    return seconds, peaks.largest, peaks.total, peaks.proportional, lines


class _Peaks(threading.Thread):
    """Samples the resident memory of a process and all its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.largest, self.total, self.proportional = pid, 0, 0, 0
        self.done = threading.Event()

    def run(self) -> None:
        samples = 0
        while not self.done.wait(SAMPLE_EVERY):
            pids = _tree(self.pid)
            sizes = [_rss(pid) for pid in pids]
            self.largest = max([self.largest, *sizes])
            self.total = max(self.total, sum(sizes))
            samples += 1
            if samples % 5 == 0:        # a page-by-page sum: slower to read, read less often
                self.proportional = max(self.proportional, sum(_pss(pid) for pid in pids))

    def stop(self) -> None:
        self.done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    pids, index = [pid], 0
    while index < len(pids):
        try:
            for task in os.listdir(f"/proc/{pids[index]}/task"):
                with open(f"/proc/{pids[index]}/task/{task}/children") as children:
                    pids.extend(int(child) for child in children.read().split())
        except OSError:
            pass
        index += 1
    return pids


def _pss(pid: int) -> int:
    return _kilobytes(f"/proc/{pid}/smaps_rollup", "Pss:")


def _rss(pid: int) -> int:
    return _kilobytes(f"/proc/{pid}/status", "VmRSS:")


def _kilobytes(path: str, key: str) -> int:
    """The size in bytes a /proc file gives in kB after ``key`` (0 once the process is gone)."""
    try:
        with open(path) as status:
            for line in status:
                if line.startswith(key):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    main()
