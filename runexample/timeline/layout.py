"""Where everything goes: the time scale, the lanes, the markers, the axis, the legend.

Everything is in CSS pixels. A picture is drawn at its natural size
(:data:`WIDTH` wide), never scaled down, so that its text keeps its size; on
a narrow page it scrolls sideways instead. Text is monospace, so its width
is known here: :func:`text_width`.
"""

from __future__ import annotations

import dataclasses
import math
import textwrap

from .model import Lane, Marker, Span, Timeline, format_duration, plural

WIDTH = 680
MARGIN = 12
X0, X1 = MARGIN, WIDTH - MARGIN  #: the time axis
TOP = 4
NAME_SIZE = 12  #: lane names
SMALL_SIZE = 11  #: everything else
CHAR = 0.6  #: the advance of a monospace character, in ems
NAME_LINE = 15
BADGE_H = 16
BADGE_ROW = 19
BAR_H = 12
MIN_RUN_W = 4  #: the narrowest running bar: short bursts stay visible
LANE_PAD = 9
PAD = 10  #: room on the axis before the first switch and after the last event
CUT_W = 48  #: width of a shortened stretch
CUT_KEEP = 12  #: pixels of a shortened stretch drawn to scale on each side of the cut
BREAK_SHARE = 0.75  #: an idle stretch is shortened only if longer than this share
MAX_CUTS = 2
TICK_GAP = 90  #: wanted distance between ticks
MAX_BADGE_SHIFT = 48  #: a marker's badge may sit this far from its moment
MAX_BADGE_ROWS = 3

#: Okabe and Ito's palette, which stays distinct with every common colour
#: blindness (yellow left out: too pale on white).
MAIN_COLOUR = "#0072B2"
PALETTE = ("#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
THREAD_COLOUR = "#555555"


def text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR


@dataclasses.dataclass(frozen=True)
class Text:
    x: float
    y: float  #: the baseline
    text: str
    size: float = SMALL_SIZE
    anchor: str = "start"  #: ``start``, ``middle`` or ``end``
    italic: bool = False
    bold: bool = False

    @property
    def left(self) -> float:
        w = text_width(self.text, self.size)
        return self.x - {"start": 0, "middle": w / 2, "end": w}[self.anchor]

    @property
    def right(self) -> float:
        return self.left + text_width(self.text, self.size)


@dataclasses.dataclass(frozen=True)
class Detail:
    """How finely to draw: coarser levels keep a busy picture within its byte budget."""

    merge_px: float = 1.0  #: running bars closer than this become one
    tips: bool = True  #: hover texts on bars and markers
    markers: int = 40  #: at most this many numbered output lines


DETAILS = (Detail(1.0, True, 40), Detail(2.0, True, 40), Detail(4.0, False, 40),
           Detail(8.0, False, 20), Detail(16.0, False, 10), Detail(32.0, False, 0))


# -- the time scale -----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Piece:
    """A stretch of the axis: drawn to scale, or cut short (``cut``)."""

    span: Span
    x0: float
    x1: float
    cut: bool = False


@dataclasses.dataclass(frozen=True)
class Scale:
    pieces: tuple[Piece, ...]
    k: float  #: pixels per second where drawn to scale
    origin: float  #: the time labelled 0

    def x(self, t: float) -> float:
        for p in self.pieces:
            if t <= p.span.end:
                if t <= p.span.start or p.span.length <= 0:
                    return p.x0
                return p.x0 + (t - p.span.start) / p.span.length * (p.x1 - p.x0)
        return self.pieces[-1].x1

    @property
    def cuts(self) -> list[Piece]:
        return [p for p in self.pieces if p.cut]

    @property
    def span(self) -> Span:
        """All the time drawn, from the left edge of the axis to the right."""
        return Span(self.pieces[0].span.start, self.pieces[-1].span.end)


def make_scale(timeline: Timeline) -> Scale:
    """Linear in time, except for stretches where nothing ran at all and
    that would take most of the width: those are cut short. Time 0 is the
    start of the window, :data:`PAD` pixels from the left edge."""
    window = timeline.window
    idle = _choose_cuts(timeline)

    def px_per_second(cuts: list[Span]) -> float:
        to_scale = window.length - sum(c.length for c in cuts)
        return (X1 - X0 - 2 * PAD - CUT_W * len(cuts)) / max(to_scale, 1e-6)

    # A few pixels of each idle stretch stay, to scale, on both sides of its cut.
    keep = CUT_KEEP / px_per_second(idle)
    cuts = [Span(c.start + keep, c.end - keep) for c in idle if c.length > 4 * keep]
    k = px_per_second(cuts)
    pieces, x, t = [], float(X0), window.start - PAD / k
    for cut in cuts:
        end = x + (cut.start - t) * k
        pieces += [Piece(Span(t, cut.start), x, end), Piece(cut, end, end + CUT_W, cut=True)]
        x, t = end + CUT_W, cut.end
    pieces.append(Piece(Span(t, window.end + PAD / k), x, float(X1)))
    return Scale(tuple(pieces), k, window.start)


def _choose_cuts(timeline: Timeline) -> list[Span]:
    cuts: list[Span] = []
    left = timeline.window.length
    for idle in sorted(timeline.idle(), key=lambda s: -s.length):
        start, end = max(idle.start, timeline.window.start), min(idle.end, timeline.window.end)
        if len(cuts) == MAX_CUTS or end - start <= BREAK_SHARE * left:
            break
        cuts.append(Span(start, end))
        left -= end - start
    return sorted(cuts)


def nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least *raw*."""
    mag = 10 ** math.floor(math.log10(raw))
    return next((m * mag for m in (1, 2, 2.5, 5) if m * mag >= raw), 10 * mag)


def time_format(step: float, top: float):
    """A formatter for times in seconds, in one unit suited to ticks *step*
    apart on an axis that reaches *top*."""
    if top >= 1.0 or step >= 0.5:
        unit, scale = "s", 1.0
    elif top >= 1e-3 or step >= 5e-4:
        unit, scale = "ms", 1e3
    else:
        unit, scale = "\u00b5s", 1e6
    scaled = step * scale
    decimals = 0
    while decimals < 6 and abs(round(scaled, decimals) - scaled) > scaled * 1e-6:
        decimals += 1

    def fmt(v: float) -> str:
        x = v * scale
        return f"{0.0 if abs(x) < scaled * 1e-6 else x:.{decimals}f} {unit}"

    return fmt


# -- the axis -------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Tick:
    x: float
    label: Text | None  #: None where the label would touch another one


def make_ticks(scale: Scale, axis_y: float) -> tuple[list[Tick], list[Text]]:
    """Ticks at round times, and the length of each cut stretch under the axis."""
    y = axis_y + 16
    cut_labels = [_fit(Text((c.x0 + c.x1) / 2, y, f"{format_duration(c.span.length)} idle",
                            anchor="middle", italic=True)) for c in scale.cuts]
    taken = [(t.left, t.right) for t in cut_labels]
    step = nice_step(TICK_GAP / scale.k)
    last = scale.pieces[-1].span.end - scale.origin
    fmt = time_format(step, last)
    ticks: list[Tick] = []
    for piece in scale.pieces:
        if piece.cut:
            continue
        times = []
        n = max(0, math.ceil((piece.span.start - scale.origin) / step - 1e-9))
        while scale.origin + n * step <= piece.span.end + step * 1e-9:
            times.append((scale.origin + n * step, fmt(n * step)))
            n += 1
        if not times and piece.span.end > scale.origin:
            # No round time in this stretch: label its middle.
            middle = (max(piece.span.start, scale.origin) + piece.span.end) / 2
            times.append((middle, format_duration(middle - scale.origin)))
        for t, text in times:
            label = _fit(Text(scale.x(t), y, text, anchor="middle"))
            if any(label.left < b + 8 and label.right > a - 8 for a, b in taken):
                label = None
            else:
                taken.append((label.left, label.right))
            ticks.append(Tick(scale.x(t), label))
    return ticks, cut_labels


def _fit(text: Text) -> Text:
    """Move *text* sideways, if need be, to keep it inside the picture."""
    if text.left < 2:
        return dataclasses.replace(text, x=text.x + 2 - text.left)
    if text.right > WIDTH - 2:
        return dataclasses.replace(text, x=text.x - (text.right - WIDTH + 2))
    return text


# -- the lanes --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Badge:
    """A marker's numbered badge, and the moment it points at."""

    marker: Marker
    cx: float
    top: float
    width: float
    at: float  #: x of the moment the line was printed

    @property
    def label(self) -> Text:
        return Text(self.cx, self.top + BADGE_H - 4, str(self.marker.number), anchor="middle",
                    bold=True)


@dataclasses.dataclass
class Row:
    """One lane, placed."""

    lane: Lane
    colour: str
    top: float
    bottom: float
    names: list[Text]  #: the lane's name, wrapped
    bar_top: float
    runs: list[tuple[float, float]]  #: x ranges where it ran
    wait: tuple[float, float] | None  #: x range of its life (waiting where not running)
    throws: list[float]  #: x of each exception thrown into it
    badges: list[Badge]


def wrap_name(label: str, size: float = NAME_SIZE) -> list[str]:
    """Break a lane's name into lines that fit across the picture (never cut)."""
    chars = int((X1 - X0) / (size * CHAR))
    return textwrap.wrap(label, chars, break_on_hyphens=False) or [""]


def merge_runs(runs: list[Span], scale: Scale, window: Span, merge_px: float) -> list[tuple[float, float]]:
    """Pixel ranges of *runs* within *window*: each at least :data:`MIN_RUN_W`
    wide, and merged where closer than *merge_px*."""
    out: list[list[float]] = []
    for run in runs:
        if run.end < window.start or run.start > window.end:
            continue
        x0, x1 = scale.x(run.start), scale.x(run.end)
        if x1 - x0 < MIN_RUN_W:
            x0 = min(max(X0, (x0 + x1 - MIN_RUN_W) / 2), X1 - MIN_RUN_W)
            x1 = x0 + MIN_RUN_W
        if out and x0 - out[-1][1] <= merge_px:
            out[-1][1] = max(out[-1][1], x1)
        else:
            out.append([x0, x1])
    return [(a, b) for a, b in out]


def place_badges(markers: list[Marker], scale: Scale) -> list[list[tuple[Marker, float, float]]]:
    """Rows of (marker, centre, width): each badge as near its moment as the
    badges before it allow, in up to :data:`MAX_BADGE_ROWS` rows."""
    rows: list[list[tuple[Marker, float, float]]] = []
    for marker in sorted(markers, key=lambda m: (m.t, m.number)):
        at = scale.x(marker.t)
        width = 8 + text_width(str(marker.number), SMALL_SIZE)
        best = None
        for r in range(min(len(rows) + 1, MAX_BADGE_ROWS)):
            right = rows[r][-1][1] + rows[r][-1][2] / 2 + 3 if r < len(rows) else -1e9
            cx = max(at, right + width / 2)
            if best is None or cx - at < best[1] - at:
                best = (r, cx)
            if cx - at <= MAX_BADGE_SHIFT:
                break
        r, cx = best
        if r == len(rows):
            rows.append([])
        rows[r].append((marker, cx, width))
    for row in rows:  # pull back from the right edge
        limit = WIDTH - 2
        for i in range(len(row) - 1, -1, -1):
            marker, cx, width = row[i]
            cx = min(cx, limit - width / 2)
            row[i] = (marker, cx, width)
            limit = cx - width / 2 - 3
    return rows


def make_row(lane: Lane, colour: str, top: float, markers: list[Marker], scale: Scale,
             detail: Detail) -> Row:
    names = [Text(X0, top + NAME_LINE * (i + 1) - 3, line, NAME_SIZE)
             for i, line in enumerate(wrap_name(lane.label))]
    badge_rows = place_badges(markers, scale)
    badge_top = top + NAME_LINE * len(names) + 4
    bar_top = badge_top + BADGE_ROW * len(badge_rows) + (2 if badge_rows else 0)
    badges = [Badge(m, cx, badge_top + BADGE_ROW * (len(badge_rows) - 1 - r), w, scale.x(m.t))
              for r, row in enumerate(badge_rows) for m, cx, w in row]
    wait, drawn = None, scale.span
    if lane.life is not None:
        wait = (scale.x(max(lane.life.start, drawn.start)), scale.x(min(lane.life.end, drawn.end)))
    return Row(
        lane=lane, colour=colour, top=top, bottom=bar_top + BAR_H + LANE_PAD, names=names,
        bar_top=bar_top, runs=merge_runs(lane.runs, scale, drawn, detail.merge_px), wait=wait,
        throws=[scale.x(t) for t in lane.throws if drawn.start <= t <= drawn.end],
        badges=badges,
    )


def lane_colours(lanes: list[Lane]) -> list[str]:
    colours, n = [], 0
    for lane in lanes:
        if lane.kind == "main":
            colours.append(MAIN_COLOUR)
        elif lane.kind in ("greenlet", "other"):
            colours.append(PALETTE[n % len(PALETTE)])
            n += 1
        else:
            colours.append(THREAD_COLOUR)
    return colours


# -- the legend and the notes -------------------------------------------------------------


SWATCH_W = 22

#: What each legend entry says, in the order they are listed.
LEGEND = {
    "run": "running",
    "wait": "waiting",
    "end": "finished",
    "hub": "hub in control: waits for I/O and timers",
    "marker": "output line, numbered as in the output",
    "stderr": "output line on stderr",
    "throw": "exception thrown in (kill, timeout)",
    "cut": "idle: nobody ran, drawn shorter",
    "lost": "switches not recorded",
}


@dataclasses.dataclass(frozen=True)
class LegendItem:
    kind: str  #: a key of :data:`LEGEND`
    x: float  #: left of the swatch
    label: Text


def legend_kinds(rows: list[Row], scale: Scale, timeline: Timeline) -> list[str]:
    """The legend entries this picture needs."""
    present = set()
    for row in rows:
        if row.runs:
            present.add("hub" if row.lane.kind == "hub" else "run")
        if row.wait:
            present.add("wait")
        if row.lane.ended:
            present.add("end")
        if row.throws:
            present.add("throw")
        for badge in row.badges:
            present.add("stderr" if badge.marker.stream == "err" else "marker")
    if scale.cuts:
        present.add("cut")
    if timeline.lost is not None:
        present.add("lost")
    return [kind for kind in LEGEND if kind in present]


def make_legend(kinds: list[str], top: float) -> tuple[list[LegendItem], float]:
    """The entries in rows across the picture; returns them and the bottom."""
    items, x, y = [], float(X0), top + 12
    for kind in kinds:
        text = LEGEND[kind]
        width = SWATCH_W + 6 + text_width(text, SMALL_SIZE)
        if x > X0 and x + width > X1:
            x, y = float(X0), y + 20
        items.append(LegendItem(kind, x, Text(x + SWATCH_W + 6, y, text)))
        x += width + 18
    return items, (y + 8 if items else top)


def make_notes(notes: list[str], top: float) -> tuple[list[Text], float]:
    chars = int((X1 - X0) / (SMALL_SIZE * CHAR))
    lines = [line for note in notes for line in textwrap.wrap(note, chars)]
    texts = [Text(X0, top + 16 * (i + 1), line, italic=True) for i, line in enumerate(lines)]
    return texts, top + 16 * len(lines) + (4 if lines else 0)


def data_notes(timeline: Timeline, unmarked: int) -> list[str]:
    """Sentences about what the record lacks, shown under the legend."""
    notes = []
    if timeline.lost is not None:
        notes.append(f"The hatched stretch hides {plural(timeline.lost_switches, 'switch', 'switches')}: "
                     "the recording keeps only the first and the last ones.")
    if timeline.lines_dropped:
        notes.append(f"{plural(timeline.lines_dropped, 'output line')} in the middle of the run "
                     "were not recorded.")
    if unmarked:
        notes.append(f"{plural(unmarked, 'more output line')} printed while greenlets ran "
                     "are not numbered.")
    return notes


# -- the whole picture ---------------------------------------------------------------------


@dataclasses.dataclass
class Layout:
    width: int
    height: float
    scale: Scale
    rows: list[Row]
    axis_y: float
    ticks: list[Tick]
    cut_labels: list[Text]
    lost: tuple[float, float] | None  #: x range of switches not recorded
    legend: list[LegendItem]
    notes: list[Text]
    detail: Detail

    @property
    def plot_top(self) -> float:
        return self.rows[0].top if self.rows else TOP

    def texts(self) -> list[Text]:
        """Every text in the picture (for checks)."""
        out = [t for row in self.rows for t in row.names]
        out += [b.label for row in self.rows for b in row.badges]
        out += [t.label for t in self.ticks if t.label] + self.cut_labels
        return out + [item.label for item in self.legend] + self.notes


def lay_out(timeline: Timeline, markers: list[Marker], detail: Detail = DETAILS[0],
            unmarked: int = 0) -> Layout:
    scale = make_scale(timeline)
    by_lane: dict[int, list[Marker]] = {}
    for marker in markers:
        by_lane.setdefault(marker.lane, []).append(marker)
    rows, y = [], float(TOP)
    for i, (lane, colour) in enumerate(zip(timeline.lanes, lane_colours(timeline.lanes))):
        rows.append(make_row(lane, colour, y, by_lane.get(i, []), scale, detail))
        y = rows[-1].bottom
    axis_y = y + 4
    ticks, cut_labels = make_ticks(scale, axis_y)
    legend, y = make_legend(legend_kinds(rows, scale, timeline), axis_y + 24)
    notes, y = make_notes(data_notes(timeline, unmarked), y)
    lost = None
    if timeline.lost is not None:
        lost = (scale.x(timeline.lost.start), max(scale.x(timeline.lost.end), scale.x(timeline.lost.start) + 1))
    return Layout(width=WIDTH, height=math.ceil(y + 6), scale=scale, rows=rows, axis_y=axis_y,
                  ticks=ticks, cut_labels=cut_labels, lost=lost, legend=legend, notes=notes,
                  detail=detail)
