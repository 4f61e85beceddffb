"""Pages per second reading PDF text, and the time to check a whole PDF report.

    python benchmarks/bench_pdf.py [REPORT.pdf] [--rounds 5]

Without a PDF, one is made: the seed report as a .docx (python-docx, with a running
header and a page-number footer) turned into a PDF by LibreOffice headless (about 48
pages). Without LibreOffice, PDFium's own page creation makes a 40-page ASCII PDF
(text speed only; the checker needs the Chinese text).

Measured, best of ``--rounds``:
  raw pypdfium2       get_text_range() of every page, nothing else (the floor)
  juesuan reader      juesuan.readers.pdf.read_pdf in this process: lines with boxes,
                      running heads dropped, ruled tables found
  read_document       the same through dispatch: sniffing plus the memory-capped reader
                      child, kept from one file to the next (what the command line does);
                      its CPU time as it reports it with each answer, as a live child is
                      not yet counted among this process's children
  whole check         check_path: read_document, then the check of the text with the
                      tables the reader found (what `juesuan check FILE` does after start-up)

Each line also gives its CPU time as a multiple of the raw extraction's.
"""
from __future__ import annotations

import argparse
import ctypes
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_f5ecf316bb4890cf.txt"


def best(function, rounds: int) -> tuple[float, float]:
    """Best wall time and best CPU time (this process and its children) of ``rounds`` runs;
    CPU time is the steadier one on a busy machine."""
    walls, cpus = [], []
    for _ in range(rounds):
        before = _cpu()
        started = time.perf_counter()
        function()
        walls.append(time.perf_counter() - started)
        cpus.append(_cpu() - before)
    return min(walls), min(cpus)


def _cpu() -> float:
    """CPU seconds of this process, its finished children and its live reader child, to
    the microsecond (``os.times`` counts in clock ticks of 10 ms, as long as a small PDF
    takes)."""
    from juesuan.readers import resident

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return (own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
            + resident.cpu_seconds())


def make_report_pdf(folder: Path) -> tuple[Path, bool]:
    """(pdf, has the seed's Chinese text)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if SEED.exists() and soffice:
        sys.path.insert(0, str(ROOT / "tests"))
        from test_readers_pdf_docx import make_seed_docx, seed_paragraphs

        docx = make_seed_docx(folder / "report.docx", seed_paragraphs(SEED.read_text(encoding="utf-8")))
        subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
                       check=True, capture_output=True, timeout=300)
        return folder / "report.pdf", True
    return make_ascii_pdf(folder / "report.pdf", pages=40), False


def make_ascii_pdf(path: Path, pages: int) -> Path:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    for number in range(1, pages + 1):
        page = pdf.new_page(595, 842)
        lines = [(72, 800, "Department final accounts 2023")]
        lines += [(72, 760 - 16 * i, f"Line {i} of page {number}: income {i}.{number:02d} and rate {i * 1.5:.2f}%")
                  for i in range(40)]
        lines.append((290, 40, f"- {number} -"))
        for x, y, text in lines:
            obj = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(10))
            wide = (text + "\0").encode("utf-16-le")
            buffer = ctypes.create_string_buffer(wide, len(wide))
            raw.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
            raw.FPDFPage_InsertObject(page.raw, obj)
        page.gen_content()
    pdf.save(str(path))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    import pypdfium2 as pdfium

    from juesuan.api import check_path
    from juesuan.readers.dispatch import read_document
    from juesuan.readers.pdf import read_pdf

    with tempfile.TemporaryDirectory() as work:
        if args.report:
            path, chinese = args.report, True
        else:
            path, chinese = make_report_pdf(Path(work))

        def raw_text() -> None:
            document = pdfium.PdfDocument(str(path))
            for page in document:
                textpage = page.get_textpage()
                textpage.get_text_range()
                textpage.close()
                page.close()
            document.close()

        def through_child() -> None:
            os.environ.pop("JUESUAN_READ_IN_PROCESS", None)
            read_document(path)

        # The reads through the reader child come first: the command line's parent never
        # reads a PDF itself, so the child starts from the state the imports left, not one
        # warmed by a read in this process. The first read starts the child.
        through_child()
        child_results = {"read_document (reader child)": best(through_child, args.rounds)}
        document = read_document(path)
        if chinese:
            check_path(path)
            child_results["whole check (read + check)"] = best(lambda: check_path(path), args.rounds)
        raw_text()
        read_pdf(path)
        results = {"raw pypdfium2 get_text_range": best(raw_text, args.rounds),
                   "juesuan reader (in process)": best(lambda: read_pdf(path), args.rounds),
                   **child_results}
        pdf = pdfium.PdfDocument(str(path))
        pages = len(pdf)
        pdf.close()
        print(f"{path.name}: {pages} pages, {len(document.text)} characters, "
              f"{len(document.tables)} ruled tables")
        print(f"  {'':32s} {'wall':>8s}      {'pages/s':>8s}   {'CPU':>8s}      {'pages/s':>8s}   "
              f"{'CPU/raw':>7s}")
        floor = max(results["raw pypdfium2 get_text_range"][1], 1e-9)
        for name, (wall, cpu) in results.items():
            print(f"  {name:32s} {wall * 1000:8.1f} ms   {pages / wall:8.0f}   "
                  f"{cpu * 1000:8.1f} ms   {pages / max(cpu, 1e-9):8.0f}   {cpu / floor:6.2f}x")


if __name__ == "__main__":
    main()
