"""A streamed HTTP response: a generator app, sent by pywsgi with chunked encoding."""

import struct
import time

import gevent
from gevent import socket

from _serving import command_line, serve_until_stopped, wsgi_server

LINES = 3


def application(environ, start_response):
    # No Content-Length header: pywsgi cannot know the size in advance, so for
    # an HTTP/1.1 client it sends the body chunked, each piece as it comes.
    start_response("200 OK", [
        ("Content-Type", "text/plain; charset=utf-8"),
        # Asks nginx, if it stands in front, to pass each piece on at once
        # instead of collecting the response in its buffers first.
        ("X-Accel-Buffering", "no"),
    ])
    return slow_lines()


def slow_lines():
    """Yield one line every 0.2s; pywsgi sends each piece as soon as it is yielded."""
    for n in range(1, LINES + 1):
        try:
            yield f"line {n} of {LINES}\n".encode()
        except GeneratorExit:
            # pywsgi closes the generator when sending fails: the client left.
            print(f"server: sending line {n} failed, the client left; stream stopped")
            raise
        if n < LINES:
            gevent.sleep(0.2)  # Stands in for waiting on real data.


def read_stream(port, leave_after=None):
    """Request the page over a raw socket and show the bytes as they arrive."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    start = time.perf_counter()
    stream = sock.makefile("rb")
    while (header := stream.readline()) != b"\r\n":  # A blank line ends the headers.
        print(f"       {header.decode().strip()}")
    chunks = 0
    while True:
        # Each chunk: its size in hex, CRLF, that many bytes, CRLF. Size 0 ends the body.
        size_line = stream.readline()
        frame = size_line + stream.read(int(size_line, 16) + 2)
        print(f"{time.perf_counter() - start:.1f}s  {frame!r}")
        chunks += 1
        if frame == b"0\r\n\r\n" or chunks == leave_after:
            break
    if leave_after:
        print(f"client: leaving after {chunks} chunk(s)")
        # Abort with a reset (RST), as a crashed client or killed browser tab
        # might: the server's next send then fails at once.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    stream.close()
    sock.close()


def main():
    server = wsgi_server(("127.0.0.1", 0), application)
    server.start()
    print("-- a client that reads the whole stream")
    read_stream(server.server_port)
    print("-- a client that leaves early")
    read_stream(server.server_port, leave_after=1)
    gevent.sleep(0.3)  # Long enough for the server's next send, which fails.
    server.stop()


if __name__ == "__main__":
    args = command_line(__doc__, port=8002)
    if args.serve:
        serve_until_stopped(wsgi_server((args.host, args.port), application))
    else:
        main()
