"""How the PDF reader asks PDFium: few calls per drawn rule and per table cell, and the same
tables wherever the rules are drawn (on the page, or in a form placed by a matrix)."""
from __future__ import annotations

import pytest

from test_readers_pdf_docx import make_pdf

pdfium = pytest.importorskip("pypdfium2")
raw = pytest.importorskip("pypdfium2.raw")

from juesuan.readers import pdfium_calls  # noqa: E402
from juesuan.readers.pdf import read_pdf  # noqa: E402

# a 3x3 grid; the border between the first two header cells is missing (merged)
XS, YS = [72, 172, 272, 372], [700, 680, 660, 640]
RULES = ([(XS[0], y, XS[-1], y) for y in YS] + [(x, YS[0], x, YS[-1]) for x in (XS[0], XS[2], XS[3])]
         + [(XS[1], YS[1], XS[1], YS[-1])])
TEXT = [(76, 686, "Item"), (276, 686, "Amount"), (76, 666, "Basic"), (176, 666, "Staff"),
        (276, 666, "100.00"), (76, 646, "Project"), (176, 646, "Other"), (276, 646, "50.00"),
        (72, 720, "Table 1 Expenditure"), (72, 600, "After the table.")]
ROWS = [["Item", "Item", "Amount"], ["Basic", "Staff", "100.00"], ["Project", "Other", "50.00"]]
LINES = ["Table 1 Expenditure", "Item  Amount", "Basic  Staff  100.00", "Project  Other  50.00",
         "After the table."]


def _counting(monkeypatch, name: str) -> list[int]:
    calls: list[int] = []
    function = getattr(pdfium_calls, name)

    def counted(*args):
        calls.append(1)
        return function(*args)

    monkeypatch.setattr(pdfium_calls, name, counted)
    return calls


def test_filled_rules_are_read_from_their_bounds_not_point_by_point(tmp_path, monkeypatch):
    # Word and WPS draw every border as a filled rectangle: thousands per report
    path = make_pdf(tmp_path / "filled.pdf", [TEXT], [RULES], filled=True)
    points = _counting(monkeypatch, "path_segment")
    bounds = _counting(monkeypatch, "object_bounds")
    document = read_pdf(path)
    assert [table.rows for table in document.tables] == [ROWS]
    assert points == [] and len(bounds) == len(RULES)


def test_each_cell_is_asked_for_its_text_once(tmp_path, monkeypatch):
    path = make_pdf(tmp_path / "grid.pdf", [TEXT], [RULES])
    asked = _counting(monkeypatch, "bounded_text")

    def twice(*args, **kwargs):  # pypdfium2's way: once for the length, once for the text
        raise AssertionError("get_text_bounded asks PDFium twice per cell")

    monkeypatch.setattr(pdfium.PdfTextPage, "get_text_bounded", twice)
    document = read_pdf(path)
    assert [table.rows for table in document.tables] == [ROWS]
    assert len(asked) == 8  # nine slots, two of them one merged cell


@pytest.mark.parametrize("filled", [False, True], ids=["stroked", "filled"])
def test_rules_in_a_form_are_placed_by_the_form_matrix(tmp_path, filled):
    # the page with its table is placed on another page as a form, scaled and moved
    source = pdfium.PdfDocument(str(make_pdf(tmp_path / "grid.pdf", [TEXT], [RULES], filled=filled)))
    target = pdfium.PdfDocument.new()
    page = target.new_page(842, 595)
    xobject = raw.FPDF_NewXObjectFromPage(target.raw, source.raw, 0)
    form = raw.FPDF_NewFormObjectFromXObject(xobject)
    raw.FPDFPageObj_Transform(form, 0.8, 0, 0, 0.8, 100, -300)
    raw.FPDFPage_InsertObject(page.raw, form)
    page.gen_content()
    raw.FPDF_CloseXObject(xobject)
    target.save(str(tmp_path / "placed.pdf"))
    target.close()
    source.close()
    document = read_pdf(tmp_path / "placed.pdf")
    assert [table.rows for table in document.tables] == [ROWS]
    assert document.text.splitlines() == LINES


@pytest.mark.parametrize("budget, tables", [(2 * len(RULES), 0), (2 * len(RULES) + 1, 1)])
def test_a_page_with_more_segments_than_tables_have_is_a_drawing(tmp_path, monkeypatch, budget, tables):
    import juesuan.readers.pdf as reader

    path = make_pdf(tmp_path / "grid.pdf", [TEXT], [RULES])  # two segments a rule
    monkeypatch.setattr(reader, "_MAX_SEGMENTS", budget)
    document = read_pdf(path)
    assert len(document.tables) == tables
    assert ("Item Amount" in document.text.splitlines()) == (tables == 0)


def test_pages_are_opened_without_pypdfium2_s_page_objects(tmp_path, monkeypatch):
    # each page object of pypdfium2 carries a finalizer and a place among its document's
    # children: per page as much as reading its text
    path = make_pdf(tmp_path / "grid.pdf", [TEXT], [RULES])

    def refused(*args, **kwargs):
        raise AssertionError("a pypdfium2 page object was made")

    monkeypatch.setattr(pdfium.PdfDocument, "get_page", refused)
    monkeypatch.setattr(pdfium.PdfPage, "get_textpage", refused)
    document = read_pdf(path)
    assert [table.rows for table in document.tables] == [ROWS]
    assert document.text.splitlines() == LINES


@pytest.mark.parametrize("kept", ["yyyy", "nyyn", "nnyyyn", "ynny", "n", "nn", "yny", ""])
def test_a_page_s_text_is_pypdfium2_s_text_range(monkeypatch, kept):
    # PDFium leaves some characters out of the text (a control character): the range asked
    # for is narrowed to the characters kept at either end, as pypdfium2 narrows it. Both
    # ask the same stand-in for PDFium, whose characters are "abcd…", "n" ones left out.
    import ctypes

    from juesuan.readers.pdf import _page_text

    indices = [i for i, keep in enumerate(kept) if keep == "y"]

    def text_index(page, char):
        return indices.index(char) if char in indices else -1

    def get_text(page, start, count, buffer):
        text = "".join(chr(97 + i) for i in indices if start <= i < start + count) + "\0"
        ctypes.memmove(buffer, text.encode("utf-16-le"), 2 * len(text))
        return len(text)

    for module in (raw, pdfium_calls):
        monkeypatch.setattr(module, "FPDFText_GetTextIndexFromCharIndex" if module is raw else "text_index",
                            text_index)
        monkeypatch.setattr(module, "FPDFText_GetText" if module is raw else "page_text", get_text)
    monkeypatch.setattr(raw, "FPDFText_CountChars", lambda page: len(kept))
    stand_in = object.__new__(pdfium.PdfTextPage)
    assert _page_text(None, len(kept)) == pdfium.PdfTextPage.get_text_range(stand_in, errors="replace")


def test_a_cell_s_text_longer_than_the_buffer_is_asked_for_again(tmp_path):
    # the page's buffer has room for any answer; one made too small (for no characters)
    # still gives the whole text, asked for pypdfium2's way
    from juesuan.readers.pdf import _BoundedText

    path = make_pdf(tmp_path / "grid.pdf", [TEXT], [RULES])
    pdf = pdfium.PdfDocument(str(path))
    textpage = pdf[0].get_textpage()
    handle = pdfium_calls.handle(textpage.raw)
    small, roomy = _BoundedText(handle, 0), _BoundedText(handle, pdfium_calls.count_chars(handle))
    rectangle = dict(left=72, bottom=640, right=372, top=680)  # two rows of the grid
    expected = textpage.get_text_bounded(**rectangle, errors="replace")
    assert "Basic" in expected and "50.00" in expected
    assert small(*rectangle.values()).rstrip("\x00") == roomy(*rectangle.values()).rstrip("\x00") == expected
    textpage.close()
    pdf.close()


def test_handles_are_plain_addresses_and_filled_structs_keep_their_type():
    import ctypes

    for name in ("page_get_object", "form_get_object", "object_type", "object_bounds",
                 "path_segment", "segment_point", "char_index", "char_box", "bounded_text",
                 "load_text_page", "close_page", "count_chars", "page_text"):
        assert getattr(pdfium_calls, name).argtypes[0] is ctypes.c_void_p, name
    assert pdfium_calls.page_get_object.restype is ctypes.c_void_p
    assert pdfium_calls.object_matrix.argtypes[1]._type_ is raw.FS_MATRIX


def test_a_slot_border_is_open_only_where_no_rule_covers_its_middle():
    from juesuan.readers.pdf import _unruled

    middles = [10.0, 30.0, 50.0, 70.0]
    # one rule over the first two, one ending exactly on the fourth middle
    assert _unruled(middles, [(0.0, 30.0), (65.0, 70.0)]) == [2]
    assert _unruled(middles, []) == [0, 1, 2, 3]
    assert _unruled(middles, [(0.0, 100.0)]) == []


# --- the grid's merged cells, found per boundary by bisection ------------------------------

from hypothesis import given, strategies as st  # noqa: E402

_PLACES = st.floats(min_value=0, max_value=800, allow_nan=False).map(lambda x: round(x * 4) / 4)


@given(st.lists(_PLACES, min_size=1, max_size=30, unique=True),
       st.lists(st.tuples(_PLACES, _PLACES), max_size=6))
def test_unruled_middles_are_those_no_rule_covers(middles, rules):
    from juesuan.readers.pdf import _unruled

    middles.sort()
    rules = [(min(a, b), max(a, b)) for a, b in rules]
    expected = [i for i, middle in enumerate(middles) if not any(low <= middle <= high for low, high in rules)]
    assert _unruled(middles, rules) == expected


@given(st.lists(_PLACES, min_size=1, max_size=12), st.lists(st.tuples(_PLACES, _PLACES, _PLACES), max_size=20))
def test_rules_along_a_line_are_those_within_two_points(lines, drawn):
    from juesuan.readers.pdf import _rules_along, _Segment

    rules = [_Segment(at, min(a, b), max(a, b)) for at, a, b in drawn]
    expected = [sorted((r.start - 1, r.end + 1) for r in rules if abs(r.at - line) <= 2.0) for line in lines]
    assert [sorted(found) for found in _rules_along(lines, rules)] == expected


@pytest.mark.parametrize("data", ["收入 1,039.80".encode("utf-16-le"), "𠀀表".encode("utf-16-le"),
                                  b"\x00\xd8", b"A\x00\x00\xd8B\x00", b""])
def test_cell_text_is_decoded_as_bytes_decode_would(data):
    # the decoder is called directly (not found by name per cell): a cut pair still ends in
    # a replacement character, as the decode of the last piece is final
    from juesuan.readers.pdf import _utf16_decode

    assert _utf16_decode(data, "replace", True)[0] == data.decode("utf-16-le", errors="replace")


@given(st.text(alphabet="年支出合计 1.0%。，；、）a\u3000（\t", max_size=16))
def test_spread_spaces_are_those_between_two_cjk_characters_or_a_figure_and_a_mark(line):
    # the definition, written the plain way; the reader's pattern starts at the space
    import re

    from juesuan.readers.pdf import _CJK, _SPREAD

    plain = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])|(?<=[0-9%]) +(?=[。，；、）])")
    assert _SPREAD.sub("", line) == plain.sub("", line)


# --- a line's box: its first and last characters found without a call per line -------------


def test_line_boxes_need_no_index_lookup_per_line_where_text_and_characters_agree(tmp_path, monkeypatch):
    lines = [(72, 700, "Income 100.00"), (72, 680, "Expenditure 90.00"), (300, 660, "Balance 10.00")]
    path = make_pdf(tmp_path / "lines.pdf", [lines])
    looked_up = _counting(monkeypatch, "char_index")
    boxes = _counting(monkeypatch, "char_box")
    document = read_pdf(path)
    assert document.text.splitlines() == ["Income 100.00", "Expenditure 90.00", "Balance 10.00"]
    assert len(looked_up) == 1 and len(boxes) == 2 * len(lines)  # one look-up for the page


def _pdfium_char_index(kept: list[bool]):
    """PDFium's text index to character index, for a page whose characters are kept in the
    text or (a control character) left out: runs of kept characters, as PDFium builds them."""
    indices = [i for i, keep in enumerate(kept) if keep]
    return lambda handle, text_index: indices[text_index] if 0 <= text_index < len(indices) else -1


@pytest.mark.parametrize("kept, same", [([True] * 5, True), ([True, True, False, True, True], False),
                                        ([False, True, True], False), ([True, True, False], False)])
def test_text_index_is_the_character_index_only_when_no_character_is_left_out(kept, same):
    from juesuan.readers.pdf import _text_index_is_char_index

    char_index = _pdfium_char_index(kept)
    assert _text_index_is_char_index(None, len(kept), char_index) == same
    if same:
        assert all(char_index(None, i) == i for i in range(len(kept)))


@given(st.lists(st.tuples(_PLACES, _PLACES, _PLACES), max_size=14),
       st.lists(st.tuples(_PLACES, _PLACES, _PLACES), max_size=14))
def test_rule_groups_are_those_of_the_rules_that_cross(horizontal, vertical):
    # the definition, written the plain way: every pair looked at, groups in the order of
    # their first horizontal rule
    from juesuan.readers.pdf import _components, _Segment

    hs = [_Segment(at, min(a, b), max(a, b)) for at, a, b in horizontal]
    vs = [_Segment(at, min(a, b), max(a, b)) for at, a, b in vertical]
    group = list(range(len(hs) + len(vs)))

    def crossing(h, v):
        return h.start - 2.5 <= v.at <= h.end + 2.5 and v.start - 2.5 <= h.at <= v.end + 2.5

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if crossing(h, v):
                old, new = group[len(hs) + j], group[i]
                group = [new if g == old else g for g in group]
    expected = []
    for name in dict.fromkeys(group[:len(hs)]):
        members = ([h for i, h in enumerate(hs) if group[i] == name],
                   [v for j, v in enumerate(vs) if group[len(hs) + j] == name])
        if len(members[0]) >= 2 and len(members[1]) >= 2:
            expected.append(members)
    assert _components(hs, vs) == expected
