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
    """Run *work* beside a ticker; report its time and how often the ticker ran."""
    ticks = []
    tick = gevent.spawn(ticker, ticks)
    gevent.sleep(0)  # let the ticker take its first tick
    start = time.perf_counter()
    result = work()
    end = time.perf_counter()
    tick.kill()
    meanwhile = sum(start < t < end for t in ticks)
    print(f"{label}: {result} in {end - start:.1f}s; ticker ticks meanwhile: {meanwhile}")


pool = gevent.get_hub().threadpool  # the hub's own pool of real threads


def in_hub_thread():
    return [c_sleep(0.2) for _ in range(2)]


def pool_spawn():
    # spawn() returns an AsyncResult, at once while a pool thread is free;
    # get() waits cooperatively.
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
