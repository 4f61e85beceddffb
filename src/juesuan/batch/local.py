"""Reports checked in this process or in worker processes of this machine."""
from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from juesuan.batch.task import Options, check_one, warm_up

#: tasks queued per worker beyond the one it runs: enough to keep it busy, few enough
#: that results waiting for an earlier slow one stay a handful
AHEAD = 4


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def iter_local(paths: Iterable, options: Options = Options(), jobs: int = 1) -> Iterator[dict]:
    """Results of ``paths`` in their order; ``jobs`` > 1 runs them in that many worker
    processes, started once for the whole run."""
    if jobs <= 1:
        warm_up()
        for path in paths:
            yield check_one(path, options)
        return
    yield from _in_workers(paths, options, jobs)


def _in_workers(paths: Iterable, options: Options, jobs: int) -> Iterator[dict]:
    # The checker is loaded before the workers are forked, so they share its pages
    # instead of each loading it again.
    warm_up()
    pool = ProcessPoolExecutor(jobs, mp_context=_context(), initializer=_start_worker)
    pending: deque[tuple[str, Future]] = deque()
    try:
        for path in paths:
            pending.append((str(path), pool.submit(check_one, path, options)))
            if len(pending) >= jobs * (AHEAD + 1):
                yield _result(*pending.popleft())
        while pending:
            yield _result(*pending.popleft())
    finally:
        for _, future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _start_worker() -> None:
    # Ctrl-C is the parent's to handle (it stops the run); a worker keeps quiet
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_up()


def _result(source: str, future: Future) -> dict:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool:
        # a worker was killed (out of memory, a signal): the run cannot go on without it
        raise RuntimeError(f"{source}: a worker process died while checking this file") from None


def _context():
    # fork: the workers start with the checker already imported and loaded
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()
