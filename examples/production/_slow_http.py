"""A slow HTTP server for the asyncio page's examples (a helper, not an example).

Run as a script, it serves ``GET /item/N`` on 127.0.0.1, on a port the
system picks, answering each request after 0.3 s, with a thread per
request. It prints its port, and stops when its standard input closes.
Imported, :func:`slow_http_server` runs that script as a child process for
the length of a ``with`` block, so that both fetch examples talk to the very
same server.
"""

from contextlib import contextmanager

from _child_server import child_server, serve_until_stdin_closes

DELAY = 0.3


@contextmanager
def slow_http_server():
    """Start the server in a child process; yield (host, port); always stop it."""
    with child_server(__file__, "the HTTP server") as port:
        yield "127.0.0.1", port


def serve():
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            time.sleep(DELAY)
            body = f"item {self.path.rsplit('/', 1)[-1]}\n".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass  # no access log

    serve_until_stdin_closes(ThreadingHTTPServer(("127.0.0.1", 0), Handler))


if __name__ == "__main__":
    serve()
