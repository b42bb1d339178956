"""threadpool.spawn() returns at once only while the pool has room; then it waits."""

import ctypes
import time

import gevent
from gevent.threadpool import ThreadPool

libc = ctypes.CDLL(None)


def c_sleep(seconds):
    """Stands for any blocking call gevent cannot make cooperative."""
    libc.usleep(int(seconds * 1_000_000))


def ticker(ticks):
    while True:
        ticks.append(time.perf_counter())
        gevent.sleep(0.1)


# A pool of its own, with 2 threads, so that it fills up quickly.
pool = ThreadPool(2)
ticks = []
tick = gevent.spawn(ticker, ticks)
gevent.sleep(0)  # let the ticker take its first tick

print("a pool of 2 threads; 4 calls of 0.2s each, handed over with spawn():")
start = time.perf_counter()
results = []
for number in range(1, 5):
    results.append(pool.spawn(c_sleep, 0.2))
    print(f"  spawn() #{number} returned at {time.perf_counter() - start:.1f}s")
spawned = time.perf_counter()
for result in results:
    result.get()
end = time.perf_counter()
tick.kill()
pool.kill()

print(f"all 4 results in at {end - start:.1f}s")
# The ticker ran while spawn() #4 waited: that wait was cooperative.
print(f"ticker ticks while spawn() waited: {sum(start < t < spawned for t in ticks)}")
