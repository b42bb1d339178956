"""Stop every greenlet cleanly when the process receives SIGTERM."""

import os
import signal

import gevent


def worker(name):
    print(f"{name}: running until someone stops me")
    try:
        while True:
            gevent.sleep(1)  # waiting for work that never comes
    except gevent.GreenletExit:
        # gevent.kill() raises GreenletExit inside the greenlet, wherever it
        # is waiting, so it gets a chance to clean up before it ends.
        print(f"{name}: got GreenletExit, closing my connections")
        raise


def stop_workers(workers):
    print("signal handler: SIGTERM received, killing the workers")
    # killall() kills every greenlet in the list and waits until they are gone.
    gevent.killall(workers)


def send_sigterm():
    # A real program gets SIGTERM from `kill`, systemd or Docker. This example
    # sends it to itself, so that it can show the whole story on its own.
    print("sender: sending SIGTERM to this process")
    os.kill(os.getpid(), signal.SIGTERM)


workers = [gevent.spawn(worker, "worker 1"), gevent.spawn(worker, "worker 2")]
# The handler runs in a greenlet of its own, so it may use gevent freely.
# Keep the returned object: its cancel() method removes the handler again.
sigterm_handler = gevent.signal_handler(signal.SIGTERM, stop_workers, workers)
gevent.spawn_later(0.1, send_sigterm)

gevent.joinall(workers)
print("main: every worker has stopped; exiting with status 0")
