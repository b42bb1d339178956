"""Group.map, imap and imap_unordered run the same jobs but hand back results differently."""
import time

import gevent
from gevent.pool import Group

# Job n takes n tenths of a second, so job 1 finishes first and job 3 last.
JOBS = [2, 3, 1]


def job(n):
    gevent.sleep(n / 10)
    return n


group = Group()
print(f"inputs: {JOBS}")

start = time.monotonic()
# map() waits for every job, then returns all results in input order.
results = group.map(job, JOBS)
print(f"map:            returned {results} at {time.monotonic() - start:.1f}s")

start = time.monotonic()
# imap() yields results in input order, each as soon as it (and those before it) are done.
for result in group.imap(job, JOBS):
    print(f"imap:           got {result} at {time.monotonic() - start:.1f}s")

start = time.monotonic()
# imap_unordered() yields each result the moment its job finishes.
for result in group.imap_unordered(job, JOBS):
    print(f"imap_unordered: got {result} at {time.monotonic() - start:.1f}s")
