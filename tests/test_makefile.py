"""The Makefile's promises, checked with stand-ins for Sphinx and pytest.

Each stand-in notes when it starts and ends, so the order of the steps that
``make test`` runs can be read back, whatever ``-j`` says.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

STAND_IN = """#!/bin/sh
echo "start $*" >> {log}
sleep 0.3
echo "end $*" >> {log}
"""


@pytest.fixture
def stand_ins(tmp_path):
    """A venv folder whose sphinx-build and python only log their calls."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    log = tmp_path / "calls.log"
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    for name in ("sphinx-build", "python"):
        tool = venv / "bin" / name
        tool.write_text(STAND_IN.format(log=log))
        tool.chmod(0o755)
    (venv / ".installed").touch()  # newer than the requirements: no install
    return venv, log


def _steps(log: Path) -> list[str]:
    return [" ".join(line.split()[:3]) for line in log.read_text().splitlines()]


@pytest.mark.skipif(os.name != "posix", reason="the Makefile needs a POSIX shell")
@pytest.mark.parametrize("jobs", ["1", "4"])
def test_make_test_runs_its_steps_one_after_another(stand_ins, tmp_path, jobs):
    venv, log = stand_ins
    subprocess.run(["make", "-s", f"-j{jobs}", "test", f"VENV={venv}", f"BUILDDIR={tmp_path / 'b'}"],
                   cwd=ROOT, check=True, capture_output=True, timeout=60)
    steps = _steps(log)
    # The doctest builder first (it runs every example and fills the cache),
    # then the HTML build (which takes every output from that cache), then pytest.
    assert steps == ["start -M doctest", "end -M doctest", "start -M html", "end -M html",
                     "start -m pytest", "end -m pytest"], steps
    # pytest leaves out the per-example tests, which would re-judge the doctest builder's results.
    assert "--ignore=tests/test_examples.py" in log.read_text()
