"""The Starlette application: the pages, the API, and the headers that keep report text
inert (every piece of it escaped by Jinja2; a strict Content-Security-Policy)."""
from __future__ import annotations

import contextlib
import json
import secrets
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from juesuan.batch.task import Options
from juesuan.web import pages
from juesuan.web.jobs import DONE, FAILED, MB, FileJob, Jobs, Limits, Upload
from juesuan.web.safety import BodyLimit, SecurityHeaders

HERE = Path(__file__).parent

#: the longest file name shown (a name is a label, never a path)
NAME_CHARS = 200


@dataclass
class Settings:
    """What `juesuan serve` was started with."""

    max_bytes: int = 100 * MB
    workers: int | None = None
    db: str | None = None
    keep_seconds: float = 2 * 3600
    #: where uploads are kept while they are looked at (default: a fresh temporary folder)
    root: str | None = None
    #: the rules to run and their severities (juesuan.toml where the server was started)
    options: Options = Options()


def create_app(settings: Settings | None = None) -> Starlette:
    """The whole site; the worker processes start with the app and stop with it."""
    settings = settings or Settings()
    jobs = Jobs(settings.workers, settings.root,
                Limits(max_bytes=settings.max_bytes, keep_seconds=settings.keep_seconds),
                keep_documents=settings.db is not None, options=settings.options)
    templates = Jinja2Templates(env=_environment())
    templates.env.globals["store_enabled"] = settings.db is not None

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await jobs.start()
        try:
            yield
        finally:
            await jobs.stop()

    site = Site(jobs, templates, settings)
    app = Starlette(routes=site.routes(), lifespan=lifespan)
    app.state.jobs, app.state.settings = jobs, settings
    app.add_middleware(BodyLimit, max_bytes=settings.max_bytes)
    app.add_middleware(SecurityHeaders)
    return app


class Site:
    """The handlers, sharing the jobs and the templates."""

    def __init__(self, jobs: Jobs, templates: Jinja2Templates, settings: Settings) -> None:
        self.jobs, self.templates, self.settings = jobs, templates, settings

    def routes(self) -> list:
        from juesuan.web import render_pages, store_pages
        return [
            Route("/", self.index),
            Route("/upload", self.upload, methods=["POST"]),
            Route("/u/{upload}", self.upload_page),
            Route("/u/{upload}/delete", self.delete, methods=["POST"]),
            Route("/u/{upload}/review.xlsx", self.review_sheet),
            Route("/u/{upload}/{file}", self.report_page),
            Route("/u/{upload}/{file}/findings.json", self.findings_json),
            Route("/u/{upload}/{file}/review.xlsx", self.review_sheet),
            Route("/u/{upload}/{file}/annotated.pdf", self.annotated_pdf),
            Route("/u/{upload}/{file}/page/{page:int}.png", self.page_png),
            Route("/api/uploads/{upload}", self.upload_status),
            Route("/api/check", self.api_check, methods=["POST"]),
            Route("/api/rules", self.api_rules),
            Route("/docs", self.docs),
            Route("/favicon.ico", lambda request: RedirectResponse("/static/favicon.svg", 301)),
            *render_pages.routes(self),
            *store_pages.routes(self),
            Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
        ]

    def page(self, request: Request, template: str, status_code: int = 200, /, **context) -> Response:
        return self.templates.TemplateResponse(request, template, context, status_code=status_code)

    # --- upload and the queue ---------------------------------------------------------------

    async def index(self, request: Request) -> Response:
        return self.page(request, "index.html", max_mb=self.settings.max_bytes // MB,
                         workers=self.jobs.workers)

    async def upload(self, request: Request) -> Response:
        upload = await self._received(request)
        if _wants_json(request):
            return JSONResponse(self.jobs.status(upload))
        return RedirectResponse(f"/u/{upload.id}", status_code=303)

    async def _received(self, request: Request) -> Upload:
        """A new upload holding every file of the request's form, each queued."""
        form = await request.form(max_files=1000, max_fields=1000)
        files = [value for _, value in form.multi_items() if isinstance(value, UploadFile)]
        files = [f for f in files if f.filename]
        if not files:
            await form.close()
            raise HTTPException(400, "没有收到文件")
        upload = self.jobs.new_upload()
        try:
            for sent in files:
                stored = self.jobs.stored_path(upload)
                await _save(sent, stored)
                await self.jobs.add(upload, _label(sent.filename), stored)
        finally:
            await form.close()
        return upload

    async def upload_page(self, request: Request) -> Response:
        upload = self._upload(request)
        return self.page(request, "upload.html", upload=upload, status=self.jobs.status(upload))

    async def upload_status(self, request: Request) -> Response:
        return JSONResponse(self.jobs.status(self._upload(request)))

    async def delete(self, request: Request) -> Response:
        self.jobs.remove(self._upload(request).id)
        return RedirectResponse("/", status_code=303)

    # --- a report ---------------------------------------------------------------------------

    async def report_page(self, request: Request) -> Response:
        upload, job = self._file(request)
        if job.status != DONE:
            # not checked yet, or not at all: the upload's page says which and why
            return self.page(request, "upload.html", upload=upload, status=self.jobs.status(upload))
        view = pages.report_view(job)
        return self.page(request, "report.html", upload=upload, job=job, view=view)

    async def findings_json(self, request: Request) -> Response:
        _, job = self.finished_file(request)
        body = json.dumps(job.result, ensure_ascii=False, indent=1)
        return Response(body, media_type="application/json",
                        headers=_attachment(f"{_stem(job.name)}-审核结果.json"))

    async def review_sheet(self, request: Request) -> Response:
        upload = self._upload(request)
        if "file" in request.path_params:
            chosen = [self.finished_file(request)[1]]
        else:
            chosen = [f for f in upload.files if f.status in (DONE, FAILED)]
        if not chosen:
            raise HTTPException(404, "还没有检查完成的文件")
        data = await run_in_threadpool(pages.review_sheet_bytes, [_result_of(job) for job in chosen])
        name = f"{_stem(chosen[0].name)}-审核意见表.xlsx" if len(chosen) == 1 else "审核意见表.xlsx"
        return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers=_attachment(name))

    async def annotated_pdf(self, request: Request) -> Response:
        upload, job = self.finished_file(request)
        if not job.pdf or job.path is None or not job.path.exists():
            raise HTTPException(404, "这不是 PDF 文件，或文件已删除")
        target = upload.folder / f"annotated-{secrets.token_hex(6)}.pdf"
        from juesuan.web import work
        try:
            await self.jobs.run_in_worker(work.annotated_pdf, str(job.path), str(target))
            data = target.read_bytes()
        finally:
            target.unlink(missing_ok=True)
        return Response(data, media_type="application/pdf",
                        headers=_attachment(f"{_stem(job.name)}-批注.pdf"))

    async def page_png(self, request: Request) -> Response:
        _, job = self.finished_file(request)
        number = request.path_params["page"]
        pages_in = (job.view or {}).get("pages", 0)
        if not job.pdf or not 1 <= number <= pages_in or job.path is None or not job.path.exists():
            raise HTTPException(404, "没有这一页")
        width = min(max(int(request.query_params.get("w", 1100)), 200), 2000) \
            if request.query_params.get("w", "").isdigit() else 1100
        data = await run_in_threadpool(pages.page_png, str(job.path), number, width)
        return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    # --- the API ------------------------------------------------------------------------------

    async def api_check(self, request: Request) -> Response:
        """The same JSON as `juesuan check --format json`: one object per report, in the
        order sent (a zip's reports where the zip was)."""
        upload = await self._received(request)
        try:
            await self.jobs.wait(upload)
            results = [_result_of(job) for job in upload.files]
        finally:
            self.jobs.remove(upload.id)
        return JSONResponse(results)

    async def api_rules(self, request: Request) -> Response:
        from juesuan.rules import RULES
        return JSONResponse([{"id": r.id, "name": r.name, "family": r.family, "severity": r.severity,
                              "title": r.title} for r in RULES])

    async def docs(self, request: Request) -> Response:
        return self.page(request, "docs.html", max_mb=self.settings.max_bytes // MB)

    # --- lookups ------------------------------------------------------------------------------

    def _upload(self, request: Request) -> Upload:
        upload = self.jobs.get(request.path_params["upload"])
        if upload is None:
            raise HTTPException(404, "没有这次上传（已过期或已删除）")
        return upload

    def _file(self, request: Request) -> tuple[Upload, FileJob]:
        upload = self._upload(request)
        job = upload.file(request.path_params["file"])
        if job is None:
            raise HTTPException(404, "没有这个文件")
        return upload, job

    def finished_file(self, request: Request) -> tuple[Upload, FileJob]:
        upload, job = self._file(request)
        if job.result is None:
            raise HTTPException(409, "这个文件还没有检查完")
        return upload, job


def _environment():
    import jinja2
    # every value escaped, whatever a template's name says
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True)
    env.filters["money"] = _money
    return env


def _money(value) -> str:
    """A stored figure as printed in a report: two decimals, thousands grouped."""
    from decimal import Decimal
    return "" if value is None else f"{Decimal(value):,.2f}"


def _result_of(job: FileJob) -> dict:
    """A file's result in the JSON output's form, under the name it was sent with."""
    if job.result is not None:
        return job.result
    return {"source": job.name, "sha256": None, "error": job.message or "not checked", "findings": []}


async def _save(sent: UploadFile, target: Path) -> None:
    with open(target, "wb") as sink:
        while chunk := await sent.read(1 << 20):
            sink.write(chunk)


def _label(filename: str) -> str:
    """A user's file name as a label: its last part, no control characters, bounded."""
    name = PurePosixPath(filename.replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return (name or "未命名文件")[:NAME_CHARS]


def _stem(name: str) -> str:
    return PurePosixPath(name.replace(" / ", "-")).stem or "report"


def _attachment(name: str) -> dict:
    from urllib.parse import quote
    return {"Content-Disposition": f"attachment; filename=\"download{PurePosixPath(name).suffix}\"; "
                                   f"filename*=UTF-8''{quote(name)}"}


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")
