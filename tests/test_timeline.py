"""Tests for runexample/timeline/: recording greenlet switches, and drawing them.

Every recording runs in a fresh interpreter, the way the runner does it: the
recorder is loaded by file path at start-up and the script runs after it.
The drawing is tested on records from real runs and on records built here,
whose times are exact. The browser test (test_timeline_browser.py) measures
the built site's pictures in Chromium.
"""

import ast
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import build, html
from runexample import events, timeline
from runexample.text import clean_output
from runexample.timeline import layout, model

PACKAGE = Path(__file__).resolve().parents[1] / "runexample"
RECORDER = PACKAGE / "timeline" / "record.py"
SVG_NS = "{http://www.w3.org/2000/svg}"


def _load_by_path():
    # The same way the runner's sitecustomize loads it: by path, under a
    # name of its own, without importing the runexample package.
    spec = importlib.util.spec_from_file_location("runexample_timeline_test", RECORDER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rec = _load_by_path()


def _write(tmp_path, name, source):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
    return path


def _env(**extra):
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("PYTHONPATH", None)
    env.update(extra)
    return env


def record_run(tmp_path, source, name="script.py"):
    """Run *source* under the recorder; return (merged output, record)."""
    script = _write(tmp_path, name, source)
    path = tmp_path / (name + ".json")
    proc = subprocess.run(
        rec.bootstrap_command(path, script, python=sys.executable),
        cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, env=_env(), timeout=120)
    assert proc.returncode == 0, proc.stdout.decode(errors="replace")
    return proc.stdout.decode(), rec.load(path)


def labels(record):
    return [lane["label"] for lane in record["lanes"]]


def switch_pairs(record):
    names = labels(record)
    return [(names[o], names[g]) for _t, o, g, _k in record["switches"]]


def make_record(lanes, switches, lines=(), duration=None):
    """A record with exact times: *lanes* are (label, kind[, end]) tuples."""
    switches = [list(s) + [0] * (4 - len(s)) for s in switches]
    lines = [list(line) for line in lines]
    times = [s[0] for s in switches] + [line[0] for line in lines]
    return {
        "format": rec.RECORD_FORMAT, "version": rec.RECORD_VERSION,
        "duration": duration if duration is not None else max(times, default=0) + 0.001,
        "lanes": [{"label": lane[0], "kind": lane[1], "end": lane[2] if len(lane) > 2 else None}
                  for lane in lanes],
        "switches": switches, "switch_count": len(switches), "switch_gap": None,
        "lines": lines, "line_count": len(lines), "lines_dropped": 0,
    }


def parse_svg(svg):
    root = ET.fromstring(svg)  # raises on malformed XML
    assert root.tag == SVG_NS + "svg"
    return root


def svg_texts(root):
    """The visible strings of the <text> elements (not their <title> tips)."""
    return [el.text or "" for el in root.iter(SVG_NS + "text")]


def lane_names(root):
    """The first text of each lane: its name (or the first line of it)."""
    return [g.find(SVG_NS + "text").text for g in root.findall(f".//{SVG_NS}g[@class='tl-lane']")]


SWITCHING = """
    import gevent

    def foo():
        print("foo: one")
        gevent.sleep(0)
        print("foo: two")
        gevent.sleep(0)
        print("foo: three")

    def bar():
        print("bar: one")
        gevent.sleep(0)
        print("bar: two")
        gevent.sleep(0)
        print("bar: three")

    gevent.joinall([gevent.spawn(foo), gevent.spawn(bar)])
    print("main: done")
"""


# --------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------

def test_known_script_lanes_switches_and_ends(tmp_path):
    out, record = record_run(tmp_path, SWITCHING)
    assert out.splitlines() == ["foo: one", "bar: one", "foo: two", "bar: two",
                                "foo: three", "bar: three", "main: done"]
    assert labels(record) == ["main", "hub", "foo", "bar"]
    assert [lane["kind"] for lane in record["lanes"]] == ["main", "hub", "greenlet", "greenlet"]
    # main waits in joinall: the hub starts foo and bar, and each of them
    # gives control back twice with sleep(0) and once more when it returns.
    # Then the hub hands the results of joinall to main, one greenlet at a
    # time (main -> hub -> main once more in between).
    turn = [("hub", "foo"), ("foo", "hub"), ("hub", "bar"), ("bar", "hub")]
    expected = ([("main", "hub")] + turn * 3
                + [("hub", "main"), ("main", "hub"), ("hub", "main")])
    assert switch_pairs(record) == expected
    assert record["switch_count"] == len(expected) == 16
    assert record["switch_gap"] is None
    assert all(k == 0 for *_rest, k in record["switches"])  # no throws
    times = [s[0] for s in record["switches"]]
    assert times == sorted(times) and 0 < times[0] <= record["duration"]
    # foo and bar finished at their last switch out; main and the hub never did.
    ends = [lane["end"] for lane in record["lanes"]]
    assert ends[:2] == [None, None]
    assert ends[2] == record["switches"][10][0] and ends[3] == record["switches"][12][0]
    # Only what a picture draws is kept.
    assert set(record) == {"format", "version", "duration", "lanes", "switches", "switch_count",
                           "switch_gap", "lines", "line_count", "lines_dropped"}


def test_output_lines_attributed_to_lanes(tmp_path):
    out, record = record_run(tmp_path, """
        import sys
        import gevent

        def foo():
            print("foo: one")
            gevent.sleep(0)
            print("foo: two")

        def bar():
            print("bar: to stderr", file=sys.stderr)
            gevent.sleep(0)
            sys.stdout.write("bar: in ")
            sys.stdout.write("pieces\\n")

        def raw(word):
            print("raw:", word)

        sys.stdout.write("started by main, ")
        a, b = gevent.spawn(foo), gevent.spawn(bar)
        gevent.spawn_raw(raw, "hello")
        gevent.sleep(0)
        print("finished by main")
        gevent.joinall([a, b])
        sys.stdout.writelines(["main: a\\n", "main: b\\n"])
        sys.stdout.write("no newline at the end")
    """)
    names = labels(record)
    got = [(names[lane], which, text) for _t, lane, which, text in record["lines"]]
    assert got == [
        # A line belongs to the greenlet that completes it (as it appears in
        # the output: main's unfinished line is ended by foo's print).
        ("foo", "out", "started by main, foo: one"),
        ("bar", "err", "bar: to stderr"),
        ("raw", "out", "raw: hello"),  # a plain greenlet, named from its frames
        ("main", "out", "finished by main"),
        ("foo", "out", "foo: two"),
        ("bar", "out", "bar: in pieces"),
        ("main", "out", "main: a"),
        ("main", "out", "main: b"),
        ("main", "out", "no newline at the end"),
    ]
    assert record["line_count"] == len(got) and record["lines_dropped"] == 0
    line_times = [t for t, *_ in record["lines"]]
    assert line_times == sorted(line_times)


def test_greenlet_names(tmp_path):
    _out, record = record_run(tmp_path, """
        import functools
        import gevent
        import greenlet

        class Pinger(gevent.Greenlet):
            def _run(self):
                gevent.sleep(0)

        def worker(name, *, delay=0):
            gevent.sleep(delay)

        def plain(x):
            greenlet.getcurrent().parent.switch()

        jobs = [gevent.spawn(worker, "steve"), gevent.spawn(worker, "x" * 80),
                gevent.spawn(worker, "steve"), Pinger(),
                gevent.spawn(worker, {"k": [1, [2, 3]]}, delay=0.001),
                gevent.spawn(lambda: None), gevent.spawn(map, worker, range(3))]
        jobs[3].start()
        named = gevent.spawn(worker, "anon")
        named.name = "a name the script chose, which is long and is never cut short, whatever its length"
        jobs.append(named)
        gevent.joinall(jobs)
        g = greenlet.greenlet(functools.partial(plain, 1))
        g.switch()
    """)
    names = labels(record)
    assert names[:2] == ["main", "hub"]
    assert names[2] == "worker('steve')"
    # A long argument is shortened (the name is about the call, not the data).
    assert names[3] == "worker('" + "x" * (rec.MAX_VALUE_CHARS - 3) + "\u2026')"
    assert names[4] == "worker('steve') #2"
    assert names[5] == "worker({'k': [1, <list>]}, delay=0.001)"  # two levels deep
    assert names[6] == "<lambda>"
    assert names[7] == "map(worker, range(0, 3))"  # functions by name
    assert names[8] == "Pinger"  # started after the others
    assert names[9].startswith("a name the script chose") and names[9].endswith("whatever its length")
    assert names[10] == "plain"  # a plain greenlet, named from its frames
    assert len(names) == 11


def test_server_connections_and_other_threads_get_lanes(tmp_path):
    # What the production chapter shows: a server's connections, a real
    # thread and gevent's threadpool each get a lane of their own.
    _out, record = record_run(tmp_path, """
        import threading
        import gevent
        from gevent.server import StreamServer
        from gevent.socket import create_connection

        def handle(sock, address):
            sock.sendall(b"hi")

        server = StreamServer(("127.0.0.1", 0), handle)
        server.start()
        with create_connection(("127.0.0.1", server.server_port)) as client:
            client.recv(2)
        server.stop()

        def in_thread(tag):
            print("from", tag)

        thread = threading.Thread(target=in_thread, args=("a thread",), name="worker")
        thread.start()
        thread.join()
        gevent.get_hub().threadpool.spawn(in_thread, "the threadpool").get()
    """)
    names = labels(record)
    assert any(re.fullmatch(r"handle\(<socket>, \('127\.0\.0\.1', \d+\)\)", n) for n in names), names
    by_text = {text: (names[lane], record["lanes"][lane]["kind"]) for _t, lane, _w, text in record["lines"]}
    assert by_text["from a thread"] == ("thread worker", "thread")
    assert by_text["from the threadpool"] == ("threadpool worker", "thread")


def test_a_blocked_hub_is_one_long_run(tmp_path):
    # A greenlet that never yields (a CPU loop, or an unpatched time.sleep)
    # keeps control: its run is long, and the ticker's next turn comes late.
    _out, record = record_run(tmp_path, """
        import time
        import gevent

        def ticker():
            for _ in range(3):
                gevent.sleep(0.02)

        def blocker():
            time.sleep(0.2)

        gevent.joinall([gevent.spawn(ticker), gevent.spawn(blocker)])
    """)
    tl = model.Timeline.from_record(record)
    lane = {lane.label: lane for lane in tl.lanes}
    longest = max(run.length for run in lane["blocker"].runs)
    assert longest >= 0.19
    blocked = max(lane["blocker"].runs, key=lambda run: run.length)
    ticks = [run.start for run in lane["ticker"].runs]
    assert not any(blocked.start < t < blocked.end for t in ticks)
    assert any(t >= blocked.end for t in ticks)
    # A lane that runs is never cut from the picture, however long it runs.
    assert not layout.make_scale(tl).cuts


def test_throw_events_and_hub_errors(tmp_path):
    out, record = record_run(tmp_path, """
        import gevent

        def sleeper():
            gevent.sleep(10)

        def fail():
            raise ValueError("expected")

        g = gevent.spawn(sleeper)
        f = gevent.spawn(fail)
        gevent.sleep(0.01)
        g.kill()
        print("done")
    """)
    assert "failed with ValueError" in out
    names = labels(record)
    throws = [(names[o], names[g]) for _t, o, g, k in record["switches"] if k == 1]
    assert throws == [("hub", "sleeper")]
    by_lane = {text: names[lane] for _t, lane, _w, text in record["lines"]}
    assert by_lane["ValueError: expected"] == "fail"
    assert by_lane["done"] == "main"
    root = parse_svg(timeline.draw(record, out, title="throws").svg)
    assert root.find(".//%spath[@class='tl-throw']" % SVG_NS) is not None
    assert "exception thrown in (kill, timeout)" in svg_texts(root)


def test_previous_trace_function_is_chained(tmp_path):
    path = tmp_path / "rec.json"
    code = textwrap.dedent("""
        import importlib.util, sys
        import greenlet
        seen = []
        greenlet.settrace(lambda event, args: seen.append(event))
        spec = importlib.util.spec_from_file_location("runexample_timeline", sys.argv[1])
        tl = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(tl)
        tl.install(sys.argv[2])
        print("gevent imported:", "gevent" in sys.modules)
        g = greenlet.greenlet(lambda: None)
        g.switch()
        print("chained:", seen)
    """)
    proc = subprocess.run([sys.executable, "-c", code, str(RECORDER), str(path)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=_env(),
                          timeout=60)
    assert proc.stdout.decode().splitlines() == [
        "gevent imported: False", "chained: ['switch', 'switch']"]
    assert rec.load(path)["switch_count"] == 2


def test_record_is_bounded(tmp_path):
    out, record = record_run(tmp_path, """
        import gevent

        def worker(n):
            for _ in range(700):
                gevent.sleep(0)

        gevent.joinall([gevent.spawn(worker, n) for n in range(10)])
        for i in range(2500):
            print("line", i)
    """)
    assert record["switch_count"] > 14_000
    assert len(record["switches"]) == rec.MAX_SWITCHES
    gap = record["switch_gap"]
    assert gap["dropped"] == record["switch_count"] - rec.MAX_SWITCHES
    assert gap["head"] == rec.MAX_SWITCHES // 2
    assert len(record["lines"]) == rec.MAX_LINES
    assert record["line_count"] == 2500 and record["lines_dropped"] == 500
    assert record["lines"][-1][3] == "line 2499"
    picture = timeline.draw(record, out, title="capped")
    assert len(picture.svg.encode()) <= timeline.MAX_BYTES
    notes = " ".join(svg_texts(parse_svg(picture.svg)))
    assert re.search(r"hides [\d,]+ switches", notes)
    assert "500 output lines in the middle of the run were not recorded" in notes


def test_no_record_after_os_exit(tmp_path):
    # Documented limitation: os._exit (and a kill on timeout) skip atexit.
    script = _write(tmp_path, "exit.py", "import os\nprint('bye', flush=True)\nos._exit(0)\n")
    path = tmp_path / "rec.json"
    proc = subprocess.run(rec.bootstrap_command(path, script), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, env=_env(), timeout=60)
    assert proc.stdout == b"bye\n"
    assert not path.exists()


def test_recorder_is_self_contained():
    tree = ast.parse(RECORDER.read_text(encoding="utf-8"))
    allowed = set(sys.stdlib_module_names) | {"greenlet"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports: the recorder is loaded by path"
            names = [node.module]
        else:
            continue
        for name in names:
            assert name.partition(".")[0] in allowed, name


def test_load_rejects_other_json(tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"files": []}))
    with pytest.raises(ValueError):
        rec.load(path)
    path.write_text(json.dumps({"format": rec.RECORD_FORMAT, "version": 1}))
    with pytest.raises(ValueError, match="version"):
        rec.load(path)


# --------------------------------------------------------------------------
# The recording does not change the output
# --------------------------------------------------------------------------

IDENTITY = """
    {patch}
    import sys
    import warnings
    import gevent

    def talker(name, n):
        for i in range(n):
            print(f"{{name}} out {{i}}")
            print(f"{{name}} err {{i}}", file=sys.stderr)
            sys.stdout.write(f"{{name}} partial ")
            gevent.sleep(0)
            sys.stdout.write("end\\n")

    def failing():
        raise ValueError("expected <failure> & more")

    sys.stdout.write("no newline yet... ")
    jobs = [gevent.spawn(talker, "a", 3), gevent.spawn(talker, "b", 2), gevent.spawn(failing)]
    gevent.joinall(jobs)
    warnings.warn("a warning")
    sys.stdout.buffer.write(b"raw bytes\\n")
    sys.stdout.writelines(["x\\n", "y\\n"])
    print("unicode: \\u00e9 \\u2713", flush=True)
    # The tracer must not give greenlets a name (that would show in repr), and
    # its stand-in for sys.stdout must look like the real stream.
    print('"Greenlet-' in repr(jobs[0]), repr(sys.stdout), sep=",")
    print(sys.stdout.encoding, sys.stderr.isatty(), sys.stdout.fileno())
    sys.stdout.write("tail without newline")
    raise SystemExit("bye")
"""


@pytest.mark.parametrize("unbuffered", [True, False], ids=["unbuffered", "buffered"])
@pytest.mark.parametrize("patch", [False, True], ids=["plain", "patch_all"])
def test_output_identical_with_and_without_tracer(tmp_path, unbuffered, patch):
    source = IDENTITY.format(
        patch="from gevent import monkey; monkey.patch_all()" if patch else "")
    script = _write(tmp_path, "identity.py", source)
    # Install like the runner: a sitecustomize on PYTHONPATH loads the module
    # by path before the script runs (python script.py, nothing else).
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(textwrap.dedent("""
        import importlib.util, os
        spec = importlib.util.spec_from_file_location(
            "runexample_timeline", os.environ.pop("TL_TEST_MODULE"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.install_from_env("TL_TEST_RECORD")
    """))
    path = tmp_path / "rec.json"

    def run(traced):
        env = _env()
        if not unbuffered:
            env.pop("PYTHONUNBUFFERED")
        if traced:
            env.update(PYTHONPATH=str(site), TL_TEST_MODULE=str(RECORDER),
                       TL_TEST_RECORD=str(path))
        proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path,
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, env=env, timeout=60)
        # What varies between any two runs: addresses and gevent's timestamp.
        out = re.sub(rb"0x[0-9a-f]+", b"0x...", proc.stdout)
        out = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"<time>", out)
        return proc.returncode, out

    plain = run(False)
    assert not path.exists()
    traced = run(True)
    assert traced == plain
    assert plain[0] == 1
    assert b"False,<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>\n" in plain[1]
    record = rec.load(path)
    texts = [text for *_rest, text in record["lines"]]
    assert "a err 2" in texts and "tail without newline" in texts
    assert any("failed with ValueError" in t for t in texts)
    assert record["switch_count"] > 10


# --------------------------------------------------------------------------
# The model: lanes, the window, numbered output lines
# --------------------------------------------------------------------------

# main prints, spawns two workers and waits; the hub runs each in turn; each
# prints and waits; then each prints again and finishes. Times in seconds.
WORKERS = make_record(
    [("main", "main"), ("hub", "hub"), ("worker('a')", "greenlet", 0.3004),
     ("worker('b')", "greenlet", 0.1004)],
    [(0.010, 0, 1), (0.0101, 1, 2), (0.0102, 2, 1), (0.0103, 1, 3), (0.0104, 3, 1),
     (0.1000, 1, 3), (0.1004, 3, 1), (0.3000, 1, 2), (0.3004, 2, 1), (0.3005, 1, 0)],
    [(0.001, 0, "out", "main: starting"), (0.01015, 2, "out", "a: start"),
     (0.01035, 3, "out", "b: start"), (0.1002, 3, "out", "b: done"),
     (0.1003, 3, "out", "b: really done"), (0.3002, 2, "out", "a: done"),
     (0.3006, 0, "out", "main: all done")],
    duration=0.31)
WORKERS_OUTPUT = "\n".join(["main: starting", "a: start", "b: start", "b: done",
                            "b: really done", "a: done", "from a subprocess", "main: all done"])


def test_lanes_runs_waits_and_window():
    tl = model.Timeline.from_record(WORKERS)
    assert [lane.label for lane in tl.lanes] == ["main", "worker('a')", "worker('b')", "hub"]
    main, a, b, hub = tl.lanes
    # The picture starts at the first switch: the start-up before it is left out.
    assert tl.window == model.Span(0.010, 0.3006)
    assert [(r.start, r.end) for r in b.runs] == [(0.0103, 0.0104), (0.1000, 0.1004)]
    assert b.life == model.Span(0.0103, 0.1004) and b.ended
    assert main.life == model.Span(0.0, 0.31) and not main.ended
    assert hub.life is None and hub.runs[0] == model.Span(0.010, 0.0101)
    # Only where nobody but the hub ran, and nobody printed, is idle.
    assert [(s.start, s.end) for s in tl.idle() if s.length > 0.01] == [(0.0104, 0.1), (0.1004, 0.3)]
    assert "main: starting" not in [line.text for line in tl.lines]


def test_markers_pair_recorded_lines_with_the_output():
    tl = model.Timeline.from_record(WORKERS)
    found = model.markers(tl, WORKERS_OUTPUT)
    # "main: starting" came before the first switch, and "from a subprocess"
    # was never recorded: neither is numbered. b printed two lines in one
    # turn: they share a number, which stands on the first.
    assert [(m.number, m.first, m.count, tl.lanes[m.lane].label) for m in found] == [
        (1, 1, 1, "worker('a')"), (2, 2, 1, "worker('b')"), (3, 3, 2, "worker('b')"),
        (4, 5, 1, "worker('a')"), (5, 7, 1, "main")]
    # Lines that appear in another order than recorded are skipped, not misnumbered.
    shuffled = model.markers(tl, "a: done\nb: done\nb: really done\nmain: all done")
    assert [(m.first, m.text) for m in shuffled] == [(1, "b: done"), (3, "main: all done")]


def test_many_greenlets_share_the_last_lane():
    lanes = [("main", "main"), ("hub", "hub")] + [(f"job({i})", "greenlet") for i in range(30)]
    switches = []
    for i in range(30):
        t = 0.01 + i * 0.001
        switches += [(t, 1, i + 2), (t + 0.0005, i + 2, 1)]
    tl = model.Timeline.from_record(make_record(lanes, [(0.005, 0, 1)] + switches))
    assert len(tl.lanes) == model.MAX_LANES
    assert tl.lanes[0].label == "main" and tl.lanes[-1].label == "hub"
    assert tl.lanes[-2].label == "17 more greenlets" and tl.folded == 17
    assert len(tl.lanes[-2].runs) == 17


def test_malformed_records_raise_value_error():
    with pytest.raises(ValueError):
        model.Timeline.from_record({"lanes": [{"kind": "main"}]})
    with pytest.raises(ValueError):
        model.Timeline.from_record(make_record([("main", "main")], [(0.1, 0, 5)],
                                               [(0.2, 7, "out", "x")]))


# --------------------------------------------------------------------------
# The layout: a linear axis, cut only where nothing ran
# --------------------------------------------------------------------------

def test_axis_is_linear_and_short_runs_stay_visible():
    tl = model.Timeline.from_record(WORKERS)
    scale = layout.make_scale(tl)
    assert not scale.cuts
    # Equal times, equal widths: the 0.2 s wait of a is twice the 0.1 s of b.
    x = scale.x
    assert x(0.3) - x(0.2) == pytest.approx(x(0.2) - x(0.1))
    assert x(tl.window.start) == layout.X0 + layout.PAD
    assert x(tl.window.end) == pytest.approx(layout.X1 - layout.PAD)
    rows = layout.lay_out(tl, []).rows
    b = rows[2]
    # 0.1 ms of running is far below a pixel: drawn MIN_RUN_W wide.
    assert [round(x1 - x0, 6) for x0, x1 in b.runs] == [layout.MIN_RUN_W, layout.MIN_RUN_W]
    assert b.wait == (pytest.approx(x(0.0103)), pytest.approx(x(0.1004)))
    ticks = [t.label.text for t in layout.make_ticks(scale, 100)[0] if t.label]
    assert ticks == ["0 ms", "50 ms", "100 ms", "150 ms", "200 ms", "250 ms"]


def _bursts(idle, busy=False):
    """Two 1 ms bursts of switches *idle* seconds apart, with only the hub in
    control between them, or (*busy*) with the worker running all along."""
    lanes = [("main", "main"), ("hub", "hub"), ("worker", "greenlet")]
    first = [(0.0100, 0, 1), (0.0102, 1, 2), (0.0104, 2, 1), (0.0106, 1, 2), (0.0108, 2, 1)]
    t = 0.0110 + idle
    owner = 2 if busy else 1
    gap = [(0.0110, 1, owner), (t, owner, 1)]
    last = [(t + 0.0002, 1, 2), (t + 0.0004, 2, 1), (t + 0.0010, 1, 0)]
    return make_record(lanes, first + gap + last, [(t + 0.0003, 2, "out", "late")])


def test_a_long_stretch_where_nothing_ran_is_cut_and_marked():
    tl = model.Timeline.from_record(_bursts(2.0))
    scale = layout.make_scale(tl)
    [cut] = scale.cuts
    assert cut.x1 - cut.x0 == layout.CUT_W
    assert 1.99 < cut.span.length < 2.0  # a few pixels of the wait stay on each side
    lay = layout.lay_out(tl, [])
    assert [t.text for t in lay.cut_labels] == ["2.00 s idle"]
    assert "cut" in [item.kind for item in lay.legend]
    # The bursts get the width: 1 ms of switching is now many pixels wide.
    assert scale.x(0.0110) - scale.x(0.0100) > 100


def test_no_cut_where_the_wait_is_the_lesson_or_someone_ran():
    # A wait of less than BREAK_SHARE of the picture is drawn to scale.
    assert not layout.make_scale(model.Timeline.from_record(_bursts(0.004))).cuts
    # A greenlet that runs (a CPU loop) is never cut, however long it takes.
    busy = model.Timeline.from_record(_bursts(2.0, busy=True))
    assert not layout.make_scale(busy).cuts


def test_long_names_wrap_and_every_text_stays_inside_and_apart():
    name = "handle_the_request_of(" + ", ".join(f"'argument number {i}'" for i in range(8)) + ")"
    record = json.loads(json.dumps(WORKERS))
    record["lanes"][2]["label"] = name
    tl = model.Timeline.from_record(record)
    lay = layout.lay_out(tl, model.markers(tl, WORKERS_OUTPUT))
    names = [t.text for t in lay.rows[1].names]
    assert len(names) > 1 and " ".join(names) == name  # wrapped, nothing cut
    _assert_texts_fit(lay)


def _assert_texts_fit(lay):
    boxes = []
    for t in lay.texts():
        top, bottom = t.y - t.size * 0.93, t.y + t.size * 0.24
        assert 0 <= t.left and t.right <= lay.width and 0 <= top and bottom <= lay.height, t
        boxes.append((t.left, top, t.right, bottom, t.text))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (a, b)


def test_crowded_markers_get_their_own_places():
    lines = [(0.0200 + i * 1e-6, 2, "out", f"line {i}") for i in range(30)]
    record = make_record([("main", "main"), ("hub", "hub"), ("talker", "greenlet")],
                         [(0.01, 0, 1), (0.0101, 1, 2)] + [(0.0200 + i * 1e-6 + 5e-7, 2, 2)
                                                           for i in range(30)] + [(0.03, 2, 1)],
                         lines)
    tl = model.Timeline.from_record(record)
    # Each line in a turn of its own (a self-switch separates them).
    found = model.markers(tl, "\n".join(f"line {i}" for i in range(30)))
    assert len(found) == 30
    lay = layout.lay_out(tl, found)
    badges = lay.rows[1].badges
    assert len(badges) == 30
    for i, a in enumerate(badges):
        for b in badges[i + 1:]:
            if a.top == b.top:
                assert abs(a.cx - b.cx) >= (a.width + b.width) / 2, (a.marker.number, b.marker.number)
    _assert_texts_fit(lay)


# --------------------------------------------------------------------------
# The SVG
# --------------------------------------------------------------------------

def test_picture_of_a_known_script(tmp_path):
    out, record = record_run(tmp_path, SWITCHING)
    picture = timeline.draw(record, out.rstrip("\n"), title="Explicit switching",
                            caption="Watch foo and bar take turns.", id_prefix="fig7")
    root = parse_svg(picture.svg)
    assert root.get("width") == "680" and root.get("viewBox").startswith("0 0 680 ")
    title, desc = root.find(SVG_NS + "title"), root.find(SVG_NS + "desc")
    assert root.get("aria-labelledby") == "fig7-t fig7-d" == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Explicit switching"
    assert desc.text.startswith("Watch foo and bar take turns. The main greenlet, 2 greenlets "
                                "(foo, bar) and gevent's hub over ")
    assert desc.text.endswith(": 16 switches and 7 output lines.")
    assert lane_names(root) == ["main", "foo", "bar", "hub"]
    # Every output line is numbered, in output order, and its marker sits on
    # the lane that printed it, with the line as its tip.
    assert [m.number for m in picture.markers] == list(range(1, 8))
    assert [m.first for m in picture.markers] == list(range(7))
    for marker in picture.markers:
        g = root.find(f".//{SVG_NS}g[@id='fig7-m{marker.number}']")
        assert g.get("class") == f"tl-marker fig7-n{marker.number}"
        assert g.find(SVG_NS + "title").text.endswith(out.splitlines()[marker.first])
    texts = svg_texts(root)
    legend = texts[texts.index("running"):]
    assert legend == ["running", "waiting", "finished", "hub in control: waits for I/O and timers",
                      "output line, numbered as in the output"]


NASTY = 'a<b & "c" \'d\' ]]> \x01\x1b[31m \ud800 \u2713'


def test_svg_escapes_names_and_output(tmp_path):
    record = make_record([("main", "main"), ("hub", "hub"), (NASTY, "greenlet")],
                         [(0.002, 0, 1), (0.003, 1, 2), (0.006, 2, 1), (0.008, 1, 0)],
                         [(0.004, 2, "out", NASTY), (0.0085, 0, "err", "</text><script>x</script>")])
    # As the runner shows it: decoded (a lone surrogate cannot be), escapes dropped.
    output = clean_output(NASTY.encode("utf-8", "surrogatepass")) + "\n</text><script>x</script>"
    picture = timeline.draw(record, output, title='T <&> "q"', caption="D & <d>")
    picture.svg.encode("utf-8")  # no lone surrogates left
    root = parse_svg(picture.svg)
    assert root.find(SVG_NS + "title").text == 'T <&> "q"'
    assert root.find(SVG_NS + "desc").text.startswith("D & <d> ")
    assert root.find(".//%sscript" % SVG_NS) is None
    assert any("a<b & \"c\" 'd' ]]>" in t for t in svg_texts(root))  # the lane's name
    tips = [el.text for el in root.iter(SVG_NS + "title")]
    assert any(t.endswith("</text><script>x</script>") for t in tips)
    assert len(picture.markers) == 2

    # The same through a real run: names and output from the script itself.
    out, record = record_run(tmp_path, """
        import gevent
        def work(tag):
            print("printed <b>&amp;</b> \\"quoted\\"")
        g = gevent.spawn(work, "<&>")
        g2 = gevent.spawn(work, 1)
        g2.name = 'x"<y>&z'
        gevent.joinall([g, g2])
    """)
    assert labels(record)[2:] == ["work('<&>')", 'x"<y>&z']
    root = parse_svg(timeline.draw(record, out, title="escapes").svg)
    assert {"work('<&>')", 'x"<y>&z'} <= set(svg_texts(root))


def test_busy_runs_stay_within_the_byte_budget(tmp_path):
    out, record = record_run(tmp_path, """
        import gevent

        def worker(n):
            for _ in range(25):
                gevent.sleep(0)
            print(f"worker {n} done")

        gevent.joinall([gevent.spawn(worker, n) for n in range(200)])
        print("all done")
    """)
    assert record["switch_count"] > 10_000
    for budget in (60_000, 30_000, 15_000):
        picture = timeline.draw(record, out, title="many switches", max_bytes=budget)
        assert len(picture.svg.encode("utf-8")) <= budget
        root = parse_svg(picture.svg)
        names = lane_names(root)
        assert len(names) == model.MAX_LANES
        assert names[0] == "main" and names[-1] == "hub" and names[-2].endswith("more greenlets")
        # Numbers go first when space is short; those left are said to be left.
        assert len(picture.markers) <= layout.DETAILS[0].markers
        assert budget < 60_000 or len(picture.markers) == layout.DETAILS[0].markers
        assert re.search(r"\d+ more output lines printed while greenlets ran are not",
                         " ".join(svg_texts(root)))
    # A budget too small for any drawing still gives a valid, small SVG.
    tiny = timeline.draw(record, out, title="tiny", max_bytes=1_000)
    assert tiny.markers == [] and "too busy to draw" in tiny.svg
    parse_svg(tiny.svg)


def test_drawing_is_deterministic_and_empty_runs_draw():
    assert timeline.draw(WORKERS, WORKERS_OUTPUT, title="x").svg == \
        timeline.draw(WORKERS, WORKERS_OUTPUT, title="x").svg
    # No switches at all (a script that never uses gevent), and nothing at all.
    only_lines = make_record([("main", "main")], [], [(0.005, 0, "out", "hello")])
    picture = timeline.draw(only_lines, "hello", title="plain")
    assert [m.text for m in picture.markers] == ["hello"]
    parse_svg(timeline.draw(make_record([("main", "main")], []), "", title="empty").svg)


def test_no_function_is_longer_than_80_lines():
    for path in sorted((PACKAGE / "timeline").glob("*.py")) + [PACKAGE / "render.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                assert length <= 80, f"{path.name}: {node.name}() is {length} lines"


def test_command_line(tmp_path):
    script = _write(tmp_path, "two.py", SWITCHING)
    svg = tmp_path / "out.svg"
    proc = subprocess.run([sys.executable, "-m", "runexample.timeline", str(script), str(svg)],
                          cwd=PACKAGE.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[:2] == ["  1 foo: one", "  2 bar: one"]
    assert "7 numbered output lines" in proc.stderr
    parse_svg(svg.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------
# On a page: drawn when the page is written, from the cached record
# --------------------------------------------------------------------------

CAPTION = "Watch a and b take turns at each sleep(0)."
TIMELINE_PAGE = ("# Page\n\n```{runexample} two_greenlets.py\n"
                 f":timeline: {CAPTION}\n```\n\nWhat to look for.\n")


def test_output_lines_carry_the_pictures_numbers(make_app, project):
    app = build(make_app, project, TIMELINE_PAGE)
    assert app._warning.getvalue() == ""
    page = html(app)
    output, figure = page.split("Output</span>")[1].split('<figure class="runexample-timeline"', 1)
    # The output reads as the script printed it, each line after its number.
    lines = re.findall(r'<span class="tl-line ([^"]*)"><span class="tl-num">(\d+)</span> ([^<]*)</span>',
                       output)
    assert [(n, text) for _cls, n, text in lines] == [
        ("1", "a step 1"), ("2", "b step 1"), ("3", "a step 2"), ("4", "b step 2")]
    # Each number pairs a line with the marker of the same number in the picture.
    for classes, n, _text in lines:
        pair = f"runexample-tl-1-n{n}"
        assert pair in classes.split()
        assert f'<g class="tl-marker {pair}" id="runexample-tl-1-m{n}">' in figure
    assert f"<figcaption>{CAPTION}</figcaption>" in figure
    assert "<title id=\"runexample-tl-1-t\">Greenlets of two_greenlets.py over time</title>" in figure
    assert f'<desc id="runexample-tl-1-d">{CAPTION} The main greenlet, 2 greenlets' in figure
    assert "runexample-timeline.js" in page


def test_the_epub_has_the_picture_and_the_numbers(make_app, project):
    app = build(make_app, project, TIMELINE_PAGE, builder="epub",
                 confoverrides={"version": "1", "copyright": "2026, the authors"})
    assert app._warning.getvalue() == ""
    page = (Path(app.outdir) / "index.xhtml").read_text(encoding="utf-8")
    root = ET.fromstring(page)  # well-formed XHTML, picture included
    xhtml = "{http://www.w3.org/1999/xhtml}"
    assert root.find(f".//{xhtml}figure/{xhtml}div/{SVG_NS}svg") is not None
    numbers = [el.text for el in root.iter(f"{xhtml}span") if el.get("class") == "tl-num"]
    assert numbers == ["1", "2", "3", "4"]


def test_changing_the_drawing_reruns_no_example(make_app, project, monkeypatch):
    first = build(make_app, project, TIMELINE_PAGE)
    assert events.state(first).runner.ran == 1
    assert layout.MAIN_COLOUR in html(first)
    first.cleanup()
    # Any change to how pictures look: here, the main greenlet's colour.
    monkeypatch.setattr(layout, "MAIN_COLOUR", "#123456")
    second = make_app("html", srcdir=project, freshenv=True)
    second.build()
    assert events.state(second).runner.ran == 0
    assert 'fill="#123456"' in html(second)


def test_the_cache_is_keyed_on_the_recorder_not_the_drawing(tmp_path):
    from runexample import cache

    copy = tmp_path / "runexample"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert cache.runner_digest(copy) == cache.RUNNER_DIGEST
    for drawing in ("model.py", "layout.py", "svg.py", "__init__.py", "__main__.py"):
        path = copy / "timeline" / drawing
        path.write_text(path.read_text() + "\n# changed\n")
    (copy / "render.py").write_text((copy / "render.py").read_text() + "\n# changed\n")
    assert cache.runner_digest(copy) == cache.RUNNER_DIGEST
    recorder = copy / "timeline" / "record.py"
    recorder.write_text(recorder.read_text() + "\n# changed\n")
    assert cache.runner_digest(copy) != cache.RUNNER_DIGEST
