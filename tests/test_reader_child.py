"""The PDF reader's child, kept from one file to the next: the same child reads file after
file, and whatever a file does to it (a crash, an endless read, memory run out) ends as one
line for that file, the child reaped, and the next file read by a new child."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from juesuan.readers import limits, resident
from juesuan.readers.errors import ReadError

pytestmark = pytest.mark.skipif(not limits._isolation_available(),
                                reason="needs the forked, memory-capped reader")

PATH = Path("report.pdf")


def _in_child(function, *args, seconds: float = 30.0):
    return limits.run_bounded(function, args, PATH, "PDF", seconds=seconds, reuse=True)


def _crash() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def _out_of_memory() -> None:
    raise MemoryError


def _state(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def _gone(pid: int) -> bool:
    """The process has ended and was reaped by its parent (no zombie left)."""
    return _state(pid) in (None, "X")


def test_files_are_read_by_one_child_in_turn():
    first = _in_child(os.getpid)
    assert first != os.getpid()
    assert _in_child(os.getpid) == first
    assert resident.cpu_seconds() > 0


def test_a_crash_is_one_line_and_the_next_file_gets_a_new_child():
    before = _in_child(os.getpid)
    with pytest.raises(ReadError, match=r"^report.pdf: the PDF reader crashed on this file \(signal 11\)"):
        _in_child(_crash)
    assert _gone(before)
    after = _in_child(os.getpid)
    assert after not in (before, os.getpid())


def test_a_read_past_its_time_is_stopped_and_the_child_reaped():
    before = _in_child(os.getpid)
    started = time.monotonic()
    with pytest.raises(ReadError, match="took longer than 0.3 s; stopped"):
        _in_child(time.sleep, 30, seconds=0.3)
    assert time.monotonic() - started < 5
    assert _gone(before)
    assert _in_child(os.getpid) != before


def test_a_child_out_of_memory_answers_then_leaves():
    before = _in_child(os.getpid)
    with pytest.raises(ReadError, match="needs more memory"):
        _in_child(_out_of_memory)
    assert _gone(before)
    assert _in_child(os.getpid) != before


def test_a_reader_s_own_error_keeps_the_child():
    before = _in_child(os.getpid)
    with pytest.raises(ReadError, match="^report.pdf: no such file"):
        _in_child(_raise_read_error)
    assert _in_child(os.getpid) == before


def _raise_read_error() -> None:
    raise ReadError("report.pdf: no such file")


def test_another_thread_meanwhile_gets_a_child_of_its_own():
    kept = _in_child(os.getpid)
    with resident._lock:            # as while another thread's file is being read
        other = _in_child(os.getpid)
    assert other not in (kept, os.getpid())
    assert _in_child(os.getpid) == kept


def test_a_forked_process_does_not_use_its_parent_s_child():
    kept = _in_child(os.getpid)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.write(write_end, str(_in_child(os.getpid)).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    os.waitpid(pid, 0)
    seen = int(os.read(read_end, 64))
    os.close(read_end)
    assert seen not in (kept, pid)
    assert _in_child(os.getpid) == kept


def test_stop_reaps_the_child():
    pid = _in_child(os.getpid)
    resident.stop()
    assert _gone(pid)
    assert resident.cpu_seconds() == 0.0


def test_a_worker_reaps_its_child_when_it_ends():
    # multiprocessing workers leave by os._exit, without atexit: the child must still be
    # waited for, or its CPU time is missing from the command's
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        pid, ended = pool.submit(_worker_task).result()
    assert ended
    assert _gone(pid)


def _worker_task() -> tuple[int, bool]:
    import multiprocessing.util as util

    pid = _in_child(os.getpid)
    util._exit_function()           # what the worker runs when it leaves
    return pid, _gone(pid)


def test_a_function_that_cannot_be_sent_is_run_in_a_child_of_its_own():
    kept = _in_child(os.getpid)
    assert _in_child(lambda: os.getpid()) not in (kept, os.getpid())


def test_a_child_killed_between_two_files_is_replaced_without_failing_the_next():
    before = _in_child(os.getpid)
    os.kill(before, signal.SIGKILL)
    end = time.monotonic() + 5
    while _state(before) != "Z" and time.monotonic() < end:   # dead, not yet reaped
        time.sleep(0.01)
    after = _in_child(os.getpid)
    assert after not in (before, os.getpid())
    assert _gone(before)
