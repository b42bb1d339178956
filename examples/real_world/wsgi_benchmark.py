"""Measure a WSGI server: a fixed number of client greenlets send requests as fast as they can."""

from gevent import monkey

monkey.patch_all()  # First: http.client below must use gevent's sockets.

import http.client
import socket
import time

import gevent
from gevent.pywsgi import WSGIServer

from _serving import command_line, serve_until_stopped

CONCURRENCY = 5  # client greenlets, so at most 5 requests in flight at once


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "6")])
    return [b"Hello\n"]


class NoDelayServer(WSGIServer):
    def handle(self, sock, address):
        # pywsgi writes the headers and the body with two send() calls. On a
        # kept-alive connection, Nagle's algorithm then holds the body back
        # until the client acknowledges the headers, which the client delays
        # (by 40 ms on Linux). TCP_NODELAY sends small writes at once.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().handle(sock, address)


def nodelay_listener():
    """A listening socket with TCP_NODELAY, set the way gunicorn sets it on its sockets.

    On Linux, every connection accepted from it starts with the option set.
    """
    listener = socket.socket()
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    return listener


def client(port, count, keep_alive):
    """Send *count* requests one after another; return their status codes."""
    statuses = []
    conn = http.client.HTTPConnection("127.0.0.1", port)
    for _ in range(count):
        conn.request("GET", "/")
        response = conn.getresponse()
        response.read()
        statuses.append(response.status)
        if not keep_alive:
            conn.close()  # Like `ab` without -k: the next request connects anew.
    conn.close()
    return statuses


def measure(server_class, requests, keep_alive, listener=("127.0.0.1", 0), how=""):
    # No access log (log=None): a line per request would cost more than the request.
    server = server_class(listener, application, log=None)
    server.start()
    start = time.perf_counter()
    clients = [gevent.spawn(client, server.server_port, requests // CONCURRENCY, keep_alive)
               for _ in range(CONCURRENCY)]
    gevent.joinall(clients, raise_error=True)
    elapsed = time.perf_counter() - start
    server.stop()
    ok = sum(job.value.count(200) for job in clients)
    how = ("kept-alive connections" if keep_alive else "a new connection each") + how
    print(f"{requests} requests over {how}:\n"
          f"    {ok} answered 200 OK, {requests / elapsed:.0f} requests per second")


def main():
    print(f"{CONCURRENCY} client greenlets in this process, against pywsgi:")
    measure(WSGIServer, 400, keep_alive=False)
    measure(WSGIServer, 50, keep_alive=True)  # Few: each one may wait 40 ms.
    measure(NoDelayServer, 400, keep_alive=True, how=", TCP_NODELAY")
    measure(WSGIServer, 400, keep_alive=True, listener=nodelay_listener(),
            how=", TCP_NODELAY on the listener (gunicorn's way)")


if __name__ == "__main__":
    args = command_line(__doc__, port=8001)
    if args.serve:
        serve_until_stopped(NoDelayServer((args.host, args.port), application, log=None))
    else:
        main()
