"""Ready views for the common questions; each is plain SQL over the store's tables."""
from __future__ import annotations

_DEPARTMENTS = """
SELECT dept_key, any_value(department ORDER BY year DESC) AS department FROM documents GROUP BY dept_key
"""

VIEWS = {
    # each department's totals by year, from its 收入支出决算总表 (any layout)
    "totals_by_year": """
SELECT d.dept_key, d.department, d.level, d.region, d.year,
       max(c.value) FILTER (WHERE c.row_label = '本年收入合计') AS income,
       max(c.value) FILTER (WHERE c.row_label = '本年支出合计') AS expenditure,
       max(c.value) FILTER (WHERE c.row_label IN ('总计', '合计') AND c.side = 'left') AS total
FROM documents d JOIN cells c USING (doc_id)
WHERE c.table_key LIKE '%summary' AND c.row_code IS NULL
GROUP BY ALL ORDER BY d.dept_key, d.year
""",
    # 三公经费 as the explanation states it (its amount, or its 决算 beside the 预算), with the
    # change on the year before where stored
    "sangong_by_year": """
WITH s AS (
  SELECT d.dept_key, d.department, d.level, d.region, d.year, arg_min(f.wan, f.line) AS sangong
  FROM documents d JOIN facts f USING (doc_id)
  WHERE f.concept = '三公经费' AND f.attribute IN ('amount', 'final')
  GROUP BY ALL)
SELECT s.*, p.sangong AS prior_sangong, s.sangong - p.sangong AS change,
       CASE WHEN p.sangong > 0 THEN CAST((s.sangong - p.sangong) * 100 / p.sangong AS DECIMAL(12, 2)) END AS growth_pct
FROM s LEFT JOIN s p ON p.dept_key = s.dept_key AND p.year = s.year - 1
ORDER BY s.dept_key, s.year
""",
    "sangong_rose": "SELECT * FROM sangong_by_year WHERE change > 0 ORDER BY growth_pct DESC NULLS LAST",
    "findings_by_rule": """
SELECT f.rule, f.name, f.severity, d.department, d.level, d.region, count(*) AS findings,
       count(DISTINCT f.doc_id) AS documents
FROM findings f JOIN documents d USING (doc_id)
GROUP BY ALL ORDER BY f.rule, findings DESC
""",
    "department_years": """
SELECT d.dept_key, n.department, list(DISTINCT d.year ORDER BY d.year) AS years,
       list(DISTINCT d.department) AS names_printed, count(*) AS documents,
       any_value(d.level ORDER BY d.year DESC) AS level, any_value(d.region ORDER BY d.year DESC) AS region
FROM documents d JOIN (""" + _DEPARTMENTS + """) n USING (dept_key)
GROUP BY ALL ORDER BY n.department
""",
}
