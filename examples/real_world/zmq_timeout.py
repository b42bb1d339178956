"""A ZeroMQ request with a deadline, so that a dead peer cannot hang the client."""

import time

import gevent
import zmq.green as zmq


def flaky_replier(sock):
    """Answers the first request, then dies: it never answers again."""
    sock.send(sock.recv().upper())
    sock.recv()
    print("replier:   got a second request and died without answering")


def ask(context, endpoint, payload, seconds):
    """Send one request; return the reply, or None if none came in time."""
    sock = context.socket(zmq.REQ)
    sock.connect(endpoint)
    try:
        # zmq.green ignores the RCVTIMEO and SNDTIMEO options, so a
        # gevent.Timeout limits the whole exchange instead: send() waits too
        # when no peer is connected. False means: on expiry, leave the block.
        with gevent.Timeout(seconds, False):
            sock.send(payload)
            return sock.recv()
        return None
    finally:
        # A REQ socket whose request got no reply may only recv() from now on,
        # so it is useless: throw it away. linger=0 drops any unsent request,
        # otherwise close() and the context's exit would wait for a dead peer.
        sock.close(linger=0)


def main():
    context = zmq.Context()
    rep = context.socket(zmq.REP)
    endpoint = f"tcp://127.0.0.1:{rep.bind_to_random_port('tcp://127.0.0.1')}"
    gevent.spawn(flaky_replier, rep)

    for payload in [b"first", b"second"]:
        start = time.perf_counter()
        for attempt in (1, 2):
            print(f"requester: send {payload!r}, attempt {attempt}")
            reply = ask(context, endpoint, payload, seconds=0.3)
            if reply is not None:
                print(f"requester: got {reply!r}")
                break
            print("requester: no reply within 0.3s")
        else:
            print(f"requester: gave up on {payload!r} after {time.perf_counter() - start:.1f}s;"
                  " the peer looks dead")
    context.destroy(linger=0)


if __name__ == "__main__":
    main()
