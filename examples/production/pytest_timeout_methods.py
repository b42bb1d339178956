"""pytest-timeout after monkey patching: its thread method never fires, its signal method does."""

import os
import re
import subprocess
import sys
from pathlib import Path

SUITE = Path(__file__).resolve().parent / "_pytest_demo"


def run(method):
    command = [sys.executable, "-m", "pytest", "-q", "--tb=line", "--timeout=0.2",
               f"--timeout-method={method}", "test_blocking.py"]
    env = dict(os.environ, COLUMNS="88", PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run(command, cwd=SUITE, env=env, capture_output=True, text=True, timeout=30)
    lines = result.stdout.splitlines()
    summary = re.sub(r" in (\d+\.\d+)s", lambda m: f" in {float(m.group(1)):.1f} s", lines[-1])
    reason = [line for line in lines if line.startswith("E ")]
    print(f"--timeout-method={method}: {summary.strip('= ')}")
    for line in reason:
        print("   ", line)


def main():
    print("test_blocks_the_thread() blocks the thread for 0.6 s; the limit is 0.2 s")
    run("thread")  # pytest-timeout's timer thread is a greenlet once patched
    run("signal")  # SIGALRM interrupts the blocking sleep


if __name__ == "__main__":
    main()
