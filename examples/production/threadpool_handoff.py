"""Hand blocking calls to real threads, so that the hub keeps running."""

import ctypes
import time

import gevent
from gevent.threadpool import ThreadPoolExecutor

libc = ctypes.CDLL(None)


def c_sleep(seconds):
    """Stands for any blocking call gevent cannot make cooperative."""
    libc.usleep(int(seconds * 1_000_000))
    return seconds


def ticker(ticks):
    while True:
        ticks.append(time.perf_counter())
        gevent.sleep(0.1)


def measure(label, work):
    """Run *work* beside a ticker; report its time and the ticker's longest gap."""
    ticks = []
    tick = gevent.spawn(ticker, ticks)
    gevent.sleep(0)  # let the ticker take its first tick
    start = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - start
    tick.kill()
    ticks.append(start + elapsed)  # the ticker waited at least until now
    gap = max(later - earlier for earlier, later in zip(ticks, ticks[1:]))
    print(f"{label}: {result} in {elapsed:.1f}s; longest gap between ticks {gap:.1f}s")


pool = gevent.get_hub().threadpool  # the hub's own pool of real threads


def in_hub_thread():
    return [c_sleep(0.2) for _ in range(2)]


def pool_spawn():
    # spawn() returns at once with an AsyncResult; get() waits cooperatively.
    results = [pool.spawn(c_sleep, 0.2) for _ in range(2)]
    return [result.get() for result in results]


def pool_apply():
    # apply() waits for the result, but only this greenlet waits.
    return [pool.apply(c_sleep, (0.2,))]


def executor_map():
    with ThreadPoolExecutor(max_workers=2) as executor:
        return list(executor.map(c_sleep, [0.2, 0.2]))


measure("in the hub's thread  ", in_hub_thread)
measure("threadpool.spawn()   ", pool_spawn)
measure("threadpool.apply()   ", pool_apply)
measure("ThreadPoolExecutor   ", executor_map)
