"""Take greenlets as they finish with gevent.iwait(); stop waiting early with gevent.wait()."""

import time

import gevent

# Spawned in this order, the slowest first.
PAGES = [("alpha", 0.4), ("beta", 0.1), ("gamma", 0.2)]


def fetch(name, seconds):
    gevent.sleep(seconds)  # stands in for waiting for a server's reply
    return f"{name} page"


def spawn_fetches():
    return [gevent.spawn(fetch, name, seconds) for name, seconds in PAGES]


def still_running(fetches):
    return [name for (name, _), greenlet in zip(PAGES, fetches) if not greenlet.dead]


def since(start):
    return f"{time.perf_counter() - start:.1f}s"


# 1. iwait() yields each greenlet as soon as it has finished: use it at once.
start = time.perf_counter()
fetches = spawn_fetches()
for done in gevent.iwait(fetches):
    print(f"iwait: {done.value} after {since(start)}")

# 2. wait(count=1) returns a list of the first greenlet that finished.
start = time.perf_counter()
fetches = spawn_fetches()
first = gevent.wait(fetches, count=1)
print(f"wait(count=1): returned {[g.value for g in first]} after {since(start)}")
print(f"wait(count=1): still running: {still_running(fetches)}")
gevent.killall(fetches)  # wait() stops nobody: the answer is in, so kill the rest

# 3. wait(timeout=0.3) returns what finished in time, in the order it finished.
start = time.perf_counter()
fetches = spawn_fetches()
ready = gevent.wait(fetches, timeout=0.3)
print(f"wait(timeout=0.3): returned {[g.value for g in ready]} after {since(start)}")
print(f"wait(timeout=0.3): still running: {still_running(fetches)}")
gevent.killall(fetches)
