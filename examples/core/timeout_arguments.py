"""Calls that wait accept a timeout= argument: join(), get(), queue calls, with_timeout()."""

import gevent
from gevent import Timeout
from gevent.queue import Empty, Queue


def slow_job():
    gevent.sleep(1.0)  # longer than every limit below
    return "slow result"


job = gevent.spawn(slow_job)

# join() just stops waiting: it raises nothing, and the job keeps running.
job.join(timeout=0.1)
print(f"join(timeout=0.1): returned; is the job finished? {job.ready()}")

# get() needs a value to return, so it raises Timeout instead.
try:
    job.get(timeout=0.1)
except Timeout as error:
    print(f"get(timeout=0.1): raised Timeout ({error})")

# A queue with nothing in it raises queue.Empty, like the standard library's.
try:
    Queue().get(timeout=0.1)
except Empty:
    print("Queue().get(timeout=0.1): raised Empty")

# with_timeout() runs a function in the current greenlet, under a time limit.
try:
    gevent.with_timeout(0.1, slow_job)
except Timeout:
    print("with_timeout(0.1, slow_job): raised Timeout")
# With timeout_value=..., it returns that value instead of raising.
result = gevent.with_timeout(0.1, slow_job, timeout_value="fallback")
print(f"with_timeout(0.1, slow_job, timeout_value=...): returned {result!r}")

# The first job is still running; stop it instead of leaving it behind.
job.kill()
print(f"main: killed the job that was still running: {job.dead}")
