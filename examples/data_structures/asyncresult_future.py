"""AsyncResult carries one value from the greenlet that computes it to any greenlet that waits."""
import gevent
from gevent import Timeout
from gevent.event import AsyncResult

# A placeholder for a value that does not exist yet: a future.
price = AsyncResult()


def fetch_price():
    # Stands in for a slow lookup, such as a call to another service.
    gevent.sleep(0.3)
    print("fetcher: price is known, calling set(42)")
    price.set(42)


def hasty_reader():
    try:
        # Give up if the value is not there within 0.1 seconds.
        value = price.get(timeout=0.1)
    except Timeout:
        print("hasty reader: no price after 0.1s, giving up")
    else:
        print(f"hasty reader: got {value}")


def reader(name):
    # get() blocks this greenlet until set() is called, then returns the value.
    value = price.get()
    print(f"{name}: got {value}")


gevent.joinall([
    gevent.spawn(fetch_price),
    gevent.spawn(hasty_reader),
    gevent.spawn(reader, "reader 1"),
    gevent.spawn(reader, "reader 2"),
])

# The value stays: every later get() returns it immediately.
print(f"main: ready()={price.ready()} successful()={price.successful()} "
      f"value={price.value} get()={price.get()}")
