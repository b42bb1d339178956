"""What a record says, in named pieces: lanes, their runs, output lines, markers.

:meth:`Timeline.from_record` turns a record (see :mod:`.record`) into the
lanes a picture draws, in the order it draws them, and the stretch of time it
covers. :func:`markers` pairs the recorded output lines with the lines of the
output block shown above the picture, and numbers them. Nothing here knows
about pixels.
"""

from __future__ import annotations

import bisect
import dataclasses

from ..text import clean_output
from .record import MAX_LINE_CHARS

#: At most this many lanes are drawn; the rest share the last greenlet lane.
MAX_LANES = 16
#: Lines printed by one greenlet in one turn, closer together than this
#: share of the window, share one marker.
GROUP_SHARE = 1 / 200
#: How far ahead in the output a recorded line is looked for.
LOOKAHEAD = 50


@dataclasses.dataclass(frozen=True, order=True)
class Span:
    """A stretch of time, in seconds since recording started."""

    start: float
    end: float

    @property
    def length(self) -> float:
        return self.end - self.start


@dataclasses.dataclass(frozen=True)
class Line:
    """One output line, as the recorder saw it completed."""

    t: float
    lane: int  #: index into :attr:`Timeline.lanes`
    stream: str  #: ``"out"`` or ``"err"``
    text: str


@dataclasses.dataclass
class Lane:
    """One greenlet (or the hub, or another thread) and what it did."""

    label: str
    kind: str  #: ``main``, ``hub``, ``greenlet``, ``thread`` or ``other``
    runs: list[Span] = dataclasses.field(default_factory=list)  #: when it had control
    life: Span | None = None  #: from its first run to its end: waiting where not running
    ended: bool = False  #: it finished within the window
    throws: list[float] = dataclasses.field(default_factory=list)  #: exceptions thrown into it


@dataclasses.dataclass(frozen=True)
class Marker:
    """A numbered output line: drawn on its lane, and numbered in the output block."""

    number: int
    lane: int
    t: float
    first: int  #: index of its (first) line in the output block
    count: int  #: consecutive output lines printed in the same turn
    text: str  #: the first of those lines
    stream: str


@dataclasses.dataclass
class Timeline:
    lanes: list[Lane]  #: in drawing order: main, greenlets, threads, hub last
    lines: list[Line]  #: in the window, in time order
    window: Span  #: from the first switch (time 0 of the picture) to the last event
    duration: float  #: of the whole recording
    switch_count: int
    line_count: int
    lines_dropped: int  #: output lines not recorded (over the cap)
    lost: Span | None = None  #: switches not recorded (over the cap)
    lost_switches: int = 0
    folded: int = 0  #: greenlets drawn together in the last greenlet lane

    @classmethod
    def from_record(cls, record: dict, max_lanes: int = MAX_LANES) -> Timeline:
        """Build the timeline of *record*; raise ValueError if it is malformed."""
        try:
            return _build(record, max(3, max_lanes))
        except (KeyError, TypeError, IndexError, AttributeError) as exc:
            raise ValueError(f"malformed timeline record: {exc!r}") from None

    def idle(self) -> list[Span]:
        """Stretches where only the hub had control and nobody printed."""
        printed = sorted(line.t for line in self.lines)
        spans = []
        for lane in self.lanes:
            if lane.kind != "hub":
                continue
            for run in lane.runs:
                i = bisect.bisect_left(printed, run.start)
                if i == len(printed) or printed[i] > run.end:
                    spans.append(run)
        return spans


# -- building a timeline ---------------------------------------------------------


@dataclasses.dataclass
class _RecordLane:
    label: str
    kind: str
    end: float | None
    runs: list[Span] = dataclasses.field(default_factory=list)
    throws: list[float] = dataclasses.field(default_factory=list)
    first: float | None = None  #: when it first ran or printed within the window


def _build(record: dict, max_lanes: int) -> Timeline:
    duration = float(record.get("duration") or 0.0)
    lanes = [_RecordLane(str(d["label"]), str(d.get("kind", "greenlet")),
                         None if d.get("end") is None else float(d["end"]))
             for d in record.get("lanes") or [{"label": "main", "kind": "main"}]]
    switches = [(float(t), int(o), int(g), bool(k)) for t, o, g, k in record.get("switches") or ()]
    gap = record.get("switch_gap")
    _fill_runs(lanes, switches, duration, int(gap["head"]) if gap else -1)
    lines = [Line(float(t), int(lane), str(which), str(text))
             for t, lane, which, text in record.get("lines") or ()]
    window = _window(switches, lines, duration)
    lines = [line for line in lines if window.start <= line.t <= window.end]
    _note_first(lanes, lines, window)
    order, folded = _order(lanes, max_lanes)
    drawn = [_drawn_lane(lanes, group, duration) for group in order]
    row_of = {i: row for row, group in enumerate(order) for i in group}
    return Timeline(
        lanes=drawn,
        lines=[dataclasses.replace(line, lane=row_of[line.lane]) for line in lines
               if line.lane in row_of],
        window=window,
        duration=duration,
        switch_count=int(record.get("switch_count", len(switches))),
        line_count=int(record.get("line_count", len(lines))),
        lines_dropped=int(record.get("lines_dropped") or 0),
        lost=Span(float(gap["start"]), float(gap["end"])) if gap else None,
        lost_switches=int(gap["dropped"]) if gap else 0,
        folded=folded,
    )


def _fill_runs(lanes: list[_RecordLane], switches, duration: float, gap_at: int) -> None:
    """Who had control when. Across a gap in the recording nobody is known to."""
    cur, since = 0, 0.0
    for i, (t, origin, target, thrown) in enumerate(switches):
        if i != gap_at and cur < len(lanes):
            lanes[cur].runs.append(Span(since, t))
        if thrown and target < len(lanes):
            lanes[target].throws.append(t)
        cur, since = target, t
    if cur < len(lanes):
        lanes[cur].runs.append(Span(since, duration))


def _note_first(lanes: list[_RecordLane], lines: list[Line], window: Span) -> None:
    """When each lane first ran or printed within *window* (None: it did neither there)."""
    for lane in lanes:
        lane.first = next((max(run.start, window.start) for run in lane.runs
                           if run.end >= window.start and run.start <= window.end), None)
    for line in lines:
        lane = lanes[line.lane]
        lane.first = line.t if lane.first is None else min(lane.first, line.t)


def _window(switches, lines: list[Line], duration: float) -> Span:
    """The stretch a picture shows: from the first switch (greenlets start
    there; the interpreter's start-up is left out) to the last event."""
    if switches:
        first = switches[0][0]
    elif lines:
        first = lines[0].t
    else:
        return Span(0.0, duration)
    last = max([first] + [s[0] for s in switches[-1:]] + [line.t for line in lines[-1:]])
    return Span(first, last)


def _order(lanes: list[_RecordLane], max_lanes: int) -> tuple[list[list[int]], int]:
    """Groups of record lanes, one group per drawn lane: main first, then the
    others as they first ran or printed, other threads, the hub last."""
    def rank(i: int) -> tuple:
        kind = lanes[i].kind
        order = {"main": 0, "greenlet": 1, "other": 1, "thread": 2, "hub": 3}.get(kind, 1)
        return (order, lanes[i].first or 0.0, i)

    used = sorted((i for i, lane in enumerate(lanes) if lane.first is not None or lane.kind == "main"),
                  key=rank)
    if len(used) <= max_lanes:
        return [[i] for i in used], 0
    keep = [i for i in used if lanes[i].kind in ("main", "hub", "thread")]
    room = max_lanes - len(keep) - 1
    greenlets = [i for i in used if i not in keep]
    shown, rest = greenlets[:room], greenlets[room:]
    groups = [[i] for i in sorted(keep + shown, key=rank)]
    at = next((n for n, g in enumerate(groups) if lanes[g[0]].kind in ("thread", "hub")), len(groups))
    groups.insert(at, rest)
    return groups, sum(1 for i in rest if lanes[i].kind != "other")


def _drawn_lane(lanes: list[_RecordLane], group: list[int], duration: float) -> Lane:
    if len(group) > 1:
        runs = sorted(run for i in group for run in lanes[i].runs)
        return Lane(label=f"{len(group)} more greenlets", kind="other",
                    runs=runs, throws=sorted(t for i in group for t in lanes[i].throws))
    src = lanes[group[0]]
    lane = Lane(label=src.label, kind=src.kind, runs=list(src.runs), throws=list(src.throws))
    if src.kind == "main":
        lane.life = Span(0.0, duration)
    elif src.kind == "greenlet" and src.runs:  # (a shared lane has no one life)
        lane.ended = src.end is not None
        lane.life = Span(src.runs[0].start, src.end if lane.ended else duration)
    return lane


# -- pairing output lines with the output block ---------------------------------------


def _same(recorded: str, shown: str) -> bool:
    if recorded == shown:
        return True
    return (len(recorded) == MAX_LINE_CHARS and recorded.endswith("\u2026")
            and shown.startswith(recorded[:-1]))


def _match(lines: list[Line], shown: list[str]) -> list[tuple[Line, int]]:
    """Each recorded line with the index of the same line in *shown*, in order.

    Lines the output does not show as recorded (written by a subprocess, or
    straight to a file descriptor, or cut from the output) are skipped.
    """
    pairs, j = [], 0
    for line in lines:
        text = clean_output(line.text.encode("utf-8", "surrogatepass")).rstrip("\n")
        for k in range(j, min(len(shown), j + LOOKAHEAD)):
            if _same(text, shown[k]):
                pairs.append((line, k))
                j = k + 1
                break
    return pairs


def markers(timeline: Timeline, output: str) -> list[Marker]:
    """Number the output lines the picture marks, in output order.

    Lines that one greenlet printed in one turn, one right after the other,
    share a marker: its number goes on the first of them.
    """
    shown = output.split("\n")
    close = timeline.window.length * GROUP_SHARE
    found: list[Marker] = []
    for line, index in _match(timeline.lines, shown):
        last = found[-1] if found else None
        if (last is not None and last.lane == line.lane and last.first + last.count == index
                and line.t - last.t <= close and _same_turn(timeline.lanes[line.lane], last.t, line.t)):
            found[-1] = dataclasses.replace(last, count=last.count + 1)
            continue
        found.append(Marker(number=len(found) + 1, lane=line.lane, t=line.t, first=index,
                            count=1, text=line.text, stream=line.stream))
    return found


def _same_turn(lane: Lane, t0: float, t1: float) -> bool:
    """Whether *lane* kept control from *t0* to *t1* (always, for a lane
    whose runs are not recorded: another thread's)."""
    if not lane.runs:
        return True
    starts = [run.start for run in lane.runs]
    i = bisect.bisect_right(starts, t0) - 1
    return i >= 0 and lane.runs[i].end >= t1


# -- words ------------------------------------------------------------------------------


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def format_duration(sec: float) -> str:
    sec = max(0.0, sec)
    if sec < 1e-3:
        return f"{round(sec * 1e6)} \u00b5s"
    if sec < 1.0:
        ms = sec * 1e3
        return f"{ms:.1f} ms" if ms < 100 else f"{round(ms)} ms"
    return f"{sec:.2f} s"


def summary(timeline: Timeline, max_names: int = 6) -> str:
    """One sentence saying what the picture shows, for ``<desc>``.

    For example: "The main greenlet, 2 greenlets (foo, bar) and gevent's hub
    over 0.3 ms: 16 switches and 7 output lines."
    """
    kinds = [lane.kind for lane in timeline.lanes]
    names = [lane.label for lane in timeline.lanes if lane.kind in ("greenlet", "other")]
    who = []
    if "main" in kinds:
        who.append("the main greenlet")
    if names:
        listed = ", ".join(names[:max_names]) + (", \u2026" if len(names) > max_names else "")
        who.append(f"{plural(len(names), 'greenlet')} ({listed})")
    if "thread" in kinds:
        who.append(plural(kinds.count("thread"), "other thread"))
    if "hub" in kinds:
        who.append("gevent's hub")
    subject = who[0] if len(who) == 1 else ", ".join(who[:-1]) + " and " + who[-1]
    subject = subject[:1].upper() + subject[1:]
    return (f"{subject} over {format_duration(timeline.window.length)}: "
            f"{plural(timeline.switch_count, 'switch', 'switches')} and "
            f"{plural(timeline.line_count, 'output line')}.")
