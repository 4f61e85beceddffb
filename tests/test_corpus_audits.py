"""Real reports of other regions and layouts against their hand audits (tests/audits/).

Every error an audit lists must be found on its page with the printed and the right value;
an error finding that no audit entry lists fails the test, because a false alarm costs a
reviewer's trust as much as a miss.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from juesuan import check_path

from tests.conftest import SHARED

AUDITS = sorted((Path(__file__).parent / "audits").glob("*.toml"))
_FIGURE = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def _figures(text: str | None) -> list[str]:
    return [m.group().replace(",", "") for m in _FIGURE.finditer(text or "")]


def _matches(entry: dict, finding) -> bool:
    if finding.rule != entry["rule"] or finding.location.page != entry["page"]:
        return False
    if "line" in entry and finding.location.line != entry["line"]:
        return False
    for key in ("stated", "expected"):
        if key in entry and not _same(getattr(finding, key), entry[key]):
            return False
    return True


def _same(printed: str | None, audited: str) -> bool:
    """Figures compare by value (the finding may add a word or a unit); words as words."""
    if _figures(audited):
        return _figures(printed) == _figures(audited)
    return re.sub(r"\s", "", printed or "") == re.sub(r"\s", "", audited)


def _describe(finding) -> str:
    return (f"{finding.rule} p{finding.location.page} L{finding.location.line}: "
            f"{finding.stated} -> {finding.expected} | {finding.message}")


_cache: dict[Path, object] = {}


def _checked(audit_path: Path):
    if audit_path not in _cache:
        audit = tomllib.loads(audit_path.read_text(encoding="utf-8"))
        source = SHARED / audit["source"]
        if not source.exists():
            pytest.skip(f"{audit['source']} is not in this checkout's workspace")
        _cache[audit_path] = (audit, check_path(source))
    return _cache[audit_path]


@pytest.mark.parametrize("audit_path", AUDITS, ids=[p.stem for p in AUDITS])
def test_every_audited_error_is_found(audit_path):
    audit, result = _checked(audit_path)
    assert result.tool_errors == []
    errors = result.errors
    missed = [entry for entry in audit.get("error", []) if not any(_matches(entry, f) for f in errors)]
    assert missed == [], "\n".join(["missed:"] + [str(e) for e in missed] + ["raised:"] + [_describe(f) for f in errors])


@pytest.mark.parametrize("audit_path", AUDITS, ids=[p.stem for p in AUDITS])
def test_no_error_outside_the_audit(audit_path):
    audit, result = _checked(audit_path)
    extra = [f for f in result.errors if not any(_matches(entry, f) for entry in audit.get("error", []))]
    assert extra == [], "\n".join(["not in the audit:"] + [_describe(f) for f in extra])


@pytest.mark.parametrize("audit_path", AUDITS, ids=[p.stem for p in AUDITS])
def test_every_audited_warning_is_found(audit_path):
    audit, result = _checked(audit_path)
    warnings = [f for f in result.findings if f.severity == "warning"]
    missed = [entry for entry in audit.get("warning", []) if not any(_matches(entry, f) for f in warnings)]
    assert missed == [], "\n".join(["missed:"] + [str(e) for e in missed])


def test_audits_are_well_formed():
    for path in AUDITS:
        audit = tomllib.loads(path.read_text(encoding="utf-8"))
        assert isinstance(audit.get("source"), str) and isinstance(audit.get("problems"), int), path
        for entry in audit.get("error", []) + audit.get("warning", []):
            assert {"rule", "page", "why"} <= entry.keys(), (path, entry)
        assert audit["problems"] >= len(audit.get("error", [])), path
