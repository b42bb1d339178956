"""The data file of the version matrix, ``docs/_data/versions.json``.

Only ``make compat`` (and the CI workflow's merge job, through the same
:func:`merge`) writes it. Its shape::

    {"format": 1,
     "pythons": ["3.10", ...], "releases": ["22.10.2", ...],
     "cells": {"py3.11-gevent24.11.1": {"python": "3.11.7", "gevent": "24.11.1",
                                          "greenlet": "3.2.4", "date": "2026-12-05"},
               "py3.13-gevent22.10.2": {"impossible": "no wheel of gevent 22.10.2 for Python 3.13"}},
     "examples": {"core/switching.py": {"page": "docs/core/sync-async", "line": 21,
                                         "files": {"core/switching.py": "<sha256>"},
                                         "results": {"py3.11-gevent24.11.1": {"status": "passed"},
                                                     ...}}}}

A cell's date changes only when something in it was run again, so running
the matrix with nothing changed leaves the file as it was.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from runexample.files import file_digest

from .cells import ROOT

PATH = ROOT / "docs" / "_data" / "versions.json"
FORMAT = 1
#: The command that refreshes the file, as the checks name it.
REFRESH = "make compat"


def load(path: Path = PATH) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def dump(data: dict, path: Path = PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8")


def cell_result(cell, *, versions: dict | None = None, impossible: str | None = None,
                verdicts: dict | None = None, ran: int = 0, uses=None, files=None) -> dict:
    """One cell's part of the data, as a cell job writes it (and ``merge`` reads it)."""
    if impossible:
        return {"cell": cell.id, "info": {"impossible": impossible}, "verdicts": {}}
    return {"cell": cell.id, "info": dict(versions or {}), "verdicts": verdicts or {}, "ran": ran,
            "examples": {script: {"page": where[0], "line": where[1], "files": files.get(script, {})}
                         for script, where in (uses or {}).items()}}


def merge(previous: dict | None, results: list[dict], cells: list[str], pythons: list[str],
          releases: list[str], today: str | None = None) -> dict:
    """The data file after *results* (each a cell's part, as :func:`cell_result`
    makes it): rows for the examples the results name, each cell of *cells*
    replaced where a result holds it and kept where none does. A cell's date
    moves to *today* only when something in it ran or its verdicts changed."""
    previous = previous or {}
    today = today or datetime.date.today().isoformat()
    old_rows, old_cells = previous.get("examples", {}), previous.get("cells", {})
    # The examples as the results describe them; when no result does (every
    # cell run was impossible), the rows as they were.
    described = {script: info for result in results
                 for script, info in result.get("examples", {}).items()}
    if not described:
        described = {script: {k: v for k, v in row.items() if k != "results"}
                     for script, row in old_rows.items()}
    rows: dict[str, dict] = {
        script: {**info, "results": {cell: v for cell, v in old_rows.get(script, {}).get(
            "results", {}).items() if cell in cells}}
        for script, info in described.items()}
    merged = {cell: info for cell, info in old_cells.items() if cell in cells}
    for result in results:
        cell, info = result["cell"], dict(result["info"])
        before = {s: row.get("results", {}).get(cell) for s, row in old_rows.items()}
        moved = result.get("ran") or before != {s: result["verdicts"].get(s) for s in before} \
            or set(result["verdicts"]) - set(before)
        if "impossible" not in info:
            kept = old_cells.get(cell, {})
            same = {k: v for k, v in kept.items() if k != "date"} == info
            info["date"] = kept["date"] if same and not moved and "date" in kept else today
        merged[cell] = info
        for script, row in rows.items():
            row["results"].pop(cell, None)
            if script in result["verdicts"]:
                row["results"][cell] = result["verdicts"][script]
    return {"format": FORMAT, "pythons": pythons, "releases": releases,
            "cells": dict(sorted(merged.items())), "examples": dict(sorted(rows.items()))}


def changes(before: dict, after: dict) -> list[str]:
    """The rows and cells that differ between two versions of the file, in words."""
    found = []
    for cell in sorted(set(before.get("cells", {})) | set(after.get("cells", {}))):
        old, new = before.get("cells", {}).get(cell), after.get("cells", {}).get(cell)
        if {k: v for k, v in (old or {}).items() if k != "date"} != \
                {k: v for k, v in (new or {}).items() if k != "date"}:
            found.append(f"cell {cell}: {old} -> {new}")
    rows_before, rows_after = before.get("examples", {}), after.get("examples", {})
    for script in sorted(set(rows_before) | set(rows_after)):
        old, new = rows_before.get(script), rows_after.get(script)
        if old is None or new is None:
            found.append(f"examples/{script}: {'added' if old is None else 'removed'}")
            continue
        for cell in sorted(set(old["results"]) | set(new["results"])):
            a, b = old["results"].get(cell, {}), new["results"].get(cell, {})
            if a.get("status") != b.get("status"):
                found.append(f"examples/{script} on {cell}: {a.get('status')} -> {b.get('status')}")
    return found


def stale(data: dict, scripts: list[str], examples_dir: Path) -> list[str]:
    """What makes *data* out of date for the examples as they are now, in words
    naming each example and the command that refreshes the file."""
    found = []
    rows = data.get("examples", {})
    for script in sorted(set(scripts) - set(rows)):
        found.append(f"examples/{script} is not in {PATH.relative_to(ROOT)}: run `{REFRESH}`")
    for script in sorted(set(rows) - set(scripts)):
        found.append(f"examples/{script} is in {PATH.relative_to(ROOT)} but no longer exists: "
                     f"run `{REFRESH}`")
    for script in sorted(set(rows) & set(scripts)):
        for rel, digest in rows[script].get("files", {}).items():
            path = examples_dir / rel
            now = file_digest(path) if path.is_file() else None
            if now != digest:
                found.append(f"examples/{script} changed since {PATH.relative_to(ROOT)} recorded it "
                             f"({rel} {'is gone' if now is None else 'differs'}): run `{REFRESH}`")
                break
    return found
