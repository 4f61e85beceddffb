"""Output files are written whole or not at all, and every output path problem is one line.

* A path that cannot be written (a missing folder, a directory, a device, the input
  itself, an existing file without --overwrite, a folder without write permission) is one
  line on stderr and exit 2, before any work, and changes nothing.
* A write that fails half way (a full disk) is exit 2, one line, the old file intact and
  no temporary file left.
* Written files get the permissions the umask asks for.
* Real concurrent processes writing the same new file: one wins, the other says so; the
  file is a whole workbook. With --overwrite both succeed and the file is whole.
* Real signals to a real child process: SIGINT or SIGTERM while the output is being
  written leave the old file as it was and no debris, and the command ends by the signal
  with one line; SIGTERM during a PDF render also stops the converter it started.
"""
from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from juesuan.cli import main
from juesuan.dataset.workbook import read_workbook, template_dataset, write_workbook

SRC = Path(__file__).resolve().parents[1] / "src"
REPORT = "二、收入决算情况说明\n本年收入 100.00 万元，其中：财政拨款收入 60.00 万元，占 60.00%；其他收入 40.00 万元，占 40.00%。\n"
RUN = "from juesuan.cli import main; main()"


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _state(folder: Path) -> dict[str, bytes | None]:
    """Every entry of a folder (hidden ones too) with its bytes, to see that nothing changed."""
    return {p.name: (p.read_bytes() if p.is_file() and not p.is_symlink() else None) for p in folder.iterdir()}


def _env(**extra: str) -> dict[str, str]:
    path = os.pathsep.join(filter(None, (str(SRC), os.environ.get("PYTHONPATH"))))
    return {**os.environ, "PYTHONPATH": path, **extra}


def _child(args, cwd: Path, code: str = RUN, prefix: tuple[str, ...] = (), **kwargs) -> subprocess.Popen:
    def default_signals():          # a test run in the background may have SIGINT ignored
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    child = subprocess.Popen([*prefix, sys.executable, "-c", code, *map(str, args)], cwd=cwd,
                             stderr=subprocess.PIPE, text=True, preexec_fn=default_signals, start_new_session=True,
                             **{"env": _env(), "stdout": subprocess.PIPE, **kwargs})
    _STARTED.append(child)
    return child


_STARTED: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def _no_child_left():
    """A failed test must not leave its child (or what the child started) running."""
    yield
    while _STARTED:
        child = _STARTED.pop()
        if child.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
            child.communicate()


@pytest.fixture
def folder(tmp_path) -> Path:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    write_workbook(template_dataset(2024), tmp_path / "data.xlsx")
    return tmp_path


# -- path problems ---------------------------------------------------------------------------

def _refused(folder: Path, args: list[str], words: str) -> None:
    before = _state(folder)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    (line,) = _lines(result.stderr)
    assert line.startswith("juesuan: ") and words in line, line
    assert "Traceback" not in result.output and result.stdout == ""
    assert _state(folder) == before


def test_a_missing_folder_is_one_line(folder):
    _refused(folder, ["extract", str(folder / "report.txt"), "-o", str(folder / "no" / "data.json")],
             "does not exist")
    _refused(folder, ["template", str(folder / "no" / "t.xlsx")], "does not exist")


def test_a_directory_as_output_is_one_line(folder):
    (folder / "out.json").mkdir()
    _refused(folder, ["extract", str(folder / "report.txt"), "-o", str(folder / "out.json"), "--overwrite"],
             "is a directory")
    (folder / "out.html").mkdir()
    _refused(folder, ["render", str(folder / "data.xlsx"), "-o", str(folder / "out.html")], "is a directory")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_device_as_output_is_one_line(folder):
    (folder / "full.json").symlink_to("/dev/full")
    _refused(folder, ["extract", str(folder / "report.txt"), "-o", str(folder / "full.json"), "--overwrite"],
             "not a regular file")
    os.mkfifo(folder / "pipe.xlsx")
    _refused(folder, ["template", str(folder / "pipe.xlsx"), "--overwrite"], "not a regular file")


def test_a_name_too_long_is_one_line(folder):
    _refused(folder, ["template", str(folder / ("表" * 100 + ".xlsx"))], "cannot be written")
    _refused(folder, ["template", str(folder / ("表" * 100) / "t.xlsx")], "cannot be written")


def test_the_input_is_never_the_output(folder):
    _refused(folder, ["extract", str(folder / "data.xlsx"), "-o", str(folder / "data.xlsx"), "--overwrite"],
             "is also the input")
    (folder / "same.xlsx").symlink_to(folder / "data.xlsx")
    _refused(folder, ["extract", str(folder / "data.xlsx"), "-o", str(folder / "same.xlsx"), "--overwrite"],
             "is also the input")


def test_an_existing_file_is_kept_without_overwrite(folder):
    _refused(folder, ["template", str(folder / "data.xlsx")], "pass --overwrite")
    _refused(folder, ["extract", str(folder / "report.txt"), "-o", str(folder / "data.xlsx")], "pass --overwrite")


_AS_ROOT = os.geteuid() == 0


@pytest.mark.skipif(_AS_ROOT and shutil.which("setpriv") is None, reason="root needs setpriv to lose its rights")
def test_a_folder_without_write_permission_is_one_line(tmp_path):
    """Root writes anywhere: as root the command runs without the capabilities that
    override file permissions."""
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    prefix = ("setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner") if _AS_ROOT else ()
    try:
        child = _child(["extract", tmp_path / "report.txt", "-o", locked / "data.json"], tmp_path, prefix=prefix)
        out, err = child.communicate(timeout=60)
        assert child.returncode == 2, err
        (line,) = _lines(err)
        assert line.startswith("juesuan: ") and "no permission" in line and "Traceback" not in err
        assert list(locked.iterdir()) == [] and out == ""
    finally:
        locked.chmod(0o755)


def test_a_write_that_fails_half_way_leaves_the_old_file(folder, monkeypatch):
    import juesuan.outputs

    def full(_fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(juesuan.outputs.os, "fsync", full)
    _refused(folder, ["template", str(folder / "data.xlsx"), "--example", "--overwrite"], "No space left")


# -- permissions -----------------------------------------------------------------------------

@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_written_files_follow_the_umask(tmp_path, mask, mode):
    old = os.umask(mask)
    try:
        result = CliRunner().invoke(main, ["template", str(tmp_path / "t.xlsx")])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "t.xlsx").stat().st_mode) == mode


# -- concurrent writers ----------------------------------------------------------------------

def _whole_workbook(path: Path) -> None:
    openpyxl.load_workbook(path).close()
    read_workbook(path)


def test_two_writers_of_one_new_file_one_wins(tmp_path):
    target = tmp_path / "same.xlsx"
    children = [_child(["template", "--example", target], tmp_path) for _ in range(2)]
    results = [(c.wait(timeout=120), *c.communicate()) for c in children]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 2], results
    loser = next(err for code, _, err in results if code == 2)
    (line,) = _lines(loser)
    assert line.startswith(f"juesuan: {target}: ") and "--overwrite" in line
    _whole_workbook(target)
    assert [p.name for p in tmp_path.iterdir()] == ["same.xlsx"]


@pytest.mark.parametrize("command", [["template", "--example"], ["extract", "report.txt", "-o"]])
def test_two_writers_with_overwrite_leave_one_whole_file(folder, command):
    target = folder / "same.xlsx"
    write_workbook(template_dataset(2024), target)
    children = [_child([*command, target, "--overwrite"], folder) for _ in range(2)]
    results = [(c.wait(timeout=120), *c.communicate()) for c in children]
    assert [code for code, _, _ in results] == [0, 0], results
    openpyxl.load_workbook(target).close()
    assert sorted(p.name for p in folder.iterdir()) == ["data.xlsx", "report.txt", "same.xlsx"]


def test_two_renders_to_one_new_file_one_wins(tmp_path):
    from juesuan.dataset.example import example_dataset

    data = tmp_path / "example.xlsx"
    write_workbook(example_dataset(), data)
    target = tmp_path / "report.html"
    children = [_child(["render", data, "-o", target], tmp_path, env=_env(PYTHONWARNINGS="ignore"))
                for _ in range(2)]
    results = [(c.wait(timeout=120), *c.communicate()) for c in children]
    assert sorted(code for code, _, _ in results) == [0, 2], results
    (line,) = _lines(next(err for code, _, err in results if code == 2))
    assert line.startswith(f"juesuan: {target}: ") and "--overwrite" in line
    assert target.read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["example.xlsx", "report.html"]


# -- interruption ----------------------------------------------------------------------------

def _wait_for(path: Path, child: subprocess.Popen, seconds: float = 90) -> None:
    end = time.monotonic() + seconds
    while not path.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < end, "the child never got there"
        time.sleep(0.05)


# The child stops just before the finished temporary file is flushed and put in place:
# the moment where an interruption used to leave a broken file.
_SLOW_WRITE = """
import os, sys, time
import juesuan.outputs as outputs
def slow(path, _sync=outputs._sync):
    open(os.environ["MARK"], "w").close()
    time.sleep(60)
    _sync(path)
outputs._sync = slow
from juesuan.cli import main
main()
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_writing_leaves_the_old_file(folder, tmp_path_factory, signum):
    mark = tmp_path_factory.mktemp("mark") / "writing"
    before = _state(folder)
    child = _child(["extract", folder / "report.txt", "-o", folder / "data.xlsx", "--overwrite"], folder,
                   code=_SLOW_WRITE, env=_env(MARK=str(mark)))
    _wait_for(mark, child)
    assert any(name.endswith(".part.xlsx") for name in os.listdir(folder))   # it was writing
    child.send_signal(signum)
    out, err = child.communicate(timeout=30)
    assert child.returncode == -signum, err
    (line,) = _lines(err)
    assert line == f"juesuan: stopped by {signal.Signals(signum).name}; no output file was left half written"
    assert _state(folder) == before
    openpyxl.load_workbook(folder / "data.xlsx").close()


_FAKE_SOFFICE = """#!/bin/sh
echo $$ > "$SOFFICE_PID.tmp" && mv "$SOFFICE_PID.tmp" "$SOFFICE_PID"
exec sleep 120
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to see the converter")
def test_sigterm_during_a_pdf_render_stops_the_converter(folder, tmp_path_factory):
    from juesuan.dataset.example import example_dataset

    work = tmp_path_factory.mktemp("work")
    bin_dir, scratch = work / "bin", work / "tmp"
    bin_dir.mkdir()
    scratch.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text(_FAKE_SOFFICE)
    fake.chmod(0o755)
    write_workbook(example_dataset(), folder / "example.xlsx")
    before = _state(folder)
    pid_file = work / "soffice.pid"
    env = _env(PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", SOFFICE_PID=str(pid_file),
               TMPDIR=str(scratch), PYTHONWARNINGS="ignore")    # a machine without CJK fonts warns
    child = _child(["render", folder / "example.xlsx", "-o", folder / "report.pdf"], folder, env=env)
    _wait_for(pid_file, child)
    converter = int(pid_file.read_text())
    assert _alive(converter)
    child.send_signal(signal.SIGTERM)
    out, err = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGTERM, err
    (line,) = _lines(err)
    assert line == "juesuan: stopped by SIGTERM; no output file was left half written"
    end = time.monotonic() + 10
    while _alive(converter) and time.monotonic() < end:
        time.sleep(0.05)
    assert not _alive(converter)
    assert _state(folder) == before
    assert list(scratch.iterdir()) == []


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to see the converter")
def test_sigterm_while_converting_an_input_stops_the_reader_and_the_converter(folder, tmp_path_factory):
    """An .rtf is converted by LibreOffice inside the bounded reader child: stopping the
    command stops both, at once, not after the converter's own time limit."""
    work = tmp_path_factory.mktemp("work")
    bin_dir, scratch = work / "bin", work / "tmp"
    bin_dir.mkdir()
    scratch.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text(_FAKE_SOFFICE)
    fake.chmod(0o755)
    (folder / "report.rtf").write_text("{\\rtf1\\ansi 二、收入决算情况说明\\par}", encoding="utf-8")
    before = _state(folder)
    pid_file = work / "soffice.pid"
    env = _env(PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", SOFFICE_PID=str(pid_file),
               TMPDIR=str(scratch))
    child = _child(["extract", folder / "report.rtf", "-o", folder / "data.json"], folder, env=env)
    _wait_for(pid_file, child)
    converter = int(pid_file.read_text())
    started = time.monotonic()
    child.send_signal(signal.SIGTERM)
    out, err = child.communicate(timeout=30)
    assert time.monotonic() - started < 10
    assert child.returncode == -signal.SIGTERM, err
    (line,) = _lines(err)
    assert line == "juesuan: stopped by SIGTERM; no output file was left half written"
    end = time.monotonic() + 10
    while _alive(converter) and time.monotonic() < end:
        time.sleep(0.05)
    assert not _alive(converter)
    assert _state(folder) == before
    assert list(scratch.iterdir()) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("command", [["extract", "report.txt"], ["check", "report.txt", "--format", "json"]])
def test_standard_output_on_a_full_device_is_one_line(folder, command):
    with open("/dev/full", "w") as full:
        child = _child(command, folder, stdout=full)
        _, err = child.communicate(timeout=60)
    assert child.returncode == 2, err
    assert _lines(err) == ["juesuan: standard output cannot be written (No space left on device)"]


def test_standard_output_closed_by_its_reader_is_one_line(folder):
    read, write = os.pipe()
    os.close(read)                  # the reader has gone before anything is written
    with open(write, "w") as pipe:
        child = _child(["extract", "report.txt"], folder, stdout=pipe)
        _, err = child.communicate(timeout=60)
    assert child.returncode == 2, err
    assert _lines(err) == ["juesuan: standard output cannot be written (Broken pipe)"]


# -- a file system without hard links --------------------------------------------------------

def _no_links(monkeypatch):
    import juesuan.outputs

    def refuse(*_args, **_kwargs):
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))
    monkeypatch.setattr(juesuan.outputs.os, "link", refuse)


def test_without_hard_links_a_new_file_is_still_created_exclusively(tmp_path, monkeypatch):
    from juesuan.outputs import OutputError, written

    _no_links(monkeypatch)
    target = tmp_path / "out.json"
    with written(target, overwrite=False) as temporary:
        temporary.write_text("{}", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "{}"
    with pytest.raises(OutputError, match="created by another program"):
        with written(target, overwrite=False) as temporary:
            temporary.write_text("[]", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "{}"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
