"""Pool(size) is a Group that never runs more than size greenlets at once."""
import time

import gevent
from gevent.pool import Pool

start = time.monotonic()
pool = Pool(2)
# How long each job takes, in seconds.
DURATIONS = {1: 0.3, 2: 0.1, 3: 0.1, 4: 0.3, 5: 0.1}


def elapsed():
    return f"{time.monotonic() - start:.1f}s"


def job(n):
    print(f"job {n}: start at {elapsed()}")
    gevent.sleep(DURATIONS[n])
    print(f"job {n}: done at {elapsed()}")


for n in DURATIONS:
    # When both slots are taken, spawn() blocks the caller until one frees up.
    pool.spawn(job, n)
    print(f"main: submitted job {n} at {elapsed()}, {len(pool)} in the pool")

pool.join()
print(f"main: all jobs done at {elapsed()}")
