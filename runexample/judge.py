"""Judge a run, and say what is wrong with it in words.

One place for what the HTML build, the doctest builder, the report of runs
and the test suite say about a run, so that a failure reads the same
wherever it is found. Nothing here imports Sphinx.
"""

from __future__ import annotations

import re
import signal

from .memory import format_size
from .records import RunResult, RunSpec


def _error_line(spec: RunSpec, output: str) -> tuple[str, str] | None:
    """(meaning, line) of the first output line an error pattern matches."""
    for meaning, pattern in spec.error_patterns:
        found = re.search(pattern, output, re.M)
        if found:
            return meaning, found.group(0).strip()
    return None


def _exit(spec: RunSpec, rc: int | None) -> str:
    if rc is not None and rc < 0:
        try:
            name = signal.Signals(-rc).name
        except ValueError:
            name = f"signal {-rc}"
        return f"was killed by {name} (expected exit status {spec.returncode})"
    return f"exited with status {rc} (expected {spec.returncode})"


def problems(spec: RunSpec, result: RunResult) -> list[str]:
    """Say, in words, everything wrong with *result*; an empty list means success."""
    if result.error:
        return [f"could not be run: {result.error}"]
    found = []
    if result.memory_stopped:
        found.append(
            f"passed its memory bound of {format_size(spec.max_memory)}: its processes held "
            f"{format_size(result.memory_stopped)} when they were stopped (give the directive "
            ":max-memory: if it needs more, or set runexample_max_memory)")
    elif result.timed_out:
        found.append(f"timed out after {spec.timeout:g} s (the whole process group was killed)")
    elif result.returncode != spec.returncode:
        found.append(_exit(spec, result.returncode))
    error = _error_line(spec, result.output)
    if error and not spec.shows_errors:
        found.append(
            f"{error[0]} (it printed {error[1]!r}); if the page shows this on "
            "purpose, give the directive the :shows-errors: option")
    elif spec.shows_errors and not spec.error_patterns:
        found.append(":shows-errors: is set, but runexample_error_patterns is empty")
    elif spec.shows_errors and not error and not result.timed_out:
        meanings = " or ".join(meaning for meaning, _ in spec.error_patterns)
        found.append(f":shows-errors: is set, but the output shows no error ({meanings})")
    if result.left:
        n = len(result.left)
        found.append(
            f"left {n} process{'es' if n > 1 else ''} running after it ended, "
            f"now killed: {', '.join(result.left)}")
    return found


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


def not_kept(display: str, result: RunResult) -> str | None:
    """Why a good run could not be stored in the cache; ``None`` if it was."""
    if result.not_kept is None:
        return None
    return (f"{display}: its run could not be kept in the cache ({result.not_kept}); "
            "its output is shown, and it will run again in the next build")


def never_run(display: str) -> str:
    return f"{display} is never run: no page shows its output"


def status(spec: RunSpec, result: RunResult | None) -> str:
    """One word or phrase for the table of runs."""
    if result is None:
        return "no output (execution is off)"
    return "; ".join(problems(spec, result)) or "ok"
