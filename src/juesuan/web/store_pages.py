"""Browsing a store (`juesuan serve --db FILE`): departments × years, one department's
totals and 三公 by year as a chart, the cross-year findings. Read-only."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from decimal import Decimal

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

CROSS_FINDINGS = ("SELECT d.dept_key, d.department, d.year, f.rule, f.severity, f.page, f.message, "
                  "f.stated, f.expected, p.year AS prior_year FROM findings f "
                  "JOIN documents d USING (doc_id) JOIN documents p ON p.doc_id = f.prior_doc_id "
                  "ORDER BY d.department, d.year, f.page, f.line")


def routes(site) -> list[Route]:
    if site.settings.db is None:
        return []
    pages = StorePages(site)
    return [Route("/store", pages.overview), Route("/store/{dept}", pages.department),
            Route("/u/{upload}/{file}/store", pages.store_upload, methods=["POST"])]


class StorePages:
    def __init__(self, site) -> None:
        self.site, self.path = site, site.settings.db
        # one connection at a time: DuckDB refuses a read-only and a writing connection
        # to one file in one process
        self._lock = threading.Lock()

    def _rows(self, sql: str, *params) -> list[dict]:
        from juesuan.store import db
        with self._lock:
            try:
                con = db.connect(self.path, wait=5.0, create=False, read_only=True)
            except (db.StoreBusy, db.StoreMissing) as exc:
                raise HTTPException(503, str(exc)) from None
            try:
                cursor = con.execute(sql, list(params))
                columns = [d[0] for d in cursor.description]
                return [dict(zip(columns, row)) for row in cursor.fetchall()]
            finally:
                con.close()

    def _store(self, document) -> str | None:
        """Keep a checked report in the store, and run the cross-year rules on the pairs it
        makes with the department's years before and after (as `juesuan store add` does)."""
        from juesuan.store import db
        with self._lock:
            try:
                con = db.connect(self.path, wait=5.0, create=False)
            except (db.StoreBusy, db.StoreMissing) as exc:
                raise HTTPException(503, str(exc)) from None
            try:
                outcome = db.store_document(con, document)
                if outcome.action != "unchanged":
                    before, after = db.neighbours(con, document.doc_id)
                    if before:
                        db.check_pair(con, document.doc_id, before)
                    if after:
                        db.check_pair(con, after, document.doc_id)
                return document.dept_key
            finally:
                con.close()

    async def store_upload(self, request: Request) -> Response:
        _, job = self.site.finished_file(request)
        if job.document is None:
            raise HTTPException(409, "这个文件没有可存入报告库的内容")
        key = await run_in_threadpool(self._store, job.document)
        return RedirectResponse(f"/store/{key}" if key else "/store", status_code=303)

    async def overview(self, request: Request) -> Response:
        departments = await run_in_threadpool(self._rows, "SELECT * FROM department_years")
        years = sorted({y for d in departments for y in d["years"]})
        cross = await run_in_threadpool(self._rows, CROSS_FINDINGS)
        return self.site.page(request, "store.html", departments=departments, years=years, cross=cross)

    async def department(self, request: Request) -> Response:
        key = request.path_params["dept"]
        found = await run_in_threadpool(self._rows, "SELECT * FROM department_years WHERE dept_key = ?", key)
        if not found:
            raise HTTPException(404, "库中没有这个部门")
        totals = await run_in_threadpool(self._rows, "SELECT * FROM totals_by_year WHERE dept_key = ? ORDER BY year", key)
        sangong = await run_in_threadpool(self._rows, "SELECT * FROM sangong_by_year WHERE dept_key = ? ORDER BY year", key)
        cross = [row for row in await run_in_threadpool(self._rows, CROSS_FINDINGS) if row["dept_key"] == key]
        series = [("收入合计", "income", [(t["year"], t["income"]) for t in totals]),
                  ("支出合计", "expenditure", [(t["year"], t["expenditure"]) for t in totals])]
        return self.site.page(request, "store_department.html", department=found[0], totals=totals,
                              sangong=sangong, cross=cross, chart=bar_chart(series),
                              sangong_chart=bar_chart([("三公经费", "sangong",
                                                        [(s["year"], s["sangong"]) for s in sangong])]))


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    kind: str
    label: str


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    legend: list[tuple[str, str]]


def bar_chart(series, width: int = 560, height: int = 220) -> Chart | None:
    """Grouped bars by year, drawn as SVG by the template (no script, no inline style)."""
    years = sorted({year for _, _, points in series for year, value in points if value is not None})
    values = [Decimal(v) for _, _, points in series for _, v in points if v is not None]
    if not years or not values:
        return None
    top = max(values) or Decimal(1)
    plot = height - 40
    group = (width - 20) / len(years)
    bar = group * 0.7 / len(series)
    bars = []
    for s_index, (name, kind, points) in enumerate(series):
        for year, value in points:
            if value is None:
                continue
            h = float(Decimal(value) / top) * (plot - 10)
            x = 10 + years.index(year) * group + group * 0.15 + s_index * bar
            bars.append(Bar(round(x, 1), round(plot - h, 1), round(bar - 2, 1), round(h, 1), kind,
                            f"{year} {name} {Decimal(value):,.2f} 万元"))
    ticks = [(10 + i * group + group / 2, str(year)) for i, year in enumerate(years)]
    return Chart(width, height, bars, ticks, [(name, kind) for name, kind, _ in series])
