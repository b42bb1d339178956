"""What the interpreter that runs the examples is, read from that interpreter.

``runexample_python`` may name another environment than the build's own (a
virtual environment with an older gevent, say). What a run prints depends on
that interpreter's Python and on the packages installed beside it, so the
cache asks it, once per build, in one short run of :data:`PROBE`.

Nothing here imports Sphinx.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess

from .environment import EnvSettings, child_env

#: Run in the examples' interpreter; prints what the cache keys on, as JSON.
PROBE = r"""
import json, platform, sys
from importlib import metadata
versions = {}
for dist in metadata.distributions():
    name = dist.metadata["Name"]
    if name and name not in versions:
        versions[name] = dist.version
print(json.dumps({
    "python": [platform.python_implementation(), sys.version, sys.platform],
    "versions": versions,
    "modules": metadata.packages_distributions(),
}))
"""


@dataclasses.dataclass(frozen=True)
class Interpreter:
    """An interpreter as the cache sees it."""

    python: tuple[str, ...]  #: implementation, ``sys.version``, platform
    versions: dict[str, str]  #: distribution -> version
    modules: dict[str, list[str]]  #: top-level module -> the distributions providing it

    def packages(self, modules, always=()) -> dict[str, str | None]:
        """The versions of the distributions behind *modules*, and of *always*."""
        dists = set(always)
        for name in modules:
            dists.update(self.modules.get(name, ()))
        return {d: self.versions.get(d) for d in sorted(dists)}


def probe(python: str, env: EnvSettings | None = None, timeout: float = 60) -> Interpreter:
    """Ask *python*, in the environment the examples get, what it is. One that
    cannot answer comes back empty, with its error as its version, so that
    nothing cached matches it."""
    try:
        done = subprocess.run([python, "-c", PROBE], capture_output=True, text=True,
                              timeout=timeout, env=child_env(env), stdin=subprocess.DEVNULL)
        data = json.loads(done.stdout)
        return Interpreter(tuple(data["python"]), data["versions"], data["modules"])
    except (OSError, ValueError, KeyError, TypeError, subprocess.SubprocessError) as exc:
        return Interpreter(("unusable", repr(exc)), {}, {})
