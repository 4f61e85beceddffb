"""What a file is, from its bytes: the reader is chosen by content, never by name.

:func:`sniff` looks at the first bytes (``%PDF``, a zip's entry names, an OLE2 compound
file's top-level streams, ``{\\rtf``, HTML tags) and says which kind of document it is,
or, for a file no reader takes, what it is instead (a PNG image, a PowerPoint file, …),
so the message can say what the file is not.
"""
from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

#: kinds that a reader takes
READABLE = frozenset({"pdf", "docx", "doc", "rtf", "odt", "xlsx", "xls", "ods", "html", "text"})

#: what each kind is, for messages
DESCRIPTION = {
    "pdf": "a PDF document",
    "docx": "a Word document (.docx)",
    "doc": "a Word 97-2003 document (.doc)",
    "rtf": "an RTF document",
    "odt": "an OpenDocument text (.odt)",
    "xlsx": "an Excel workbook (.xlsx)",
    "xls": "an Excel 97-2003 workbook (.xls)",
    "ods": "an OpenDocument spreadsheet (.ods)",
    "html": "an HTML page",
    "text": "a text file",
}

#: the kinds a file name's suffix promises, to tell the user when content and name differ
SUFFIX_KIND = {".pdf": "pdf", ".docx": "docx", ".docm": "docx", ".doc": "doc", ".rtf": "rtf",
               ".odt": "odt", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods",
               ".html": "html", ".htm": "html", ".txt": "text"}

HEAD_BYTES = 8192

_MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%!PS", "a PostScript file"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\x7fELF", "an executable program"),
    (b"MZ", "a Windows program"),
    (b"AT&TFORM", "a DjVu document"),
    (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x1a\x45\xdf\xa3", "a video file"),
]


@dataclass(frozen=True, slots=True)
class Sniffed:
    """The kind of a file (a key of :data:`DESCRIPTION`, or ``"unknown"``) and what it is."""

    kind: str
    what: str

    @property
    def readable(self) -> bool:
        return self.kind in READABLE


def sniff(path: str | Path) -> Sniffed:
    """Tell what ``path`` holds from its content. Raises OSError when it cannot be opened."""
    path = Path(path)
    with path.open("rb") as stream:
        head = stream.read(HEAD_BYTES)
    return sniff_bytes(head, path)


def sniff_bytes(head: bytes, path: Path | None = None) -> Sniffed:
    """Tell a kind from the first bytes; ``path`` is opened again for zip and OLE2 files."""
    if not head.strip(b" \t\r\n\f\x00"):
        return Sniffed("unknown", "an empty file")
    if b"%PDF-" in head[:1024]:
        return _known("pdf")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(path) if path is not None else Sniffed("unknown", "a zip archive")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _sniff_ole(path) if path is not None else Sniffed("unknown", "an OLE2 compound file")
    if head.lstrip().startswith(b"{\\rtf"):
        return _known("rtf")
    for magic, what in _MAGIC:
        if head.startswith(magic):
            if magic in (b"MZ", b"BZh", b"RIFF") and b"\x00" not in head[:512]:
                continue  # two letters a text file may start with
            return Sniffed("unknown", what)
    markup = _markup_kind(head)
    if markup is not None:
        return markup
    return _known("text")


def _known(kind: str) -> Sniffed:
    return Sniffed(kind, DESCRIPTION[kind])


def _markup_kind(head: bytes) -> Sniffed | None:
    # HTML may be UTF-16 (a Word "web page"); look at it both ways.
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            sample = head.decode("utf-16", errors="ignore")
        except UnicodeDecodeError:  # pragma: no cover - errors="ignore"
            return None
    else:
        sample = head.decode("latin-1")
    sample = sample.lstrip("\ufeff\xef\xbb\xbf \t\r\n")
    if not sample.startswith("<"):
        # no markup: only an MHTML header is left to tell, in the first 2048 characters
        # (lower case never makes a text shorter, so these are the lowered text's first)
        return _mhtml(sample[:2048].lower()[:2048])
    sample = sample.lower()
    if mhtml := _mhtml(sample[:2048]):
        return mhtml
    if sample.startswith(("<!doctype html", "<html")) or any(
            tag in sample for tag in ("<html", "<body", "<table", "<head", "<meta", "<div", "<p>")):
        return _known("html")
    if sample.startswith("<?xml"):
        if "<w:worddocument" in sample or "progid=\"word.document\"" in sample:
            return Sniffed("unknown", "a Word 2003 XML document")
        if "urn:schemas-microsoft-com:office:spreadsheet" in sample:
            return Sniffed("unknown", "an Excel 2003 XML workbook")
        return Sniffed("unknown", "an XML file")
    return None


def _mhtml(start: str) -> Sniffed | None:
    """An MHTML web archive, from the lowered start of its text."""
    if start.startswith("mime-version:") or "content-type: multipart/related" in start:
        return Sniffed("unknown", "an MHTML web archive (.mht)")
    return None


def _sniff_zip(path: Path) -> Sniffed:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            mimetype = b""
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size < 200:
                    mimetype = archive.read("mimetype").strip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError, RuntimeError):
        return Sniffed("unknown", "a damaged zip archive (a truncated .docx or .xlsx?)")
    lowered = [name.lower() for name in names]
    if any(name.startswith("word/") for name in lowered):
        return _known("docx")
    if any(name.startswith("xl/") for name in lowered):
        return _known("xlsx")
    if mimetype == b"application/vnd.oasis.opendocument.text":
        return _known("odt")
    if mimetype == b"application/vnd.oasis.opendocument.spreadsheet":
        return _known("ods")
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return Sniffed("unknown", "an OpenDocument file that is not text or a spreadsheet")
    if any(name.startswith("ppt/") for name in lowered):
        return Sniffed("unknown", "a PowerPoint presentation (.pptx)")
    if "ofd.xml" in lowered:
        return Sniffed("unknown", "an OFD document (export it as PDF)")
    if mimetype == b"application/epub+zip":
        return Sniffed("unknown", "an EPUB book")
    return Sniffed("unknown", "a zip archive that is neither a Word nor an Excel file")


# --- OLE2 compound files (.doc, .xls, encrypted .docx/.xlsx) ---------------------------

_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE


def _sniff_ole(path: Path) -> Sniffed:
    try:
        names = ole_top_level_names(path)
    except (OSError, ValueError, struct.error):
        return Sniffed("unknown", "a damaged OLE2 compound file (a truncated .doc or .xls?)")
    if "WordDocument" in names:
        return _known("doc")
    if "Workbook" in names or "Book" in names:
        return _known("xls")
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        return Sniffed("encrypted", "a password-protected Office document")
    if "PowerPoint Document" in names:
        return Sniffed("unknown", "a PowerPoint 97-2003 presentation (.ppt)")
    if any(name.startswith("__substg1.0_") for name in names):
        return Sniffed("unknown", "an Outlook message (.msg)")
    return Sniffed("unknown", "an OLE2 compound file that is neither Word nor Excel")


def ole_top_level_names(path: Path) -> set[str]:
    """Names of the streams and storages directly under an OLE2 file's root.

    Reads the header, the FAT (through the header's DIFAT and its chain) and the
    directory stream; every index and loop is bounded by the file's size.
    """
    data = path.read_bytes() if path.stat().st_size <= 16 * 1024 * 1024 else None
    with path.open("rb") as stream:
        def read_at(offset: int, size: int) -> bytes:
            if data is not None:
                return data[offset:offset + size]
            stream.seek(offset)
            return stream.read(size)

        header = read_at(0, 512)
        if len(header) < 512:
            raise ValueError("short header")
        shift = struct.unpack_from("<H", header, 30)[0]
        if shift not in (9, 12):
            raise ValueError("bad sector size")
        sector = 1 << shift
        file_size = path.stat().st_size
        sectors = max((file_size - 512) // sector + 1, 1)
        fat_count, first_dir = struct.unpack_from("<II", header, 44)
        first_difat, difat_count = struct.unpack_from("<II", header, 68)
        fat_sectors = [s for s in struct.unpack_from("<109I", header, 76) if s < sectors]
        seen: set[int] = set()
        next_difat = first_difat
        while next_difat < sectors and next_difat not in seen and len(seen) < sectors:
            seen.add(next_difat)
            block = read_at((next_difat + 1) * sector, sector)
            if len(block) < sector:
                break
            values = struct.unpack(f"<{sector // 4}I", block)
            fat_sectors.extend(s for s in values[:-1] if s < sectors)
            next_difat = values[-1]
        fat_sectors = fat_sectors[:max(fat_count, 0) or len(fat_sectors)]
        fat: list[int] = []
        for number in fat_sectors:
            block = read_at((number + 1) * sector, sector)
            if len(block) < sector:
                break
            fat.extend(struct.unpack(f"<{sector // 4}I", block))
        directory = bytearray()
        current, visited = first_dir, set()
        while current < sectors and current not in visited and len(directory) < 64 * 1024 * 1024:
            visited.add(current)
            directory += read_at((current + 1) * sector, sector)
            current = fat[current] if current < len(fat) else _END
    entries = len(directory) // 128
    if entries == 0:
        raise ValueError("no directory")

    def entry(index: int) -> tuple[str, int, int, int]:
        raw = directory[index * 128:(index + 1) * 128]
        length = min(struct.unpack_from("<H", raw, 64)[0], 64)
        name = raw[:max(length - 2, 0)].decode("utf-16-le", errors="replace")
        left, right, child = struct.unpack_from("<III", raw, 68)
        return name, left, right, child

    names: set[str] = set()
    _, _, _, child = entry(0)
    pending, visited = [child], set()
    while pending:
        index = pending.pop()
        if index >= entries or index in visited:
            continue
        visited.add(index)
        name, left, right, _ = entry(index)
        names.add(name)
        pending.extend((left, right))
    return names
