"""Without monkey patching, time.sleep() blocks every greenlet; gevent.sleep() yields."""

import time

import gevent
import gevent.pool


def run_jobs(sleep):
    """Run three jobs in a gevent pool, noting when each one starts and ends."""
    events = []

    def job(i):
        events.append(f"start {i}")
        sleep(0.05)
        events.append(f"end {i}")

    gevent.pool.Pool(3).map(job, range(3))
    return ", ".join(events)


# time.sleep() is not patched here, so it stops the whole OS thread: the hub
# cannot run, and neither can any other greenlet.
print(f"with time.sleep:   {run_jobs(time.sleep)}")
# gevent.sleep() hands control to the hub, so all three jobs wait together.
print(f"with gevent.sleep: {run_jobs(gevent.sleep)}")
