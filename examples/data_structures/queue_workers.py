"""Workers share one Queue; each item goes to exactly one worker, and idle workers stop."""
import time

import gevent
from gevent.queue import Empty, Queue

start = time.monotonic()
tasks = Queue()


def elapsed():
    return f"{time.monotonic() - start:.1f}s"


def worker(name, seconds_per_task):
    while True:
        try:
            # Wait at most 0.3 s for work; an idle worker then stops by itself.
            task = tasks.get(timeout=0.3)
        except Empty:
            print(f"{name}: no work for 0.3s, stopping")
            return
        print(f"{name}: took task {task} at {elapsed()}")
        gevent.sleep(seconds_per_task)


def boss():
    # Hand out work in two batches with a pause in between.
    for task in range(1, 5):
        tasks.put(task)
    gevent.sleep(0.5)
    for task in range(5, 7):
        tasks.put(task)


# Worker "quick" needs 0.1 s per task, worker "slow" needs 0.25 s.
gevent.joinall([
    gevent.spawn(boss),
    gevent.spawn(worker, "quick", 0.1),
    gevent.spawn(worker, "slow", 0.25),
])
