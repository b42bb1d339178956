"""A WebSocket server on gevent.pywsgi that pushes messages to every connected client."""

from gevent import monkey

# Patch first: simple-websocket reads each connection in a background
# thread, which patching turns into a greenlet, and its client and urllib
# use plain sockets.
monkey.patch_all()

import itertools
import socket
import urllib.error
import urllib.request
from pathlib import Path

import gevent
import simple_websocket
from wsproto.frame_protocol import CloseReason

from _serving import command_line, serve_until_stopped, wsgi_server

PAGE = Path(__file__).parent / "websocket_push" / "index.html"
MAX_MESSAGE = 1024  # bytes; a client sending more is disconnected
clients = {}  # WebSocket connection -> its number
numbers = itertools.count(1)


def application(environ, start_response):
    if environ["PATH_INFO"] == "/":
        body = PAGE.read_bytes()
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                  ("Content-Length", str(len(body)))])
        return [body]
    if environ["PATH_INFO"] != "/ws":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"Not found\n"]
    if environ.get("HTTP_UPGRADE", "").lower() != "websocket":
        print("server: a plain HTTP request for /ws; answering 400")
        start_response("400 Bad Request", [("Content-Type", "text/plain")])
        return [b"This address speaks WebSocket only\n"]
    # accept() completes the handshake on this request's socket. Pings every
    # 25 seconds let the server notice a client that vanished silently.
    ws = simple_websocket.Server.accept(environ, max_message_size=MAX_MESSAGE,
                                        ping_interval=25)
    talk(ws)
    # The connection spoke WebSocket, not HTTP: closing wsgi.input tells
    # pywsgi not to read another HTTP request from it.
    environ["wsgi.input"].close()
    return []


def talk(ws):
    """Own one WebSocket connection until the client leaves."""
    number = clients[ws] = next(numbers)
    print(f"server: client #{number} connected")
    try:
        while True:
            ws.receive()  # Messages from clients are ignored; this waits for the close.
    except simple_websocket.ConnectionClosed as closed:
        print(f"server: client #{number}: {how_it_ended(closed)}")
    finally:
        del clients[ws]


def how_it_ended(closed):
    # simple-websocket reports 1005 both for a Close frame without a code and
    # for no Close frame at all; only a Close frame sets a message (maybe "").
    # RFC 6455 names the second case 1006.
    if closed.message is None:
        return "the connection ended with no close frame from the client (1006)"
    if closed.reason == CloseReason.NO_STATUS_RCVD:
        return "the client sent a close frame without a code (1005)"
    return f"the client sent a close frame with code {closed.reason}"


def broadcast(text):
    for ws in list(clients):
        try:
            ws.send(text)
        except (simple_websocket.ConnectionClosed, OSError):
            pass  # It is leaving; its own greenlet cleans up.


def push(n):
    broadcast(f"push {n}: {len(clients)} listening")


def pusher():
    """--serve: push a numbered message to every client once a second."""
    for n in itertools.count(1):
        push(n)
        gevent.sleep(1)


LEAVE = {
    "close": lambda ws: ws.close(),  # a Close frame with code 1000
    # A Close frame with no code, as a browser's ws.close() sends.
    "close without a code": lambda ws: ws.close(CloseReason.NO_STATUS_RCVD),
    # No Close frame at all, as when a program crashes or the network fails.
    "vanish": lambda ws: ws.sock.shutdown(socket.SHUT_RDWR),
}


def listen(url, keep, leave="close"):
    """A Python client: receive *keep* messages, then leave as LEAVE[leave] says."""
    ws = simple_websocket.Client.connect(url)
    received = [ws.receive(timeout=2) for _ in range(keep)]
    LEAVE[leave](ws)
    return received


def wait_until(condition):
    while not condition():
        gevent.sleep(0.01)


def main():
    server = wsgi_server(("127.0.0.1", 0), application, access_log=False)
    server.start()
    url = f"ws://127.0.0.1:{server.server_port}/ws"
    alice = gevent.spawn(listen, url, keep=2)
    wait_until(lambda: len(clients) == 1)  # Alice first, so that she is client #1.
    bob = gevent.spawn(listen, url, keep=3, leave="close without a code")
    wait_until(lambda: len(clients) == 2)
    push(1)
    push(2)
    alice.join()  # Alice leaves after two messages...
    wait_until(lambda: len(clients) == 1)  # ...and once the server has noticed,
    push(3)  # the third push goes to Bob alone.
    bob.join()
    wait_until(lambda: not clients)
    print(f"alice got: {alice.get()}")
    print(f"bob got:   {bob.get()}")

    # A client that vanishes, one that breaks the size limit, and one that
    # does not speak WebSocket.
    listen(url, keep=0, leave="vanish")
    wait_until(lambda: not clients)
    greedy = simple_websocket.Client.connect(url)
    greedy.send("x" * 5000)
    try:
        greedy.receive(timeout=2)
    except simple_websocket.ConnectionClosed as closed:
        print(f"greedy client: disconnected by the server: {closed.reason} {closed.message}")
    try:
        urllib.request.urlopen(url.replace("ws:", "http:"))
    except urllib.error.HTTPError as error:
        print(f"plain HTTP client got: {error.code} {error.read().decode().strip()}")
    server.stop()


if __name__ == "__main__":
    args = command_line(__doc__, port=8004)
    if args.serve:
        gevent.spawn(pusher)
        serve_until_stopped(wsgi_server((args.host, args.port), application))
    else:
        main()
