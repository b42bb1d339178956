"""The matrix's cells, and the virtual environment that each one runs in."""

from __future__ import annotations

import dataclasses
import glob
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASES = Path(__file__).with_name("releases.txt")
REQUIREMENTS = ROOT / "requirements" / "docs.txt"
#: The line of REQUIREMENTS from which the examples' own packages are listed.
EXAMPLES_MARKER = "# The examples."
#: Where the cells' environments and caches live (ignored by git).
WORK = ROOT / ".compat"


@dataclasses.dataclass(frozen=True)
class Cell:
    """One Python and one gevent release."""

    python: str  #: "3.11"
    gevent: str  #: "24.11.1"
    pins: tuple[str, ...] = ()  #: other requirements this release needs, such as "greenlet==2.0.2"

    @property
    def id(self) -> str:
        return f"py{self.python}-gevent{self.gevent}"

    def gevent_version(self) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", self.gevent)[:3])


def read_matrix(path: Path = RELEASES) -> tuple[list[str], list[Cell]]:
    """(the Pythons, every cell), from the list file: each release on each Python."""
    pythons: list[str] = []
    releases: list[tuple[str, tuple[str, ...]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("pythons:"):
            pythons = line.split(":", 1)[1].split()
        elif line:
            release, *pins = line.split()
            releases.append((release, tuple(pins)))
    return pythons, [Cell(py, release, pins) for release, pins in releases for py in pythons]


def requirements(cell: Cell) -> str:
    """The examples' requirements, with only gevent (and the pins the release names) changed."""
    lines = REQUIREMENTS.read_text(encoding="utf-8").splitlines()
    lines = lines[lines.index(EXAMPLES_MARKER):]
    pinned = {"gevent": f"gevent=={cell.gevent}"}
    pinned.update((re.split(r"[=<>!~ ;]", pin, 1)[0].lower(), pin) for pin in cell.pins)
    out = []
    for line in lines:
        name = re.split(r"[=<>!~ ;\[]", line.strip(), 1)[0].lower()
        out.append(pinned.pop(name) if name in pinned else line)
    return "\n".join(out + sorted(pinned.values())) + "\n"


def find_python(version: str) -> str | None:
    """A working interpreter of *version*: ``python3.X`` on PATH (as CI's
    setup-python provides), else one that pyenv installed."""
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates = [shutil.which(f"python{version}")] + sorted(
        glob.glob(os.path.join(root, "versions", f"{version}.*", "bin", f"python{version}")),
        reverse=True)
    for candidate in filter(None, candidates):
        # A pyenv shim for a version that is installed but not selected fails to start.
        done = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2])"],
                              capture_output=True, text=True)
        if done.returncode == 0 and done.stdout.strip() == str(tuple(map(int, version.split("."))))[:]:
            return candidate
    return None


class Impossible(Exception):
    """The cell cannot exist: no interpreter, or no wheel of the release for it."""


def environment(cell: Cell, log=print) -> Path:
    """The cell's virtual environment, built now if missing or out of date; its python.

    Raises :class:`Impossible` with the reason when the cell cannot exist.
    """
    base = find_python(cell.python)
    if base is None:
        raise Impossible(f"no Python {cell.python} on this machine")
    wanted = requirements(cell)
    stamp_text = hashlib.sha256(f"{base}\n{wanted}".encode()).hexdigest()
    env = WORK / "envs" / cell.id
    python = env / "bin" / "python"
    stamp = env / ".requirements-sha256"
    if python.exists() and stamp.exists() and stamp.read_text() == stamp_text:
        return python
    known = WORK / "envs" / f"{cell.id}.impossible"
    if known.exists() and known.read_text().partition("\n")[0] == stamp_text:
        raise Impossible(known.read_text().partition("\n")[2])
    log(f"{cell.id}: building its environment")
    shutil.rmtree(env, ignore_errors=True)
    subprocess.run([base, "-m", "venv", str(env)], check=True, capture_output=True)
    req = env / "requirements.txt"
    req.write_text(wanted, encoding="utf-8")
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--only-binary", "gevent,greenlet", "-r", str(req)],
        capture_output=True, text=True)
    if done.returncode != 0:
        shutil.rmtree(env, ignore_errors=True)
        missing = re.search(r"No matching distribution found for (gevent|greenlet)\S*", done.stderr)
        if missing:
            what = f"gevent {cell.gevent}" if missing.group(1) == "gevent" else missing.group(0).split()[-1]
            reason = f"no wheel of {what} for Python {cell.python}"
            known.write_text(f"{stamp_text}\n{reason}")  # not asked of pip again
            raise Impossible(reason)
        raise RuntimeError(f"{cell.id}: pip install failed:\n{done.stderr[-2000:]}")
    stamp.write_text(stamp_text)
    return python


def versions(python: Path) -> dict[str, str]:
    """The exact versions a cell's environment holds: Python, gevent, greenlet."""
    code = ("import json, platform; from importlib.metadata import version as v; "
            "print(json.dumps({'python': platform.python_version(), "
            "'gevent': v('gevent'), 'greenlet': v('greenlet')}))")
    import json

    return json.loads(subprocess.run([str(python), "-c", code], check=True, capture_output=True,
                                     text=True).stdout)
