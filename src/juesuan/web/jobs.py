"""Uploads and the queue of checks: each upload in its own folder under an unguessable
id, each file checked in a worker process (at most one per core at a time, the rest
waiting), the folder removed when the upload is dropped or has expired.

A user's file name is a label only: files are stored as ``<n><suffix>``, the suffix
taken from a fixed list (the one the name promises, so the readers' warning about a
misleading name stays what the command line says, else the one the content shows).
"""
from __future__ import annotations

import asyncio
import bisect
import multiprocessing
import os
import secrets
import shutil
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from juesuan.batch.task import Options
from juesuan.readers.sniff import SUFFIX_KIND, sniff
from juesuan.web import work

MB = 1024 * 1024

#: the suffix a file of each kind is stored under when its name promises none
KIND_SUFFIX = {"pdf": ".pdf", "docx": ".docx", "doc": ".doc", "rtf": ".rtf", "odt": ".odt",
               "xlsx": ".xlsx", "xls": ".xls", "ods": ".ods", "html": ".html", "text": ".txt"}

#: states of a file, as the page shows them
WAITING, RUNNING, DONE, FAILED = "waiting", "running", "done", "failed"


@dataclass
class Limits:
    """What one upload may hold."""

    #: bytes of one request (all its files)
    max_bytes: int = 100 * MB
    #: files of one zip
    max_zip_entries: int = 200
    #: seconds an upload's files and results are kept after its last check
    keep_seconds: float = 2 * 3600
    #: seconds one check may take (real reports take seconds; the readers cap their own time)
    check_seconds: float = 600.0


@dataclass
class FileJob:
    """One report of an upload and what became of it."""

    id: str
    name: str
    path: Path | None
    status: str = WAITING
    message: str | None = None
    result: dict | None = None
    view: dict | None = None
    #: a PDF is kept for its page images and the annotated copy
    pdf: bool = False
    finished: float | None = None
    #: order of arrival in the queue of all uploads (the slots are taken first come, first served)
    order: int = 0
    #: what a store keeps of the report (when the page has a store to put it in)
    document: object | None = None

    def summary(self) -> dict:
        """The file's state for the page's polling: no report text, counts only."""
        data = {"id": self.id, "name": self.name, "status": self.status, "message": self.message}
        if self.result is not None:
            findings = self.result["findings"]
            errors = sum(1 for f in findings if f["severity"] == "error")
            data.update(errors=errors, warnings=len(findings) - errors,
                        error=self.result.get("error"))
        return data


@dataclass
class Upload:
    """Files sent together, under one unguessable id and one private folder."""

    id: str
    folder: Path
    files: list[FileJob] = field(default_factory=list)
    created: float = field(default_factory=time.monotonic)
    tasks: list[asyncio.Task] = field(default_factory=list)

    def file(self, file_id: str) -> FileJob | None:
        return next((f for f in self.files if f.id == file_id), None)

    @property
    def pending(self) -> bool:
        return any(f.status in (WAITING, RUNNING) for f in self.files)


class CheckTimeout(Exception):
    """A check ran longer than it may."""


class Jobs:
    """The uploads of a running server and the worker processes that check them."""

    def __init__(self, workers: int | None = None, root: str | Path | None = None,
                 limits: Limits | None = None, keep_documents: bool = False,
                 options: Options = Options()) -> None:
        self.workers = workers or _cores()
        self.keep_documents = keep_documents
        self.options = options
        self.limits = limits or Limits()
        self._own_root = root is None
        self.root = Path(root) if root is not None else Path(tempfile.mkdtemp(prefix="juesuan-web-"))
        self.root.mkdir(parents=True, exist_ok=True)
        self.uploads: dict[str, Upload] = {}
        self._slots: asyncio.Semaphore | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._sweeper: asyncio.Task | None = None
        self._arrivals = 0
        # the function a worker runs for one file; picklable by name, as the pool needs
        self.check = work.check_upload

    # --- life ---------------------------------------------------------------------------

    async def start(self) -> None:
        self._slots = asyncio.Semaphore(self.workers)
        self._pool = self._new_pool()
        self._sweeper = asyncio.create_task(self._sweep_forever())

    async def stop(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
        for upload in list(self.uploads.values()):
            for task in upload.tasks:
                task.cancel()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        for upload_id in list(self.uploads):
            self.remove(upload_id)
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the server has threads, and a forked child of a threaded
        # process may inherit a held lock
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=work.warm)

    # --- uploads ------------------------------------------------------------------------

    def new_upload(self) -> Upload:
        upload_id = secrets.token_urlsafe(18)
        folder = self.root / upload_id
        folder.mkdir(mode=0o700)
        upload = Upload(upload_id, folder)
        self.uploads[upload_id] = upload
        return upload

    def status(self, upload: Upload) -> dict:
        """What the page polls: each file's state and counts, and for a waiting file
        its place in the queue of all uploads."""
        waiting = sorted(f.order for u in self.uploads.values() for f in u.files if f.status == WAITING)
        files = []
        for job in upload.files:
            data = job.summary()
            if job.status == WAITING:
                data["place"] = bisect.bisect_left(waiting, job.order) + 1
            files.append(data)
        return {"upload": upload.id, "pending": upload.pending, "files": files}

    def get(self, upload_id: str) -> Upload | None:
        return self.uploads.get(upload_id)

    def remove(self, upload_id: str) -> None:
        upload = self.uploads.pop(upload_id, None)
        if upload is not None:
            for task in upload.tasks:
                task.cancel()
            shutil.rmtree(upload.folder, ignore_errors=True)

    async def add(self, upload: Upload, name: str, stored: Path) -> list[FileJob]:
        """Take in a file written at ``stored`` (inside the upload's folder) under the
        user's ``name``: a zip of reports gives one job per report; each job queued."""
        # sniffing and unzipping read the disk: not on the loop that serves the pages
        loop = asyncio.get_running_loop()
        entries = await loop.run_in_executor(None, lambda: list(self._expand(upload, name, stored)))
        jobs = []
        for job_name, path, refusal in entries:
            self._arrivals += 1
            job = FileJob(secrets.token_urlsafe(9), job_name, path, order=self._arrivals)
            if refusal is not None:
                job.status, job.message, job.finished = FAILED, refusal, time.monotonic()
            upload.files.append(job)
            jobs.append(job)
            if refusal is None:
                upload.tasks.append(asyncio.create_task(self._check(upload, job)))
        return jobs

    def stored_path(self, upload: Upload) -> Path:
        """A fresh file name in the upload's folder, for the bytes of one uploaded file."""
        return upload.folder / f"upload-{len(list(upload.folder.iterdir()))}-{secrets.token_hex(4)}"

    async def wait(self, upload: Upload) -> None:
        while upload.tasks:
            tasks, upload.tasks = upload.tasks, []
            await asyncio.gather(*tasks, return_exceptions=True)

    # --- files in, one per report ---------------------------------------------------------

    def _expand(self, upload: Upload, name: str, stored: Path):
        try:
            what = sniff(stored)
        except OSError as exc:
            yield name, None, f"无法读取：{exc.strerror or exc}"
            return
        if what.readable:
            yield name, self._placed(stored, name, what.kind), None
            return
        if _is_plain_zip(stored) and what.kind == "unknown" and "neither" in what.what:
            yield from self._unzipped(upload, name, stored)
            return
        # the reader refuses it with the command line's own words
        yield name, self._placed(stored, name, None), None

    def _placed(self, stored: Path, name: str, kind: str | None) -> Path:
        suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
        if suffix not in SUFFIX_KIND:
            suffix = KIND_SUFFIX.get(kind, ".bin")
        target = stored.with_name(f"{stored.name}{suffix}")
        stored.rename(target)
        return target

    def _unzipped(self, upload: Upload, name: str, stored: Path):
        """The reports in a zip: each entry written under a name of ours, sizes and count
        capped, nested archives and folders left out."""
        limit = self.limits
        total = 0
        try:
            with zipfile.ZipFile(stored) as archive:
                entries = [e for e in archive.infolist() if not e.is_dir()]
                if len(entries) > limit.max_zip_entries:
                    yield name, None, f"压缩包中文件过多（{len(entries)} 个，上限 {limit.max_zip_entries}）"
                    return
                for index, entry in enumerate(entries):
                    label = f"{name} / {_entry_name(entry)}"
                    if _skipped(entry):
                        continue
                    target = stored.with_name(f"{stored.name}-{index}")
                    try:
                        total += _copy_capped(archive, entry, target, limit.max_bytes - total)
                    except _TooBig:
                        yield label, None, f"压缩包解压后超过上限 {limit.max_bytes // MB} MB，其余文件未检查"
                        return
                    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError,
                            EOFError, ValueError) as exc:
                        yield label, None, f"无法从压缩包取出（{type(exc).__name__}）"
                        continue
                    yield from self._expand_entry(label, target)
        except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError, EOFError) as exc:
            yield name, None, f"压缩包已损坏（{type(exc).__name__}）"
        finally:
            stored.unlink(missing_ok=True)

    def _expand_entry(self, label: str, target: Path):
        try:
            what = sniff(target)
        except OSError as exc:
            yield label, None, f"无法读取：{exc.strerror or exc}"
            return
        if not what.readable:
            target.unlink(missing_ok=True)
            message = "压缩包中的压缩包不展开" if _is_plain_zip_name(what.what) else \
                f"不是可检查的报告文件：{_what_zh(what.what)}"
            yield label, None, message
            return
        yield label, self._placed(target, label, what.kind), None

    # --- the queue ------------------------------------------------------------------------

    async def _check(self, upload: Upload, job: FileJob) -> None:
        assert self._slots is not None
        async with self._slots:
            if self.uploads.get(upload.id) is not upload:
                return
            job.status = RUNNING
            outcome = await self._outcome(job)
        job.finished = time.monotonic()
        if outcome is None:
            job.status = FAILED
            return
        job.result, job.view = outcome["result"], outcome["view"]
        job.document = outcome.get("document")
        job.pdf = bool(job.view and job.view.get("pages"))
        if job.result.get("error"):
            job.status, job.message = FAILED, job.result["error"]
        else:
            job.status = DONE
        if not job.pdf and job.path is not None:
            # a text, Word or HTML file is not needed again: its lines are in the view
            job.path.unlink(missing_ok=True)

    async def _outcome(self, job: FileJob) -> dict | None:
        """The worker's answer for one file, or None with the reason in ``job.message``.
        A worker that dies takes the others of its pool with it: each of them is tried
        once more in a fresh pool, so only a file that kills its worker twice fails."""
        for attempt in (1, 2):
            try:
                return await self._in_worker(self.check, str(job.path), job.name,
                                             self.keep_documents, self.options,
                                             timeout=self.limits.check_seconds)
            except BrokenProcessPool:
                job.message = "检查进程意外退出（文件过大或已损坏？）"
            except CheckTimeout:
                job.message = f"检查超时（超过 {self.limits.check_seconds:.0f} 秒）"
                return None
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - one file's failure is said on its line
                job.message = f"内部错误（{type(exc).__name__}）"
                return None
        return None

    async def _in_worker(self, function, *args, timeout: float | None = None):
        pool = self._pool
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(loop.run_in_executor(pool, function, *args), timeout)
        except asyncio.TimeoutError:
            # a worker cannot be stopped alone: its pool is replaced and its processes killed
            self._replace(pool, kill=True)
            raise CheckTimeout from None
        except BrokenProcessPool:
            self._replace(pool)
            raise

    def _replace(self, pool: ProcessPoolExecutor, kill: bool = False) -> None:
        """A fresh pool for the next files, once per pool lost."""
        if self._pool is not pool:
            return
        self._pool = self._new_pool()
        if kill:
            # ProcessPoolExecutor has no public way to stop a running task
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    async def run_in_worker(self, function, *args):
        """Another job for a worker (rendering a workbook), queued with the checks."""
        assert self._slots is not None
        async with self._slots:
            return await self._in_worker(function, *args)

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(60)
            self.sweep()

    def sweep(self, now: float | None = None) -> int:
        """Drop the uploads whose last check ended longer ago than they are kept."""
        now = time.monotonic() if now is None else now
        old = [u.id for u in self.uploads.values()
               if not u.pending and now - max([f.finished or 0 for f in u.files] + [u.created])
               > self.limits.keep_seconds]
        for upload_id in old:
            self.remove(upload_id)
        return len(old)


class _TooBig(Exception):
    pass


def _copy_capped(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, target: Path, room: int) -> int:
    """Decompress one entry in chunks, counting what really comes out (a zip may lie
    about its sizes)."""
    if entry.file_size > room:
        raise _TooBig
    written = 0
    with archive.open(entry) as source, open(target, "wb") as sink:
        while chunk := source.read(1 << 20):
            written += len(chunk)
            if written > room:
                sink.close()
                target.unlink(missing_ok=True)
                raise _TooBig
            sink.write(chunk)
    return written


def _entry_name(entry: zipfile.ZipInfo) -> str:
    """An entry's name for display: zips made on Chinese Windows store GBK names without
    saying so, which Python reads as cp437."""
    name = entry.filename
    if not entry.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name.replace("\\", "/").rsplit("/", 1)[-1] or name


def _skipped(entry: zipfile.ZipInfo) -> bool:
    # macOS resource forks and hidden files are no reports
    parts = entry.filename.replace("\\", "/").split("/")
    return parts[0] == "__MACOSX" or parts[-1].startswith(".")


def _is_plain_zip(path: Path) -> bool:
    with open(path, "rb") as stream:
        head = stream.read(4)
    return head in (b"PK\x03\x04", b"PK\x05\x06") and zipfile.is_zipfile(path)


def _is_plain_zip_name(what: str) -> bool:
    return "zip archive" in what


#: the readers' descriptions of what a file is, in the page's language
_WHAT_ZH = {"an empty file": "空文件", "a PNG image": "PNG 图片", "a JPEG image": "JPEG 图片",
            "a GIF image": "GIF 图片", "a TIFF image": "TIFF 图片", "a RAR archive": "RAR 压缩包（请改用 zip）",
            "a 7-Zip archive": "7z 压缩包（请改用 zip）", "a PowerPoint presentation (.pptx)": "PowerPoint 演示文稿",
            "an OFD document (export it as PDF)": "OFD 文档（请导出为 PDF）", "an executable program": "可执行程序",
            "a Windows program": "Windows 程序"}


def _what_zh(what: str) -> str:
    return _WHAT_ZH.get(what, what)


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
