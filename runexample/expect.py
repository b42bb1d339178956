"""Expectations: the output each example should print, committed beside it.

``examples/core/switching.py`` is checked against
``examples/core/switching.expected``. The expectation is compared with
:class:`doctest.OutputChecker` with the ELLIPSIS flag, so ``...`` stands for
what legitimately varies between runs (addresses, ports, timings, the order of
things gevent does not order). Whitespace counts.
"""

from __future__ import annotations

import difflib
import doctest
from pathlib import Path

SUFFIX = ".expected"
FLAGS = doctest.ELLIPSIS
_checker = doctest.OutputChecker()


def expectation_path(script: str | Path) -> Path:
    return Path(script).with_suffix(SUFFIX)


def matches(expected: str, actual: str) -> bool:
    return _checker.check_output(expected, actual, FLAGS)


def diff(expected: str, actual: str, name: str) -> str:
    """A unified diff from the expectation to the actual output of *name*."""
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        fromfile=f"{name} (expected)",
        tofile=f"{name} (actual)",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def check(script: Path, actual: str, name: str) -> str | None:
    """``None`` if *actual* matches *script*'s expectation, else what is wrong."""
    path = expectation_path(script)
    try:
        expected = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return f"{name}: no expectation; create {path.name} with `make expected` and review it\n"
    if matches(expected, actual):
        return None
    return diff(expected, actual, name)


def update(script: Path, actual: str) -> bool:
    """Write *actual* as *script*'s expectation unless the current one still matches.

    Keeping a matching expectation keeps its hand-written ``...``. Returns
    whether the file changed.
    """
    path = expectation_path(script)
    if path.exists() and matches(path.read_text(encoding="utf-8"), actual):
        return False
    path.write_text(actual, encoding="utf-8")
    return True
