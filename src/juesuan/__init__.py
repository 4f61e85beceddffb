"""juesuan: check, extract and render Chinese departmental final accounts reports.

The library returns data and never prints::

    from juesuan import check_path
    result = check_path("report.txt")
    for finding in result.findings:
        print(finding.rule, finding.location.line, finding.message)
"""
__all__ = ["CheckResult", "check_path", "check_text"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # The entry points load the readers, rules and data on first use: `juesuan --help`
    # and the store's commands need none of them.
    if name in __all__:
        from juesuan import api
        return getattr(api, name)
    raise AttributeError(f"module 'juesuan' has no attribute {name!r}")
