"""Many reports in one run: streamed results, worker processes, a Dask cluster.

The pieces, for the command line and for anything else that checks reports in bulk:

- :func:`check_one` checks one file and returns a plain dict (never raises);
- :func:`iter_results` yields the results of many files in input order, in this
  process, in worker processes (``jobs``) or on a Dask cluster (``cluster``);
- :func:`read_done` / :func:`not_done` resume a stopped run from its JSON Lines;
- :func:`run` does what ``juesuan check`` does: check, write each result at once,
  one stderr line per input that could not be checked, a progress bar on a terminal.

::

    from juesuan.batch import Options, iter_results
    for result in iter_results(paths, Options(errors_only=True), jobs=4):
        print(result["source"], len(result["findings"]))
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from juesuan.batch.local import default_jobs, iter_local
from juesuan.batch.output import FORMATS, Tally, Writer, rule_failures, to_line
from juesuan.batch.progress import progress_for
from juesuan.batch.resume import not_done, read_done
from juesuan.batch.task import Options, check_content, check_one

__all__ = ["FORMATS", "Options", "Tally", "Writer", "check_content", "check_one", "default_jobs",
           "iter_results", "not_done", "read_done", "run", "to_line"]


def iter_results(paths: Iterable, options: Options = Options(), *, jobs: int = 1,
                 cluster: str | None = None, ship: str = "auto", apart: bool = False) -> Iterator[dict]:
    """The result of each of ``paths`` (see :func:`check_one`), in input order, each as
    soon as it and those before it are done.

    ``jobs``: worker processes on this machine (1: in this process). ``cluster``: the
    address of a Dask scheduler (``tcp://host:8786``) to run on instead; ``ship`` says
    whether its workers get paths, file contents, or (``auto``) paths when they see the
    files. Memory stays flat: only a few results per worker are held at any time.
    ``apart``: never fork this process, read even one job in a worker (see
    :func:`~juesuan.batch.local.iter_local`).
    """
    if cluster:
        from juesuan.batch.cluster import iter_cluster
        return iter_cluster(paths, cluster, options, ship)
    return iter_local(paths, options, jobs, apart)


def run(paths: Sequence, form: str, options: Options = Options(), *, jobs: int = 1,
        cluster: str | None = None, out: TextIO | None = None, err: TextIO | None = None,
        quiet: bool = False) -> Tally:
    """Check ``paths`` and write each result to ``out`` in ``form`` (text, json, jsonl)
    as it comes; one line on ``err`` per input not checked, and per rule that crashed
    on one. ``quiet``: text shows error findings only. Returns what was found."""
    out, err = out or sys.stdout, err or sys.stderr
    tally, writer = Tally(), Writer(out, form, quiet)
    jobs = max(1, min(jobs, len(paths)))
    with progress_for(err, len(paths)) as progress:
        for result in iter_results(paths, options, jobs=jobs, cluster=cluster):
            if result.get("error"):
                progress.problem(f"juesuan: {result['error']}")
            for failure in rule_failures(result):
                progress.problem(f"juesuan: {result['source']}: {failure}")
            writer.write(result)
            tally.add(result)
            progress.advance(sum(1 for f in result["findings"] if f["severity"] == "error"))
    writer.close(tally)
    return tally
