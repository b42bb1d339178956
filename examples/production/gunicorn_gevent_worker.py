"""One gunicorn worker of class gevent serves many slow requests at once."""

from gevent import monkey

monkey.patch_all()  # This script's own clients are greenlets too.

import collections
import http.client
import signal
import time
from urllib.parse import urlsplit

import gevent

from _gunicorn import gunicorn

CLIENTS = 20
SLOW = 0.5  # seconds each request sleeps in the application


def fetch(host, port, query):
    conn = http.client.HTTPConnection(host, port, timeout=5)
    try:
        conn.request("GET", f"/?{query}")
        response = conn.getresponse()
        return response.status, response.read().decode().strip()
    finally:
        conn.close()  # or the worker keeps the connection (and a pool slot) for keep-alive


def main():
    # worker_connections: the most connections the gevent worker handles at
    # once (its gevent Pool's size). 10 here, so that 20 clients must share.
    with gunicorn("--bind", "127.0.0.1:0", "--worker-connections", "10") as server:
        url = urlsplit(server.address)
        fetch(url.hostname, url.port, 0)  # the worker is up once it answers
        print(f"{CLIENTS} clients at once, each asking for a {SLOW} s response:")
        start = time.perf_counter()

        def client():
            status, body = fetch(url.hostname, url.port, SLOW)
            return status, body, time.perf_counter() - start

        jobs = [gevent.spawn(client) for _ in range(CLIENTS)]
        gevent.joinall(jobs, raise_error=True)

        answered = collections.Counter()
        for status, body, took in (job.value for job in jobs):
            # Round to the nearest half second: 0.5 s for the first round, 1.0 s for the second.
            answered[status, round(took / SLOW) * SLOW] += 1
        for (status, took), count in sorted(answered.items(), key=lambda item: item[0][1]):
            print(f"{count} requests answered {status} after {took:.1f} s")
        bodies = {body.split(" in worker ")[1] for _, body, _ in (job.value for job in jobs)}
        print(f"answered by {len(bodies)} worker process; it says: {bodies.pop().split(', ')[1]}")
        # SIGINT, like Ctrl-C, is gunicorn's quick shutdown. The next example
        # shows the graceful one (SIGTERM).
        print("gunicorn exited with status", server.stop(signal.SIGINT))
    for line in server.log:
        print("log:", line)


if __name__ == "__main__":
    main()
