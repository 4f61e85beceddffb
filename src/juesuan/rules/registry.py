"""The rule catalogue: every rule declared once, with its id, severity, title and examples.

A rule is a plain function that takes a :class:`~juesuan.rules.context.Context` and
yields findings; ``@rule(...)`` records it with its metadata in :data:`RULES`. The
examples are report fragments: the failing one must raise the rule, the passing one
must not (a test runs them all), and the documentation is generated from this list.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Rule:
    """A declared check."""

    id: str            # stable code, never reused: family letter + number (S101)
    name: str          # kebab-case name (sum-identity)
    family: str
    severity: str
    title: str         # one line: what the rule checks
    fail: str          # a report fragment the rule flags
    passes: str        # the same fragment made right
    check: Callable[..., Iterable]
    #: "report": checks one report; "store": compares a report with the department's
    #: previous one (its examples are two reports, last year's first, see PAIR)
    scope: str = "report"


#: separates last year's report from this year's in the examples of a "store" rule
PAIR = "\n=====\n"

RULES: list[Rule] = []


def rule(id: str, name: str, family: str, severity: str, title: str, fail: str, passes: str,
         scope: str = "report"):
    """Declare a rule; the decorated function yields findings for one report."""
    if severity not in SEVERITIES:
        raise ValueError(f"{id}: unknown severity {severity!r}")

    def register(check: Callable[..., Iterable]) -> Callable[..., Iterable]:
        RULES.append(Rule(id, name, family, severity, title, fail.strip(), passes.strip(), check, scope))
        return check
    return register


def by_id(rule_id: str) -> Rule:
    return next(r for r in RULES if r.id == rule_id or r.name == rule_id)
