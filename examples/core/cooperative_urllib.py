"""After patch_all(), plain standard-library networking code runs cooperatively."""

# Patch first, before anything else imports socket, ssl, threading or time.
from gevent import monkey

monkey.patch_all()

import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import gevent


class SlowHandler(BaseHTTPRequestHandler):
    """Answers every GET after 0.3 seconds, with time.sleep()."""

    def do_GET(self):
        time.sleep(0.3)  # patched: only this request waits, not the process
        body = f"you asked for {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass  # keep the example's output to what it prints itself


def heartbeat(start):
    # This would stall if any of the calls below blocked the thread.
    for n in (1, 2):
        time.sleep(0.1)
        print(f"heartbeat: tick {n} at {time.perf_counter() - start:.1f}s")


def fetch(url):
    with urllib.request.urlopen(url) as response:
        return response.read().decode()


# A standard-library server on a port the OS picks, in a standard-library
# thread; patch_all() turned that thread into a greenlet.
server = ThreadingHTTPServer(("127.0.0.1", 0), SlowHandler)
threading.Thread(target=server.serve_forever).start()
base = f"http://127.0.0.1:{server.server_port}"

start = time.perf_counter()
ticker = gevent.spawn(heartbeat, start)
clients = [gevent.spawn(fetch, f"{base}/page/{n}") for n in (1, 2, 3)]
gevent.joinall([ticker, *clients])
for n, client in enumerate(clients, 1):
    print(f"client {n}: {client.value!r}")
print(f"main: 3 requests of 0.3 s each took {time.perf_counter() - start:.1f}s in all")

server.shutdown()
server.server_close()
