"""A greenlet is a small task that shares one OS thread with every other greenlet."""

import threading

import gevent

hub = gevent.get_hub()


def greet(label):
    # current_thread() names the OS thread running this line of code.
    thread = threading.current_thread().name
    print(f"{label}: hello from OS thread {thread!r}")
    print(f"{label}: my parent is the hub: {gevent.getcurrent().parent is hub}")
    return f"{label} is done"


def wait_a_little(threads_seen):
    gevent.sleep(0.1)
    threads_seen.add(threading.current_thread().name)


# spawn() creates the greenlet and schedules it, but it does not run yet:
# the main program keeps going until it waits for something.
task = gevent.spawn(greet, "task A")
print("main: spawned task A, which has not run yet")
print("main: join() hands control to the hub, which runs task A")
task.join()
print(f"main: task A returned {task.value!r}")

# Greenlets are cheap: ten thousand of them fit in one OS thread.
threads_seen = set()
crowd = [gevent.spawn(wait_a_little, threads_seen) for _ in range(10_000)]
gevent.joinall(crowd)
print(f"main: {len(crowd)} greenlets slept; the OS threads they ran in: {threads_seen}")
print(f"main: OS threads in this process: {threading.active_count()}")
