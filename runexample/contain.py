"""Find and kill every process an example started, however it detached.

Each run starts its script in a new session and process group, and marks it
with an environment variable holding a random token (:data:`MARKER`), which
every process it starts inherits. A daemon that forks twice and calls
``setsid()`` (``gunicorn --daemon``), or a child started with
``start_new_session=True``, leaves the group but keeps the marker. So after
every run, :func:`sweep` reads ``/proc`` once and kills

* every live process still in the script's group, and
* every live process that started after the script did and carries its token.

This is Linux behaviour. A process that replaces its whole environment
(``env -i``) and leaves the group escapes it. Where there is no ``/proc``
(macOS, the BSDs), only the process group is killed, and a process that left
it is not found. On Windows, which has neither, only the script itself is
killed on a timeout, and nothing it left behind is found.

The caller sweeps before it reaps the script: while the script is a zombie,
its pid, which is also its group's id, cannot be reused.

Nothing here imports Sphinx.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import signal
import time
from typing import Iterator

#: The environment variable that marks every process of one run.
MARKER = "RUNEXAMPLE_RUN"

_PROC = "/proc"
_PF_KTHREAD = 0x00200000  # in the flags of /proc/<pid>/stat
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def new_token() -> str:
    return secrets.token_hex(8)


@dataclasses.dataclass(frozen=True)
class Process:
    """One line of the process table, as far as a sweep cares."""

    pid: int
    state: str
    pgid: int
    start: int  #: when it started, in clock ticks since boot
    kernel: bool = False  #: a kernel thread, which no script can start
    session: int = 0
    rss: int = 0  #: resident memory, in bytes

    @property
    def live(self) -> bool:
        return self.state not in ("Z", "X")


def _read_stat(pid: int | str) -> Process | None:
    try:
        with open(f"{_PROC}/{pid}/stat", "rb") as f:
            data = f.read()
        # After "pid (command)": state ppid pgrp session ..., field 9 the
        # flags, field 22 the start time, field 24 the resident pages.
        rest = data.rsplit(b")", 1)[1].split()
        return Process(int(pid), rest[0].decode(), int(rest[2]), int(rest[19]),
                       kernel=bool(int(rest[6]) & _PF_KTHREAD), session=int(rest[3]),
                       rss=int(rest[21]) * _PAGE)
    except (OSError, IndexError, ValueError):
        return None


def pids() -> list[int]:
    """Every pid in ``/proc`` (none where there is no ``/proc``)."""
    try:
        return [int(name) for name in os.listdir(_PROC) if name.isdigit()]
    except OSError:
        return []


def process(pid: int) -> Process | None:
    """One line of the process table, or ``None`` if *pid* is gone."""
    return _read_stat(pid)


def processes() -> Iterator[Process]:
    """Every process in ``/proc`` (nothing where there is no ``/proc``)."""
    for pid in pids():
        proc = _read_stat(pid)
        if proc is not None:
            yield proc


def start_time(pid: int) -> int:
    """When *pid* started (clock ticks since boot), or 0 if that cannot be read."""
    proc = _read_stat(pid)
    return proc.start if proc else 0


def carries(pid: int, token: str) -> bool | None:
    """Whether *pid* was started with the marker of the run *token*.

    ``None`` when its environment reads empty. A process in the middle of
    ``exec`` shows none: its parent's ``Popen`` has returned (the kernel
    closes the close-on-exec pipe Python waits on) before the new program's
    environment is in place, and a loaded machine can hold it there for
    milliseconds, long enough for the script to end and be swept.
    """
    try:
        with open(f"{_PROC}/{pid}/environ", "rb") as f:
            data = f.read()
    except OSError:
        return False
    if not data:
        return None
    return f"{MARKER}={token}".encode() in data.split(b"\0")


def describe(pid: int) -> str:
    """A process as a report names it: its command line, shortened, and its pid."""
    try:
        with open(f"{_PROC}/{pid}/cmdline", "rb") as f:
            words = f.read().rstrip(b"\0").split(b"\0")
        command = " ".join(w.decode(errors="replace") for w in words)
    except OSError:
        command = "?"
    if len(command) > 80:
        command = command[:77] + "..."
    return f"'{command}' (pid {pid})"


def kill_group(pgid: int) -> None:
    """Kill process group *pgid* (nothing where there are no process groups: Windows)."""
    if not hasattr(os, "killpg"):
        return
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _belonging(pgid: int, token: str, since: int) -> tuple[list[Process], int]:
    """The run's live processes, and how many others might be (see :func:`carries`)."""
    own = os.getpid()
    found, unsure = [], 0
    for p in processes():
        if not p.live or p.pid == own or p.kernel:
            continue
        if p.pgid == pgid:
            found.append(p)
        elif p.start >= since:
            marked = carries(p.pid, token)
            if marked:
                found.append(p)
            elif marked is None:
                unsure += 1
    return found, unsure


def sweep(pgid: int, token: str, since: int, *, group_expected: bool = False) -> list[str]:
    """Kill every process of the run in group *pgid* marked with *token*.

    *since* is when the script started: processes older than that are never
    the run's. Returns a description of each process that was still running,
    leaving out members of the group when *group_expected* (a script killed on
    a timeout leaves its group running by definition).
    """
    left: dict[int, str] = {}
    if not os.path.isdir(_PROC):
        kill_group(pgid)
        return []
    # A process can fork while the first pass kills, or be in the middle of
    # exec: look again until none is left, or for at most about 0.2 s.
    for _ in range(20):
        found, unsure = _belonging(pgid, token, since)
        if not found and not unsure:
            break
        for proc in found:
            if proc.pid not in left and not (group_expected and proc.pgid == pgid):
                left[proc.pid] = describe(proc.pid)
            try:
                os.kill(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        kill_group(pgid)
        time.sleep(0.01)  # let the killed ones die before looking again
    return list(left.values())
