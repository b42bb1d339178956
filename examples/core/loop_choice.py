"""Which event loop the hub runs, chosen with the GEVENT_LOOP environment variable."""

import os
import subprocess
import sys

# The child creates the hub (and so its loop), lets a timer fire on it, and
# names the loop's class.
CHILD = """
import gevent
loop = gevent.get_hub().loop
gevent.sleep(0.01)  # the loop really runs: a timer fires
print(f"the hub runs {type(loop).__module__}.{type(loop).__name__}")
"""

# The loop is chosen once, when the hub is created, so each choice needs a
# fresh interpreter.
for choice in [None, "libev-cext", "libev-cffi", "libuv"]:
    env = {key: value for key, value in os.environ.items() if key != "GEVENT_LOOP"}
    if choice is not None:
        env["GEVENT_LOOP"] = choice
    child = subprocess.run([sys.executable, "-c", CHILD], env=env,
                           capture_output=True, text=True, timeout=10)
    answer = child.stdout.strip() or child.stderr.strip().splitlines()[-1]
    print(f"GEVENT_LOOP={choice or '(not set)'}: {answer}")
