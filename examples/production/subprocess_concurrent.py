"""gevent.subprocess: wait for child processes without blocking the other greenlets."""

from gevent import monkey

monkey.patch_all()

import subprocess  # noqa: E402  (patched: this is gevent.subprocess underneath)
import sys  # noqa: E402

import gevent  # noqa: E402
import gevent.subprocess  # noqa: E402

# The child reads its input, notes when it started, works for 0.5 s, and
# prints its answer with the start and end times.
CHILD = """
import sys, time
start = time.time()
word = sys.stdin.read()
time.sleep(0.5)
print(word.upper(), start, time.time())
"""


def shout(word):
    done = subprocess.run(
        [sys.executable, "-c", CHILD], input=word, capture_output=True, text=True, check=True
    )
    answer, start, end = done.stdout.split()
    return answer, float(start), float(end)


print(f"subprocess.Popen is gevent.subprocess.Popen: {subprocess.Popen is gevent.subprocess.Popen}")
jobs = [gevent.spawn(shout, word) for word in ("alpha", "beta", "gamma")]
results = [job.get() for job in jobs]
print("answers:", [answer for answer, _, _ in results])
latest_start = max(start for _, start, _ in results)
earliest_end = min(end for _, _, end in results)
print(f"all three children were running at the same moment: {latest_start < earliest_end}")

# A timeout kills a child that takes too long; other greenlets run meanwhile.
try:
    subprocess.run([sys.executable, "-c", "import time; time.sleep(10)"], timeout=0.3)
except subprocess.TimeoutExpired as exc:
    print(f"TimeoutExpired after {exc.timeout} s; the child was killed")
