"""The web page in a real browser (Debian's chromium through Playwright): uploads, the
findings listed equal the command line's, a finding's mark on the right page, the
review sheet, escaping, zips. Screenshots of the main pages are saved (set
JUESUAN_SCREENSHOTS to a folder to keep them; the README's is made that way)."""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "examples" / "sample-report.txt"
SEED = REPO.parent / "shared" / "seeds" / "000_f5ecf316bb4890cf.txt"

playwright_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    pytest.skip("chromium is not installed (scripts/install-system-packages.sh)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    with serving() as url:
        yield url


@contextlib.contextmanager
def serving(*options: str):
    """A real `juesuan serve` on a free loopback port, stopped afterwards."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-c", "from juesuan.cli import main; main()", "serve",
                                "--port", str(port), "--workers", "2", *options],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/", timeout=2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(process.stderr.read().decode(errors="replace"))
            time.sleep(0.3)
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True,
                                  locale="zh-CN")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    # a refused render answers 422 on purpose; any other failed load is a fault of the page
    opened.on("console", lambda msg: errors.append(msg.text)
              if msg.type == "error" and "status of 422" not in msg.text else None)
    yield opened
    context.close()
    assert not errors, errors


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    chosen = os.environ.get("JUESUAN_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    """The seed as text and as PDF (LibreOffice prints the text), and the sample report."""
    folder = tmp_path_factory.mktemp("reports")
    found = {"sample": folder / "sample-report.txt"}
    shutil.copy(SAMPLE, found["sample"])
    if SEED.exists():
        found["seed"] = folder / "seed.txt"
        shutil.copy(SEED, found["seed"])
        from juesuan.readers.libreoffice import soffice
        office = soffice()
        if office is not None:
            subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                            str(found["seed"])], capture_output=True, timeout=180, check=True)
            found["seed-pdf"] = folder / "seed.pdf"
    return found


def cli_findings(path: Path) -> list[dict]:
    run = subprocess.run([sys.executable, "-c", "from juesuan.cli import main; main()", "check",
                          "--format", "json", "-j", "1", path.name], cwd=path.parent,
                         capture_output=True, text=True, timeout=300)
    return json.loads(run.stdout)[0]["findings"]


def upload_and_open(page, server: str, files: list[Path], shots: Path | None = None) -> list:
    """Upload through the page's file picker; wait until every row is checked; the rows."""
    page.goto(server + "/")
    page.set_input_files("#files", [str(f) for f in files])
    rows = page.locator("#queue tbody tr")
    page.wait_for_function(
        "() => { const rows = document.querySelectorAll('#queue tbody tr');"
        " return rows.length > 0 && [...rows].every(r => r.className === 'state-done' || r.className === 'state-failed'); }",
        timeout=240_000)
    if shots is not None:
        page.screenshot(path=str(shots / "upload.png"), full_page=True)
    return [rows.nth(i) for i in range(rows.count())]


def listed(page) -> list[tuple[str, str]]:
    return [(item.get_attribute("data-line"), item.locator("code").inner_text())
            for item in page.locator(".finding").all()]


def test_seed_as_text_lists_the_command_lines_findings_and_marks_them(page, server, reports, shots):
    if "seed" not in reports:
        pytest.skip("the seed report is not in this workspace")
    rows = upload_and_open(page, server, [reports["seed"]], shots)
    expected = cli_findings(reports["seed"])
    errors = sum(f["severity"] == "error" for f in expected)
    assert rows[0].locator("a").first.inner_text() == f"{errors} 个错误，{len(expected) - errors} 个提示"
    rows[0].locator("a").first.click()
    page.wait_for_selector(".finding")
    assert listed(page) == [(str(f["line"] or ""), f["rule"]) for f in expected]
    # a finding whose figure is marked in the text: click it, its mark is shown
    marked = page.locator("mark[data-finding]").first
    index = marked.get_attribute("data-finding").split()[0]
    page.locator(f"#f{index}").click()
    active = page.locator("mark.active").first
    active.wait_for()
    assert active.is_visible() and _in_view(page, active)
    line = page.locator("li.marked.active").first
    assert line.get_attribute("data-line") == page.locator(f"#f{index}").get_attribute("data-line")
    page.screenshot(path=str(shots / "report-text.png"))
    # the other way: clicking a mark selects its finding
    page.locator("#f0").click()
    marked.click()
    assert page.locator(f"#f{index}").get_attribute("class").endswith("selected")


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and 0 <= box["y"] <= size["height"] and 0 <= box["x"] <= size["width"]


def test_seed_as_pdf_shows_each_finding_boxed_on_its_page(page, server, reports, shots):
    if "seed-pdf" not in reports:
        pytest.skip("the seed report or LibreOffice is not here to make its PDF")
    rows = upload_and_open(page, server, [reports["seed-pdf"]])
    expected = cli_findings(reports["seed-pdf"])
    rows[0].locator("a").first.click()
    page.wait_for_selector(".finding")
    assert listed(page) == [(str(f["line"] or ""), f["rule"]) for f in expected]
    assert page.locator(".pdf-page").count() > 5
    errors = page.locator(".box.sev-error:not(.other)")
    box = errors.first if errors.count() else page.locator(".box:not(.other)").first
    index = box.get_attribute("data-finding")
    finding = page.locator(f"#f{index}")
    finding.click()
    active = page.locator(f".box.active[data-finding='{index}']").first
    active.wait_for()
    page.wait_for_timeout(500)
    assert _in_view(page, active)
    on_page = active.locator("xpath=ancestor::div[contains(@class,'pdf-page')]").get_attribute("data-page")
    assert on_page == finding.get_attribute("data-page")
    # the box sits on the drawn page, and its page image has loaded
    image = page.locator(f"#page-{on_page} img")
    page.wait_for_function("(n) => { const img = document.querySelector(`#page-${n} img`);"
                           " return img.complete && img.naturalWidth > 0; }", arg=on_page, timeout=60_000)
    drawn, boxed = image.bounding_box(), active.bounding_box()
    assert drawn["x"] <= boxed["x"] and boxed["x"] + boxed["width"] <= drawn["x"] + drawn["width"] + 1
    page.screenshot(path=str(shots / "report-pdf.png"))
    if os.environ.get("JUESUAN_SCREENSHOTS"):
        shutil.copy(shots / "report-pdf.png", REPO / "docs" / "screenshot-report.png")


def test_the_review_sheet_downloads_with_the_same_rows(page, server, reports, tmp_path):
    pytest.importorskip("juesuan.report.review_sheet")
    openpyxl = pytest.importorskip("openpyxl")
    rows = upload_and_open(page, server, [reports["sample"]])
    rows[0].locator("a").first.click()
    page.wait_for_selector(".finding")
    count = page.locator(".finding").count()
    with page.expect_download() as download:
        page.locator("a[href$='review.xlsx']").first.click()
    assert download.value.suggested_filename.endswith("审核意见表.xlsx")
    path = tmp_path / "sheet.xlsx"
    download.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header, body = rows[0], [r for r in rows[1:] if any(v not in (None, "") for v in r)]
    rule, stated, message = header.index("规则"), header.index("所列"), header.index("说明")
    expected = cli_findings(reports["sample"])
    assert len(body) == len(expected) == count
    assert [(r[rule], r[stated], r[message]) for r in body] == \
        [(f["rule"], f["stated"], f["message"]) for f in expected]


def test_html_and_script_in_a_report_are_shown_as_text(page, server, tmp_path):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(SAMPLE.read_text(encoding="utf-8") +
                       "\n附注：<script>window.hacked=1</script><img src=x onerror=\"window.hacked=2\"><b>粗体</b>\n",
                       encoding="utf-8")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    rows = upload_and_open(page, server, [hostile])
    rows[0].locator("a").first.click()
    page.wait_for_selector(".lines")
    text = page.locator(".lines").inner_text()
    assert "<script>window.hacked=1</script>" in text and "<b>粗体</b>" in text
    assert page.evaluate("() => window.hacked === undefined")
    assert page.locator(".lines script, .lines img, .lines b").count() == 0
    assert not dialogs


def test_a_zip_of_three_reports_gives_three_results(page, server, tmp_path, shots):
    archive = tmp_path / "三份报告.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for name in ("甲.txt", "乙.txt", "丙/丁.txt"):
            zipped.writestr(name, SAMPLE.read_bytes())
    rows = upload_and_open(page, server, [archive])
    assert len(rows) == 3
    assert [r.get_attribute("class") for r in rows] == ["state-done"] * 3
    assert [r.locator("td.name").inner_text() for r in rows] == [
        "三份报告.zip / 甲.txt", "三份报告.zip / 乙.txt", "三份报告.zip / 丁.txt"]
    page.screenshot(path=str(shots / "upload-zip.png"), full_page=True)


def test_a_refused_file_says_why_beside_the_others(page, server, reports, tmp_path):
    picture = tmp_path / "scan.pdf"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    rows = upload_and_open(page, server, [picture, reports["sample"]])
    assert [r.get_attribute("class") for r in rows] == ["state-failed", "state-done"]
    assert "PNG" in rows[0].locator(".why").inner_text()


def test_the_filters_hide_findings(page, server, reports):
    rows = upload_and_open(page, server, [reports["sample"]])
    rows[0].locator("a").first.click()
    page.wait_for_selector(".finding")
    total = page.locator(".finding:visible").count()
    page.select_option("select[data-filter='severity']", "warning")
    warnings = page.locator(".finding:visible").count()
    assert warnings == page.locator(".finding.sev-warning").count() and warnings < total


def test_the_render_page_gives_a_report_or_the_problems(page, server, tmp_path, shots):
    page.goto(server + "/render")
    with page.expect_download() as download:
        page.click("a[href='/render/example.xlsx']")
    example = tmp_path / "example.xlsx"
    download.value.save_as(example)
    page.set_input_files("input[name=data]", str(example))
    page.select_option("select[name=format]", ".html")
    with page.expect_download() as rendered:
        page.click(".render-form button")
    assert "部门决算" in Path(rendered.value.path()).read_text(encoding="utf-8")
    # a workbook with text in a figure cell: refused, the cell named
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(example)
    sheet = next(s for s in book.worksheets if s.max_row > 8 and s.max_column > 3)
    cell = next(c for row in sheet.iter_rows(min_row=5) for c in row if isinstance(c.value, (int, float)))
    cell.value = "一百"
    broken = tmp_path / "broken.xlsx"
    book.save(broken)
    page.goto(server + "/render")
    page.set_input_files("input[name=data]", str(broken))
    page.click(".render-form button")
    page.wait_for_selector("#render-problems")
    assert cell.coordinate in page.locator("#render-problems").inner_text()
    page.screenshot(path=str(shots / "render-problems.png"), full_page=True)


def test_the_annotated_pdf_downloads_with_a_highlight_per_finding(page, server, reports, tmp_path):
    if "seed-pdf" not in reports:
        pytest.skip("the seed report or LibreOffice is not here to make its PDF")
    pytest.importorskip("juesuan.report.annotate_pdf")
    import pypdfium2
    rows = upload_and_open(page, server, [reports["seed-pdf"]])
    rows[0].locator("a").first.click()
    page.wait_for_selector(".finding")
    count = page.locator(".finding").count()
    with page.expect_download() as download:
        page.locator("a[href$='annotated.pdf']").click()
    path = tmp_path / "annotated.pdf"
    download.value.save_as(path)
    document = pypdfium2.PdfDocument(str(path))
    annotations = 0
    try:
        for index in range(len(document)):
            shown = document[index]      # held while its raw handle is used
            annotations += pypdfium2.raw.FPDFPage_GetAnnotCount(shown.raw)
            shown.close()
    finally:
        document.close()
    assert annotations >= count


def test_a_file_dropped_on_the_page_is_checked(page, server):
    page.goto(server + "/")
    text = SAMPLE.read_text(encoding="utf-8")
    page.evaluate("""(text) => {
        const data = new DataTransfer();
        data.items.add(new File([text], "拖入的报告.txt", { type: "text/plain" }));
        const zone = document.getElementById("upload-form");
        zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    }""", text)
    page.wait_for_selector("#queue tbody tr.state-done", timeout=120_000)
    assert page.locator("#queue td.name").inner_text() == "拖入的报告.txt"
    assert "个错误" in page.locator("#queue tbody tr a").first.inner_text()


def test_the_upload_list_is_shown_again_on_coming_back(page, server, reports):
    rows = upload_and_open(page, server, [reports["sample"]])
    rows[0].locator("a").first.click()
    page.wait_for_selector(".finding")
    page.goto(server + "/")
    page.wait_for_selector("#queue tbody tr.state-done")
    assert page.locator("#queue td.name").all_inner_texts() == ["sample-report.txt"]


def test_the_store_pages_show_a_department_by_year(page, tmp_path, shots):
    pytest.importorskip("duckdb")
    from click.testing import CliRunner
    from juesuan.cli import main
    sys.path.insert(0, str(REPO / "tests"))
    from store_pairs import next_year, text_of, year_y
    first = year_y()
    paths = []
    for number, dataset in enumerate((first, next_year(first))):
        path = tmp_path / f"year-{number}.txt"
        path.write_text(text_of(dataset), encoding="utf-8")
        paths.append(str(path))
    store = tmp_path / "store.duckdb"
    assert CliRunner().invoke(main, ["store", "add", *paths, "--db", str(store)]).exit_code == 0
    with serving("--db", str(store)) as url:
        page.goto(url + "/store")
        page.click("#store-grid a")
        page.wait_for_selector("svg.chart")
        assert page.locator("svg.chart rect.bar.income > title").count() == 2   # one bar a year
        page.screenshot(path=str(shots / "store-department.png"), full_page=True)
