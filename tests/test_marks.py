"""Marks: each finding's figures in the extracted text and as boxes on the PDF page.

Text reports are checked here from a few lines written for the test. PDFs are made by
LibreOffice from the project's own blocks (skipped when soffice is not installed); every
box must hold exactly the printed characters of the figure, read back from the page with
PDFium (``get_text_bounded``), also on a page turned by /Rotate, where the drawn page
must show ink inside the box. The corpus PDFs are checked the same way when present.
"""
from __future__ import annotations

import io
import shutil
import time
from pathlib import Path

import pytest

from juesuan.api import check_path, check_text
from juesuan.report.finding import Finding, Location
from juesuan.report.marks import Box, marks_for, pdf_rect, text_lines
from juesuan.report.page_images import page_count, page_png
from juesuan.render.blocks import Cell, Heading, PageBreak, Paragraph, TableBlock

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

TEXT = """一、收入支出决算总体情况说明
青禾市水务局2024年度收入支出总计 1,234.56 万元，比2023年度增
加 34.56 万元，增长 3.88%。主要原因是：河道整治项目资金增加。
二、收入决算情况说明
2024年度本年收入合计 1,234.56 万元，其中：财政拨款收入 1,200.00 万元，占 97.20%；事业收入 30.00 万元，占 2.34%；其他收入 4.56 万元，占 0.37%。
"""


def _shown(result, mark) -> list[str]:
    lines = text_lines(result)
    return [lines[line - 1][start:end] for line, start, end in mark.spans]


def _finding(line: int, quote: str, stated: str, **where) -> Finding:
    return Finding("X101", "test", "error", "test", Location(line=line, end_line=line, quote=quote, **where),
                   stated, None)


# --- text --------------------------------------------------------------------------------


def test_text_lines_count_as_the_findings_do() -> None:
    result = check_text(TEXT)
    assert text_lines(result) == TEXT.split("\n")
    result.text = None          # a result without its text: the lines the flow kept
    assert text_lines(result)[:5] == TEXT.split("\n")[:5]


def test_stated_figure_first_then_the_quoted_figures() -> None:
    result = check_text(TEXT)
    marks = {result.findings[m.finding].rule: m for m in marks_for(result)}
    growth = marks["G101"]
    assert growth.primary == 1 and growth.boxes == ()
    assert _shown(result, growth) == ["3.88%", "1,234.56 万元", "34.56 万元"]
    assert growth.spans[0][0] == 3             # the wrapped sentence's second line
    share = marks["P101"]
    assert _shown(result, share) == ["2.34%", "30.00 万元"]


def test_a_figure_wrapped_over_two_lines_has_two_spans() -> None:
    text = "一、收入支出决算总体情况说明\n本年收入合计 1,234\n.56 万元。\n"
    result = check_text(text)
    result.findings = [Finding("X101", "test", "error", "test",
                               Location(line=2, end_line=3, quote="本年收入合计 1,234.56 万元"),
                               "1,234.56 万元", None)]
    mark = marks_for(result)[0]
    assert _shown(result, mark) == ["1,234", ".56 万元"] and mark.primary == 2


def test_no_span_where_it_is_not_certain_which_figure() -> None:
    text = "一、收入支出决算总体情况说明\n比上年增加 0 万元，上年为 0 万元。\n"
    result = check_text(text)
    result.findings = [_finding(2, "比上年增加 0 万元，上年为 0 万元", "0 万元"),    # twice on its line
                       _finding(2, "比上年增加 0 万元", "7.00 万元"),                 # not printed there
                       _finding(2, "比上年增加 0 万元", "0 万元", file="附件.xlsx")]  # another file's line
    twice, absent, attached = marks_for(result)
    assert (twice.line, twice.spans, twice.primary) == (2, (), 0)
    assert (absent.line, absent.spans) == (2, ())
    assert (attached.line, attached.page, attached.spans) == (None, None, ())


def test_the_figure_with_its_unit_not_the_same_digits_with_another() -> None:
    text = "一、收入支出决算总体情况说明\n占 0%，比上年增加 0 万元。\n"
    result = check_text(text)
    result.findings = [_finding(2, "占 0%，比上年增加 0 万元", "0 万元")]
    assert _shown(result, marks_for(result)[0])[0] == "0 万元"


def test_the_flagged_words_in_the_quote() -> None:
    text = "一、收入支出决算总体情况说明\n住房保障支出（类）住房公积金（项）：住房公积金支出 5.00 万元。\n"
    result = check_text(text)
    result.findings = [_finding(2, "住房保障支出（类）住房公积金（项）：住房公积金支出 5.00 万元", "住房公积金")]
    mark = marks_for(result)[0]
    assert mark.spans == ((2, 9, 14),)


# --- PDF -----------------------------------------------------------------------------------


def _h(text: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text, rowspan, colspan)


def _f(text: str) -> Cell:
    return Cell(text, figure=True)


# The table's last row prints 200.00 twice (本年收入合计 wrong, 财政拨款收入 right).
TABLE = TableBlock(
    key="income", number=2, title="收入决算表", unit="万元",
    header=[[_h("项目", 1, 2), _h("本年收入合计", 2), _h("财政拨款收入", 2), _h("上级补助收入", 2),
             _h("事业收入", 2), _h("经营收入", 2), _h("其他收入", 2)],
            [_h("科目编码"), _h("科目名称")]],
    body=[[Cell("合计"), Cell(""), _f("1,234.56"), _f("1,200.00"), _f("0.00"), _f("30.00"), _f("0.00"), _f("4.56")],
          [Cell("201"), Cell("一般公共服务支出"), _f("1,000.00"), _f("1,000.00"), _f("0.00"), _f("0.00"),
           _f("0.00"), _f("0.00")],
          [Cell("2010101"), Cell("行政运行"), _f("1,000.00"), _f("1,000.00"), _f("0.00"), _f("0.00"),
           _f("0.00"), _f("0.00")],
          [Cell("213"), Cell("农林水支出"), _f("200.00"), _f("200.00"), _f("0.00"), _f("30.00"),
           _f("0.00"), _f("4.56")]])

BLOCKS = [
    Heading("青禾市水务局2024年度部门决算", 0),
    Heading("第二部分 青禾市水务局2024年度部门决算情况说明", 1),
    Heading("一、收入支出决算总体情况说明", 2),
    Paragraph("青禾市水务局2024年度收入支出总计 1,234.56 万元，比2023年度增加 34.56 万元，增长 3.88%。"
              "主要原因是：河道整治项目资金增加。"),
    PageBreak(),
    Heading("第四部分 青禾市水务局2024年度部门决算报表", 1),
    TABLE,
]


@pytest.fixture(scope="module")
def made_pdf(tmp_path_factory) -> Path:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from juesuan.render.pdf import write_pdf

    path = tmp_path_factory.mktemp("marks") / "report.pdf"
    write_pdf(BLOCKS, path)
    return path


def _compact(text: str) -> str:
    return "".join(text.split())


def _boxed_text(pdf: Path, box: Box) -> str:
    """The characters PDFium finds inside a box (shrunk by a hair: a neighbour's box that
    only touches it is outside)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[box.page - 1]
        left, bottom, right, top = pdf_rect(box, page.get_cropbox(), page.get_rotation())
        return page.get_textpage().get_text_bounded(left=left + 0.01, bottom=bottom + 0.01,
                                                    right=right - 0.01, top=top - 0.01)
    finally:
        document.close()


def _assert_boxes_hold_the_figures(pdf: Path, result, marks) -> int:
    """Every box holds exactly a figure the finding's spans print; the first ones the
    stated figure. Returns how many findings had their stated figure boxed."""
    boxed = 0
    for mark in marks:
        finding = result.findings[mark.finding]
        assert len(mark.boxes) <= len(mark.spans)
        if not mark.boxes:
            continue
        # the page of the figure itself, which may be after a page break in the finding's lines
        assert mark.primary and mark.boxes[0].page == mark.page
        for box in mark.boxes:
            assert 0 <= box.left < box.right <= 1 and 0 <= box.top < box.bottom <= 1
        stated = "".join(_compact(_boxed_text(pdf, box)) for box in mark.boxes[:mark.primary])
        assert stated == _compact(finding.stated), (finding, mark)
        shown = {_compact(text) for text in _shown(result, mark)}
        for box in mark.boxes[mark.primary:]:
            assert _compact(_boxed_text(pdf, box)) in shown
        boxed += 1
    return boxed


@needs_soffice
def test_boxes_hold_the_stated_figures(made_pdf: Path) -> None:
    result = check_path(made_pdf)
    marks = marks_for(result, made_pdf)
    rules = sorted(result.findings[m.finding].rule for m in marks if m.boxes)
    assert rules == sorted(f.rule for f in result.findings if f.stated) and "G101" in rules
    assert _assert_boxes_hold_the_figures(made_pdf, result, marks) == len(rules)


@needs_soffice
def test_a_table_cell_among_equal_figures(made_pdf: Path) -> None:
    result = check_path(made_pdf)
    marks = marks_for(result, made_pdf)
    (cell,) = [m for m in marks if result.findings[m.finding].location.column == "本年收入合计"
               and result.findings[m.finding].stated == "200.00"]
    line, start, end = cell.spans[0]
    row = text_lines(result)[line - 1]
    assert row[start:end] == "200.00" and row.index("200.00") == start    # the first of the two
    (box,) = cell.boxes
    assert _boxed_text(made_pdf, box).strip() == "200.00"
    others = [m for m in marks if m is not cell and m.boxes]
    assert all(other.boxes[0] != box for other in others)


@needs_soffice
@pytest.mark.parametrize("rotation, inset", [(90, 0), (180, 0), (270, 0), (0, 40), (90, 40)])
def test_boxes_on_a_turned_or_cropped_page(made_pdf: Path, tmp_path: Path, rotation: int, inset: int) -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    turned = tmp_path / f"turned{rotation}-{inset}.pdf"
    document = pdfium.PdfDocument(str(made_pdf))
    for page in document:
        page.set_rotation(rotation)
        if inset:   # a crop box off the media box's origin: the page shown starts elsewhere
            left, bottom, right, top = page.get_mediabox()
            page.set_cropbox(left + inset, bottom + 2 * inset, right - inset // 2, top - inset)
    document.save(str(turned))
    document.close()
    result = check_path(turned)
    marks = marks_for(result, turned)
    assert _assert_boxes_hold_the_figures(turned, result, marks) >= 1
    # PDFium reads a turned page's text in its own order, which may scramble a sentence:
    # the table's figures are boxed at least
    for box in [box for m in marks for box in m.boxes]:
        image = Image.open(io.BytesIO(page_png(turned, box.page, width=800))).convert("L")
        inside = image.crop((int(box.left * image.width), int(box.top * image.height),
                             int(box.right * image.width) + 1, int(box.bottom * image.height) + 1))
        dark = sum(1 for value in inside.tobytes() if value < 128) / (inside.width * inside.height)
        assert dark > 0.1, box          # the figure's ink is where the box is


@needs_soffice
def test_page_images(made_pdf: Path) -> None:
    from PIL import Image

    assert page_count(made_pdf) == 2
    data = page_png(made_pdf, 1, width=600)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(data))
    assert image.width == 600 and 800 < image.height < 900          # A4 upright
    with pytest.raises(IndexError):
        page_png(made_pdf, 3)
    with pytest.raises(ValueError):
        page_png(made_pdf, 1, width=0)


@pytest.mark.parametrize("name", ["shanghai-putuo-planning-2024.pdf", "moe-southwest-university-2023.pdf",
                                  "moe-southwest-university-2024.pdf"])
def test_corpus_boxes_hold_the_stated_figures(name: str) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{path} is not there")
    result = check_path(path)
    started = time.process_time()
    marks = marks_for(result, path)
    assert time.process_time() - started < 1.0
    stated = [m for m in marks if result.findings[m.finding].stated and m.spans]
    assert _assert_boxes_hold_the_figures(path, result, marks) == len(stated) > 0


def test_a_very_tall_page_is_drawn_narrower(tmp_path: Path) -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    from juesuan.report.page_images import MAX_HEIGHT

    path = tmp_path / "tall.pdf"
    document = pdfium.PdfDocument.new()
    document.new_page(100, 14000)
    document.save(str(path))
    document.close()
    image = Image.open(io.BytesIO(page_png(path, 1, width=1000)))
    assert image.height <= MAX_HEIGHT + 1 and image.width < 1000


def test_a_figure_outside_the_quote_is_taken_from_the_finding_line_when_alone() -> None:
    text = "一、收入支出决算总体情况说明\n本年支出合计 12.00 万元，\n比上年增长 8.00%。\n"
    result = check_text(text)
    result.findings = [Finding("X101", "test", "error", "test",
                               Location(line=3, end_line=3, quote="本年支出合计 12.00 万元，比上年"), "8.00%", None)]
    mark = marks_for(result)[0]
    assert _shown(result, mark) == ["8.00%", "12.00 万元"] and mark.primary == 1


@needs_soffice
def test_the_seed_as_a_pdf_boxes_hold_the_stated_figures(tmp_path: Path) -> None:
    from tests.test_readers_pdf_docx import SEED, make_seed_docx, seed_paragraphs, to_pdf

    if not SEED.exists():
        pytest.skip("the seed report is not in this checkout's workspace")
    pdf = to_pdf(make_seed_docx(tmp_path / "seed.docx", seed_paragraphs(SEED.read_text(encoding="utf-8"))))
    result = check_path(pdf)
    started = time.process_time()
    marks = marks_for(result, pdf)
    assert time.process_time() - started < 1.0
    boxed = _assert_boxes_hold_the_figures(pdf, result, marks)
    assert boxed >= 0.8 * len(result.findings)


def test_a_findings_dict_is_flat_and_names_every_place_field_in_order():
    from dataclasses import asdict

    place = Location(line=3, end_line=4, page=2, section="一、收入决算情况说明", quote="本年收入 1.00 万元",
                     table="收入决算表", row="合计", column="本年收入", file="附件.xlsx")
    finding = Finding("S101", "sum-identity", "error", "不符", place, "1.00", "2.00")
    data = finding.as_dict()
    assert list(data) == ["rule", "name", "severity", "message", "stated", "expected", *asdict(place)]
    assert {key: data[key] for key in asdict(place)} == asdict(place)
