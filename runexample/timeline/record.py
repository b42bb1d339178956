"""Record the greenlet switches and output lines of a run, inside the run.

This module runs in the example's own interpreter, before the script: the
runner's ``sitecustomize.py`` loads it *by path*, as module
``runexample_timeline`` (there is no ``runexample`` package and no Sphinx in
that interpreter), and calls :func:`install_from_env`. It imports only the
standard library and ``greenlet``, never ``gevent``: the script may still
want to call ``gevent.monkey.patch_all()`` first.

:func:`install` sets a ``greenlet.settrace`` hook that notes every switch and
throw with a ``time.perf_counter()`` timestamp, and wraps ``sys.stdout`` and
``sys.stderr`` in pass-through objects that note which greenlet (or which
other thread) completed each output line. At exit it writes a JSON record
(see :func:`load`). The recording never changes what the script prints:
every ``write`` goes to the very same stream, in the same order, with the
same flushing.

A record is a dict::

    {"format": "runexample-timeline", "version": 2,
     "duration": 0.41,                      # seconds from install to exit
     "lanes": [{"label": "main", "kind": "main", "end": None}, ...],
     "switches": [[t, from_lane, to_lane, thrown], ...],
     "switch_count": 16, "switch_gap": None,
     "lines": [[t, lane, "out" or "err", text], ...],
     "line_count": 7, "lines_dropped": 0}

``kind`` is ``main``, ``hub``, ``greenlet``, ``thread`` (output of another
thread) or ``other`` (greenlets past the lane cap); ``end`` is when the
greenlet finished, if it did. ``thrown`` is 1 when the switch raised an
exception in its target (``kill()``, a ``Timeout``). When a run switches more
than :data:`MAX_SWITCHES` times, the first and last halves are kept and
``switch_gap`` says what is missing between them.
"""

import atexit
import functools
import json
import os
import re
import sys
import time
import types
import weakref
from _thread import get_ident  # bound now: monkey-patching cannot swap it later
from collections import deque

RECORD_FORMAT = "runexample-timeline"
RECORD_VERSION = 2

#: Caps that keep the recording's memory (and the record) bounded.
MAX_SWITCHES = 10_000  # switches kept: the first half and the last half
MAX_LINES = 2_000  # output lines kept: the first half and the last half
MAX_LANES = 1_000  # distinct greenlets named; later ones share one lane
MAX_LINE_CHARS = 200  # characters kept of each output line
MAX_NAME_CHARS = 200  # characters of a lane's name (drawings wrap it, never cut it)
MAX_VALUE_CHARS = 60  # characters of one argument value within a name

_recorder = None  # the one _Recorder of this process, once installed


# ---------------------------------------------------------------------------
# Naming greenlets
# ---------------------------------------------------------------------------

def _short(text, limit):
    text = " ".join(str(text).split())  # one line
    return text if len(text) <= limit else text[: max(1, limit - 1)] + "\u2026"


_CALLABLES = (types.FunctionType, types.BuiltinFunctionType, types.MethodType,
              types.BuiltinMethodType)


def _safe_repr(obj, depth=0):
    """A repr that never calls user code (no custom ``__repr__``).

    Builtin scalars, functions and small builtin containers (two levels
    deep) are shown as Python would show them; anything else as
    ``<TypeName>``, so that names carry no memory addresses and stay the
    same from run to run.
    """
    t = type(obj)
    if obj is None or t is bool or t is int or t is float or t is range:
        return repr(obj)
    if t is str or t is bytes:
        r = repr(obj)
        return r if len(r) <= MAX_VALUE_CHARS else r[:MAX_VALUE_CHARS - 2] + "\u2026" + r[-1]
    if isinstance(obj, _CALLABLES):
        return _callable_name(obj)
    if depth < 2 and t in (tuple, list):
        inner = ", ".join(_safe_repr(i, depth + 1) for i in list(obj)[:4])
        if len(obj) > 4:
            inner += ", \u2026"
        if t is tuple:
            return "(" + inner + ("," if len(obj) == 1 else "") + ")"
        return "[" + inner + "]"
    if depth < 2 and t is dict:
        inner = ", ".join("%s: %s" % (_safe_repr(k, depth + 1), _safe_repr(v, depth + 1))
                          for k, v in list(obj.items())[:3])
        return "{" + inner + (", \u2026" if len(obj) > 3 else "") + "}"
    return "<%s>" % (getattr(t, "__name__", "object"),)


def _callable_name(fn):
    if fn is None:
        return "?"
    self_obj = getattr(fn, "__self__", None)
    name = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None)
    if not isinstance(name, str):
        return type(fn).__name__
    if "<locals>." in name:
        name = name.rsplit("<locals>.", 1)[1]
    if self_obj is not None and "." not in name and not isinstance(self_obj, types.ModuleType):
        owner = self_obj if isinstance(self_obj, type) else type(self_obj)
        name = "%s.%s" % (getattr(owner, "__name__", "?"), name)
    return name


def _unwrap_partial(fn, args, kwargs):
    """Fold ``functools.partial`` (which ``gevent.spawn_raw`` uses) into the call."""
    for _ in range(5):
        if not isinstance(fn, functools.partial):
            break
        args = tuple(fn.args) + args
        kwargs = {**(fn.keywords or {}), **kwargs}
        fn = fn.func
    return fn, args, kwargs


def _call_label(fn, args=(), kwargs=None):
    """``worker('steve')`` for ``fn=worker, args=('steve',)``."""
    fn, args, kwargs = _unwrap_partial(fn, tuple(args or ()), dict(kwargs or {}))
    name = getattr(fn, "__name__", "")
    # A monkey-patched threading.Thread runs Thread._bootstrap in a greenlet.
    self_obj = getattr(fn, "__self__", None)
    if name == "_bootstrap" and isinstance(getattr(self_obj, "name", None), str):
        return _short("Thread %s" % self_obj.name, MAX_NAME_CHARS)
    # A server's connection: gevent.baseserver spawns
    # _handle_and_close_when_done(handle, close, (socket, address)).
    if name == "_handle_and_close_when_done" and len(args) == 3 and isinstance(args[2], tuple):
        fn, args, kwargs = args[0], args[2], {}
    parts = [_safe_repr(a) for a in args[:4]]
    if len(args) > 4:
        parts.append("\u2026")
    parts.extend("%s=%s" % (k, _safe_repr(v)) for k, v in list(kwargs.items())[:3])
    if not parts:
        return _short(_callable_name(fn), MAX_NAME_CHARS)
    return _short("%s(%s)" % (_callable_name(fn), ", ".join(parts)), MAX_NAME_CHARS)


def _mro_has(cls, name, module_prefix):
    return any(c.__name__ == name and str(getattr(c, "__module__", "")).startswith(module_prefix)
               for c in getattr(cls, "__mro__", ()))


_DEFAULT_GEVENT_NAME = re.compile(r"Greenlet-\d+\Z")


class _ClassLabel:
    """Stands in for a callable so that an actor is named by its class."""

    def __init__(self, cls):
        self.__qualname__ = getattr(cls, "__name__", "Greenlet")


def _describe_gevent_greenlet(g, cls):
    # The function is in _run, its arguments in args/kwargs (all still
    # present before the greenlet first runs). Only a name the script set
    # counts: reading ``g.name`` would allocate a minimal_ident and change
    # the greenlet's repr in the output.
    try:
        custom = g.__dict__.get("name")
    except Exception:
        custom = None
    if isinstance(custom, str) and custom and not _DEFAULT_GEVENT_NAME.match(custom):
        return _short(custom, MAX_NAME_CHARS)
    run = getattr(g, "_run", None)
    try:
        args, kwargs = g.args, g.kwargs
    except Exception:
        args, kwargs = (), {}
    if getattr(run, "__self__", None) is g:
        # A Greenlet subclass that overrides _run (an "actor").
        return _call_label(_ClassLabel(cls), args, kwargs)
    return _call_label(run, args, kwargs)


def describe_greenlet(g, main_root=None):
    """Return ``(label, kind)`` for a greenlet, without importing gevent.

    *kind* is ``"main"``, ``"hub"`` or ``"greenlet"``. The label is ``None``
    for a plain greenlet that has already started: the recorder names it
    later from its frames.
    """
    cls = type(g)
    if getattr(g, "parent", None) is None:
        return "main", "main"
    if _mro_has(cls, "Hub", "gevent"):
        return "hub", "hub"
    if _mro_has(cls, "Greenlet", "gevent"):
        return _describe_gevent_greenlet(g, cls), "greenlet"
    try:
        run = g.run
    except Exception:
        # A plain greenlet drops ``run`` as it starts, which is before the
        # trace hook sees it.
        return None, "greenlet"
    if getattr(run, "__self__", None) is g:
        return _short(cls.__name__, MAX_NAME_CHARS), "greenlet"
    return _call_label(run), "greenlet"


def _frame_label(frame):
    """Name of the function at the bottom of a greenlet's stack."""
    for _ in range(10_000):
        if frame.f_back is None:
            break
        frame = frame.f_back
    code = frame.f_code
    name = getattr(code, "co_qualname", None) or code.co_name
    if "<locals>." in name:
        name = name.rsplit("<locals>.", 1)[1]
    return _short(name, MAX_NAME_CHARS)


def _thread_label(ident, greenlet_mod):
    """A name for another thread that printed, without creating anything."""
    threading = sys.modules.get("threading")
    thread = getattr(threading, "_active", {}).get(ident) if threading else None
    name = getattr(thread, "name", None)
    if isinstance(name, str) and not type(thread).__name__.startswith("_Dummy"):
        return _short("thread %s" % name, MAX_NAME_CHARS)
    if greenlet_mod is not None and _mro_has(type(greenlet_mod.getcurrent()), "_WorkerGreenlet", "gevent"):
        return "threadpool worker"
    return "another thread"


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
        self._tl_recorder.note_text(self._tl_which, s)
        return n

    def writelines(self, lines):
        lines = list(lines)
        result = self._tl_stream.writelines(lines)
        for s in lines:
            self._tl_recorder.note_text(self._tl_which, s)
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


class _Capped:
    """Keeps the first and the last items of a long sequence, and counts all."""

    def __init__(self, cap):
        self.head_cap = cap - cap // 2
        self.head = []
        self.tail = deque(maxlen=max(0, cap // 2))
        self.count = 0

    def append(self, item):
        self.count += 1
        if len(self.head) < self.head_cap:
            self.head.append(item)
        else:
            self.tail.append(item)

    def items(self):
        return self.head + list(self.tail)

    def dropped(self):
        return self.count - len(self.head) - len(self.tail)


class _Lanes:
    """One lane per greenlet (and per other thread that prints)."""

    def __init__(self, greenlet_mod, max_lanes):
        self.greenlet = greenlet_mod
        self.max_lanes = max_lanes
        self.labels, self.kinds, self.ends = [], [], []
        self._by_id = {}  # id(greenlet) -> (weakref or None, lane)
        self._by_thread = {}  # thread ident -> lane
        self._label_count = {}
        self._other = None
        self.unnamed = set()  # lanes of plain greenlets, named from their frames later

    def add(self, label, kind):
        self.labels.append(self._unique(label))
        self.kinds.append(kind)
        self.ends.append(None)
        return len(self.labels) - 1

    def _unique(self, label):
        n = self._label_count.get(label, 0) + 1
        self._label_count[label] = n
        return label if n == 1 else "%s #%d" % (label, n)

    def of(self, g, main_root):
        entry = self._by_id.get(id(g))
        if entry is not None and (entry[0] is None or entry[0]() is g):
            return entry[1]
        if len(self.labels) >= self.max_lanes:
            if self._other is None:
                self._other = self.add("other greenlets", "other")
            return self._other
        try:
            label, kind = describe_greenlet(g, main_root)
        except Exception:
            label, kind = type(g).__name__, "greenlet"
        lane = self.add(label or "greenlet", kind)
        if label is None:
            self.unnamed.add(lane)
        try:
            ref = weakref.ref(g)
        except TypeError:
            ref = None
        self._by_id[id(g)] = (ref, lane)
        return lane

    def of_thread(self, ident):
        lane = self._by_thread.get(ident)
        if lane is None:
            try:
                label = _thread_label(ident, self.greenlet)
            except Exception:
                label = "another thread"
            lane = self._by_thread[ident] = self.add(label, "thread")
        return lane

    def name_from_frame(self, lane, frame):
        if frame is not None and lane in self.unnamed:
            self.unnamed.discard(lane)
            self.labels[lane] = self._unique(_frame_label(frame))

    def as_json(self):
        return [{"label": label, "kind": kind, "end": None if end is None else round(end, 7)}
                for label, kind, end in zip(self.labels, self.kinds, self.ends)]


class _Recorder:
    def __init__(self, record_path, greenlet_mod, max_switches, max_lines, max_lanes):
        self.path = os.path.abspath(os.fspath(record_path))
        self.pid = os.getpid()
        self.greenlet = greenlet_mod
        self.clock = time.perf_counter
        self.t0 = self.clock()
        self.active = True
        self.main_thread = get_ident()
        self.lanes = _Lanes(greenlet_mod, max_lanes)
        self.switches = _Capped(max_switches)
        self.lines = _Capped(max_lines)
        self.pending = {}  # stream -> [text so far, time, lane]
        self.prev_trace = None
        self.main_root = None
        self._dead = None
        if greenlet_mod is not None:
            # The C-level attribute: a subclass's ``dead`` property may run Python code.
            self._dead = greenlet_mod.greenlet.dead.__get__
            g = greenlet_mod.getcurrent()
            root = g
            while root.parent is not None:
                root = root.parent
            self.main_root = root
            self.lanes.of(g, root)
        else:
            self.lanes.add("main", "main")

    # -- greenlet trace hook -------------------------------------------------
    def trace(self, event, args):
        if self.active and (event == "switch" or event == "throw"):
            try:
                t = self.clock() - self.t0
                origin, target = args
                lanes = self.lanes
                o = lanes.of(origin, self.main_root)
                if lanes.unnamed and o in lanes.unnamed:
                    # The hook runs on the target's stack; the origin's
                    # suspended frames tell what function it is running.
                    lanes.name_from_frame(o, origin.gr_frame)
                if lanes.kinds[o] != "other" and self._dead(origin):
                    lanes.ends[o] = t  # (the shared lane of greenlets past the cap never ends)
                target_lane = lanes.of(target, self.main_root)
                self.switches.append((t, o, target_lane, 1 if event == "throw" else 0))
            except Exception:
                pass
        prev = self.prev_trace
        if prev is not None:
            return prev(event, args)
        return None

    # -- output --------------------------------------------------------------
    def _output_lane(self):
        if get_ident() != self.main_thread:
            return self.lanes.of_thread(get_ident())
        if self.greenlet is None:
            return 0
        g = self.greenlet.getcurrent()
        lane = self.lanes.of(g, self.main_root)
        if self.lanes.unnamed and lane in self.lanes.unnamed:
            self.lanes.name_from_frame(lane, sys._getframe(1))
        return lane

    def note_text(self, which, s):
        """Note text written to stream *which*; a line belongs to whoever ends it."""
        if not self.active or not isinstance(s, str) or not s:
            return
        try:
            t = self.clock() - self.t0
            lane = self._output_lane()
            parts = s.split("\n")
            pend = self.pending.pop(which, None)
            if pend is not None:
                parts[0] = (pend[0] + parts[0])[:MAX_LINE_CHARS + 1]
            for text in parts[:-1]:
                self._line(t, lane, which, text)
            if parts[-1]:
                self.pending[which] = [parts[-1][:MAX_LINE_CHARS + 1], t, lane]
        except Exception:
            pass

    def _line(self, t, lane, which, text):
        if text.endswith("\r"):
            text = text[:-1]
        if len(text) > MAX_LINE_CHARS:
            text = text[:MAX_LINE_CHARS - 1] + "\u2026"
        self.lines.append((t, lane, which, text))

    # -- end -----------------------------------------------------------------
    def finish(self):
        """At exit: stop recording and write the record.

        Never raises and never prints: an error message here would change
        the example's output. If the record cannot be written there is
        simply no record (and no picture).
        """
        if not self.active:
            return
        self.active = False
        if os.getpid() != self.pid:  # a forked child: leave the record alone
            return
        t_end = self.clock() - self.t0
        tmp = "%s.%d.tmp" % (self.path, os.getpid())
        try:
            for which, (text, t, lane) in sorted(self.pending.items()):
                self._line(t, lane, which, text)
            self.pending.clear()
            if self.greenlet is not None and self.greenlet.gettrace() == self.trace:
                self.greenlet.settrace(self.prev_trace)
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(self.snapshot(t_end), f, ensure_ascii=True, separators=(",", ":"))
            os.replace(tmp, self.path)
        except Exception:
            try:
                os.unlink(tmp)
            except OSError:
                pass

    def snapshot(self, t_end):
        def rt(x):
            return round(x, 7)

        switches = self.switches.items()
        gap = None
        if self.switches.dropped() > 0:
            head = self.switches.head
            gap = {"start": rt(head[-1][0]), "end": rt(self.switches.tail[0][0]),
                   "head": len(head), "dropped": self.switches.dropped()}
        return {
            "format": RECORD_FORMAT,
            "version": RECORD_VERSION,
            "duration": rt(t_end),
            "lanes": self.lanes.as_json(),
            "switches": [[rt(t), o, g, k] for (t, o, g, k) in switches],
            "switch_count": self.switches.count,
            "switch_gap": gap,
            "lines": [[rt(t), lane, which, text] for (t, lane, which, text) in self.lines.items()],
            "line_count": self.lines.count,
            "lines_dropped": self.lines.dropped(),
        }


def install(record_path, *, max_switches=MAX_SWITCHES, max_lines=MAX_LINES, max_lanes=MAX_LANES):
    """Start recording this interpreter; write the record at exit.

    Call it before the example script runs, in the script's interpreter
    (from ``sitecustomize``). A second call in the same process does
    nothing. If ``greenlet`` cannot be imported, only output lines are
    recorded (all on the main lane).
    """
    global _recorder
    if _recorder is not None:
        return
    try:
        import greenlet as greenlet_mod
    except ImportError:  # pragma: no cover - greenlet is a dependency
        greenlet_mod = None
    rec = _Recorder(record_path, greenlet_mod, max(2, int(max_switches)),
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
    example starts do not record over the same file. Returns True if
    recording started.
    """
    path = os.environ.pop(var, None)
    if not path:
        return False
    install(path)
    return True


def load(record_path):
    """Read a record written by :func:`install`; raise ValueError if it is not one."""
    with open(record_path, encoding="utf-8") as f:
        data = json.load(f)
    if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
        raise ValueError("%s is not a greenlet timeline record" % (record_path,))
    if data.get("version") != RECORD_VERSION:
        raise ValueError("%s: unsupported timeline record version %r"
                         % (record_path, data.get("version")))
    return data


# ---------------------------------------------------------------------------
# Running a script under the recorder (tests and the command line)
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
