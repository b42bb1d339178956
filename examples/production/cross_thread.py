"""Every greenlet belongs to one thread: waiting on it from another fails."""

import threading  # not patched in this script: these are real threads

import greenlet

import gevent


def fetch_price():
    gevent.sleep(0.1)
    return 42


price = gevent.spawn(fetch_price)  # belongs to the main thread and its hub


def report_from_thread():
    try:
        print(f"thread: the price is {price.get()}")
    except greenlet.error as exc:
        print(f"thread: greenlet.error: {str(exc).splitlines()[0]}")


thread = threading.Thread(target=report_from_thread)
thread.start()
thread.join()
print(f"main: the price is {price.get()}")


# The other way round works: the main thread's greenlets hand work to a real
# thread and wait for its result cooperatively.
def slow_lookup():
    return sum(range(1_000))


result = gevent.get_hub().threadpool.spawn(slow_lookup)
print(f"main: the thread computed {result.get()}")
