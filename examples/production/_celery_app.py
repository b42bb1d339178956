"""A Celery application, and real workers to run its task (a helper, not an example).

The workers are real ``celery worker`` processes with the gevent pool. They
use the fake Redis server of the drivers page as broker and result backend:
:func:`fake_broker` starts it and points the application at it, and the
workers find its port in the ``DEMO_REDIS_PORT`` environment variable.

The examples themselves are plain clients: they send tasks and read results,
and they do not patch.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from celery import Celery
from gevent import monkey

from _fake_redis import fake_redis_server

HERE = Path(__file__).resolve().parent
PORT = "DEMO_REDIS_PORT"

app = Celery("_celery_app")
app.conf.update(worker_hijack_root_logger=False, broker_connection_retry_on_startup=True)
# A project's settings module, if DEMO_CELERY_CONFIG names one (_celery_config).
app.config_from_envvar("DEMO_CELERY_CONFIG", silent=True)


def use_redis(port):
    url = f"redis://127.0.0.1:{port}/0"
    app.conf.update(broker_url=url, result_backend=url)


if PORT in os.environ:  # in a worker
    use_redis(os.environ[PORT])


@app.task
def call_service(seconds):
    """A task that waits on something slow, the way a blocking library does."""
    started = time.time()
    time.sleep(seconds)  # stands for requests.get(), a database query, ...
    return started, time.time(), monkey.is_module_patched("time")


@contextmanager
def fake_broker():
    """The fake Redis server, as broker and result backend, for a ``with`` block."""
    with fake_redis_server() as port:
        use_redis(port)
        os.environ[PORT] = str(port)
        yield port


class Worker:
    """A worker process, its name, and what its log said."""

    def __init__(self, command, queue, env=None):
        self.command, self.queue, self.name = command, queue, f"{queue}@demo"
        self.log = tempfile.TemporaryFile("w+")
        # Debug level: the prefetch count is logged at that level.
        options = ["-Q", queue, "-n", self.name, "-l", "debug", "--without-heartbeat",
                   "--without-gossip", "--without-mingle"]
        self.proc = subprocess.Popen([sys.executable, *command, *options], cwd=HERE,
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     env={**os.environ, **(env or {})})

    def read_log(self):
        self.log.seek(0)
        return self.log.read()

    def wait_until_ready(self):
        self.wait_for_log(f"{self.name} ready.")

    def wait_for_log(self, text, timeout=20):
        deadline = time.monotonic() + timeout
        while text not in self.read_log():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"the worker {' '.join(self.command)} never logged {text!r}:\n"
                         + self.read_log()[-2000:])
            time.sleep(0.05)

    def tasks(self, word):
        """How many tasks its log says were ``received`` or ``succeeded``."""
        return len(re.findall(rf"Task \S+ {word}\b", self.read_log()))

    def warnings(self):
        """The message of each UserWarning in its log, on one line."""
        return [" ".join(m.split()) for m in
                re.findall(r"UserWarning: *\n(.*?)\n\n", self.read_log(), re.S)]

    def stop(self):
        self.proc.kill()
        self.proc.wait()
        self.log.close()


@contextmanager
def workers(*starts):
    """Start a worker for each (command, queue[, env]), all at once; stop them all afterwards."""
    started = []
    try:
        for start in starts:
            started.append(Worker(*start))
        for each in started:
            each.wait_until_ready()
        yield started
    finally:
        # The demo is over: its tasks are done, or will never run. A real
        # deployment stops a worker with SIGTERM, a warm shutdown that lets
        # the tasks under way finish (a gevent worker takes a couple of
        # seconds to notice it, and some more to close its connections).
        for each in started:
            each.stop()


def send(queue, tasks, seconds):
    """Send *tasks* tasks of *seconds* each to *queue*; their results, to come."""
    return [call_service.apply_async((seconds,), queue=queue) for _ in range(tasks)]


def collect(pending, deadline):
    """Wait until *pending* results are in, or until *deadline* (time.monotonic()):
    how many ran, how many of them at once, and whether time was patched."""
    # Poll rather than get(timeout=...): the result backend waits in steps of a second.
    while not all(result.ready() for result in pending) and time.monotonic() < deadline:
        time.sleep(0.02)
    runs = [result.get() for result in pending if result.ready()]
    for result in pending:  # stop listening for the others while the broker is still there
        if not result.ready():
            result.backend.remove_pending_result(result)
    events = sorted([(start, 1) for start, _, _ in runs] + [(end, -1) for _, end, _ in runs])
    running = most = 0
    for _, step in events:  # an end sorts before a start at the same instant
        running += step
        most = max(most, running)
    return {"done": len(runs), "at once": most,
            "patched": {patched for _, _, patched in runs}}
