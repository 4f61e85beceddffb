"""Regional variants: sections found by what they say, whatever their order and numbering.

The seed (Xinjiang, 2023) puts the explanation first in twelve sections and only lists the
tables; the Shanghai 2024 template prints a table of contents, then the nine tables, then
an explanation of eleven sections with its own wording.
"""
from __future__ import annotations

from juesuan import check_text

EXPLANATION = ["overview", "income", "expenditure", "fiscal", "general", "general.overall",
               "general.structure", "general.detail", "basic", "sangong", "fund", "capital"]


def _keys(result):
    return [s.key for s in result.report.sections if s.key]


def test_seed_sections_in_its_order(seed_text):
    keys = _keys(check_text(seed_text))
    assert keys[:3] == ["profile", "functions", "organisation"]
    assert [k for k in keys if k in EXPLANATION] == EXPLANATION
    assert keys.index("other") < keys.index("performance") < keys.index("misc") < keys.index("glossary")
    assert keys[-10:-9] == ["tables"] and all(k.startswith("table.") for k in keys[-9:])


def test_template_sections_in_its_order(template_text):
    result = check_text(template_text)
    keys = _keys(result)
    # the table of contents is not read as sections: each heading comes once
    assert keys.count("overview") == 1 and keys.count("glossary") == 1
    assert keys[:2] == ["profile", "functions"]
    assert [k for k in keys if k in EXPLANATION] == EXPLANATION
    assert keys.index("capital") < keys.index("performance") < keys.index("other") < keys.index("glossary")
    assert {"other.running", "other.procurement", "other.assets"} <= set(keys)
    # the nine tables stand between the profile and the explanation
    assert [t.spec.key for t in result.report.tables] == [
        "summary", "income", "expenditure", "fiscal", "general", "basic", "sangong", "fund", "capital"]
    explanation = next(s for s in result.report.sections if s.key == "explanation")
    assert all(t.line < result.flow.line_of(explanation.start) for t in result.report.tables)


def test_template_raises_only_placeholder_errors(template_text):
    # A template is all placeholders (XX, ……): that, and only that, is what it should raise.
    result = check_text(template_text)
    assert {f.rule for f in result.errors} == {"M102"}
    assert [f.message for f in result.findings if f.severity == "warning"] == []
