"""A streamed body runs after application() has returned, when the request's context is reset."""
from gevent import monkey

# Patch first, so that http.client below uses gevent's cooperative sockets.
monkey.patch_all()

import http.client
from contextvars import ContextVar

from gevent.pywsgi import WSGIServer
from werkzeug.local import LocalProxy
from werkzeug.wrappers import Request, Response

_current_request = ContextVar("request")
request = LocalProxy(_current_request, unbound_message="no request is being handled")


def greeting():
    """The body, a generator: pywsgi runs it only when it sends the response."""
    try:
        name = request.args["name"]
    except RuntimeError as exc:
        print(f"server: the body reads request.args: RuntimeError: {exc}")
        name = "whoever you are"
    else:
        print(f"server: the body reads request.args: name={name!r}")
    yield f"Hello, {name}!".encode()


def with_request(req, body):
    """Make *req* the current request again while *body* runs (Flask: stream_with_context)."""
    token = _current_request.set(req)
    try:
        yield from body
    finally:
        _current_request.reset(token)


def application(environ, start_response):
    token = _current_request.set(Request(environ))
    try:
        body = greeting()  # Creating a generator runs none of its code yet.
        if "keep" in request.args:
            body = with_request(_current_request.get(), body)
        print(f"server: application() returns for {request.full_path!r}")
        return Response(body)(environ, start_response)
    finally:
        _current_request.reset(token)
        print("server: application() has reset the request")


def fetch(path):
    conn = http.client.HTTPConnection("127.0.0.1", server.server_port)
    conn.request("GET", path)
    print(f"client: {conn.getresponse().read().decode()!r}")
    conn.close()


# Port 0 picks a free port; log=None turns off the access log.
server = WSGIServer(("127.0.0.1", 0), application, log=None)
server.start()
print("-- a streamed body that reads the global request")
fetch("/hello?name=dave")
print("-- the same body, wrapped so that it sets its request again")
fetch("/hello?name=erin&keep=1")
server.stop()
