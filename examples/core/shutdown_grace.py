"""An orchestrator's view: SIGTERM, a grace period, then SIGKILL, with and without a cleanup deadline."""

import signal
import subprocess
import sys
import time

# Kubernetes waits 30 seconds by default; this demo waits half a second.
GRACE_PERIOD = 0.5


def service(deadline):
    """The child process: one worker whose cleanup hangs."""
    import gevent
    import gevent.event

    def uploader():
        try:
            while True:
                gevent.sleep(1)
        finally:
            print("  service: uploader flushing to a server that never answers")
            gevent.sleep(60)

    def stop_worker(worker, stopped):
        print("  service: SIGTERM received, killing the uploader")
        try:
            gevent.killall([worker], timeout=deadline)  # None: no deadline
        except gevent.Timeout:
            print(f"  service: cleanup deadline of {deadline}s passed, giving up on it")
        stopped.set()

    worker = gevent.spawn(uploader)
    stopped = gevent.event.Event()
    gevent.signal_handler(signal.SIGTERM, stop_worker, worker, stopped)
    print("  service: ready")
    stopped.wait()
    print("  service: closed the database pool, flushed the log, exiting")


def orchestrate(deadline):
    """Start the service, ask it to stop, and kill it if it takes too long."""
    command = [sys.executable, "-u", __file__, "service", str(deadline)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    print(child.stdout.readline(), end="")  # "ready": the handler is in place
    start = time.perf_counter()
    child.send_signal(signal.SIGTERM)
    try:
        child.wait(timeout=GRACE_PERIOD)
        ending = "exited by itself"
    except subprocess.TimeoutExpired:
        child.kill()  # SIGKILL: the process ends at once, no cleanup at all
        child.wait()
        ending = "grace period over, sent SIGKILL"
    elapsed = time.perf_counter() - start
    print(child.stdout.read(), end="")
    child.stdout.close()
    print(f"orchestrator: {ending}, {elapsed:.1f}s after SIGTERM; exit status {child.returncode}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["service"]:
        seconds = sys.argv[2]
        service(None if seconds == "None" else float(seconds))
    else:
        print(f"-- killall without a timeout, grace period {GRACE_PERIOD}s")
        orchestrate(None)
        print(f"-- killall(timeout=0.3), grace period {GRACE_PERIOD}s")
        orchestrate(0.3)
