"""PDFium's C functions for the PDF reader's inner loops, on plain addresses.

The reader calls PDFium tens of thousands of times per report: for every object of every
page (to find the drawn rules), for two characters of every line and for every table cell.
pypdfium2 declares each handle as a typed pointer, which ctypes checks on every call and
wraps in a new pointer object on every return; that costs as much as the work PDFium does
for these small calls. The same functions, found at the same addresses in the library
pypdfium2 loaded, are declared here with handles as plain integers (``c_void_p``); every
other argument keeps pypdfium2's declaration, but for the buffer a page's table cells are
read into, also an address (an array passed as a typed pointer is converted per call).
They also keep the GIL while PDFium works (a fourth less per call than releasing and
taking it back): each returns in microseconds, and PDFium is not to be called from two
threads at once anyway.

Pages and text pages are opened, read and closed here too: pypdfium2's page objects, each
with a finalizer and a place among its document's children, cost about as much per page
as reading the page's text does.
"""
from __future__ import annotations

import ctypes

import pypdfium2.raw as raw


def handle(pointer) -> int | None:
    """The address a pypdfium2 handle (a typed pointer) holds; None for NULL."""
    return ctypes.cast(pointer, ctypes.c_void_p).value


def _is_handle(kind) -> bool:
    """A pointer to one of PDFium's opaque structs (a page, an object, a text page...):
    declared without fields, unlike the structs PDFium fills in (a matrix, a rectangle)."""
    target = getattr(kind, "_type_", None)
    return (isinstance(target, type) and issubclass(target, ctypes.Structure)
            and not getattr(target, "_fields_", None))


def _plain(function, addresses: tuple[int, ...] = ()):
    """``function`` with its handles (and the arguments at ``addresses``) taken as plain
    addresses."""
    arguments = [ctypes.c_void_p if _is_handle(kind) or at in addresses else kind
                 for at, kind in enumerate(function.argtypes)]
    result = ctypes.c_void_p if _is_handle(function.restype) else function.restype
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.PYFUNCTYPE(result, *arguments)(address)


load_page = _plain(raw.FPDF_LoadPage)
close_page = _plain(raw.FPDF_ClosePage)
media_box = _plain(raw.FPDFPage_GetMediaBox)
page_rotation = _plain(raw.FPDFPage_GetRotation)
load_text_page = _plain(raw.FPDFText_LoadPage)
close_text_page = _plain(raw.FPDFText_ClosePage)
count_chars = _plain(raw.FPDFText_CountChars)
page_text = _plain(raw.FPDFText_GetText)
text_index = _plain(raw.FPDFText_GetTextIndexFromCharIndex)
page_count_objects = _plain(raw.FPDFPage_CountObjects)
page_get_object = _plain(raw.FPDFPage_GetObject)
form_count_objects = _plain(raw.FPDFFormObj_CountObjects)
form_get_object = _plain(raw.FPDFFormObj_GetObject)
object_type = _plain(raw.FPDFPageObj_GetType)
object_matrix = _plain(raw.FPDFPageObj_GetMatrix)
object_bounds = _plain(raw.FPDFPageObj_GetBounds)
path_draw_mode = _plain(raw.FPDFPath_GetDrawMode)
path_count_segments = _plain(raw.FPDFPath_CountSegments)
path_segment = _plain(raw.FPDFPath_GetPathSegment)
segment_point = _plain(raw.FPDFPathSegment_GetPoint)
segment_type = _plain(raw.FPDFPathSegment_GetType)
segment_close = _plain(raw.FPDFPathSegment_GetClose)
char_index = _plain(raw.FPDFText_GetCharIndexFromTextIndex)
char_box = _plain(raw.FPDFText_GetCharBox)
char_unicode = _plain(raw.FPDFText_GetUnicode)
loose_char_box = _plain(raw.FPDFText_GetLooseCharBox)
bounded_text = _plain(raw.FPDFText_GetBoundedText, addresses=(5,))
