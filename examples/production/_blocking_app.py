"""A WSGI application whose one view blocks the worker's hub (a helper, not an example)."""

import time


def render_report():
    # Pure-Python work that never yields, for longer than gunicorn's --timeout
    # allows: the arbiter kills the worker before it is done.
    deadline = time.perf_counter() + 5
    while time.perf_counter() < deadline:
        sum(range(1000))


def application(environ, start_response):
    render_report()
    body = b"report ready\n"
    start_response("200 OK", [("Content-Type", "text/plain"),
                              ("Content-Length", str(len(body)))])
    return [body]
