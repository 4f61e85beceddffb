"""Reading a user's file as bytes, with one clear line for every way that can fail."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, TypeVar

from juesuan.readers.errors import ReadError

T = TypeVar("T")


def read_capped(path: Path, max_bytes: int, what: str) -> bytes:
    """The file's bytes, refused when larger than ``max_bytes`` (``what``: "a text report")."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReadError(f"{path}: file is {size // (1024 * 1024)} MB, larger than the "
                            f"{max_bytes // (1024 * 1024)} MB {what} can be")
        return path.read_bytes()
    except ReadError:
        raise
    except IsADirectoryError:
        raise ReadError(f"{path}: is a directory") from None
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file") from None
    except OSError as exc:
        raise ReadError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def read_file(path: str | Path, max_bytes: int, what: str, parse: Callable[[bytes], T]) -> T:
    """``parse`` of the file's bytes (see :func:`read_capped`), its error naming the file."""
    path = Path(path)
    data = read_capped(path, max_bytes, what)
    try:
        return parse(data)
    except ReadError as exc:
        raise ReadError(f"{path}: {exc}") from None
