"""Where does a cold build's time go? Time one HTML build phase by phase.

Builds a copy of the repository (its committed files, through ``git archive``)
into an empty folder, in this process, and prints:

- when the ``:alone:`` examples ran and when the ordinary ones did (the
  start and end of every run, with ``--runs``);
- when each page was written;
- how busy the machine's cores were, every half second (Linux: ``/proc/stat``).

Run it on a quiet machine::

    .venv/bin/python benchmarks/phases.py
    .venv/bin/python benchmarks/phases.py --runs -- -D runexample_alone_workers=8

Everything after ``--`` goes to ``sphinx-build``. benchmarks/README.md has a
table made from its output.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START = time.perf_counter()  # reset when the build starts


def now() -> float:
    return time.perf_counter() - START


def busy_cores(samples: list[tuple[float, float]], stop: threading.Event) -> None:
    """Every 0.5 s, how many cores' worth of time was spent busy since the last sample."""
    def read() -> tuple[int, int]:
        with open("/proc/stat") as f:
            ticks = [int(t) for t in f.readline().split()[1:]]
        return sum(ticks) - ticks[3] - ticks[4], sum(ticks)  # not idle, not iowait

    cores = os.cpu_count() or 1
    busy, total = read()
    while not stop.wait(0.5):
        b, t = read()
        samples.append((now(), cores * (b - busy) / max(1, t - total)))
        busy, total = b, t


def instrument(runs: list, writes: list) -> None:
    """Record every example run and every page written."""
    import runexample.process as runner
    from sphinx.builders.html import StandaloneHTMLBuilder

    run_script = runner.run_script

    def timed_run(spec, *args, **kwargs):
        start = now()
        try:
            return run_script(spec, *args, **kwargs)
        finally:
            runs.append((start, now(), spec.alone, spec.describe()))

    write_doc = StandaloneHTMLBuilder.write_doc

    def timed_write(self, docname, doctree):
        start = now()
        write_doc(self, docname, doctree)
        writes.append((start, now(), docname))

    runner.run_script = timed_run
    StandaloneHTMLBuilder.write_doc = timed_write


def report(runs, writes, samples, took: float, show_runs: bool) -> None:
    for label, alone in ((":alone: examples", True), ("ordinary examples", False)):
        spans = [r for r in runs if r[2] == alone]
        if spans:
            print(f"{label:18} {min(r[0] for r in spans):6.2f} .. {max(r[1] for r in spans):6.2f} s"
                  f"  ({len(spans)} runs, {sum(r[1] - r[0] for r in spans):.1f} s of wall time)")
    if writes:
        print(f"{'pages written':18} {min(w[0] for w in writes):6.2f} .. "
              f"{max(w[1] for w in writes):6.2f} s  ({len(writes)} pages)")
    print(f"{'build finished':18} {took:6.2f} s")
    print("cores busy:", " ".join(f"{t:.1f}:{c:.1f}" for t, c in samples))
    if show_runs:
        for start, end, alone, name in sorted(runs):
            print(f"  {start:6.2f} {end:6.2f} {end - start:5.2f} {'alone' if alone else '     '} {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", action="store_true", help="list every run's start and end")
    parser.add_argument("sphinx_args", nargs="*", help="more sphinx-build arguments, after --")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="phases-") as tmp:
        src = Path(tmp, "repo")
        src.mkdir()
        archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True,
                                 check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(src, filter="data")
        sys.path.insert(0, str(src))
        os.chdir(src)
        runs, writes, samples = [], [], []
        instrument(runs, writes)
        stop = threading.Event()
        from sphinx.cmd.build import build_main

        global START
        START = time.perf_counter()
        threading.Thread(target=busy_cores, args=(samples, stop), daemon=True).start()
        status = build_main(["-b", "html", "-q", "-W", ".", str(src / "_build/html"),
                             *opts.sphinx_args])
        took = now()
        stop.set()
        os.chdir(ROOT)
    report(runs, writes, samples, took, opts.runs)
    return status


if __name__ == "__main__":
    sys.exit(main())
