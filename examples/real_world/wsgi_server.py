"""A plain WSGI application served by gevent.pywsgi, with limits on request bodies."""

from gevent import monkey

# Patch first: the demo client below uses http.client, which must not block the
# one thread that the server's greenlets also run in.
monkey.patch_all()

import http.client

from gevent import socket

from _serving import command_line, serve_until_stopped, wsgi_server

MAX_BODY = 1024  # bytes


def application(environ, start_response):
    """GET / says hello; POST /upper answers with its body in capitals."""
    method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
    if path == "/" and method == "GET":
        return reply(start_response, "200 OK", "Hello from gevent.pywsgi\n")
    if path != "/upper":
        return reply(start_response, "404 Not Found", "No such page\n")
    if method != "POST":
        return reply(start_response, "405 Method Not Allowed", "Use POST\n")
    # Refuse by the announced size before reading anything. A chunked body
    # announces no size, so never read more than one byte past the limit.
    announced = int(environ.get("CONTENT_LENGTH") or 0)
    try:
        body = b"" if announced > MAX_BODY else environ["wsgi.input"].read(MAX_BODY + 1)
    except OSError:  # pywsgi raises this when the body ends too soon
        print("server: the body ended early; did the client go away?")
        return reply(start_response, "400 Bad Request", "Incomplete body\n")
    if announced > MAX_BODY or len(body) > MAX_BODY:
        print(f"server: refused a body over {MAX_BODY} bytes")
        return reply(start_response, "413 Content Too Large", f"At most {MAX_BODY} bytes\n")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        print("server: the body is not UTF-8")
        return reply(start_response, "400 Bad Request", "Send UTF-8 text\n")
    return reply(start_response, "200 OK", text.upper())


def reply(start_response, status, text):
    data = text.encode()  # WSGI bodies are bytes
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"),
                            ("Content-Length", str(len(data)))])
    return [data]


def request(port, method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request(method, path, body=body)
    response = conn.getresponse()
    answer = response.read().decode()
    conn.close()
    shown = "" if body is None else f"{body!r} " if len(body) < 20 else f"<{len(body)} bytes> "
    print(f"client: {method} {path} {shown}-> {response.status} {answer!r}")


def raw(port, data):
    """Send bytes that http.client would never send; show the answer's first line."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)  # Nothing more will come: end of file.
        first_line = sock.makefile("rb").readline().decode().strip()
    print(f"client: sent {data!r}\n        -> {first_line!r}")


def main():
    server = wsgi_server(("127.0.0.1", 0), application)
    server.start()
    port = server.server_port
    request(port, "GET", "/")
    request(port, "POST", "/upper", b"shout, please")
    request(port, "GET", "/nowhere")
    request(port, "POST", "/upper", b"x" * 5000)
    request(port, "POST", "/upper", b"\xff\xfe")
    raw(port, b"HELLO?\r\n\r\n")
    # A body announced as 100 bytes, of which only 5 arrive before end of file.
    raw(port, b"POST /upper HTTP/1.1\r\nContent-Length: 100\r\n\r\nhello")
    server.stop()


if __name__ == "__main__":
    args = command_line(__doc__, port=8000)
    if args.serve:
        serve_until_stopped(wsgi_server((args.host, args.port), application))
    else:
        main()
