"""pytest-timeout after monkey patching: its thread method never fires, its signal method does."""

import os
import re
import subprocess
import sys
from pathlib import Path

SUITE = Path(__file__).resolve().parent / "_pytest_demo"


def run(method):
    # --durations=0: pytest reports how long the test itself ran (its "call"),
    # apart from start-up and fixtures, which a busy machine makes slower.
    command = [sys.executable, "-m", "pytest", "-q", "--tb=line", "--timeout=0.2",
               f"--timeout-method={method}", "--durations=0", "--durations-min=0",
               "test_blocking.py"]
    env = dict(os.environ, COLUMNS="88", PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run(command, cwd=SUITE, env=env, capture_output=True, text=True, timeout=30)
    lines = result.stdout.splitlines()
    outcome = re.sub(r" in \d+\.\d+s", "", lines[-1]).strip("= ")
    call = next(float(m.group(1)) for line in lines
                if (m := re.match(r"(\d+\.\d+)s call ", line)))
    reason = [line for line in lines if line.startswith("E ")]
    print(f"--timeout-method={method}: {outcome}; the test ran for {call:.1f} s")
    for line in reason:
        print("   ", line)


def main():
    print("test_blocks_the_thread() blocks the thread for 0.6 s; the limit is 0.2 s")
    run("thread")  # pytest-timeout's timer thread is a greenlet once patched
    run("signal")  # SIGALRM interrupts the blocking sleep


if __name__ == "__main__":
    main()
