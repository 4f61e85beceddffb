"""The report the check benchmarks time: the seed when it is beside the project, else the
bundled sample."""
from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_f5ecf316bb4890cf.txt"
SAMPLE = ROOT / "examples" / "sample-report.txt"


def add_report_argument(parser: argparse.ArgumentParser) -> None:
    """The optional REPORT.txt argument, the seed or the sample by default."""
    parser.add_argument("report", nargs="?", type=Path, default=SEED if SEED.exists() else SAMPLE)
