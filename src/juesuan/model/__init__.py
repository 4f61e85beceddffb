"""The typed model of a report: printed figures, statements, budget lines, sections."""
from juesuan.model.interval import Interval
from juesuan.model.number import Number
from juesuan.model.report import BudgetLine, Report, Section, Statement

__all__ = ["BudgetLine", "Interval", "Number", "Report", "Section", "Statement"]
