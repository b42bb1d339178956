"""Run example scripts in fresh interpreters and judge what they did.

Nothing here imports Sphinx: the test suite and the benchmark use this module
directly, and so can any other tool that wants to run an example the way the
documentation build does.
"""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import json
import os
import re
import select
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from . import contain

#: Folder holding the ``sitecustomize`` that every example interpreter loads.
CHILD_DIR = Path(__file__).with_name("_child")

#: Bumped whenever a change here could change a run's result: it is part of
#: every cache key, so old entries stop matching.
FORMAT = 5

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")

#: The line gevent's hub prints after the traceback of a greenlet that died,
#: for example ``2026-01-01T00:00:00Z <Greenlet at 0x7f..: fail> failed with ValueError``.
GREENLET_FAILURE = re.compile(r"^.*<[^<>\n]* at 0x[0-9a-fA-F]+[^\n]*> failed with [\w.]+\s*$", re.M)


@dataclasses.dataclass(frozen=True)
class RunSpec:
    """Everything that decides how one example runs.

    Two directives that show the same script with the same spec share one run.
    """

    script: str  #: path relative to the examples folder, with ``/`` separators
    timeout: float = 10.0
    returncode: int = 0
    greenlet_errors: bool = False
    alone: bool = False
    args: tuple[str, ...] = ()
    timeline: bool = False
    max_bytes: int = 32768  #: output beyond this many bytes is counted, not kept

    def key(self) -> str:
        """A short stable id for this spec (not the cache key: see :mod:`.cache`)."""
        blob = json.dumps(dataclasses.asdict(self), sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def describe(self) -> str:
        extra = []
        if self.args:
            extra.append(shlex.join(self.args))
        return " ".join([self.script, *extra])


@dataclasses.dataclass
class RunResult:
    """What one run of an example did."""

    output: str  #: stdout and stderr merged, decoded, ANSI escapes removed
    returncode: int | None  #: ``None`` when the run timed out
    duration: float  #: seconds of wall time
    timed_out: bool = False
    left: list[str] = dataclasses.field(default_factory=list)  #: processes that outlived it (killed)
    cpu: float | None = None  #: seconds of CPU used by the script and the children it waited for
    cut_bytes: int = 0  #: bytes of output beyond ``max_bytes``, not kept
    deps: dict[str, str] | None = None  #: files it used: relative path -> sha256
    modules: list[str] = dataclasses.field(default_factory=list)  #: top-level imports
    timeline: dict | None = None  #: the recorded greenlet switches (see runexample/timeline/record.py)
    cached: bool = False  #: taken from the cache rather than run in this build
    error: str | None = None  #: why the script could not be run at all

    def to_json(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> RunResult:
        fields = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in fields})


def clean_output(raw: bytes, final: bool = True) -> str:
    """Decode *raw* as UTF-8 (bad bytes become U+FFFD) and drop ANSI escapes.

    With *final* false, *raw* was cut short: an incomplete character at its end
    is dropped rather than shown as U+FFFD.
    """
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    text = decoder.decode(raw, final=final).replace("\r\n", "\n")
    return _ANSI.sub("", text)


def problems(spec: RunSpec, result: RunResult) -> list[str]:
    """Say, in words, everything wrong with *result*; an empty list means success."""
    found = []
    if result.error:
        return [f"could not be run: {result.error}"]
    if result.timed_out:
        found.append(f"timed out after {spec.timeout:g} s (the whole process group was killed)")
    elif result.returncode != spec.returncode:
        rc = result.returncode
        if rc is not None and rc < 0:
            try:
                name = signal.Signals(-rc).name
            except ValueError:
                name = f"signal {-rc}"
            found.append(f"was killed by {name} (expected exit status {spec.returncode})")
        else:
            found.append(f"exited with status {rc} (expected {spec.returncode})")
    failed = GREENLET_FAILURE.search(result.output)
    if failed and not spec.greenlet_errors:
        found.append(
            "a greenlet died with an uncaught exception (gevent printed "
            f"{failed.group(0).strip()!r}); if the page shows this on purpose, "
            "give the directive the :greenlet-errors: option"
        )
    elif spec.greenlet_errors and not failed and not result.timed_out:
        found.append(":greenlet-errors: is set, but no greenlet failed")
    if result.left:
        n = len(result.left)
        found.append(
            f"left {n} process{'es' if n > 1 else ''} running after it ended, "
            f"now killed: {', '.join(result.left)}"
        )
    return found


def child_env(record_dir: str | None, watch: Path, timeline: str | None = None,
              token: str | None = None) -> dict[str, str]:
    """The environment an example runs with.

    *token* marks every process of the run (see :mod:`.contain`).
    """
    env = dict(os.environ)
    for name in list(env):
        if name.startswith("RUNEXAMPLE_") or name in ("PYTHONSTARTUP", "PYTHONINSPECT"):
            del env[name]
    env.update(
        PYTHONHASHSEED="0",
        PYTHONUNBUFFERED="1",
        PYTHONIOENCODING="utf-8",
        PYTHONDONTWRITEBYTECODE="1",
        NO_COLOR="1",
    )
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(CHILD_DIR), os.environ.get("PYTHONPATH", "")) if p
    )
    if record_dir:
        env["RUNEXAMPLE_RECORD"] = record_dir
        env["RUNEXAMPLE_WATCH"] = str(watch)
    if timeline:
        env["RUNEXAMPLE_TIMELINE"] = timeline
    if token:
        env[contain.MARKER] = token
    return env


class _Sink:
    """Reads a pipe to its end in a thread, keeping the first *limit* bytes.

    A thread, so that the script itself is waited for: a process it leaves
    behind may hold the pipe open long after it exits.
    """

    def __init__(self, stream, limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.kept = bytearray()
        self.dropped = 0
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            while chunk := self.stream.read1(65536):
                room = max(0, self.limit - len(self.kept))
                self.kept += chunk[:room]
                self.dropped += len(chunk) - min(room, len(chunk))
        except (OSError, ValueError):
            pass

    def finish(self) -> None:
        self._thread.join(timeout=2)
        if self._thread.is_alive():  # something outside our reach holds the pipe
            self.stream.close()


def _wait(proc: subprocess.Popen, timeout: float) -> tuple[bool, float | None]:
    """Wait for *proc* (killing its group after *timeout*); return (timed out, CPU seconds).

    On Linux the wait wakes the moment the script ends (a pidfd), and reaps it
    with ``wait4`` to learn the CPU it used. Elsewhere, ``Popen.wait``.
    """
    try:
        pidfd = os.pidfd_open(proc.pid)
    except (AttributeError, OSError):
        try:
            proc.wait(timeout=timeout)
            return False, None
        except subprocess.TimeoutExpired:
            contain.kill_group(proc.pid)
            proc.wait()
            return True, None
    try:
        ready, _, _ = select.select([pidfd], [], [], timeout)
    finally:
        os.close(pidfd)
    if not ready:
        contain.kill_group(proc.pid)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return not ready, usage.ru_utime + usage.ru_stime


def run_script(
    spec: RunSpec,
    examples_dir: str | os.PathLike[str],
    python: str = sys.executable,
) -> RunResult:
    """Run one example in a fresh interpreter, in a temporary working directory.

    stdin is closed, stdout and stderr share one pipe (so they interleave as
    written), and the script gets its own process group. When it ends, or is
    killed on a timeout, every process it started is found and killed, in its
    group or not (:func:`.contain.sweep`).
    """
    examples_dir = Path(examples_dir).resolve()
    script = examples_dir / spec.script
    token = contain.new_token()
    with tempfile.TemporaryDirectory(prefix="runexample-") as tmp:
        record_dir, work = os.path.join(tmp, ".record"), os.path.join(tmp, "work")
        os.mkdir(record_dir)
        os.mkdir(work)
        timeline_path = os.path.join(tmp, "timeline.json") if spec.timeline else None
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                [python, str(script), *spec.args],
                cwd=work,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                env=child_env(record_dir, examples_dir, timeline_path, token),
                start_new_session=True,
            )
        except OSError as exc:
            return RunResult(output="", returncode=None, duration=0.0,
                             error=f"cannot start {python}: {exc.strerror or exc}")
        since = contain.start_time(proc.pid)
        sink = _Sink(proc.stdout, spec.max_bytes)
        timed_out, cpu = _wait(proc, spec.timeout)
        duration = time.perf_counter() - start
        left = contain.sweep(proc.pid, token, since, group_expected=timed_out)
        sink.finish()
        deps, modules = _read_records(record_dir, examples_dir, script)
        timeline = _read_timeline(timeline_path) if timeline_path else None
    output = clean_output(bytes(sink.kept), final=not sink.dropped)
    if sink.dropped:
        output += (f"\n[runexample: output cut after {spec.max_bytes:,} bytes; "
                   f"{sink.dropped:,} more bytes were not kept]\n")
    if timed_out:
        output += f"\n[runexample: killed after {spec.timeout:g} s]\n"
    return RunResult(
        output=output,
        returncode=None if timed_out else proc.returncode,
        duration=duration,
        timed_out=timed_out,
        left=left,
        cpu=cpu,
        cut_bytes=sink.dropped,
        deps=deps,
        modules=modules,
        timeline=timeline,
    )


def _read_timeline(record_path: str) -> dict | None:
    """The switches the run recorded, or ``None`` if it recorded none (the
    script was killed, or left through ``os._exit``). Pictures are drawn from
    it when a page is written (runexample/render.py)."""
    from .timeline import record

    try:
        return record.load(record_path)
    except (OSError, ValueError):
        return None


def _read_records(record_dir: str, examples_dir: Path, script: Path):
    """Merge what each interpreter of the run recorded about the files it used."""
    files: set[str] = set()
    modules: set[str] = set()
    found = False
    for name in os.listdir(record_dir):
        try:
            with open(os.path.join(record_dir, name), encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError):
            continue
        found = True
        files.update(data.get("files", ()))
        modules.update(data.get("modules", ()))
    if not found:
        # The script left without running its exit handlers (os._exit, a
        # signal): assume it used everything in its folder.
        files = {str(p) for p in script.parent.rglob("*") if p.is_file()}
    files.add(str(script))
    deps = {}
    for path in sorted(files):
        p = Path(path)
        if "__pycache__" in p.parts or not p.is_file():
            continue
        try:
            rel = p.resolve().relative_to(examples_dir).as_posix()
        except ValueError:
            continue
        deps[rel] = file_digest(p)
    return deps, sorted(modules)


def file_digest(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class _Gate:
    """Keeps ``alone`` runs apart from ordinary ones.

    Ordinary runs share the machine freely. A run marked ``alone`` waits
    until no ordinary run is under way, and while it waits or runs no new
    ordinary run starts; at most *alone_slots* such runs go at once. What
    distorts a timing demonstration is the CPU burst of many interpreters
    starting, not another script that mostly sleeps.
    """

    def __init__(self, alone_slots: int = 1) -> None:
        self._cond = threading.Condition()
        self._slots = max(1, alone_slots)
        self._shared = 0
        self._alone = 0
        self._waiting = 0

    @contextmanager
    def enter(self, alone: bool) -> Iterator[None]:
        with self._cond:
            if alone:
                self._waiting += 1
                self._cond.wait_for(lambda: not self._shared and self._alone < self._slots)
                self._waiting -= 1
                self._alone += 1
            else:
                self._cond.wait_for(lambda: not self._alone and not self._waiting)
                self._shared += 1
        try:
            yield
        finally:
            with self._cond:
                if alone:
                    self._alone -= 1
                else:
                    self._shared -= 1
                self._cond.notify_all()


def default_workers() -> int:
    """Examples mostly sleep or wait on sockets, so run several per core."""
    return min(32, 8 * (os.cpu_count() or 1))


def default_alone_slots() -> int:
    """Timing demonstrations that may share their quiet time (see :class:`_Gate`)."""
    return 3 * (os.cpu_count() or 1)


class Runner:
    """A pool that runs each distinct :class:`RunSpec` once, with an optional cache.

    ``submit`` returns a future; asking twice for the same spec returns the
    same future. With a :class:`~runexample.cache.Cache`, a valid entry is used
    instead of a run (unless ``fresh`` is true), and every successful run is
    stored.
    """

    def __init__(
        self,
        examples_dir: str | os.PathLike[str],
        *,
        python: str = sys.executable,
        workers: int | None = None,
        alone_slots: int | None = None,
        cache=None,
        fresh: bool = False,
        execute: bool = True,
    ) -> None:
        self.examples_dir = Path(examples_dir).resolve()
        self.python = python
        self.workers = workers or default_workers()
        self.cache = cache
        self.fresh = fresh
        self.execute = execute
        self._futures: dict[RunSpec, Future] = {}
        self._lock = threading.Lock()
        self._gate = _Gate(alone_slots or default_alone_slots())
        self._pool: ThreadPoolExecutor | None = None
        self._closed = False
        self.ran = 0  #: how many scripts this runner really ran

    def submit_all(self, specs) -> dict[Future, RunSpec]:
        """Submit *specs*, ``alone`` ones first so that they share one quiet spell."""
        ordered = sorted(specs, key=lambda spec: not spec.alone)
        return {self.submit(spec): spec for spec in ordered}

    def submit(self, spec: RunSpec) -> Future:
        """A future for *spec*'s result; after :meth:`close`, computed at once, in this thread."""
        with self._lock:
            fut = self._futures.get(spec)
            if fut is not None:
                return fut
            if not self._closed:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="runexample")
                fut = self._futures[spec] = self._pool.submit(self._get, spec)
                return fut
            fut = self._futures[spec] = Future()
        fut.set_result(self._get(spec))  # outside the lock: a run takes a while
        return fut

    def result(self, spec: RunSpec) -> RunResult | None:
        """The result for *spec*: ``None`` only when execution is off and nothing is cached."""
        return self.submit(spec).result()

    def submitted(self) -> dict[RunSpec, Future]:
        with self._lock:
            return dict(self._futures)

    def _get(self, spec: RunSpec) -> RunResult | None:
        if self.cache is not None and not self.fresh:
            hit = self.cache.load(spec)
            if hit is not None:
                return hit
        if not self.execute:
            return None
        with self._gate.enter(spec.alone):
            try:
                result = run_script(spec, self.examples_dir, self.python)
            except Exception as exc:  # a bug here must not become a bare traceback in the build
                result = RunResult(output="", returncode=None, duration=0.0,
                                   error=f"the runner failed: {exc!r}")
        with self._lock:
            self.ran += 1
        if self.cache is not None and not problems(spec, result):
            self.cache.store(spec, result)
        return result

    def close(self) -> None:
        """Stop the pool's threads; later requests run in the caller's thread."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
