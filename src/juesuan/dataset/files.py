"""A dataset from a file or into one, by the file's kind: JSON, CSV or a workbook."""
from __future__ import annotations

from pathlib import Path

from juesuan.dataset.forms import from_csv, from_json, from_toml, to_csv, to_json
from juesuan.dataset.model import DataError, Dataset
from juesuan.readers.files import read_capped
from juesuan.readers.errors import ReadError
from juesuan.readers.text import decode_text

_MAX_BYTES = 20 * 1024 * 1024

DATA_SUFFIXES = (".json", ".toml", ".csv", ".xlsx", ".xls", ".ods")


def load_dataset(path: str | Path) -> Dataset:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in DATA_SUFFIXES:
        raise DataError(f"{path}: data is read from {', '.join(DATA_SUFFIXES)} files")
    if suffix in (".xlsx", ".xls", ".ods"):
        from juesuan.dataset.workbook import read_workbook
        return read_workbook(path)
    try:
        text = decode_text(read_capped(path, _MAX_BYTES, "a data file"))
    except (ReadError, OSError) as error:
        raise DataError(f"{path}: {error}") from None
    if suffix == ".toml":
        return from_toml(text)
    return from_json(text) if suffix == ".json" else from_csv(text)


def save_dataset(dataset: Dataset, path: str | Path) -> None:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_text(to_json(dataset), encoding="utf-8")
    elif suffix == ".csv":
        # With a BOM, so that Excel opens the Chinese text as UTF-8.
        path.write_text("\ufeff" + to_csv(dataset), encoding="utf-8")
    elif suffix == ".xlsx":
        from juesuan.dataset.workbook import write_workbook
        write_workbook(dataset, path, instructions=False)
    else:
        raise DataError(f"{path}: data is written as .json, .csv or .xlsx")
