"""Time per report when reading a batch of seed-sized reports as web pages, against text.

    python benchmarks/bench_html.py [--copies 300] [--rounds 5]

The report is the seed's paragraphs followed by the nine public tables of the made-up
report of ``tests/test_reports_with_tables.py``, written twice: as plain text (the tables'
rows as lines) and as a GBK web page the way a government site serves one (navigation,
breadcrumbs, the title outside the article box, a footer; one ``<p>`` a paragraph, the
tables as ``<table>`` with merged header cells). Without the seed, the bundled
``tests/data/report-with-tables.txt`` and ``.html`` are read instead.

Each copy differs in one figure (so no cache can help); all are read in one process on
one core through :func:`juesuan.readers.dispatch.read_document`, as ``juesuan check``
reads them, best of ``--rounds``. Printed: ms per report for the text and for the page,
the difference (what reading HTML adds), and two floors of the page: decoding and parsing
it with Lexbor, nothing else; and a bare reading, the least any reading of the page through
this parser does (decode, parse, one text per table row, one text of the rest of the body:
no article found, nothing cleaned or checked). Last, the same page in the markup of Word's
"save as web page" (:func:`as_word`), which many departments publish as it is.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from juesuan.readers.dispatch import read_document
from juesuan.readers.html import decode_html

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_f5ecf316bb4890cf.txt"
DATA = ROOT / "tests" / "data"
FIGURE = "本年收入合计"  # a line each copy changes a figure on


def make_report() -> tuple[str, bytes, str]:
    """(the report as text, the same as a GBK page, what it is)."""
    if SEED.exists():
        sys.path.insert(0, str(ROOT / "tests"))
        from test_readers_html import seed_report

        text, page = seed_report()
        return text, page, f"{SEED.name} + nine tables"
    text = (DATA / "report-with-tables.txt").read_text(encoding="utf-8")
    return text, (DATA / "report-with-tables.html").read_bytes(), "tests/data/report-with-tables"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    text, page, what = make_report()
    with tempfile.TemporaryDirectory() as folder:
        texts, pages, words = [], [], []
        word = as_word(page)
        for index in range(args.copies):
            # a different figure in each copy
            path = Path(folder) / f"report-{index:04d}.txt"
            path.write_text(text.replace(FIGURE, f"{FIGURE} {index}", 1), encoding="utf-8")
            texts.append(path)
            path = Path(folder) / f"report-{index:04d}.html"
            path.write_bytes(page.replace(FIGURE.encode("gbk"), f"{FIGURE} {index}".encode("gbk"), 1))
            pages.append(path)
            path = Path(folder) / f"report-{index:04d}-word.html"
            path.write_bytes(word.replace(FIGURE.encode("gbk"), f"{FIGURE} {index}".encode("gbk"), 1))
            words.append(path)
        document = read_document(pages[0])             # imports, once
        read_document(texts[0])
        # rounds of the three, one after the other, so that a busy spell of the machine
        # slows them alike; the best round of each
        floor, bare, as_text, as_html, as_word_page = _best([
            (lambda p: LexborHTMLParser(decode_html(p.read_bytes())).body, pages), (_bare, pages),
            (read_document, texts), (read_document, pages), (read_document, words)], args.rounds)
    cells = sum(len(row) for table in document.tables for row in table.rows)
    print(f"report: {what}; text {len(text.encode('utf-8')) / 1024:.0f} KB, page "
          f"{len(page) / 1024:.0f} KB GBK ({len(document.text.splitlines())} lines, "
          f"{len(document.tables)} tables of {cells} cells)")
    print(f"{args.copies} copies, one process, one core, best of {args.rounds} rounds")
    print(f"read as text:                  {as_text * 1000:.2f} ms per report")
    print(f"read as HTML:                  {as_html * 1000:.2f} ms per report")
    print(f"HTML adds:                     {(as_html - as_text) * 1000:.2f} ms per report")
    print(f"page decoded and parsed only:  {floor * 1000:.2f} ms per report (the floor)")
    print(f"bare reading of the page:      {bare * 1000:.2f} ms per report (rows and lines, nothing else)")
    print(f"read as HTML saved by Word:    {as_word_page * 1000:.2f} ms per report "
          f"({len(word) / 1024:.0f} KB: a <p> and a <span> in every cell and paragraph)")


def as_word(page: bytes) -> bytes:
    """The page in the markup of Word's "save as web page": every paragraph's text in a
    styled <span>, every cell's in an indented <p> and <span> with an empty <o:p>."""
    markup = page.decode("gbk")
    markup = re.sub(r"<(td|th)([^>]*)>([^<]*)</\1>",
                    r"<\1\2>\n  <p class=MsoNormal align=center><span lang=EN-US style='font-size:9.0pt'>"
                    r"\3<o:p></o:p></span></p>\n  </\1>", markup)
    markup = re.sub(r"<p>([^<]*)</p>", r"<p class=MsoNormal><span style='font-family:宋体'>\1</span></p>", markup)
    return markup.encode("gbk")


def _bare(path: Path) -> tuple[list[list[str]], list[str]]:
    """The page's table rows and other lines, as cheaply as this parser gives them."""
    tree = LexborHTMLParser(decode_html(path.read_bytes()))
    rows = [tr.text(separator="\x00").split("\x00") for tr in tree.body.css("tr")]
    for table in reversed(tree.body.css("table")):  # inner ones first
        table.decompose()
    return rows, tree.body.text(separator="\x00", skip_empty=True).split("\x00")


def _best(runs, rounds: int) -> list[float]:
    """Seconds per file of each (function, paths), best of ``rounds`` rounds."""
    best = [float("inf")] * len(runs)
    for _ in range(rounds):
        for index, (function, paths) in enumerate(runs):
            start = time.perf_counter()
            for path in paths:
                function(path)
            best[index] = min(best[index], (time.perf_counter() - start) / len(paths))
    return best


if __name__ == "__main__":
    main()
