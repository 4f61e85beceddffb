"""The rule catalogue and the loop that runs it over one report."""
from __future__ import annotations

from juesuan.rules import (classification, completeness, direction, lines, numbering,  # noqa: F401
                           identity, rates, restated, sums, tables, units, wording)
from juesuan.rules import (alternatives, basic_table, item_amounts, percent_sign,  # noqa: F401
                           procurement, years, zero_budget)
from juesuan.rules import crossyear  # noqa: F401
from juesuan.rules import misread
from juesuan.rules.context import Context
from juesuan.rules.registry import RULES, Rule, by_id

__all__ = ["RULES", "Rule", "by_id", "run_rules"]


def run_rules(report, flow, select=None) -> tuple[list, list[str]]:
    """All findings for one report, and the rules that failed to run (as messages).

    A rule that crashes never stops the others: its failure is a tool error of its own.
    """
    ctx = Context(report, flow)
    findings, errors = [], []
    for rule in RULES:
        if select is not None and rule.id not in select and rule.name not in select:
            continue
        if rule.scope != "report":         # compares two reports: run by the store
            continue
        ctx.rule = rule
        try:
            findings.extend(rule.check(ctx))
        except Exception as exc:  # noqa: BLE001 -- reported, never raised
            errors.append(f"rule {rule.id} ({rule.name}) failed: {type(exc).__name__}: {exc}")
    findings = misread.settle(report, findings, select)
    findings.sort(key=lambda f: (f.location.line or 0, f.rule))
    return findings, errors
