"""Ctrl-C, SIGTERM and SIGHUP stop the command cleanly.

By default SIGTERM and SIGHUP end Python at once, skipping every ``finally``: a temporary
file stays behind, and a LibreOffice started in its own process group runs on. Here the
three signals raise :class:`Interrupted` instead, so that the clean-up code runs (temporary
files removed, child processes stopped); then the command says so on one line and ends
by the same signal, as a shell expects of an interrupted program (exit status 128 + n).
"""
from __future__ import annotations

import errno
import io
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import click

SIGNALS = tuple(s for s in (getattr(signal, n, None) for n in ("SIGINT", "SIGTERM", "SIGHUP")) if s)


class Interrupted(BaseException):
    """A signal asked the command to stop (a BaseException, like KeyboardInterrupt, so that
    no ``except Exception`` swallows it)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _stop(signum: int, frame) -> None:
    # A second signal must not break off the clean-up the first one started.
    for sig in SIGNALS:
        signal.signal(sig, signal.SIG_IGN)
    raise Interrupted(signum)


@contextmanager
def interruptible() -> Iterator[None]:
    """Within the block the signals raise :class:`Interrupted`; the handlers before are
    put back after it. Only the main thread can own signal handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    # A signal ignored from the start (a background job's SIGINT) stays ignored.
    previous = {sig: signal.signal(sig, _stop) for sig in SIGNALS if signal.getsignal(sig) is not signal.SIG_IGN}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def end_by(signum: int) -> None:
    """End this process by ``signum`` with its default action, after flushing the output."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    signal.signal(signum, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signum})
    os.kill(os.getpid(), signum)
    raise SystemExit(128 + signum)          # where the signal did not end the process


class Group(click.Group):
    """The command group: every subcommand runs interruptible, and standard output that
    cannot be written (a full disk, a device, a closed pipe) is one line and exit 2."""

    def invoke(self, ctx: click.Context):
        try:
            with interruptible():
                try:
                    return super().invoke(ctx)
                finally:
                    if sys.stdout is not None:  # None when started with standard output closed
                        sys.stdout.flush()      # so that a failed write is seen here, not at exit
        except Interrupted as stop:
            click.echo(f"juesuan: stopped by {stop}; no output file was left half written", err=True)
            end_by(stop.signum)
        except OSError as error:
            if error.filename is not None or error.errno not in _STREAM_ERRORS:
                raise                       # not standard output: a bug to see
            _drop_stdout()
            click.echo(f"juesuan: standard output cannot be written ({error.strerror or error})", err=True)
            sys.exit(2)


#: what writing to standard output can meet: a full disk or device, an I/O error, a
#: reader that went away, a closed descriptor, a file grown past its limit
_STREAM_ERRORS = frozenset({errno.ENOSPC, errno.EIO, errno.EPIPE, errno.EBADF, errno.EFBIG, errno.EDQUOT})


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so that the unwritten rest is not tried again
    when Python exits (which would print its own error)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass
