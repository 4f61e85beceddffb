"""The rule catalogue: unique ids, every rule with examples, and the examples behave."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from juesuan import check_text
from juesuan.docs import rules_markdown
from juesuan.rules import RULES
from juesuan.rules.registry import PAIR
from juesuan.store.crossyear import compare_texts

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_ids_and_names_are_unique_and_well_formed():
    ids = [r.id for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(ids)) == len(ids)
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[A-Z]\d{3}", i) for i in ids)
    assert all(re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", n) for n in names)
    assert all(r.title and r.fail and r.passes and r.fail != r.passes for r in RULES)


REPORT_RULES = [r for r in RULES if r.scope == "report"]
STORE_RULES = [r for r in RULES if r.scope == "store"]


@pytest.mark.parametrize("rule", REPORT_RULES, ids=lambda r: f"{r.id}-{r.name}")
def test_failing_example_raises_the_rule(rule):
    result = check_text(rule.fail)
    assert result.tool_errors == []
    assert rule.id in {f.rule for f in result.findings}


@pytest.mark.parametrize("rule", REPORT_RULES, ids=lambda r: f"{r.id}-{r.name}")
def test_passing_example_is_quiet(rule):
    result = check_text(rule.passes)
    assert result.tool_errors == []
    assert [f.message for f in result.findings if f.rule == rule.id] == []
    # an example that passes one rule must not trip another with an error
    assert [f.message for f in result.errors] == []


@pytest.mark.parametrize("rule", STORE_RULES, ids=lambda r: f"{r.id}-{r.name}")
def test_cross_year_examples_behave(rule):
    # each example is last year's report and this year's; each report passes on its own
    for example in (rule.fail, rule.passes):
        assert all(check_text(part).errors == [] for part in example.split(PAIR))
    assert rule.id in {f.rule for f in compare_texts(*rule.fail.split(PAIR))}
    assert compare_texts(*rule.passes.split(PAIR)) == []


def test_rule_docs_are_generated_from_the_catalogue():
    assert DOCS.read_text(encoding="utf-8") == rules_markdown(), \
        "docs/rules.md is stale: run `juesuan rules --format markdown > docs/rules.md`"
