"""CPU-bound work: real threads share one core at a time; processes can use several."""

from gevent import monkey

monkey.patch_all()

import multiprocessing  # noqa: E402  (imported after patching)
import os  # noqa: E402
import time  # noqa: E402

import gevent  # noqa: E402

CPU_SECONDS = 0.1  # how much computing each job does, measured in CPU time


def burn(clock):
    """Compute until *clock* says this thread or process has used CPU_SECONDS."""
    end = clock() + CPU_SECONDS
    while clock() < end:
        sum(range(1000))


def two_threads():
    # The hub's threadpool runs each job in a real OS thread. thread_time()
    # counts only the CPU time of the thread that calls it.
    pool = gevent.get_hub().threadpool
    gevent.joinall([pool.spawn(burn, time.thread_time) for _ in range(2)])


def two_processes():
    jobs = [multiprocessing.Process(target=burn, args=(time.process_time,)) for _ in range(2)]
    for job in jobs:
        job.start()
    for job in jobs:
        job.join()


def cpu_used():
    """CPU time used so far by this process, and by its children that have ended."""
    times = os.times()
    return times.user + times.system, times.children_user + times.children_system


print(f"two jobs, each needing {CPU_SECONDS} s of CPU time")
for label, run in (("two threads", two_threads), ("two processes", two_processes)):
    wall, before = time.perf_counter(), cpu_used()
    run()
    wall = time.perf_counter() - wall
    mine, children = (after - earlier for after, earlier in zip(cpu_used(), before))
    busy = 2 * CPU_SECONDS / wall
    print(f"{label + ':':15} CPU used by this process {mine:.1f} s, by its children {children:.1f} s;",
          f"{busy:.1f} CPUs busy on average")
