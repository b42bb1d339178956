"""An application that goes wrong under --preload (a helper, not an example).

Both imports below are ordinary; what matters is *when* they run. Under
``--preload`` gunicorn's arbiter imports this module before any worker
exists, so before the gevent worker has patched anything.
"""

import threading
import time
from ssl import SSLContext  # noqa: F401  (as urllib3 does, for requests)

# A lock made at import time, as caches and connection pools often do.
CACHE_LOCK = threading.Lock()


def kind(lock):
    return f"{type(lock).__module__}.{type(lock).__qualname__}"


def application(environ, start_response):
    if environ.get("QUERY_STRING") == "locks":
        body = f"module's lock: {kind(CACHE_LOCK)}; a lock made now: {kind(threading.Lock())}\n"
    else:
        with CACHE_LOCK:
            time.sleep(0.3)  # e.g. refresh the cache over the network
        body = "refreshed\n"
    start_response("200 OK", [("Content-Type", "text/plain"),
                              ("Content-Length", str(len(body)))])
    return [body.encode()]
