"""A Timeout can only interrupt a greenlet while it waits through gevent."""

import time

from gevent import Timeout, get_hub, sleep


def since(start):
    return f"{time.perf_counter() - start:.1f}s"


class TooSlow(Exception):
    pass


# 1. Code that never waits through gevent cannot be interrupted. The time
#    module is not patched here, so time.sleep() blocks the whole thread.
start = time.perf_counter()
try:
    with Timeout(0.1, TooSlow):
        time.sleep(0.3)
    print(f"blocking: the block ran to its end at {since(start)}; no TooSlow")
except TooSlow:
    print("blocking: interrupted (this does not happen)")

# 2. The same work in chunks, with a short cooperative wait after each one:
#    the timeout fires at the first wait that comes after its deadline.
start = time.perf_counter()
try:
    with Timeout(0.15, TooSlow):
        for chunk in (1, 2, 3):
            time.sleep(0.1)  # a chunk of work that does not yield
            print(f"chunks: chunk {chunk} done at {since(start)}")
            sleep(0.01)  # waiting through gevent, e.g. to save progress
except TooSlow:
    print(f"chunks: interrupted at {since(start)}, during the wait after chunk 2")

# 3. The same blocking call in a real OS thread from the hub's threadpool.
#    The hub stays free, so the timeout ends the wait for the result on time,
#    but Python has no way to stop a thread: the call itself runs to its end.
start = time.perf_counter()
job = get_hub().threadpool.spawn(time.sleep, 0.3)
try:
    job.get(timeout=0.1)
except Timeout:
    print(f"thread: stopped waiting at {since(start)}")
job.get()
print(f"thread: its time.sleep(0.3) still ran to its end, at {since(start)}")
