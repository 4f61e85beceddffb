"""Fuzz the document readers: a damaged PDF, .docx or .xlsx is read or refused, nothing else.

Small valid files are mutated (bytes flipped or overwritten, the file cut short, zip
entries damaged, dropped or given DTDs) and :func:`read_document` must return a
Document or raise ReadError with one line, in bounded time, and never report an
internal error or a crash of its reader. Every input that once broke a reader is kept
in tests/fuzz_corpus/ and read again by :func:`test_corpus`.

More examples: ``JUESUAN_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz_readers.py``.
A failing input is saved (never into the source tree) to ``$JUESUAN_FUZZ_KEEP``, by default
``<tmp>/juesuan-fuzz-crashers/``, and the failure names the file: copy it into
tests/fuzz_corpus/ under a name that says what broke.
"""
from __future__ import annotations

import ctypes
import functools
import hashlib
import io
import os
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan.readers.dispatch import read_document
from juesuan.model.document import Document
from juesuan.readers.errors import ReadError

CORPUS = Path(__file__).resolve().parent / "fuzz_corpus"
KEEP = Path(os.environ.get("JUESUAN_FUZZ_KEEP") or Path(tempfile.gettempdir()) / "juesuan-fuzz-crashers")
EXAMPLES = int(os.environ.get("JUESUAN_FUZZ_EXAMPLES", "40"))
#: a damaged file is read or refused within this many seconds
TIME_BOUND = 30.0
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=bool(os.environ.get("CI")),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                database=None)


# --- small valid seeds -------------------------------------------------------------------


@functools.cache
def seed_pdf() -> bytes:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    for number in (1, 2):
        page = pdf.new_page(595, 842)
        for x, y, text in ((72, 800, "Report 2023"), (72, 700, "Income 10.00 and 2.50%"),
                           (76, 646, "A"), (176, 646, "1.00"), (290, 40, str(number))):
            obj = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(10))
            wide = (text + "\0").encode("utf-16-le")
            buffer = ctypes.create_string_buffer(wide, len(wide))
            raw.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
            raw.FPDFPage_InsertObject(page.raw, obj)
        for x0, y0, x1, y1 in ((72, 660, 272, 660), (72, 640, 272, 640), (72, 620, 272, 620),
                               (72, 660, 72, 620), (172, 660, 172, 620), (272, 660, 272, 620)):
            line = raw.FPDFPageObj_CreateNewPath(x0, y0)
            raw.FPDFPath_LineTo(line, x1, y1)
            raw.FPDFPath_SetDrawMode(line, 0, 1)
            raw.FPDFPage_InsertObject(page.raw, line)
        page.gen_content()
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    return buffer.getvalue()


@functools.cache
def seed_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("一、收入支出决算总体情况说明")
    document.add_paragraph("收入总计 10.00 万元，比上年增加 1.00 万元，增长 11.11%。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "项目"
    table.cell(1, 0).text = "合计"
    table.cell(1, 1).text = "10.00"
    buffer = io.BytesIO()
    document.save(buffer)
    return _small_zip(buffer.getvalue())


def _small_zip(data: bytes) -> bytes:
    """The .docx without its theme, settings and fonts parts: quicker to fuzz."""
    keep = ("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
            "word/styles.xml", "docProps/core.xml", "docProps/app.xml")
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name in keep:
                body = source.read(name)
                if name == "word/_rels/document.xml.rels":
                    body = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                            b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                            b'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
                            b"</Relationships>")
                target.writestr(name, body)
    return out.getvalue()


@functools.cache
def seed_xlsx() -> bytes:
    ns = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml",
                         '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                         'openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
                         'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                         '<Default Extension="xml" ContentType="application/xml"/><Override '
                         'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                         'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
                         'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                         'officedocument.spreadsheetml.worksheet+xml"/></Types>')
        archive.writestr("_rels/.rels",
                         '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                         'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
        archive.writestr("xl/workbook.xml",
                         b'<?xml version="1.0" encoding="UTF-8"?><workbook ' + ns + b' xmlns:r="http://'
                         b'schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                         b'<sheet name="S1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels",
                         '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                         'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                         'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        archive.writestr("xl/worksheets/sheet1.xml",
                         '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                         'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" '
                         't="inlineStr"><is><t>项目</t></is></c><c r="B1"><v>10.5</v></c></row>'
                         '<row r="2"><c r="A2" t="inlineStr"><is><t>合计</t></is></c><c r="B2"><v>10.5'
                         '</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:A2"/>'
                         "</mergeCells></worksheet>")
    return out.getvalue()


SEEDS = {"pdf": seed_pdf, "docx": seed_docx, "xlsx": seed_xlsx}


# --- the property ------------------------------------------------------------------------------


def check_input(data: bytes, suffix: str) -> None:
    """``data`` is read to a Document or refused with one clean line, in bounded time."""
    with tempfile.TemporaryDirectory(prefix="juesuan-fuzz-") as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        started = time.monotonic()
        try:
            result = read_document(path)
        except ReadError as error:
            message = str(error)
            problem = None
            if "\n" in message or not message.startswith(str(path)):
                problem = f"ReadError is not one line starting with the path: {message!r}"
            elif "internal error" in message or "crashed" in message:
                problem = message
            if problem:
                raise AssertionError(f"{problem} (input kept as {_keep(data, suffix)})") from None
        except Exception as error:
            raise AssertionError(f"{type(error).__name__}: {error} "
                                 f"(input kept as {_keep(data, suffix)})") from error
        else:
            if not isinstance(result, Document) or not isinstance(result.text, str):
                raise AssertionError(f"not a Document: {result!r} (input kept as {_keep(data, suffix)})")
        elapsed = time.monotonic() - started
        if elapsed > TIME_BOUND:
            raise AssertionError(f"reading took {elapsed:.1f} s (input kept as {_keep(data, suffix)})")


def _keep(data: bytes, suffix: str) -> Path | None:
    """Save an input that broke a reader, to copy into tests/fuzz_corpus/."""
    path = KEEP / f"{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
    try:
        KEEP.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError:
        return None
    return path


# --- mutations ------------------------------------------------------------------------------------


@st.composite
def flipped(draw, data: bytes) -> bytes:
    buffer = bytearray(data)
    for _ in range(draw(st.integers(1, 12))):
        position = draw(st.integers(0, len(buffer) - 1))
        if draw(st.booleans()):
            buffer[position] ^= 1 << draw(st.integers(0, 7))
        else:
            buffer[position] = draw(st.sampled_from([0, 0xFF, 0x7F, 0x80, ord("0"), ord("9"), ord("<"),
                                                     ord(">"), ord("/"), ord(" ")]))
    return bytes(buffer)


@st.composite
def truncated(draw, data: bytes) -> bytes:
    cut = draw(st.integers(1, len(data) - 1))
    return data[:cut] if draw(st.booleans()) else data[:cut] + data[cut + draw(st.integers(1, 64)):]


_DTD = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'


@st.composite
def zip_edited(draw, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    target_name = draw(st.sampled_from(names))
    action = draw(st.sampled_from(["flip", "cut", "drop", "garbage", "dtd", "empty", "duplicate",
                                   "stored", "numbers"]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            body = source.read(name)
            if name == target_name:
                if action == "drop":
                    continue
                if action == "flip" and body:
                    body = draw(flipped(body))
                elif action == "cut" and len(body) > 1:
                    body = body[:draw(st.integers(0, len(body) - 1))]
                elif action == "garbage":
                    body = draw(st.binary(min_size=0, max_size=200))
                elif action == "dtd":
                    head, _, rest = body.partition(b"?>")
                    body = head + b"?>" + _DTD + rest if rest else _DTD + body
                elif action == "empty":
                    body = b""
                elif action == "duplicate":
                    target.writestr(name, body)
                elif action == "numbers":
                    # cell references, spans and sizes: the numbers parsers trust
                    digits = [i for i, byte in enumerate(body) if 0x30 <= byte <= 0x39]
                    if digits:
                        buffer = bytearray(body)
                        for _ in range(draw(st.integers(1, 6))):
                            i = draw(st.sampled_from(digits))
                            buffer[i] = draw(st.sampled_from(b"0123456789"))
                        body = bytes(buffer)
                        if draw(st.booleans()):
                            at = draw(st.sampled_from(digits))
                            body = body[:at] + b"99999" + body[at:]
                if action == "stored":
                    target.writestr(zipfile.ZipInfo(name), body)
                    continue
            target.writestr(name, body)
    return out.getvalue()


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_seeds_are_read(kind):
    document = read_document_bytes(SEEDS[kind](), f".{kind}")
    assert document.text.strip()


def read_document_bytes(data: bytes, suffix: str) -> Document:
    with tempfile.TemporaryDirectory(prefix="juesuan-fuzz-") as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        return read_document(path)


@pytest.mark.parametrize("kind", sorted(SEEDS))
@FUZZ
@given(data=st.data())
def test_flipped_bytes(kind, data):
    seed = SEEDS[kind]()
    check_input(data.draw(flipped(seed)), f".{kind}")


@pytest.mark.parametrize("kind", sorted(SEEDS))
@FUZZ
@given(data=st.data())
def test_truncated(kind, data):
    seed = SEEDS[kind]()
    check_input(data.draw(truncated(seed)), f".{kind}")


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize("kind", ["docx", "xlsx"])
@FUZZ
@given(data=st.data())
def test_zip_entries_edited(kind, data):
    seed = SEEDS[kind]()
    check_input(data.draw(zip_edited(seed)), f".{kind}")


@FUZZ
@given(data=st.binary(min_size=1, max_size=2048), magic=st.sampled_from(
    [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf1", b"<html>"]))
def test_random_bytes_behind_a_magic_number(data, magic):
    check_input(magic + data, ".bin")


def test_corpus():
    """Every input that once broke a reader is read or refused cleanly now."""
    files = sorted(path for path in CORPUS.iterdir() if path.is_file() and path.name != "README.md")
    assert files, "the corpus keeps at least the known regressions"
    for path in files:
        check_input(path.read_bytes(), path.suffix)
