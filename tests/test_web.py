"""The web page's server side: the API gives check --format json's JSON, uploads are
capped, sniffed and kept apart, report text is escaped, a bad file does not stop the others."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

import warnings  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")   # the test client's note about httpx's successor
    from starlette.testclient import TestClient  # noqa: E402

from juesuan.web.app import Settings, create_app  # noqa: E402
from juesuan.web.pages import _segments  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "examples" / "sample-report.txt"
SEED = REPO.parent / "shared" / "seeds" / "000_f5ecf316bb4890cf.txt"


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("uploads")


@pytest.fixture(scope="module")
def client(root):
    app = create_app(Settings(max_bytes=3 * 1024 * 1024, workers=1, root=str(root)))
    with TestClient(app) as test_client:
        yield test_client


def cli_json(*paths: Path, cwd: Path) -> list[dict]:
    run = subprocess.run([sys.executable, "-c", "from juesuan.cli import main; main()", "check", "--format", "json", "-j", "1",
                          *[p.name for p in paths]], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert run.returncode in (0, 1, 2), run.stderr
    return json.loads(run.stdout)


def sample_with(tmp_path: Path, name: str, extra: str = "") -> Path:
    path = tmp_path / name
    path.write_text(SAMPLE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def test_api_check_equals_the_command_line(client, tmp_path):
    report = sample_with(tmp_path, "样例报告.txt")
    answer = client.post("/api/check", files=[("files", (report.name, report.read_bytes()))])
    assert answer.status_code == 200
    assert answer.json() == cli_json(report, cwd=tmp_path)
    assert answer.json()[0]["findings"], "the sample report has planted errors"


def test_api_check_of_the_seed_as_text_and_pdf(client, tmp_path):
    if not SEED.exists():
        pytest.skip("the seed report is not in this workspace")
    text = tmp_path / "seed.txt"
    text.write_bytes(SEED.read_bytes())
    files = [text]
    pdf = _pdf_of(text)
    if pdf is not None:
        files.append(pdf)
    answer = client.post("/api/check", files=[("files", (p.name, p.read_bytes())) for p in files])
    assert answer.json() == cli_json(*files, cwd=tmp_path)
    errors = [sum(f["severity"] == "error" for f in r["findings"]) for r in answer.json()]
    assert errors == [19] * len(files)


def _pdf_of(text: Path) -> Path | None:
    from juesuan.readers.libreoffice import soffice
    office = soffice()
    if office is None:
        return None
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(text.parent), str(text)],
                   capture_output=True, timeout=180, check=True)
    return text.with_suffix(".pdf")


def test_api_rules_lists_the_catalogue(client):
    from juesuan.rules import RULES
    ids = [rule["id"] for rule in client.get("/api/rules").json()]
    assert ids == [rule.id for rule in RULES]


def test_report_text_is_escaped_and_scripts_are_refused_by_policy(client, tmp_path):
    report = sample_with(tmp_path, "x.txt", "\n<script>alert('x')</script><b>粗体</b>\n")
    upload = client.post("/upload", files=[("files", ("<img src=x onerror=alert(1)>.txt", report.read_bytes()))],
                         headers={"Accept": "application/json"}).json()
    done = _finished(client, upload["upload"])
    page = client.get(f"/u/{done['upload']}/{done['files'][0]['id']}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text
    assert "<b>粗体" not in page.text and "<img src=x" not in page.text
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy


def _finished(client, upload_id: str) -> dict:
    import time
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = client.get(f"/api/uploads/{upload_id}").json()
        if not status["pending"]:
            return status
        time.sleep(0.2)
    raise AssertionError("the upload was not checked in time")


def test_a_zip_of_reports_gives_one_result_each_and_writes_no_path_of_its_own(client, tmp_path, root):
    before = set(root.iterdir())
    archive = io.BytesIO()
    text = SAMPLE.read_bytes()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("一.txt", text)
        zipped.writestr("folder/二.txt", text)
        zipped.writestr("../../escape.txt", text)
        zipped.writestr("picture.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    answer = client.post("/api/check", files=[("files", ("reports.zip", archive.getvalue()))])
    results = answer.json()
    assert [r["source"] for r in results] == ["reports.zip / 一.txt", "reports.zip / 二.txt",
                                              "reports.zip / escape.txt", "reports.zip / picture.png"]
    assert [bool(r["findings"]) for r in results] == [True, True, True, False]
    assert "error" in results[3]
    assert not (root.parent / "escape.txt").exists() and not (root / "escape.txt").exists()
    assert set(root.iterdir()) == before, "the API's upload is removed once answered"


def test_a_refused_file_says_why_and_the_others_go_on(client, tmp_path):
    report = sample_with(tmp_path, "good.txt")
    upload = client.post("/upload", headers={"Accept": "application/json"}, files=[
        ("files", ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)),
        ("files", ("good.txt", report.read_bytes()))]).json()
    status = _finished(client, upload["upload"])
    assert [f["status"] for f in status["files"]] == ["failed", "done"]
    assert "PNG" in status["files"][0]["message"]
    assert status["files"][1]["errors"] > 0


def test_uploads_over_the_cap_are_refused(client):
    big = b"a" * (3 * 1024 * 1024 + 10)
    answer = client.post("/api/check", files=[("files", ("big.txt", big))])
    assert answer.status_code == 413
    assert "3 MB" in answer.text


def test_ids_are_unguessable_and_unknown_ones_are_not_found(client, tmp_path):
    report = sample_with(tmp_path, "a.txt")
    upload = client.post("/upload", headers={"Accept": "application/json"},
                         files=[("files", ("a.txt", report.read_bytes()))]).json()
    assert len(upload["upload"]) >= 22 and len(upload["files"][0]["id"]) >= 12
    assert client.get("/u/nothing-here").status_code == 404
    assert client.get(f"/u/{upload['upload']}/nothing").status_code == 404


def test_deleting_an_upload_removes_its_files(client, root, tmp_path):
    report = sample_with(tmp_path, "a.txt")
    upload = client.post("/upload", headers={"Accept": "application/json"},
                         files=[("files", ("a.txt", report.read_bytes()))]).json()
    _finished(client, upload["upload"])
    assert (root / upload["upload"]).is_dir()
    assert client.post(f"/u/{upload['upload']}/delete", follow_redirects=False).status_code == 303
    assert not (root / upload["upload"]).exists()
    assert client.get(f"/api/uploads/{upload['upload']}").status_code == 404


def test_old_uploads_are_swept(client, root, tmp_path):
    import time
    report = sample_with(tmp_path, "a.txt")
    upload = client.post("/upload", headers={"Accept": "application/json"},
                         files=[("files", ("a.txt", report.read_bytes()))]).json()
    _finished(client, upload["upload"])
    jobs = client.app.state.jobs
    assert jobs.sweep(time.monotonic() + jobs.limits.keep_seconds + 1) >= 1
    assert not (root / upload["upload"]).exists()


def test_the_form_without_script_redirects_to_the_upload(client, tmp_path):
    report = sample_with(tmp_path, "a.txt")
    answer = client.post("/upload", files=[("files", ("a.txt", report.read_bytes()))], follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/u/")
    status = _finished(client, answer.headers["location"].rsplit("/", 1)[1])
    page = client.get(answer.headers["location"])
    assert "个错误" in page.text and status["files"][0]["status"] == "done"


def test_a_line_is_cut_where_marked_spans_start_and_end():
    segments = _segments("支出 105.03 万元，占 0.04%", [(3, 9, 1), (15, 20, 2), (3, 12, 3)])
    assert [(s.text, s.findings) for s in segments] == [
        ("支出 ", ()), ("105.03", (1, 3)), (" 万元", (3,)), ("，占 ", ()), ("0.04%", (2,))]


def test_help_does_not_load_the_web_stack():
    code = ("import sys\nfrom juesuan.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'uvicorn', 'jinja2')"
            " or m.startswith('juesuan.web')))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "serve" in run.stdout
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_checks_run_one_per_worker_the_rest_wait(client, tmp_path):
    """The client's server has one worker: of three files one runs, the others wait.
    The first check is held until the queue has been seen, so a fast check cannot hide it."""
    import time
    from held_check import held_check
    jobs = client.app.state.jobs
    jobs.check = held_check
    report = sample_with(tmp_path, "a.txt").read_bytes()
    upload = client.post("/upload", headers={"Accept": "application/json"},
                         files=[("files", (f"{n}.txt", report)) for n in "abc"]).json()
    queued = None
    deadline = time.monotonic() + 60
    while queued is None and time.monotonic() < deadline:
        status = client.get(f"/api/uploads/{upload['upload']}").json()
        files = status["files"]
        if [f["status"] for f in files].count("running") == 1:
            queued = files
        time.sleep(0.02)
    assert queued is not None, "no check started"
    assert [f["status"] for f in queued] == ["running", "waiting", "waiting"]
    # a waiting file knows its place in the queue
    assert [f.get("place") for f in queued] == [None, 1, 2]
    (jobs.get(upload["upload"]).folder / held_check.signal).touch()
    seen = []
    while time.monotonic() < deadline:
        status = client.get(f"/api/uploads/{upload['upload']}").json()
        seen.append([f["status"] for f in status["files"]])
        if not status["pending"]:
            break
        time.sleep(0.02)
    assert max(states.count("running") for states in seen) <= 1
    assert seen[-1] == ["done"] * 3


def test_the_page_of_a_file_that_could_not_be_read_says_why(client):
    upload = client.post("/upload", headers={"Accept": "application/json"},
                         files=[("files", ("empty.txt", b"   \n"))]).json()
    status = _finished(client, upload["upload"])
    page = client.get(f"/u/{upload['upload']}/{status['files'][0]['id']}")
    assert "未能检查" in page.text and "没有发现问题" not in page.text
    assert "empty" in status["files"][0]["message"]


def test_an_html_report_is_shown_as_numbered_lines_with_its_figures_marked(client):
    import html
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    page_html = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</body></html>"
    upload = client.post("/upload", headers={"Accept": "application/json"},
                         files=[("files", ("report.html", page_html.encode("utf-8")))]).json()
    status = _finished(client, upload["upload"])
    assert status["files"][0]["errors"] > 0
    page = client.get(f"/u/{upload['upload']}/{status['files'][0]['id']}").text
    assert '<ol class="lines">' in page and '<li id="L1"' in page
    assert "<mark data-finding=" in page and 'class="marked"' in page
    assert "pdf-page" not in page


def test_zip_entry_names_from_chinese_windows_are_read_as_gbk():
    from juesuan.web.jobs import _entry_name
    info = zipfile.ZipInfo("报告/决算.txt".encode("gbk").decode("cp437"))
    assert _entry_name(info) == "决算.txt"
    marked = zipfile.ZipInfo("folder/决算.pdf")
    marked.flag_bits |= 0x800
    assert _entry_name(marked) == "决算.pdf"


def test_a_check_over_its_time_is_stopped_and_the_next_one_runs(tmp_path):
    import asyncio
    import time
    from juesuan.web.jobs import CheckTimeout, Jobs

    async def scenario():
        jobs = Jobs(1, tmp_path)
        await jobs.start()
        try:
            first = jobs._pool
            started = time.monotonic()
            with pytest.raises(CheckTimeout):
                await jobs._in_worker(time.sleep, 60, timeout=0.5)
            assert time.monotonic() - started < 30
            assert jobs._pool is not first
            assert await jobs._in_worker(sum, [1, 2, 3], timeout=60) == 6
        finally:
            await jobs.stop()

    asyncio.run(scenario())


def test_serve_refuses_a_store_that_is_not_there(tmp_path):
    from click.testing import CliRunner
    from juesuan.cli import main
    run = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert run.exit_code == 2 and "no store here" in run.output


def test_the_render_page_turns_the_example_workbook_into_word_and_lists_wrong_cells(client, tmp_path):
    template = client.get("/render/template.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    example = client.get("/render/example.xlsx").content
    written = client.post("/render", data={"format": ".docx"},
                          files=[("data", ("数据.xlsx", example))])
    assert written.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(written.content)).read("word/document.xml")
    assert "filename*=UTF-8''" in written.headers["content-disposition"]
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(example))
    sheet = next(s for s in book.worksheets if s.max_row > 8 and s.max_column > 3)
    cell = next(c for row in sheet.iter_rows(min_row=5) for c in row if isinstance(c.value, (int, float)))
    cell.value = "<b>一百</b>"
    broken = io.BytesIO()
    book.save(broken)
    refused = client.post("/render", data={"format": ".html"}, files=[("data", ("坏.xlsx", broken.getvalue()))])
    assert refused.status_code == 422
    assert f"cell {cell.coordinate}" in refused.text and "&lt;b&gt;一百&lt;/b&gt;" in refused.text
    assert str(tmp_path) not in refused.text and "/tmp/" not in refused.text


def test_a_body_without_a_length_is_cut_off_at_the_cap(client):
    def chunks():
        for _ in range(8):
            yield b"x" * (1024 * 1024)
    answer = client.post("/api/check", content=chunks(),
                         headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert answer.status_code == 413


def test_the_render_page_makes_a_pdf_that_checks_clean(client, tmp_path):
    import shutil
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice is not installed")
    example = client.get("/render/example.xlsx").content
    written = client.post("/render", data={"format": ".pdf"}, files=[("data", ("数据.xlsx", example))])
    assert written.status_code == 200 and written.content.startswith(b"%PDF")
    pdf = tmp_path / "rendered.pdf"
    pdf.write_bytes(written.content)
    from juesuan.api import check_path
    result = check_path(pdf)
    assert result.recognition is None or result.recognition.is_report
    assert result.report is not None and result.report.tables, "the PDF's tables were read"
    assert result.findings == []


def test_the_api_runs_the_rules_the_server_was_started_with(root, tmp_path):
    # as `juesuan serve` sets them from a juesuan.toml: only the rules selected, at the
    # severities the file gives
    from juesuan.batch import Options

    report = sample_with(tmp_path, "样例报告.txt")
    every = [f["rule"] for f in cli_json(report, cwd=tmp_path)[0]["findings"]]
    kept = sorted(set(every))[0]
    assert len(set(every)) > 1, "the sample report draws findings of several rules"
    options = Options(select=frozenset({kept}), severity=((kept, "warning"),))
    app = create_app(Settings(max_bytes=3 * 1024 * 1024, workers=1, root=str(root / "configured"),
                              options=options))
    with TestClient(app) as configured:
        answer = configured.post("/api/check", files=[("files", (report.name, report.read_bytes()))])
    findings = answer.json()[0]["findings"]
    assert findings and {f["rule"] for f in findings} == {kept}
    assert {f["severity"] for f in findings} == {"warning"}
    (tmp_path / "juesuan.toml").write_text(f'select = ["{kept}"]\n[severity]\n{kept} = "warning"\n', encoding="utf-8")
    assert cli_json(report, cwd=tmp_path)[0]["findings"] == findings
