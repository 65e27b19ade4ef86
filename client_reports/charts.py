"""Charts for the printed report as inline SVG (no script, so the PDF holds them as drawn)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 640, 220
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 12, 12, 28
HOUSEHOLD_COLOUR, BENCHMARK_COLOUR = "#1f4e79", "#c55a11"
POSITIVE_COLOUR, NEGATIVE_COLOUR = "#2e7d32", "#c62828"
PALETTE = ("#1f4e79", "#c55a11", "#2e7d32", "#7b1fa2", "#00838f", "#6d4c41")


def _scale(value: float, low: float, high: float, out_low: float, out_high: float) -> float:
    if high == low:
        return (out_low + out_high) / 2
    return out_low + (value - low) * (out_high - out_low) / (high - low)


def _ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round ticks covering low to high: a step of 1, 2 or 5 times a power of ten."""
    if high <= low:
        return [low]
    rough = (high - low) / count
    power = 10 ** math.floor(math.log10(rough))
    step = next(multiple * power for multiple in (1, 2, 5, 10) if multiple * power >= rough)
    first = math.floor(low / step + 1e-9) * step
    ticks = [first]
    while ticks[-1] < high - 1e-9 * step:
        ticks.append(ticks[-1] + step)
    return ticks


def growth_chart(points: Sequence[dict[str, object]]) -> str:
    """Two lines, the household's growth of 100 and its benchmark's, over the dates given."""
    if len(points) < 2:
        return '<p class="note">Too few days for a chart.</p>'
    dates = [point["date"] for point in points]
    assert all(isinstance(day, dt.date) for day in dates)
    ordinals = [day.toordinal() for day in dates]  # type: ignore[attr-defined]
    values = [float(point[key]) for point in points for key in ("household", "benchmark")]  # type: ignore[arg-type]
    ticks = _ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    first, last = ordinals[0], ordinals[-1]

    def x(ordinal: int) -> float:
        return _scale(ordinal, first, last, MARGIN_LEFT, WIDTH - MARGIN_RIGHT)

    def y(value: float) -> float:
        return _scale(value, low, high, HEIGHT - MARGIN_BOTTOM, MARGIN_TOP)

    parts = [_frame()]
    for tick in ticks:
        parts.append(
            f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" class="grid"/>'
            f'<text x="{MARGIN_LEFT - 4}" y="{y(tick) + 3:.1f}" class="axis" text-anchor="end">{tick:g}</text>'
        )
    years = sorted({day.year for day in dates})  # type: ignore[attr-defined]
    for year in years[1:]:
        ordinal = dt.date(year, 1, 1).toordinal()
        parts.append(f'<text x="{x(ordinal):.1f}" y="{HEIGHT - 8}" class="axis" text-anchor="middle">{year}</text>')
    for key, colour in (("benchmark", BENCHMARK_COLOUR), ("household", HOUSEHOLD_COLOUR)):
        path = " ".join(
            f"{x(ordinal):.1f},{y(float(point[key])):.1f}"  # type: ignore[arg-type]
            for ordinal, point in zip(ordinals, points, strict=True)
        )
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.6" class="{key}"/>')
    return _svg("Growth of 100: household against its benchmark", parts)


def bar_chart(labels: Sequence[str], values: Sequence[float | None], *, percent: bool = True) -> str:
    """Vertical bars around zero, green up and red down (monthly returns)."""
    known = [value for value in values if value is not None]
    if not known:
        return '<p class="note">No values to chart.</p>'
    ticks = _ticks(min(0.0, *known), max(0.0, *known) if max(known) > min(known) else max(known) + 0.01)
    low, high = ticks[0], ticks[-1]
    band = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / len(values)

    def y(value: float) -> float:
        return _scale(value, low, high, HEIGHT - MARGIN_BOTTOM, MARGIN_TOP)

    parts = [_frame()]
    for tick in ticks:
        text = f"{tick:.1%}" if percent else f"{tick:,.0f}"
        parts.append(
            f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" class="grid"/>'
            f'<text x="{MARGIN_LEFT - 4}" y="{y(tick) + 3:.1f}" class="axis" text-anchor="end">{text}</text>'
        )
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        left = MARGIN_LEFT + index * band + band * 0.15
        if value is not None:
            top, bottom = sorted((y(value), y(0.0)))
            colour = POSITIVE_COLOUR if value >= 0 else NEGATIVE_COLOUR
            parts.append(
                f'<rect x="{left:.1f}" y="{top:.1f}" width="{band * 0.7:.1f}" height="{max(bottom - top, 0.5):.1f}"'
                f' fill="{colour}" class="bar"/>'
            )
        parts.append(
            f'<text x="{left + band * 0.35:.1f}" y="{HEIGHT - 8}" class="axis" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    return _svg("Monthly returns", parts)


def allocation_chart(buckets: Sequence[str], actual: Sequence[float], target: Sequence[float | None]) -> str:
    """Horizontal bars of the actual weight per asset class, the target marked on each."""
    height = 26 * len(buckets) + MARGIN_TOP + MARGIN_BOTTOM
    top_weight = max([*actual, *(value for value in target if value is not None), 0.01])

    def x(value: float) -> float:
        return _scale(value, 0.0, top_weight, 120, WIDTH - MARGIN_RIGHT - 40)

    parts = []
    for index, (bucket, weight, goal) in enumerate(zip(buckets, actual, target, strict=True)):
        row_y = MARGIN_TOP + index * 26
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<text x="114" y="{row_y + 14}" class="axis" text-anchor="end">{escape(bucket)}</text>'
            f'<rect x="120" y="{row_y + 3}" width="{max(x(weight) - 120, 0.5):.1f}" height="16" fill="{colour}"'
            f' class="bar"/><text x="{x(weight) + 4:.1f}" y="{row_y + 15}" class="axis">{weight:.1%}</text>'
        )
        if goal is not None:
            parts.append(f'<line x1="{x(goal):.1f}" x2="{x(goal):.1f}" y1="{row_y}" y2="{row_y + 22}" class="target"/>')
    return _svg("Allocation against target", parts, height=height)


def _frame() -> str:
    return (
        f'<line x1="{MARGIN_LEFT}" x2="{MARGIN_LEFT}" y1="{MARGIN_TOP}" y2="{HEIGHT - MARGIN_BOTTOM}" class="frame"/>'
    )


def _svg(title: str, parts: Sequence[str], *, height: int = HEIGHT) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img">'
        f"<title>{escape(title)}</title>{''.join(parts)}</svg>"
    )
