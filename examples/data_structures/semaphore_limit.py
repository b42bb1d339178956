"""A Semaphore lets a fixed number of greenlets into a section at the same time."""
import time

import gevent
from gevent.lock import Semaphore

start = time.monotonic()
# At most two greenlets may talk to the (pretend) rate-limited API at once.
api_slots = Semaphore(2)


def elapsed():
    return f"{time.monotonic() - start:.1f}s"


def worker(name, seconds):
    print(f"{name}: preparing")
    with api_slots:
        # counter is how many more greenlets could enter right now.
        print(f"{name}: calling the API at {elapsed()}, {api_slots.counter} slot(s) free")
        gevent.sleep(seconds)
    print(f"{name}: done at {elapsed()}")


gevent.joinall([
    gevent.spawn(worker, "w1", 0.3),
    gevent.spawn(worker, "w2", 0.1),
    gevent.spawn(worker, "w3", 0.1),
    gevent.spawn(worker, "w4", 0.2),
])
