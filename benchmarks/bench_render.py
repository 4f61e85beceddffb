"""Time to render the bundled example (新疆准东经济技术开发区管理委员会 2023) from its data.

    python benchmarks/bench_render.py [--runs 5] [--pdf]

Measures, in one process after a first warm-up render, the best of ``--runs`` for: the
whole of ``render`` to .docx and to .html (compose, check with every rule, write, charts
included), and the check alone. With ``--pdf``, the PDF engine's time (LibreOffice turning
the .docx into PDF) is reported apart, since it runs in its own process.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from juesuan.dataset.example import example_dataset
from juesuan.render.compose import compose
from juesuan.render.writer import render, validate


def best(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf", action="store_true", help="also time the PDF engine")
    args = parser.parse_args()
    dataset = example_dataset()
    with tempfile.TemporaryDirectory() as folder:
        docx, html = Path(folder) / "report.docx", Path(folder) / "report.html"
        render(dataset, docx)
        render(dataset, html)
        both = best(args.runs, lambda: (render(dataset, docx), render(dataset, html)))
        alone_docx = best(args.runs, lambda: render(dataset, docx))
        alone_html = best(args.runs, lambda: render(dataset, html))
        check = best(args.runs, lambda: validate(dataset, compose(dataset)))
        print(f"example: {len(dataset.facts())} facts, {docx.stat().st_size // 1024} KB .docx, "
              f"{html.stat().st_size // 1024} KB .html")
        print(f"render .docx + .html: {both * 1000:.0f} ms (goal: under 1000 ms)")
        print(f"  .docx alone {alone_docx * 1000:.0f} ms, .html alone {alone_html * 1000:.0f} ms, "
              f"of which the check of the composed report {check * 1000:.0f} ms each")
        if args.pdf:
            pdf = Path(folder) / "report.pdf"
            start = time.perf_counter()
            render(dataset, pdf)
            total = time.perf_counter() - start
            print(f"render .pdf (LibreOffice engine included): {total * 1000:.0f} ms, "
                  f"of which the engine about {(total - alone_docx) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
