"""Start gunicorn for the gunicorn examples, and always stop it (a helper, not an example).

The examples patch with gevent before importing this module, so the pipe to
gunicorn's log and the waits below are cooperative.
"""

import re
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import gevent

HERE = Path(__file__).resolve().parent
# "[2026-01-01 12:00:00 +0000] [4242] [INFO] Booting worker with pid: 4243"
PREFIX = re.compile(r"^\[[^]]*\] \[\d+\] ")


class Gunicorn:
    def __init__(self, proc):
        self.proc = proc
        self.log = []  # gunicorn's log lines, without their date and pid
        self.address = None  # what "Listening at:" said

    def read_log(self):
        for line in self.proc.stderr:
            self.log.append(PREFIX.sub(repl="", string=line.rstrip("\n")))

    def wait_for(self, text, timeout=5):
        """Wait until a log line contains *text*; return that line."""
        with gevent.Timeout(timeout, RuntimeError(f"gunicorn never logged {text!r}: {self.log}")):
            while True:
                for line in self.log:
                    if text in line:
                        return line
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
def gunicorn(*options, app="_slow_app:application"):
    """Run ``gunicorn -k gevent OPTIONS APP`` with one worker until the block ends."""
    command = [sys.executable, "-m", "gunicorn", "--worker-class", "gevent", "--workers", "1",
               # No control socket: gunicorn 27 would otherwise create one in ~/.gunicorn.
               "--no-control-socket", "--chdir", str(HERE), *options, app]
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    server = Gunicorn(proc)
    reader = gevent.spawn(server.read_log)
    try:
        listening = server.wait_for("Listening at: ")
        server.address = listening.split("Listening at: ")[1].rsplit(" (", 1)[0]
        server.wait_for("Booting worker")
        yield server
    finally:
        server.stop()  # a no-op if the example already stopped it
        reader.join(timeout=2)
