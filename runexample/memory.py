"""A bound on the memory each run holds, its children included.

One thread watches every run under way: every :data:`INTERVAL` seconds it
sums the resident memory (RSS) of each run's processes, notes the run's peak,
and kills every process of a run whose sum passes the run's bound, at once.
A run's processes are those in its session or process group (the script
starts both), and those that carry its marker (:mod:`.contain`), such as a
daemon that called ``setsid()``.

Why this way (measured on the tutorial, see the closing note of issue 22):

* ``RLIMIT_AS`` / ``RLIMIT_DATA`` bound each process on its own, not a run
  with its children, and count address space that gevent's threads and
  glibc's arenas reserve but never touch; a script that passes them gets a
  ``MemoryError`` somewhere inside a library, not a clear stop.
* A cgroup's ``memory.max`` is exact, but creating one needs rights that
  neither Read the Docs nor GitHub's runners give a build.
* Reading ``/proc`` works for any user. A scan costs a ``listdir`` of
  ``/proc`` and one read of ``stat`` per process of a run; a process that
  belongs to no run is read once while it lives. Its limits: a process is stopped up
  to :data:`INTERVAL` after it passes the bound (at a few GB/s of
  allocation, a few hundred MB beyond it), and RSS counts a page shared by
  two processes (a fork's) twice, so a run's sum can exceed what it really
  holds.

Where there is no ``/proc`` nothing is watched: on macOS and the BSDs each
process of the run limits its own address space to the bound instead
(``_child/sitecustomize.py``), as far as the platform honours that, and on
Windows there is no bound. Nothing here imports Sphinx.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator

from . import contain

#: Seconds between two looks at the runs' memory.
INTERVAL = 0.05


@dataclasses.dataclass
class Watch:
    """One run, as the watcher sees it."""

    pid: int  #: the script: its pid is also its session's and its group's id
    token: str  #: the run's marker
    since: int  #: when the script started (clock ticks since boot)
    bound: int | None  #: bytes; ``None`` for no bound
    peak: int = 0  #: the most its processes held together, in bytes
    stopped_at: int | None = None  #: what they held when the bound stopped them


class Watcher:
    """Watches every run registered with :meth:`watch`, from one thread."""

    def __init__(self, interval: float = INTERVAL) -> None:
        self.interval = interval
        self._lock = threading.Lock()
        self._runs: dict[int, Watch] = {}
        self._thread: threading.Thread | None = None
        self._skip: set[int] = set()  # pids of live processes that belong to no run

    @contextmanager
    def watch(self, pid: int, token: str, since: int, bound: int | None) -> Iterator[Watch]:
        run = Watch(pid, token, since, bound)
        if not os.path.isdir(contain._PROC):
            yield run
            return
        with self._lock:
            self._runs[pid] = run
            # Its processes may have been seen, and skipped, before it was registered.
            self._skip.clear()
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="runexample-memory",
                                                daemon=True)
                self._thread.start()
        try:
            yield run
        finally:
            self.look()  # a last look, before the caller sweeps and reaps
            with self._lock:
                del self._runs[pid]

    def _loop(self) -> None:
        while True:
            with self._lock:
                if not self._runs:
                    self._thread = None
                    self._skip.clear()
                    return
            self.look()
            time.sleep(self.interval)

    def look(self) -> None:
        """Sum each run's memory once; stop the runs above their bound."""
        with self._lock:
            runs = dict(self._runs)
            if not runs:
                return
            held: dict[int, int] = dict.fromkeys(runs, 0)
            members: dict[int, list[int]] = {pid: [] for pid in runs}
            oldest = min(run.since for run in runs.values())
            present = contain.pids()
            # A pid that is gone may come back as a new process: forget it.
            self._skip.intersection_update(present)
            for pid in present:
                if pid in self._skip:
                    continue
                proc = contain.process(pid)
                if proc is None or not proc.live:
                    continue
                owner = None if proc.kernel or proc.start < oldest else self._owner(proc, runs)
                if owner is None:
                    self._skip.add(pid)  # never a run's: not read again while it lives
                    continue
                held[owner] += proc.rss
                members[owner].append(pid)
        for pid, run in runs.items():
            run.peak = max(run.peak, held[pid])
            if run.bound and held[pid] > run.bound and run.stopped_at is None:
                run.stopped_at = held[pid]
                _kill(pid, members[pid])

    def _owner(self, proc: contain.Process, runs: dict[int, Watch]) -> int | None:
        for pid in (proc.session, proc.pgid):
            if pid in runs:
                return pid
        return next((run.pid for run in runs.values()
                     if proc.start >= run.since and contain.carries(proc.pid, run.token)), None)


def _kill(group: int, pids: list[int]) -> None:
    contain.kill_group(group)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


#: The one watcher of this process.
WATCHER = Watcher()


def parse_size(value: str | int | float | None) -> int | None:
    """Bytes from ``1GiB``, ``512 MiB``, ``1.5G``, ``2000000`` (``0`` or ``None``: no bound)."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value) or None
    text = str(value).strip().replace(" ", "")
    units = {"": 1, "B": 1, "K": 1024, "KB": 1000, "KIB": 1024, "M": 1024**2, "MB": 1000**2,
             "MIB": 1024**2, "G": 1024**3, "GB": 1000**3, "GIB": 1024**3}
    number = text.rstrip("bBkKmMgGiI")
    unit = text[len(number):].upper()
    try:
        size = int(float(number) * units[unit])
    except (KeyError, ValueError):
        raise ValueError(f"{value!r} is not a size: give bytes, or a number with KiB, MiB or GiB") from None
    if size < 0:
        raise ValueError(f"{value!r} is not a size: it is below zero")
    return size or None


def format_size(size: int) -> str:
    """``1.2 GiB``, ``300 MiB``, ``12 KiB``."""
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= scale:
            value = size / scale
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    return f"{size} bytes"
