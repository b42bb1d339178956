"""Expectations: the output each example should print, committed beside it.

``examples/core/switching.py`` is checked against
``examples/core/switching.expected``. The comparison is that of
:class:`doctest.OutputChecker` with the ELLIPSIS flag, so ``...`` stands for
what legitimately varies between runs (addresses, ports, the order of things
gevent does not order), plus two rules for numbers:

Durations
    A number followed by a time unit (``0.3s``, ``0.3 s``, ``300 ms``,
    ``0.3 seconds``) matches a printed number in a window around it: as low as
    one step of its printed resolution below, and as high as one step or
    :data:`SLACK` of its value above, whichever is more. ``0.3s`` accepts
    ``0.2s`` to ``0.4s``; ``0.6s`` accepts ``0.5s`` to ``0.8s``. A loaded
    machine makes a timing demonstration a little late, never twice as slow,
    so real changes still fail: a doubled ``0.3s`` is outside its window.
Declared ranges
    ``{{lo..hi}}`` matches a number printed with the decimals of ``lo`` and
    ``hi`` that lies between them, for figures that vary more than timings
    do (requests per second, a count of loop iterations).

Whitespace counts, and so does the order of lines.
"""

from __future__ import annotations

import dataclasses
import decimal
import difflib
import doctest
import re
from pathlib import Path

SUFFIX = ".expected"
FLAGS = doctest.ELLIPSIS
_checker = doctest.OutputChecker()

#: How far above an expected duration a printed one may be, as a fraction of it.
SLACK = 0.25

#: A number as the examples print it.
NUMBER = re.compile(r"\d+(?:\.\d+)?")
#: In an expectation: ``{{lo..hi}}``, a duration (a number before a time unit), or ``...``.
_TOKEN = re.compile(
    r"\{\{\s*(?P<lo>\d+(?:\.\d+)?)\s*\.\.\s*(?P<hi>\d+(?:\.\d+)?)\s*\}\}"
    r"|(?<![\w.])(?P<dur>\d+(?:\.\d+)?)(?=\s?(?:ms|s|sec|seconds?)\b)"
    r"|(?P<any>\.\.\.)"
)


@dataclasses.dataclass(frozen=True)
class Window:
    """The printed numbers a token of an expectation accepts."""

    low: decimal.Decimal
    high: decimal.Decimal
    places: int  #: digits after the point that a match must have
    token: str  #: as written in the expectation

    def accepts(self, printed: str) -> bool:
        return _places(printed) == self.places and self.low <= decimal.Decimal(printed) <= self.high

    def describe(self) -> str:
        decimals = f"{self.places} decimal{'s' if self.places != 1 else ''}"
        return f"{self.token} accepts {self.low} to {self.high}, printed with {decimals}"


def _places(number: str) -> int:
    return len(number.partition(".")[2])


def duration_window(written: str) -> Window:
    """The window of a duration written as *written* (see the module docstring)."""
    value = decimal.Decimal(written)
    places = _places(written)
    step = decimal.Decimal(1).scaleb(-places)
    above = max(step, (value * decimal.Decimal(str(SLACK))).quantize(step, decimal.ROUND_CEILING))
    return Window(max(value - step, decimal.Decimal(0)), value + above, places, written)


def range_window(lo: str, hi: str) -> Window:
    low, high = sorted((decimal.Decimal(lo), decimal.Decimal(hi)))
    return Window(low, high, max(_places(lo), _places(hi)), f"{{{{{lo}..{hi}}}}}")


def parse(expected: str) -> list[str | Window | None]:
    """Split an expectation into literal text, :class:`Window` s and ``None`` for ``...``."""
    parts: list[str | Window | None] = []
    pos = 0
    for m in _TOKEN.finditer(expected):
        if m.start() > pos:
            parts.append(expected[pos:m.start()])
        if m["any"]:
            parts.append(None)
        elif m["dur"]:
            parts.append(duration_window(m["dur"]))
        else:
            parts.append(range_window(m["lo"], m["hi"]))
        pos = m.end()
    if pos < len(expected):
        parts.append(expected[pos:])
    return parts


def _fits(parts: list[str | Window | None], actual: str) -> bool:
    """Whether *actual* can be read as *parts*, trying every way ``...`` can stretch."""
    states = {0}  # positions in *actual* that the parts so far can end at
    for part in parts:
        if part is None:
            states = set(range(min(states), len(actual) + 1))
        elif isinstance(part, str):
            states = {p + len(part) for p in states if actual.startswith(part, p)}
        else:
            found = (NUMBER.match(actual, p) for p in states)
            states = {m.end() for m in found if m and part.accepts(m.group())}
        if not states:
            return False
    return len(actual) in states


def _normalize(expected: str, actual: str) -> tuple[str, str]:
    """What doctest does before comparing: ``<BLANKLINE>``, and blank lines of spaces."""
    expected = re.sub(r"(?m)^%s\s*?$" % re.escape(doctest.BLANKLINE_MARKER), "", expected)
    actual = re.sub(r"(?m)^[^\S\n]+$", "", actual)
    return expected, actual


def matches(expected: str, actual: str) -> bool:
    if _checker.check_output(expected, actual, FLAGS):
        return True
    expected, actual = _normalize(expected, actual)
    return _fits(parse(expected), actual)


def _line_fits(expected: str, actual: str) -> bool:
    return _fits(parse(expected), actual)


def explain(expected: str, actual: str) -> list[str]:
    """For each line that differs only in a number, say which window it missed."""
    notes = []
    for want, got in zip(expected.splitlines(), actual.splitlines()):
        parts = parse(want)
        windows = [p for p in parts if isinstance(p, Window)]
        if not windows or _line_fits(want, got):
            continue
        loose = [p if not isinstance(p, Window) else None for p in parts]
        if not _fits(loose, got):
            continue  # the line differs in its text, which the diff shows
        notes.append(f"{got.strip()!r} has a number out of range: "
                     + "; ".join(w.describe() for w in windows))
    return notes


def diff(expected: str, actual: str, name: str) -> str:
    """A unified diff from the expectation to the actual output of *name*.

    Lines of the output that match their expected line (a duration within its
    window, ``...``) are shown as expected, so that the diff holds only what
    really differs. Then a note for each number that left its window.
    """
    want = expected.splitlines(keepends=True)
    got = actual.splitlines(keepends=True)
    shown = [
        want[i] if i < len(want) and _line_fits(want[i].rstrip("\n"), line.rstrip("\n")) else line
        for i, line in enumerate(got)
    ]
    lines = difflib.unified_diff(want, shown, fromfile=f"{name} (expected)", tofile=f"{name} (actual)")
    text = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    notes = explain(expected, actual)
    if notes:
        text += "".join(f"  {note}\n" for note in notes)
    return text


def expectation_path(script: str | Path) -> Path:
    return Path(script).with_suffix(SUFFIX)


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

    Keeping a matching expectation keeps its hand-written ``...`` and ranges.
    Returns whether the file changed.
    """
    path = expectation_path(script)
    if path.exists() and matches(path.read_text(encoding="utf-8"), actual):
        return False
    path.write_text(actual, encoding="utf-8")
    return True
