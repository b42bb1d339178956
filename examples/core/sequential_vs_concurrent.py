"""The same three tasks, run one after another and then all at once."""

import time

import gevent

# How long each task waits, for example on a network reply.
TASKS = {"task 1": 0.3, "task 2": 0.1, "task 3": 0.2}


def task(name, seconds):
    gevent.sleep(seconds)
    # `start` is read when the task finishes: each half below resets it.
    print(f"{name}: waited {seconds}s, done at {time.perf_counter() - start:.1f}s")


print("sequential: each task starts when the previous one ends")
start = time.perf_counter()
for name, seconds in TASKS.items():
    task(name, seconds)
print(f"sequential: total {time.perf_counter() - start:.1f}s")

print("concurrent: all tasks start at once")
start = time.perf_counter()
greenlets = [gevent.spawn(task, name, seconds) for name, seconds in TASKS.items()]
gevent.joinall(greenlets)
print(f"concurrent: total {time.perf_counter() - start:.1f}s")
