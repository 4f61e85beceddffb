"""One report, two layouts: a real report read from its PDF and from the plain text of
that PDF (its pages joined by form feeds, each page's number on a line of its own, as
reports published as text are) gives the same errors, on the same pages, with the same
printed and right values.

The text is built at test time from the PDF and never kept: the project holds no text
of the reports.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from juesuan import check_path

from tests.conftest import SHARED

CORPUS = SHARED / "corpus"
PDFS = sorted(CORPUS.glob("*.pdf")) if CORPUS.exists() else []


def _plain_text(pdf_path: Path, page_break: str = "\f") -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            textpage.close()
            page.close()
            pages.append(f"{text.rstrip()}\n{index + 1}\n")
        return page_break.join(pages)
    finally:
        pdf.close()


def _errors(result, pages: bool = True) -> list[tuple]:
    return sorted((f.rule, f.location.page if pages else None, f.stated, f.expected) for f in result.errors)


@pytest.mark.skipif(not PDFS, reason="the corpus is not in this checkout's workspace")
@pytest.mark.parametrize("pdf_path", PDFS, ids=[p.stem for p in PDFS])
def test_a_report_read_from_its_pdf_and_from_its_text_gives_the_same_errors(pdf_path, tmp_path):
    text_path = tmp_path / f"{pdf_path.stem}.txt"
    text_path.write_text(_plain_text(pdf_path), encoding="utf-8")
    from_pdf, from_text = _errors(check_path(pdf_path)), _errors(check_path(text_path))
    assert from_pdf, "the corpus reports carry errors: a silent reading proves nothing"
    assert from_text == from_pdf


@pytest.mark.skipif(not PDFS, reason="the corpus is not in this checkout's workspace")
@pytest.mark.parametrize("pdf_path", PDFS, ids=[p.stem for p in PDFS])
def test_without_form_feeds_the_page_numbers_are_no_figures(pdf_path, tmp_path):
    # Text saved without page breaks: a page number alone on its line inside a table
    # (the foot of one page, the head of the next) is no row's figure.
    text_path = tmp_path / f"{pdf_path.stem}.txt"
    text_path.write_text(_plain_text(pdf_path, page_break=""), encoding="utf-8")
    assert _errors(check_path(text_path), pages=False) == _errors(check_path(pdf_path), pages=False)
