"""A store of many reports (departments × years) in an embedded DuckDB file.

``records`` turns one checked report into plain rows, ``crossyear`` compares a report
with the department's previous one, ``db`` keeps the rows (DuckDB is imported there
only, so the checker runs without it), ``views`` holds the ready questions.
"""
