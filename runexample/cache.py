"""A cache of example runs on disk: one JSON file per example.

An entry is valid only while everything the run depended on is unchanged:

* the run options (the :class:`~runexample.records.RunSpec`),
* the script and every file beside it that the run opened or imported
  (recorded by the example's interpreter, so helper modules, templates and
  static files count, and unrelated files do not),
* the environment the examples get (``runexample_pass_env`` and
  ``runexample_set_env``, see :mod:`.environment`),
* the Python of the interpreter that runs the examples (``runexample_python``),
  and the versions of each distribution the script imported and of those
  named in ``runexample_cache_packages``, all read from that interpreter
  (:mod:`.interpreter`), not from the build's own,
* the runner's own code that shapes a result (``runner.py``, ``contain.py``,
  the start-up hook and the timeline recorder, ``timeline/record.py``; not
  the code that draws timelines, which runs when a page is written).

Entries are written to a temporary file and renamed into place, so a reader
never sees half an entry, even with two builds sharing the folder. An entry
that fails to parse, or whose checksum does not match, is ignored (and later
replaced), never trusted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import tempfile
import threading
from pathlib import Path

from .environment import EnvSettings
from .files import file_digest
from .interpreter import Interpreter, probe
from .records import FORMAT, RunResult, RunSpec

#: The runner's own files that shape a result: editing one invalidates the cache.
_RUNNER_FILES = ("process.py", "environment.py", "text.py", "contain.py", "memory.py",
                 "timeline/record.py", "_child/sitecustomize.py")
_HERE = Path(__file__).parent


def runner_digest(package: Path = _HERE) -> str:
    """The SHA-256 of the runner's files (:data:`_RUNNER_FILES`) in *package*."""
    return hashlib.sha256(
        b"".join((package / name).read_bytes() for name in _RUNNER_FILES)
    ).hexdigest()


RUNNER_DIGEST = runner_digest()


def _checksum(payload: dict) -> str:
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


class Cache:
    """Run results kept in *folder*, checked against *examples_dir* on load.

    *python* is the interpreter that runs the examples; *always* names the
    distributions every entry depends on, imported or not (this tutorial:
    gevent and greenlet, whose C parts a script may use without importing).
    """

    def __init__(self, folder: str | os.PathLike[str], examples_dir: str | os.PathLike[str],
                 python: str = sys.executable, always: tuple[str, ...] = (),
                 env: EnvSettings | None = None) -> None:
        self.folder = Path(folder)
        self.examples_dir = Path(examples_dir).resolve()
        self.python = python
        self.env = env or EnvSettings()
        self._env_key = self.env.key()
        self.always = tuple(always)
        self._lock = threading.Lock()
        self._interpreter: Interpreter | None = None

    # -- what an entry depends on -------------------------------------------

    @property
    def interpreter(self) -> Interpreter:
        """What :attr:`python` is, asked once (:func:`.interpreter.probe`)."""
        with self._lock:
            if self._interpreter is None:
                self._interpreter = probe(self.python, self.env)
            return self._interpreter

    def packages(self, modules: list[str]) -> dict[str, str | None]:
        """The versions of the distributions behind *modules* and of :attr:`always`."""
        return self.interpreter.packages(modules, self.always)

    def key(self, spec: RunSpec) -> str:
        """Hash of the run options, the script's bytes and the interpreter's Python."""
        material = {
            "format": FORMAT,
            "runner": RUNNER_DIGEST,
            "spec": dataclasses.asdict(spec),
            "script": file_digest(self.examples_dir / spec.script),
            "python": list(self.interpreter.python),
            "environment": self._env_key,
        }
        return _checksum(material)

    def path(self, spec: RunSpec) -> Path:
        stem = spec.script.replace("/", "__").removesuffix(".py")
        return self.folder / f"{stem}-{spec.key()}.json"

    # -- load and store -----------------------------------------------------

    def load(self, spec: RunSpec) -> RunResult | None:
        """The cached result for *spec*, or ``None`` if absent, stale or damaged."""
        try:
            with open(self.path(spec), encoding="utf-8") as f:
                entry = json.load(f)
            payload = entry["payload"]
            if entry["checksum"] != _checksum(payload):
                return None
            if payload["key"] != self.key(spec):
                return None
            for rel, digest in payload["deps"].items():
                if file_digest(self.examples_dir / rel) != digest:
                    return None
            if payload["packages"] != self.packages(payload["result"]["modules"]):
                return None
            result = RunResult.from_json(payload["result"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        result.cached = True
        return result

    def store(self, spec: RunSpec, result: RunResult) -> None:
        if result.deps is None:
            return
        payload = {
            "key": self.key(spec),
            "script": spec.script,
            "deps": result.deps,
            "packages": self.packages(result.modules),
            "result": result.to_json(),
        }
        entry = {"checksum": _checksum(payload), "payload": payload}
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(entry, f)
            os.replace(tmp, self.path(spec))
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
