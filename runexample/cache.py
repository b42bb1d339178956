"""A cache of example runs on disk: one JSON file per example.

An entry is valid only while everything the run depended on is unchanged:

* the run options (the :class:`~runexample.runner.RunSpec`),
* the script and every file beside it that the run opened or imported
  (recorded by the example's interpreter, so helper modules, templates and
  static files count, and unrelated files do not),
* the Python version and interpreter, and
* the versions of gevent, greenlet and of each distribution the script imported,
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
from importlib import metadata
from pathlib import Path

from .runner import FORMAT, RunResult, RunSpec, file_digest

#: Distributions that every example depends on, imported or not.
ALWAYS = ("gevent", "greenlet")

#: The runner's own files that shape a result: editing one invalidates the cache.
_RUNNER_FILES = ("runner.py", "contain.py", "timeline/record.py", "_child/sitecustomize.py")
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
    """Run results kept in *folder*, checked against *examples_dir* on load."""

    def __init__(self, folder: str | os.PathLike[str], examples_dir: str | os.PathLike[str],
                 python: str = sys.executable) -> None:
        self.folder = Path(folder)
        self.examples_dir = Path(examples_dir).resolve()
        self.python = python
        self._lock = threading.Lock()
        self._dists: dict[str, list[str]] | None = None
        self._versions: dict[str, str | None] = {}

    # -- what an entry depends on -------------------------------------------

    def _version(self, dist: str) -> str | None:
        with self._lock:
            if dist not in self._versions:
                try:
                    self._versions[dist] = metadata.version(dist)
                except metadata.PackageNotFoundError:
                    self._versions[dist] = None
            return self._versions[dist]

    def packages(self, modules: list[str]) -> dict[str, str | None]:
        """Map the distributions behind *modules* (plus gevent and greenlet) to versions."""
        with self._lock:
            if self._dists is None:
                self._dists = metadata.packages_distributions()
            dists = set(ALWAYS)
            for name in modules:
                dists.update(self._dists.get(name, ()))
        return {d: self._version(d) for d in sorted(dists)}

    def key(self, spec: RunSpec) -> str:
        """Hash of the run options, the script's bytes and the interpreter."""
        script = self.examples_dir / spec.script
        material = {
            "format": FORMAT,
            "runner": RUNNER_DIGEST,
            "spec": dataclasses.asdict(spec),
            "script": file_digest(script),
            "python": [self.python, sys.version],
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
