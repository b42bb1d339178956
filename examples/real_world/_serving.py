"""Plumbing shared by the real-world examples; not an example itself.

Each server example runs in one of two ways:

* ``python <script>.py`` runs a demo: the server listens on a free port of
  127.0.0.1, a client in the same process uses it, both print what they saw,
  and the script stops the server and exits. The documentation build runs this.
* ``python <script>.py --serve [--host H] [--port P]`` keeps the server running
  for you to try with nc, curl or a browser, until Ctrl-C. The first line it
  prints is the address it really listens on (useful with ``--port 0``).
"""

import argparse
import signal
import sys

import gevent
from gevent.pywsgi import WSGIHandler, WSGIServer


def command_line(description, port):
    """Parse ``--serve``, ``--host`` and ``--port`` (*port* is the default)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--serve", action="store_true",
                        help="keep serving until Ctrl-C instead of running the demo")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: %(default)s, this machine only)")
    parser.add_argument("--port", type=int, default=port,
                        help="port to listen on (default: %(default)s; 0 picks a free one)")
    return parser.parse_args()


def serve_until_stopped(server, scheme="http"):
    """Start *server*, say where it listens, and stop it cleanly on Ctrl-C or SIGTERM."""
    # Line buffering makes each log line appear as it happens, even in a pipe.
    sys.stdout.reconfigure(line_buffering=True)
    server.start()
    host, port = server.address[:2]
    slash = "/" if scheme == "http" else ""
    print(f"serving on {scheme}://{host}:{port}{slash} (Ctrl-C to stop)")
    # close() stops accepting and wakes serve_forever(), which then calls
    # stop(): with a pool of handlers, open connections get up to
    # server.stop_timeout seconds to finish.
    for signum in (signal.SIGINT, signal.SIGTERM):
        gevent.signal_handler(signum, server.close)
    server.serve_forever()
    print("server stopped")


def run_until_stopped(function, *args):
    """Run function(*args) in a greenlet; Ctrl-C or SIGTERM kills it cleanly."""
    sys.stdout.reconfigure(line_buffering=True)
    job = gevent.spawn(function, *args)
    for signum in (signal.SIGINT, signal.SIGTERM):
        # kill() raises GreenletExit where the job waits, so its `with`
        # blocks and `finally` clauses run and close its sockets.
        gevent.signal_handler(signum, job.kill)
    job.get()
    print("server stopped")


class LogHandler(WSGIHandler):
    """pywsgi's handler with short log lines that are the same on every run.

    The default access log line carries a timestamp, the client's port and the
    time taken; the default error line carries the socket's repr. Neither would
    ever match a recorded output, so these lines keep only the request and result.
    """

    def format_request(self):
        # pywsgi's own answers to broken requests set only .status, not .code;
        # a negative code means the connection broke while the answer was sent.
        code = self.code or self.status
        if isinstance(code, int) and code < 0:
            return f"server: {self.requestline} -> {-code}, cut short: the client left"
        if not code:  # The application took the connection over (a WebSocket).
            return f"server: {self.requestline} -> connection handed to the application"
        return f"server: {self.requestline} -> {code}"

    def log_error(self, msg, *args):
        self.server.error_log.write("server: " + (msg % args if args else msg) + "\n")


def wsgi_server(address, application, access_log=True):
    """A pywsgi server logging to stdout through LogHandler; access_log=False silences requests."""
    return WSGIServer(address, application, handler_class=LogHandler,
                      log=sys.stdout if access_log else None, error_log=sys.stdout)
