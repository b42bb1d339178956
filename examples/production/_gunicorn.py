"""Start gunicorn for the gunicorn examples, and always stop it (a helper, not an example).

The examples patch with gevent before importing this module, so the pipe to
gunicorn's log and the waits below are cooperative.
"""

import http.client
import os
import re
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import gevent

HERE = Path(__file__).resolve().parent
# "[2026-01-01 12:00:00 +0000] [4242] [INFO] Booting worker with pid: 4243"
PREFIX = re.compile(r"^\[[^]]*\] \[\d+\] ")


class Gunicorn:
    def __init__(self, proc):
        self.proc = proc
        self.log = []  # gunicorn's log lines, without their date and pid
        self.address = None  # what "Listening at:" said
        self.reader = gevent.spawn(self.read_log)

    def read_log(self):
        for line in self.proc.stderr:
            self.log.append(PREFIX.sub(repl="", string=line.rstrip("\n")))

    def wait_for(self, text, timeout=5):
        """Wait until a log line contains *text*; return that line.

        If gunicorn exits first, say so at once, with the end of its log:
        that is where it says why (a worker class it cannot load, say).
        """
        with gevent.Timeout(timeout, RuntimeError(f"gunicorn never logged {text!r}: {self.log}")):
            while True:
                exited = self.proc.poll() is not None
                if exited:
                    self.reader.join()  # the whole log, up to the end of the pipe
                for line in self.log:
                    if text in line:
                        return line
                if exited:
                    last = "\n".join(line for line in self.log if line.strip())
                    raise RuntimeError(f"gunicorn exited with status {self.proc.returncode} "
                                       f"before it logged {text!r}; its log ends:\n{last}")
                gevent.sleep(0.01)

    def stop(self, sig=signal.SIGTERM, timeout=5):
        """Send *sig* to the arbiter and wait for it to exit; return its status."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


@contextmanager
def gunicorn(*options, app="_slow_app:application", patched=False, env=None):
    """Run ``gunicorn -k gevent OPTIONS APP`` with one worker until the block ends.

    With *patched*, run it as ``python -m gevent.monkey --module gunicorn``:
    gevent patches the arbiter before gunicorn starts. *env* adds variables
    to gunicorn's environment, which its workers inherit.
    """
    launcher = ["-m", "gevent.monkey", "--module", "gunicorn"] if patched else ["-m", "gunicorn"]
    command = [sys.executable, *launcher, "--worker-class", "gevent", "--workers", "1",
               # No control socket: gunicorn 27 would otherwise create one in ~/.gunicorn.
               "--no-control-socket", "--chdir", str(HERE), *options, app]
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    server = Gunicorn(proc)
    try:
        listening = server.wait_for("Listening at: ")
        server.address = listening.split("Listening at: ")[1].rsplit(" (", 1)[0]
        server.wait_for("Booting worker")
        yield server
    finally:
        server.stop()  # a no-op if the example already stopped it
        server.reader.join(timeout=2)


def fetch(address, query=""):
    """GET /?QUERY from gunicorn at *address* ("http://127.0.0.1:PORT"); the body, stripped."""
    url = urlsplit(address)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
    try:
        conn.request("GET", f"/?{query}")
        return conn.getresponse().read().decode().strip()
    finally:
        conn.close()
