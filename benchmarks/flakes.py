"""Do the expectations hold run after run, on a quiet and on a busy machine?

Runs a make target (``doctest`` by default, or ``test``) again and again,
optionally with busy processes beside it, and counts the runs that passed
and the examples that failed::

    .venv/bin/python benchmarks/flakes.py --runs 20             # quiet
    .venv/bin/python benchmarks/flakes.py --runs 10 --busy 2    # one busy process per core (2 cores)
    .venv/bin/python benchmarks/flakes.py --runs 3 --target test
    .venv/bin/python benchmarks/flakes.py --options "-D runexample_alone_workers=8"

A busy process is a Python loop that never sleeps. Each run builds into its own
temporary folder, so that nothing comes from a cache. There is no retry: a run
that fails counts as failed, and the examples it names are listed.
"""

from __future__ import annotations

import argparse
import collections
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: How a failing example is named in a build's warnings.
FAILED = re.compile(r"WARNING: runexample: (examples/\S+?\.py)[: ]")


def busy(n: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]


def one_run(target: str, options: str, logs: Path, i: int) -> tuple[bool, float, list[str]]:
    """Run ``make <target>`` in a fresh build folder: (passed, seconds, failing examples).

    The whole log of a failed run is kept in *logs*.
    """
    with tempfile.TemporaryDirectory(prefix="flakes-") as build:
        start = time.perf_counter()
        proc = subprocess.run(["make", target, f"BUILDDIR={build}", f"O={options}"], cwd=ROOT,
                              capture_output=True, text=True)
        took = time.perf_counter() - start
    failing = sorted(set(FAILED.findall(proc.stdout + proc.stderr)))
    if proc.returncode:
        (logs / f"run-{i}.log").write_text(proc.stdout + proc.stderr)
    return proc.returncode == 0, took, failing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--busy", type=int, default=0, help="busy processes running beside each run")
    parser.add_argument("--target", default="doctest", help="make target (doctest or test)")
    parser.add_argument("--options", default="", help="extra sphinx-build options (make's O=)")
    opts = parser.parse_args()

    loaders = busy(opts.busy)
    failures: collections.Counter[str] = collections.Counter()
    passed = 0
    logs = Path(tempfile.mkdtemp(prefix="flakes-logs-"))
    try:
        for i in range(1, opts.runs + 1):
            ok, took, failing = one_run(opts.target, opts.options, logs, i)
            passed += ok
            failures.update(failing)
            print(f"run {i:2}: {'passed' if ok else 'FAILED'} in {took:5.1f} s"
                  + (f"  {', '.join(failing)}" if failing else ""), flush=True)
    finally:
        for proc in loaders:
            proc.kill()
            proc.wait()
    print(f"make {opts.target}, {opts.busy} busy process(es): {passed} of {opts.runs} runs passed")
    for script, count in failures.most_common():
        print(f"  {script}: failed in {count} run(s)")
    if passed < opts.runs:
        print(f"the logs of the failed runs are in {logs}")
    sys.exit(0 if passed == opts.runs else 1)


if __name__ == "__main__":
    main()
