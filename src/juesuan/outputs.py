"""Output files written whole or not at all.

An output is first written to a temporary file in the target's own folder (so the final
step is a rename on one file system), flushed to disk, given the permissions the umask
asks for, and only then put in place: replacing the old file in one step with
``--overwrite``, or linked under the new name exclusively without it, so that of two
programs writing the same new file one wins and the other is told, and nobody gets a mix
of both. Whatever stops the write (an error, Ctrl-C, SIGTERM, a full disk) leaves the
previous file as it was and removes the temporary one.

Every problem with the target path is an :class:`OutputError` with a one-line message,
found before any work is done where it can be.
"""
from __future__ import annotations

import errno
import os
import signal
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

#: signals held back while a finished file is put in place, so that the rename and the
#: removal of the temporary name happen together or not at all
_HELD = frozenset(s for s in (getattr(signal, n, None) for n in ("SIGINT", "SIGTERM", "SIGHUP")) if s)

#: link() failures that mean "this file system has no hard links", not "the name is taken"
_NO_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS})


class OutputError(Exception):
    """The output cannot be written where asked; the message is one line naming the path."""


def check_target(target: Path, overwrite: bool, inputs: Iterable[Path] = ()) -> None:
    """Refuse, before any work, a target that cannot or must not be written."""
    try:
        _check(target, overwrite, inputs)
    except OSError as error:        # a name too long, a folder that cannot be searched…
        raise OutputError(_message(target, error)) from None


def _check(target: Path, overwrite: bool, inputs: Iterable[Path]) -> None:
    if target.is_dir():
        raise OutputError(f"{target}: is a directory; give the name of a file to write")
    if target.exists() and not target.is_file():
        raise OutputError(f"{target}: is not a regular file (a device or a pipe); give the name of a file to write")
    for source in inputs:
        if _same_file(source, target):
            raise OutputError(f"{target}: is also the input {source}; write the output to another file")
    if os.path.lexists(target) and not overwrite:     # a dangling link is a name taken too
        raise OutputError(f"{target}: exists; pass --overwrite to replace it")
    folder = _folder(target)
    if not folder.exists():
        raise OutputError(f"{target}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise OutputError(f"{target}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{target}: no permission to write in the folder {folder}")


@contextmanager
def written(target: Path, overwrite: bool) -> Iterator[Path]:
    """A temporary path, with the target's suffix, to write the output to; put in place
    when the block ends without an exception, removed in every case."""
    folder = _folder(target)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.stem[:80]}.", suffix=f".part{target.suffix}", dir=folder)
    except OSError as error:
        raise OutputError(_message(target, error)) from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        _sync(temporary)
        os.chmod(temporary, 0o666 & ~_umask())
        with _signals_held():
            _place(temporary, target, overwrite)
        _sync_folder(folder)
    except OSError as error:
        raise OutputError(_message(target, error)) from None
    finally:
        with suppress(OSError):
            temporary.unlink()


def _place(temporary: Path, target: Path, overwrite: bool) -> None:
    if overwrite:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise OutputError(f"{target}: was created by another program while this one was writing; "
                          "pass --overwrite to replace it") from None
    except OSError as error:
        if error.errno not in _NO_LINKS:
            raise
        _claim_and_replace(temporary, target)


def _claim_and_replace(temporary: Path, target: Path) -> None:
    """Without hard links: the name is claimed by creating it exclusively, then replaced."""
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise OutputError(f"{target}: was created by another program while this one was writing; "
                          "pass --overwrite to replace it") from None
    os.replace(temporary, target)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:                 # one of them does not exist (yet)
        return False


def _folder(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def _sync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; some file systems cannot open a folder: no matter."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def _signals_held() -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not on POSIX
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _message(target: Path, error: OSError) -> str:
    reason = error.strerror or str(error)
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"{target}: no permission to write there ({reason})"
    return f"{target}: cannot be written ({reason})"
