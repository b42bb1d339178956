"""A test that leaves a greenlet running: the suite's fixture kills it and reports it."""

import os
import subprocess
import sys
from pathlib import Path

SUITE = Path(__file__).resolve().parent / "_pytest_demo"


def main():
    env = dict(os.environ, COLUMNS="88", PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run([sys.executable, "-m", "pytest", "-v", "--tb=short", "test_leftovers.py"],
                            cwd=SUITE, env=env, capture_output=True, text=True, timeout=30)
    # The test results and what follows them; pytest's header is on the testing page.
    lines = result.stdout.rstrip().splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("test_leftovers.py::"))
    print("\n".join(lines[start:]))
    print(f"pytest exited with status {result.returncode} (1: some tests failed or erred)")


if __name__ == "__main__":
    main()
