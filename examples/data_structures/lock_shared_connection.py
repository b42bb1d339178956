"""Greenlets share one connection: without a lock, their messages get mixed up."""
import gevent
from gevent.lock import BoundedSemaphore


class Connection:
    """Stands in for a socket: every write waits for the network, and so yields."""

    def __init__(self):
        self.received = []  # What the other end of the connection gets, in order.

    def send_line(self, line):
        gevent.sleep(0.01)
        self.received.append(line)


def send_report(conn, sender):
    # One message takes three writes. Each write yields, so another greenlet
    # can start writing its own message in between.
    conn.send_line(f"BEGIN {sender}")
    conn.send_line(f"{sender}: all systems normal")
    conn.send_line(f"END {sender}")


# gevent.lock has no class named Lock: a BoundedSemaphore(1) serves as one
# (gevent.thread.allocate_lock() returns a thin subclass of it).
send_lock = BoundedSemaphore(1)


def send_report_locked(conn, sender):
    # The whole message is the critical section, not each write.
    with send_lock:
        send_report(conn, sender)


for send in (send_report, send_report_locked):
    conn = Connection()
    gevent.joinall([gevent.spawn(send, conn, name) for name in ("alice", "bob")])
    print(f"the other end received, with {send.__name__}():")
    for line in conn.received:
        print(f"    {line}")
