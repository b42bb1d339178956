"""A pool of threads that runs each distinct example once, with an optional cache.

Nothing here imports Sphinx.
"""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from . import process
from .environment import EnvSettings
from .judge import problems
from .records import RunResult, RunSpec


class Gate:
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
    """Timing demonstrations that may share their quiet time (see :class:`Gate`)."""
    return 3 * (os.cpu_count() or 1)


class Runner:
    """Runs each distinct :class:`RunSpec` once, in a pool, with an optional cache.

    ``submit`` returns a future; asking twice for the same spec returns the
    same future. With a :class:`~runexample.cache.Cache`, a valid entry is used
    instead of a run (unless ``fresh`` is true), and every successful run is
    stored. A run the cache cannot store is still returned, with the reason in
    :attr:`RunResult.not_kept`.
    """

    def __init__(self, examples_dir: str | os.PathLike[str], *, python: str = sys.executable,
                 workers: int | None = None, alone_slots: int | None = None, cache=None,
                 fresh: bool = False, execute: bool = True, env: EnvSettings | None = None,
                 root: str | os.PathLike[str] | None = None, gate: Gate | None = None,
                 store_failures: bool = False, executor: ThreadPoolExecutor | None = None) -> None:
        self.examples_dir = Path(examples_dir).resolve()
        self.python = python
        self.env = env or EnvSettings()
        self.root = root
        self.workers = workers or default_workers()
        self.cache = cache
        self.fresh = fresh
        self.execute = execute
        self._futures: dict[RunSpec, Future] = {}
        self._lock = threading.Lock()
        # Several runners may share one gate (the version matrix runs a runner
        # per cell): a timing demonstration is then alone across all of them.
        self._gate = gate or Gate(alone_slots or default_alone_slots())
        # Several runners may share one pool of threads (the version matrix
        # runs every cell at once); a shared pool is its owner's to shut down.
        self._pool: ThreadPoolExecutor | None = executor
        self._owns_pool = executor is None
        self._closed = False
        #: Keep failed runs in the cache too. A build never does (a failure then
        #: fails every build until it is fixed); the version matrix does, since a
        #: release that fails an example fails it again until something changes.
        self.store_failures = store_failures
        self.ran = 0  #: how many scripts this runner really ran

    def submit_all(self, specs: Iterable[RunSpec]) -> dict[Future, RunSpec]:
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
        # Outside the lock, since a run takes a while; the future is always
        # settled, so that another thread waiting for the same spec never hangs.
        try:
            fut.set_result(self._get(spec))
        except BaseException as exc:
            fut.set_exception(exc)
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
        return self.run(spec)

    def run(self, spec: RunSpec) -> RunResult:
        """Run *spec* now, in this thread (through the gate), and keep the run in
        the cache, in place of any before it. The version matrix calls this to
        run a failure once more before it records it."""
        with self._gate.enter(spec.alone):
            try:
                result = process.run_script(spec, self.examples_dir, self.python,
                                            env=self.env, root=self.root)
            except Exception as exc:  # a bug here must not become a bare traceback in the build
                result = RunResult.failed_to_start(f"the runner failed: {exc!r}")
        with self._lock:
            self.ran += 1
        if self.cache is not None and (self.store_failures or not problems(spec, result)):
            try:
                self.cache.store(spec, result)
            except OSError as exc:  # a full disk, a folder that cannot be written
                result.not_kept = f"{exc.strerror or exc}: {exc.filename or self.cache.folder}"
        return result

    def close(self) -> None:
        """Stop the pool's threads; later requests run in the caller's thread."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
        if pool is not None and self._owns_pool:
            pool.shutdown(wait=True, cancel_futures=True)
