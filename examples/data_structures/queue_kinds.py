"""PriorityQueue, LifoQueue, Channel and SimpleQueue: the same put/get, different rules."""
import gevent
from gevent.queue import Channel, LifoQueue, PriorityQueue, Queue, SimpleQueue

# PriorityQueue hands out the smallest item first; (priority, payload) tuples are usual.
jobs = PriorityQueue()
for job in [(3, "send newsletter"), (1, "page the on-call"), (2, "resize images")]:
    jobs.put(job)
print("PriorityQueue:", [jobs.get() for _ in range(3)])

# LifoQueue is a stack: the item put last comes out first.
undo = LifoQueue()
for action in ["type 'a'", "type 'b'", "delete line"]:
    undo.put(action)
print("LifoQueue:    ", [undo.get() for _ in range(3)])

# A Channel stores nothing: put() blocks until a getter takes the item in person.
channel = Channel()


def sender():
    for item in ("x", "y"):
        print(f"sender: offering {item!r}")
        channel.put(item)
        print(f"sender: {item!r} was taken")


def receiver():
    for _ in range(2):
        # Sleep first so that the sender has to wait for us.
        gevent.sleep(0.1)
        print(f"receiver: got {channel.get()!r}")


gevent.joinall([gevent.spawn(sender), gevent.spawn(receiver)])

# SimpleQueue is the plain first-in, first-out queue. Since gevent 25.4.1 it
# has no task_done(), join() or shutdown(); Queue, its subclass, adds all three.
for kind in (SimpleQueue, Queue):
    has = ", ".join(f"{name} {'yes' if hasattr(kind, name) else 'no'}"
                    for name in ("task_done", "join", "shutdown"))
    print(f"{kind.__name__ + ':':13} {has}")
