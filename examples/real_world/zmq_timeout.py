"""A ZeroMQ request with a deadline, so that a dead peer cannot hang the client."""

import time

import gevent
import zmq.green as zmq
from gevent import socket


def flaky_replier(sock):
    """Answers the first request, then dies: it never answers again."""
    sock.send(sock.recv().upper())
    sock.recv()
    print("replier:   got a second request and died without answering")


def ask(context, endpoint, payload, seconds):
    """Send one request; return the reply, or None if none came in time."""
    sock = context.socket(zmq.REQ)
    sock.connect(endpoint)
    start = time.perf_counter()
    try:
        # zmq.green ignores the RCVTIMEO option, so a gevent.Timeout limits
        # the exchange instead. False means: on expiry, leave the block.
        with gevent.Timeout(seconds, False):
            # After connect(), libzmq queues the message even when no peer is
            # there (ZMQ_IMMEDIATE is 0), so send() returns at once.
            sock.send(payload)
            print(f"requester: send() returned after {time.perf_counter() - start:.1f}s")
            return sock.recv()  # Only this waits for the peer.
        return None
    finally:
        # A REQ socket whose request got no reply may only recv() from now on,
        # so it is useless: throw it away. linger=0 drops any unsent request,
        # otherwise close() and the context's exit would wait for a dead peer.
        sock.close(linger=0)


def ask_twice(context, endpoint, payload):
    start = time.perf_counter()
    for attempt in (1, 2):
        print(f"requester: send {payload!r}, attempt {attempt}")
        reply = ask(context, endpoint, payload, seconds=0.3)
        if reply is not None:
            print(f"requester: got {reply!r}")
            return
        print("requester: no reply within 0.3s")
    print(f"requester: gave up on {payload!r} after {time.perf_counter() - start:.1f}s;"
          " the peer looks dead")


def unused_endpoint():
    """A TCP address on which nothing listens: a port the OS had free a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"tcp://127.0.0.1:{probe.getsockname()[1]}"


def main():
    context = zmq.Context()
    rep = context.socket(zmq.REP)
    endpoint = f"tcp://127.0.0.1:{rep.bind_to_random_port('tcp://127.0.0.1')}"
    gevent.spawn(flaky_replier, rep)

    ask_twice(context, endpoint, b"first")
    ask_twice(context, endpoint, b"second")
    print("-- a replier that was never started")
    start = time.perf_counter()
    reply = ask(context, unused_endpoint(), b"anyone?", seconds=0.3)
    print(f"requester: got {reply!r} after {time.perf_counter() - start:.1f}s")
    context.destroy(linger=0)


if __name__ == "__main__":
    main()
