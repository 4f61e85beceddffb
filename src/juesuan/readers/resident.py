"""A reader child kept for the next file, instead of one forked per file.

A child forked for one file pays for more than the fork: every page of memory it writes
is copied or zeroed for it (the parent's heap, PDFium's buffers, the fonts a document
loads), about as many pages as the reading touches, because a new process has no freed
memory of its own to reuse; together that is a fifth of a PDF's reading. A child that
stays reads the next file with the memory and the caches the last one left, like the
parent would, and still keeps the parent safe from the file:

* it runs under the same address-space cap as a one-file child (set once, when it
  starts) and leaves as soon as a read ran out of memory or its memory has grown past
  :data:`RETIRE_GROWTH`, so that neither a damaged file's leftovers nor a slowly growing
  heap follows into later reads;
* a read that crashes it (a signal, an abort at the cap) or outlasts its time is
  reported as a one-file child's would be, the child is reaped (killed first, when it
  is late), and the next file starts a new one;
* it ends when the process that started it ends: at a normal exit (also that of a
  multiprocessing worker, which leaves without ``atexit``) it is told to and waited for,
  so that its CPU time is counted with the process's children; if that process is
  killed, the child reads the end of its request pipe and leaves by itself.

A process forked from the one that owns the child (a worker, a one-file child) forgets
it. One thread at a time uses it; another thread meanwhile gets a one-file child. The
child runs the readers as they were when it started: what is changed in the parent
later (a test's patch) is seen only by a child started after :func:`stop`.
"""
from __future__ import annotations

import os
import pickle
import select
import signal
import threading
import time
from pathlib import Path

from juesuan.readers.errors import ReadError
from juesuan.readers.limits import kill_now, write_all

MB = 1024 * 1024

#: memory growth (resident, since the child started) after which the child leaves once
#: it has answered: a report of a hundred pages leaves a few MB behind
RETIRE_GROWTH = 64 * MB
#: address-space growth after which it leaves: each read keeps nearly all of the cap
RETIRE_SPACE = 256 * MB

_HEADER = 8  # bytes of the length that comes before each message


class _Gone(Exception):
    """The kept child had ended before the call was sent: the call is sent to a new one."""


class Resident:
    """One kept reader child: :meth:`ask` sends it a call and returns the raw answer."""

    def __init__(self, memory: int) -> None:
        from juesuan.readers import limits

        self.memory = memory
        #: the child's CPU seconds by its last answer (not yet in RUSAGE_CHILDREN)
        self.cpu = 0.0
        request_read, self._requests = os.pipe()
        self._answers, answer_write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            try:
                os.close(self._requests)
                os.close(self._answers)
                _serve(request_read, answer_write, memory, limits)
            finally:
                os._exit(0)
        os.close(request_read)
        os.close(answer_write)

    def ask(self, message: bytes, path: Path, what: str, seconds: float) -> tuple[str, object]:
        """(kind, value) as a one-file child would answer the pickled call ``message``;
        ReadError when the child died or ran out of time (it is then reaped and this
        object is spent); _Gone when it had died before it was asked."""
        from juesuan.readers import limits

        finished = False
        try:
            try:
                write_all(self._requests, len(message).to_bytes(_HEADER, "little") + message)
            except BrokenPipeError:            # it died between two files (killed from outside)
                finished = True
                self.close()
                os.waitpid(self.pid, 0)
                raise _Gone from None
            answer = _read_answer(self._answers, time.monotonic() + seconds)
            finished = True
        finally:
            if not finished:                   # the command is being stopped
                self.close()
                limits._stop_child(self.pid)
        if answer == "late":
            self.close()
            kill_now(self.pid)
            os.waitpid(self.pid, 0)
            raise ReadError(f"{path}: reading the {what} took longer than {seconds:g} s; stopped")
        if answer is None:
            self.close()
            _, status = os.waitpid(self.pid, 0)
            raise limits.dead_child(status, path, what, self.memory)
        kind, value, retiring, self.cpu = pickle.loads(answer)
        if retiring:
            self.stop()
        return kind, value

    @property
    def spent(self) -> bool:
        return self._requests < 0

    def close(self) -> None:
        """Close this side's pipes; the child, if alive, reads their end and leaves."""
        for name in ("_requests", "_answers"):
            fd = getattr(self, name)
            if fd >= 0:
                setattr(self, name, -1)
                try:
                    os.close(fd)
                except OSError:
                    pass

    def stop(self) -> None:
        """Let the child leave and reap it (stopping it if it does not leave at once)."""
        from juesuan.readers import limits

        if self.spent:
            return
        self.close()
        end = time.monotonic() + 1.0
        while time.monotonic() < end:
            try:
                if os.waitpid(self.pid, os.WNOHANG)[0]:
                    return
            except ChildProcessError:
                return
            time.sleep(0.001)
        limits._stop_child(self.pid)


# --- the child ----------------------------------------------------------------------------


def _serve(requests: int, answers: int, memory: int, limits) -> None:
    """Answer calls until the request pipe ends or the memory says to leave."""
    _own_signals()
    limits._quiet_child()
    _no_standard_streams()
    limits._limit_memory(memory)
    start = _memory_now()
    while True:
        message = _read_message(requests)
        if message is None:
            return
        try:
            function, args = pickle.loads(message)
        except Exception as exc:  # noqa: BLE001 - reported like a reader's failure
            kind, value = "bug", f"{type(exc).__name__}: {limits._one_line(exc)}"
        else:
            kind, value = limits.outcome(function, args)
        retiring = kind == "memory" or _grown(start)
        try:
            data = pickle.dumps((kind, value, retiring, _cpu_seconds()), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data, retiring = pickle.dumps(("memory", "", True, _cpu_seconds())), True
        write_all(answers, len(data).to_bytes(_HEADER, "little") + data)
        if retiring:
            return


def _own_signals() -> None:
    # The parent's handlers (raise on SIGTERM, stop on Ctrl-C) were inherited: the parent
    # handles an interruption and stops this child, which ends at SIGTERM as it comes.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


def _no_standard_streams() -> None:
    """Standard input and output on /dev/null: a child that stays must not keep the
    command's output pipe open after the command has ended."""
    try:
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass


def _memory_now() -> tuple[int, int]:
    """(address space, resident) in bytes; (0, 0) where /proc cannot say."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            size, resident = statm.read().split()[:2]
        page = os.sysconf("SC_PAGE_SIZE")
        return int(size) * page, int(resident) * page
    except (OSError, ValueError):
        return 0, 0


def _grown(start: tuple[int, int]) -> bool:
    space, resident = _memory_now()
    return space - start[0] > RETIRE_SPACE or resident - start[1] > RETIRE_GROWTH


def _cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --- the pipes ------------------------------------------------------------------------------


def _read_message(fd: int) -> bytes | None:
    """One length-prefixed message, read without a time limit; None at the pipe's end."""
    header = _read_exactly(fd, _HEADER)
    if header is None:
        return None
    return _read_exactly(fd, int.from_bytes(header, "little"))


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _read_answer(fd: int, end: float) -> bytes | str | None:
    """The child's answer; "late" when ``end`` passed first, None when the pipe ended."""
    buffer = bytearray()
    need = _HEADER
    while len(buffer) < need:
        remaining = end - time.monotonic()
        if remaining <= 0:
            return "late"
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return None
        buffer += chunk
        if need == _HEADER and len(buffer) >= _HEADER:
            need = _HEADER + int.from_bytes(buffer[:_HEADER], "little")
    return bytes(buffer[_HEADER:])


# --- the one child of this process ------------------------------------------------------


_lock = threading.Lock()
_resident: Resident | None = None


def run(function, args: tuple, path: Path, what: str, seconds: float, memory: int):
    """(kind, value) of ``function(*args)`` in this process's kept child, started when
    there is none; None when another thread is using it or the call cannot be sent
    (the caller then forks a child for it)."""
    global _resident
    try:
        message = pickle.dumps((function, args), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, AttributeError, TypeError):
        return None             # a function defined on the fly: a child forked for it
    if not _lock.acquire(blocking=False):
        return None
    try:
        for _ in range(2):
            if _resident is None or _resident.spent or _resident.memory != memory:
                if _resident is not None:
                    _resident.stop()
                _resident = Resident(memory)
                _stop_at_exit()
            current = _resident
            try:
                return current.ask(message, path, what, seconds)
            except _Gone:
                continue
            finally:
                if current.spent:
                    _resident = None
        return None             # no child would take it: a child forked for it
    finally:
        _lock.release()


def cpu_seconds() -> float:
    """CPU seconds of this process's kept child by its last answer: a live child is not yet
    in RUSAGE_CHILDREN, where its time goes once it has been reaped."""
    current = _resident
    return current.cpu if current is not None and not current.spent else 0.0


def stop() -> None:
    """End this process's kept child, if any, and reap it."""
    global _resident
    with _lock:
        if _resident is not None:
            _resident.stop()
            _resident = None


_exit_registered: set[int] = set()


def _stop_at_exit() -> None:
    # multiprocessing's exit function runs both at a normal interpreter exit (it is an
    # atexit function) and at a multiprocessing worker's end, which skips atexit.
    if os.getpid() in _exit_registered:
        return
    from multiprocessing import util

    util.Finalize(None, stop, exitpriority=0)
    _exit_registered.add(os.getpid())


def _forget() -> None:
    """In a forked child: the kept child is the parent's (its pipes are closed here, it
    is neither used nor reaped here)."""
    global _lock, _resident
    _lock = threading.Lock()
    if _resident is not None:
        _resident.close()
        _resident = None


os.register_at_fork(after_in_child=_forget)
