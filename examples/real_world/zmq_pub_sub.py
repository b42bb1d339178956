"""Fan-out with ZeroMQ PUB/SUB: each subscriber gets every message on its topics."""

import time

import gevent
import zmq.green as zmq

from _serving import command_line, run_until_stopped

NEWS = [(b"weather", b"sunny"), (b"sports", b"2-1 at half time"),
        (b"weather", b"rain later"), (b"sports", b"final score 3-1")]


def publisher(sock, subscribers):
    # The "slow joiner" problem: messages published before a subscriber's
    # subscription has reached the publisher are silently lost. An XPUB socket
    # receives every subscription as a message (b"\x01" + topic), so wait until
    # each subscriber has subscribed to b"control", which each does last.
    ready = 0
    while ready < subscribers:
        if sock.recv() == b"\x01control":
            ready += 1
    print(f"publisher: {ready} subscribers are listening; publishing")
    for topic, text in NEWS:
        sock.send_multipart([topic, text])
    sock.send_multipart([b"control", b"bye"])


def subscriber(sock, name, topics):
    for topic in [*topics, b"control"]:
        sock.subscribe(topic)  # A prefix: b"" matches every topic.
    received = []
    while (message := sock.recv_multipart()) != [b"control", b"bye"]:
        received.append(message[1].decode())
    return f"{name} got: {', '.join(received)}"


def main():
    context = zmq.Context()
    pub = context.socket(zmq.XPUB)  # A PUB socket that can also read subscriptions.
    pub.setsockopt(zmq.XPUB_VERBOSE, 1)  # Report repeated subscriptions too.
    port = pub.bind_to_random_port("tcp://127.0.0.1")

    readers = {"everything": [b""], "weather fan": [b"weather"], "sports fan": [b"sports"]}
    jobs = []
    for name, topics in readers.items():
        sub = context.socket(zmq.SUB)
        sub.connect(f"tcp://127.0.0.1:{port}")
        jobs.append(gevent.spawn(subscriber, sub, name, topics))
    gevent.spawn(publisher, pub, len(readers)).join()
    # The subscribers finish in any order; print their results in a fixed one.
    gevent.joinall(jobs, raise_error=True)
    for job in jobs:
        print(job.value)
    context.destroy(linger=0)


def serve(host, port):
    """--serve: publish the time on tcp://HOST:PORT, topic b"time", every second."""
    with zmq.Context() as context, context.socket(zmq.PUB) as pub:
        pub.bind(f"tcp://{host}:{port}")
        print(f"serving on {pub.get(zmq.LAST_ENDPOINT).decode()} (Ctrl-C to stop)")
        while True:
            pub.send_multipart([b"time", time.strftime("%H:%M:%S").encode()])
            gevent.sleep(1)


if __name__ == "__main__":
    args = command_line(__doc__, port=5556)
    if args.serve:
        run_until_stopped(serve, args.host, args.port)
    else:
        main()
