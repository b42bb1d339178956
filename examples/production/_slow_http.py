"""A slow HTTP server for the asyncio page's examples (a helper, not an example).

Run as a script, it serves ``GET /item/N`` on 127.0.0.1, on a port the
system picks, answering each request after 0.3 s, with a thread per
request. It prints its port, and stops when its standard input closes.
Imported, :func:`slow_http_server` runs that script as a child process for
the length of a ``with`` block, so that both fetch examples talk to the very
same server.
"""

import subprocess
import sys
from contextlib import contextmanager

DELAY = 0.3


@contextmanager
def slow_http_server():
    """Start the server in a child process; yield (host, port); always stop it."""
    proc = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        if not line.strip().isdigit():
            raise RuntimeError(f"the HTTP server did not start (it said {line!r})")
        yield "127.0.0.1", int(line)
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def serve():
    import threading
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

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # A short poll interval: shutdown() waits for serve_forever() to notice.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    print(server.server_address[1], flush=True)
    try:
        sys.stdin.read()
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


if __name__ == "__main__":
    serve()
