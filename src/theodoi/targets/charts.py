"""A target's trend as inline SVG (no script, no CDN), drawn like the dashboard's chart
(`monitoring/charts.py`): the actual of each period as a line of points, the target as a
dashed line, and the projection to the deadline where the status used one."""

from decimal import Decimal

from django.utils.html import format_html, format_html_join

from theodoi.targets.actuals import Standing
from theodoi.targets.amounts import show

WIDTH, HEIGHT, TOP, BOTTOM, LEFT, RIGHT = 640, 240, 14, 30, 48, 16
ACTUAL, GOAL, PROJECTED = "#3a6ea5", "#2d6a4f", "#e07a00"


def trend_svg(item: Standing) -> str:
    """The chart of `item`'s periods with a value; "" when none has one."""
    target = item.target
    points = [(line.period.label, line.value) for line in item.lines if line.value is not None]
    if not points:
        return ""
    names = [line.period.slug for line in item.lines if line.value is not None]
    if target.baseline_value is not None and target.baseline_date is not None:
        points.insert(0, (f"Mốc {target.baseline_date:%d/%m/%Y}", target.baseline_value))
        names.insert(0, "mốc")
    values = [v for _, v in points] + [target.goal]
    if item.projected is not None:
        values.append(item.projected)
    low, high = min(values), max(values)
    margin = (high - low) / 10 or Decimal(1)
    low, high = max(low - margin, Decimal(0)) if low >= 0 else low - margin, high + margin
    slots = len(points) + (1 if item.projected is not None else 0)
    step = (WIDTH - LEFT - RIGHT) / max(slots, 1)

    def y(value: Decimal) -> str:
        share = float((value - low) / (high - low))
        return f"{HEIGHT - BOTTOM - share * (HEIGHT - TOP - BOTTOM):.1f}"

    def x(i: int) -> str:
        return f"{LEFT + step * i + step / 2:.1f}"

    unit = target.get_unit_display()
    coords = [(x(i), y(v)) for i, (_, v) in enumerate(points)]
    line = " ".join(f"{a},{b}" for a, b in coords)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="4" fill="{}"><title>{}: {} {}</title></circle>',
        [(a, b, ACTUAL, p, show(v), unit) for (a, b), (p, v) in zip(coords, points, strict=True)],
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
        [(x(i), HEIGHT - 12, name) for i, name in enumerate(names)],
    )
    scale = format_html(
        '<text x="2" y="{}" font-size="11">{}</text><text x="2" y="{}" font-size="11">{}</text>',
        TOP + 10, show(high), HEIGHT - BOTTOM, show(low),
    )  # fmt: skip
    projection = ""
    if item.projected is not None:
        end = (x(len(points)), y(item.projected))
        projection = format_html(
            '<polyline points="{},{} {},{}" fill="none" stroke="{}" stroke-dasharray="2 3" '
            'stroke-width="2"/><circle cx="{}" cy="{}" r="4" fill="{}"><title>Dự báo tại thời '
            'hạn {}: {} {}</title></circle><text x="{}" y="{}" font-size="11" '
            'text-anchor="middle">{}</text>',
            coords[-1][0], coords[-1][1], end[0], end[1], PROJECTED, end[0], end[1], PROJECTED,
            f"{target.deadline:%d/%m/%Y}", show(item.projected), unit, end[0], HEIGHT - 12,
            "dự báo",
        )  # fmt: skip
    goal = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-dasharray="6 4" '
        'stroke-width="2"><title>Chỉ tiêu: {} {}</title></line>'
        '<text x="2" y="{}" font-size="11">{}</text>',
        LEFT, y(target.goal), WIDTH - RIGHT, y(target.goal), GOAL, show(target.goal), unit,
        y(target.goal), show(target.goal),
    )  # fmt: skip
    return format_html(
        '<svg viewBox="0 0 {} {}" role="img" aria-labelledby="target-trend" class="chart">'
        '<title id="target-trend">Diễn biến số thực hiện của chỉ tiêu {} qua các kỳ</title>'
        '{}{}<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>{}{}{}</svg>',
        WIDTH, HEIGHT, target.code, scale, goal, line, ACTUAL, dots, labels, projection,
    )  # fmt: skip
