"""Facts: every figure the extractor read, flat, with its meaning and place."""
from __future__ import annotations

from juesuan.model.report import BudgetLine, Report
from juesuan.model.flow import Flow


def facts_of(report: Report, flow: Flow) -> list[dict]:
    """One dict per printed figure: what it is (concept, label, attribute) and where."""
    facts = []
    for statement in [*report.statements, *report.lines]:
        is_line = isinstance(statement, BudgetLine)
        for attribute, number in statement.figures():
            fact = {"section": statement.subsection or statement.section,
                    "concept": statement.concept, "label": statement.label,
                    "attribute": attribute, **number.as_dict(),
                    "line": flow.line_of(number.start), "page": flow.page_of(number.start)}
            if attribute in ("change", "growth"):
                sign = getattr(statement, f"{attribute}_sign")
                fact["direction"] = "up" if sign > 0 else "down" if sign < 0 else None
            if statement.reason and attribute in ("change", "growth"):
                fact["reason"] = statement.reason
            if is_line:
                fact.update(number_in_list=statement.number, role=statement.role,
                            lei=statement.names[0], kuan=statement.names[1], xiang=statement.names[2],
                            budget=statement.budget_kind)
            facts.append(fact)
    facts.sort(key=lambda f: f["line"])
    return facts
