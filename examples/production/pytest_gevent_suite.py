"""Run a small pytest suite for gevent code, and show pytest's report."""

import os
import subprocess
import sys
from pathlib import Path

# The suite: _pytest_demo/ holds pytest.ini, the patching plugin, conftest.py
# and test_echo.py. Run it yourself from there: `python -m pytest -v test_echo.py`.
SUITE = Path(__file__).resolve().parent / "_pytest_demo"


def main():
    env = dict(os.environ,
               COLUMNS="88",  # the report's width, as if in an 88-column terminal
               PYTHONDONTWRITEBYTECODE="1")  # leave no __pycache__ beside the tests
    # `python -m pytest` puts the current folder on sys.path, so that pytest
    # can import the plugin named in pytest.ini's `-p gevent_patch`.
    result = subprocess.run([sys.executable, "-m", "pytest", "-v", "--tb=short", "test_echo.py"],
                            cwd=SUITE, env=env, capture_output=True, text=True, timeout=30)
    print(result.stdout.rstrip())
    if result.stderr:
        print(result.stderr.rstrip())
    print(f"pytest exited with status {result.returncode} (1: some tests failed)")


if __name__ == "__main__":
    main()
