"""clear() lowers an Event again, so one event can pause and resume a worker."""
import time

import gevent
from gevent.event import Event

start = time.monotonic()
# The event means "the worker may run". It starts raised.
running = Event()
running.set()


def elapsed():
    return f"{time.monotonic() - start:.1f}s"


def worker():
    for item in range(4):
        # While the event is set this returns at once; after clear() it blocks.
        running.wait()
        print(f"worker: item {item} at {elapsed()}")
        gevent.sleep(0.2)


def controller():
    gevent.sleep(0.3)
    print(f"controller: pause (clear) at {elapsed()}")
    running.clear()
    gevent.sleep(0.3)
    print(f"controller: resume (set) at {elapsed()}")
    running.set()


gevent.joinall([gevent.spawn(worker), gevent.spawn(controller)])
