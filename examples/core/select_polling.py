"""gevent.select.select() waits cooperatively: other greenlets run during the wait."""

import time

import gevent
from gevent import select, socket

start = time.perf_counter()


def now():
    return f"{time.perf_counter() - start:.1f}s"


# Two connected sockets: bytes written to one can be read from the other.
reader, writer = socket.socketpair()


def listener():
    print(f"listener: waiting up to 1 s for data, at {now()}")
    readable, _, _ = select.select([reader], [], [], 1.0)
    # select() returns early, as soon as the reader has data.
    data = reader.recv(100) if readable else None
    print(f"listener: {data!r} arrived at {now()}")


def poller():
    print(f"poller: waiting 0.3 s on nothing at all, at {now()}")
    # With no sockets to watch, select() is just a timed wait.
    select.select([], [], [], 0.3)
    print(f"poller: timed out at {now()}")


def sender():
    print(f"sender: working while the others wait, at {now()}")
    gevent.sleep(0.2)
    writer.sendall(b"ping")
    print(f"sender: sent b'ping' at {now()}")


gevent.joinall([gevent.spawn(listener), gevent.spawn(poller), gevent.spawn(sender)])
print(f"main: all three finished at {now()}")
reader.close()
writer.close()
