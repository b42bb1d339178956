"""Run every example in one cell, through the runner, and judge each run.

The judgement is the doctest builder's: the same runner (fresh interpreter,
clean environment, containment, memory bound), the same failure words
(:mod:`runexample.judge`) and the same checker (:mod:`runexample.expect`).
A cell keeps its own cache of runs, so running it again runs only the
examples whose files changed, and none if its environment is unchanged.

An example may carry a second expectation for older releases,
``NAME.gevent-lt-25.4.expected``: on a release below 25.4 whose output
matches it, the example "differs, as the page explains".
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from runexample import expect, judge
from runexample.cache import Cache
from runexample.collect import Project
from runexample.pool import Gate, Runner, default_alone_slots, default_workers

from .cells import WORK, Cell

#: Outcomes, in the order the pages and the appendix rank them.
PASSED, EXPLAINED, DIFFERS, FAILED = "passed", "explained", "differs", "failed"
#: Lines of a diff or an error kept in the data file.
DETAIL_LINES = 12

_OLDER = re.compile(r"\.gevent-lt-(\d+(?:\.\d+)*)\.expected$")


def older_expectations(script: Path) -> list[tuple[tuple[int, ...], Path]]:
    """``NAME.gevent-lt-X.Y.expected`` files beside *script*: (X.Y, path), lowest first."""
    found = []
    for path in script.parent.glob(f"{script.stem}.gevent-lt-*.expected"):
        match = _OLDER.search(path.name)
        if match:
            found.append((tuple(int(p) for p in match.group(1).split(".")), path))
    return sorted(found)


def _first_lines(text: str) -> str:
    lines = text.rstrip("\n").splitlines()
    kept = lines[:DETAIL_LINES]
    if len(lines) > DETAIL_LINES:
        kept.append(f"[{len(lines) - DETAIL_LINES} more lines]")
    return "\n".join(kept)


def verdict(cell: Cell, project: Project, spec, result) -> dict:
    """What one run in *cell* comes to: a status, and the first lines of why."""
    name = f"examples/{spec.script}"
    failure = judge.failure(name, spec, result)
    if failure:  # already short: what went wrong, and the last lines of the output
        return {"status": FAILED, "detail": failure}
    script = project.examples_dir / spec.script
    mismatch = expect.check(script, result.output, name)
    if mismatch is None:
        return {"status": PASSED}
    for below, path in older_expectations(script):
        if cell.gevent_version() < below and expect.matches(path.read_text(encoding="utf-8"), result.output):
            return {"status": EXPLAINED, "detail": _first_lines(mismatch),
                    "expectation": path.name}
    return {"status": DIFFERS, "detail": _first_lines(mismatch)}


def run_cells(pythons: dict[Cell, Path], project: Project, fresh: bool = False,
              workers: int | None = None) -> dict[Cell, tuple[dict, dict, int]]:
    """Run every example of *project* in every cell at once; for each cell,
    ({script: verdict}, {script: the files its run used, with digests}, runs made).

    All cells share one pool of threads and one ``:alone:`` gate: every
    cell's timing demonstrations run first, in one quiet spell, at most as
    many at a time as in a build, and then every cell's other examples, as
    many at a time as in a build. So the machine is as busy as during one
    build, whatever the number of cells.
    """
    gate = Gate(default_alone_slots())
    ordered = sorted(project.uses, key=lambda spec: not spec.alone)
    with ThreadPoolExecutor(workers or default_workers(), thread_name_prefix="compat") as pool:
        runners = {
            cell: Runner(project.examples_dir, python=str(python), cache=Cache(
                WORK / "cache" / cell.id, project.examples_dir, str(python),
                always=project.cache_packages, env=project.env),
                fresh=fresh, env=project.env, root=project.examples_dir.parent, gate=gate,
                store_failures=True, executor=pool)
            for cell, python in pythons.items()}
        futures = {}
        for alone in (True, False):
            for cell, runner in runners.items():
                for spec in ordered:
                    if spec.alone == alone:
                        futures[runner.submit(spec)] = (cell, spec)
        out: dict[Cell, tuple[dict, dict, int]] = {cell: ({}, {}, 0) for cell in runners}
        doubtful = []
        for fut in as_completed(futures):
            (cell, spec), result = futures[fut], fut.result()
            out[cell][0][spec.script] = verdict(cell, project, spec, result)
            out[cell][1][spec.script] = result.deps or {}
            if out[cell][0][spec.script]["status"] != PASSED and not result.cached:
                doubtful.append((cell, spec))
        # A run that did not pass is run once more before it is recorded (and
        # cached): a busy machine can make a timing demonstration late once,
        # while a real difference shows every time. The second runs share the
        # pool and the gate too, timing demonstrations first.
        doubtful.sort(key=lambda cs: not cs[1].alone)
        again = {pool.submit(runners[cell].run, spec): (cell, spec) for cell, spec in doubtful}
        for fut in as_completed(again):
            cell, spec = again[fut]
            out[cell][0][spec.script] = verdict(cell, project, spec, fut.result())
    return {cell: (v, f, runners[cell].ran) for cell, (v, f, _) in out.items()}
