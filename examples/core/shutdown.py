"""Stop every greenlet when the process receives SIGTERM, within a deadline."""

import os
import signal
import time

import gevent
import gevent.event

# An orchestrator waits a grace period after SIGTERM, then sends SIGKILL
# (Kubernetes: 30 seconds by default). Cleanup must end well before that;
# this demo allows it 0.3 seconds.
CLEANUP_DEADLINE = 0.3

start = time.perf_counter()


def log(text):
    print(f"{time.perf_counter() - start:.1f}s {text}")


def mailer():
    log("mailer: running until someone stops me")
    try:
        while True:
            gevent.sleep(1)  # waiting for work that never comes
    except gevent.GreenletExit:
        # gevent.kill() raises GreenletExit inside the greenlet, wherever it
        # is waiting, so it gets a chance to clean up before it ends.
        log("mailer: got GreenletExit, closing my connections")
        raise


def uploader():
    log("uploader: running until someone stops me")
    try:
        while True:
            gevent.sleep(1)
    finally:
        log("uploader: flushing my buffer to a server that never answers")
        gevent.sleep(60)  # a cleanup that hangs


def poller():
    log("poller: running until someone stops me")
    while True:
        try:
            gevent.sleep(1)
        except:  # noqa: E722 -- meant for network errors, but eats GreenletExit too
            log("poller: something went wrong, polling on")


def stop_workers(workers, stopped):
    log("handler: SIGTERM received, killing the workers")
    try:
        # killall() kills every greenlet in the list and waits until they are
        # gone. With a timeout, it gives up after that long.
        gevent.killall(workers, timeout=CLEANUP_DEADLINE)
    except gevent.Timeout:
        alive = [worker.name for worker in workers if not worker.dead]
        log(f"handler: deadline passed; still running: {', '.join(alive)}")
    stopped.set()


def send_sigterm():
    # A real program gets SIGTERM from `kill`, systemd or Kubernetes. This
    # example sends it to itself, so that it can show the whole story on its own.
    log("sender: sending SIGTERM to this process")
    os.kill(os.getpid(), signal.SIGTERM)


workers = [gevent.spawn(mailer), gevent.spawn(uploader), gevent.spawn(poller)]
for worker, name in zip(workers, ["mailer", "uploader", "poller"]):
    worker.name = name
stopped = gevent.event.Event()
# The handler runs in a greenlet of its own, so it may use gevent freely.
# Keep the returned object: its cancel() method removes the handler again.
sigterm_handler = gevent.signal_handler(signal.SIGTERM, stop_workers, workers, stopped)
gevent.spawn_later(0.1, send_sigterm)

# Not gevent.joinall(workers): two of them would never let it return.
stopped.wait()
log("main: flushing the log, exiting with status 0")
