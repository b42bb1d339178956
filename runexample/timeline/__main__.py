"""Draw a script's greenlet timeline from the command line.

    python -m runexample.timeline script.py out.svg [--caption TEXT] [-- ARGS...]
    python -m runexample.timeline --from-record record.json out.svg [--output out.txt]

The script runs under the recorder, as the documentation build runs it. Its
output is printed with the picture's numbers beside the lines they mark, and
the picture is written to ``out.svg``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

from ..text import clean_output
from . import draw, record


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m runexample.timeline",
        description="Run a script with the greenlet recorder and draw its timeline as SVG.")
    p.add_argument("script", nargs="?", help="the script to run")
    p.add_argument("svg", help="where to write the SVG")
    p.add_argument("args", nargs="*", help="arguments for the script (after --)")
    p.add_argument("--from-record", metavar="JSON", help="draw an existing record instead")
    p.add_argument("--output", metavar="TEXT", help="with --from-record: the run's output, to number")
    p.add_argument("--record", metavar="JSON", help="also keep the record here")
    p.add_argument("--title", help="the picture's <title>")
    p.add_argument("--caption", default="", help="what to look for (goes into <desc>)")
    p.add_argument("--timeout", type=float, default=60.0)
    return p


def _run(script: str, args: list[str], record_path: str, timeout: float) -> tuple[str, int]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.run(record.bootstrap_command(record_path, script, *args),
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, env=env, timeout=timeout)
    return clean_output(proc.stdout).rstrip("\n"), proc.returncode


def _numbered(output: str, markers) -> str:
    first = {m.first: m.number for m in markers}
    return "\n".join(f"{first[i]:>3} {line}" if i in first else f"    {line}"
                     for i, line in enumerate(output.split("\n")))


def main(argv: list[str] | None = None) -> int:
    p = _parser()
    ns = p.parse_args(argv)
    if bool(ns.script) == bool(ns.from_record):
        p.error("give either a script or --from-record")
    if ns.from_record:
        data = record.load(ns.from_record)
        output = ""
        if ns.output:
            with open(ns.output, encoding="utf-8") as f:
                output = f.read().rstrip("\n")
        title = ns.title or "Greenlet timeline"
    else:
        with tempfile.TemporaryDirectory() as tmp:
            record_path = ns.record or os.path.join(tmp, "record.json")
            output, status = _run(ns.script, ns.args, record_path, ns.timeout)
            if status:
                print(f"[exit status {status}]", file=sys.stderr)
            if not os.path.exists(record_path):
                print(output)
                print("no record was written: the script left through os._exit() or was killed",
                      file=sys.stderr)
                return 1
            data = record.load(record_path)
        title = ns.title or f"Greenlets of {os.path.basename(ns.script)} over time"
    picture = draw(data, output, title=title, caption=ns.caption)
    if output:
        print(_numbered(output, picture.markers))
    with open(ns.svg, "w", encoding="utf-8") as f:
        f.write(picture.svg)
    print(f"wrote {ns.svg} ({len(picture.svg.encode()):,} bytes, "
          f"{len(picture.markers)} numbered output lines)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
