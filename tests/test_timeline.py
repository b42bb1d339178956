"""Tests for runexample/timeline.py: recording greenlet switches, drawing them.

Every recording runs in a fresh interpreter, the way the runner does it:
the module is loaded by file path at start-up and the script runs after it.
"""

import ast
import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

TIMELINE = Path(__file__).resolve().parents[1] / "runexample" / "timeline.py"
SVG_NS = "{http://www.w3.org/2000/svg}"


def _load_by_path():
    # The same way the runner's sitecustomize loads it: by path, under a
    # name of its own, without importing the runexample package.
    spec = importlib.util.spec_from_file_location("runexample_timeline_test", TIMELINE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tl = _load_by_path()


def _write(tmp_path, name, source):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
    return path


def _env(**extra):
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("PYTHONPATH", None)
    env.update(extra)
    return env


def record_run(tmp_path, source, name="script.py", **kwargs):
    """Run *source* under the recorder; return (merged output, record)."""
    script = _write(tmp_path, name, source)
    rec = tmp_path / (name + ".json")
    proc = subprocess.run(
        tl.bootstrap_command(rec, script, python=sys.executable),
        cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, env=_env(), timeout=120, **kwargs)
    assert proc.returncode == 0, proc.stdout.decode(errors="replace")
    return proc.stdout.decode(), tl.load(rec)


def labels(record):
    return [lane["label"] for lane in record["lanes"]]


def switch_pairs(record):
    names = labels(record)
    return [(names[o], names[g]) for _t, o, g, _k in record["switches"]]


def evenly_timed(record, step=1e-3):
    """A copy of *record* with its events 1 ms apart, in the same order.

    What a drawing shows depends on the timing of the run, which a busy
    machine stretches; tests of the drawing's details use this copy.
    """
    record = json.loads(json.dumps(record))
    events = sorted([(s[0], 0, i) for i, s in enumerate(record["switches"])]
                    + [(ln[0], 1, i) for i, ln in enumerate(record["lines"])])
    for n, (_t, kind, i) in enumerate(events, start=1):
        (record["switches"] if kind == 0 else record["lines"])[i][0] = n * step
    record["duration"] = (len(events) + 1) * step
    return record


def parse_svg(svg):
    root = ET.fromstring(svg)  # raises on malformed XML
    assert root.tag == SVG_NS + "svg"
    return root


def svg_texts(root):
    """The visible strings of the <text> elements (not their <title> tips)."""
    return [el.text or "" for el in root.iter(SVG_NS + "text")]


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

def test_known_script_lanes_and_switches(tmp_path):
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
    assert record["lane_switches"] == [2, 8, 3, 3]
    assert record["switch_gap"] is None
    assert all(k == 0 for *_rest, k in record["switches"])  # no throws
    times = [s[0] for s in record["switches"]]
    assert times == sorted(times) and 0 < times[0] <= record["duration"]
    # The runs add up to the whole recording.
    assert sum(record["lane_runtime"]) == pytest.approx(record["duration"], abs=1e-5)


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
        ("raw", "out", "raw: hello"),
        ("main", "out", "finished by main"),
        ("foo", "out", "foo: two"),
        ("bar", "out", "bar: in pieces"),
        ("main", "out", "main: a"),
        ("main", "out", "main: b"),
        ("main", "out", "no newline at the end"),
    ]
    assert record["line_count"] == len(got)
    line_times = [t for t, *_ in record["lines"]]
    assert line_times == sorted(line_times)
    # The drawing puts each label on its lane: same order of lanes as names.
    svg = tl.render_svg(evenly_timed(record), title="attribution")
    texts = svg_texts(parse_svg(svg))
    for text in ("bar: to stderr", "raw: hello", "foo: two", "finished by main"):
        assert text in texts


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
                gevent.spawn(worker, {"k": [1, 2]}, delay=0.001),
                gevent.spawn(lambda: None)]
        jobs[3].start()
        named = gevent.spawn(worker, "anon")
        named.name = "custom name"
        jobs.append(named)
        gevent.joinall(jobs)
        g = greenlet.greenlet(functools.partial(plain, 1))
        g.switch()
    """)
    names = labels(record)
    assert names[:2] == ["main", "hub"]
    assert names[2] == "worker('steve')"
    assert names[3].startswith("worker('xxxx") and len(names[3]) <= tl.MAX_LABEL_CHARS
    assert names[4] == "worker('steve') #2"
    assert names[5] == "worker({'k': <list>}, delay=0.001)"
    assert names[6] == "<lambda>"
    assert names[7] == "Pinger"  # started after the others
    assert names[8] == "custom name"
    assert names[9] == "plain"  # a plain greenlet, named from its frames
    assert len(names) == 10


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
    svg = tl.render_svg(record, title="throws")
    root = parse_svg(svg)
    assert root.find(".//%spath[@class='tl-throw']" % SVG_NS) is not None


def test_previous_trace_function_is_chained(tmp_path):
    rec = tmp_path / "rec.json"
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
    proc = subprocess.run([sys.executable, "-c", code, str(TIMELINE), str(rec)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=_env(),
                          timeout=60)
    assert proc.stdout.decode().splitlines() == [
        "gevent imported: False", "chained: ['switch', 'switch']"]
    assert tl.load(rec)["switch_count"] == 2


def test_record_is_bounded(tmp_path):
    _out, record = record_run(tmp_path, """
        import gevent

        def worker(n):
            for _ in range(1300):
                gevent.sleep(0)

        gevent.joinall([gevent.spawn(worker, n) for n in range(10)])
        for i in range(2500):
            print("line", i)
    """)
    assert record["switch_count"] > 26_000
    assert len(record["switches"]) == tl.MAX_EVENTS
    gap = record["switch_gap"]
    assert gap["dropped"] == record["switch_count"] - tl.MAX_EVENTS
    assert gap["head"] == tl.MAX_EVENTS // 2
    assert len(record["lines"]) == tl.MAX_LINES
    assert record["line_count"] == 2500
    assert record["line_gap"]["dropped"] == 500
    assert record["lines"][-1][3] == "line 2499"
    svg = tl.render_svg(record, title="capped")
    assert len(svg.encode()) <= 60_000
    notes = " ".join(svg_texts(parse_svg(svg)))
    assert "switches not recorded" in notes
    assert "500 output lines not recorded" in notes


def test_no_record_after_os_exit(tmp_path):
    # Documented limitation: os._exit (and a kill on timeout) skip atexit.
    script = _write(tmp_path, "exit.py", "import os\nprint('bye', flush=True)\nos._exit(0)\n")
    rec = tmp_path / "rec.json"
    proc = subprocess.run(tl.bootstrap_command(rec, script), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, env=_env(), timeout=60)
    assert proc.stdout == b"bye\n"
    assert not rec.exists()


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
    # The tracer must not give greenlets a name (that would show in repr).
    print('"Greenlet-' in repr(jobs[0]), type(sys.stdout).__name__ != "", sep=",")
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
    rec = tmp_path / "rec.json"

    def run(traced):
        env = _env()
        if not unbuffered:
            env.pop("PYTHONUNBUFFERED")
        if traced:
            env.update(PYTHONPATH=str(site), TL_TEST_MODULE=str(TIMELINE),
                       TL_TEST_RECORD=str(rec))
        proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path,
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, env=env, timeout=60)
        # What varies between any two runs: addresses and gevent's timestamp.
        out = re.sub(rb"0x[0-9a-f]+", b"0x...", proc.stdout)
        out = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"<time>", out)
        return proc.returncode, out

    plain = run(False)
    assert not rec.exists()
    traced = run(True)
    assert traced == plain
    assert plain[0] == 1
    assert b"False,True" in plain[1]
    record = tl.load(rec)
    texts = [text for *_rest, text in record["lines"]]
    assert "a err 2" in texts and "tail without newline" in texts
    assert any("failed with ValueError" in t for t in texts)
    assert record["switch_count"] > 10


# --------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------

def test_svg_of_known_script(tmp_path):
    _out, record = record_run(tmp_path, SWITCHING)
    assert "16 switches" in tl.summary(record)
    svg = tl.render_svg(evenly_timed(record), title="Explicit switching",
                        desc="Watch foo and bar take turns.")
    root = parse_svg(svg)
    assert root.get("viewBox").startswith("0 0 760 ") and root.get("width") == "100%"
    title, desc = root.find(SVG_NS + "title"), root.find(SVG_NS + "desc")
    assert root.get("aria-labelledby") == "%s %s" % (title.get("id"), desc.get("id"))
    assert title.text == "Explicit switching"
    assert desc.text.startswith("Watch foo and bar take turns. Timeline of the main greenlet, "
                                "gevent's hub and 2 greenlets (foo, bar): 16 switches within ")
    assert "16 switches" in desc.text and "7 output lines" in desc.text
    names = root.find(".//%sg[@class='tl-names']" % SVG_NS)
    assert svg_texts(names) == ["hub", "main", "foo", "bar"]
    # One bar path per lane, and nothing merged at this size.
    assert len(root.findall(".//%spath[@class='tl-run']" % SVG_NS)) == 4
    assert "merged" not in svg
    connectors = root.find(".//%spath[@class='tl-switch']" % SVG_NS).get("d")
    assert connectors.count("V") == 16
    texts = svg_texts(root)
    for line in ("foo: one", "bar: three", "main: done"):
        assert line in texts
    ticks = svg_texts(root.find(".//%sg[@class='tl-ticks']" % SVG_NS))
    assert ticks[0] == "0 ms" and ticks[-1] == "20 ms"  # 23 events, 1 ms apart


def test_thousands_of_switches_stay_within_budget(tmp_path):
    _out, record = record_run(tmp_path, """
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
        svg = tl.render_svg(record, title="many switches", max_bytes=budget)
        assert len(svg.encode("utf-8")) <= budget
        root = parse_svg(svg)
        notes = " ".join(svg_texts(root.find(".//%sg[@class='tl-notes']" % SVG_NS)))
        assert re.search(r"[\d,]+ switches (and [\d,]+ short runs )?merged", notes), notes
        assert "greenlets share the last lane" in notes
        names = svg_texts(root.find(".//%sg[@class='tl-names']" % SVG_NS))
        assert len(names) == 16 and names[-1].startswith("+")
    # A budget too small for any drawing still gives a valid, small SVG.
    tiny = tl.render_svg(record, title="tiny", max_bytes=1_000)
    assert len(tiny.encode()) <= 1_000
    assert "too large" in tiny
    parse_svg(tiny)


NASTY = 'a<b & "c" \'d\' ]]> \x01\x1b[31m \ud800 \u2713'


def _synthetic_record(lane_label=NASTY, text=NASTY):
    return {
        "format": tl.RECORD_FORMAT, "version": tl.RECORD_VERSION,
        "duration": 0.01, "initial_lane": 0,
        "lanes": [{"label": "main", "kind": "main"}, {"label": "hub", "kind": "hub"},
                  {"label": lane_label, "kind": "greenlet"}],
        "lane_runtime": [0.004, 0.003, 0.003], "lane_switches": [1, 2, 1],
        "switch_count": 4,
        "switches": [[0.002, 0, 1, 0], [0.003, 1, 2, 0], [0.006, 2, 1, 0], [0.008, 1, 0, 0]],
        "switch_gap": None, "line_count": 2,
        "lines": [[0.004, 2, "out", text], [0.0085, 0, "err", "</text><script>x</script>"]],
        "line_gap": None,
    }


def test_svg_escapes_names_and_output(tmp_path):
    svg = tl.render_svg(_synthetic_record(), title='T <&> "q"', desc="D & <d>")
    svg.encode("utf-8")  # no lone surrogates left
    root = parse_svg(svg)
    assert root.find(SVG_NS + "title").text == 'T <&> "q"'
    assert root.find(SVG_NS + "desc").text.startswith("D & <d> ")
    assert root.find(".//%sscript" % SVG_NS) is None
    texts = svg_texts(root)
    assert any("a<b & \"c\" 'd' ]]>" in t for t in texts)  # greenlet name
    assert any(t.startswith("a<b & \"c\"") for t in texts)  # output label
    assert any("</text><script>" in t for t in texts)

    # The same through a real run: names and output from the script itself.
    _out, record = record_run(tmp_path, """
        import gevent
        def work(tag):
            print("printed <b>&amp;</b> \\"quoted\\"")
        g = gevent.spawn(work, "<&>")
        g2 = gevent.spawn(work, 1)
        g2.name = 'x"<y>&z'
        gevent.joinall([g, g2])
    """)
    assert labels(record)[2:] == ["work('<&>')", 'x"<y>&z']
    texts = svg_texts(parse_svg(tl.render_svg(record, title="escapes")))
    assert "work('<&>')" in texts and 'x"<y>&z' in texts
    assert 'printed <b>&amp;</b> "quoted"' in texts


def test_render_edge_cases():
    # No switches at all (a script that never uses gevent).
    record = _synthetic_record()
    record.update(lanes=[{"label": "main", "kind": "main"}], switches=[], switch_count=0,
                  lines=[[0.005, 0, "out", "hello"]], line_count=1,
                  lane_runtime=[0.01], lane_switches=[0])
    root = parse_svg(tl.render_svg(record, title="plain"))
    assert "hello" in svg_texts(root)
    # Nothing at all.
    record.update(lines=[], line_count=0, duration=0.0)
    parse_svg(tl.render_svg(record, title="empty"))
    # Rendering is deterministic (the drawing is cached with the output).
    rec = _synthetic_record()
    assert tl.render_svg(rec, title="x") == tl.render_svg(rec, title="x")


def test_load_rejects_other_json(tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"files": []}))
    with pytest.raises(ValueError):
        tl.load(path)


def test_module_is_self_contained():
    tree = ast.parse(TIMELINE.read_text(encoding="utf-8"))
    allowed = set(sys.stdlib_module_names) | {"greenlet", "__future__"}
    for node in tree.body:  # top level only; function bodies may import lazily
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports"
            names = [node.module]
        else:
            continue
        for name in names:
            assert name.partition(".")[0] in allowed, name
    assert "gevent" not in {n.partition(".")[0] for n in allowed}


def test_long_waits_are_drawn_shortened():
    # Bursts of switches 50 ms apart, as gevent.sleep(0.05) makes them.
    switches, lines, t = [], [], 0.010
    for burst in range(3):
        for _ in range(4):
            switches += [[t, 1, 2, 0], [t + 20e-6, 2, 1, 0]]
            t += 40e-6
        lines.append([t - 30e-6, 2, "out", "burst %d" % burst])
        t += 0.050
    record = _synthetic_record(lane_label="worker")
    record.update(switches=switches, switch_count=len(switches), lines=lines,
                  line_count=len(lines), duration=t)
    auto = parse_svg(tl.render_svg(record, title="auto"))
    ticks = svg_texts(auto.find(".//%sg[@class='tl-ticks']" % SVG_NS))
    waits = [t for t in ticks if t.startswith("+")]
    assert waits == ["+50.0 ms", "+50.0 ms"]
    notes = " ".join(svg_texts(auto.find(".//%sg[@class='tl-notes']" % SVG_NS)))
    assert "Long stretches without a switch are drawn shortened" in notes
    assert auto.find(".//%srect[@class='tl-wait']" % SVG_NS) is not None
    # Each burst gets real width: the 8 switches of a burst are drawn apart.
    connectors = auto.find(".//%spath[@class='tl-switch']" % SVG_NS).get("d")
    xs = [float(m) for m in re.findall(r"M([\d.]+) [\d.]+V", connectors)]
    assert len(xs) == 24 and xs == sorted(xs)
    assert min(b - a for a, b in zip(xs, xs[1:])) > 5
    for label in ("burst 0", "burst 1", "burst 2"):
        assert label in svg_texts(auto)

    linear = parse_svg(tl.render_svg(record, title="linear", time_scale="linear"))
    ticks = svg_texts(linear.find(".//%sg[@class='tl-ticks']" % SVG_NS))
    assert not [t for t in ticks if t.startswith("+")]
    assert linear.find(".//%srect[@class='tl-wait']" % SVG_NS) is None
    with pytest.raises(ValueError):
        tl.render_svg(record, title="x", time_scale="log")
