"""Threads are switched by the OS at any moment; greenlets switch only when they wait."""

import threading
import time

import gevent


def ticker(kind, sleep, start):
    # Wants to tick at 0.1 s and at 0.2 s; `sleep` is time.sleep or gevent.sleep.
    for n in (1, 2):
        due = start + 0.1 * n
        sleep(max(0, due - time.perf_counter()))  # a late tick does not delay the next
        print(f"{kind} ticker: tick {n} at {time.perf_counter() - start:.1f}s")


def cruncher(kind, start):
    # 0.4 s of pure computation: no I/O and no sleep, so it never waits. It
    # ends well after the ticks are due, so a busy machine cannot swap them.
    deadline = start + 0.4
    while time.perf_counter() < deadline:
        pass
    print(f"{kind} cruncher: done at {time.perf_counter() - start:.1f}s")


# Two OS threads: the OS interrupts the cruncher so the ticker keeps time.
start = time.perf_counter()
threads = [
    threading.Thread(target=ticker, args=("thread", time.sleep, start)),
    threading.Thread(target=cruncher, args=("thread", start)),
]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()

# Two greenlets: nobody can interrupt the cruncher, so the ticker is late.
start = time.perf_counter()
gevent.joinall([
    gevent.spawn(ticker, "greenlet", gevent.sleep, start),
    gevent.spawn(cruncher, "greenlet", start),
])
