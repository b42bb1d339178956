"""A pool of reusable TCP connections: a Queue of slots, lent to one greenlet at a time."""
import contextlib
import time

import gevent
from gevent import socket
from gevent.event import Event
from gevent.queue import Empty, Queue
from gevent.server import StreamServer

accepted = 0


def echo(sock, address):
    """The server side: send every line back, until the client hangs up."""
    global accepted
    accepted += 1
    with sock.makefile("rwb") as stream:
        for line in stream:
            stream.write(line)
            stream.flush()


class Connection:
    def __init__(self, number, address):
        self.number = number
        self.sock = socket.create_connection(address)
        self.stream = self.sock.makefile("rwb")

    def request(self, text):
        self.stream.write(text.encode() + b"\n")
        self.stream.flush()
        return self.stream.readline().decode().rstrip("\n")

    def close(self):
        self.stream.close()
        self.sock.close()


class PoolTimeout(Exception):
    """No connection became free in time."""


class ConnectionPool:
    """At most `size` connections to `address`, each used by one greenlet at a time."""

    def __init__(self, address, size, timeout=1.0):
        self.address = address
        self.size = size
        self.timeout = timeout  # The longest a greenlet waits for a connection.
        self.opened = 0
        # Each slot holds an idle connection, or None for one not opened yet.
        self._slots = Queue(items=[None] * size)

    @contextlib.contextmanager
    def connection(self):
        try:
            # Blocks while every connection is lent out, but not forever: a
            # leaked connection or a stuck server must not hang every caller.
            conn = self._slots.get(timeout=self.timeout)
        except Empty:
            raise PoolTimeout(f"no connection free after {self.timeout}s: "
                              f"all {self.size} are in use") from None
        try:
            if conn is None:
                self.opened += 1
                conn = Connection(self.opened, self.address)
            yield conn
        except BaseException:
            # A connection that failed half-way may still hold part of a reply:
            # never lend it again. Free the slot so a fresh one can be opened.
            if conn is not None:
                conn.close()
            self._slots.put(None)
            raise
        self._slots.put(conn)

    def close(self):
        while not self._slots.empty():
            if (conn := self._slots.get()) is not None:
                conn.close()


def client(name, pool, seconds):
    with pool.connection() as conn:
        reply = conn.request(f"hello from {name}")
        # Keep the connection a while, as a real client would for a transaction.
        gevent.sleep(seconds)
    print(f"{name}: got {reply!r} on connection {conn.number}, "
          f"returned it at {time.monotonic() - start:.1f}s")


# Port 0 lets the OS pick a free port; 127.0.0.1 keeps the server private.
server = StreamServer(("127.0.0.1", 0), echo)
server.start()
pool = ConnectionPool(server.address, size=2, timeout=0.6)
# Times count from here, when the clients start, not from the server's start-up.
start = time.monotonic()
gevent.joinall([
    gevent.spawn(client, f"client {i}", pool, seconds)
    for i, seconds in enumerate([0.3, 0.1, 0.1, 0.3, 0.1])
])
print(f"pool opened {pool.opened} connections; the server accepted {accepted}")

# Two greenlets keep both connections until `done` is set; then client 5 asks.
done = Event()
start = time.monotonic()


def hog():
    with pool.connection():
        done.wait()


hogs = [gevent.spawn(hog) for _ in range(2)]
gevent.sleep(0)  # Let both hogs take their connections.
try:
    with pool.connection():
        print("client 5: got a connection")  # Not reached: both are taken.
except PoolTimeout as exc:
    print(f"client 5: PoolTimeout at {time.monotonic() - start:.1f}s: {exc}")
done.set()
gevent.joinall(hogs)
pool.close()
server.stop()
