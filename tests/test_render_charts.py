"""The report's bar charts: inline SVG for HTML, PNG for Word."""
from __future__ import annotations

import io
import struct
import warnings
from decimal import Decimal

import pytest
from defusedxml import ElementTree
from PIL import Image

from juesuan.render import charts
from juesuan.render.blocks import Chart
from juesuan.render.charts import chart_png, chart_svg

SVG = "{http://www.w3.org/2000/svg}"
D = Decimal

TOTAL = Chart("收入支出总计", ["收入支出总计"], [("2023年度", [D("12345.6")]), ("2024年度", [D("13579.24")])])
INCOME = Chart("本年收入构成", ["财政拨款收入", "事业收入", "经营收入", "其他收入"],
               [("2024年度", [D("8888.88"), D("1234.5"), D("12.3"), D("0.45")])])
NAMES = ["一般公共服务支出", "教育支出", "科学技术支出", "社会保障和就业支出", "卫生健康支出", "节能环保支出",
         "城乡社区支出", "住房保障支出", "农林水支出"]
GENERAL = Chart("一般公共预算财政拨款支出（按类）", NAMES,
                [("2023年度", [D(i * 1000 + 3) / 7 for i in range(9)]),
                 ("2024年度", [D(i * 1100 + 5) / 7 for i in range(9)])])
TRICKY = Chart('收入 <b>"甲" & \'乙\'</b>', ["<script>alert(1)</script>", "A&B"],
               [("上年 <>", [D("1.005"), D("2")]), ("本年 &", [D("3"), D("4")])])
LONG = Chart("长名称", ["灾害防治及应急管理支出（类）" * 6, "短"], [("2024年度", [D(5), D(6)])])
ZERO = Chart("全零", ["甲", "乙"], [("2023年度", [D(0), D(0)]), ("2024年度", [D(0), D(0)])])
NEGATIVE = Chart("负数", ["甲", "乙", "丙"], [("2024年度", [D("-123.45"), D("500"), D("50")])])
NEGATIVE_ACROSS = Chart("负数", NAMES, [("2024年度", [D(-1000), *[D(i) for i in range(8)]])])
EMPTY = Chart("空", [], [("2024年度", [])])
NO_SERIES = Chart("无系列", ["甲"], [])
ALL = [TOTAL, INCOME, GENERAL, TRICKY, LONG, ZERO, NEGATIVE, NEGATIVE_ACROSS, EMPTY, NO_SERIES]


def parse(svg: str):
    return ElementTree.fromstring(svg)


def bars(root) -> list:
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]


def texts(root) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def value_count(chart: Chart) -> int:
    return sum(len(values) for _, values in chart.series)


# -- SVG --------------------------------------------------------------------------------------

@pytest.mark.parametrize("chart", ALL, ids=lambda c: c.title)
def test_svg_parses_with_one_bar_per_value(chart):
    svg = chart_svg(chart)
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "<?xml" not in svg and "<script" not in svg.lower() and "href" not in svg
    root = parse(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-label") == chart.title
    assert root.find(f"{SVG}title").text == chart.title
    assert "Noto Sans CJK SC" in root.get("font-family")
    assert len(bars(root)) == value_count(chart)
    for bar in bars(root):
        assert float(bar.get("width")) >= 0 and float(bar.get("height")) >= 0


def test_svg_prints_every_value_with_two_decimals_and_separators():
    for chart in (TOTAL, INCOME, GENERAL):
        shown = texts(parse(chart_svg(chart)))
        for _, values in chart.series:
            for value in values:
                assert f"{value.quantize(D('0.01')):,.2f}" in shown
    assert "12,345.60" in texts(parse(chart_svg(TOTAL)))


def test_svg_has_legend_and_unit():
    root = parse(chart_svg(TOTAL))
    shown = texts(root)
    assert "2023年度" in shown and "2024年度" in shown
    assert "单位：万元" in shown
    keys = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "key"]
    assert len(keys) == 2 and keys[0].get("fill") != keys[1].get("fill")
    # the bars of a series have its key's colour
    assert {b.get("fill") for b in bars(root)} == {k.get("fill") for k in keys}
    assert "单位：千元" in texts(parse(chart_svg(Chart("x", ["a"], [("s", [D(1)])], unit="千元"))))


def test_svg_gridlines():
    root = parse(chart_svg(INCOME))
    assert len(list(root.iter(f"{SVG}line"))) >= 4
    shown = texts(root)
    assert "0" in shown and "10,000" in shown


def test_svg_escapes_all_text():
    svg = chart_svg(TRICKY)
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "A&amp;B" in svg and "&lt;b&gt;" in svg
    root = parse(svg)
    assert root.get("aria-label") == TRICKY.title
    shown = texts(root)
    assert "<script>alert(1)</script>" in shown and "A&B" in shown
    assert "上年 <>" in shown and "1.01" in shown      # half up, as the report rounds


def test_svg_survives_control_characters():
    chart = Chart("标题\x00\x07", ["甲\x1b乙\n丙"], [("2024\x0c年度", [D(1)])])
    root = parse(chart_svg(chart))
    assert root.get("aria-label") == "标题"
    assert "甲 乙 丙" in texts(root)


def test_few_short_categories_stand_up_many_lie_down():
    assert charts._layout(TOTAL).horizontal is False
    assert charts._layout(INCOME).horizontal is False
    assert charts._layout(NEGATIVE).horizontal is False
    assert charts._layout(GENERAL).horizontal is True          # more than six
    assert charts._layout(LONG).horizontal is True             # a long name
    # a column chart's bars are taller than wide where values differ; a bar chart's wider
    vertical = bars(parse(chart_svg(INCOME)))[0]
    assert float(vertical.get("height")) > float(vertical.get("width"))
    across = bars(parse(chart_svg(GENERAL)))[-1]
    assert float(across.get("width")) > float(across.get("height"))


def test_long_names_are_wrapped_and_shortened():
    shown = texts(parse(chart_svg(LONG)))
    name = LONG.categories[0]
    assert name not in shown
    at = next(i for i, t in enumerate(shown) if t and name.startswith(t))
    first, second = shown[at], shown[at + 1]          # two lines, the second cut short
    assert second.endswith("…") and name.startswith(first + second[:-1])
    assert all(charts._width(t, charts.SIZE_TEXT) <= 181 for t in shown)
    assert "短" in shown
    # "（类）" is not split before its closing bracket
    lines = charts._wrap("一二三四五六七八九十一二三四五（类）", 15 * 12, 12)
    assert not lines[1].startswith("）")


def test_edge_cases_do_not_crash():
    zero = parse(chart_svg(ZERO))
    assert [b.get("height") for b in bars(zero)] == ["0"] * 4
    assert texts(zero).count("0.00") >= 4
    negative = parse(chart_svg(NEGATIVE))
    assert "-123.45" in texts(negative)
    assert "-1,000.00" in texts(parse(chart_svg(NEGATIVE_ACROSS)))
    assert "（无数据）" in texts(parse(chart_svg(EMPTY)))
    assert "（无数据）" in texts(parse(chart_svg(NO_SERIES)))
    odd = Chart("非数", ["甲", "乙"], [("2024年度", [D("NaN"), D("Infinity")])])
    assert texts(parse(chart_svg(odd))).count("—") == 2
    tiny = Chart("极小", ["甲"], [("2024年度", [D("0.001")])])
    assert "0.00" in texts(parse(chart_svg(tiny)))
    with pytest.raises(ValueError, match="has 1 values for 2 categories"):
        chart_svg(Chart("错", ["甲", "乙"], [("2024年度", [D(1)])]))


def test_many_categories_make_a_taller_chart():
    many = Chart("多", [f"第{i}类支出" for i in range(30)], [("2023年度", [D(i) for i in range(30)]),
                                                         ("2024年度", [D(i + 1) for i in range(30)])])
    root = parse(chart_svg(many))
    assert float(root.get("height")) > charts.HEIGHT
    assert len(bars(root)) == 60
    heights = {b.get("height") for b in bars(root)}
    assert len(heights) == 1 and float(heights.pop()) >= 10
    width, height = png_size(chart_png(many))
    assert width == charts.WIDTH * charts.PNG_SCALE
    assert height == round(float(root.get("height")) * charts.PNG_SCALE)


def test_svg_is_deterministic():
    for chart in ALL:
        assert chart_svg(chart) == chart_svg(chart)
    copy = Chart(TOTAL.title, list(TOTAL.categories), [(n, list(v)) for n, v in TOTAL.series])
    assert chart_svg(copy) == chart_svg(TOTAL)


def test_title_drawn_only_when_asked():
    assert INCOME.title not in texts(parse(chart_svg(INCOME)))
    assert INCOME.title in texts(parse(chart_svg(INCOME, with_title=True)))
    assert png_size(chart_png(INCOME, with_title=True)) == (1600, 900)


def test_ticks_are_round():
    ticks, decimals = charts._ticks(D(0), D("13579.24"))
    assert ticks[0] == 0 and ticks[-1] >= D("13579.24") and decimals == 0
    assert len(ticks) in range(3, 8)
    assert [charts._tick_label(t, decimals) for t in ticks] == ["0", "5,000", "10,000", "15,000"]
    ticks, decimals = charts._ticks(D(0), D(0))
    assert ticks[0] == 0 and ticks[-1] == 1 and decimals == 2
    ticks, _ = charts._ticks(D("-123.45"), D(500))
    assert ticks[0] <= D("-123.45") and 0 in ticks


# -- PNG --------------------------------------------------------------------------------------

@pytest.mark.parametrize("chart", ALL, ids=lambda c: c.title)
def test_png_signature_and_size(chart):
    data = chart_png(chart)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert png_size(data) == (1600, 900)
    assert b"pHYs" in data           # marked 200 dpi, 8 × 4.5 inches in Word
    at = data.index(b"pHYs") + 4
    assert struct.unpack(">IIB", data[at:at + 9]) == (round(200 / 0.0254), round(200 / 0.0254), 1)


def test_png_is_deterministic_and_draws_the_bars():
    first = chart_png(TOTAL)
    assert chart_png(TOTAL) == first
    assert chart_png(GENERAL) == chart_png(GENERAL)
    assert chart_png(TOTAL) != chart_png(INCOME)
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG" and image.mode == "RGB" and image.size == (1600, 900)
    colours = {tuple(bytes.fromhex(c[1:])) for c in charts.PALETTE[:2]}
    counts = {colour: n for n, colour in image.getcolors(maxcolors=1 << 16)}
    assert all(counts.get(colour, 0) > 10_000 for colour in colours)     # two solid bars
    assert counts[(255, 255, 255)] > 1600 * 900 // 2                      # on white


def test_png_without_a_cjk_font_warns_once_and_draws(monkeypatch):
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    charts._font.cache_clear()
    charts._warn_no_font.cache_clear()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            data = chart_png(TOTAL)
            chart_png(INCOME)
        assert png_size(data) == (1600, 900)
        messages = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
        assert len(messages) == 1 and "CJK font" in messages[0]
    finally:
        charts._font.cache_clear()
        charts._warn_no_font.cache_clear()


def test_a_cjk_font_is_found_when_installed():
    found = charts.cjk_font()
    if found is None:
        pytest.skip("no CJK font on this machine (fonts-noto-cjk is installed by scripts/install-system-packages.sh)")
    path, index = found
    assert path.lower().endswith((".ttc", ".ttf", ".otf", ".otc")) and index >= 0
