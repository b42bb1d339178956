"""A greenlet that does not yield stalls every other greenlet in its thread."""

import ctypes
import time

import gevent

# No monkey patching in this script: time.sleep is the standard library's.
# ctypes.CDLL(None) opens the C library the interpreter is already linked with.
libc = ctypes.CDLL(None)


def unpatched_sleep():
    time.sleep(0.3)


def busy_loop():
    # Pure Python, but it never calls anything that waits, so it never yields.
    deadline = time.perf_counter() + 0.3
    while time.perf_counter() < deadline:
        pass


def c_call():
    # A C function that waits: gevent cannot patch code it cannot see.
    libc.usleep(300_000)


def cooperative_sleep():
    gevent.sleep(0.3)


def ticker(worker, ticks):
    """Tick every 0.1 s until *worker* is done, noting when each tick ran."""
    while True:
        ticks.append(time.perf_counter())
        if worker.dead:
            return
        gevent.sleep(0.1)


def ticks_while(work):
    """How many times the ticker got to run while *work* was running."""
    span = []

    def worker():
        span.append(time.perf_counter())
        work()
        span.append(time.perf_counter())

    ticks = []
    job = gevent.spawn_later(0.02, worker)
    gevent.joinall([job, gevent.spawn(ticker, job, ticks)])
    started, ended = span
    return sum(started < tick < ended for tick in ticks)


print("a ticker asks to run every 0.1 s while another greenlet works for 0.3 s")
for work in (unpatched_sleep, busy_loop, c_call, cooperative_sleep):
    print(f"{work.__name__ + ':':19} ticker ticks meanwhile: {ticks_while(work)}")
