"""A gevent pool returns results in the same order on every run; a process pool may not."""

import multiprocessing
import time

import gevent
import gevent.pool


def echo_in_process(i):
    # Worker processes really run in parallel, so a real sleep is fine here.
    time.sleep(0.001)
    return i


def echo_in_greenlet(i):
    # gevent.sleep() yields to the hub, so the other greenlets run meanwhile.
    gevent.sleep(0.001)
    return i


def four_runs(pool, echo):
    """Map `echo` over 0..9 four times, keeping results in the order they finish."""
    return [list(pool.imap_unordered(echo, range(10))) for _ in range(4)]


def report(label, runs):
    print(f"{label}: run 1 finished in the order {runs[0]}")
    print(f"{label}: all four runs in the same order? {all(r == runs[0] for r in runs)}")


# Worker processes may import this file: the guard keeps them from starting pools.
if __name__ == "__main__":
    with multiprocessing.Pool(10) as pool:
        process_runs = four_runs(pool, echo_in_process)
    report("process pool", process_runs)
    print(f"process pool: run 1, sorted: {sorted(process_runs[0])}")

    report("gevent pool", four_runs(gevent.pool.Pool(10), echo_in_greenlet))
