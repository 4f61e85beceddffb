"""LibreOffice headless as a converter: found on PATH, run in a process group of its own
with a profile in a scratch folder, stopped with all it started when it runs too long."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path


class ConvertError(Exception):
    """LibreOffice could not be started, ran too long, or made no file; the message says
    which, in a form the caller can put after its own subject."""


def soffice() -> str | None:
    """The LibreOffice command on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(command: str, source: Path, target: str, work_dir: Path, timeout: float, what: str,
            env: dict[str, str] | None = None, hint: str = "") -> Path:
    """Convert ``source`` with the export filter ``target`` (``"pdf:writer_pdf_Export"``)
    into ``work_dir/out``; the file made. ``what`` names the job in messages ("make the
    PDF"); ``hint`` opens the reason of a failure ("damaged or password-protected? ")."""
    out = work_dir / "out"
    args = [command, f"-env:UserInstallation={(work_dir / 'profile').as_uri()}", "--headless", "--invisible",
            "--norestore", "--nolockcheck", "--nodefault", "--convert-to", target, "--outdir", str(out),
            str(source)]
    try:
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, start_new_session=True,
                                   env={**os.environ, "HOME": str(work_dir), **(env or {})})
    except OSError as exc:
        raise ConvertError(f"LibreOffice cannot be started ({exc})") from None
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(process)
        raise ConvertError(f"LibreOffice took longer than {timeout:g} s to {what}; stopped") from None
    finally:
        if process.poll() is None:
            kill_group(process)
    result = out / (source.stem + "." + target.split(":")[0])
    if process.returncode != 0 or not result.exists() or result.stat().st_size == 0:
        detail = (err or b"").decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1][:150] if detail else f"exit code {process.returncode}"
        raise ConvertError(f"LibreOffice could not {what} ({hint}{reason})")
    return result


def kill_group(process: subprocess.Popen) -> None:
    """Stop a converter started in its own process group, and everything it started."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        pass
