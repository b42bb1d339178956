"""After patch_all(), threads are greenlets: what that does to threading, executors and queues."""

from gevent import monkey

monkey.patch_all()

# Everything below is imported after patching, as it must be.
import concurrent.futures  # noqa: E402
import ctypes  # noqa: E402
import queue  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402
import gevent.queue  # noqa: E402

libc = ctypes.CDLL(None)


def c_sleep(seconds):
    """A blocking call in C, which monkey patching cannot reach."""
    libc.usleep(int(seconds * 1_000_000))


def note_where(seen):
    time.sleep(0.1)  # patched: yields to the other "threads"
    current = gevent.getcurrent()
    seen.append((threading.get_ident(), threading.get_native_id(), type(current).__name__))


seen = []
threads = [threading.Thread(target=note_where, args=(seen,)) for _ in range(3)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("threading: 3 threads")
print(f"  each ran in a {', '.join(sorted({kind for _, _, kind in seen}))}")
print(f"  threading.get_ident() gave {len({ident for ident, _, _ in seen})} values")
print(f"  threading.get_native_id() gave {len({native for _, native, _ in seen})}: one OS thread")


def overlapping(executor, work):
    """Run *work* three times; did all three calls run at the same moment?"""
    spans = []

    def timed(seconds):
        start = time.perf_counter()
        work(seconds)
        spans.append((start, time.perf_counter()))

    with executor:
        list(executor.map(timed, [0.2] * 3))
    latest_start = max(start for start, _ in spans)
    earliest_end = min(end for _, end in spans)
    return "all at once" if latest_start < earliest_end else "one after another"


stdlib = concurrent.futures.ThreadPoolExecutor
print("concurrent.futures.ThreadPoolExecutor, 3 workers:")
print(f"  3 x time.sleep(0.2), patched: {overlapping(stdlib(3), time.sleep)}")
print(f"  3 x a 0.2 s call in C:        {overlapping(stdlib(3), c_sleep)}")

print(f"queue.Queue is gevent.queue.Queue: {queue.Queue is gevent.queue.Queue}")
