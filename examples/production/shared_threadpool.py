"""DNS lookups and offloaded C calls wait in line for the same pool threads."""

from gevent import monkey

monkey.patch_all()

# Everything below is imported after patching, as it must be.
import ctypes  # noqa: E402
import socket  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402
from gevent.threadpool import ThreadPool  # noqa: E402

libc = ctypes.CDLL(None)
SLOW = 0.3  # seconds each slow call holds its thread


def c_sleep(seconds):
    """Stands for a driver call in C, handed to a thread as on the drivers page."""
    libc.usleep(int(seconds * 1_000_000))


def ticker(ticks):
    while True:
        ticks.append(time.perf_counter())
        gevent.sleep(0.1)


def lookup_while_busy(label, pool, calls):
    """Keep *calls* slow calls running in *pool*; time a DNS lookup meanwhile."""
    busy = [pool.spawn(c_sleep, SLOW) for _ in range(calls)]
    ticks = []
    tick = gevent.spawn(ticker, ticks)
    gevent.sleep(0)  # let the ticker take its first tick
    start = time.perf_counter()
    socket.getaddrinfo("localhost", 80)  # needs no network
    end = time.perf_counter()
    tick.kill()
    for result in busy:
        result.get()
    meanwhile = sum(start < t < end for t in ticks)
    print(f"{label}: lookup took {end - start:.1f}s; ticks meanwhile: {meanwhile}")


hub = gevent.get_hub()
resolver = hub.resolver
print(f"resolver: {type(resolver).__module__}.{type(resolver).__name__}")
print(f"its pool is the hub's threadpool: {resolver.pool is hub.threadpool}")
print(f"the hub's threadpool: maxsize {hub.threadpool.maxsize}")

lookup_while_busy("nothing else in the pool     ", hub.threadpool, 0)
lookup_while_busy("10 slow calls in the hub pool", hub.threadpool, 10)

# Fix 1: more threads in the hub's pool. maxsize can change at any time.
hub.threadpool.maxsize = 20
lookup_while_busy("the same, maxsize now 20     ", hub.threadpool, 10)
hub.threadpool.maxsize = 10

# Fix 2: a pool of the driver's own, so that DNS keeps the hub's pool.
driver_pool = ThreadPool(10)
lookup_while_busy("10 slow calls in their pool  ", driver_pool, 10)
driver_pool.kill()
