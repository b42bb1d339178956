"""What TLS costs a gevent server: CPU for each handshake, all of it in the hub's one thread."""

from gevent import monkey

monkey.patch_all()  # First: http.client below must use gevent's sockets and ssl.

import http.client
import socket
import ssl
import time

import trustme
from gevent.pywsgi import WSGIServer

REQUESTS = 20  # each on a new connection, so each HTTPS request has a full handshake

ca = trustme.CA()
server_cert = ca.issue_cert("127.0.0.1")
server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
server_cert.configure_cert(server_context)
client_context = ssl.create_default_context()
ca.configure_trust(client_context)


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "3")])
    return [b"hi\n"]


def listener(nodelay):
    sock = socket.socket()
    if nodelay:  # As gunicorn does; see the benchmark page.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


def measure(tls, nodelay=True, requests=REQUESTS):
    """Return the CPU time and the wall time per request, in milliseconds."""
    tls_args = {"ssl_context": server_context} if tls else {}
    server = WSGIServer(listener(nodelay), application, log=None, **tls_args)
    server.start()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(requests):
        if tls:
            conn = http.client.HTTPSConnection("127.0.0.1", server.server_port,
                                               context=client_context)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", server.server_port)
        conn.request("GET", "/")
        conn.getresponse().read()
        conn.close()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    server.stop()
    return 1000 * cpu / requests, 1000 * wall / requests


measure(tls=True, requests=3)  # Warm up: the first handshakes load code and tables.
plain_cpu, _ = measure(tls=False)
tls_cpu, _ = measure(tls=True)
print(f"{REQUESTS} requests, each on a new connection; client and server in this process:")
print(f"  HTTP:  {plain_cpu:.1f} ms of CPU per request")
print(f"  HTTPS: {tls_cpu:.1f} ms of CPU per request, {tls_cpu / plain_cpu:.0f} times as much")
_, stalled = measure(tls=True, nodelay=False, requests=5)
print(f"HTTPS without TCP_NODELAY: {stalled:.0f} ms of waiting per request")
