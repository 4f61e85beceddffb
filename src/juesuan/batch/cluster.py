"""Reports checked on a Dask distributed cluster (``pip install 'juesuan[cluster]'``).

The workers run the same :func:`~juesuan.batch.task.check_one` as a local run. Where
they see the caller's files under the same names (a shared file system) they are given
paths; otherwise each file is sent as bytes. Results come back in input order, with a
bounded number of tasks in flight, so the caller's memory stays flat.
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from juesuan.batch.task import Options, check_content, check_one, failed, file_sha256, renamed_files

#: tasks in flight per worker thread
AHEAD = 4
#: seconds to wait for the scheduler to answer
CONNECT_TIMEOUT = 30


class ClusterUnavailable(RuntimeError):
    """The cluster cannot be used: dask is not installed, or the scheduler does not answer."""


def iter_cluster(paths: Iterable, address: str, options: Options = Options(),
                 ship: str = "auto") -> Iterator[dict]:
    """Results of ``paths`` in their order, checked on the cluster whose scheduler is at
    ``address`` (``tcp://host:8786``). ``ship`` is ``"path"``, ``"content"`` or
    ``"auto"`` (paths when every worker sees the first input and the attachments)."""
    client = _connect(address)
    try:
        paths = iter(paths)
        first = next(paths, None)
        if first is None:
            return
        paths = _chain(first, paths)
        if ship == "auto":
            ship = "path" if _workers_see(client, [first, *options.attachments]) else "content"
        yield from _stream(client, paths, options, ship)
    finally:
        client.close()


def _connect(address: str):
    try:
        from distributed import Client
    except ImportError:
        raise ClusterUnavailable("running on a cluster needs dask: pip install 'juesuan[cluster]'") from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterUnavailable(f"{address}: no Dask scheduler answers ({exc})") from None


def _chain(first, rest: Iterator) -> Iterator:
    yield first
    yield from rest


def _workers_see(client, paths: list) -> bool:
    """Whether every worker finds each of ``paths`` with the size it has here."""
    wanted = [(os.path.abspath(p), _size(p)) for p in paths]
    if any(size is None for _, size in wanted):
        return False
    answers = client.run(_sizes, [p for p, _ in wanted])
    return bool(answers) and all(sizes == [s for _, s in wanted] for sizes in answers.values())


def _sizes(paths: list[str]) -> list[int | None]:
    return [_size(p) for p in paths]


def _size(path) -> int | None:
    try:
        return os.stat(path).st_size
    except OSError:
        return None


def _stream(client, paths: Iterator, options: Options, ship: str) -> Iterator[dict]:
    threads = sum(client.nthreads().values()) or 1
    attachments = _attachment_bytes(options) if ship == "content" else ()
    pending: deque = deque()
    try:
        for path in paths:
            pending.append((str(path), _submit(client, path, options, ship, attachments)))
            if len(pending) >= threads * AHEAD:
                yield _result(*pending.popleft())
        while pending:
            yield _result(*pending.popleft())
    finally:
        for _, future in pending:
            future.cancel()


def _submit(client, path, options: Options, ship: str, attachments):
    if ship == "path":
        # absolute names, made here: a worker's working folder is not the caller's
        return client.submit(_check_renamed, *absolute(str(path), options), pure=False)
    try:
        content = Path(path).read_bytes()
    except OSError:
        # the reader says why, in its own words, where the file is
        return client.submit(check_one, str(path), options, pure=False)
    return client.submit(check_content, str(path), content, options, attachments, pure=False)


def absolute(source: str, options: Options) -> tuple[str, Options, dict[str, str]]:
    """The names a worker must use, the options with them, and the way back to the
    caller's names."""
    names = {os.path.abspath(p): str(p) for p in (source, *options.attachments)}
    return (os.path.abspath(source),
            replace(options, attachments=tuple(os.path.abspath(p) for p in options.attachments)),
            {where: given for where, given in names.items() if where != given})


def _check_renamed(where: str, options: Options, names: dict[str, str]) -> dict:
    return renamed_files(check_one(where, options), names)


def _attachment_bytes(options: Options) -> tuple[tuple[str, bytes], ...]:
    return tuple((name, Path(name).read_bytes()) for name in options.attachments)


def _result(source: str, future) -> dict:
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - a worker lost; the run goes on
        return failed(source, file_sha256(source),
                      f"{source}: the cluster could not check this file ({type(exc).__name__}: {exc})")
    finally:
        future.release()
