"""juesuan: check, extract and render Chinese departmental final accounts reports.

The library returns data and never prints::

    from juesuan import check_path
    result = check_path("report.txt")
    for finding in result.findings:
        print(finding.rule, finding.location.line, finding.message)
"""
from juesuan.api import CheckResult, check_path, check_text

__all__ = ["CheckResult", "check_path", "check_text"]
__version__ = "0.1.0"
