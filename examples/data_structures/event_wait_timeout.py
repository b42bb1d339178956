"""Event.wait(timeout) gives up after a while and tells you whether the event was set."""
import gevent
from gevent.event import Event

done = Event()


def impatient():
    # wait() returns the event's flag: False here, because nobody set it in time.
    flag = done.wait(timeout=0.1)
    print(f"impatient: wait(timeout=0.1) returned {flag}")


def patient():
    # The event is set long before this timeout runs out, so wait() returns True early.
    flag = done.wait(timeout=1.0)
    print(f"patient: wait(timeout=1.0) returned {flag}")


def worker():
    gevent.sleep(0.3)
    print("worker: finished after 0.3s, setting the event")
    done.set()


gevent.joinall([
    gevent.spawn(impatient),
    gevent.spawn(patient),
    gevent.spawn(worker),
])
