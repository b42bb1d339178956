"""The report of a build's runs: a table in the log, and ``runexample-report.json``."""

from __future__ import annotations

import json
import os
from pathlib import Path

from sphinx.util import logging
from sphinx.util.console import bold

from .judge import status
from .memory import format_size
from .pool import Runner

logger = logging.getLogger(__name__)


def rows(runner: Runner) -> list[dict]:
    """One row per finished run of *runner*, in script order."""
    found = []
    for spec, fut in sorted(runner.submitted().items(), key=lambda item: item[0].script):
        if not fut.done() or fut.cancelled() or fut.exception() is not None:
            continue
        result = fut.result()
        if result is None:
            found.append({"script": spec.describe(), "seconds": None, "source": "not run",
                          "status": status(spec, None)})
            continue
        found.append({
            "script": spec.describe(),
            "seconds": round(result.duration, 3),
            "cpu": None if result.cpu is None else round(result.cpu, 3),
            "peak_memory": result.peak_memory,
            "source": "cache" if result.cached else "ran",
            "status": status(spec, result),
        })
    return found


def table(found: list[dict]) -> list[str]:
    """The rows as lines of text, with a last line counting them."""
    width = max(len(r["script"]) for r in found)
    lines = [f"{'example':<{width}}  {'seconds':>7}  {'memory':>8}  {'source':<7}  status"]
    for r in found:
        seconds = "" if r["seconds"] is None else f"{r['seconds']:.2f}"
        memory = format_size(r["peak_memory"]) if r.get("peak_memory") else ""
        lines.append(f"{r['script']:<{width}}  {seconds:>7}  {memory:>8}  {r['source']:<7}  "
                     f"{r['status']}")
    ran = sum(r["source"] == "ran" for r in found)
    lines.append(f"{len(found)} examples: {ran} ran, {len(found) - ran} from the cache or not run")
    return lines


def write(runner: Runner, outdir: str | os.PathLike[str]) -> None:
    """Log the table of *runner*'s runs, and save them as JSON in *outdir*."""
    found = rows(runner)
    if not found:
        return
    logger.info("")
    logger.info(bold("example run report"))
    for line in table(found):
        logger.info(line)
    os.makedirs(outdir, exist_ok=True)
    ran = sum(r["source"] == "ran" for r in found)
    Path(outdir, "runexample-report.json").write_text(
        json.dumps({"examples": found, "ran": ran}, indent=1) + "\n", encoding="utf-8")
