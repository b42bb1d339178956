"""Build the tutorial once per test session, as Read the Docs would serve it.

``test_site.py`` and ``test_browser.py`` check the built site. The build runs
``sphinx-build -M html`` on the repository in a fresh temporary folder, with
``READTHEDOCS_CANONICAL_URL`` set as on Read the Docs, so the site is meant to
be served under ``/en/latest/`` (``PREFIX``). The examples are not run
(``runexample_execute=0``): these checks are about links, previews, the 404
page and the zips, not outputs, which ``make doctest`` and
``tests/test_examples.py`` check. Warnings do not fail this build (``make
html`` and ``make test`` build with ``-W``); they are kept in ``warnings.txt``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CANONICAL = "https://gevent-tutorial.example.org/en/latest/"
PREFIX = "/en/latest/"


def _build(builder: str, expect: str) -> Path:
    out = Path(tempfile.mkdtemp(prefix=f"tutorial-{builder}-"))
    env = {**os.environ, "READTHEDOCS_CANONICAL_URL": CANONICAL}
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", builder, str(ROOT), str(out),
         "-D", "runexample_execute=0", "-q", "-w", str(out / "warnings.txt")],
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
