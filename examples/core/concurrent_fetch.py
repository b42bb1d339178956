"""Fetch three pages from a slow local web server, in sequence and then concurrently."""

import json
import time
import urllib.parse

import gevent
from gevent import socket
from gevent.pywsgi import WSGIServer

PAGES = {"report-a": 0.3, "report-b": 0.1, "report-c": 0.2}


def slow_app(environ, start_response):
    """A WSGI app that answers only after the number of seconds in the query."""
    seconds = float(urllib.parse.parse_qs(environ["QUERY_STRING"])["seconds"][0])
    gevent.sleep(seconds)  # pretend the page takes this long to build
    body = json.dumps({"page": environ["PATH_INFO"], "seconds": seconds})
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body.encode()]


def fetch(port, name, start):
    # gevent's socket: while it waits for the server, other greenlets run.
    with socket.create_connection(("127.0.0.1", port)) as sock:
        request = f"GET /{name}?seconds={PAGES[name]} HTTP/1.0\r\n\r\n"
        sock.sendall(request.encode())
        with sock.makefile("rb") as reply:
            # HTTP/1.0: the server answers, then closes the connection.
            body = reply.read().split(b"\r\n\r\n", 1)[1]  # after the headers
    print(f"fetch {name}: got {json.loads(body)} at {time.perf_counter() - start:.1f}s")


# Port 0 asks the OS for any free port; 127.0.0.1 keeps the server private.
server = WSGIServer(("127.0.0.1", 0), slow_app, log=None)
server.start()
port = server.server_port

print("in sequence:")
start = time.perf_counter()
for name in PAGES:
    fetch(port, name, start)
print(f"in sequence: all pages after {time.perf_counter() - start:.1f}s")

print("concurrently:")
start = time.perf_counter()
gevent.joinall([gevent.spawn(fetch, port, name, start) for name in PAGES])
print(f"concurrently: all pages after {time.perf_counter() - start:.1f}s")

server.stop()
