"""Inline SVG pictures of events: a timeline of events and fatalities, and a map of locations.

No tile server, no CDN, no chart library: the points are plotted from the
store's dates and gazetteer coordinates into plain SVG shapes, which the
templates place inline (and escape like any other value).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    event_id: int
    label: str
    disputed: bool
    name: str = ""


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    label: str
    anchor: str = "start"


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    dots: list[Dot]
    ticks: list[Tick]
    empty: bool


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def timeline(
    events: Sequence[tuple[int, str | None, int | None, bool, str]], width: int = 900, height: int = 180
) -> Chart:
    """Events per day as dots (stacked), fatalities per day as bars.

    `events`: (id, ISO date, fatalities, disputed, label).
    """
    dated = [(i, d, f, disp, lab) for i, t, f, disp, lab in events if (d := _day(t))]
    if not dated:
        return Chart(width, height, [], [], [], True)
    first = min(d for _, d, *_ in dated)
    last = max(d for _, d, *_ in dated)
    span = max((last - first).days, 1)
    left, right, top, bottom = 40, 20, 10, 30
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(d: date) -> float:
        return left + plot_w * (d - first).days / span

    deaths: Counter[date] = Counter()
    for _, d, f, *_ in dated:
        deaths[d] += f or 0
    peak = max(deaths.values()) or 1
    bar_w = max(min(plot_w / (span + 1), 14.0), 3.0)
    bars = [
        Bar(x(d) - bar_w / 2, top + plot_h * (1 - n / peak), bar_w, plot_h * n / peak, f"{d}: {n} killed")
        for d, n in sorted(deaths.items())
        if n
    ]
    stack: Counter[date] = Counter()
    dots = []
    for i, d, f, disp, lab in sorted(dated, key=lambda e: (e[1], e[0])):
        stack[d] += 1
        dots.append(
            Dot(
                x(d),
                top + plot_h - 6 - 12 * (stack[d] - 1),
                5,
                i,
                f"{lab} ({d}, {f if f is not None else '?'} killed)",
                disp,
            )
        )
    ticks = [Tick(x(first), height - 8, first.isoformat())]
    if last != first:
        ticks.append(Tick(x(last), height - 8, last.isoformat(), "end"))
    ticks.append(Tick(4, top + 10, f"{peak} killed"))
    return Chart(width, height, bars, dots, ticks, False)


def map_plot(
    points: Sequence[tuple[int, float | None, float | None, int | None, bool, str]],
    width: int = 900,
    height: int = 420,
) -> Chart:
    """Event locations on an equirectangular plot of their own extent (padded), sized by fatalities.

    `points`: (id, latitude, longitude, fatalities, disputed, label). Events without coordinates
    are left out here and counted by the caller.
    """
    placed = [
        (i, la, lo, f, disp, lab) for i, la, lo, f, disp, lab in points if la is not None and lo is not None
    ]
    if not placed:
        return Chart(width, height, [], [], [], True)
    lats = [p[1] for p in placed]
    lons = [p[2] for p in placed]
    pad = 1.0
    south, north = min(lats) - pad, max(lats) + pad
    west, east = min(lons) - pad, max(lons) + pad
    margin = 20
    # Equirectangular, with longitude shrunk by the cosine of the middle latitude so shapes keep
    # their proportions near the poles as on the equator.
    squeeze = max(math.cos(math.radians((north + south) / 2)), 0.2)
    scale = min((width - 2 * margin) / ((east - west) * squeeze), (height - 2 * margin) / (north - south))
    dots = []
    named: dict[tuple[float, float], list[str]] = {}
    for _i, la, lo, _f, _d, lab in placed:
        named.setdefault((round(la or 0, 2), round(lo or 0, 2)), []).append(lab)
    for i, la, lo, f, disp, lab in placed:
        assert la is not None and lo is not None
        # One label per spot: events at the same place share it ('#4, #5 Puyallup').
        spot = named.get((round(la, 2), round(lo, 2)), [])
        name = ", ".join(spot) if spot and spot[0] == lab else ""
        r = 4 + min(f or 0, 50) ** 0.5 * 2
        dots.append(
            Dot(
                margin + (lo - west) * squeeze * scale,
                margin + (north - la) * scale,
                r,
                i,
                f"{lab} ({f if f is not None else '?'} killed)",
                disp,
                name,
            )
        )
    ticks = [
        Tick(margin, height - 4, f"{south:.1f}°, {west:.1f}°"),
        Tick(width - margin, 14, f"{north:.1f}°, {east:.1f}°", "end"),
    ]
    return Chart(width, height, [], dots, ticks, False)
