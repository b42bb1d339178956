"""Put a time limit on a block of code with gevent.Timeout."""

import time

import gevent
from gevent import Timeout


def slow_job():
    gevent.sleep(0.5)  # stands in for a reply that takes too long
    print("slow job: finished (never printed: every limit below is shorter)")


def since(start):
    return f"{time.perf_counter() - start:.1f}s"


# 1. A Timeout started by hand: from start() on, the current greenlet gets
#    the Timeout exception at the first wait that ends after 0.1 seconds.
start = time.perf_counter()
timeout = Timeout(0.1)
timeout.start()
try:
    slow_job()
except Timeout as error:
    # Another, outer timeout could also be on its way: check it is ours.
    if error is not timeout:
        raise
    print(f"by hand: gave up after {since(start)}")
finally:
    # Always close a timeout you started: it stops the timer, so it cannot
    # fire later, elsewhere, and frees it. (cancel() only stops it.)
    timeout.close()


# 2. The same as a context manager, which starts and closes it for us.
#    The second argument is the exception to raise instead of Timeout.
#    This one derives from Exception, so, unlike Timeout, any
#    `except Exception:` inside the block would catch it.
class TooSlow(Exception):
    pass


start = time.perf_counter()
try:
    with Timeout(0.2, TooSlow):
        slow_job()
except TooSlow:
    print(f"with TooSlow: gave up after {since(start)}")

# 3. With False instead of an exception, the block is silently abandoned.
start = time.perf_counter()
with Timeout(0.1, False):
    slow_job()
print(f"with False: left the block quietly after {since(start)}")
