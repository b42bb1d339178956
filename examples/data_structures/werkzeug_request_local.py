"""A Flask-style global `request` for a WSGI app on gevent.pywsgi, one per request."""
from gevent import monkey

# Patch first, so that http.client below uses gevent's cooperative sockets.
monkey.patch_all()

import http.client
import time
from contextvars import ContextVar

import gevent
from gevent.pywsgi import WSGIServer
from werkzeug.local import LocalProxy
from werkzeug.wrappers import Request, Response

start = time.monotonic()
# pywsgi serves each connection in its own greenlet, and each greenlet has its own
# context, so this variable holds a different Request in every handler.
_current_request = ContextVar("request")
request = LocalProxy(_current_request, unbound_message="no request is being handled")


def slow_lookup():
    """Application code far from the WSGI entry point: it reads the global `request`."""
    gevent.sleep(float(request.args["delay"]))  # A slow query; other requests run now.
    return request.args["name"]


def application(environ, start_response):
    token = _current_request.set(Request(environ))
    try:
        name = slow_lookup()
        print(f"server: request for {request.full_path!r} sees name={name!r} "
              f"at {time.monotonic() - start:.1f}s")
        return Response(f"Hello, {name}!")(environ, start_response)
    finally:
        # Keep-alive connections reuse the greenlet; do not leak into the next request.
        _current_request.reset(token)


def client(name, delay):
    conn = http.client.HTTPConnection("127.0.0.1", server.server_port)
    conn.request("GET", f"/hello?name={name}&delay={delay}")
    body = conn.getresponse().read().decode()
    conn.close()
    print(f"client {name}: {body!r} at {time.monotonic() - start:.1f}s")


# Port 0 picks a free port; log=None turns off the access log (one line per request).
server = WSGIServer(("127.0.0.1", 0), application, log=None)
server.start()
gevent.joinall([
    gevent.spawn(client, "alice", 0.3),
    gevent.spawn(client, "bob", 0.1),
    gevent.spawn(client, "carol", 0.2),
])
server.stop()

try:
    request.args
except RuntimeError as exc:
    print(f"main: outside a request, request.args raises RuntimeError: {exc}")
