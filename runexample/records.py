"""The two records every part of the runner passes around: what to run, and what happened.

A :class:`RunSpec` is the unit of identity: two directives that show the same
script with the same spec share one run. A :class:`RunResult` is everything
one run did, as plain data that the cache stores as JSON.

Nothing here imports Sphinx.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shlex

#: Bumped whenever a change could change a run's result: it is part of every
#: cache key, so old entries stop matching.
FORMAT = 6


@dataclasses.dataclass(frozen=True)
class RunSpec:
    """Everything that decides how one example runs, and what counts as success."""

    script: str  #: path relative to the examples folder, with ``/`` separators
    timeout: float = 10.0
    returncode: int = 0
    #: (what it means, regular expression): an output line matching one fails
    #: the run, even with the right exit status (``runexample_error_patterns``)
    error_patterns: tuple[tuple[str, str], ...] = ()
    shows_errors: bool = False  #: the page shows such a line on purpose (``:shows-errors:``)
    alone: bool = False
    args: tuple[str, ...] = ()
    timeline: bool = False
    max_bytes: int = 32768  #: output beyond this many bytes is counted, not kept
    max_memory: int | None = 2**30  #: bytes the run's processes may hold together (see :mod:`.memory`)

    def key(self) -> str:
        """A short stable id for this spec (not the cache key: see :mod:`.cache`)."""
        blob = json.dumps(dataclasses.asdict(self), sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def describe(self) -> str:
        """The script and its arguments, as progress lines and reports name the run."""
        return " ".join([self.script, *([shlex.join(self.args)] if self.args else [])])


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
    peak_memory: int | None = None  #: the most its processes held together, in bytes (Linux)
    memory_stopped: int | None = None  #: what they held when the memory bound stopped them
    not_kept: str | None = None  #: why the cache could not keep this run (the run itself is fine)

    def to_json(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> RunResult:
        fields = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in fields})

    @classmethod
    def failed_to_start(cls, error: str) -> RunResult:
        """A run that never began: the interpreter is missing, or the runner failed."""
        return cls(output="", returncode=None, duration=0.0, error=error)
