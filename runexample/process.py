"""Run one example script in a fresh interpreter and collect what it did.

The script runs in a temporary working directory, with stdin closed, stdout
and stderr merged into one pipe (so they interleave as written), and in a
process group of its own. When it ends, or is killed on a timeout, every
process it started is found and killed (:mod:`.contain`) while the script
itself is still unreaped, so that its pid, the id of its process group,
cannot have been given to another process meanwhile. Then it is reaped.

Nothing here imports Sphinx: the test suite and the benchmarks use
:func:`run_script` directly, and so can any tool that wants to run an
example the way the documentation build does.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import contain
from .environment import EnvSettings, child_env
from .files import file_digest
from .memory import WATCHER, format_size
from .records import RunResult, RunSpec
from .text import Places, clean_output


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

    def text(self, places: Places) -> str:
        return places.neutral(clean_output(bytes(self.kept), final=not self.dropped))


def _ended(pid: int) -> bool:
    """Whether *pid*, our child, has ended; it stays unreaped (a zombie) either way."""
    return bool(os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT | os.WNOHANG))


def _wait_unreaped(proc: subprocess.Popen, timeout: float) -> bool:
    """Wait for *proc* to end without reaping it, killing its group after
    *timeout*; return whether it timed out."""
    try:
        pidfd = os.pidfd_open(proc.pid)  # Linux: wake the moment it ends
    except (AttributeError, OSError):
        pidfd = None
    deadline = time.monotonic() + timeout
    try:
        while not _ended(proc.pid):
            left = deadline - time.monotonic()
            if left <= 0:
                contain.kill_group(proc.pid)
                os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
                return True
            if pidfd is not None:
                select.select([pidfd], [], [], left)
            else:
                time.sleep(min(left, 0.01))
        return False
    finally:
        if pidfd is not None:
            os.close(pidfd)


def _reap(proc: subprocess.Popen) -> float:
    """Reap *proc*, note its exit status, and return the CPU seconds it used."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime


def _wait_elsewhere(proc: subprocess.Popen, timeout: float) -> bool:
    """Where there is no ``waitid`` (Windows): wait and reap at once."""
    try:
        proc.wait(timeout=timeout)
        return False
    except subprocess.TimeoutExpired:
        contain.kill_group(proc.pid)
        proc.kill()
        proc.wait()
        return True


def run_script(spec: RunSpec, examples_dir: str | os.PathLike[str], python: str = sys.executable,
               *, env: EnvSettings | None = None,
               root: str | os.PathLike[str] | None = None) -> RunResult:
    """Run one example as the documentation build does, and say what it did.

    *env* says what the run's environment holds beside the minimum
    (:mod:`.environment`); *root*, the project's folder (by default the
    examples folder's parent), is what paths in the output are shown
    relative to (:class:`.text.Places`).
    """
    examples_dir = Path(examples_dir).resolve()
    script = examples_dir / spec.script
    token = contain.new_token()
    with tempfile.TemporaryDirectory(prefix="runexample-") as tmp:
        record_dir, work, home = (os.path.join(tmp, name) for name in (".record", "work", "home"))
        for folder in (record_dir, work, home):
            os.mkdir(folder)
        places = Places.of(root or examples_dir.parent, examples=examples_dir, work=work,
                           pythons=(python,), homes=(home, os.path.expanduser("~")),
                           temps=(tempfile.gettempdir(),))
        timeline_path = os.path.join(tmp, "timeline.json") if spec.timeline else None
        extra = {"RUNEXAMPLE_RECORD": record_dir, "RUNEXAMPLE_WATCH": str(examples_dir),
                 contain.MARKER: token}
        if timeline_path:
            extra["RUNEXAMPLE_TIMELINE"] = timeline_path
        if spec.max_memory and not os.path.isdir(contain._PROC):
            # No /proc to watch (macOS, the BSDs): each process of the run
            # limits its own address space instead (_child/sitecustomize.py).
            extra["RUNEXAMPLE_MAX_MEMORY"] = str(spec.max_memory)
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                [python, str(script), *spec.args], cwd=work, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                env=child_env(env, home, extra), start_new_session=True)
        except OSError as exc:
            return RunResult.failed_to_start(f"cannot start {python}: {exc.strerror or exc}")
        since = contain.start_time(proc.pid)
        sink = _Sink(proc.stdout, spec.max_bytes)
        cpu = None
        with WATCHER.watch(proc.pid, token, since, spec.max_memory) as memory:
            if hasattr(os, "waitid"):
                timed_out = _wait_unreaped(proc, spec.timeout)
                duration = time.perf_counter() - start
            else:
                timed_out = _wait_elsewhere(proc, spec.timeout)
                duration = time.perf_counter() - start
        left = contain.sweep(proc.pid, token, since, group_expected=timed_out or bool(memory.stopped_at))
        if hasattr(os, "waitid"):
            cpu = _reap(proc)
        sink.finish()
        deps, modules = _read_records(record_dir, examples_dir, script)
        timeline = _read_timeline(timeline_path, places) if timeline_path else None
    return RunResult(
        output=_with_notes(sink.text(places), sink.dropped, spec, timed_out, memory.stopped_at),
        returncode=None if timed_out else proc.returncode, duration=duration,
        timed_out=timed_out, left=left, cpu=cpu, cut_bytes=sink.dropped, deps=deps,
        modules=modules, timeline=timeline, peak_memory=memory.peak or None,
        memory_stopped=memory.stopped_at)


def _with_notes(output: str, dropped: int, spec: RunSpec, timed_out: bool,
                memory_stopped: int | None) -> str:
    """The output, with a note where it was cut and where the run was stopped."""
    if dropped:
        output += (f"\n[runexample: output cut after {spec.max_bytes:,} bytes; "
                   f"{dropped:,} more bytes were not kept]\n")
    if memory_stopped:
        output += (f"\n[runexample: stopped holding {format_size(memory_stopped)}, above its "
                   f"bound of {format_size(spec.max_memory)}]\n")
    if timed_out:
        output += f"\n[runexample: killed after {spec.timeout:g} s]\n"
    return output


def _read_timeline(record_path: str, places: Places) -> dict | None:
    """The switches the run recorded, or ``None`` if it recorded none (the
    script was killed, or left through ``os._exit``). Pictures are drawn from
    it when a page is written (runexample/render.py); its output lines name
    places as the output does."""
    from .timeline import record

    try:
        data = record.load(record_path)
    except (OSError, ValueError):
        return None
    data["lines"] = [[*rest, places.neutral(text)] for *rest, text in data.get("lines", ())]
    return data


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
