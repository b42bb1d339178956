"""How fast is a build? Measure the example runner against the alternatives.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench.py``). Works
on a temporary copy of the repository, uses this interpreter and its
packages, repeats each measurement and reports the median:

(a) a cold build (empty build folder) with the pool;
(b) the same with one worker;
(c) the same pages built with sphinxcontrib-programoutput instead, running
    the same scripts with the same interpreter;
(d) a rebuild with nothing changed;
(e) a rebuild after changing one script;
(f) a build with execution off and outputs from the cache (``-E``): Sphinx's
    own cost;
the slowest example, run alone; and every example run bare (``python
script``), one after another, for the CPU the scripts need by themselves.

From these it derives the honest limit of a cold build on this machine:
max(slowest example alone + no-exec build, (bare CPU of every example + CPU
of a no-exec build) / cores). The last line gives the ratios the project aims
for: a cold build within 1.25 x that limit, and the examples' CPU in a cold
build within 1.10 x their bare CPU (the runner's own cost on each run).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from runexample.process import RunSpec, run_script  # noqa: E402
from runexample.scan import scan  # noqa: E402

IGNORE = shutil.ignore_patterns(".venv", ".tox", "_build", ".git", "__pycache__", ".pytest_cache",
                                ".compat")


def children_cpu() -> float:
    """CPU seconds used so far by every child process this one has waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


#: CPU seconds of the last :func:`sphinx` call, the examples it ran included.
last_cpu = 0.0


def sphinx(src: Path, *args: str, builder: str = "html") -> float:
    """Run one build and return its wall time; stop the benchmark if it fails."""
    global last_cpu
    cmd = [sys.executable, "-m", "sphinx", "-b", builder, "-q", "-d", str(src / "_build/doctrees"),
           *args, str(src), str(src / "_build" / builder)]
    cpu = children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=src, capture_output=True, text=True)
    took = time.perf_counter() - start
    last_cpu = children_cpu() - cpu
    if proc.returncode:
        sys.exit(f"build failed: {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}")
    return took


def bare_cpu(src: Path, rows: list[dict]) -> float:
    """CPU seconds of every example of a build report, each run bare, one after another."""
    cpu = children_cpu()
    with tempfile.TemporaryDirectory(prefix="bench-bare-") as work:
        for row in rows:
            script, *args = shlex.split(row["script"])
            subprocess.run([sys.executable, str(src / "examples" / script), *args], cwd=work,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=60)
    return children_cpu() - cpu


def ran(src: Path) -> int:
    report = json.loads((src / "_build/html/runexample-report.json").read_text())
    return report["ran"]


def median(times: list[float]) -> float:
    return statistics.median(times)


def programoutput_pages(src: Path) -> None:
    """Rewrite every page to use literalinclude + program-output for the same scripts."""
    fence = re.compile(r"^(`{3,}|:{3,}|~{3,})\{runexample\}[ \t]+(\S+)[ \t]*\n((?:[ \t]*:[\w-]+:.*\n)*)\1[ \t]*$", re.M)

    def replace(m: re.Match) -> str:
        use = next(scan(m.group(0) + "\n"))
        opts = use.options
        parts = []
        if "no-code" not in opts:
            keep = "".join(f":{k}: {v or ''}\n" for k, v in opts.items()
                           if k in ("pyobject", "start-at", "end-at", "start-after", "end-before",
                                    "lines", "emphasize-lines"))
            parts.append(f"```{{literalinclude}} /examples/{use.argument}\n:linenos:\n{keep}```")
        if "no-output" not in opts:
            args = " ".join(opts.get("args", "") and [opts["args"]] or [])
            rc = f":returncode: {opts['returncode']}\n" if opts.get("returncode") else ""
            parts.append(
                f"```{{program-output}} {sys.executable} examples/{use.argument} {args}\n"
                f":cwd: /\n{rc}```"
            )
        return "\n\n".join(parts)

    for page in (src / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(fence.sub(replace, text), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median reported)")
    parser.add_argument("--skip-programoutput", action="store_true")
    opts = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        src = Path(tmp, "repo")
        shutil.copytree(ROOT, src, ignore=IGNORE)
        build = src / "_build"
        results: dict[str, float] = {}

        def cold(*args: str) -> float:
            shutil.rmtree(build, ignore_errors=True)
            return sphinx(src, *args)

        print(f"repository copied to {src}; {opts.repeat} runs per measurement", flush=True)
        colds, example_cpus = [], []
        for _ in range(opts.repeat):
            colds.append(cold())
            rows = json.loads((build / "html/runexample-report.json").read_text())["examples"]
            example_cpus.append(sum(row["cpu"] or 0 for row in rows))
        results["cold"] = median(colds)
        results["examples_cpu"] = median(example_cpus)
        print(f"(a) cold build, pool:            {results['cold']:6.2f} s; "
              f"the examples used {results['examples_cpu']:.2f} s of CPU", flush=True)
        results["bare_cpu"] = median([bare_cpu(src, rows) for _ in range(opts.repeat)])
        print(f"    the same scripts run bare:   {results['bare_cpu']:6.2f} s of CPU", flush=True)
        results["one_worker"] = median([cold("-D", "runexample_workers=1") for _ in range(opts.repeat)])
        print(f"(b) cold build, one worker:      {results['one_worker']:6.2f} s", flush=True)
        # With one worker every example ran by itself: its report says which is slowest.
        report = json.loads((build / "html/runexample-report.json").read_text())
        slow = max(report["examples"], key=lambda row: row["seconds"] or 0)

        cold()
        report = json.loads((build / "html/runexample-report.json").read_text())
        examples = report["examples"]
        nochange, nochange_ran = [], []
        for _ in range(opts.repeat):
            nochange.append(sphinx(src))
            nochange_ran.append(ran(src))
        results["nochange"] = median(nochange)
        print(f"(d) rebuild, nothing changed:    {results['nochange']:6.2f} s, "
              f"examples run: {max(nochange_ran)}", flush=True)

        edited = src / "examples" / "core" / "switching.py"
        original = edited.read_text()
        onechange, onechange_ran = [], []
        for i in range(opts.repeat):
            edited.write_text(original + f"\n# benchmark edit {i}\n")
            onechange.append(sphinx(src))
            onechange_ran.append(ran(src))
        edited.write_text(original)
        sphinx(src)
        results["onechange"] = median(onechange)
        print(f"(e) rebuild, one script changed: {results['onechange']:6.2f} s, "
              f"examples run: {min(onechange_ran)}-{max(onechange_ran)}", flush=True)

        noexec, noexec_cpu = [], []
        for _ in range(opts.repeat):
            noexec.append(sphinx(src, "-E", "-D", "runexample_execute=0"))
            noexec_cpu.append(last_cpu)
        results["noexec"], results["noexec_cpu"] = median(noexec), median(noexec_cpu)
        print(f"(f) build, execution off (-E):   {results['noexec']:6.2f} s, "
              f"{results['noexec_cpu']:.2f} s of CPU", flush=True)

        uses = {}
        for page in (src / "docs").rglob("*.md"):
            for use in scan(page.read_text()):
                if use.argument == slow["script"].split()[0] and "no-output" not in use.options:
                    uses = use.options
        spec = RunSpec(slow["script"].split()[0], timeout=60,
                       args=tuple(shlex.split(uses.get("args") or "")))
        results["slowest"] = median([run_script(spec, src / "examples").duration
                                     for _ in range(opts.repeat)])
        print(f"    slowest example alone:       {results['slowest']:6.2f} s ({spec.script})", flush=True)

        if not opts.skip_programoutput:
            po = Path(tmp, "programoutput")
            shutil.copytree(src, po, ignore=IGNORE)
            programoutput_pages(po)
            exts = "myst_parser,sphinx_copybutton,sphinxcontrib.programoutput"

            def po_cold() -> float:
                shutil.rmtree(po / "_build", ignore_errors=True)
                return sphinx(po, "-D", f"extensions={exts}")

            results["programoutput"] = median([po_cold() for _ in range(opts.repeat)])
            print(f"(c) cold build, programoutput:   {results['programoutput']:6.2f} s", flush=True)

        cores = os.cpu_count() or 1
        limit = max(results["slowest"] + results["noexec"],
                    (results["bare_cpu"] + results["noexec_cpu"]) / cores)
        print(f"    limit on {cores} cores:            {limit:6.2f} s = max(slowest + noexec, "
              f"(bare CPU + noexec CPU) / cores)", flush=True)
        ratios = [
            f"cold/limit={results['cold'] / limit:.2f} (target <= 1.25)",
            f"examples CPU/bare CPU={results['examples_cpu'] / results['bare_cpu']:.2f} (target <= 1.10)",
            f"cold/(slowest+noexec)={results['cold'] / (results['slowest'] + results['noexec']):.2f}",
            f"programoutput/cold={results.get('programoutput', float('nan')) / results['cold']:.2f} (target >= 4)",
            f"one_worker/cold={results['one_worker'] / results['cold']:.2f}",
            f"nochange/noexec={results['nochange'] / results['noexec']:.2f} (target <= 1.1)",
            f"ran(d)={max(nochange_ran)} (target 0)",
            f"ran(e)={max(onechange_ran)} (target 1)",
            f"examples={len(examples)}",
        ]
        print("; ".join(ratios))


if __name__ == "__main__":
    main()
