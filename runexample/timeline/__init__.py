"""Greenlet timelines: record the switches of a real run, draw them when a page is written.

:mod:`.record`
    Runs inside the example's own interpreter, loaded by path at start-up
    (standard library and ``greenlet`` only), and writes a JSON record.
:mod:`.model`
    The record as named pieces: lanes, runs, output lines, numbered markers.
:mod:`.layout`
    Where everything goes, in pixels.
:mod:`.svg`
    The SVG text, written through one escaping element helper.
:mod:`.__main__`
    ``python -m runexample.timeline script.py out.svg``.

The runner keeps only the record (cached with the output); :func:`draw`
makes the picture from it each time a page is written, so changing how
pictures look re-runs no example.
"""

from __future__ import annotations

import dataclasses

from . import layout, model, svg
from .model import Marker, Timeline
from .record import load
from .svg import marker_class

#: A picture's SVG stays within this many bytes (detail is dropped to fit).
MAX_BYTES = 60_000


@dataclasses.dataclass
class Picture:
    svg: str
    markers: list[Marker]  #: the output lines the picture numbers


def draw(record: dict, output: str = "", *, title: str, caption: str = "",
         id_prefix: str = "tl", max_bytes: int = MAX_BYTES) -> Picture:
    """Draw *record*, numbering the lines of *output* (the output block shown
    with it) that the picture marks. Raise ValueError for a malformed record."""
    timeline = Timeline.from_record(record)
    found = model.markers(timeline, output)
    desc = " ".join(filter(None, [caption.strip(), model.summary(timeline)]))
    for detail in layout.DETAILS:
        shown = found[:detail.markers]
        drawing = svg.render(layout.lay_out(timeline, shown, detail, len(found) - len(shown)),
                             title=title, desc=desc, id_prefix=id_prefix)
        if len(drawing.encode("utf-8")) <= max_bytes:
            return Picture(drawing, shown)
    message = "This run was too busy to draw."
    return Picture(svg.minimal(title=title, desc=desc, id_prefix=id_prefix, message=message), [])


__all__ = ["MAX_BYTES", "Marker", "Picture", "draw", "load", "marker_class"]
