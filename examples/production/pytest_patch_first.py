"""pytest without the patching plugin: unpatched, unless gevent's launcher starts it."""

import os
import re
import subprocess
import sys
from pathlib import Path

SUITE = Path(__file__).resolve().parent / "_pytest_demo"
TEST = "test_echo.py::test_socket_is_patched"
# pytest.ini's addopts load the patching plugin; "-o addopts=..." replaces them.
NO_PLUGIN = ["-o", "addopts=-p no:cacheprovider"]

WAYS = {
    "python -m pytest, without the plugin":
        ["-m", "pytest", *NO_PLUGIN, TEST],
    "python -m gevent.monkey --module pytest, without the plugin":
        ["-m", "gevent.monkey", "--module", "pytest", *NO_PLUGIN, TEST],
}


def main():
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    # Both runs at once: each is a separate pytest process.
    runs = {way: subprocess.Popen([sys.executable, *args, "-q"], cwd=SUITE, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for way, args in WAYS.items()}
    for way, run in runs.items():
        output, _ = run.communicate(timeout=30)
        # pytest -q ends with a line like "1 passed in 0.01s".
        summary = re.findall(r"^(\d+ \w+(?:, \d+ \w+)*) in ", output, re.MULTILINE)
        print(f"{way}:\n  {summary[-1] if summary else output}")


if __name__ == "__main__":
    main()
