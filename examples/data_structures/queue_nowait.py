"""put_nowait() and get_nowait() never block: they raise Full or Empty instead."""
from gevent.queue import Empty, Full, Queue

# A queue that holds at most two items.
inbox = Queue(maxsize=2)

for letter in "abc":
    try:
        inbox.put_nowait(letter)
        print(f"put_nowait({letter!r}): ok, qsize={inbox.qsize()}")
    except Full:
        # A blocking put() would wait here for a consumer; put_nowait() refuses.
        print(f"put_nowait({letter!r}): Full, the queue already holds {inbox.qsize()}")

for _ in range(3):
    try:
        letter = inbox.get_nowait()
        print(f"get_nowait(): {letter!r}, qsize={inbox.qsize()}")
    except Empty:
        # A blocking get() would wait here for a producer; get_nowait() refuses.
        print("get_nowait(): Empty, nothing to take")
