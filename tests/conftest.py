"""Shared fixtures: the real seed report and the template, read from the workspace when present."""
from __future__ import annotations

from pathlib import Path

import pytest

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
