"""Write a :class:`~.layout.Layout` as SVG, through one element helper that escapes.

:func:`el` builds every element: attribute values and text children are
escaped (and characters XML forbids replaced), while children that :func:`el`
built itself (:class:`Markup`) are kept as they are.
"""

from __future__ import annotations

import re

from .layout import (BADGE_H, BAR_H, SWATCH_W, Badge, Layout, LegendItem, Row, Text,
                     MAIN_COLOUR, X0, X1)

FONT = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace"
TEXT_COLOUR = "#1a1a1a"
MUTED = "#4d4d4d"
HUB_COLOUR = "#c8ccd2"
STRIPE = "#f5f6f7"
GRID = "#e3e5e8"

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class Markup(str):
    """SVG that :func:`el` made: inserted as it is, never escaped again."""


def _escape(text: str) -> str:
    text = _INVALID_XML.sub("\ufffd", text.replace("\t", " "))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _value(value) -> str:
    if isinstance(value, float):
        s = f"{value:.1f}".removesuffix(".0")
        return "0" if s == "-0" else s
    return _escape(str(value)).replace('"', "&quot;").replace("\n", "&#10;")


def el(tag: str, attrs: dict | None = None, *children) -> Markup:
    """``<tag attrs>children</tag>``; ``None`` attributes are left out, and
    children that are not :class:`Markup` are escaped as text."""
    head = tag + "".join(f' {name}="{_value(v)}"' for name, v in (attrs or {}).items()
                         if v is not None)
    if not children:
        return Markup(f"<{head}/>")
    body = "".join(c if isinstance(c, Markup) else _escape(str(c)) for c in children)
    return Markup(f"<{head}>{body}</{tag}>")


def text(t: Text, **attrs) -> Markup:
    return el("text", {
        "x": t.x, "y": t.y, "font-size": t.size,
        "text-anchor": None if t.anchor == "start" else t.anchor,
        "font-style": "italic" if t.italic else None,
        "font-weight": "bold" if t.bold else None, **attrs}, t.text)


def marker_class(id_prefix: str, number: int) -> str:
    """The class a marker shares with its lines in the output block, which
    ``runexample-timeline.js`` uses to highlight one while the other is
    hovered or focused."""
    return f"{id_prefix}-n{number}"


def _bars(ranges, y: float, h: float) -> str:
    """One path for many rectangles of height *h* at *y*."""
    return "".join(f"M{_value(a)} {_value(y)}h{_value(b - a)}v{_value(h)}h{_value(a - b)}z"
                   for a, b in ranges)


# -- the parts ----------------------------------------------------------------------------


def _defs(pid: str) -> Markup:
    hatch = el("pattern", {"id": f"{pid}-cut", "width": 6, "height": 6, "patternUnits": "userSpaceOnUse",
                           "patternTransform": "rotate(45)"},
               el("rect", {"width": 6, "height": 6, "fill": "#fff"}),
               el("path", {"d": "M0 0V6", "stroke": "#9a9a9a", "stroke-width": 1.5}))
    cross = el("pattern", {"id": f"{pid}-lost", "width": 6, "height": 6, "patternUnits": "userSpaceOnUse"},
               el("rect", {"width": 6, "height": 6, "fill": "#fff"}),
               el("path", {"d": "M0 0L6 6M6 0L0 6", "stroke": "#9a9a9a", "stroke-width": 1}))
    return el("defs", None, hatch, cross)


def _track(row: Row) -> tuple[float, float]:
    """The vertical extent of a lane's markers and bar (its name stays clear of lines)."""
    top = row.badges and min(b.top for b in row.badges) or row.bar_top
    return top - 2, row.bar_top + BAR_H + 3


def _background(layout: Layout, pid: str) -> Markup:
    parts = [el("rect", {"width": layout.width, "height": layout.height, "fill": "#fff"})]
    for i, row in enumerate(layout.rows):
        if i % 2 == 0:
            parts.append(el("rect", {"x": 0, "y": row.top, "width": layout.width,
                                     "height": row.bottom - row.top, "fill": STRIPE}))
    grid = []
    for row in layout.rows:
        top, bottom = _track(row)
        grid += [f"M{_value(t.x)} {_value(top)}V{_value(bottom)}" for t in layout.ticks]
        for cut in layout.scale.cuts:
            parts.append(el("rect", {"x": cut.x0, "y": top, "width": cut.x1 - cut.x0,
                                     "height": bottom - top, "fill": f"url(#{pid}-cut)"}))
        if layout.lost:
            a, b = layout.lost
            parts.append(el("rect", {"x": a, "y": top, "width": b - a, "height": bottom - top,
                                     "fill": f"url(#{pid}-lost)"}))
    parts.append(el("path", {"d": "".join(grid), "stroke": GRID, "fill": "none"}))
    return el("g", {"class": "tl-background"}, *parts)


def _marker(badge: Badge, row: Row, pid: str, tips: bool) -> Markup:
    m = badge.marker
    # The stem ends on top of the bar, so that it never splits a running bar.
    stem = f"M{_value(badge.cx)} {_value(badge.top + BADGE_H)}L{_value(badge.at)} {_value(row.bar_top)}"
    err = m.stream == "err"
    lines = f"lines {m.first + 1}\u2013{m.first + m.count}" if m.count > 1 else f"line {m.first + 1}"
    return el(
        "g", {"class": f"tl-marker {marker_class(pid, m.number)}", "id": f"{pid}-m{m.number}"},
        el("title", None, f"{m.number}: output {lines}: {m.text}") if tips else Markup(""),
        el("path", {"d": stem, "fill": "none", "stroke": TEXT_COLOUR, "stroke-width": 1.3}),
        el("rect", {"class": "tl-badge", "x": badge.cx - badge.width / 2, "y": badge.top,
                    "width": badge.width, "height": BADGE_H, "rx": 8,
                    "fill": TEXT_COLOUR if err else "#fff", "stroke": TEXT_COLOUR, "stroke-width": 1.3}),
        text(badge.label, fill="#fff" if err else TEXT_COLOUR),
    )


def _lane(row: Row, pid: str, tips: bool) -> Markup:
    lane, y = row.lane, row.bar_top
    parts = [text(t, fill=TEXT_COLOUR) for t in row.names]
    if row.wait:
        a, b = row.wait
        parts.append(el("rect", {"class": "tl-wait", "x": a, "y": y + BAR_H / 2 - 1,
                                 "width": max(b - a, 1.0), "height": 2, "fill": row.colour}))
        if lane.ended:
            parts.append(el("rect", {"class": "tl-end", "x": b - 1, "y": y + 1, "width": 2,
                                     "height": BAR_H - 2, "fill": row.colour}))
    if row.runs:
        hub = lane.kind == "hub"
        tip = f"{lane.label}: {'in control' if hub else 'running'}"
        parts.append(el("path", {"class": "tl-hub" if hub else "tl-run", "d": _bars(row.runs, y, BAR_H),
                                 "fill": HUB_COLOUR if hub else row.colour},
                        *([el("title", None, tip)] if tips else [])))
    if row.throws:
        d = "".join(f"M{_value(x - 4)} {_value(y + 2)}l8 8m0 -8l-8 8" for x in row.throws)
        parts.append(el("path", {"class": "tl-throw", "d": d, "fill": "none", "stroke": "#fff",
                                 "stroke-width": 4.5}))
        parts.append(el("path", {"d": d, "fill": "none", "stroke": "#000", "stroke-width": 2}))
    parts += [_marker(b, row, pid, tips) for b in row.badges]
    return el("g", {"class": "tl-lane"}, *parts)


def _axis(layout: Layout) -> Markup:
    y = layout.axis_y
    d, x = [], float(X0)
    for cut in layout.scale.cuts:
        d.append(f"M{_value(x)} {_value(y)}H{_value(cut.x0 + 4)}")
        # A break in the axis: two slanted strokes.
        d.append(f"M{_value(cut.x0 + 1)} {_value(y + 5)}l6 -10M{_value(cut.x1 - 7)} {_value(y + 5)}l6 -10")
        x = cut.x1 - 4
    d.append(f"M{_value(x)} {_value(y)}H{_value(float(X1))}")
    d += [f"M{_value(t.x)} {_value(y)}v4" for t in layout.ticks]
    labels = [text(t.label) for t in layout.ticks if t.label] + [text(t) for t in layout.cut_labels]
    return el("g", {"class": "tl-axis", "fill": MUTED},
              el("path", {"d": "".join(d), "stroke": MUTED, "fill": "none"}), *labels)


def _swatch(item: LegendItem, pid: str) -> Markup:
    x, y = item.x, item.label.y - 4  # y: the middle of the text
    w = SWATCH_W
    shapes = {
        "run": lambda: el("rect", {"x": x, "y": y - 5, "width": w, "height": 10, "fill": MAIN_COLOUR}),
        "wait": lambda: el("rect", {"x": x, "y": y - 1, "width": w, "height": 2, "fill": MAIN_COLOUR}),
        "end": lambda: el("path", {"d": f"M{_value(x)} {_value(y - 1)}h{w - 2}v-4h2v10h-2v-4h{2 - w}z",
                                   "fill": MAIN_COLOUR}),
        "hub": lambda: el("rect", {"x": x, "y": y - 5, "width": w, "height": 10, "fill": HUB_COLOUR}),
        "marker": lambda: el("rect", {"x": x + 3, "y": y - 7, "width": 16, "height": 14, "rx": 7,
                                      "fill": "#fff", "stroke": TEXT_COLOUR, "stroke-width": 1.3}),
        "stderr": lambda: el("rect", {"x": x + 3, "y": y - 7, "width": 16, "height": 14, "rx": 7,
                                      "fill": TEXT_COLOUR}),
        "throw": lambda: el("path", {"d": f"M{_value(x + 7)} {_value(y - 4)}l8 8m0 -8l-8 8",
                                     "stroke": "#000", "stroke-width": 2, "fill": "none"}),
        "cut": lambda: el("rect", {"x": x, "y": y - 6, "width": w, "height": 12, "fill": f"url(#{pid}-cut)"}),
        "lost": lambda: el("rect", {"x": x, "y": y - 6, "width": w, "height": 12, "fill": f"url(#{pid}-lost)"}),
    }
    return shapes[item.kind]()


def _legend(layout: Layout, pid: str) -> Markup:
    parts = []
    for item in layout.legend:
        parts += [_swatch(item, pid), text(item.label)]
    parts += [text(t) for t in layout.notes]
    return el("g", {"class": "tl-legend", "fill": MUTED}, *parts)


def render(layout: Layout, *, title: str, desc: str, id_prefix: str) -> str:
    """The picture as an SVG document (no XML declaration: it is inlined in HTML)."""
    pid = id_prefix
    tips = layout.detail.tips
    return el(
        "svg", {"xmlns": "http://www.w3.org/2000/svg", "class": "runexample-timeline",
                "width": layout.width, "height": layout.height,
                "viewBox": f"0 0 {layout.width} {layout.height}", "role": "img",
                "aria-labelledby": f"{pid}-t {pid}-d", "font-family": FONT},
        el("title", {"id": f"{pid}-t"}, title),
        el("desc", {"id": f"{pid}-d"}, desc),
        _defs(pid),
        _background(layout, pid),
        *[_lane(row, pid, tips) for row in layout.rows],
        _axis(layout),
        _legend(layout, pid),
    )


def minimal(*, title: str, desc: str, id_prefix: str, message: str) -> str:
    """A picture that only says why there is no picture."""
    pid = id_prefix
    return el(
        "svg", {"xmlns": "http://www.w3.org/2000/svg", "class": "runexample-timeline",
                "width": X1 + X0, "height": 40, "viewBox": f"0 0 {X1 + X0} 40", "role": "img",
                "aria-labelledby": f"{pid}-t {pid}-d", "font-family": FONT},
        el("title", {"id": f"{pid}-t"}, title),
        el("desc", {"id": f"{pid}-d"}, desc),
        el("text", {"x": X0, "y": 24, "font-size": 12, "fill": TEXT_COLOUR}, message),
    )
