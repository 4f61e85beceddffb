"""Reports printed to PDF by other producers than Word, read as the reports they are.

The project's own reports, made into PDFs the way published ones are made (see
``tests/producers.py``), each file made once per module:

* 青禾市教育局's report (``test_reports_with_tables``) with its nine tables exported as
  the 决算 software's workbook and printed by LibreOffice Calc (ruled grids, merged
  header cells, a 栏次 row, a title, its table number and the unit above each grid;
  zeros printed "-", or printed as nothing with a 行次 column on each side of the
  two-sided tables and the codes parted into 类 / 款 / 项), between the explanation's
  pages printed by Chromium: the consistent report draws no finding; the one with
  planted problems draws exactly the planted findings, each on the page that prints it.
* The bundled example's tables exported the same way, with the header not repeated on
  the pages a table runs on to, zeros printed "0.00" and no thousands separators: the
  tables read back to the example's figures, Decimal for Decimal.
* The bundled example as a web page printed by Chromium (a table's rows cut at a page's
  foot, the header repeated; borders collapsed or each cell in a box of its own): no
  finding, and every fact reads back.
* The bundled example as a Word document whose tables have no borders, or only rules
  above and below (a three-line table), printed by LibreOffice: the same.
* 青禾市教育局's web pages with tables without borders: the planted findings and no other.
* 青禾市教育局's web pages with their tables' cells drawn apart (every rule doubled),
  printed by Chromium: the planted findings and no other.

Each test skips when its engine (LibreOffice, Chromium) is not installed.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from juesuan.api import check_path
from juesuan.dataset.example import example_dataset
from juesuan.dataset.from_report import extract_dataset
from juesuan.readers.dispatch import read_document
from juesuan.render.writer import render

try:
    import producers
    import test_reports_with_tables as qinghe
except ImportError:  # pragma: no cover - run with the repository root on sys.path
    from tests import producers
    from tests import test_reports_with_tables as qinghe

needs_calc = pytest.mark.skipif(producers.soffice() is None, reason="LibreOffice (soffice) is not installed")
needs_chromium = pytest.mark.skipif(producers.chromium() is None, reason="Chromium is not installed")


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _split_at_tables(blocks: list) -> tuple[list, list, list]:
    """The blocks before the first table, the tables, and the blocks after the last."""
    at = [n for n, block in enumerate(blocks) if isinstance(block, qinghe.Table)]
    return blocks[:at[0]], [blocks[n] for n in at], blocks[at[-1] + 1:]


@pytest.fixture(scope="module")
def explanation(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """The pages before and after the tables of the consistent and the planted report,
    printed by Chromium."""
    if producers.chromium() is None:
        pytest.skip("Chromium is needed")
    folder = tmp_path_factory.mktemp("explanation")
    printed: dict[bytes, Path] = {}  # the pages before the tables are the same in both

    def print_once(page: bytes, name: str) -> Path:
        if page not in printed:
            source = folder / f"{name}.html"
            source.write_bytes(page)
            printed[page] = producers.print_page(source, folder / f"{name}.pdf")
        return printed[page]

    made = {}
    for name, blocks in REPORTS.items():
        front, _, back = _split_at_tables(blocks())
        made[name] = (print_once(qinghe.render_html(front), f"{name}-front"),
                      print_once(qinghe.render_html(back), f"{name}-back"))
    return made


REPORTS = {"consistent": qinghe.document, "planted": qinghe.planted_document}
_TWO_SIDED = {"收入支出决算总表", "财政拨款收入支出决算总表"}


def _numbered(tables: list) -> list:
    """The tables with a 行次 column on each side of the two-sided ones and the codes in
    类 / 款 / 项 columns."""
    return [producers.with_row_numbers(table) if table.title in _TWO_SIDED else producers.with_code_levels(table)
            for table in tables]


#: the export's layouts: (what is done to the tables, how a zero is printed)
LAYOUTS = {"dashes": (list, "dash"), "numbered": (_numbered, "blank")}


@pytest.fixture(scope="module", params=sorted(LAYOUTS))
def exported(request, explanation, tmp_path_factory) -> dict[str, Path]:
    """The consistent and the planted report: Chromium's pages around Calc's tables."""
    if producers.soffice() is None:
        pytest.skip("LibreOffice is needed")
    folder = tmp_path_factory.mktemp(f"calc-{request.param}")
    laid_out, zero = LAYOUTS[request.param]
    made = {}
    for name, blocks in REPORTS.items():
        _, tables, _ = _split_at_tables(blocks())
        book = producers.write_workbook(laid_out(tables), folder / f"{name}-tables.xlsx",
                                        department=qinghe.DEPARTMENT, zero=zero)
        front, back = explanation[name]
        made[name] = producers.join_pdfs([front, producers.to_pdf(book, folder), back], folder / f"{name}.pdf")
    return made


@needs_calc
@needs_chromium
def test_exported_tables_of_a_consistent_report_draw_nothing(exported):
    result = check_path(exported["consistent"])
    assert [(f.rule, f.location.page, f.message) for f in result.findings] == []
    assert len(result.report.tables) == 9


def _page_printing(pages: list[str], words: str) -> int | None:
    """The 1-based page whose text holds ``words`` (spaces and line breaks aside)."""
    hits = [n for n, page in enumerate(pages, 1) if _squeezed(words) in _squeezed(page)]
    return hits[0] if len(hits) == 1 else None


def _draws_the_planted_findings(path: Path) -> None:
    result = check_path(path)
    pages = read_document(path).text.split("\f")
    found = Counter((f.rule, f.stated, f.expected, f.location.page) for f in result.findings)
    table_pages = {table.title: table.page for table in result.report.tables}
    wanted = Counter()
    for _, expected in qinghe.EXPECTED:
        # on the page printing the sentence, or the row's first cells; a row printed
        # otherwise (zeros as dashes) on its table's page, each fitting on one
        page = _page_printing(pages, "".join(expected.marker))
        if expected.table and page is None:
            page = table_pages[expected.table]
        wanted[(expected.rule, expected.stated, expected.expected, page)] += 1
    assert found == wanted


@needs_calc
@needs_chromium
def test_exported_tables_of_a_planted_report_draw_the_planted_findings(exported):
    _draws_the_planted_findings(exported["planted"])


@pytest.fixture(scope="module")
def spaced_pages(tmp_path_factory) -> dict[str, Path]:
    """The report's web pages with their tables' cells drawn apart (cell spacing: each
    cell its own border, every rule doubled), printed by Chromium."""
    if producers.chromium() is None:
        pytest.skip("Chromium is needed")
    folder = tmp_path_factory.mktemp("spaced")
    made = {}
    for name, blocks in (("consistent", qinghe.document()), ("planted", qinghe.planted_document())):
        page = folder / f"{name}.html"
        page.write_bytes(qinghe.render_html(blocks).replace(b'cellspacing="0"', b'cellspacing="2"'))
        made[name] = producers.print_page(page, folder / f"{name}.pdf")
    return made


@needs_chromium
def test_a_web_page_with_cells_drawn_apart_reads_as_its_tables(spaced_pages):
    result = check_path(spaced_pages["consistent"])
    assert [(f.rule, f.location.page, f.message) for f in result.findings] == []
    _draws_the_planted_findings(spaced_pages["planted"])


@pytest.fixture(scope="module")
def example_tables(tmp_path_factory) -> Path:
    """The bundled example's nine tables exported as a workbook and printed by Calc."""
    if producers.soffice() is None:
        pytest.skip("LibreOffice is needed")
    folder = tmp_path_factory.mktemp("example-calc")
    from juesuan.dataset.workbook import write_workbook

    workbook = write_workbook(example_dataset(), folder / "example.xlsx")
    book = producers.write_workbook(producers.template_tables(workbook), folder / "tables.xlsx",
                                    department=example_dataset().fields["部门名称"], zero="zero",
                                    separators=False, repeat_header=False)
    return producers.to_pdf(book, folder)


def _table_facts(facts: dict) -> dict:
    return {key: value for key, value in facts.items() if key[0] == "table"}


@needs_calc
def test_exported_tables_of_the_example_read_back_the_same(example_tables):
    result = check_path(example_tables)
    assert [(f.rule, f.location.page, f.message) for f in result.findings] == []
    back = extract_dataset(result.report, result.flow)
    assert _table_facts(back.facts()) == _table_facts(example_dataset().facts())



@pytest.fixture(scope="module", params=["collapse", "separate"])
def printed_example(request, tmp_path_factory) -> Path:
    """The bundled example's web page printed by Chromium, its tables' borders collapsed
    or each cell drawn apart in its own box."""
    if producers.chromium() is None:
        pytest.skip("Chromium is needed")
    folder = tmp_path_factory.mktemp("example-page")
    page = folder / "example.html"
    render(example_dataset(), page)
    if request.param == "separate":
        style = page.read_text(encoding="utf-8")
        assert "border-collapse: collapse" in style
        page.write_text(style.replace("border-collapse: collapse", "border-collapse: separate; border-spacing: 2px"),
                        encoding="utf-8")
    return producers.print_page(page, folder / "example.pdf")


@needs_chromium
def test_a_printed_web_page_reads_back_the_same(printed_example):
    result = check_path(printed_example)
    assert [(f.rule, f.location.page, f.message) for f in result.findings] == []
    assert len(result.report.tables) == 9
    facts, back = example_dataset().facts(), extract_dataset(result.report, result.flow).facts()
    assert [(key, facts.get(key), back.get(key)) for key in sorted(set(facts) | set(back), key=str)
            if facts.get(key) != back.get(key)] == []


# --- a row cut by a page break, in a PDF drawn here -------------------------------------------

def _ruled(xs: list[float], ys: list[float], bottom_rule: bool = True) -> list[tuple]:
    """The rules of a grid over ``xs`` and ``ys`` (top to bottom); without its bottom rule
    when the page's foot cuts the last row."""
    rules = [(xs[0], y, xs[-1], y) for y in (ys if bottom_rule else ys[:-1])]
    return rules + [(x, ys[0], x, ys[-1]) for x in xs]


def _cut_row_pdf(folder: Path, rest_cells: list[tuple[float, str]], bottom_rule: bool = False) -> Path:
    from test_readers_pdf_docx import make_pdf

    xs = [72, 272, 372]
    first = [(76, 686, "Item"), (276, 686, "Amount"), (76, 666, "Wages"), (276, 666, "10.00"),
             (76, 646, "Other"), (276, 646, "5.00"), (72, 720, "Table 1 Expenditure")]
    second = [(76, 786, "Item"), (276, 786, "Amount"), *((x, 766, text) for x, text in rest_cells),
              (76, 746, "Rent"), (276, 746, "2.00"), (76, 726, "Total"), (276, 726, "17.00")]
    rules = [_ruled(xs, [700, 680, 660, 630], bottom_rule), _ruled(xs, [800, 780, 760, 740, 720])]
    return make_pdf(folder / "cut.pdf", [first, second], rules)


def test_a_row_cut_at_the_foot_of_a_page_is_joined_to_its_rest(tmp_path):
    document = read_document(_cut_row_pdf(tmp_path, [(76, "spending")]))
    first, second = document.tables
    assert first.rows[-1] == ["Other spending", "5.00"]
    assert second.rows == [["Item", "Amount"], ["Rent", "2.00"], ["Total", "17.00"]]
    assert "Other spending  5.00" in document.text.split("\n")
    assert "spending" not in document.text.replace("Other spending", "")


@pytest.mark.parametrize("rest, bottom_rule", [([(76, "spending")], True),        # the row is closed
                                                ([(76, "Fees"), (276, "1.00")], False)])  # a row of its own
def test_a_first_row_that_finishes_no_cut_row_stays_a_row(tmp_path, rest, bottom_rule):
    document = read_document(_cut_row_pdf(tmp_path, rest, bottom_rule))
    first, second = document.tables
    assert first.rows[-1] == ["Other", "5.00"]
    assert second.rows[1] == [text for _, text in rest] + [""] * (2 - len(rest))


def test_two_tables_whose_column_rules_nearly_meet_keep_their_columns(tmp_path):
    # The lower table's middle rule stands 1.4 pt right of the upper one's: sorted by
    # place, it comes after the upper rule, which lies wholly above it.
    from test_readers_pdf_docx import make_pdf

    upper = _ruled([72, 172.0, 272], [700, 680, 660])
    lower = _ruled([72, 173.4, 272], [500, 480, 460])
    text = [(76, 686, "Item"), (176, 686, "Amount"), (76, 666, "Wages"), (176, 666, "10.00"),
            (76, 486, "Name"), (178, 486, "Sum"), (76, 466, "Rent"), (178, 466, "2.00")]
    document = read_document(make_pdf(tmp_path / "two.pdf", [text], [upper + lower]))
    assert [table.rows for table in document.tables] == [
        [["Item", "Amount"], ["Wages", "10.00"]], [["Name", "Sum"], ["Rent", "2.00"]]]


def _doubled(xs: list[float], ys: list[float], apart: float = 2.25) -> list[tuple]:
    """The rules of a grid whose cells are drawn apart, each with its own border (a web
    page's table with cell spacing): every inner rule doubled ``apart`` points away."""
    doubled_xs = [xs[0], *(x + d for x in xs[1:-1] for d in (0, apart)), xs[-1]]
    doubled_ys = [ys[0], *(y + d for y in ys[1:-1] for d in (0, -apart)), ys[-1]]
    return _ruled(doubled_xs, doubled_ys)


def test_cells_drawn_apart_in_boxes_of_their_own_read_as_cells(tmp_path):
    # each cell its own box, 2.25 pt from the next: the gaps between the boxes are no cell
    from test_readers_pdf_docx import make_pdf

    def box(left, top, right, bottom):
        return [(left, top, right, top), (left, bottom, right, bottom), (left, top, left, bottom),
                (right, top, right, bottom)]

    apart = 2.25
    xs, ys = [72, 172, 272, 372], [700, 680, 660, 640]
    boxes = box(xs[0], ys[0], xs[2] - apart, ys[1]) + box(xs[2], ys[0], xs[3], ys[1])  # the header
    for r in (1, 2):
        for c in range(3):
            boxes += box(xs[c], ys[r] - apart, xs[c + 1] - (apart if c < 2 else 0), ys[r + 1])
    text = [(76, 686, "Item"), (276, 686, "Amount"), (76, 666, "301"), (176, 666, "Wages"), (276, 666, "10.00"),
            (76, 646, "302"), (176, 646, "Rent"), (276, 646, "2.00")]
    document = read_document(make_pdf(tmp_path / "boxes.pdf", [text], [boxes]))
    [table] = document.tables
    assert table.rows == [["Item", "Item", "Amount"], ["301", "Wages", "10.00"], ["302", "Rent", "2.00"]]
    assert document.text.splitlines() == ["Item  Amount", "301  Wages  10.00", "302  Rent  2.00"]


def test_doubled_rules_part_cells_and_make_no_columns(tmp_path):
    from test_readers_pdf_docx import make_pdf

    xs, ys = [72, 172, 272, 372], [700, 680, 660]
    rules = _doubled(xs, ys)
    # the header's first cell spans the first two columns: no rule parts them in its row
    rules = [rule for rule in rules if not (rule[0] == rule[2] and rule[0] in (172, 174.25) and rule[1] == 700)]
    rules += [(x, 680 - 2.25, x, 660) for x in (172, 174.25)]
    text = [(76, 686, "Item"), (276, 686, "Amount"), (76, 666, "301"), (176, 666, "Wages"), (276, 666, "10.00")]
    document = read_document(make_pdf(tmp_path / "doubled.pdf", [text], [rules]))
    [table] = document.tables
    assert table.rows == [["Item", "Item", "Amount"], ["301", "Wages", "10.00"]]


# --- tables printed without rules -------------------------------------------------------------

def test_a_table_without_rules_is_read_by_where_its_words_stand(tmp_path):
    from test_readers_pdf_docx import make_pdf

    rows = [("Item", "Total", "Basic"), ("Wages", "10.00", "6.00"), ("Rent", "2.00", "1.00"),
            ("Fees", "3.00", "3.00"), ("Sum", "15.00", "10.00")]
    text = [(72, 740, "Table 1 Expenditure")]
    for n, row in enumerate(rows):
        text += [(x, 700 - 20 * n, cell) for x, cell in zip((72, 200, 300), row)]
    text.append((72, 560, "After the table."))
    document = read_document(make_pdf(tmp_path / "unruled.pdf", [text]))
    [table] = document.tables
    assert table.rows == [list(row) for row in rows]
    assert table.title == "Table 1 Expenditure"
    assert document.text.splitlines() == ["Table 1 Expenditure", *("  ".join(row) for row in rows),
                                          "After the table."]


def test_lines_without_a_column_of_figures_stay_lines(tmp_path):
    from test_readers_pdf_docx import make_pdf

    # figures in four lines, but sentences whose words stand anywhere
    sentences = ["The first line spends 10.00 on wages", "and the second 20.00 on", "rent while the third spends 5.50",
                 "on fees and 7.25 on the rest of it"]
    text = [(72, 700 - 20 * n, sentence) for n, sentence in enumerate(sentences)]
    document = read_document(make_pdf(tmp_path / "prose.pdf", [text]))
    assert document.tables == []
    assert document.text.splitlines() == [line for _, _, line in text]


@pytest.fixture(scope="module")
def unruled_pages(tmp_path_factory) -> dict[str, Path]:
    """The report's web pages with their tables drawn without borders, printed by Chromium."""
    if producers.chromium() is None:
        pytest.skip("Chromium is needed")
    folder = tmp_path_factory.mktemp("unruled")
    made = {}
    for name, blocks in REPORTS.items():
        page = folder / f"{name}.html"
        page.write_bytes(qinghe.render_html(blocks()).replace(b'border="1"', b'border="0"'))
        made[name] = producers.print_page(page, folder / f"{name}.pdf")
    return made


@needs_chromium
def test_a_web_page_with_tables_without_borders_reads_as_its_tables(unruled_pages):
    result = check_path(unruled_pages["consistent"])
    assert [(f.rule, f.location.page, f.message) for f in result.findings] == []
    # all but the empty 国有资本经营 table: without rules nothing shows where its cells are
    assert len(result.report.tables) == 8
    _draws_the_planted_findings(unruled_pages["planted"])


@pytest.fixture(scope="module", params=[(), ("top", "bottom")], ids=["no-rules", "three-line"])
def borderless_example(request, tmp_path_factory) -> Path:
    """The bundled example as a Word document whose tables have no borders (columns only
    by position, names and figures wrapping in narrow columns), or only rules above and
    below them, printed by LibreOffice."""
    if producers.soffice() is None:
        pytest.skip("LibreOffice is needed")
    folder = tmp_path_factory.mktemp("borderless")
    source = folder / "example.docx"
    render(example_dataset(), source)
    return producers.to_pdf(producers.without_borders(source, folder / "borderless.docx", request.param), folder)


@needs_calc
def test_a_word_document_with_tables_without_borders_reads_back_the_same(borderless_example):
    result = check_path(borderless_example)
    assert [(f.rule, f.location.page, f.message) for f in result.findings] == []
    facts, back = example_dataset().facts(), extract_dataset(result.report, result.flow).facts()
    assert [(key, facts.get(key), back.get(key)) for key in sorted(set(facts) | set(back), key=str)
            if facts.get(key) != back.get(key)] == []
