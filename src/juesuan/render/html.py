"""A composed report as one self-contained HTML page (styles and charts inline).

Nothing is fetched when the page is opened: no scripts, no external fonts or images. The
faces named are those of Chinese government documents, then the free Noto CJK faces.
"""
from __future__ import annotations

from html import escape

from juesuan.render.blocks import Block, Chart, Heading, PageBreak, Paragraph, TableBlock

_STYLE = """
body { max-width: 60em; margin: 2em auto; padding: 0 1em; color: #111; line-height: 1.9;
  font: 16pt/1.9 "仿宋_GB2312", "仿宋", FangSong, "Noto Serif CJK SC", serif; }
h1 { font-family: "方正小标宋简体", "小标宋", "Noto Serif CJK SC", serif; font-size: 22pt; text-align: center; }
h2, h3 { font-family: "黑体", SimHei, "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: normal; }
h4 { font-family: "楷体_GB2312", "楷体", KaiTi, "Noto Serif CJK SC", serif; font-size: 16pt; font-weight: normal; }
p { text-indent: 2em; margin: 0; }
section.table { margin: 2em 0; page-break-before: always; }
section.table h5 { text-align: center; font-size: 14pt; margin: 0.5em 0; }
p.unit { text-align: right; text-indent: 0; font-size: 10.5pt; }
p.note { text-indent: 0; font-size: 10.5pt; }
table { border-collapse: collapse; width: 100%; font: 10.5pt/1.5 "宋体", SimSun, "Noto Serif CJK SC", serif; }
th, td { border: 1px solid #444; padding: 0.2em 0.4em; }
th { background: #f2f2f2; font-weight: normal; }
td.figure { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1em 0; text-align: center; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 12pt; }
hr.page { border: 0; page-break-after: always; margin: 2em 0; }
@media print { hr.page { margin: 0; } body { margin: 0; max-width: none; } }
"""


def to_html(blocks: list[Block], title: str = "") -> str:
    out = ["<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
           f"<title>{escape(title)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>", "<article>"]
    for block in blocks:
        if isinstance(block, Heading):
            tag = f"h{block.level + 1}"
            out.append(f"<{tag}>{escape(block.text)}</{tag}>")
        elif isinstance(block, Paragraph):
            out.append(f"<p>{escape(block.text)}</p>")
        elif isinstance(block, TableBlock):
            out.append(_table(block))
        elif isinstance(block, Chart):
            out.append(_chart(block))
        elif isinstance(block, PageBreak):
            out.append('<hr class="page">')
    out += ["</article>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _table(block: TableBlock) -> str:
    rows = []
    for cells, tag in [(row, "th") for row in block.header] + [(row, "td") for row in block.body]:
        parts = []
        for cell in cells:
            span = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + \
                   (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
            klass = ' class="figure"' if cell.figure else ""
            parts.append(f"<{tag}{span}{klass}>{escape(cell.text)}</{tag}>")
        rows.append("<tr>" + "".join(parts) + "</tr>")
    notes = "".join(f'<p class="note">{escape(note)}</p>' for note in block.notes)
    return (f'<section class="table" id="table-{block.number}"><h5>{escape(block.title)}</h5>'
            f'<p class="unit">单位：{escape(block.unit)}</p>'
            f'<table><thead>{"".join(rows[:len(block.header)])}</thead>'
            f'<tbody>{"".join(rows[len(block.header):])}</tbody></table>{notes}</section>')


def _chart(chart: Chart) -> str:
    try:
        from juesuan.render.charts import chart_svg
    except ImportError:
        return ""
    return f'<figure class="chart">{chart_svg(chart)}<figcaption>图：{escape(chart.title)}</figcaption></figure>'
