"""Greenlets take turns only where they yield; gevent.sleep(0) is the simplest yield."""

import gevent


def worker(name, polite):
    for step in (1, 2, 3):
        print(f"{name}: step {step}")
        if polite:
            # sleep(0) waits for nothing, but it still passes control to the
            # hub, which runs every other ready greenlet before coming back.
            gevent.sleep(0)


print("main: two workers that never yield")
gevent.joinall([
    gevent.spawn(worker, "task A", polite=False),
    gevent.spawn(worker, "task B", polite=False),
])

print("main: the same workers, yielding after every step")
gevent.joinall([
    gevent.spawn(worker, "task A", polite=True),
    gevent.spawn(worker, "task B", polite=True),
])
