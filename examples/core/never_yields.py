"""A greenlet that never yields keeps even a signal handler from running."""

import os
import signal
import time

import gevent


def server():
    print("server: running until someone stops me")
    try:
        while True:
            gevent.sleep(1)
    except gevent.GreenletExit:
        print("server: stopped")
        raise


def cruncher():
    print("cruncher: sending SIGTERM to this process")
    os.kill(os.getpid(), signal.SIGTERM)
    for step in (1, 2, 3):
        # time.sleep() is not patched here, so it holds the thread just as a
        # long computation would: the hub cannot run until this loop ends.
        time.sleep(0.1)
        print(f"cruncher: step {step} done, without yielding")
    print("cruncher: finished")


def on_sigterm(greenlet):
    print("signal handler: SIGTERM received, stopping the server")
    gevent.kill(greenlet)


server_greenlet = gevent.spawn(server)
sigterm_handler = gevent.signal_handler(signal.SIGTERM, on_sigterm, server_greenlet)
gevent.joinall([server_greenlet, gevent.spawn(cruncher)])
print("main: exiting")
