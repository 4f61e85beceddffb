"""A report's bar charts, as inline SVG for the HTML report and as PNG for Word.

One layout serves both formats: :func:`_layout` places every bar, line and piece of text
on an 800 × 450 canvas (taller when a horizontal chart has many categories), and two small
backends set the same shapes, one as SVG markup and one through Pillow at twice the scale
(1600 × 900 pixels, marked 200 dpi: 8 × 4.5 inches in Word). Text widths are estimated
from the characters (CJK full width, Latin about 0.6 em), not measured with a font, so the
SVG does not depend on the fonts of the machine that wrote it and both formats break and
shorten labels alike; the estimate errs wide, so text fits with either font.

The chart's title is not drawn unless asked for (``with_title=True``): the writers set it
as the figure's caption, in the report's own text style, and a title drawn inside the
picture as well would say it twice. The SVG carries the title as ``<title>`` and
``aria-label`` for screen readers.

Why Pillow draws the PNG (measured on the project's 2-core machine, Python 3.11, best of 5):

- Pillow 13 (ImageDraw + FreeType): import 0.02–0.05 s; 22–40 ms a chart, drawn and saved;
  finding the font (``fc-list``, once a process) 13–40 ms.
- matplotlib 3.11 (Agg): import 0.7–1.5 s, which alone breaks the budget.
- resvg-py 0.5 (rasterising the SVG): import 1 ms; ~80 ms a chart (it loads the system
  fonts on every call).
- cairosvg 2.9: import ~0.4 s, and it needs the system cairo library.

A report with about four charts must be rendered to Word and HTML in under a second, so
matplotlib (which also pulls in numpy) is out. Pillow is the most widely used and best
kept imaging library for Python, ships wheels with FreeType for every platform, reads the
TrueType collections (.ttc) CJK fonts come in and draws antialiased text and plain
rectangles, which is all a bar chart needs. resvg-py would give pixel-identical SVG and PNG
but is a small third-party binding, slower per chart here, and leaves the choice of font to its
own scan of the system. Pillow is imported on the first PNG only, so the HTML writer never
pays for it; the SVG costs under 2 ms a chart. The PNG is saved with zlib level 3: about
half the time of the default level 6 (the encoder is most of a chart's time) for a file
about 10–40 % larger (40–100 KB).

Fonts: the SVG names "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC" and sans-serif
and leaves the choice to the browser. The PNG asks fontconfig (``fc-list :lang=zh-cn``)
for the faces that cover simplified Chinese and takes Noto Sans CJK SC, Source Han Sans,
WenQuanYi Micro Hei … in that order, else any of them (sans and regular weight first);
without fontconfig it tries a few well-known files; with none of them it draws with
Pillow's built-in font, Chinese showing as boxes, and warns once.
"""
from __future__ import annotations

import functools
import html
import io
import math
import re
import shutil
import subprocess
import unicodedata
import warnings
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path

from juesuan.render.blocks import Chart

__all__ = ["FONT_FAMILY", "PNG_DPI", "PNG_SCALE", "chart_png", "chart_svg", "cjk_font"]

FONT_FAMILY = "'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif"
WIDTH, HEIGHT = 800, 450          # the canvas, in SVG user units
PNG_SCALE = 2                     # pixels per unit: 1600 × 900
PNG_DPI = 200
PNG_COMPRESS_LEVEL = 3

# Tableau 10: distinct in print and for the common colour-vision deficiencies.
PALETTE = ("#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#EDC948", "#B07AA1",
           "#FF9DA7", "#9C755F", "#BAB0AC")
INK, MUTED, GRID, AXIS, BACKGROUND = "#333333", "#666666", "#E3E3E3", "#888888", "#FFFFFF"

SIZE_TEXT, SIZE_VALUE, SIZE_TICK, SIZE_TITLE = 12.0, 11.0, 11.0, 15.0
MAX_VERTICAL_CATEGORIES = 6
CENT = Decimal("0.01")


# -- the shapes a layout is made of -----------------------------------------------------------

@dataclass(frozen=True)
class _Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    role: str = ""               # "bar" (one per value) or "key" (a legend swatch)
    tip: str = ""                # a bar's tooltip


@dataclass(frozen=True)
class _Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 1.0


@dataclass(frozen=True)
class _Text:
    x: float
    y: float                     # the baseline
    text: str
    size: float
    anchor: str = "start"        # "start", "middle" or "end", as SVG's text-anchor
    fill: str = INK
    bold: bool = False


@dataclass(frozen=True)
class _Layout:
    width: float
    height: float
    shapes: tuple[_Rect | _Line | _Text, ...]
    horizontal: bool


# -- text ---------------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_NO_LINE_START = set("）)】]」』》〉、，,。.：:；;！!？?%％…")


def _clean(text: object) -> str:
    """One line of printable text: controls (which XML refuses) and runs of space to one space."""
    return " ".join(_NOT_XML.sub(" ", str(text)).split())


def _char_em(ch: str) -> float:
    if unicodedata.east_asian_width(ch) in "WF":
        return 1.0
    if ch.isupper() or ch in "%@#&WMm":
        return 0.72
    if ch in " .,:;!|'":
        return 0.32
    return 0.6


def _width(text: str, size: float) -> float:
    """The width ``text`` takes at ``size``, estimated on the wide side."""
    return sum(_char_em(ch) for ch in text) * size


def _shorten(text: str, limit: float, size: float) -> str:
    """``text`` cut to fit ``limit`` with "…" in place of the rest."""
    if _width(text, size) <= limit:
        return text
    room = limit - _width("…", size)
    out, used = "", 0.0
    for ch in text:
        used += _char_em(ch) * size
        if used > room:
            break
        out += ch
    return out.rstrip() + "…"


def _wrap(text: str, limit: float, size: float, lines: int = 2) -> list[str]:
    """``text`` broken into at most ``lines`` lines no wider than ``limit`` (Chinese breaks
    between any two characters; closing punctuation stays on the line before), the last one
    shortened with "…" if it all does not fit."""
    text = _clean(text)
    if _width(text, size) <= limit or lines <= 1:
        return [_shorten(text, limit, size)]
    out: list[str] = []
    rest = text
    while rest and len(out) < lines - 1:
        used, cut = 0.0, 0
        for i, ch in enumerate(rest):
            used += _char_em(ch) * size
            if used > limit:
                break
            cut = i + 1
        else:
            cut = len(rest)
        cut = max(cut, 1)
        while cut < len(rest) and rest[cut] in _NO_LINE_START and cut > 1:
            cut -= 1      # keep "（类）" together rather than start a line with "）"
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        out.append(_shorten(rest, limit, size))
    return out


# -- figures ------------------------------------------------------------------------------------

def _value(value: object) -> Decimal | None:
    """A chart value as a finite Decimal, or None for what is not a number."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (ArithmeticError, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def _label(value: Decimal | None) -> str:
    """"12,345.60", as the report prints 万元; "—" for a missing figure."""
    if value is None:
        return "—"
    text = f"{value.quantize(CENT, ROUND_HALF_UP):,.2f}"
    return "0.00" if text == "-0.00" else text


def _ticks(low: Decimal, high: Decimal) -> tuple[list[Decimal], int]:
    """Round tick values spanning [low, high] (which include 0), about five of them, and the
    number of decimals their labels need."""
    if high == low:
        high = low + 1
    raw = (high - low) / 4
    exponent = raw.adjusted()
    fraction = raw.scaleb(-exponent)
    mantissa = next(m for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)) if m >= fraction)
    step = (mantissa.scaleb(exponent)).normalize()
    first = (low / step).to_integral_value(ROUND_FLOOR) * step
    last = (high / step).to_integral_value(ROUND_CEILING) * step
    count = int((last - first) / step)
    ticks = [first + step * i for i in range(count + 1)]
    decimals = max(0, -step.as_tuple().exponent)
    return ticks, decimals


def _tick_label(value: Decimal, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text[1:] if text.startswith("-") and not value else text


# -- layout -------------------------------------------------------------------------------------

def _layout(chart: Chart, with_title: bool = False) -> _Layout:
    categories = [_clean(c) for c in chart.categories]
    series = [(_clean(name), list(values)) for name, values in chart.series]
    for name, values in series:
        if len(values) != len(categories):
            raise ValueError(f"chart {chart.title!r}: series {name!r} has {len(values)} values "
                             f"for {len(categories)} categories")
    values = [[_value(v) for v in vs] for _, vs in series]
    unit = _clean(chart.unit)

    shapes: list[_Rect | _Line | _Text] = []
    top = 10.0
    if with_title:
        shapes.append(_Text(WIDTH / 2, top + SIZE_TITLE, _shorten(_clean(chart.title), WIDTH - 40, SIZE_TITLE),
                            SIZE_TITLE, "middle", bold=True))
        top += SIZE_TITLE + 10

    # The unit on the left, the legend on the right, on one band (two when the legend is long).
    unit_text = _shorten(f"单位：{unit}", WIDTH / 3, SIZE_TEXT) if unit else ""
    if unit_text:
        shapes.append(_Text(16, top + SIZE_TEXT, unit_text, SIZE_TEXT, fill=MUTED))
    legend_left = 16 + (_width(unit_text, SIZE_TEXT) + 24 if unit_text else 0)
    items = [(_shorten(name, 200, SIZE_TEXT), PALETTE[i % len(PALETTE)]) for i, (name, _) in enumerate(series)]
    rows: list[list[tuple[str, str, float]]] = []
    used = 0.0
    for text, colour in items:
        width = 12 + 5 + _width(text, SIZE_TEXT)
        if not rows or used + 16 + width > WIDTH - 16 - legend_left:
            rows.append([])
            used = -16.0
        used += 16 + width
        rows[-1].append((text, colour, width))
    for i, row in enumerate(rows):
        x = WIDTH - 16 - (sum(w for _, _, w in row) + 16 * (len(row) - 1))
        y = top + i * (SIZE_TEXT + 8)
        for text, colour, width in row:
            shapes.append(_Rect(x, y + 2, 12, 12, colour, role="key"))
            shapes.append(_Text(x + 17, y + SIZE_TEXT, text, SIZE_TEXT))
            x += width + 16
    top += max(len(rows), 1 if unit_text else 0) * (SIZE_TEXT + 8) + 10

    finite = [v for vs in values for v in vs if v is not None]
    low, high = min([Decimal(0), *finite]), max([Decimal(0), *finite])
    ticks, decimals = _ticks(low, high)
    labels = [[_label(v) for v in vs] for vs in values]
    label_width = max((_width(t, SIZE_VALUE) for row in labels for t in row), default=0.0)

    if not categories or not series:
        shapes.append(_Text(WIDTH / 2, (top + HEIGHT) / 2, "（无数据）", SIZE_TEXT, "middle", fill=MUTED))
        return _Layout(WIDTH, HEIGHT, tuple(shapes), False)

    vertical = _vertical(categories, series, values, labels, ticks, decimals)
    if vertical is not None:
        return _Layout(WIDTH, HEIGHT, tuple(shapes + vertical(top)), False)
    return _horizontal(shapes, top, categories, series, values, labels, label_width, ticks, decimals, low)


def _vertical(categories, series, values, labels, ticks, decimals):
    """The shapes of a column chart, as a function of the band's top, or None when the
    categories are too many, their names too long or the value labels too wide for one."""
    if len(categories) > MAX_VERTICAL_CATEGORIES:
        return None
    tick_texts = [_tick_label(t, decimals) for t in ticks]
    left = 16 + max(_width(t, SIZE_TICK) for t in tick_texts) + 8
    right = WIDTH - 16
    group = (right - left) / len(categories)
    room = group * 0.85 / len(series)
    widest = max(_width(t, SIZE_VALUE) for row in labels for t in row)
    if widest + 4 > room:
        return None        # the value labels of neighbouring bars would overlap
    bar = min(room - 6, 64.0)
    slot = min(room, max(bar + 6, widest + 6))      # one bar and the gap to the next
    names = [_wrap(c, group - 8, SIZE_TEXT) for c in categories]
    if any(len(_wrap(c, group - 8, SIZE_TEXT, lines=3)) > 2 for c in categories):
        return None        # a name would be cut short: the bars go across instead
    name_lines = max(len(n) for n in names)

    def draw(top: float) -> list:
        out: list = []
        low, high = float(ticks[0]), float(ticks[-1])
        plot_top = top + SIZE_VALUE + 6
        plot_bottom = HEIGHT - 12 - name_lines * (SIZE_TEXT + 3) - 8
        if low < 0:
            plot_bottom -= SIZE_VALUE + 6
        scale = (plot_bottom - plot_top) / (high - low)

        def y(v: float) -> float:
            return plot_bottom - (v - low) * scale

        for t, text in zip(ticks, tick_texts):
            out.append(_Line(left, y(float(t)), right, y(float(t)), AXIS if not t else GRID, 1.0))
            out.append(_Text(left - 8, y(float(t)) + SIZE_TICK * 0.35, text, SIZE_TICK, "end", fill=MUTED))
        for c, category in enumerate(categories):
            centre = left + group * (c + 0.5)
            first = centre - slot * len(series) / 2
            for s, (name, _) in enumerate(series):
                v = values[s][c]
                x = first + slot * s + (slot - bar) / 2
                end, zero = y(float(v or 0)), y(0.0)
                colour = PALETTE[s % len(PALETTE)]
                out.append(_Rect(x, min(end, zero), bar, abs(zero - end), colour, "bar",
                                 f"{name} {category}：{labels[s][c]}"))
                below = v is not None and v < 0
                out.append(_Text(x + bar / 2, end + SIZE_VALUE + 4 if below else end - 4,
                                 labels[s][c], SIZE_VALUE, "middle"))
            for i, line in enumerate(names[c]):
                out.append(_Text(centre, plot_bottom + (SIZE_VALUE + 6 if low < 0 else 0) + 8 + SIZE_TEXT
                                 + i * (SIZE_TEXT + 3), line, SIZE_TEXT, "middle"))
        out.append(_Line(left, y(0.0), right, y(0.0), AXIS, 1.0))
        return out

    return draw


def _horizontal(shapes, top, categories, series, values, labels, label_width, ticks, decimals, low_value):
    """A bar chart with the bars across: categories down the left, values along the bottom."""
    name_limit = 180.0
    names = [_wrap(c, name_limit, SIZE_TEXT) for c in categories]
    name_width = max(_width(line, SIZE_TEXT) for lines in names for line in lines)
    left = 16 + name_width + 10
    right = WIDTH - 16 - label_width - 6
    if low_value < 0:
        left += label_width + 6
    right = max(right, left + 120)     # absurdly wide labels run off the edge rather than crash
    tick_texts = [_tick_label(t, decimals) for t in ticks]

    bar = 12.0 if len(series) > 1 else 16.0       # the thinnest a bar gets: ten categories of
    row = max(len(series) * (bar + 2) + 8, max(len(n) for n in names) * (SIZE_TEXT + 3) + 8)  # two fit
    bottom_band = SIZE_TICK + 14
    height = max(float(HEIGHT), top + len(categories) * row + bottom_band + 8)
    height = float(math.ceil(height))
    plot_top, plot_bottom = top, height - bottom_band - 8
    row = (plot_bottom - plot_top) / len(categories)
    bar = min(max(bar, (row - 10) * 0.8 / len(series)), 30.0)

    low, high = float(ticks[0]), float(ticks[-1])
    scale = (right - left) / (high - low)

    def x(v: float) -> float:
        return left + (v - low) * scale

    out = list(shapes)
    for t, text in zip(ticks, tick_texts):
        out.append(_Line(x(float(t)), plot_top, x(float(t)), plot_bottom, GRID, 1.0))
        out.append(_Text(x(float(t)), plot_bottom + 6 + SIZE_TICK, text, SIZE_TICK, "middle", fill=MUTED))
    for c, category in enumerate(categories):
        centre = plot_top + row * (c + 0.5)
        first = centre - (bar + 2) * len(series) / 2
        for s, (name, _) in enumerate(series):
            v = values[s][c]
            y = first + (bar + 2) * s + 1
            end, zero = x(float(v or 0)), x(0.0)
            colour = PALETTE[s % len(PALETTE)]
            out.append(_Rect(min(end, zero), y, abs(end - zero), bar, colour, "bar",
                             f"{name} {category}：{labels[s][c]}"))
            below = v is not None and v < 0
            out.append(_Text(end - 4 if below else end + 4, y + bar / 2 + SIZE_VALUE * 0.35, labels[s][c],
                             SIZE_VALUE, "end" if below else "start"))
        lines = names[c]
        first_line = centre - (len(lines) - 1) * (SIZE_TEXT + 3) / 2 + SIZE_TEXT * 0.35
        for i, line in enumerate(lines):
            out.append(_Text(16 + name_width, first_line + i * (SIZE_TEXT + 3), line, SIZE_TEXT, "end"))
    out.append(_Line(x(0.0), plot_top, x(0.0), plot_bottom, AXIS, 1.0))
    out.append(_Line(left, plot_bottom, right, plot_bottom, AXIS, 1.0))
    return _Layout(float(WIDTH), height, tuple(out), True)


# -- SVG ----------------------------------------------------------------------------------------

def _n(value: float) -> str:
    """A coordinate, to a tenth of a unit: "12.5", "40"."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def chart_svg(chart: Chart, *, with_title: bool = False) -> str:
    """The chart as an inline ``<svg>`` element (no XML declaration, nothing fetched or run).

    It has ``role="img"`` and the title as ``aria-label`` and ``<title>``; the caller puts
    it in a ``<figure>`` with the title as ``<figcaption>``. Each bar is a
    ``<rect class="bar">`` with its value as a tooltip. The same chart gives the same string.
    """
    layout = _layout(chart, with_title)
    title = _e(_clean(chart.title))
    w, h = _n(layout.width), _n(layout.height)
    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{title}" '
            f'width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT_FAMILY}">'),
           f"<title>{title}</title>",
           f'<rect width="{w}" height="{h}" fill="{BACKGROUND}"/>']
    for shape in layout.shapes:
        if isinstance(shape, _Rect):
            attrs = (f'x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.w)}" height="{_n(shape.h)}" '
                     f'fill="{shape.fill}"')
            if shape.role:
                attrs = f'class="{shape.role}" ' + attrs
            if shape.tip:
                out.append(f"<rect {attrs}><title>{_e(shape.tip)}</title></rect>")
            else:
                out.append(f"<rect {attrs}/>")
        elif isinstance(shape, _Line):
            out.append(f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" y2="{_n(shape.y2)}" '
                       f'stroke="{shape.stroke}" stroke-width="{_n(shape.width)}" shape-rendering="crispEdges"/>')
        else:
            anchor = f' text-anchor="{shape.anchor}"' if shape.anchor != "start" else ""
            weight = ' font-weight="bold"' if shape.bold else ""
            out.append(f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}"'
                       f'{anchor}{weight} fill="{shape.fill}">{_e(shape.text)}</text>')
    out.append("</svg>")
    return "\n".join(out)


# -- PNG ----------------------------------------------------------------------------------------

# Faces for simplified Chinese, best first; then any face fontconfig lists for zh-cn; then
# well-known files (with the face's index in the collection) for machines without fontconfig.
_PREFERRED = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans SC",
              "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC")
_KNOWN_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
)


def _weight(text: str) -> float:
    """fontconfig's weight ("80", or "[0 210]" for a variable font) as its distance from
    regular (80)."""
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]
    if len(numbers) == 2 and numbers[0] <= 80 <= numbers[1]:
        return 0.0
    return min((abs(n - 80) for n in numbers), default=100.0)


@functools.lru_cache(maxsize=1)
def cjk_font() -> tuple[str, int] | None:
    """The file and face index of an installed font for simplified Chinese, or None: a
    preferred sans face of regular weight if there is one (asked of fontconfig's
    ``fc-list`` once), else any face for zh-cn, else a well-known file."""
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            listing = subprocess.run([fc_list, "-f", "%{file}\t%{index}\t%{family}\t%{weight}\n", ":lang=zh-cn"],
                                     capture_output=True, text=True, timeout=20, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            listing = ""
        ranked = []
        for line in listing.splitlines():
            parts = line.split("\t")
            if len(parts) != 4 or not parts[0].lower().endswith((".ttf", ".ttc", ".otf", ".otc")):
                continue
            path, index, families, weight = parts
            names = [f.strip() for f in families.split(",")]
            rank = min((_PREFERRED.index(n) for n in names if n in _PREFERRED), default=len(_PREFERRED))
            sans = any("sans" in n.lower() or "hei" in n.lower() for n in names)
            mono = any("mono" in n.lower() for n in names)
            ranked.append(((rank, mono, not sans, _weight(weight), path, index), path, index))
        for _, path, index in sorted(ranked):
            if Path(path).is_file():
                return path, int(index) if index.isdigit() else 0
    for path, index in _KNOWN_FONTS:
        if Path(path).is_file():
            return path, index
    return None


@functools.cache
def _font(size: int):
    from PIL import ImageFont

    found = cjk_font()
    if found is not None:
        path, index = found
        try:
            return ImageFont.truetype(path, size, index=index)
        except OSError:
            pass
    _warn_no_font()
    try:
        return ImageFont.load_default(size)
    except (TypeError, ImportError, OSError):   # Pillow without FreeType: the bitmap font
        return ImageFont.load_default()


@functools.lru_cache(maxsize=1)
def _warn_no_font() -> None:
    warnings.warn("no CJK font found (install fonts-noto-cjk or fonts-wqy-microhei): chart PNGs "
                  "are drawn with Pillow's default font and Chinese shows as boxes",
                  RuntimeWarning, stacklevel=4)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def chart_png(chart: Chart, *, with_title: bool = False) -> bytes:
    """The chart as a PNG, 1600 pixels wide and 900 high (taller for a horizontal chart with
    many categories), marked 200 dpi. The same chart gives the same bytes."""
    from PIL import Image, ImageDraw

    layout = _layout(chart, with_title)
    k = PNG_SCALE
    image = Image.new("RGB", (round(layout.width * k), round(layout.height * k)), _rgb(BACKGROUND))
    draw = ImageDraw.Draw(image)
    for shape in layout.shapes:
        if isinstance(shape, _Rect):
            x0, y0 = round(shape.x * k), round(shape.y * k)
            x1, y1 = round((shape.x + shape.w) * k), round((shape.y + shape.h) * k)
            if x1 > x0 and y1 > y0:
                draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=_rgb(shape.fill))
        elif isinstance(shape, _Line):
            width = max(1, round(shape.width * k))
            draw.line((round(shape.x1 * k), round(shape.y1 * k), round(shape.x2 * k), round(shape.y2 * k)),
                      fill=_rgb(shape.stroke), width=width)
        else:
            font = _font(round(shape.size * k))
            bold = {"stroke_width": 1, "stroke_fill": _rgb(shape.fill)} if shape.bold else {}
            try:
                draw.text((shape.x * k, shape.y * k), shape.text, font=font, fill=_rgb(shape.fill),
                          anchor=_ANCHORS[shape.anchor], **bold)
            except ValueError:     # a bitmap font knows no anchors
                draw.text((shape.x * k, shape.y * k - shape.size * k), shape.text, font=font,
                          fill=_rgb(shape.fill))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=PNG_COMPRESS_LEVEL, dpi=(PNG_DPI, PNG_DPI))
    return buffer.getvalue()
