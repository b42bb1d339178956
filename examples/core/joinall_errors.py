"""gevent.joinall() waits for every greenlet; raise_error=True stops at the first failure."""

import gevent


def work(name, seconds):
    gevent.sleep(seconds)
    print(f"{name}: finished")


def broken(seconds):
    gevent.sleep(seconds)
    raise ValueError("the disk is full")


def start_all():
    return [
        gevent.spawn(work, "slow", 0.3),
        gevent.spawn(broken, 0.2),
        gevent.spawn(work, "quick", 0.1),
    ]


print("main: joinall() with the default raise_error=False")
greenlets = start_all()
gevent.joinall(greenlets)
print(f"main: joinall() returned; finished greenlets: {sum(g.dead for g in greenlets)}")

print("main: joinall() with raise_error=True")
greenlets = start_all()
try:
    gevent.joinall(greenlets, raise_error=True)
except ValueError as error:
    print(f"main: joinall() raised {error!r}")
    print(f"main: is the slow greenlet still running? {not greenlets[0].dead}")
# The other greenlets were not stopped: wait for them before exiting.
gevent.joinall(greenlets)
