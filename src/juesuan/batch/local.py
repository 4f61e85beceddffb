"""Reports checked in this process or in worker processes of this machine."""
from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from juesuan.batch.task import Options, check_one, failed, file_sha256, warm_up

#: tasks queued per worker beyond the one it runs: enough that the other workers stay
#: busy while one reads a long PDF (with 4, two workers lost a fifth of their time behind
#: a 70-page PDF among seed-sized texts), few enough that the results waiting for it stay
#: a handful
AHEAD = 8


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def iter_local(paths: Iterable, options: Options = Options(), jobs: int = 1,
               apart: bool = False) -> Iterator[dict]:
    """Results of ``paths`` in their order; ``jobs`` > 1 runs them in that many worker
    processes, started once for the whole run.

    ``apart``: the caller's process must not be forked (it runs threads of its own, such
    as a database's, that a forked child would inherit in an unknown state): the reports
    are then read in worker processes even for one job, started from a fresh process.
    """
    if jobs <= 1 and not apart:
        warm_up()
        for path in paths:
            yield check_one(path, options)
        return
    yield from _in_workers(paths, options, max(1, jobs), apart)


def _in_workers(paths: Iterable, options: Options, jobs: int, apart: bool = False) -> Iterator[dict]:
    if not apart:
        # The checker is loaded before the workers are forked, so they share its pages
        # instead of each loading it again.
        warm_up()
    workers = _Workers(jobs, options, _context(apart))
    try:
        for path in paths:
            workers.submit(path)
            if len(workers.pending) >= jobs * (AHEAD + 1):
                yield workers.next()
        while workers.pending:
            yield workers.next()
    finally:
        workers.close()


class _Workers:
    """A pool of worker processes and the queue of its results, in input order.

    A worker that dies (killed for its memory, a crash in native code) breaks the whole
    pool and every task in it. The file at the head of the queue is then checked again
    alone in a fresh worker, so that only the file that kills a worker is reported as
    failed, and the tasks behind it are given to a new pool.
    """

    def __init__(self, jobs: int, options: Options, context) -> None:
        self.jobs, self.options, self.context = jobs, options, context
        self.pool = self._pool(jobs)
        self.pending: deque[tuple[str, Future]] = deque()

    def submit(self, path) -> None:
        self.pending.append((path, self._submit(path)))

    def _submit(self, path) -> Future:
        # A worker may die before the task goes in (quick reports leave the parent still
        # queueing when it does): the pool then refuses the task, which fails like those
        # already queued and is dealt with in its turn.
        try:
            return self.pool.submit(check_one, path, self.options)
        except BrokenProcessPool as exc:
            refused: Future = Future()
            refused.set_exception(exc)
            return refused

    def next(self) -> dict:
        path, future = self.pending.popleft()
        try:
            return future.result()
        except BrokenProcessPool:
            pass
        self.pool.shutdown(wait=True, cancel_futures=True)
        result = self._alone(path)
        self.pool = self._pool(self.jobs)
        self.pending = deque((queued, self._submit(queued)) for queued, _ in self.pending)
        return result

    def close(self) -> None:
        for _, future in self.pending:
            future.cancel()
        self.pool.shutdown(wait=True, cancel_futures=True)

    def _alone(self, path) -> dict:
        pool = self._pool(1)
        try:
            return pool.submit(check_one, path, self.options).result()
        except BrokenProcessPool:
            return failed(str(path), file_sha256(str(path)),
                          f"{path}: the worker process checking this file died (out of memory?); not checked")
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _pool(self, jobs: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(jobs, mp_context=self.context, initializer=_start_worker)


def _start_worker() -> None:
    # Ctrl-C is the parent's to handle (it stops the run); a worker keeps quiet
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_up()


#: what a fork server imports once, so that each worker forked from it starts loaded
_PRELOAD = ["juesuan.batch.task", "juesuan.api"]


def _context(apart: bool = False):
    if apart:
        # a fork server is a fresh process started once; the workers are forked from it
        if "forkserver" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
            return context
        return multiprocessing.get_context("spawn")
    # fork: the workers start with the checker already imported and loaded
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()
