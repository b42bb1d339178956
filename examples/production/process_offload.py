"""Run CPU-bound work in another process and wait for it without blocking the hub."""

from gevent import monkey

monkey.patch_all()

import multiprocessing  # noqa: E402  (imported after patching)
import os  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402
from gevent.socket import wait_read  # noqa: E402

PARENT = os.getpid()


def render_report(name):
    """Stands for heavy pure-Python work: it computes for 0.2 s of CPU time."""
    end = time.process_time() + 0.2
    while time.process_time() < end:
        sum(range(1000))
    where = "the parent" if os.getpid() == PARENT else "a child process"
    return f"{name} rendered in {where}"


def _child(connection, func, args):
    connection.send(func(*args))
    connection.close()


def run_in_process(func, *args):
    """Call func(*args) in a new process; only the calling greenlet waits."""
    reader, writer = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.Process(target=_child, args=(writer, func, args))
    process.start()
    writer.close()  # the child has its own copy; ours must go
    wait_read(reader.fileno())  # gevent watches the pipe; the hub runs meanwhile
    # Readable means the first bytes are there. A real thread reads the rest,
    # so that a large result does not hold the hub (process_large_result.py).
    result = gevent.get_hub().threadpool.apply(reader.recv)
    process.join()  # patched: waits for the child cooperatively
    reader.close()
    return result


def ticker(ticks):
    while True:
        ticks.append(time.perf_counter())
        gevent.sleep(0.1)


ticks = []
tick = gevent.spawn(ticker, ticks)
gevent.sleep(0)  # let the ticker take its first tick
start = time.perf_counter()
jobs = [gevent.spawn(run_in_process, render_report, f"report {n}") for n in (1, 2)]
for job in jobs:
    print(job.get())
end = time.perf_counter()
tick.kill()
print(f"ticker ticks meanwhile: {sum(start < t < end for t in ticks)}")
