"""Pool.wait_available() and free_count(): take new work only when a slot is free."""
import time

import gevent
from gevent.pool import Pool

start = time.monotonic()
pool = Pool(2)
# Work waiting in some outside source, with how long each item takes.
BACKLOG = [("A", 0.3), ("B", 0.5), ("C", 0.1), ("D", 0.2)]


def elapsed():
    return f"{time.monotonic() - start:.1f}s"


def handle(name, seconds):
    gevent.sleep(seconds)
    print(f"{name}: done at {elapsed()}")


for name, seconds in BACKLOG:
    # Block until a slot is free, but wake up every 0.2 s to report.
    # Until then the item stays in the backlog, where nothing is lost if we stop.
    while not pool.wait_available(timeout=0.2):
        print(f"dispatcher: pool still full at {elapsed()}")
    print(f"dispatcher: {pool.free_count()} free slot(s) at {elapsed()}, starting {name}")
    pool.spawn(handle, name, seconds)

pool.join()
print(f"dispatcher: all done at {elapsed()}, {pool.free_count()} free slot(s)")
