"""The version matrix's command line.

    python -m compat                      every cell of compat/releases.txt (make compat)
    python -m compat --cells ID,ID        only these cells; the others keep their results
    python -m compat cell 3.12 24.11.1 --out cell.json
                                          one cell's results, as a CI job makes them
    python -m compat merge cell*.json [--check]
                                          merge cells' results into the data file; with
                                          --check, fail if that changed it (CI's last job)
    python -m compat check                is the data file up to date with the examples?

``make compat`` and the workflow use the same :func:`data.merge`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from runexample.collect import read_project
from runexample.files import example_scripts

from . import cells as cells_mod
from . import data
from .run import run_cells as run_cells_together


def _say(text: str) -> None:
    print(text, flush=True)


def _summary(result: dict) -> str:
    """``81 passed, 5 differs, 1 failed``, or why the cell cannot exist."""
    if "impossible" in result["info"]:
        return "impossible: " + result["info"]["impossible"]
    counts: dict[str, int] = {}
    for verdict in result["verdicts"].values():
        counts[verdict["status"]] = counts.get(verdict["status"], 0) + 1
    return ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))


def _cell(spec: str, pins: dict[str, tuple[str, ...]]) -> cells_mod.Cell:
    python, gevent = spec.removeprefix("py").split("-gevent")
    return cells_mod.Cell(python, gevent, pins.get(gevent, ()))


def run_cells(chosen: list[cells_mod.Cell], fresh: bool = False) -> list[dict]:
    """Build the cells' environments, then run every cell at once; their results."""
    project = read_project(cells_mod.ROOT)
    start = time.perf_counter()
    pythons: dict[cells_mod.Cell, Path | str] = {}

    def build(cell):
        try:
            pythons[cell] = cells_mod.environment(cell, log=_say)
        except cells_mod.Impossible as exc:
            pythons[cell] = str(exc)

    with ThreadPoolExecutor(4) as pool:  # pip mostly waits on the network
        list(pool.map(build, chosen))
    built = time.perf_counter() - start
    _say(f"environments ready in {built:.1f} s")
    began = time.perf_counter()
    runnable = {cell: python for cell, python in pythons.items() if not isinstance(python, str)}
    done = run_cells_together(runnable, project, fresh)
    results = []
    for cell in chosen:
        if cell not in runnable:
            results.append(data.cell_result(cell, impossible=pythons[cell]))
        else:
            verdicts, files, ran = done[cell]
            results.append(data.cell_result(
                cell, versions=cells_mod.versions(runnable[cell]), verdicts=verdicts, ran=ran,
                uses={s.script: w[0] for s, w in project.uses.items()}, files=files))
        _say(f"{cell.id}: {results[-1].get('ran', 0)} ran: {_summary(results[-1])}")
    _say(f"cells run in {time.perf_counter() - began:.1f} s (environments {built:.1f} s before), "
         f"{sum(r.get('ran', 0) for r in results)} examples ran")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m compat", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="all", choices=["all", "cell", "merge", "check"])
    parser.add_argument("args", nargs="*")
    parser.add_argument("--cells", help="comma-separated cell ids (with the default command)")
    parser.add_argument("--out", help="where `cell` writes its result")
    parser.add_argument("--check", action="store_true", help="with `merge`: fail if the file changed")
    parser.add_argument("--fresh", action="store_true", help="run every example again")
    options = parser.parse_args(argv)
    pythons, matrix = cells_mod.read_matrix()
    releases = sorted({c.gevent for c in matrix}, key=lambda r: cells_mod.Cell("", r).gevent_version())
    pins = {c.gevent: c.pins for c in matrix}
    ids = [c.id for c in matrix]
    if options.command == "check":
        found = data.stale(data.load(), example_scripts(cells_mod.ROOT / "examples"),
                           cells_mod.ROOT / "examples")
        for line in found:
            _say(line)
        return 1 if found else 0
    if options.command == "cell":
        python, gevent = options.args
        cell = cells_mod.Cell(python, gevent, pins.get(gevent, ()))
        [result] = run_cells([cell], options.fresh)
        Path(options.out or f"{cell.id}.json").write_text(json.dumps(result, indent=1))
        return 0
    if options.command == "merge":
        results = [json.loads(Path(p).read_text()) for p in options.args]
        for preview in (r for r in results if r["cell"] not in ids):
            _say(f"{preview['cell']} (preview, not merged): " + _summary(preview))
        results = [r for r in results if r["cell"] in ids]
        before = data.load() if data.PATH.exists() else None
        after = data.merge(before, results, ids, pythons, releases)
        if options.check:
            changed = data.changes(before or {}, after)
            for line in changed:
                _say(line)
            if changed:
                _say(f"{data.PATH.relative_to(cells_mod.ROOT)} is out of date: run "
                     f"`{data.REFRESH}` and commit it")
            return 1 if changed else 0
        data.dump(after)
        return 0
    chosen = [c for c in matrix if not options.cells or c.id in options.cells.split(",")]
    for cell in chosen:
        if cells_mod.find_python(cell.python) is None:
            _say(f"{cell.id}: no Python {cell.python} on this machine; install it (pyenv install "
                 f"{cell.python}) or run the other cells with --cells")
            return 2
    results = run_cells(chosen, options.fresh)
    before = data.load() if data.PATH.exists() else None
    data.dump(data.merge(before, results, ids, pythons, releases))
    _say(f"wrote {data.PATH.relative_to(cells_mod.ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
