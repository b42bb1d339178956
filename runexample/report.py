"""Which scripts are examples, and the words every report of a run uses.

One place for what the event handlers (the HTML build), the doctest builder
and the test suite all say about a run, so that a failure reads the same
wherever it is found. Nothing here imports Sphinx.
"""

from __future__ import annotations

import os
from pathlib import Path

from .runner import RunResult, RunSpec, problems


def is_example(relative: str | Path) -> bool:
    """Whether a ``.py`` file at *relative* (to the examples folder) is an example.

    Files and folders whose names start with ``_`` hold helpers, and those
    starting with ``.`` are hidden; neither is an example.
    """
    parts = Path(relative).parts
    return Path(relative).suffix == ".py" and not any(p.startswith(("_", ".")) for p in parts)


def example_scripts(examples_dir: str | Path) -> list[str]:
    """Every example under *examples_dir*, relative, with ``/`` separators, sorted."""
    root = Path(examples_dir)
    found = (p.relative_to(root) for p in root.rglob("*.py"))
    return sorted(p.as_posix() for p in found if is_example(p))


def orphans(examples_dir: str | Path, used: set[str]) -> list[str]:
    """Examples that no page runs."""
    return [script for script in example_scripts(examples_dir) if script not in used]


def display_path(examples_dir: str | Path, script: str, confdir: str | Path) -> str:
    """How reports name *script*: relative to the configuration folder, with ``/``."""
    return os.path.relpath(Path(examples_dir, script), confdir).replace(os.sep, "/")


def tail(text: str, lines: int = 12) -> str:
    """The last *lines* lines of *text*, indented for a warning message."""
    kept = text.rstrip("\n").splitlines()[-lines:] or ["(no output)"]
    return "\n".join("    " + line for line in kept)


def failure(display: str, spec: RunSpec, result: RunResult) -> str | None:
    """What went wrong with a run, in one message naming the script; ``None`` if nothing."""
    found = problems(spec, result)
    if not found:
        return None
    return f"{display} {'; '.join(found)}. Last lines of its output:\n{tail(result.output)}"


def never_run(display: str) -> str:
    return f"{display} is never run: no page shows its output"


def status(spec: RunSpec, result: RunResult | None) -> str:
    """One word or phrase for the table of runs."""
    if result is None:
        return "no output (execution is off)"
    return "; ".join(problems(spec, result)) or "ok"
