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
start = time.perf_counter()
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
elapsed = time.perf_counter() - start
print(f"3 threads, each sleeping 0.1 s, finished together in {elapsed:.1f}s")
print(f"  each ran in a {', '.join(sorted({kind for _, _, kind in seen}))}")
print(f"  threading.get_ident() gave {len({ident for ident, _, _ in seen})} values")
print(f"  threading.get_native_id() gave {len({native for _, native, _ in seen})}: one OS thread")


def run_three(executor, work):
    start = time.perf_counter()
    with executor:
        list(executor.map(work, [0.2] * 3))
    return time.perf_counter() - start


stdlib = concurrent.futures.ThreadPoolExecutor
print("concurrent.futures.ThreadPoolExecutor, 3 workers:")
print(f"  3 x time.sleep(0.2), patched: {run_three(stdlib(3), time.sleep):.1f}s")
print(f"  3 x a 0.2 s call in C:        {run_three(stdlib(3), c_sleep):.1f}s (one after another)")

print(f"queue.Queue is gevent.queue.Queue: {queue.Queue is gevent.queue.Queue}")
