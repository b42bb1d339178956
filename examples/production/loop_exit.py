"""LoopExit: raised when the hub's loop has nothing left to watch."""

from gevent import monkey

monkey.patch_all()

import queue  # noqa: E402  (imported after patching)
import threading  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402
from gevent.exceptions import LoopExit  # noqa: E402


def try_it(title, action):
    print(f"{title}:")
    start = time.perf_counter()
    try:
        print(f"  returned {action()!r}")
    except LoopExit as exc:
        # exc.args[0] is the message; str(exc) adds the hub and what it still watches.
        waited = time.perf_counter() - start
        print(f"  LoopExit after {waited:.1f}s: " + str(exc).replace("\n", "\n  "))
    except queue.Empty:
        print("  queue.Empty, after its timeout")


# 1. A producer thread that ends without producing. With real threads, get()
#    would wait forever. Here every "thread" is a greenlet; once the producer
#    has finished, the hub's loop has no timer, socket or greenlet left to
#    watch, so the hub raises LoopExit rather than wait for nothing.
jobs = queue.Queue()


def producer():
    if not jobs.empty():  # a bug: this is never true, so nothing is put
        jobs.put("job")


threading.Thread(target=producer).start()
try_it("get() with no one left to put", jobs.get)

# 2. The same get() with a timeout: a pending timer keeps the hub busy, so it
#    waits, then times out in the ordinary way.
try_it("get(timeout=0.2)", lambda: jobs.get(timeout=0.2))

# 3. Two threads that take two locks in opposite orders: a deadlock.
first, second = threading.Lock(), threading.Lock()


def one_way():
    with first:
        gevent.sleep(0.01)
        with second:
            pass


def other_way():
    with second:
        gevent.sleep(0.01)
        with first:
            pass


# daemon=True: at exit, Python waits for every thread that is not a daemon,
# and these two will never finish.
threads = [threading.Thread(target=f, daemon=True) for f in (one_way, other_way)]
for thread in threads:
    thread.start()
try_it("join() two deadlocked threads", threads[0].join)

# 4. The bug of case 1 again, beside an unrelated greenlet that wakes up three
#    times, every 0.1 seconds, as a periodic task would. While its timer is
#    pending, the loop has something to watch, and get() just waits. Only
#    when it has finished is the loop empty, and LoopExit comes. A timer that
#    never ends, or a server's listening socket, would make get() wait for ever.


def heartbeat(beats):
    for _ in range(beats):
        gevent.sleep(0.1)


gevent.spawn(heartbeat, 3)
try_it("get() with no one left to put, beside 3 heartbeats", jobs.get)
