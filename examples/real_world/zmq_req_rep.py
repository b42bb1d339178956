"""A ZeroMQ REQ/REP pair in one process: each send and recv lets the other greenlet run."""

import gevent

# zmq.green is pyzmq's gevent-aware twin of the zmq module: same API, but a
# recv() that must wait switches to another greenlet instead of blocking.
import zmq.green as zmq

from _serving import command_line, run_until_stopped


def replier(sock, count):
    for _ in range(count):
        print("replier:   waiting for a request")
        request = sock.recv()  # Nothing to read yet: the requester runs meanwhile.
        print(f"replier:   got {request!r}, answering")
        sock.send(request.upper())


def requester(sock, words):
    for word in words:
        print(f"requester: send {word!r}")
        sock.send(word)
        reply = sock.recv()  # The switch to the replier happens here.
        print(f"requester: got {reply!r}")


def serve(host, port):
    """--serve: answer anyone's requests on tcp://HOST:PORT until Ctrl-C."""
    with zmq.Context() as context, context.socket(zmq.REP) as sock:
        sock.bind(f"tcp://{host}:{port}")
        # LAST_ENDPOINT tells the real port when --port 0 let the OS choose.
        address = sock.get(zmq.LAST_ENDPOINT).decode()
        print(f"serving on {address} (Ctrl-C to stop)")
        while True:
            sock.send(sock.recv().upper())


def main():
    context = zmq.Context()
    rep = context.socket(zmq.REP)
    # The OS picks a free port, so parallel runs never collide.
    port = rep.bind_to_random_port("tcp://127.0.0.1")
    req = context.socket(zmq.REQ)
    req.connect(f"tcp://127.0.0.1:{port}")

    words = [b"ping", b"gevent", b"bytes"]  # ZeroMQ frames are bytes, not str.
    gevent.joinall([gevent.spawn(replier, rep, len(words)),
                    gevent.spawn(requester, req, words)], raise_error=True)
    # linger=0: drop anything unsent instead of waiting for a peer at exit.
    context.destroy(linger=0)


if __name__ == "__main__":
    args = command_line(__doc__, port=5555)
    if args.serve:
        run_until_stopped(serve, args.host, args.port)
    else:
        main()
