"""Render a report from data, then read it back: the checker finds nothing, the data is the same.

The datasets come from tests/datasets.py, which builds every table and total from a few
项 lines by the template's identities, independently of the renderer. Figures the
renderer derives are compared with values worked out by hand below.
"""
from __future__ import annotations

import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan.api import check_document, check_path
from juesuan.cli import main
from juesuan.dataset.forms import from_csv, from_json, to_csv, to_json
from juesuan.dataset.from_report import extract_dataset
from juesuan.dataset.model import DataError
from juesuan.render.compose import compose
from juesuan.render.plain import to_document
from juesuan.render.writer import RenderRefused, render

try:
    import datasets as built
except ImportError:  # pragma: no cover - run with the repository root on sys.path
    from tests import datasets as built

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _diff(a: dict, b: dict) -> list:
    return [(k, a.get(k), b.get(k)) for k in sorted(set(a) | set(b), key=str) if a.get(k) != b.get(k)]


def _round_trip(dataset, path):
    render(dataset, path)
    result = check_path(path)
    back = extract_dataset(result.report, result.flow)
    return result, back


@pytest.mark.parametrize("suffix", [".html", ".docx"])
def test_rendered_report_checks_clean_and_reads_back_the_same(tmp_path, suffix):
    dataset = built.sample()
    result, back = _round_trip(dataset, tmp_path / f"report{suffix}")
    assert [(f.rule, f.message) for f in result.findings] == []
    assert _diff(dataset.facts(), back.facts()) == []
    assert len(result.report.tables) == 9


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_rendered_pdf_checks_clean_and_reads_back_the_same(tmp_path):
    dataset = built.sample()
    result, back = _round_trip(dataset, tmp_path / "report.pdf")
    assert [(f.rule, f.message) for f in result.findings if f.severity == "error"] == []
    assert _diff(dataset.facts(), back.facts()) == []


def test_derived_figures_are_the_hand_worked_ones():
    text = to_document(compose(built.sample())).text
    # 一般公共预算: 332.45 + 48.30 + 210.00 + 36.72 = 627.47 against budgets 330 + 48 + 200 + 36.72 = 614.72
    assert "年初预算为 614.72 万元，支出决算为 627.47 万元，完成年初预算的 102.07%" in text
    # 行政运行 rose from 301.20 to 332.45: by 31.25, that is 10.375…% -> 10.38%
    assert "支出决算为 332.45 万元，比2023年度增加 31.25 万元，增长 10.38%" in text
    # a line new this year grows by 100% by custom; one that did not move is 持平
    assert "支出决算为 210.00 万元，比2023年度增加 210.00 万元，增长 100.00%" in text
    assert "支出决算为 36.72 万元，与2023年度持平" in text
    # 三公: 8.50 + 18.30 + 4.10 = 30.90 of a budget of 36.00 -> 85.83%; 接待 4.10 / 30.90 = 13.27%
    assert "支出决算为 30.90 万元，完成年初预算的 85.83%" in text
    assert "公务接待费 4.10 万元，占 13.27%" in text
    # 政府采购 42.00 + 120.50 + 33.30 = 195.80; 中小企业 150.00 / 195.80 = 76.61%
    assert "政府采购支出总额 195.80 万元" in text and "占政府采购支出总额的 76.61%" in text


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(built.datasets())
def test_any_consistent_dataset_composes_clean_and_reads_back(dataset):
    result = check_document(to_document(compose(dataset)), "generated.txt")
    assert [(f.rule, f.message) for f in result.findings] == []
    assert _diff(dataset.facts(), extract_dataset(result.report, result.flow).facts()) == []


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(built.datasets(), st.sampled_from([".html", ".docx"]))
def test_any_consistent_dataset_renders_and_reads_back_from_its_file(dataset, suffix):
    with tempfile.TemporaryDirectory() as folder:
        result, back = _round_trip(dataset, Path(folder) / f"report{suffix}")
    assert [(f.rule, f.message) for f in result.findings] == []
    assert _diff(dataset.facts(), back.facts()) == []


def test_inconsistent_data_is_refused_with_its_problems(tmp_path):
    dataset = built.sample()
    category = dataset.row("general", code="201")
    category.values["合计"] += Decimal("1.00")
    target = tmp_path / "report.html"
    with pytest.raises(RenderRefused) as refused:
        render(dataset, target)
    assert not target.exists()
    # The 类 is now 1.00 above the sum of its lines (332.45) and the row's own parts.
    assert ("T102", "201 一般公共服务支出", "333.45", "332.45") in {
        (f.rule, f.location.row, f.stated, f.expected) for f in refused.value.findings}
    assert all(f.severity == "error" for f in refused.value.findings)
    findings = render(dataset, target, force=True)
    assert target.exists() and any(f.severity == "error" for f in findings)
    assert "数据校验发现的问题" in target.read_text(encoding="utf-8")


def test_json_and_csv_forms_hold_the_same_data():
    dataset = built.sample()
    assert _diff(dataset.facts(), from_json(to_json(dataset)).facts()) == []
    assert _diff(dataset.facts(), from_csv(to_csv(dataset)).facts()) == []


@pytest.mark.parametrize("text, message", [
    ("[1, 2]", "object"),
    ("{", "not valid JSON"),
    ('{"fields": {"部门名称": "某局", "年度": 2024, "机关运行经费": "12.345"}}', "two decimals"),
    ('{"fields": {"部门名称": "某局", "年度": 2024, "车辆": "3.5"}}', "whole number"),
    ('{"fields": {"年度": 2024}}', "部门名称"),
    ('{"fields": {"部门名称": "某局", "年度": 2024, "颜色": "红"}}', "unknown field"),
])
def test_bad_data_gets_a_clear_error(text, message):
    with pytest.raises(DataError, match=message):
        from_json(text)


def test_cli_render_and_extract(tmp_path):
    data = tmp_path / "data.json"
    data.write_text(to_json(built.sample()), encoding="utf-8")
    runner = CliRunner()
    target = tmp_path / "report.html"
    assert runner.invoke(main, ["render", str(data), "-o", str(target)]).exit_code == 0
    before = target.read_bytes()
    again = runner.invoke(main, ["render", str(data), "-o", str(target)])
    assert again.exit_code == 2 and "--overwrite" in again.output and target.read_bytes() == before
    out = tmp_path / "back.csv"
    assert runner.invoke(main, ["extract", str(target), "-o", str(out)]).exit_code == 0
    assert _diff(built.sample().facts(), from_csv(out.read_text(encoding="utf-8-sig")).facts()) == []
    broken = tmp_path / "broken.json"
    broken.write_text('{"fields": {"部门名称": "某局"}}', encoding="utf-8")
    refused = runner.invoke(main, ["render", str(broken), "-o", str(tmp_path / "x.html")])
    # data read but wrong is refused like inconsistent data: exit 1, nothing written
    assert refused.exit_code == 1 and "年度" in refused.output and not (tmp_path / "x.html").exists()


@pytest.fixture(scope="module")
def example():
    from juesuan.dataset.example import example_dataset
    return example_dataset()


@pytest.mark.parametrize("suffix", [".html", ".docx"])
def test_the_bundled_example_renders_clean_and_reads_back_the_same(tmp_path, example, suffix):
    result, back = _round_trip(example, tmp_path / f"example{suffix}")
    assert [(f.rule, f.message) for f in result.findings] == []
    assert _diff(example.facts(), back.facts()) == []


@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftoppm") is None,
                    reason="LibreOffice or poppler's pdftoppm is not installed")
def test_the_example_pdf_pages_show_text_and_tables(tmp_path, example):
    import subprocess

    import pypdfium2
    from PIL import Image

    pdf = tmp_path / "example.pdf"
    render(example, pdf)
    result = check_path(pdf)
    assert [(f.rule, f.message) for f in result.findings if f.severity == "error"] == []
    assert _diff(example.facts(), extract_dataset(result.report, result.flow).facts()) == []
    document = pypdfium2.PdfDocument(str(pdf))
    texts = [page.get_textpage().get_text_range() for page in document]
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=300)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == len(texts)
    table_page = next(n for n, text in enumerate(texts) if "收入决算表" in text and "2010301" in text)
    narrative_page = next(n for n, text in enumerate(texts) if "一般公共预算财政拨款支出决算总体情况" in text)
    for n in (0, narrative_page, table_page):
        image = Image.open(pngs[n]).convert("L")
        dark = sum(image.histogram()[:128])
        assert dark > image.width * image.height // 200, f"page {n + 1} looks blank"
    # A table page is ruled: long runs of dark pixels along rows of the image.
    image = Image.open(pngs[table_page]).convert("L")
    ruled = sum(1 for y in range(image.height)
                if sum(1 for x in range(image.width) if image.getpixel((x, y)) < 128) > image.width // 2)
    assert ruled >= 10


def test_data_as_toml_reads_like_json(tmp_path):
    from juesuan.dataset.files import load_dataset

    toml = tmp_path / "data.toml"
    toml.write_text('''
[fields]   # TOML keys outside ASCII are quoted
"部门名称" = "澜溪市档案馆"
"年度" = 2024
"机关运行经费" = "42.10"
"车辆" = 2
"主要职能" = ["负责全市档案的收集和保管"]

[[tables.general]]
label = "合计"
values = { "合计" = "12.50", "基本支出" = "12.50", "项目支出" = 0 }

[[lines]]
budget = "general"
code = "2012601"
"上年决算数" = "11.00"
''', encoding="utf-8")
    dataset = load_dataset(toml)
    assert dataset.fields["机关运行经费"] == Decimal("42.10") and dataset.fields["车辆"] == 2
    assert dataset.fields["主要职能"] == ["负责全市档案的收集和保管。"]     # a paragraph ends a sentence
    assert dataset.row("general", "合计").values == {"合计": Decimal("12.50"), "基本支出": Decimal("12.50"),
                                                   "项目支出": Decimal("0.00")}
    assert dataset.lines[0].prior == Decimal("11.00")


def test_data_docs_are_generated_from_the_fields():
    from pathlib import Path

    from juesuan.docs import fields_markdown

    docs = Path(__file__).resolve().parents[1] / "docs" / "data.md"
    assert docs.read_text(encoding="utf-8") == fields_markdown(), "docs/data.md is stale: run `juesuan fields > docs/data.md`"
