"""A composed report as PDF: the Word document (:mod:`juesuan.render.docx`) converted by
LibreOffice headless, so that the PDF and the .docx are one layout.

The conversion runs in a private temporary directory with its own LibreOffice profile
(``-env:UserInstallation``), so parallel runs do not collide and nothing of the user's
is touched; only the target path is written, once the conversion has succeeded. It is
stopped after a timeout (:data:`juesuan.readers.limits.CONVERT_TIMEOUT` unless told).

Fonts: the document names the faces government PCs have (仿宋_GB2312, 黑体, …). For the
conversion LibreOffice is given a fontconfig file (``FONTCONFIG_FILE``) that includes the
system's configuration and puts the free Noto CJK face before each of those names
(:data:`juesuan.render.docx.NOTO`), so the PDF is set, and embeds, "Noto Serif CJK SC"
for 仿宋/楷体/宋体/小标宋 and "Noto Sans CJK SC" for 黑体 (fonts-noto-cjk). Where the Noto
fonts are missing, fontconfig's usual fallback applies.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from juesuan.readers.libreoffice import ConvertError, convert, soffice
from juesuan.readers.limits import CONVERT_TIMEOUT
from juesuan.render.blocks import Block
from juesuan.render.docx import ALIASES, HEAVY, NOTO, write_docx


class RenderError(RuntimeError):
    """The PDF could not be made; the message is one line."""


class EngineMissing(RenderError):
    """LibreOffice (soffice) is not installed."""


def write_pdf(blocks: list[Block], path: str | Path, timeout: float | None = None) -> None:
    """Write the blocks as a PDF at ``path`` (through a .docx and LibreOffice)."""
    path = Path(path)
    if path.is_dir():
        raise RenderError(f"{path}: is a directory, not a PDF file name")
    command = soffice()
    if command is None:
        raise EngineMissing("PDF output needs LibreOffice (soffice) to set the Word document, and it "
                            "is not installed (scripts/install-system-packages.sh installs it); "
                            "write .docx or HTML instead")
    with tempfile.TemporaryDirectory(prefix="juesuan-pdf-") as work:
        work_dir = Path(work)
        source = work_dir / "report.docx"
        write_docx(blocks, source)
        converted = convert_docx(source, work_dir, command, timeout)
        shutil.copyfile(converted, path)


def convert_docx(source: Path, work_dir: Path, command: str | None = None,
                 timeout: float | None = None) -> Path:
    """Convert ``source`` (.docx) to PDF in ``work_dir/out``; return the PDF's path."""
    command = command or soffice()
    if command is None:
        raise EngineMissing("PDF output needs LibreOffice (soffice), and it is not installed")
    timeout = CONVERT_TIMEOUT if timeout is None else timeout
    fonts = work_dir / "fonts.conf"
    fonts.write_text(fontconfig(), encoding="utf-8")
    try:
        return convert(command, source, "pdf:writer_pdf_Export", work_dir, timeout, "make the PDF",
                       env={"FONTCONFIG_FILE": str(fonts)})
    except ConvertError as exc:
        raise RenderError(str(exc)) from None


def fontconfig() -> str:
    """A fontconfig file: the system's configuration, then each government face's Noto
    stand-in put before its name."""
    system = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    rules = []
    names = {face: face for face in NOTO} | ALIASES
    for name, face in names.items():
        weight = ("    <edit name=\"weight\" mode=\"assign\" binding=\"strong\"><const>bold</const></edit>\n"
                  if face in HEAVY else "")
        rules.append(
            "  <match target=\"pattern\">\n"
            f"    <test qual=\"any\" name=\"family\"><string>{escape(name)}</string></test>\n"
            "    <edit name=\"family\" mode=\"prepend\" binding=\"strong\">"
            f"<string>{escape(NOTO[face])}</string></edit>\n"
            + weight + "  </match>")
    return ("<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n"
            f"  <include ignore_missing=\"yes\">{escape(system)}</include>\n"
            + "\n".join(rules) + "\n</fontconfig>\n")
