"""Findings and the renderers that print them."""
from juesuan.report.finding import Finding, Location

__all__ = ["Finding", "Location"]
