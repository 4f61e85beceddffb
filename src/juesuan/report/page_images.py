"""PDF pages drawn as images, for a reviewer to see each finding's boxes in place.

PDFium draws the page as a viewer shows it (its crop box, turned by its /Rotate), the
frame :class:`juesuan.report.marks.Box` fractions are of.
"""
from __future__ import annotations

import io
from pathlib import Path

#: widths beyond this are refused: a page drawn wider is tens of megabytes of pixels
MAX_WIDTH = 4000
#: nor taller than this
MAX_HEIGHT = 12000


def page_count(pdf: str | Path) -> int:
    """How many pages the PDF has."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


def page_png(pdf: str | Path, page: int, width: int = 1100) -> bytes:
    """Page ``page`` (1-based) drawn ``width`` pixels wide, as PNG bytes."""
    import pypdfium2 as pdfium

    if not 0 < width <= MAX_WIDTH:
        raise ValueError(f"width {width}: give 1 to {MAX_WIDTH} pixels")
    document = pdfium.PdfDocument(str(pdf))
    try:
        if not 0 < page <= len(document):
            raise IndexError(f"page {page}: the PDF has {len(document)} pages")
        handle = document[page - 1]
        try:
            shown_width, shown_height = handle.get_width() or 1.0, handle.get_height() or 1.0
            # a page far taller than wide is drawn narrower, not as a giant image
            scale = min(width / shown_width, MAX_HEIGHT / shown_height)
            image = handle.render(scale=scale, may_draw_forms=True).to_pil()
        finally:
            handle.close()
    finally:
        document.close()
    if scale == width / shown_width and image.width != width:   # the scale rounds
        image = image.resize((width, max(round(image.height * width / image.width), 1)))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
