"""How fast is the version matrix? ``.venv/bin/python benchmarks/matrix.py [--no-bare]``

Measures, on this machine, with every cell's environment already built
(``make compat`` builds them; their build time is reported there):

(a) the whole matrix from nothing: every cell's cache emptied, every example run;
(b) the same matrix again with nothing changed (the goal: no example runs);
(c) every cell's examples run bare (``python script`` with the cell's
    interpreter, one after another): their CPU time and their wall time,
    each summed over the cells and divided by the cores.

The goal is (a) within 1.3 x (c). It works on the real checkout's
``.compat/`` and rewrites ``docs/_data/versions.json`` as ``make compat``
would (with the same results, if nothing flakes).
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compat.cells import WORK, read_matrix  # noqa: E402
from runexample.collect import read_project  # noqa: E402


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def compat(*args: str) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "compat", *args], cwd=ROOT, capture_output=True,
                          text=True)
    if done.returncode:
        sys.exit(f"make compat failed:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - start, done.stdout


def bare(python: Path, project) -> tuple[float, float]:
    """(CPU, wall) seconds of every example run bare with *python*, one after another."""
    cpu, wall = children_cpu(), time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="matrix-bare-") as work:
        for spec in project.uses:
            subprocess.run([str(python), str(project.examples_dir / spec.script), *spec.args],
                           cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=60)
    return children_cpu() - cpu, time.perf_counter() - wall


def main() -> None:
    # --no-bare: (a) and (b) only; (c) runs every cell's examples one after
    # another, about half an hour on the 2-core machine.
    no_bare = "--no-bare" in sys.argv[1:]
    cores = os.cpu_count() or 1
    _, cells = read_matrix()
    built = [c for c in cells if (WORK / "envs" / c.id / "bin" / "python").exists()]
    project = read_project(ROOT)
    shutil.rmtree(WORK / "cache", ignore_errors=True)
    cold, out = compat()
    ran = [line for line in out.splitlines() if "examples ran" in line]
    again, out2 = compat()
    ran2 = [line for line in out2.splitlines() if "examples ran" in line]
    print(f"cells with an environment: {len(built)} of {len(cells)}; {len(project.uses)} examples each")
    print(f"(a) the matrix from nothing: {cold:.1f} s  [{ran[-1] if ran else '?'}]")
    print(f"(b) again, nothing changed: {again:.1f} s  [{ran2[-1] if ran2 else '?'}]", flush=True)
    if no_bare:
        return
    cpu = wall = 0.0
    for cell in built:
        c, w = bare(WORK / "envs" / cell.id / "bin" / "python", project)
        cpu, wall = cpu + c, wall + w
    print(f"(c) bare: CPU {cpu:.1f} s, wall {wall:.1f} s; / {cores} cores: {cpu / cores:.1f} s CPU, "
          f"{wall / cores:.1f} s wall")
    print(f"(a) / (c, CPU) = {cold / (cpu / cores):.2f}   (a) / (c, wall) = {cold / (wall / cores):.2f}"
          "   (goal: <= 1.3)")


if __name__ == "__main__":
    main()
