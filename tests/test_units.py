"""Unit tests of the runner's parts that need no Sphinx build: the scan of
page sources, the ``:alone:`` gate, and the cache."""

import json
import threading
import time
from pathlib import Path

import pytest

from runexample.cache import Cache
from runexample.interpreter import Interpreter
from runexample.pool import Gate
from runexample.records import RunResult, RunSpec
from runexample.scan import scan

# -- scan -------------------------------------------------------------------------------------


def test_scan_finds_each_spelling_with_its_options_and_line():
    text = (
        "# Page\n\n"
        "```{runexample} core/a.py\n:alone:\n:timeout: 3\n```\n\n"
        "~~~{runexample} core/b.py\n~~~\n\n"
        ":::{runexample} core/c.py\n:args: one 'two three'\n:::\n\n"
        "```python\nprint('not a directive')\n```\n\n"
        ".. runexample:: core/d.py\n   :no-output:\n"
    )
    found = [(u.argument, u.options, u.lineno) for u in scan(text)]
    assert found == [
        ("core/a.py", {"alone": None, "timeout": "3"}, 3),
        ("core/b.py", {}, 8),
        ("core/c.py", {"args": "one 'two three'"}, 11),
        ("core/d.py", {"no-output": None}, 19),
    ]


def test_scan_reads_an_indented_directive_and_a_file_without_a_last_newline():
    text = "- item\n\n  ```{runexample} x.py\n  :returncode: 1\n  ```"
    assert [(u.argument, u.options) for u in scan(text)] == [("x.py", {"returncode": "1"})]


def test_scan_finds_nothing_in_prose():
    assert list(scan("Use the {runexample} directive, as in runexample:: x.py\n")) == []


# -- the :alone: gate ----------------------------------------------------------------------------


def _run(gate, log, name, alone, hold=0.15):
    def work():
        with gate.enter(alone):
            log.append(("in", name, time.monotonic()))
            time.sleep(hold)
            log.append(("out", name, time.monotonic()))
    thread = threading.Thread(target=work)
    thread.start()
    return thread


def _overlap(log, a, b) -> bool:
    t = {(kind, name): when for kind, name, when in log}
    return t[("in", a)] < t[("out", b)] and t[("in", b)] < t[("out", a)]


def test_an_alone_run_waits_for_ordinary_runs_and_blocks_new_ones():
    gate, log = Gate(alone_slots=2), []
    first = _run(gate, log, "ordinary-1", alone=False)
    time.sleep(0.05)
    alone = _run(gate, log, "alone", alone=True)
    time.sleep(0.05)
    late = _run(gate, log, "ordinary-2", alone=False)  # arrives while "alone" waits
    for t in (first, alone, late):
        t.join(5)
    assert not _overlap(log, "alone", "ordinary-1")
    assert not _overlap(log, "alone", "ordinary-2")
    order = [name for kind, name, _ in log if kind == "in"]
    assert order == ["ordinary-1", "alone", "ordinary-2"]


def test_alone_runs_share_their_slots_and_no_more():
    gate, log = Gate(alone_slots=2), []
    threads = [_run(gate, log, f"alone-{i}", alone=True) for i in range(3)]
    for t in threads:
        t.join(5)
    inside, most = 0, 0
    for kind, _, _ in sorted(log, key=lambda e: e[2]):
        inside += 1 if kind == "in" else -1
        most = max(most, inside)
    assert most == 2


def test_ordinary_runs_share_freely():
    gate, log = Gate(alone_slots=1), []
    threads = [_run(gate, log, f"o{i}", alone=False) for i in range(4)]
    for t in threads:
        t.join(5)
    assert _overlap(log, "o0", "o3")


# -- the cache ---------------------------------------------------------------------------------


class _Fixed(Cache):
    """A cache whose interpreter is given, not probed."""

    def __init__(self, *args, interpreter: Interpreter, **kwargs):
        super().__init__(*args, **kwargs)
        self._interpreter = interpreter


PY = Interpreter(("CPython", "3.11.7 (main)", "linux"), {"gevent": "26.9.0", "greenlet": "3.5.6",
                                                         "Flask": "3.1.3"},
                 {"flask": ["Flask"], "gevent": ["gevent"]})


@pytest.fixture
def examples(tmp_path):
    folder = tmp_path / "examples"
    folder.mkdir()
    (folder / "hello.py").write_text("import _helper\n")
    (folder / "_helper.py").write_text("print('hi')\n")
    return folder


def _result(examples: Path, **extra) -> RunResult:
    from runexample.files import file_digest

    deps = {name: file_digest(examples / name) for name in ("hello.py", "_helper.py")}
    return RunResult(output="hi\n", returncode=0, duration=0.1, deps=deps, modules=["flask"], **extra)


def test_a_stored_run_comes_back_marked_as_cached(tmp_path, examples):
    cache = _Fixed(tmp_path / "c", examples, interpreter=PY, always=("gevent",))
    spec = RunSpec("hello.py")
    cache.store(spec, _result(examples))
    hit = cache.load(spec)
    assert hit is not None and hit.cached and hit.output == "hi\n"
    assert cache.load(RunSpec("hello.py", timeout=3)) is None  # another spec, another entry
    entry = json.loads(next((tmp_path / "c").glob("*.json")).read_text())
    assert entry["payload"]["packages"] == {"Flask": "3.1.3", "gevent": "26.9.0"}


@pytest.mark.parametrize("change", ["script", "helper", "imported package", "always package",
                                    "python", "checksum"])
def test_a_stored_run_is_stale_when_what_it_depends_on_changes(tmp_path, examples, change):
    cache = _Fixed(tmp_path / "c", examples, interpreter=PY, always=("gevent",))
    spec = RunSpec("hello.py")
    cache.store(spec, _result(examples))
    if change == "script":
        (examples / "hello.py").write_text("import _helper  # changed\n")
    elif change == "helper":
        (examples / "_helper.py").write_text("print('changed')\n")
    elif change in ("imported package", "always package"):
        name = "Flask" if change == "imported package" else "gevent"
        cache._interpreter = Interpreter(PY.python, {**PY.versions, name: "0.1"}, PY.modules)
    elif change == "python":
        cache._interpreter = Interpreter(("CPython", "3.12.1 (main)", "linux"), PY.versions, PY.modules)
    else:
        path = next((tmp_path / "c").glob("*.json"))
        entry = json.loads(path.read_text())
        entry["payload"]["result"]["output"] = "forged\n"
        path.write_text(json.dumps(entry))
    assert cache.load(spec) is None


def test_an_unrelated_package_or_file_does_not_matter(tmp_path, examples):
    cache = _Fixed(tmp_path / "c", examples, interpreter=PY, always=("gevent",))
    spec = RunSpec("hello.py")
    cache.store(spec, _result(examples))
    (examples / "other.py").write_text("print('unrelated')\n")
    cache._interpreter = Interpreter(PY.python, {**PY.versions, "greenlet": "9.9"}, PY.modules)
    assert cache.load(spec) is not None


def test_the_key_does_not_depend_on_the_interpreters_path(tmp_path, examples):
    """Two paths to the same environment (a symlinked .venv) share their entries."""
    one = _Fixed(tmp_path / "c", examples, python="/a/.venv/bin/python", interpreter=PY)
    two = _Fixed(tmp_path / "c", examples, python="/b/.venv/bin/python", interpreter=PY)
    spec = RunSpec("hello.py")
    one.store(spec, _result(examples))
    assert two.load(spec) is not None


def test_a_run_that_left_no_record_of_its_files_is_not_stored(tmp_path, examples):
    cache = _Fixed(tmp_path / "c", examples, interpreter=PY)
    cache.store(RunSpec("hello.py"), RunResult(output="", returncode=0, duration=0.1, deps=None))
    assert not (tmp_path / "c").exists() or not list((tmp_path / "c").glob("*.json"))


def test_the_probe_reads_the_interpreter_it_is_given():
    import sys

    from runexample.interpreter import probe

    found = probe(sys.executable)
    assert found.python[1] == sys.version
    assert found.versions["gevent"] and "gevent" in found.modules["gevent"]
    assert probe("/no/such/python").python[0] == "unusable"


# -- places of the build machine, named neutrally -----------------------------------------------


def test_places_are_named_as_a_reader_would_write_them():
    from runexample.text import Places

    places = Places.of("/work/main", examples="/work/main/examples",
                       pythons=("/work/main/.venv/bin/python",), homes=("/home/ann",),
                       temps=("/var/folders/x1/T",), work="/tmp/runexample-ab/work")
    cases = {
        'File "/work/main/examples/core/joinall_errors.py", line 13':
            'File "examples/core/joinall_errors.py", line 13',
        "pytest-9.2.0, pluggy-1.6.0 -- /work/main/.venv/bin/python":
            "pytest-9.2.0, pluggy-1.6.0 -- python",
        'File "/home/ann/.pyenv/versions/3.11.7/lib/python3.11/socket.py", line 9':
            'File "…/lib/python3.11/socket.py", line 9',
        "../../../.venv/lib/python3.11/site-packages/gevent/_socketcommon.py:221: in connect":
            "…/site-packages/gevent/_socketcommon.py:221: in connect",
        "rootdir: /work/main/examples/production/_pytest_demo": "rootdir: examples/production/_pytest_demo",
        "cwd /tmp/runexample-ab/work, root /work/main": "cwd ., root .",
        "config in /home/ann/.config/app": "config in ~/.config/app",
        "socket /var/folders/x1/T/tmpab/s.sock": "socket /tmp/tmpab/s.sock",
        # Not the same folder, only the same start: left alone.
        "/work/mainframe/x and /home/annie": "/work/mainframe/x and /home/annie",
    }
    for printed, shown in cases.items():
        assert places.neutral(printed) == shown, printed


@pytest.mark.parametrize("text, size", [("1GiB", 1 << 30), ("512 MiB", 512 << 20), ("1.5G", 3 << 29),
                                        ("2000000", 2_000_000), (4096, 4096), ("0", None), (None, None)])
def test_memory_sizes(text, size):
    from runexample.memory import parse_size

    assert parse_size(text) == size


def test_memory_sizes_read_back():
    from runexample.memory import format_size

    assert [format_size(n) for n in (1 << 30, 1288490188, 300 << 20, 12 << 10, 100)] == [
        "1.0 GiB", "1.2 GiB", "300 MiB", "12 KiB", "100 bytes"]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="the memory watch reads /proc")
def test_a_run_registered_after_the_watcher_saw_its_process_is_still_counted():
    import subprocess
    import sys

    from runexample import contain, memory

    sleepers = [subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"],
                                 start_new_session=True) for _ in range(2)]
    try:
        watcher = memory.Watcher(interval=0.005)
        first, second = sleepers
        with watcher.watch(first.pid, contain.new_token(), contain.start_time(first.pid), None) as one:
            time.sleep(0.1)  # the watcher has looked at the second sleeper: no run of its own yet
            with watcher.watch(second.pid, contain.new_token(), contain.start_time(second.pid),
                               None) as two:
                time.sleep(0.1)
        assert one.peak > 1 << 20 and two.peak > 1 << 20, (one.peak, two.peak)
    finally:
        for p in sleepers:
            p.kill()
            p.wait()
