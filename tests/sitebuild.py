"""Build the tutorial once per test session, as Read the Docs would serve it.

``test_site.py``, ``test_browser.py`` and ``test_timeline_browser.py`` check
the built site. The build runs ``sphinx-build -M html`` on the repository in
a fresh temporary folder, with ``READTHEDOCS_CANONICAL_URL`` set as on Read
the Docs, so the site is meant to be served under ``/en/latest/``
(``PREFIX``). The epub is built in the same folder, sharing the doctrees.

Outputs and timelines come from the cache of example runs: under ``make
test`` that is the one the doctest builder has just filled
(``RUNEXAMPLE_CACHE_DIR``), copied here, so nothing runs again. Without it
(tox, a plain ``pytest``), the site build runs the examples once, and the
epub build takes them from its cache. Warnings do not fail this build (``make
html`` and ``make test`` build with ``-W``); they are kept in ``warnings-<builder>.txt``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CANONICAL = "https://gevent-tutorial.example.org/en/latest/"
PREFIX = "/en/latest/"


@cache
def _folder() -> Path:
    """The session's build folder, with the example cache copied in when there is one."""
    out = Path(tempfile.mkdtemp(prefix="tutorial-site-"))
    cache = os.environ.get("RUNEXAMPLE_CACHE_DIR")
    if cache and Path(cache).is_dir():
        shutil.copytree(cache, out / "doctrees" / "runexample-cache")
    return out


def _build(builder: str, expect: str) -> Path:
    out = _folder()
    env = {**os.environ, "READTHEDOCS_CANONICAL_URL": CANONICAL}
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", builder, str(ROOT), str(out),
         "-q", "-w", str(out / f"warnings-{builder}.txt")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )
    folder = out / builder
    if done.returncode != 0 or not (folder / expect).is_file():
        raise RuntimeError(f"the {builder} build failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return folder


@cache
def built_site() -> Path:
    """The HTML folder of a fresh build (made on first use, kept for the session)."""
    return _build("html", "docs/index.html")


@cache
def built_epub() -> Path:
    """The book of a fresh epub build."""
    return _build("epub", "geventtutorial.epub") / "geventtutorial.epub"
