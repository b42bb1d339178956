"""A Greenlet is itself a kind of AsyncResult, and can fill one in when it finishes."""
import gevent
from gevent.event import AsyncResult


def square(n):
    gevent.sleep(0.1)
    return n * n


# A greenlet keeps its return value, and get() waits for it, like AsyncResult.get().
job = gevent.spawn(square, 7)
print(f"main: job.ready() before get(): {job.ready()}")
print(f"main: job.get() -> {job.get()}")
print(f"main: job.ready()={job.ready()} successful()={job.successful()} value={job.value}")

# An AsyncResult can be used as a link callback: when the greenlet finishes,
# its value (or its exception) is copied into the AsyncResult.
# Code that waits on the AsyncResult needs no reference to the greenlet at all.
result = AsyncResult()
job = gevent.spawn(square, 9)
job.link(result)


def waiter():
    print(f"waiter: result.get() -> {result.get()}")


gevent.spawn(waiter).join()
