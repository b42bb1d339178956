"""One Event.set() wakes every greenlet that is waiting on the event."""
import gevent
from gevent.event import Event

ready = Event()


def waiter(name):
    print(f"{name}: waiting for the event")
    # wait() blocks this greenlet only; the others keep running.
    ready.wait()
    print(f"{name}: released")


def setter():
    # Pretend that getting ready takes a moment, e.g. loading a config file.
    gevent.sleep(0.2)
    print("setter: calling set()")
    ready.set()


greenlets = [gevent.spawn(waiter, name) for name in ("alice", "bob", "carol")]
greenlets.append(gevent.spawn(setter))
gevent.joinall(greenlets)

# Once set, an event stays set: later waiters do not block at all.
ready.wait()
print(f"main: is_set() is {ready.is_set()}, so wait() returned at once")
