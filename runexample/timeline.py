"""Greenlet timelines: record the switches of a real run and draw them as SVG.

This file has two halves that run in two different processes.

Recording (inside the example's own interpreter)
    :func:`install` is called before the example script runs, normally from
    the runner's ``sitecustomize.py``, which loads this file *by path*
    (no ``runexample`` package, no Sphinx in that interpreter)::

        import importlib.util, os, sys
        spec = importlib.util.spec_from_file_location("runexample_timeline", PATH)
        timeline = importlib.util.module_from_spec(spec)
        sys.modules["runexample_timeline"] = timeline
        spec.loader.exec_module(timeline)
        timeline.install(os.environ.pop("RUNEXAMPLE_TIMELINE"))

    (Popping the variable keeps Python subprocesses of the example from
    recording over the same file; :func:`install_from_env` does just that.)

    It uses ``greenlet.settrace`` to note every switch and throw with a
    ``time.perf_counter()`` timestamp, and wraps ``sys.stdout`` and
    ``sys.stderr`` in pass-through objects that note which greenlet completed
    each output line.  At exit (``atexit``) it writes a JSON record.  The
    recording never changes what the script prints: every ``write`` goes to
    the very same stream object, in the same order, with the same flushing.

    That half imports only the standard library and ``greenlet``, and never
    ``gevent``: the script may still want to call
    ``gevent.monkey.patch_all()`` first.

Drawing (inside the Sphinx process)
    :func:`load` reads a record and :func:`render_svg` turns it into a small,
    self-contained SVG swimlane picture: one lane per greenlet, a bar for each
    stretch of time it ran, a connector for each switch, a labelled mark for
    each output line and a time axis.  The picture keeps to a byte budget by
    merging short bars and switches (and says so in the picture).

Command line, for manual use::

    python -m runexample.timeline script.py out.svg [--title T] [-- ARGS...]
    python runexample/timeline.py --from-record record.json out.svg
"""

from __future__ import annotations

import atexit
import bisect
import functools
import json
import math
import os
import re
import sys
import time
import weakref
from collections import deque

__all__ = [
    "install",
    "install_from_env",
    "uninstall",
    "load",
    "render_svg",
    "summary",
    "bootstrap_command",
    "RECORD_FORMAT",
    "RECORD_VERSION",
]

RECORD_FORMAT = "runexample-timeline"
RECORD_VERSION = 1

#: Default caps that keep the recording's memory (and record file) bounded.
MAX_EVENTS = 20_000  # switches kept: the first half and the last half
MAX_LINES = 2_000  # output lines kept: the first half and the last half
MAX_LANES = 1_000  # distinct greenlets named; later ones share one lane
MAX_LINE_CHARS = 200  # characters kept of each output line
MAX_LABEL_CHARS = 40  # characters of a greenlet's name, e.g. worker('steve')

_KIND_SWITCH = 0
_KIND_THROW = 1

_recorder = None  # the one _Recorder of this process, once installed


# ---------------------------------------------------------------------------
# Naming greenlets
# ---------------------------------------------------------------------------

def _short(text, limit):
    return text if len(text) <= limit else text[: max(1, limit - 1)] + "\u2026"


def _safe_repr(obj, depth=0):
    """A short repr that never calls user code (no custom ``__repr__``).

    Builtin scalars and small builtin containers are shown as Python would
    show them; anything else as ``<TypeName>``, so that labels carry no
    memory addresses and stay the same from run to run.
    """
    t = type(obj)
    if obj is None or t is bool or t is int or t is float:
        return repr(obj)
    if t is str or t is bytes:
        r = repr(obj)
        return r if len(r) <= 24 else r[:21] + "\u2026" + r[-1]
    if depth < 1 and t in (tuple, list, set, frozenset):
        items = list(obj)[:4] if t in (tuple, list) else []
        if t in (set, frozenset):
            return "<%s of %d>" % (t.__name__, len(obj))
        inner = ", ".join(_safe_repr(i, depth + 1) for i in items)
        if len(obj) > 4:
            inner += ", \u2026"
        if t is tuple:
            return "(" + inner + ("," if len(obj) == 1 else "") + ")"
        return "[" + inner + "]"
    if depth < 1 and t is dict:
        pairs = list(obj.items())[:3]
        inner = ", ".join(
            "%s: %s" % (_safe_repr(k, depth + 1), _safe_repr(v, depth + 1))
            for k, v in pairs)
        if len(obj) > 3:
            inner += ", \u2026"
        return "{" + inner + "}"
    return "<%s>" % (getattr(t, "__name__", "object"),)


def _callable_name(fn):
    if fn is None:
        return "?"
    self_obj = getattr(fn, "__self__", None)
    name = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None)
    if name is None:
        return type(fn).__name__
    if "<locals>." in name:
        name = name.rsplit("<locals>.", 1)[1]
    if self_obj is not None and "." not in name and not isinstance(
            self_obj, type(sys)):
        owner = self_obj if isinstance(self_obj, type) else type(self_obj)
        name = "%s.%s" % (getattr(owner, "__name__", "?"), name)
    return name


def _call_label(fn, args=(), kwargs=None):
    """``worker('steve')`` for ``fn=worker, args=('steve',)``."""
    kwargs = dict(kwargs or {})
    args = tuple(args or ())
    # Unwrap functools.partial, which gevent.spawn_raw uses for arguments.
    for _ in range(5):
        if not isinstance(fn, functools.partial):
            break
        args = tuple(fn.args) + args
        merged = dict(fn.keywords or {})
        merged.update(kwargs)
        kwargs = merged
        fn = fn.func
    # A monkey-patched threading.Thread runs Thread._bootstrap in a greenlet.
    self_obj = getattr(fn, "__self__", None)
    if getattr(fn, "__name__", "") == "_bootstrap" and hasattr(self_obj, "name"):
        thread_name = getattr(self_obj, "name", None)
        if isinstance(thread_name, str):
            return _short("Thread %s" % thread_name, MAX_LABEL_CHARS)
    name = _callable_name(fn)
    if not args and not kwargs:
        return _short(name, MAX_LABEL_CHARS)
    parts = [_safe_repr(a) for a in args[:4]]
    if len(args) > 4:
        parts.append("\u2026")
    parts.extend("%s=%s" % (k, _safe_repr(v)) for k, v in list(kwargs.items())[:3])
    return _short("%s(%s)" % (name, ", ".join(parts)), MAX_LABEL_CHARS)


def _mro_has(cls, name, module_prefix):
    for c in getattr(cls, "__mro__", ()):
        if c.__name__ == name and str(getattr(c, "__module__", "")).startswith(
                module_prefix):
            return True
    return False


_DEFAULT_GEVENT_NAME = re.compile(r"Greenlet-\d+\Z")


def describe_greenlet(g, main_root=None):
    """Return ``(label, kind)`` for a greenlet, without importing gevent.

    *kind* is ``"main"``, ``"hub"``, ``"greenlet"`` or ``"thread"`` (the
    main greenlet of another thread).
    """
    cls = type(g)
    if getattr(g, "parent", None) is None:
        if main_root is None or g is main_root:
            return "main", "main"
        return "other thread", "thread"
    if _mro_has(cls, "Hub", "gevent"):
        return "hub", "hub"
    if _mro_has(cls, "Greenlet", "gevent"):
        # gevent.Greenlet: the function is in _run, its arguments in
        # args/kwargs (all still present before the greenlet first runs).
        # Only a name the script assigned: reading ``g.name`` would allocate
        # a minimal_ident and change the greenlet's repr in the output.
        try:
            custom = g.__dict__.get("name")
        except Exception:
            custom = None
        run = getattr(g, "_run", None)
        try:
            args = g.args
            kwargs = g.kwargs
        except Exception:
            args, kwargs = (), {}
        if isinstance(custom, str) and custom and not _DEFAULT_GEVENT_NAME.match(custom):
            return _short(custom, MAX_LABEL_CHARS), "greenlet"
        if getattr(run, "__self__", None) is g:
            # A Greenlet subclass that overrides _run (an "actor").
            return _call_label(_ClassLabel(cls), args, kwargs), "greenlet"
        return _call_label(run, args, kwargs), "greenlet"
    try:
        run = g.run
    except Exception:
        # A plain greenlet drops ``run`` as it starts, which is before the
        # trace hook sees it: the recorder names it later from its frames.
        run = None
    if run is not None and getattr(run, "__self__", None) is g:
        return _short(cls.__name__, MAX_LABEL_CHARS), "greenlet"
    if run is None:
        return None, "greenlet"
    return _call_label(run), "greenlet"


def _frame_label(frame):
    """Name of the function at the bottom of a greenlet's stack."""
    f = frame
    for _ in range(10_000):
        if f.f_back is None:
            break
        f = f.f_back
    code = f.f_code
    name = getattr(code, "co_qualname", None) or code.co_name
    if "<locals>." in name:
        name = name.rsplit("<locals>.", 1)[1]
    return _short(name, MAX_LABEL_CHARS)


class _ClassLabel:
    """Stands in for a callable so that an actor is named by its class."""

    def __init__(self, cls):
        self.__qualname__ = getattr(cls, "__name__", "Greenlet")


# ---------------------------------------------------------------------------
# Recording
# ---------------------------------------------------------------------------

class _StreamTap:
    """Pass-through stand-in for ``sys.stdout`` / ``sys.stderr``.

    Every call goes straight to the wrapped stream (same object, same order,
    same flushing); after a successful ``write`` the text is noted.
    """

    def __init__(self, stream, which, recorder):
        self.__dict__["_tl_stream"] = stream
        self.__dict__["_tl_which"] = which
        self.__dict__["_tl_recorder"] = recorder

    def write(self, s):
        n = self._tl_stream.write(s)
        rec = self._tl_recorder
        if rec.active:
            try:
                rec.note_text(self._tl_which, s)
            except Exception:
                pass
        return n

    def writelines(self, lines):
        lines = list(lines)
        result = self._tl_stream.writelines(lines)
        rec = self._tl_recorder
        if rec.active:
            try:
                for s in lines:
                    rec.note_text(self._tl_which, s)
            except Exception:
                pass
        return result

    def __getattr__(self, name):
        try:
            stream = self.__dict__["_tl_stream"]
        except KeyError:
            raise AttributeError(name) from None
        return getattr(stream, name)

    def __setattr__(self, name, value):
        setattr(self._tl_stream, name, value)

    def __repr__(self):
        return repr(self._tl_stream)

    def __iter__(self):
        return iter(self._tl_stream)

    def __next__(self):
        return next(self._tl_stream)

    def __enter__(self):
        self._tl_stream.__enter__()
        return self

    def __exit__(self, *exc):
        return self._tl_stream.__exit__(*exc)


class _Recorder:
    def __init__(self, record_path, greenlet_mod, max_events, max_lines,
                 max_lanes):
        self.path = os.path.abspath(os.fspath(record_path))
        self.pid = os.getpid()
        self.greenlet = greenlet_mod
        self.clock = time.perf_counter
        self.t0 = self.clock()
        self.wall0 = time.time()
        self.active = True
        self.written = False
        self.max_lanes = max_lanes

        self.lanes = []  # [label, kind]
        self.lane_runtime = []
        self.lane_switches = []  # switches *into* each lane
        self._by_id = {}  # id(greenlet) -> (weakref or None, lane)
        self._label_count = {}
        self._other_lane = None
        self._thread_lane = None
        self._unnamed = {}  # lane -> True, for plain greenlets named later

        self.head_cap = max_events - max_events // 2
        self.head = []
        self.tail = deque(maxlen=max(0, max_events // 2))
        self.switch_count = 0

        self.line_head_cap = max_lines - max_lines // 2
        self.line_head = []
        self.line_tail = deque(maxlen=max(0, max_lines // 2))
        self.line_count = 0
        self.pending = {}  # stream -> [text, t, lane]

        self.main_root = None
        self.cur = 0
        self.since = 0.0
        self.prev_trace = None
        if greenlet_mod is not None:
            g = greenlet_mod.getcurrent()
            root = g
            while root.parent is not None:
                root = root.parent
            self.main_root = root
            self.cur = self.lane_of(g)

    # -- lanes ---------------------------------------------------------------
    def lane_of(self, g):
        entry = self._by_id.get(id(g))
        if entry is not None:
            ref, lane = entry
            if ref is None or ref() is g:
                return lane
        return self._new_lane(g)

    def _add_lane(self, label, kind):
        self.lanes.append([label, kind])
        self.lane_runtime.append(0.0)
        self.lane_switches.append(0)
        return len(self.lanes) - 1

    def _new_lane(self, g):
        if len(self.lanes) >= self.max_lanes:
            if self._other_lane is None:
                self._other_lane = self._add_lane("other greenlets", "other")
            return self._other_lane
        try:
            label, kind = describe_greenlet(g, self.main_root)
        except Exception:
            label, kind = type(g).__name__, "greenlet"
        if label is None:
            lane = self._add_lane("greenlet", kind)
            self._unnamed[lane] = True
        else:
            lane = self._add_lane(self._unique(label), kind)
        try:
            ref = weakref.ref(g)
        except TypeError:
            ref = None
        self._by_id[id(g)] = (ref, lane)
        return lane

    def _unique(self, label):
        n = self._label_count.get(label, 0) + 1
        self._label_count[label] = n
        return label if n == 1 else "%s #%d" % (label, n)

    def _name_from_frame(self, lane, frame):
        if frame is None:
            return
        del self._unnamed[lane]
        self.lanes[lane][0] = self._unique(_frame_label(frame))

    def _output_lane(self):
        gmod = self.greenlet
        if gmod is None:
            return 0
        g = gmod.getcurrent()
        root = g
        while root.parent is not None:
            root = root.parent
        if root is self.main_root:
            lane = self.lane_of(g)
            if self._unnamed and lane in self._unnamed:
                self._name_from_frame(lane, sys._getframe(1))
            return lane
        if self._thread_lane is None:
            self._thread_lane = self._add_lane("other threads", "thread")
        return self._thread_lane

    # -- greenlet trace hook -------------------------------------------------
    def trace(self, event, args):
        if self.active and (event == "switch" or event == "throw"):
            try:
                t = self.clock() - self.t0
                origin, target = args
                o = self.lane_of(origin)
                tg = self.lane_of(target)
                if self._unnamed and o in self._unnamed:
                    # The trace hook runs on the target's stack; the origin's
                    # suspended frames tell what function it is running.
                    self._name_from_frame(o, origin.gr_frame)
                self.lane_runtime[o] += t - self.since
                self.lane_switches[tg] += 1
                self.cur = tg
                self.since = t
                self.switch_count += 1
                ev = (t, o, tg, _KIND_THROW if event == "throw" else _KIND_SWITCH)
                if len(self.head) < self.head_cap:
                    self.head.append(ev)
                else:
                    self.tail.append(ev)
            except Exception:
                pass
        prev = self.prev_trace
        if prev is not None:
            return prev(event, args)
        return None

    # -- output --------------------------------------------------------------
    def note_text(self, which, s):
        if not isinstance(s, str) or not s:
            return
        t = self.clock() - self.t0
        lane = self._output_lane()
        pend = self.pending.get(which)
        if "\n" not in s:
            if pend is None:
                self.pending[which] = [s[:MAX_LINE_CHARS + 1], t, lane]
            else:
                if len(pend[0]) <= MAX_LINE_CHARS:
                    pend[0] = (pend[0] + s)[:MAX_LINE_CHARS + 1]
                pend[1] = t
                pend[2] = lane
            return
        parts = s.split("\n")
        first = parts[0]
        if pend is not None:
            first = pend[0] + first[:MAX_LINE_CHARS + 1]
            del self.pending[which]
        self._line(t, lane, which, first)
        for p in parts[1:-1]:
            self._line(t, lane, which, p)
        if parts[-1]:
            self.pending[which] = [parts[-1][:MAX_LINE_CHARS + 1], t, lane]

    def _line(self, t, lane, which, text):
        if text.endswith("\r"):
            text = text[:-1]
        if len(text) > MAX_LINE_CHARS:
            text = text[:MAX_LINE_CHARS - 1] + "\u2026"
        self.line_count += 1
        item = (t, lane, which, text)
        if len(self.line_head) < self.line_head_cap:
            self.line_head.append(item)
        else:
            self.line_tail.append(item)

    # -- end -----------------------------------------------------------------
    def finish(self):
        """At exit: stop recording and write the record.

        Never raises and never prints: an error message here would change
        the example's output.  If the record cannot be written there is
        simply no record (the runner then draws no picture).
        """
        if not self.active:
            return
        if os.getpid() != self.pid:  # a forked child: leave the record alone
            self.active = False
            return
        t_end = self.clock() - self.t0
        self.active = False
        try:
            self.lane_runtime[self.cur] += t_end - self.since
            for which, (text, t, lane) in sorted(self.pending.items()):
                self._line(t, lane, which, text)
            self.pending.clear()
            self._unhook()
            self.write(t_end)
        except Exception:
            try:
                os.unlink("%s.%d.tmp" % (self.path, os.getpid()))
            except OSError:
                pass

    def _unhook(self):
        gmod = self.greenlet
        if gmod is None:
            return
        try:
            if gmod.gettrace() == self.trace:
                gmod.settrace(self.prev_trace)
        except Exception:
            pass

    def snapshot(self, t_end):
        def rt(x):
            return round(x, 7)

        head, tail = self.head, list(self.tail)
        gap = None
        if tail and head and self.switch_count > len(head) + len(tail):
            gap = {"start": rt(head[-1][0]), "end": rt(tail[0][0]), "head": len(head),
                   "dropped": self.switch_count - len(head) - len(tail)}
        lhead, ltail = self.line_head, list(self.line_tail)
        line_gap = None
        if ltail and lhead and self.line_count > len(lhead) + len(ltail):
            line_gap = {"start": rt(lhead[-1][0]), "end": rt(ltail[0][0]),
                        "dropped": self.line_count - len(lhead) - len(ltail)}
        return {
            "format": RECORD_FORMAT,
            "version": RECORD_VERSION,
            "python": "%d.%d.%d" % sys.version_info[:3],
            "greenlet": getattr(self.greenlet, "__version__", None),
            "started_at": self.wall0,
            "duration": rt(t_end),
            "initial_lane": 0,
            "lanes": [{"label": lab, "kind": kind} for lab, kind in self.lanes],
            "lane_runtime": [rt(x) for x in self.lane_runtime],
            "lane_switches": list(self.lane_switches),
            "switch_count": self.switch_count,
            "switches": [[rt(t), o, g, k] for (t, o, g, k) in head + tail],
            "switch_gap": gap,
            "line_count": self.line_count,
            "lines": [[rt(t), lane, which, text]
                      for (t, lane, which, text) in lhead + ltail],
            "line_gap": line_gap,
        }

    def write(self, t_end):
        data = self.snapshot(t_end)
        tmp = "%s.%d.tmp" % (self.path, os.getpid())
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=True, separators=(",", ":"))
        os.replace(tmp, self.path)
        self.written = True


def install(record_path, *, max_events=MAX_EVENTS, max_lines=MAX_LINES,
            max_lanes=MAX_LANES):
    """Start recording this interpreter; write the record at exit.

    Call it before the example script runs, in the script's interpreter
    (from ``sitecustomize``).  A second call in the same process does
    nothing.  If ``greenlet`` cannot be imported, only output lines are
    recorded (all on the main lane).
    """
    global _recorder
    if _recorder is not None:
        return
    try:
        import greenlet as greenlet_mod
    except ImportError:  # pragma: no cover - greenlet is a dependency
        greenlet_mod = None
    rec = _Recorder(record_path, greenlet_mod, max(2, int(max_events)),
                    max(2, int(max_lines)), max(4, int(max_lanes)))
    _recorder = rec
    if greenlet_mod is not None:
        rec.prev_trace = greenlet_mod.settrace(rec.trace)
    for name, which in (("stdout", "out"), ("stderr", "err")):
        stream = getattr(sys, name, None)
        if stream is not None:
            setattr(sys, name, _StreamTap(stream, which, rec))
    atexit.register(rec.finish)


def install_from_env(var="RUNEXAMPLE_TIMELINE"):
    """Install if the environment variable *var* names a record path.

    The variable is removed from ``os.environ`` so that Python processes the
    example starts do not record over the same file.  Returns True if
    recording started.
    """
    path = os.environ.pop(var, None)
    if not path:
        return False
    install(path)
    return True


def uninstall(write=True):
    """Stop recording now (and write the record, unless *write* is false).

    The stream wrappers stay in place but become plain pass-throughs.
    Meant for tests and tools; an example run relies on ``atexit``.
    """
    global _recorder
    rec = _recorder
    if rec is None:
        return
    if write:
        rec.finish()
    else:
        rec.active = False
        rec._unhook()
    try:
        atexit.unregister(rec.finish)
    except Exception:
        pass
    _recorder = None


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------

def load(record_path):
    """Read a record written by :func:`install`; raise ValueError if invalid."""
    with open(record_path, "r", encoding="utf-8") as f:
        data = json.load(f)
    if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
        raise ValueError("%s is not a greenlet timeline record" % (record_path,))
    if data.get("version") != RECORD_VERSION:
        raise ValueError("%s: unsupported timeline record version %r"
                         % (record_path, data.get("version")))
    return data


# ---------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _clean(text):
    return _INVALID_XML.sub("\ufffd", str(text).replace("\t", " "))


def _esc(text):
    return (_clean(text).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;"))


def _attr(text):
    return _esc(text).replace('"', "&quot;").replace("\n", "&#10;")


def _n(v):
    """Compact number for SVG coordinates."""
    s = "%.1f" % v
    if s.endswith(".0"):
        s = s[:-2]
    if s == "-0":
        s = "0"
    return s


def _fmt_count(n):
    return "{:,}".format(n)


def _plural(n, word, words=None):
    return "%s %s" % (_fmt_count(n), word if n == 1 else (words or word + "s"))


def _fmt_duration(sec):
    sec = max(0.0, sec)
    if sec < 1e-3:
        return "%d \u00b5s" % round(sec * 1e6)
    if sec < 1.0:
        ms = sec * 1e3
        return ("%.1f ms" % ms) if ms < 100 else ("%d ms" % round(ms))
    return "%.2f s" % sec


def _nice_step(raw):
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least *raw*."""
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5):
        if m * mag >= raw:
            return m * mag
    return 10 * mag


def _time_format(step, top):
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

    def fmt(v):
        x = v * scale
        if abs(x) < scaled * 1e-6:
            x = 0.0
        return "%.*f %s" % (decimals, x, unit)

    return fmt


def _ticks(t_from, t_to):
    """Nice tick values (seconds, relative to the origin) and a formatter."""
    step = _nice_step(max(t_to - t_from, 1e-9) / 6.0)
    fmt = _time_format(step, max(abs(t_to), abs(t_from)))
    first = math.ceil(t_from / step - 1e-9)
    ticks = []
    k = first
    while k * step <= t_to + step * 1e-9 and len(ticks) < 20:
        ticks.append(k * step)
        k += 1
    return ticks, fmt


# Colours: every bar colour has a contrast ratio of at least 4.4:1 against
# the white background and the grey lane bands (WCAG 1.4.11 asks for 3:1).
_HUB_COLOUR = "#6b7280"
_MAIN_COLOUR = "#1d4ed8"
_PALETTE = ("#c2410c", "#047857", "#7e22ce", "#be185d", "#0e7490",
            "#a16207", "#4338ca", "#4d7c0f")
_OTHER_COLOUR = "#6b7280"
_TEXT = "#1f2937"
_MUTED = "#4b5563"
_ERR = "#b3261e"
_BAND = "#f3f4f6"
_GRID = "#e5e7eb"
_FONT = ("ui-monospace, SFMono-Regular, Menlo, Consolas, "
         "'DejaVu Sans Mono', 'Liberation Mono', monospace")

# Layout, in viewBox units (the picture is scaled to the content width).
_W = 760
_MIN_LABEL_W = 64  # the lane names' column adapts to the longest name
_MAX_LABEL_W = 214
_PLOT_X1 = _W - 14
_TOP = 8
_LANE_H = 44
_BAR_TOP = 18  # within a lane
_BAR_H = 10
_OUT_FONT = 12
_CHAR_W = _OUT_FONT * 0.6  # monospace advance
_NAME_FONT = 12.5
_MIN_BAR_W = 1.2
_NAME_CHARS = int((_MAX_LABEL_W - 14) / (_NAME_FONT * 0.6))

# Detail levels, from finest to coarsest.  Each level merges bars whose gap
# is below gap_px, draws one connector per `res_px` column and lane pair,
# and labels at most `labels` output lines.
_LEVELS = (
    # gap_px, res_px, labels, marks, connectors
    (0.0, 0.5, 80, 2000, 3000),
    (0.5, 1.0, 60, 1000, 1500),
    (1.0, 2.0, 40, 600, 800),
    (2.0, 3.0, 30, 300, 500),
    (4.0, 5.0, 20, 200, 300),
    (8.0, 8.0, 12, 100, 150),
    (16.0, 16.0, 6, 50, 60),
    (32.0, 32.0, 0, 25, 0),
    (64.0, 64.0, 0, 10, 0),
)


def summary(record, max_names=6):
    """One sentence describing the record, for ``<desc>`` or alt text.

    For example: "Timeline of the main greenlet, gevent's hub and 2 greenlets
    (foo, bar): 16 switches in 0.3 ms; 7 output lines."
    """
    lanes = record.get("lanes") or []
    kinds = [ln.get("kind") for ln in lanes]
    names = [str(ln.get("label")) for ln in lanes if ln.get("kind") == "greenlet"]
    who = []
    if "main" in kinds:
        who.append("the main greenlet")
    if "hub" in kinds:
        who.append("gevent's hub")
    if names:
        listed = ", ".join(names[:max_names]) + (", \u2026" if len(names) > max_names else "")
        who.append("%s (%s)" % (_plural(len(names), "greenlet"), listed))
    if "thread" in kinds:
        who.append("output from other threads")
    if not who:
        who.append("the run")
    subject = who[0] if len(who) == 1 else ", ".join(who[:-1]) + " and " + who[-1]
    n_lines = int(record.get("line_count", len(record.get("lines") or [])))
    n_switches = int(record.get("switch_count", 0))
    duration = float(record.get("duration", 0.0))
    times = [float(sw[0]) for sw in record.get("switches") or []]
    if n_switches and len(times) > 1:
        when = "%s within %s of a %s run" % (
            _plural(n_switches, "switch", "switches"),
            _fmt_duration(max(times) - min(times)), _fmt_duration(duration))
    else:
        when = "%s in a %s run" % (_plural(n_switches, "switch", "switches"),
                                   _fmt_duration(duration))
    return "Timeline of %s: %s; %s." % (subject, when, _plural(n_lines, "output line"))


class _Model:
    """The record, turned into per-lane segments, switches and output lines."""

    def __init__(self, record, max_lanes, time_scale="auto"):
        lanes = record.get("lanes") or [{"label": "main", "kind": "main"}]
        self.duration = float(record.get("duration") or 0.0)
        switches = record.get("switches") or []
        lines = record.get("lines") or []
        gap = record.get("switch_gap")
        if gap and int(gap.get("dropped", 0)) <= 0:
            gap = None
        self.gap = (float(gap["start"]), float(gap["end"]), int(gap["dropped"])) if gap else None
        lg = record.get("line_gap")
        self.lines_dropped = int(lg["dropped"]) if lg else 0
        self.switch_count = int(record.get("switch_count", len(switches)))
        self.line_count = int(record.get("line_count", len(lines)))

        # Segments (start, end) per recorded lane.  With a gap (the
        # recording keeps the first and the last switches only), who ran
        # between the last kept switch before it and the first one after it
        # is unknown, and no bar is drawn there.
        head_len = int(gap.get("head", -1)) if gap else -1
        segs = [[] for _ in lanes]
        cur = int(record.get("initial_lane", 0))
        since = 0.0
        for i, (t, o, g, _k) in enumerate(switches):
            t = float(t)
            if i != head_len and 0 <= cur < len(segs):
                segs[cur].append((since, t))
            cur, since = int(g), t
        if 0 <= cur < len(segs):
            segs[cur].append((since, self.duration))

        # Which lanes are drawn, in which order: hub, main, the others by
        # first appearance; past max_lanes the rest share one lane.
        first_seen = {}
        for i, s in enumerate(segs):
            if s:
                first_seen[i] = s[0][0]
        for t, lane, _w, _txt in lines:
            lane = int(lane)
            first_seen[lane] = min(first_seen.get(lane, float(t)), float(t))
        order = []
        for kind in ("hub", "main"):
            order += [i for i, ln in enumerate(lanes) if ln.get("kind") == kind]
        rest = [i for i, ln in enumerate(lanes)
                if ln.get("kind") not in ("hub", "main") and i in first_seen]
        rest.sort(key=lambda i: (first_seen[i], i))
        order += rest
        order = [i for i in order if i in first_seen or lanes[i].get("kind") == "main"]
        shown = order
        folded = []
        if len(order) > max_lanes:
            shown = order[: max_lanes - 1]
            folded = order[max_lanes - 1:]
        self.rows = []  # dicts: label, kind, colour, segs, lines
        row_of = {}
        palette_i = 0
        for i in shown:
            ln = lanes[i]
            kind = ln.get("kind", "greenlet")
            if kind == "hub":
                colour = _HUB_COLOUR
            elif kind == "main":
                colour = _MAIN_COLOUR
            elif kind in ("other", "thread"):
                colour = _OTHER_COLOUR
            else:
                colour = _PALETTE[palette_i % len(_PALETTE)]
                palette_i += 1
            row_of[i] = len(self.rows)
            self.rows.append({"label": str(ln.get("label", "?")), "kind": kind,
                              "colour": colour, "segs": list(segs[i]), "lines": []})
        self.folded_lanes = 0
        if folded:
            n_real = sum(1 for i in folded if lanes[i].get("kind") != "other")
            self.folded_lanes = n_real
            fold_row = len(self.rows)
            merged = []
            for i in folded:
                row_of[i] = fold_row
                merged.extend(segs[i])
            merged.sort()
            self.rows.append({"label": "+%s more" % _fmt_count(len(folded)),
                              "kind": "other", "colour": _OTHER_COLOUR,
                              "segs": merged, "lines": []})
        self.row_of = row_of
        self.switches = []
        for t, o, g, k in switches:
            ro, rg = row_of.get(int(o)), row_of.get(int(g))
            if ro is None or rg is None:
                continue
            self.switches.append((float(t), ro, rg, int(k)))
        for t, lane, which, text in lines:
            r = row_of.get(int(lane))
            if r is None:
                continue
            self.rows[r]["lines"].append((float(t), which, str(text)))
        self.lines = sorted(
            ((t, r, which, text) for r, row in enumerate(self.rows)
             for (t, which, text) in row["lines"]), key=lambda x: x[0])

        # The lane names' column: as wide as the longest (shortened) name.
        self.name_chars = max([len(_short(row["label"], _NAME_CHARS)) for row in self.rows] or [4])
        self.label_w = int(math.ceil(min(_MAX_LABEL_W, max(
            _MIN_LABEL_W, self.name_chars * _NAME_FONT * 0.6 + 14))))
        self.px0 = self.label_w + 8

        # The time window: from just before the first switch or output line
        # to just after the last one (start-up imports and interpreter exit
        # are cropped off, and said so).
        times = [s[0] for s in self.switches] + [ln[0] for ln in self.lines]
        if times:
            first, last = min(times), max(times)
        else:
            first, last = 0.0, self.duration
        span = last - first
        if span < 2e-5:
            pad = 1e-5
        else:
            pad = span * 0.03
        self.origin = first
        self.w0 = max(0.0, first - pad)
        self.w1 = last + pad
        if self.duration > 0:
            self.w1 = min(self.w1, max(self.duration, first + 2 * pad))
        if self.w1 <= self.w0:
            self.w1 = self.w0 + 1e-4

        # The time scale: pieces [t0, t1, x0, x1, is_wait].  Linear, unless
        # long waits would squeeze everything else into slivers: then each
        # wait is drawn _WAIT_W wide and the rest shares the width.
        self.pieces = None
        self.k = None  # px per second in the stretches drawn to scale
        if time_scale == "auto":
            self._compress(sorted(set(times)))
        if self.pieces is None:
            self.pieces = [[self.w0, self.w1, self.px0, _PLOT_X1, False]]
            self.k = (_PLOT_X1 - self.px0) / (self.w1 - self.w0)
        self.waits = [p for p in self.pieces if p[4]]
        self._starts = [p[0] for p in self.pieces]

    def _compress(self, times):
        if len(times) < 3:
            return
        first, last = times[0], times[-1]
        span = last - first
        if span <= 0:
            return
        d = [b - a for a, b in zip(times, times[1:])]
        median = sorted(d)[len(d) // 2]
        threshold = max(_MIN_WAIT, span * 0.05, 20 * median)
        waits = sorted((i for i in range(len(d)) if d[i] >= threshold),
                       key=lambda i: -d[i])[:_MAX_WAITS]
        if not waits:
            return
        waits.sort()
        bounds = []
        start = first
        for i in waits:
            bounds.append((start, times[i]))
            start = times[i + 1]
        bounds.append((start, last))
        durs = [e - b for b, e in bounds]
        width = (_PLOT_X1 - self.px0) - len(waits) * _WAIT_W - 2 * _END_PAD
        # Stretches too short for the common scale get a minimum width.
        fixed = set()
        k = None
        for _ in range(len(durs) + 1):
            free = sum(durs[j] for j in range(len(durs)) if j not in fixed)
            room = width - _MIN_DENSE_W * len(fixed)
            if free <= 0 or room <= 0:
                k = None
                break
            k = room / free
            newly = {j for j in range(len(durs))
                     if j not in fixed and durs[j] * k < _MIN_DENSE_W}
            if not newly:
                break
            fixed |= newly
        if k is None:
            fixed = set(range(len(durs)))
            each = width / float(len(durs))
            widths = [each] * len(durs)
            k = each / max(max(durs), 1e-6)
        else:
            widths = [_MIN_DENSE_W if j in fixed else durs[j] * k for j in range(len(durs))]
        linear_k = (_PLOT_X1 - self.px0) / (self.w1 - self.w0)
        if k < 3 * linear_k:
            return  # not worth breaking the axis
        pad_t = _END_PAD / k
        pieces = []
        xc = float(self.px0)
        for j, (b, e) in enumerate(bounds):
            w = widths[j]
            if j == 0:
                b -= pad_t
                w += _END_PAD
            if j == len(bounds) - 1:
                e += pad_t
                w += _END_PAD
            pieces.append([b, e, xc, xc + w, False])
            xc += w
            if j < len(waits):
                pieces.append([bounds[j][1], bounds[j + 1][0], xc, xc + _WAIT_W, True])
                xc += _WAIT_W
        pieces[-1][3] = float(_PLOT_X1)
        self.pieces = pieces
        self.k = k
        self.w0, self.w1 = pieces[0][0], pieces[-1][1]

    def x(self, t):
        ps = self.pieces
        if t <= ps[0][0]:
            return ps[0][2]
        if t >= ps[-1][1]:
            return ps[-1][3]
        i = bisect.bisect_right(self._starts, t) - 1
        if i > 0 and ps[i][4] and ps[i - 1][1] >= t:
            i -= 1  # a stretch drawn to scale that ends at t (or is just t)
        t0, t1, x0, x1, _wait = ps[i]
        if t1 <= t0:
            return (x0 + x1) / 2.0
        return x0 + (t - t0) / (t1 - t0) * (x1 - x0)


def render_svg(record, *, title, desc=None, max_bytes=60_000, max_lanes=16,
               time_scale="auto", id_prefix=None):
    """Draw *record* (from :func:`load`) as an SVG swimlane timeline.

    Returns the SVG document as a string (no XML declaration, so it can be
    inlined in HTML or written to a ``.svg`` file).  Its UTF-8 encoding is at
    most *max_bytes* long: short runs and switches are merged, and output
    labels dropped, as far as needed, and the picture says so.

    With ``time_scale="auto"`` long waits (for example ``gevent.sleep(0.5)``
    between bursts of switches) are drawn shortened, between dashed lines
    and with their real length under the axis, so that the bursts get the
    width; ``"linear"`` keeps one scale for the whole run.
    """
    if time_scale not in ("auto", "linear"):
        raise ValueError("time_scale must be 'auto' or 'linear'")
    model = _Model(record, max(3, int(max_lanes)), time_scale)
    if id_prefix is None:
        import zlib
        key = "%s|%s|%s|%s" % (title, model.duration, model.switch_count, model.line_count)
        id_prefix = "tl%08x" % (zlib.crc32(key.encode("utf-8", "replace")) & 0xFFFFFFFF)
    id_prefix = re.sub(r"[^A-Za-z0-9_-]", "", str(id_prefix)) or "tl"
    text_summary = summary(record)
    full_desc = text_summary if not desc else "%s %s" % (desc.strip(), text_summary)
    for level in _LEVELS:
        svg = _draw(model, title, full_desc, id_prefix, level)
        if len(svg.encode("utf-8")) <= max_bytes:
            return svg
    return _minimal_svg(model, title, full_desc, id_prefix, max_bytes)


def _minimal_svg(model, title, desc, pid, max_bytes):
    msg = ("Timeline too large to draw within %s bytes: %s." % (
        _fmt_count(max_bytes), _plural(model.switch_count, "switch", "switches")))
    for t_len, d_len in ((400, 2000), (200, 600), (80, 200), (20, 40), (0, 0)):
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d 40" width="100%%"'
            ' role="img" aria-labelledby="%s-t %s-d" class="runexample-timeline">'
            '<title id="%s-t">%s</title><desc id="%s-d">%s</desc>'
            '<rect width="%d" height="40" fill="#fff"/>'
            '<text x="8" y="24" font-family="sans-serif" font-size="12" fill="%s">%s</text>'
            '</svg>' % (_W, pid, pid, pid, _esc(_short(title, t_len) if t_len else ""),
                        pid, _esc(_short(desc, d_len) if d_len else ""),
                        _W, _TEXT, _esc(msg)))
        if len(svg.encode("utf-8")) <= max_bytes:
            break
    return svg


def _merge_runs(segs, x, gap_px):
    """Pixel runs for one lane; returns (runs, number of segments merged)."""
    runs = []  # [x_start, x_end, segments, busy_px]
    for a, b in segs:
        xa, xb = x(a), x(b)
        if runs and xa - runs[-1][1] <= gap_px:
            if xb > runs[-1][1]:
                runs[-1][1] = xb
            runs[-1][2] += 1
            runs[-1][3] += xb - xa
        else:
            runs.append([xa, xb, 1, xb - xa])
    merged = sum(r[2] - 1 for r in runs)
    return runs, merged


def _draw(model, title, desc, pid, level):
    gap_px, res_px, max_labels, max_marks, max_conn = level
    x = model.x
    rows = model.rows
    n_rows = len(rows)
    plot_top = _TOP
    plot_bottom = _TOP + n_rows * _LANE_H
    out = []
    notes = []

    def bar_mid(r):
        return plot_top + r * _LANE_H + _BAR_TOP + _BAR_H / 2.0

    # Background, lane bands and names.
    body = []
    for r, row in enumerate(rows):
        y = plot_top + r * _LANE_H
        if r % 2 == 0:
            body.append('<rect x="0" y="%s" width="%d" height="%d" fill="%s"/>'
                        % (_n(y), _W, _LANE_H, _BAND))
    # Time grid and axis.
    grid = []
    axis_y = plot_bottom + 4
    axis = ['<path class="tl-axis" stroke="%s" stroke-width="1" fill="none" d="M%s %sH%s'
            % (_MUTED, _n(model.px0), _n(axis_y), _n(_PLOT_X1))]
    tick_labels = []
    taken = []  # label extents on the axis, to avoid overlaps

    def free(x0, x1):
        return all(x1 + 4 <= a or x0 - 4 >= b for a, b in taken)

    for t0, t1, x0, x1, _w in model.waits:
        cx = (x0 + x1) / 2.0
        label = "+" + _fmt_duration(t1 - t0)
        half = len(label) * 11 * 0.6 / 2
        taken.append((cx - half, cx + half))
        tick_labels.append('<text x="%s" y="%s" font-size="11" font-style="italic">%s</text>'
                           % (_n(cx), _n(axis_y + 16), _esc(label)))
        body.append('<rect class="tl-wait" x="%s" y="%s" width="%s" height="%s" fill="#fff" '
                    'fill-opacity="0.6"/>' % (_n(x0), _n(plot_top), _n(x1 - x0),
                                              _n(plot_bottom - plot_top)))
        grid.append("M%s %sV%sM%s %sV%s" % (_n(x0), _n(plot_top), _n(plot_bottom),
                                            _n(x1), _n(plot_top), _n(plot_bottom)))
        # A break in the axis line.
        axis.append("M%s %sl4 -6M%s %sl4 -6" % (_n(cx - 5), _n(axis_y + 3),
                                                 _n(cx + 1), _n(axis_y + 3)))
    for tx, label in _tick_marks(model):
        half = len(label) * 12 * 0.6 / 2
        anchor = ""
        lx0, lx1 = tx - half, tx + half
        if tx + half > _W - 2:
            anchor = ' text-anchor="end"'
            lx0, lx1 = tx - 2 * half, tx
        elif tx - half < model.label_w - 40:
            anchor = ' text-anchor="start"'
            lx0, lx1 = tx, tx + 2 * half
        grid_line = "M%s %sV%s" % (_n(tx), _n(plot_top), _n(plot_bottom))
        if not free(lx0, lx1):
            continue
        taken.append((lx0, lx1))
        grid.append(grid_line)
        axis.append("M%s %sv4" % (_n(tx), _n(axis_y)))
        tick_labels.append('<text x="%s" y="%s"%s>%s</text>'
                           % (_n(tx), _n(axis_y + 16), anchor, _esc(label)))
    axis.append('"/>')
    if model.waits:
        body.append('<path class="tl-grid" stroke="#9ca3af" stroke-width="1" '
                    'stroke-dasharray="3 3" fill="none" d="%s"/>'
                    % "".join(g for g in grid if g.count("M") == 2))
        grid = [g for g in grid if g.count("M") == 1]
        notes.append("Long stretches without a switch are drawn shortened, between dashed lines; under the axis, "
                     "+ gives the real length of each.")
    if grid:
        body.append('<path class="tl-grid" stroke="%s" stroke-width="1" fill="none" d="%s"/>'
                    % (_GRID, "".join(grid)))

    # The unrecorded stretch, if the recording hit its cap.
    if model.gap:
        gx0, gx1 = x(model.gap[0]), x(model.gap[1])
        body.append('<rect class="tl-gap" x="%s" y="%s" width="%s" height="%s" fill="url(#%s-h)"/>'
                    % (_n(gx0), _n(plot_top), _n(max(gx1 - gx0, 1.0)),
                       _n(plot_bottom - plot_top), pid))
        notes.append("Hatched: %s not recorded (the recording keeps the first and last %s)."
                     % (_plural(model.gap[2], "switch", "switches"),
                        _fmt_count(len(model.switches) // 2 or 1)))

    # Bars.
    total_merged = 0
    pale_runs = 0
    bars = []
    for r, row in enumerate(rows):
        y = plot_top + r * _LANE_H + _BAR_TOP
        segs = [(a, b) for a, b in row["segs"] if b >= model.w0 and a <= model.w1]
        runs, merged = _merge_runs(segs, x, gap_px)
        total_merged += merged
        if not runs:
            continue
        # A run merged from many short ones is drawn paler, by the share
        # of its stretch that the greenlet really ran.
        by_opacity = {}
        for xa, xb, cnt, busy in runs:
            w = max(xb - xa, _MIN_BAR_W)
            if xa + w > _PLOT_X1:
                xa = max(model.px0, _PLOT_X1 - w)
            share = 1.0 if cnt == 1 else busy / max(xb - xa, _MIN_BAR_W)
            op = 1.0 if share >= 0.7 else (0.6 if share >= 0.35 else 0.3)
            if op < 1.0:
                pale_runs += 1
            by_opacity.setdefault(op, []).append(
                "M%s %sh%sv%dh-%sz" % (_n(xa), _n(y), _n(w), _BAR_H, _n(w)))
        for op in sorted(by_opacity, reverse=True):
            bars.append('<path class="tl-run" fill="%s"%s d="%s"><title>%s running</title></path>'
                        % (row["colour"],
                           "" if op == 1.0 else ' fill-opacity="%s"' % op,
                           "".join(by_opacity[op]), _esc(row["label"])))
    # Switch connectors: one per pixel column (res_px) and lane pair.
    seen = set()
    conn = {0: [], 1: []}
    candidates = []
    for t, ro, rg, k in model.switches:
        if t < model.w0 or t > model.w1 or ro == rg:
            continue
        sx = x(t)
        key = (int(sx / res_px), ro, rg, k)
        if key in seen:
            continue
        seen.add(key)
        candidates.append((sx, ro, rg, k))
    if len(candidates) > max_conn:
        # Still too many: keep an evenly spread sample.
        step = len(candidates) / float(max_conn) if max_conn else 0
        candidates = [candidates[int(i * step)] for i in range(max_conn)]
    n_sw_drawn = len(candidates)
    for sx, ro, rg, k in candidates:
        y0, y1 = bar_mid(ro), bar_mid(rg)
        # A short chevron at the target end shows the direction.
        dy = -3 if y1 > y0 else 3
        conn[k].append("M%s %sV%sm-2.2 %sl2.2 %sl2.2 %s"
                       % (_n(sx), _n(y0), _n(y1), _n(dy), _n(-dy), _n(dy)))
    n_sw_in_window = sum(1 for s in model.switches
                         if model.w0 <= s[0] <= model.w1 and s[1] != s[2])
    sw_merged = n_sw_in_window - n_sw_drawn
    connectors = []
    # Dense switches would hide everything else: draw them fainter.
    density = n_sw_drawn / float(_PLOT_X1 - model.px0)
    sw_opacity = 0.75 if density <= 0.08 else max(0.2, 0.75 * math.sqrt(0.08 / density))
    if conn[0]:
        connectors.append('<path class="tl-switch" stroke="%s" stroke-width="0.8" stroke-opacity="%.2f" fill="none" d="%s"/>'
                          % (_MUTED, sw_opacity, "".join(conn[0])))
    if conn[1]:
        connectors.append('<path class="tl-throw" stroke="%s" stroke-width="1.2" stroke-dasharray="2 1.5" fill="none" d="%s"/>'
                          % (_ERR, "".join(conn[1])))

    # Output lines: a mark on the bar, a label above or below it.  Lines
    # printed by one lane within a few pixels share one label ("(+2)").
    marks = {"out": [], "err": []}
    labels = []
    rows_used = {}  # (row, slot) -> [x_start, x_end, label item]
    n_marks = 0
    seen_marks = set()
    groups = []
    open_groups = {}
    for t, r, which, text in model.lines:
        if t < model.w0 - 1e-9 or t > model.w1 + 1e-9:
            continue
        mx = x(t)
        which = "err" if which == "err" else "out"
        mkey = (int(mx / res_px), r, which)
        if mkey not in seen_marks and n_marks < max_marks:
            seen_marks.add(mkey)
            n_marks += 1
            yb = plot_top + r * _LANE_H + _BAR_TOP
            marks[which].append("M%s %sl3.5 -4.5h-7z" % (_n(mx), _n(yb + 1)))
        grp = open_groups.get((r, which))
        if grp is not None and mx - grp["x"] <= _GROUP_PX:
            grp["texts"].append(text)
            continue
        grp = {"x": mx, "row": r, "which": which, "texts": [text]}
        open_groups[(r, which)] = grp
        groups.append(grp)
    n_unlabelled = 0
    label_items = []
    for grp in groups:
        if len(label_items) >= max_labels:
            n_unlabelled += len(grp["texts"])
            continue
        extra = len(grp["texts"]) - 1
        suffix = " (+%d)" % extra if extra else ""
        placed = _place_label(rows_used, grp["row"], grp["x"], grp["texts"][0], suffix)
        if placed is None:
            n_unlabelled += len(grp["texts"])
            continue
        placed.update(grp)
        label_items.append(placed)
    mark_paths = []
    if marks["out"]:
        mark_paths.append('<path class="tl-out" fill="%s" stroke="#fff" stroke-width="0.8" d="%s"/>'
                          % (_TEXT, "".join(marks["out"])))
    if marks["err"]:
        mark_paths.append('<path class="tl-err" fill="%s" stroke="#fff" stroke-width="0.8" d="%s"/>'
                          % (_ERR, "".join(marks["err"])))
    for item in label_items:
        r = item["row"]
        y = plot_top + r * _LANE_H + (_BAR_TOP - 5 if item["slot"] == 0
                                      else _BAR_TOP + _BAR_H + 12)
        shown = item["base"] + item["suffix"]
        anchor = ' text-anchor="end"' if item["anchor"] == "end" else ""
        fill = ' fill="%s"' % _ERR if item["which"] == "err" else ""
        tip = ""
        texts = item["texts"]
        if len(texts) > 1 or item["base"] != texts[0]:
            full = "\n".join(_short(tx, 120) for tx in texts[:12])
            if len(texts) > 12:
                full += "\n\u2026"
            tip = "<title>%s</title>" % _esc(full)
        labels.append('<text x="%s" y="%s"%s%s>%s%s</text>'
                      % (_n(item["tx"]), _n(y), anchor, fill, _esc(shown), tip))

    # Notes (visible) about what was merged, cropped or left out.
    if model.origin > 5e-4:
        notes.insert(0, "Time 0 is the first switch or output line, %s after the interpreter "
                        "started; start-up is not shown." % _fmt_duration(model.origin))
    if model.duration > model.w1 + 5e-4:
        notes.append("The process exited at %s on this axis." % _fmt_duration(model.duration - model.origin))
    merged_bits = []
    if sw_merged > 0:
        merged_bits.append(_plural(sw_merged, "switch", "switches"))
    if total_merged > 0:
        merged_bits.append(_plural(total_merged, "short run"))
    if merged_bits:
        notes.append("%s merged: too close together to draw one by one at this size."
                     % " and ".join(merged_bits))
    if pale_runs:
        notes.append("Paler bars are many short runs merged: the paler, the smaller the "
                     "share of that stretch the greenlet ran.")
    if n_unlabelled:
        notes.append("%s without a label (see the output above)."
                     % _plural(n_unlabelled, "output line"))
    if model.lines_dropped:
        notes.append("%s not recorded." % _plural(model.lines_dropped, "output line"))
    if model.folded_lanes:
        notes.append("%s share the last lane." % _plural(model.folded_lanes, "greenlet"))

    # Legend.
    legend_y = axis_y + 34
    legend = []
    lx = model.px0
    legend.append('<rect x="%s" y="%s" width="14" height="8" fill="%s"/>'
                  % (_n(lx), _n(legend_y - 8), _MAIN_COLOUR))
    legend.append('<text x="%s" y="%s">running</text>' % (_n(lx + 18), _n(legend_y)))
    lx += 18 + 8 * _CHAR_W + 14
    legend.append('<path stroke="%s" fill="none" d="M%s %sv-10m-2.2 3l2.2 -3l2.2 3"/>'
                  % (_MUTED, _n(lx + 4), _n(legend_y + 1)))
    legend.append('<text x="%s" y="%s">switch</text>' % (_n(lx + 12), _n(legend_y)))
    lx += 12 + 6 * _CHAR_W + 14
    if any(s[3] == 1 for s in model.switches):
        legend.append('<path stroke="%s" stroke-width="1.2" stroke-dasharray="2 1.5" fill="none" d="M%s %sv-10"/>'
                      % (_ERR, _n(lx + 4), _n(legend_y + 1)))
        legend.append('<text x="%s" y="%s">throw</text>' % (_n(lx + 12), _n(legend_y)))
        lx += 12 + 5 * _CHAR_W + 14
    legend.append('<path fill="%s" d="M%s %sl3.5 -4.5h-7z"/>' % (_TEXT, _n(lx + 4), _n(legend_y - 2)))
    legend.append('<text x="%s" y="%s">output line</text>' % (_n(lx + 12), _n(legend_y)))
    lx += 12 + 11 * _CHAR_W + 14
    if marks["err"]:
        legend.append('<path fill="%s" d="M%s %sl3.5 -4.5h-7z"/>' % (_ERR, _n(lx + 4), _n(legend_y - 2)))
        legend.append('<text x="%s" y="%s" fill="%s">stderr line</text>' % (_n(lx + 12), _n(legend_y), _ERR))

    note_lines = []
    for note in notes:
        note_lines.extend(_wrap(note, int((_W - 16) / (11.5 * 0.6))))
    notes_y = legend_y + 20
    note_svg = ['<text x="8" y="%s">%s</text>' % (_n(notes_y + i * 15), _esc(line))
                for i, line in enumerate(note_lines)]
    height = notes_y + (len(note_lines) - 1) * 15 + 8 if note_lines else legend_y + 10

    # Lane names (with the full name as a tooltip when shortened).
    names = []
    for r, row in enumerate(rows):
        label = row["label"]
        shown = _short(label, model.name_chars)
        tip = "<title>%s</title>" % _esc(label) if shown != label else ""
        style = ' font-style="italic"' if row["kind"] in ("hub", "main", "other", "thread") else ""
        names.append('<text x="%d" y="%s"%s>%s%s</text>'
                      % (model.label_w, _n(bar_mid(r) + 4), style, _esc(shown), tip))

    out.append('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %s" width="100%%" '
               'role="img" aria-labelledby="%s-t %s-d" class="runexample-timeline" '
               'font-family="%s" style="max-width:%dpx">'
               % (_W, _n(height), pid, pid, _attr(_FONT), _W + 40))
    out.append('<title id="%s-t">%s</title>' % (pid, _esc(title)))
    out.append('<desc id="%s-d">%s</desc>' % (pid, _esc(desc + (" " + " ".join(notes) if notes else ""))))
    if model.gap:
        out.append('<defs><pattern id="%s-h" width="6" height="6" patternUnits="userSpaceOnUse" '
                   'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
                   '<path d="M0 0V6" stroke="#9ca3af" stroke-width="2"/></pattern></defs>' % pid)
    out.append('<rect class="tl-bg" width="%d" height="%s" fill="#fff"/>' % (_W, _n(height)))
    out.append('<g class="tl-lanes">%s</g>' % "".join(body))
    out.append('<g class="tl-bars">%s</g>' % "".join(bars))
    out.append('<g class="tl-switches">%s</g>' % "".join(connectors))
    out.append('<g class="tl-marks">%s</g>' % "".join(mark_paths))
    out.append('<g class="tl-labels" font-size="%s" fill="%s" stroke="#fff" stroke-width="3" '
               'stroke-linejoin="round" paint-order="stroke">%s</g>'
               % (_OUT_FONT, _TEXT, "".join(labels)))
    out.append('<g class="tl-names" font-size="%s" fill="%s" text-anchor="end">%s</g>'
               % (_NAME_FONT, _TEXT, "".join(names)))
    out.append("".join(axis))
    out.append('<g class="tl-ticks" font-size="12" fill="%s" text-anchor="middle">%s</g>'
               % (_MUTED, "".join(tick_labels)))
    out.append('<g class="tl-legend" font-size="12" fill="%s">%s</g>' % (_MUTED, "".join(legend)))
    if note_svg:
        out.append('<g class="tl-notes" font-size="11.5" fill="%s" font-style="italic">%s</g>'
                   % (_MUTED, "".join(note_svg)))
    out.append("</svg>")
    return "".join(out)


def _tick_marks(model):
    """(x, label) for the ticks of the time axis (time 0 = model.origin)."""
    if not model.waits:
        ticks, fmt = _ticks(model.w0 - model.origin, model.w1 - model.origin)
        return [(model.x(tv + model.origin), fmt(tv)) for tv in ticks]
    # A broken axis: one step for all the stretches drawn to scale, chosen
    # for about 90 px between ticks; a stretch without a tick gets its start.
    step = _nice_step(90.0 / model.k)
    fmt = _time_format(step, max(abs(model.w1 - model.origin), abs(model.w0 - model.origin)))
    marks = []
    for t0, t1, x0, x1, wait in model.pieces:
        if wait:
            continue
        lo, hi = t0 - model.origin, t1 - model.origin
        k = math.ceil(lo / step - 1e-9)
        found = False
        while k * step <= hi + step * 1e-9:
            marks.append((model.x(k * step + model.origin), fmt(k * step)))
            found = True
            k += 1
        if not found:
            v = max(lo, 0.0) if t0 <= model.origin <= t1 else lo
            pad = (t1 - t0) and min(t1 - t0, _END_PAD / model.k)
            if x0 == model.px0:
                v = lo + pad
            marks.append((model.x(v + model.origin), fmt(v)))
    marks.sort()
    return marks


def _wrap(text, width):
    words = text.split(" ")
    lines, cur = [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = (cur + " " + w) if cur else w
    if cur:
        lines.append(cur)
    return lines


_MIN_LABEL_CHARS = 6
_MAX_LABEL_CHARS = 34
_GROUP_PX = 10  # output lines of one lane closer than this share a label
_MIN_WAIT = 0.002  # shortest wait (s) that may be drawn shortened
_MAX_WAITS = 8
_WAIT_W = 52  # px for a shortened wait
_MIN_DENSE_W = 16
_END_PAD = 10


def _place_label(rows_used, r, mx, text, suffix=""):
    """Find room for an output label in one of the two slots of lane *r*.

    Labels are placed in time order, so only labels to the left can be in the
    way; a label already placed may be shortened to make room for a new one.
    Returns a dict (tx, base, suffix, anchor, slot) or None if there is no
    room; the label reads ``base + suffix``.
    """
    text = _clean(text).strip() or "(empty line)"
    want = min(len(text), _MAX_LABEL_CHARS)
    width = (want + len(suffix)) * _CHAR_W
    pad = 5
    anchor = "start"
    start = mx + 4
    if start + width > _PLOT_X1 + 10:
        anchor = "end"
    best = None
    for slot in (0, 1):
        prev = rows_used.get((r, slot))
        limit = prev[1] if prev else -1e9
        if anchor == "start":
            if start >= limit + pad:
                best = (slot, want)
                break
        else:
            room = int((mx - 4 - (limit + pad)) / _CHAR_W) - len(suffix)
            if room >= want:
                best = (slot, want)
                break
            if room >= _MIN_LABEL_CHARS and (best is None or room > best[1]):
                best = (slot, room)
    if best is None and anchor == "start":
        # Shorten the label in the way, if it stays readable.
        for slot in (0, 1):
            prev = rows_used.get((r, slot))
            if prev is None:
                continue
            pl = prev[2]
            if pl["anchor"] != "start":
                continue
            room = int((start - pad - pl["tx"]) / _CHAR_W) - len(pl["suffix"])
            if room >= _MIN_LABEL_CHARS:
                pl["base"] = _short(pl["base"], room)
                prev[1] = pl["tx"] + (len(pl["base"]) + len(pl["suffix"])) * _CHAR_W
                best = (slot, want)
                break
    if best is None:
        return None
    slot, nchars = best
    base = _short(text, nchars)
    w = (len(base) + len(suffix)) * _CHAR_W
    item = {"base": base, "suffix": suffix, "anchor": anchor, "slot": slot}
    if anchor == "start":
        item["tx"] = start
        rows_used[(r, slot)] = [start, start + w, item]
    else:
        item["tx"] = mx - 4
        rows_used[(r, slot)] = [mx - 4 - w, mx - 4, item]
    return item


# ---------------------------------------------------------------------------
# Running a script with the recorder (tests and the command line)
# ---------------------------------------------------------------------------

_BOOTSTRAP = """\
import importlib.util, os, runpy, sys
_tl_path, _rec, _script = sys.argv[1:4]
_spec = importlib.util.spec_from_file_location("runexample_timeline", _tl_path)
_tl = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_tl)
sys.argv = sys.argv[3:]
sys.path[0] = os.path.dirname(os.path.abspath(_script))
_tl.install(_rec)
del _tl_path, _rec, _spec, _tl
runpy.run_path(_script, run_name="__main__")
"""


def bootstrap_command(record_path, script, *args, python=None):
    """argv that runs *script* under the recorder (via ``python -c``)."""
    return [python or sys.executable, "-c", _BOOTSTRAP, os.path.abspath(__file__),
            os.fspath(record_path), os.fspath(script), *args]


def _main(argv=None):
    import argparse
    import subprocess
    import tempfile

    p = argparse.ArgumentParser(
        prog="python -m runexample.timeline",
        description="Run a script with the greenlet recorder and draw its timeline as SVG.")
    p.add_argument("script", nargs="?", help="the script to run")
    p.add_argument("svg", help="where to write the SVG")
    p.add_argument("args", nargs="*", help="arguments for the script (after --)")
    p.add_argument("--from-record", metavar="JSON", help="draw an existing record instead")
    p.add_argument("--record", metavar="JSON", help="also keep the record here")
    p.add_argument("--title", help="the picture's <title>")
    p.add_argument("--desc", help="sentence put before the generated <desc>")
    p.add_argument("--max-bytes", type=int, default=60_000)
    p.add_argument("--linear", action="store_true", help="one time scale for the whole run")
    p.add_argument("--timeout", type=float, default=60.0)
    ns = p.parse_args(argv)
    if ns.from_record:
        if ns.script:
            p.error("give either a script or --from-record")
        record = load(ns.from_record)
        title = ns.title or "Greenlet timeline"
    else:
        if not ns.script:
            p.error("a script is required (or --from-record)")
        with tempfile.TemporaryDirectory() as tmp:
            rec_path = ns.record or os.path.join(tmp, "record.json")
            env = dict(os.environ, PYTHONUNBUFFERED="1")
            proc = subprocess.run(bootstrap_command(rec_path, ns.script, *ns.args),
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, env=env, timeout=ns.timeout)
            sys.stdout.write(proc.stdout.decode("utf-8", "replace"))
            if proc.returncode:
                print("[exit status %d]" % proc.returncode, file=sys.stderr)
            if not os.path.exists(rec_path):
                print("no record was written: the script left through os._exit() "
                      "or was killed", file=sys.stderr)
                return 1
            record = load(rec_path)
        title = ns.title or "Greenlet timeline of %s" % os.path.basename(ns.script)
    svg = render_svg(record, title=title, desc=ns.desc, max_bytes=ns.max_bytes,
                     time_scale="linear" if ns.linear else "auto")
    with open(ns.svg, "w", encoding="utf-8") as f:
        f.write(svg)
    print("wrote %s (%s bytes): %s" % (ns.svg, _fmt_count(len(svg.encode("utf-8"))),
                                      summary(record)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(_main())
