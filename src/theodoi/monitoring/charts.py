"""Charts drawn by the app as inline SVG (no script, no CDN): the month-by-month trend."""

from typing import Any

from django.utils.html import format_html, format_html_join

from theodoi.monitoring.dashboard import CLASSES

COLOURS = {
    "done_on_time": "#2d6a4f",
    "done_late": "#e07a00",
    "open_in_time": "#3a6ea5",
    "open_overdue": "#c1121f",
}
WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 640, 240, 10, 30, 40


def trend_svg(points: list[dict[str, Any]]) -> str:
    """Stacked columns, one per month end (and the chosen day): the four classes."""
    if not points:
        return ""
    peak = max(sum(p[k] for k in CLASSES) for p in points) or 1
    step = (WIDTH - LEFT) / len(points)
    scale = (HEIGHT - TOP - BOTTOM) / peak
    bars = []
    for i, point in enumerate(points):
        x, y = LEFT + i * step + step * 0.15, HEIGHT - BOTTOM
        for key in CLASSES:
            h = point[key] * scale
            y -= h
            label = f"{point['day']:%d/%m/%Y}: {point[key]}"
            bars.append(
                (f"{x:.1f}", f"{y:.1f}", f"{step * 0.7:.1f}", f"{h:.1f}", COLOURS[key], label)
            )
    rects = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
        bars,
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
        [
            (f"{LEFT + i * step + step / 2:.1f}", HEIGHT - 12, f"{p['day']:%m/%y}")
            for i, p in enumerate(points)
        ],
    )
    axis = format_html(
        '<text x="2" y="{}" font-size="11">{}</text><text x="2" y="{}" font-size="11">0</text>',
        TOP + 10,
        peak,
        HEIGHT - BOTTOM,
    )
    return format_html(
        '<svg viewBox="0 0 {} {}" role="img" aria-labelledby="trend-title" class="chart">'
        '<title id="trend-title">Diễn biến theo tháng: số nhiệm vụ theo 4 loại cuối mỗi tháng'
        "</title>{}{}{}</svg>",
        WIDTH,
        HEIGHT,
        rects,
        labels,
        axis,
    )
