"""Shared fixtures: the real seed report and the template, read from the workspace when present."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# The property tests gate every change: each run tries the same examples, so a run fails
# for what changed, not by chance. HYPOTHESIS_PROFILE=explore draws new ones each run.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seeds" / "000_f5ecf316bb4890cf.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("the seed report is not in this checkout's workspace")
    return SEED.read_text(encoding="utf-8")


TEMPLATE = SHARED / "reference" / "shanghai-2024-department-final-accounts-template.txt"


@pytest.fixture(scope="session")
def template_text() -> str:
    if not TEMPLATE.exists():
        pytest.skip("the provincial template is not in this checkout's workspace")
    return TEMPLATE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _own_reader_child():
    """The PDF reader's child is kept from one file to the next and knows the modules as
    they were when it started: each test ends its own, so that what the next test patches
    (a cap, a function) is what its reads see."""
    yield
    from juesuan.readers import resident

    resident.stop()


@pytest.fixture(scope="session")
def example_docx(tmp_path_factory) -> Path:
    """The bundled example rendered as a .docx (its tables Word tables, captioned)."""
    from click.testing import CliRunner

    from juesuan.cli import main

    folder = tmp_path_factory.mktemp("example-docx")
    runner = CliRunner()
    assert runner.invoke(main, ["template", "--example", str(folder / "ex.xlsx")]).exit_code == 0
    assert runner.invoke(main, ["render", str(folder / "ex.xlsx"), "-o", str(folder / "ex.docx")]).exit_code == 0
    return folder / "ex.docx"
