"""The render page: a data workbook in, the report (.docx, .html, .pdf) out, or the
problems that stop it, cell by cell."""
from __future__ import annotations

import secrets
import shutil
import tempfile
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from juesuan.web import work

#: what each output format is sent as
MEDIA = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".html": "text/html; charset=utf-8", ".pdf": "application/pdf"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def routes(site) -> list[Route]:
    pages = RenderPages(site)
    return [Route("/render", pages.form),
            Route("/render", pages.render, methods=["POST"]),
            Route("/render/template.xlsx", pages.template),
            Route("/render/example.xlsx", pages.example)]


class RenderPages:
    def __init__(self, site) -> None:
        self.site = site

    async def form(self, request: Request) -> Response:
        return self.site.page(request, "render.html")

    async def template(self, request: Request) -> Response:
        return await self._workbook(False, "部门决算数据模板.xlsx")

    async def example(self, request: Request) -> Response:
        return await self._workbook(True, "部门决算数据示例.xlsx")

    async def _workbook(self, example: bool, name: str) -> Response:
        folder = Path(tempfile.mkdtemp(prefix="juesuan-template-"))
        try:
            target = folder / "data.xlsx"
            await self.site.jobs.run_in_worker(work.write_template, str(target), example)
            data = target.read_bytes()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return Response(data, media_type=XLSX, headers=_download(name))

    async def render(self, request: Request) -> Response:
        form = await request.form(max_files=1, max_fields=10)
        try:
            sent = form.get("data")
            suffix = "." + str(form.get("format", "docx")).lstrip(".")
            force = form.get("force") == "1"
            if not isinstance(sent, UploadFile) or not sent.filename:
                return self.site.page(request, "render.html", 400, error="请选择数据工作簿（.xlsx）")
            if suffix not in MEDIA:
                return self.site.page(request, "render.html", 400, error="输出格式只能是 .docx、.html 或 .pdf")
            folder = Path(tempfile.mkdtemp(prefix="juesuan-render-"))
            try:
                data = folder / f"data-{secrets.token_hex(4)}{_data_suffix(sent.filename)}"
                with open(data, "wb") as sink:
                    while chunk := await sent.read(1 << 20):
                        sink.write(chunk)
                target = folder / f"report{suffix}"
                outcome = await self.site.jobs.run_in_worker(work.render_workbook, str(data),
                                                             str(target), force)
                if outcome.get("written"):
                    return Response(target.read_bytes(), media_type=MEDIA[suffix],
                                    headers=_download(f"部门决算报告{suffix}"))
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            await form.close()
        return self.site.page(request, "render.html", 422, outcome=outcome, name=sent.filename,
                              chosen=suffix)


def _data_suffix(filename: str) -> str:
    # the data's kind is read from its suffix by load_dataset: only these are kept
    suffix = Path(filename.replace("\\", "/")).suffix.lower()
    from juesuan.dataset.files import DATA_SUFFIXES
    return suffix if suffix in DATA_SUFFIXES else ".xlsx"


def _download(name: str) -> dict:
    from urllib.parse import quote
    return {"Content-Disposition": f"attachment; filename=\"download{Path(name).suffix}\"; "
                                   f"filename*=UTF-8''{quote(name)}"}
