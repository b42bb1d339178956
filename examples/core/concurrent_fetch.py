"""Fetch three pages from a slow local web server, in sequence and then concurrently."""

# Patching first makes urllib's sockets cooperative (see the Monkey patching page).
from gevent import monkey

monkey.patch_all()

import json
import time
import urllib.parse
import urllib.request

import gevent
from gevent.pywsgi import WSGIServer

PAGES = {"report-a": 0.3, "report-b": 0.1, "report-c": 0.2}


def slow_app(environ, start_response):
    """A WSGI app that answers only after the number of seconds in the query."""
    seconds = float(urllib.parse.parse_qs(environ["QUERY_STRING"])["seconds"][0])
    gevent.sleep(seconds)  # pretend the page takes this long to build
    body = json.dumps({"page": environ["PATH_INFO"], "seconds": seconds})
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body.encode()]


def fetch(base, name, start):
    with urllib.request.urlopen(f"{base}/{name}?seconds={PAGES[name]}") as response:
        data = json.load(response)
    print(f"fetch {name}: got {data} at {time.perf_counter() - start:.1f}s")


# Port 0 asks the OS for any free port; 127.0.0.1 keeps the server private.
server = WSGIServer(("127.0.0.1", 0), slow_app, log=None)
server.start()
base = f"http://127.0.0.1:{server.server_port}"

print("in sequence:")
start = time.perf_counter()
for name in PAGES:
    fetch(base, name, start)
print(f"in sequence: all pages after {time.perf_counter() - start:.1f}s")

print("concurrently:")
start = time.perf_counter()
gevent.joinall([gevent.spawn(fetch, base, name, start) for name in PAGES])
print(f"concurrently: all pages after {time.perf_counter() - start:.1f}s")

server.stop()
