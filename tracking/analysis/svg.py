"""A small SVG chart renderer: horizontal bar charts, line charts, grids and the map's legend.

Charts are plain SVG 1.1 with presentation attributes only (the site's Content-Security-Policy
forbids inline styles), a <title> and a <desc> for screen readers (role="img"), and a <title>
on each mark for the values on hover. Colours come from a colour-blind-safe palette (Okabe-Ito)
and every line series also has its own dash pattern and marker, so nothing depends on colour.
"""

from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
INK, MUTED, GRID, BAR = "#1b1f24", "#5b6470", "#d7dbe0", "#1d3557"
SERIES_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"]
SERIES_DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4"]
MARKERS = ["circle", "square", "diamond", "triangle", "circle", "square", "diamond"]


def fmt(value: float) -> str:
    return _n(value)


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attrs(**attrs) -> str:
    return "".join(
        f" {k.rstrip('_').replace('_', '-')}={quoteattr(str(v))}"
        for k, v in attrs.items()
        if v not in (None, "")
    )


def _el(tag: str, content: str = "", **attrs) -> str:
    if content:
        return f"<{tag}{_attrs(**attrs)}>{content}</{tag}>"
    return f"<{tag}{_attrs(**attrs)}/>"


def text(x, y, content, **attrs) -> str:
    attrs.setdefault("fill", INK)
    attrs.setdefault("font_size", 12)
    return _el("text", escape(str(content)), x=_n(x), y=_n(y), **attrs)


def document(
    chart_id: str, width: int, height: int, title: str, desc: str, body: str, *, links: bool = False
) -> SafeString:
    """The <svg> element: inline in a page or served as an .svg file. A chart whose marks are
    links (the map) is a labelled group rather than an image: an image's content is
    presentational and must not hold anything focusable (WCAG 4.1.2)."""
    role = "group" if links else "img"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="{role}" class="chart-svg" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family={quoteattr(FONT)}>'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )
    return mark_safe(head + body + "</svg>")  # noqa: S308  (every piece is escaped above)


def _nice_step(value: float) -> int:
    """The smallest 1-2-5 × 10^k not below `value` (at least 1)."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= value:
                return m * step
        step *= 10


def scale(value: float, count: int = 5) -> tuple[int, int]:
    """(top, step) of an axis from 0 showing `value` in at most `count` round steps."""
    step = _nice_step(max(value, 1) / count)
    top = max(step, -(-int(value) // step) * step)
    return top, step


def ticks(top: int, step: int) -> list[int]:
    return list(range(0, top + 1, step))


def bar_chart(
    chart_id: str, title: str, desc: str, rows: list[tuple[str, int]], width: int = 720
) -> SafeString:
    """Horizontal bars, one per (label, value), in the given order."""
    label_w, right, top, bar_h, gap = 230, 60, 28, 18, 6
    height = top + len(rows) * (bar_h + gap) + 30
    peak, step = scale(max([v for _, v in rows] or [0]))
    span = width - label_w - right
    parts = []
    for t in ticks(peak, step):
        x = label_w + span * t / peak
        parts.append(_el("line", x1=_n(x), x2=_n(x), y1=top - 6, y2=height - 24, stroke=GRID))
        parts.append(text(x, height - 8, f"{t:,}", text_anchor="middle", fill=MUTED, font_size=11))
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        short = label if len(label) <= 32 else label[:31] + "…"
        parts.append(text(label_w - 8, y + bar_h - 4, short, text_anchor="end"))
        w = span * value / peak
        bar = _el(
            "rect",
            _el("title", escape(f"{label}: {value:,}")),
            x=label_w,
            y=y,
            width=_n(w),
            height=bar_h,
            fill=BAR,
        )
        parts.append(bar)
        parts.append(text(label_w + w + 4, y + bar_h - 4, f"{value:,}", font_size=11))
    if not rows:
        parts.append(text(width / 2, top + 10, desc, text_anchor="middle", fill=MUTED))
    return document(chart_id, width, max(height, 80), title, desc, "".join(parts))


def _marker(kind: str, x: float, y: float, colour: str, label: str) -> str:
    tip = _el("title", escape(label))
    if kind == "square":
        return _el("rect", tip, x=_n(x - 3.5), y=_n(y - 3.5), width=7, height=7, fill=colour)
    if kind == "diamond":
        pts = f"{_n(x)},{_n(y - 5)} {_n(x + 5)},{_n(y)} {_n(x)},{_n(y + 5)} {_n(x - 5)},{_n(y)}"
        return _el("polygon", tip, points=pts, fill=colour)
    if kind == "triangle":
        pts = f"{_n(x)},{_n(y - 5)} {_n(x + 5)},{_n(y + 4)} {_n(x - 5)},{_n(y + 4)}"
        return _el("polygon", tip, points=pts, fill=colour)
    return _el("circle", tip, cx=_n(x), cy=_n(y), r=4, fill=colour)


def line_chart(
    chart_id: str,
    title: str,
    desc: str,
    categories: list,
    series: list[tuple[str, list[int]]],
    width: int = 720,
    height: int = 320,
    y_label: str = "",
) -> SafeString:
    """One polyline per (label, values) over `categories` (e.g. years), with a legend."""
    left, right, top = 56, 16, 20
    legend_rows = (len(series) + 2) // 3
    bottom = 36 + legend_rows * 20
    plot_w, plot_h = width - left - right, height - top - bottom
    peak, step = scale(max([max(v) for _, v in series if v] or [0]))
    parts = []
    for t in ticks(peak, step):
        y = top + plot_h - plot_h * t / peak
        parts.append(_el("line", x1=left, x2=width - right, y1=_n(y), y2=_n(y), stroke=GRID))
        parts.append(text(left - 6, y + 4, f"{t:,}", text_anchor="end", fill=MUTED, font_size=11))
    if y_label:
        parts.append(
            text(
                12,
                top + plot_h / 2,
                y_label,
                fill=MUTED,
                font_size=11,
                transform=f"rotate(-90 12 {_n(top + plot_h / 2)})",
                text_anchor="middle",
            )
        )
    n = len(categories)
    xs = [left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2) for i in range(n)]
    every = max(1, (n + 11) // 12)
    for i, (x, cat) in enumerate(zip(xs, categories, strict=True)):
        if i % every == 0 or i == n - 1:
            parts.append(text(x, top + plot_h + 16, cat, text_anchor="middle", fill=MUTED, font_size=11))
    parts.append(_el("line", x1=left, x2=width - right, y1=top + plot_h, y2=top + plot_h, stroke=MUTED))
    for s, (label, values) in enumerate(series):
        colour, dash, marker = SERIES_COLOURS[s % 7], SERIES_DASHES[s % 7], MARKERS[s % 7]
        pts = [(x, top + plot_h - plot_h * v / peak) for x, v in zip(xs, values, strict=True)]
        if len(pts) > 1:
            d = " ".join(f"{_n(x)},{_n(y)}" for x, y in pts)
            parts.append(
                _el("polyline", points=d, fill="none", stroke=colour, stroke_width=2, stroke_dasharray=dash)
            )
        for (x, y), cat, v in zip(pts, categories, values, strict=True):
            parts.append(_marker(marker, x, y, colour, f"{label}, {cat}: {v:,}"))
        lx = left + (s % 3) * (plot_w / 3)
        ly = height - bottom + 40 + (s // 3) * 20
        parts.append(
            _el(
                "line",
                x1=_n(lx),
                x2=_n(lx + 24),
                y1=_n(ly - 4),
                y2=_n(ly - 4),
                stroke=colour,
                stroke_width=2,
                stroke_dasharray=dash,
            )
        )
        parts.append(_marker(marker, lx + 12, ly - 4, colour, label))
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(text(lx + 30, ly, short, font_size=11))
    if not categories:
        parts.append(text(width / 2, top + plot_h / 2, desc, text_anchor="middle", fill=MUTED))
    return document(chart_id, width, height, title, desc, "".join(parts))


def sequential_colours(count: int) -> list[str]:
    """Light to dark (ColorBrewer "OrRd"), `count` ≤ 6 classes."""
    palette = ["#fdd49e", "#fdbb84", "#fc8d59", "#ef6548", "#d7301f", "#990000"]
    if count <= 1:
        return palette[2:3]
    return [palette[round(i * (len(palette) - 1) / (count - 1))] for i in range(min(count, len(palette)))]


def legend(x: float, y: float, items: list[tuple[str, str]], swatch: int = 14) -> str:
    """Swatches with labels, in one row: (colour, label)."""
    parts, cx = [], x
    for colour, label in items:
        parts.append(
            _el(
                "rect",
                x=_n(cx),
                y=_n(y),
                width=swatch,
                height=swatch,
                fill=colour,
                stroke=MUTED,
                stroke_width=0.5,
            )
        )
        parts.append(text(cx + swatch + 4, y + swatch - 2, label, font_size=11))
        cx += swatch + 12 + 7 * len(label)
    return "".join(parts)


def element(tag: str, content: str = "", **attrs) -> str:
    return _el(tag, content, **attrs)
