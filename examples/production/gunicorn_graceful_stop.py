"""SIGTERM stops gunicorn gracefully: requests in flight finish, new connections are refused."""

from gevent import monkey

monkey.patch_all()

import http.client
import os
import signal
import socket
import tempfile
import time

import gevent

from _gunicorn import gunicorn

SLOW = 0.8  # seconds each request in flight takes


class UnixHTTPConnection(http.client.HTTPConnection):
    """http.client over a Unix socket: the same HTTP, another kind of address."""

    def __init__(self, socket_path):
        super().__init__("localhost", timeout=5)
        self.socket_path = socket_path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.socket_path)


def fetch(socket_path, seconds, start):
    conn = UnixHTTPConnection(socket_path)
    try:
        conn.request("GET", f"/?{seconds}")
        response = conn.getresponse()
        response.read()
        return f"{response.status} {response.reason} after {time.perf_counter() - start:.1f} s"
    finally:
        conn.close()


def main():
    with tempfile.TemporaryDirectory(prefix="gunicorn-") as folder:
        path = os.path.join(folder, "app.sock")
        with gunicorn("--bind", f"unix:{path}", "--graceful-timeout", "3") as server:
            fetch(path, 0, 0)  # the worker is up once it answers (and sees signals)
            start = time.perf_counter()
            in_flight = [gevent.spawn(fetch, path, SLOW, start) for _ in range(3)]
            gevent.sleep(0.2)
            print(f"3 requests of {SLOW} s in flight; SIGTERM to the arbiter")
            server.proc.send_signal(signal.SIGTERM)
            # The arbiter closes its listening socket at once, and a Unix
            # socket's file goes with it. Wait for that, then try to connect.
            with gevent.Timeout(2):
                while os.path.exists(path):
                    gevent.sleep(0.01)
            try:
                fetch(path, 0, start)
                print("a new connection was accepted")
            except OSError as exc:
                print(f"a new connection is refused: {type(exc).__name__}: {exc.strerror}")
            print(f"still in flight: {sum(not job.ready() for job in in_flight)}")
            for n, job in enumerate(in_flight, 1):
                print(f"request {n}: {job.get()}")
            print("gunicorn exited with status", server.proc.wait(timeout=5))
    for line in server.log:
        print("log:", line)


if __name__ == "__main__":
    main()
