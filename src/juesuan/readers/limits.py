"""Caps that keep reading a hostile or broken file bounded in size, time and memory.

Real reports are a few hundred KB to a few MB and 20-60 pages; every cap here is far
above that, and each refusal says which cap was met. The zip checks run before any
parser sees a .docx/.xlsx: the sizes the zip declares are checked first, then every
entry is decompressed in chunks (so a zip that lies about its sizes is caught too), and
every XML part's prolog is parsed with defusedxml so that a DOCTYPE or entity
declaration (billion laughs, external entities) is refused before lxml or calamine
reads the part.
"""
from __future__ import annotations

import contextlib

import time
import zipfile
from pathlib import Path

from juesuan.readers.errors import ReadError

MB = 1024 * 1024

#: the largest input file read at all (refused, before reading, with its size)
MAX_FILE_BYTES = 100 * MB
#: pages of one PDF
MAX_PDF_PAGES = 2000
#: entries of one .docx/.xlsx zip
MAX_ZIP_ENTRIES = 10_000
#: the uncompressed size of all entries of one zip together
MAX_ZIP_TOTAL = 200 * MB
#: uncompressed / compressed size of the whole zip, or of one entry larger than
#: ``RATIO_FLOOR`` (small parts of real files can compress better than this)
MAX_ZIP_RATIO = 100
RATIO_FLOOR = 1 * MB
#: cells of one spreadsheet (rows x columns of its used area)
MAX_SHEET_CELLS = 5_000_000
#: rows of one spreadsheet: a report's longest table (its 项 list) has a few thousand, and
#: a sheet of a million rows is a data dump whose reading would take minutes for nothing
MAX_SHEET_ROWS = 100_000
#: characters of extracted text
MAX_TEXT_CHARS = 50_000_000
#: seconds one reader may spend (checked between pages, parts and sheets)
MAX_SECONDS = 120.0
#: seconds for LibreOffice to convert a .doc/.rtf/.odt to .docx
CONVERT_TIMEOUT = 120.0


def size_mb(size: int) -> str:
    """A byte count for a message: '512 MB', '1.5 MB', '300 KB'."""
    if size >= 10 * MB:
        return f"{size // MB} MB"
    if size >= MB:
        return f"{size / MB:.1f} MB"
    return f"{max(size // 1024, 1)} KB"


def check_file_size(path: Path, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise ReadError(f"{path}: file is {size_mb(size)}, larger than the "
                        f"{size_mb(MAX_FILE_BYTES)} a report can be; not read")


class Deadline:
    """A time budget for one read; :meth:`check` raises when it is spent."""

    def __init__(self, path: Path, seconds: float = MAX_SECONDS) -> None:
        self.path = path
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise ReadError(f"{self.path}: reading took longer than {self.seconds:g} s; stopped")


def check_zip(path: Path, archive: zipfile.ZipFile, what: str, deadline: Deadline | None = None) -> None:
    """Refuse a zip bomb or hostile XML before any part of ``archive`` is parsed.

    Declared sizes are checked first (cheap), then every entry is decompressed in
    chunks with a running total, so an entry that inflates past what it declares is
    caught as well, and every XML part's prolog is parsed for DTD declarations.
    """
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ReadError(f"{path}: {what} zip has {len(entries)} entries, more than "
                        f"{MAX_ZIP_ENTRIES}; not read (zip bomb?)")
    total = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries)
    _check_total(path, what, total)
    if total > RATIO_FLOOR and total > MAX_ZIP_RATIO * max(packed, 1):
        raise ReadError(f"{path}: {what} zip inflates {total // max(packed, 1)}:1 "
                        f"({size_mb(packed)} to {size_mb(total)}), more than "
                        f"{MAX_ZIP_RATIO}:1; not read (zip bomb?)")
    inflated = 0
    for entry in entries:
        if deadline is not None:
            deadline.check()
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_ZIP_RATIO * max(entry.compress_size, 1):
            raise ReadError(f"{path}: {what} zip entry {entry.filename!r} inflates "
                            f"{entry.file_size // max(entry.compress_size, 1)}:1, more than "
                            f"{MAX_ZIP_RATIO}:1; not read (zip bomb?)")
        if entry.is_dir():
            continue
        inflated += _inflate(path, what, archive, entry, MAX_ZIP_TOTAL - inflated)


def _check_total(path: Path, what: str, total: int) -> None:
    if total > MAX_ZIP_TOTAL:
        raise ReadError(f"{path}: {what} zip holds {size_mb(total)} uncompressed, more than "
                        f"{size_mb(MAX_ZIP_TOTAL)}; not read (zip bomb?)")


def _inflate(path: Path, what: str, archive: zipfile.ZipFile, entry: zipfile.ZipInfo,
             budget: int) -> int:
    """Decompress one entry in chunks; parse an XML part's prolog. Returns its size."""
    is_xml = entry.filename.lower().endswith((".xml", ".rels", ".vml"))
    checker = _PrologChecker(path, entry.filename) if is_xml else None
    size = 0
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(1 << 20):
                size += len(chunk)
                if size > budget:
                    _check_total(path, what, MAX_ZIP_TOTAL + 1)
                if checker is not None and not checker.done:
                    checker.feed(chunk)
    except ReadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError) as exc:
        # RuntimeError: an encrypted entry; NotImplementedError: an unknown compression
        raise ReadError(f"{path}: {what} zip entry {entry.filename!r} cannot be "
                        f"unpacked ({_one_line(exc)})") from None
    except Exception as exc:  # zlib.error and the like: a damaged entry
        raise ReadError(f"{path}: {what} zip entry {entry.filename!r} is damaged "
                        f"({_one_line(exc)})") from None
    if checker is not None and not checker.done:
        checker.close()
    return size


class _RootReached(Exception):
    pass


class _PrologChecker:
    """Parse an XML part up to its root element with defusedxml, which refuses a DTD."""

    def __init__(self, path: Path, name: str) -> None:
        from defusedxml.ElementTree import DefusedXMLParser

        class _Target:
            def start(self, tag, attrib):
                raise _RootReached

            def close(self):
                return None

        self.path = path
        self.name = name
        self.done = False
        self.parser = DefusedXMLParser(target=_Target(), forbid_dtd=True,
                                       forbid_entities=True, forbid_external=True)

    def feed(self, chunk: bytes) -> None:
        self._run(self.parser.feed, chunk)

    def close(self) -> None:
        self._run(self.parser.close)

    def _run(self, method, *args) -> None:
        from defusedxml import DefusedXmlException
        from xml.etree.ElementTree import ParseError

        try:
            method(*args)
        except _RootReached:
            self.done = True
        except DefusedXmlException as exc:
            raise ReadError(f"{self.path}: part {self.name!r} declares a DTD or entities "
                            f"({type(exc).__name__}); refused as hostile XML") from None
        except ParseError as exc:
            raise ReadError(f"{self.path}: part {self.name!r} is not well-formed XML "
                            f"({_one_line(exc)})") from None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return text or type(exc).__name__


# --- running a parser in a child process ------------------------------------------------
#
# pdfium and calamine are native code: a hostile file can make them allocate without
# bound (calamine aborts the whole process when a two-cell sheet spans A1:XFD1048576) or
# spin. On Linux each reader therefore runs in a forked child with an address-space
# limit and a wall-clock limit; whatever happens there, the parent gets a Document or a
# one-line ReadError. The PDF reader's child is kept for the next file
# (:mod:`juesuan.readers.resident`). Set JUESUAN_READ_IN_PROCESS=1 to read in the calling
# process instead (no fork; the Deadline checks and the zip checks still apply).

#: address space a reader child may add to what the parent already had
MAX_CHILD_MEMORY = 2048 * MB


def _isolation_available() -> bool:
    import os
    import sys

    return (sys.platform.startswith("linux") and hasattr(os, "fork")
            and not os.environ.get("JUESUAN_READ_IN_PROCESS"))


def run_bounded(function, args: tuple, path: Path, what: str, *,
                seconds: float = MAX_SECONDS, memory: int = MAX_CHILD_MEMORY, reuse: bool = False):
    """``function(*args)`` with bounded time and memory; any failure is a ReadError.

    ``function`` raises ReadError for the problems it recognises; anything else it
    raises is reported as an internal error of the reader (one line, no traceback).
    ``reuse``: run it in the child kept for the next file (:mod:`juesuan.readers.resident`)
    rather than in one forked for this call alone; for a reader that starts nothing
    outside its own process.
    """
    if not _isolation_available():
        return _guarded(function, args, path, what)
    if reuse:
        from juesuan.readers import resident

        answer = resident.run(function, args, path, what, seconds, memory)
        if answer is not None:
            return _answer(*answer, path, what, memory)
    import os
    import pickle
    import select

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send one pickled answer, exit without cleanup
        status = 0
        try:
            os.close(read_end)
            _quiet_child()
            _limit_memory(memory)
            payload = outcome(function, args)
            try:
                data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
            except MemoryError:
                data = pickle.dumps(("memory", ""))
            write_all(write_end, data)
        except BaseException:  # noqa: BLE001
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    chunks: list[bytes] = []
    end = time.monotonic() + seconds
    timed_out = finished = False
    try:
        while True:
            remaining = end - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_end], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        finished = True
    finally:
        os.close(read_end)
        if not finished:            # the command is being stopped (Ctrl-C, SIGTERM)
            _stop_child(pid)
    if timed_out:
        kill_now(pid)
    _, status = os.waitpid(pid, 0)
    if timed_out:
        raise ReadError(f"{path}: reading the {what} took longer than {seconds:g} s; stopped")
    if os.WIFSIGNALED(status) or not chunks:
        raise dead_child(status, path, what, memory)
    kind, value = pickle.loads(b"".join(chunks))
    return _answer(kind, value, path, what, memory)


def outcome(function, args: tuple) -> tuple[str, object]:
    """In a reader child: ("ok", the result), or the kind of failure and its one line."""
    try:
        return "ok", function(*args)
    except ReadError as exc:
        return "read", str(exc)
    except MemoryError:
        return "memory", ""
    except BaseException as exc:  # noqa: BLE001 - reported as one line
        return "bug", f"{type(exc).__name__}: {_one_line(exc)}"


def dead_child(status: int, path: Path, what: str, memory: int) -> ReadError:
    """The error for a reader child that ended without an answer (its wait status)."""
    import os
    import signal

    signum = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    if signum == signal.SIGABRT:
        # Rust and C++ allocators abort when the address-space limit is met
        return ReadError(f"{path}: the {what} needs more than {size_mb(memory)} of memory "
                         "to read (a huge or damaged file?); not read")
    return ReadError(f"{path}: the {what} reader crashed on this file "
                     f"({'signal ' + str(signum) if signum else 'no answer'}); the file is "
                     "probably damaged")


def write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` to the pipe ``fd`` (a write may take only part of it)."""
    import os

    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def kill_now(pid: int) -> None:
    """SIGKILL a reader child that is late (it may have ended meanwhile)."""
    import os
    import signal

    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _stop_child(pid: int, grace: float = 3.0) -> None:
    """Stop and reap a reader child: SIGTERM first, so that it stops what it started
    itself (a LibreOffice converter runs in a process group of its own), then SIGKILL."""
    import os
    import signal

    try:
        os.kill(pid, signal.SIGTERM)
        end = time.monotonic() + grace
        while time.monotonic() < end:
            if os.waitpid(pid, os.WNOHANG)[0]:
                return
            time.sleep(0.02)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    except ProcessLookupError:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _guarded(function, args: tuple, path: Path, what: str):
    try:
        return function(*args)
    except ReadError:
        raise
    except MemoryError:
        return _answer("memory", "", path, what, 0)
    except RecursionError as exc:
        return _answer("bug", f"RecursionError: {_one_line(exc)}", path, what, 0)
    except Exception as exc:  # noqa: BLE001 - a reader's unexpected failure, as one line
        return _answer("bug", f"{type(exc).__name__}: {_one_line(exc)}", path, what, 0)


def _answer(kind: str, value, path: Path, what: str, memory: int):
    if kind == "ok":
        return value
    if kind == "read":
        raise ReadError(" ".join(value.split()))
    if kind == "memory":
        limit = f" than {size_mb(memory)}" if memory else ""
        raise ReadError(f"{path}: the {what} needs more memory{limit} to read "
                        "(a huge or damaged file?); not read")
    raise ReadError(f"{path}: internal error reading the {what} ({value}); "
                    "the file is probably damaged")


def _quiet_child() -> None:
    """A child that dies prints nothing: its fate is reported by the parent in one line
    (native allocators and Python's faulthandler would write to the shared stderr)."""
    import faulthandler
    import os

    if faulthandler.is_enabled():
        faulthandler.disable()
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
    except OSError:
        pass


def _limit_memory(extra: int) -> None:
    import resource

    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[0])
        import os
        current = pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return
    limit = current + extra
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
