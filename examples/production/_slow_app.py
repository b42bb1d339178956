"""The WSGI application that the gunicorn examples serve (a helper, not an example)."""

import os
import time

from gevent import monkey


def application(environ, start_response):
    """Sleep for as many seconds as the query string says, then say who answered."""
    seconds = float(environ.get("QUERY_STRING") or 0)
    # A plain time.sleep(): under gunicorn's gevent worker it is gevent's
    # sleep, because the worker patched the standard library before loading
    # this module. Any blocking I/O a real view does (a database driver, an
    # HTTP client) waits the same way.
    time.sleep(seconds)
    patched = monkey.is_module_patched("time")
    body = f"slept {seconds:.1f} s in worker {os.getpid()}, time patched: {patched}\n".encode()
    start_response("200 OK", [("Content-Type", "text/plain"),
                              ("Content-Length", str(len(body)))])
    return [body]
