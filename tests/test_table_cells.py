"""A cell's figure: read once per distinct text, a Number of its own each time asked."""
from __future__ import annotations

from decimal import Decimal

from juesuan.tables import cells


def test_a_cell_text_is_read_once_and_each_figure_is_its_own(monkeypatch):
    read = []

    def counted(text):
        read.append(text)
        return original(text)

    original = cells.parse_decimal
    monkeypatch.setattr(cells, "parse_decimal", counted)
    cells._reading.cache_clear()
    first, second = cells.figure(" 1,039.80 "), cells.figure(" 1,039.80 ", "元")
    assert read == ["1,039.80"]
    assert first is not second and first.start == second.start == -1
    assert (first.value, first.places, first.text, first.unit) == (Decimal("1039.80"), 2, "1,039.80", "万元")
    assert second.unit == "元"


def test_an_exact_cell_keeps_two_places_whatever_was_read_before():
    cells._reading.cache_clear()
    assert cells.figure("4607.6").places == 1
    exact = cells.figure("4607.6", exact=True)
    assert (exact.places, exact.text) == (2, "4607.60")
    assert cells.figure("4607.6").text == "4607.6"


def test_dashes_and_words_are_no_figures():
    for text in ("", " - ", "—", "项目", "1.2.3", "12,34"):
        assert cells.figure(text) is None
