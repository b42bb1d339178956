"""Long polling: each request waits on a queue until data arrives or its time is up."""

from gevent import monkey

monkey.patch_all()  # First: the demo client uses urllib, which must not block.

import json
import struct
import time
import urllib.error
import urllib.request
from urllib.parse import parse_qs

import gevent
from gevent import socket
from gevent.queue import Empty, Queue

from _serving import command_line, serve_until_stopped, wsgi_server

MAX_WAIT = 30.0  # seconds; nobody may hold a connection longer than this
messages = Queue(maxsize=100)  # Bounded: nobody polling must not mean unlimited memory.


def application(environ, start_response):
    query = parse_qs(environ["QUERY_STRING"])
    try:
        wait = float(query.get("timeout", ["10"])[0])
        if not 0 <= wait <= MAX_WAIT:
            raise ValueError
    except ValueError:
        print(f"server: bad timeout in {environ['QUERY_STRING']!r}")
        return answer(start_response, "400 Bad Request", {"error": "bad timeout"})
    batch = []
    try:
        # Hold the request: only this greenlet waits; the server goes on serving.
        batch.append(messages.get(timeout=wait))
        while not messages.empty():  # Hand over everything that is already there.
            batch.append(messages.get_nowait())
    except Empty:
        pass  # Time is up and nothing came: answer with an empty list.
    return answer(start_response, "200 OK", {"messages": batch})


def answer(start_response, status, data):
    body = json.dumps(data).encode()
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(body)))])
    return [body]


def producer(script):
    """Feed the queue: each entry is (seconds to wait, messages to put)."""
    for delay, batch in script:
        gevent.sleep(delay)
        for message in batch:
            messages.put(message)


def poll(port, timeout):
    url = f"http://127.0.0.1:{port}/poll?timeout={timeout}"
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url) as response:
            result = json.load(response)["messages"]
    except urllib.error.HTTPError as error:
        result = f"{error.code} {json.load(error)}"
    print(f"client: waited {time.perf_counter() - start:.1f}s, got {result}")


def main():
    server = wsgi_server(("127.0.0.1", 0), application)
    server.start()
    port = server.server_port
    gevent.spawn(producer, [(0.1, ["first", "second"]), (0.2, ["third"])])
    for _ in range(3):
        poll(port, timeout=0.3)
    poll(port, timeout="soon")
    # A client that gives up (with a reset) while its request is held: the
    # server cannot tell until it answers, when the timeout runs out.
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"GET /poll?timeout=0.3 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    gevent.sleep(0.1)
    sock.close()
    print("client: gave up after 0.1s and left")
    gevent.sleep(0.3)
    server.stop()


def ticker():
    """--serve: a message every 2 seconds, for whoever polls."""
    n = 0
    while True:
        gevent.sleep(2)
        n += 1
        if messages.full():
            messages.get_nowait()  # Drop the oldest tick to make room.
        messages.put(f"tick {n} at {time.strftime('%H:%M:%S')}")


if __name__ == "__main__":
    args = command_line(__doc__, port=8003)
    if args.serve:
        gevent.spawn(ticker)
        serve_until_stopped(wsgi_server((args.host, args.port), application))
    else:
        main()
