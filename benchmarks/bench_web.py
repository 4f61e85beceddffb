"""A load test of `juesuan serve` on loopback: many concurrent uploads of mixed reports
through POST /api/check, each answer compared with `juesuan check --format json`.

    python benchmarks/bench_web.py [--uploads 50] [--concurrency 50] [--workers N]
                                   [--time-limit 900]

Bounded in count (--uploads) and time (--time-limit: the run stops by itself, the
uploads not answered by then counted as lost). The reports: the seed as text (or the
bundled sample), the bundled sample, and, when LibreOffice is there, the seed printed
as a PDF and the bundled example rendered as Word and HTML. Prints requests per second,
latency percentiles, and the server's peak resident memory (the server process alone,
and with its worker processes), sampled every 50 ms from /proc (Linux). Exit code 1
when an upload was lost or an answer differs from the command line's.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_f5ecf316bb4890cf.txt"
SAMPLE = ROOT / "examples" / "sample-report.txt"
CLI = [sys.executable, "-c", "from juesuan.cli import main; main()"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=None, help="the server's check processes")
    parser.add_argument("--time-limit", type=float, default=900.0, help="seconds for the whole run")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-web-"))
    try:
        reports = make_reports(folder)
        expected = {path.name: cli_json(path) for path in reports}
        print(f"reports: {', '.join(p.name for p in reports)}", flush=True)
        return run(args, reports, expected)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def make_reports(folder: Path) -> list[Path]:
    reports = []
    seed = folder / "seed.txt"
    shutil.copy(SEED if SEED.exists() else SAMPLE, seed)
    reports.append(seed)
    sample = folder / "sample-report.txt"
    shutil.copy(SAMPLE, sample)
    reports.append(sample)
    if shutil.which("soffice") or shutil.which("libreoffice"):
        office = shutil.which("soffice") or shutil.which("libreoffice")
        subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(seed)],
                       capture_output=True, timeout=300, check=True)
        reports.append(folder / "seed.pdf")
        data = folder / "example.xlsx"
        subprocess.run(CLI + ["template", "--example", str(data)], check=True, capture_output=True)
        for suffix in (".docx", ".html"):
            target = folder / f"example{suffix}"
            subprocess.run(CLI + ["render", str(data), "-o", str(target)], check=True, capture_output=True,
                           timeout=300)
            reports.append(target)
    return reports


def cli_json(path: Path) -> dict:
    run = subprocess.run(CLI + ["check", "--format", "json", "-j", "1", path.name], cwd=path.parent,
                         capture_output=True, text=True, timeout=300)
    return json.loads(run.stdout)[0]


def run(args, reports: list[Path], expected: dict) -> int:
    port = free_port()
    command = CLI + ["serve", "--port", str(port)] + (["--workers", str(args.workers)] if args.workers else [])
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    memory = Memory(server.pid)
    try:
        wait_ready(port, server)
        memory.start()
        outcome = asyncio.run(load(port, args, reports, expected))
    finally:
        memory.stop()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return report(outcome, memory, args)


async def load(port: int, args, reports: list[Path], expected: dict) -> dict:
    import httpx

    url = f"http://127.0.0.1:{port}/api/check"
    gate = asyncio.Semaphore(args.concurrency)
    latencies: list[float] = []
    wrong: list[str] = []
    answered = 0
    started = time.perf_counter()

    async def one(client, index: int) -> None:
        nonlocal answered
        path = reports[index % len(reports)]
        async with gate:
            begin = time.perf_counter()
            answer = await client.post(url, files=[("files", (path.name, path.read_bytes()))])
            latencies.append(time.perf_counter() - begin)
        answered += 1
        if answer.status_code != 200 or answer.json() != [expected[path.name]]:
            wrong.append(f"{index} {path.name}: HTTP {answer.status_code}")

    limits = httpx.Limits(max_connections=args.concurrency)
    async with httpx.AsyncClient(timeout=args.time_limit, limits=limits) as client:
        tasks = [asyncio.create_task(one(client, i)) for i in range(args.uploads)]
        done, pending = await asyncio.wait(tasks, timeout=args.time_limit)
        for task in pending:
            task.cancel()
        failed = [t for t in done if t.exception() is not None]
    elapsed = time.perf_counter() - started
    return {"answered": answered, "wrong": wrong, "latencies": latencies, "elapsed": elapsed,
            "lost": args.uploads - answered, "errors": [repr(t.exception()) for t in failed]}


def report(outcome: dict, memory: "Memory", args) -> int:
    latencies = sorted(outcome["latencies"])

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else float("nan")

    print(f"uploads {args.uploads}, concurrency {args.concurrency}, answered {outcome['answered']}, "
          f"lost {outcome['lost']}, differing from the command line {len(outcome['wrong'])}")
    print(f"wall {outcome['elapsed']:.1f} s, {outcome['answered'] / outcome['elapsed']:.2f} requests/s")
    if latencies:
        print(f"latency p50 {pct(0.5):.2f} s, p90 {pct(0.9):.2f} s, p99 {pct(0.99):.2f} s, "
              f"mean {statistics.mean(latencies):.2f} s")
    print(f"server peak RSS {memory.peak_parent / 2**20:.0f} MB alone, "
          f"{memory.peak_total / 2**20:.0f} MB with its worker processes")
    print(f"load average while running: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores (a shared machine slows every figure)")
    for line in outcome["wrong"][:10] + outcome["errors"][:10]:
        print("  " + line)
    return 0 if not outcome["wrong"] and not outcome["lost"] and not outcome["errors"] else 1


class Memory:
    """Peak resident memory of a process and of it with all its descendants."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_parent, self.peak_total = pid, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(0.05):
            tree = descendants(self.pid)
            sizes = {pid: rss(pid) for pid in tree | {self.pid}}
            self.peak_parent = max(self.peak_parent, sizes.get(self.pid, 0))
            self.peak_total = max(self.peak_total, sum(sizes.values()))


def descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    ppid = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start: " + server.stderr.read().decode(errors="replace"))
            time.sleep(0.3)


if __name__ == "__main__":
    sys.exit(main())
