"""Charts drawn on the server as SVG: no JavaScript, no CDN, fine on paper.

Two kinds, enough for the monthly review:

- :func:`line_chart` — monthly trends (one or more series over month labels);
- :func:`bar_chart` — a horizontal ranking (districts by sellers, sales, ...).

Both return :class:`markupsafe.Markup` holding one ``<svg>`` element, built with ElementTree so
every label (Hindi or English, or a district name with ``&`` in it) is escaped properly. The SVG
carries ``role="img"``, a ``<title>`` and a ``<desc>`` (by default a plain-text list of every value,
so a screen reader gets the numbers), real ``<text>`` labels rather than paths, and series told
apart by dash pattern and marker shape as well as colour, so a black-and-white print still reads.

Callers pass already translated strings (title, series names, month labels) and a
``value_format`` function for numbers (for example ``format_paise`` for money).
"""
from __future__ import annotations

import math
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Callable, Sequence

from markupsafe import Markup

SVG_NS = "http://www.w3.org/2000/svg"
FONT_FAMILY = "'Noto Sans Devanagari', 'Noto Sans', Mukta, 'Nirmala UI', Mangal, Arial, sans-serif"
FONT_SIZE = 12
# Dark enough to print on a monochrome printer; each series also has its own dash and marker.
PALETTE = ("#1f4e79", "#a0522d", "#2e7d32", "#6a1b9a", "#37474f", "#b71c1c")
DASHES = ("", "7 4", "2 3", "9 3 2 3", "4 4", "1 2")
MARKERS = ("circle", "square", "triangle", "diamond", "circle", "square")
GRID = "#d0d0d0"
AXIS = "#333333"
BAR_FILL = "#4f7fb0"
BAR_HIGHLIGHT = "#1f4e79"

Number = int | float
Formatter = Callable[[Number], str]


@dataclass(frozen=True)
class Series:
    """One line of a line chart: a name for the legend and one value per label."""

    name: str
    values: Sequence[Number]


# -- text measuring ---------------------------------------------------------------------------
def text_width(text: str, font_size: float = FONT_SIZE) -> float:
    """Rough rendered width of ``text`` in px (no font metrics on the server).

    Combining marks (Devanagari matras below/above, nukta, virama) take no advance of their own;
    everything else is weighted by a typical sans-serif advance.
    """
    width = 0.0
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Mn", "Me", "Cf"):
            continue
        if ch == " ":
            width += 0.28
        elif "\u0900" <= ch <= "\u097f":
            width += 0.62
        elif ch.isdigit():
            width += 0.56
        elif ch.isupper():
            width += 0.66
        elif ch in "il.,:;'|!":
            width += 0.28
        else:
            width += 0.52
    return width * font_size


def truncate_to_width(text: str, max_width: float, font_size: float = FONT_SIZE) -> str:
    """``text`` shortened with an ellipsis so that it fits ``max_width`` px."""
    if text_width(text, font_size) <= max_width:
        return text
    out = text
    while out and text_width(out + "…", font_size) > max_width:
        out = out[:-1]
        # never leave a dangling combining mark or virama at the cut
        while out and unicodedata.category(out[-1]) in ("Mn", "Mc"):
            out = out[:-1]
    return out + "…"


# -- axis scale -------------------------------------------------------------------------------
def nice_ticks(low: Number, high: Number, max_ticks: int = 5, integer: bool = True) -> list[Number]:
    """Round tick values covering ``[low, high]``: steps of 1, 2 or 5 × 10^k, starting at or
    below ``min(low, 0)``. Integers only when ``integer`` (counts, paise)."""
    low = min(low, 0)
    high = max(high, 0)
    if high == low:
        high = low + 1
    raw_step = (high - low) / max(max_ticks - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw_step))
    for mult in (1, 2, 2.5, 5, 10):
        step = mult * magnitude
        if integer and mult == 2.5 and magnitude < 10:
            continue
        if step >= raw_step:
            break
    if integer:
        step = max(1, round(step))
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while True:
        ticks.append(int(value) if integer else round(value, 10))
        if value >= high:
            break
        value += step
    return ticks


# -- building blocks --------------------------------------------------------------------------
def _fmt(value: Number) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _safe_id(chart_id: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "-", chart_id).strip("-") or "chart"
    return cleaned if cleaned[0].isalpha() else f"c-{cleaned}"


def _svg_root(width: int, height: int, chart_id: str, title: str, desc: str, kind: str) -> ET.Element:
    cid = _safe_id(chart_id)
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "id": cid,
            "class": f"chart chart-{kind}",
            "width": str(width),
            "height": str(height),
            "viewBox": f"0 0 {width} {height}",
            "role": "img",
            "aria-labelledby": f"{cid}-title {cid}-desc",
            "font-family": FONT_FAMILY,
            "font-size": str(FONT_SIZE),
        },
    )
    t = ET.SubElement(svg, "title", {"id": f"{cid}-title"})
    t.text = title
    d = ET.SubElement(svg, "desc", {"id": f"{cid}-desc"})
    d.text = desc
    ET.SubElement(svg, "rect", {"x": "0", "y": "0", "width": str(width), "height": str(height),
                                "fill": "#ffffff"})
    heading = ET.SubElement(svg, "text", {"x": "8", "y": "18", "font-size": "14",
                                          "font-weight": "bold", "fill": AXIS,
                                          "class": "chart-title"})
    heading.text = title
    return svg


def _text(parent: ET.Element, x: float, y: float, text: str, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, "text", {"x": _num(x), "y": _num(y), "fill": AXIS, **attrs})
    el.text = text
    return el


def _marker(parent: ET.Element, shape: str, x: float, y: float, color: str, tip: str) -> None:
    r = 3.5
    if shape == "square":
        el = ET.SubElement(parent, "rect", {"x": _num(x - r), "y": _num(y - r), "width": _num(2 * r),
                                            "height": _num(2 * r), "fill": color})
    elif shape == "triangle":
        pts = f"{_num(x)},{_num(y - r - 1)} {_num(x - r - 0.5)},{_num(y + r)} {_num(x + r + 0.5)},{_num(y + r)}"
        el = ET.SubElement(parent, "polygon", {"points": pts, "fill": color})
    elif shape == "diamond":
        pts = f"{_num(x)},{_num(y - r - 1)} {_num(x + r + 1)},{_num(y)} {_num(x)},{_num(y + r + 1)} {_num(x - r - 1)},{_num(y)}"
        el = ET.SubElement(parent, "polygon", {"points": pts, "fill": color})
    else:
        el = ET.SubElement(parent, "circle", {"cx": _num(x), "cy": _num(y), "r": _num(r), "fill": color})
    el.set("class", "point")
    tip_el = ET.SubElement(el, "title")
    tip_el.text = tip


def _to_markup(svg: ET.Element) -> Markup:
    return Markup(ET.tostring(svg, encoding="unicode"))


# -- line chart -------------------------------------------------------------------------------
def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    desc: str | None = None,
    chart_id: str = "trend",
    width: int = 640,
    height: int = 300,
    value_format: Formatter = _fmt,
    empty_text: str = "No data",
    integer: bool = True,
) -> Markup:
    """A line chart of monthly figures.

    ``labels``: one label per point (month names, already in the reader's language).
    ``series``: each with exactly ``len(labels)`` values. ``value_format`` turns a value into
    the text shown on the axis, at the points and in the description.
    Raises ``ValueError`` when a series length does not match the labels.
    """
    for s in series:
        if len(s.values) != len(labels):
            raise ValueError(f"series {s.name!r} has {len(s.values)} values for {len(labels)} labels")
    if desc is None:
        desc = "; ".join(
            f"{s.name}: " + ", ".join(f"{lab} {value_format(v)}" for lab, v in zip(labels, s.values))
            for s in series
        ) or empty_text
    svg = _svg_root(width, height, chart_id, title, desc, "line")
    values = [v for s in series for v in s.values]
    if not labels or not series:
        _text(svg, width / 2, height / 2, empty_text, **{"text-anchor": "middle", "class": "empty"})
        return _to_markup(svg)

    ticks = nice_ticks(min(values), max(values), integer=integer)
    lo, hi = ticks[0], ticks[-1]
    tick_texts = [value_format(t) for t in ticks]
    legend_h = 22 if len(series) > 1 or series[0].name else 0
    # Month labels are centred on their points: leave half the first and last label's width.
    left = max(12 + max(text_width(t) for t in tick_texts), text_width(labels[0]) / 2 + 6)
    right = max(16, text_width(labels[-1]) / 2 + 6)
    top = 30 + legend_h
    bottom = height - 34
    plot_w = width - left - right
    plot_h = bottom - top

    def y_of(v: Number) -> float:
        return bottom - (v - lo) / (hi - lo) * plot_h

    n = len(labels)

    def x_of(i: int) -> float:
        return left + (plot_w / 2 if n == 1 else i * plot_w / (n - 1))

    axes = ET.SubElement(svg, "g", {"class": "axes"})
    for t, label in zip(ticks, tick_texts):
        y = y_of(t)
        ET.SubElement(axes, "line", {"x1": _num(left), "y1": _num(y), "x2": _num(width - right),
                                     "y2": _num(y), "stroke": GRID if t != 0 else AXIS,
                                     "stroke-width": "1"})
        _text(axes, left - 6, y + 4, label, **{"text-anchor": "end", "class": "tick"})
    # Thin the month labels so that they never overlap.
    widest = max(text_width(lab) for lab in labels) + 8
    every = max(1, math.ceil(widest / (plot_w / max(n - 1, 1)))) if n > 1 else 1
    for i, lab in enumerate(labels):
        if i % every and i != n - 1:
            continue
        _text(axes, x_of(i), bottom + 18, lab, **{"text-anchor": "middle", "class": "month"})

    if legend_h:
        legend = ET.SubElement(svg, "g", {"class": "legend"})
        x = left
        for k, s in enumerate(series):
            color, dash = PALETTE[k % len(PALETTE)], DASHES[k % len(DASHES)]
            attrs = {"x1": _num(x), "y1": "40", "x2": _num(x + 24), "y2": "40", "stroke": color,
                     "stroke-width": "2.5"}
            if dash:
                attrs["stroke-dasharray"] = dash
            ET.SubElement(legend, "line", attrs)
            _marker(legend, MARKERS[k % len(MARKERS)], x + 12, 40, color, s.name)
            _text(legend, x + 30, 44, s.name, **{"class": "legend-label"})
            x += 30 + text_width(s.name) + 18

    show_values = len(series) == 1 and n <= 13
    for k, s in enumerate(series):
        color, dash = PALETTE[k % len(PALETTE)], DASHES[k % len(DASHES)]
        g = ET.SubElement(svg, "g", {"class": "series", "data-series": s.name})
        points = " ".join(f"{_num(x_of(i))},{_num(y_of(v))}" for i, v in enumerate(s.values))
        attrs = {"points": points, "fill": "none", "stroke": color, "stroke-width": "2.5",
                 "stroke-linejoin": "round"}
        if dash:
            attrs["stroke-dasharray"] = dash
        ET.SubElement(g, "polyline", attrs)
        for i, v in enumerate(s.values):
            _marker(g, MARKERS[k % len(MARKERS)], x_of(i), y_of(v), color,
                    f"{s.name} — {labels[i]}: {value_format(v)}")
            if show_values:
                _text(g, x_of(i), y_of(v) - 8, value_format(v),
                      **{"text-anchor": "middle", "class": "value", "font-size": "11"})
    return _to_markup(svg)


# -- horizontal bar chart ---------------------------------------------------------------------
def bar_chart(
    items: Sequence[tuple[str, Number]],
    *,
    title: str,
    desc: str | None = None,
    chart_id: str = "ranking",
    width: int = 640,
    bar_height: int = 18,
    gap: int = 6,
    value_format: Formatter = _fmt,
    highlight: str | None = None,
    empty_text: str = "No data",
    max_label_share: float = 0.38,
) -> Markup:
    """A horizontal bar chart, one bar per item, in the order given (sort before calling).

    ``items``: ``(label, value)`` pairs; values must not be negative. ``highlight``: a label
    drawn darker and bold (the reader's own district). Long labels are shortened with "…" but
    kept whole in the bar's tooltip and in the description.
    """
    if any(v < 0 for _, v in items):
        raise ValueError("bar chart values must not be negative")
    if desc is None:
        desc = "; ".join(f"{lab}: {value_format(v)}" for lab, v in items) or empty_text
    top = 30
    height = top + max(len(items), 1) * (bar_height + gap) + 24
    svg = _svg_root(width, height, chart_id, title, desc, "bar")
    if not items:
        _text(svg, width / 2, top + 20, empty_text, **{"text-anchor": "middle", "class": "empty"})
        return _to_markup(svg)

    max_label = width * max_label_share
    label_w = min(max(text_width(lab) for lab, _ in items), max_label) + 10
    value_texts = [value_format(v) for _, v in items]
    value_w = max(text_width(t) for t in value_texts) + 10
    plot_left = 8 + label_w
    plot_w = max(width - plot_left - value_w - 8, 10)
    ticks = nice_ticks(0, max(v for _, v in items), max_ticks=5,
                       integer=all(isinstance(v, int) for _, v in items))
    hi = ticks[-1] or 1
    plot_bottom = top + len(items) * (bar_height + gap)

    axes = ET.SubElement(svg, "g", {"class": "axes"})
    for t in ticks:
        x = plot_left + t / hi * plot_w
        ET.SubElement(axes, "line", {"x1": _num(x), "y1": str(top - 4), "x2": _num(x),
                                     "y2": _num(plot_bottom), "stroke": GRID if t else AXIS,
                                     "stroke-width": "1"})
        _text(axes, x, plot_bottom + 14, value_format(t),
              **{"text-anchor": "middle", "class": "tick", "font-size": "10"})

    for i, ((label, value), vtext) in enumerate(zip(items, value_texts)):
        y = top + i * (bar_height + gap)
        is_hl = highlight is not None and label == highlight
        g = ET.SubElement(svg, "g", {"class": "bar" + (" highlight" if is_hl else "")})
        tip = ET.SubElement(g, "title")
        tip.text = f"{label}: {vtext}"
        label_attrs = {"text-anchor": "end", "class": "label"}
        if is_hl:
            label_attrs["font-weight"] = "bold"
        _text(g, plot_left - 6, y + bar_height * 0.72, truncate_to_width(label, max_label), **label_attrs)
        bar_w = value / hi * plot_w
        ET.SubElement(g, "rect", {"x": _num(plot_left), "y": _num(y), "width": _num(bar_w),
                                  "height": str(bar_height),
                                  "fill": BAR_HIGHLIGHT if is_hl else BAR_FILL,
                                  "stroke": AXIS, "stroke-width": "0.5"})
        _text(g, plot_left + bar_w + 4, y + bar_height * 0.72, vtext, **{"class": "value"})
    return _to_markup(svg)
