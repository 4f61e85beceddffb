"""The bundled example: the 2023 final accounts of 新疆准东经济技术开发区管理委员会, as data.

Its figures are those of the department's published report, with each of that report's
inconsistencies resolved; examples/zhundong-2023/NOTES.md records every choice.
"""
from __future__ import annotations

from importlib.resources import files

from juesuan.dataset.forms import from_json
from juesuan.dataset.model import Dataset

EXAMPLE = "zhundong-2023.json"


def example_text() -> str:
    return files("juesuan.dataset").joinpath(EXAMPLE).read_text(encoding="utf-8")


def example_dataset() -> Dataset:
    return from_json(example_text())
