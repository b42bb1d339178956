"""Subscribe to EventLoopBlocked: one log line for each greenlet that blocks the hub."""

import sys
import time
import warnings

import gevent
from gevent import events

gevent.config.monitor_thread = True
gevent.config.max_blocking_time = 0.1
# This script logs its own one-line reports, so gevent need not print its long ones.
gevent.config.print_blocking_reports = False
warnings.filterwarnings("ignore", message="Unable to monitor memory usage")  # no psutil

already_logged = set()


def log_blocking(event):
    """Runs in the monitor thread, while the hub's thread is still blocked."""
    if not isinstance(event, events.EventLoopBlocked):
        return
    # The monitor reports the same block again after every interval it lasts.
    if event.greenlet in already_logged:
        return
    already_logged.add(event.greenlet)
    # Where is the blocked thread right now? Its innermost frame says.
    frame = sys._current_frames()[event.hub.thread_ident]
    # One write, line and newline together: print() writes them apart, and
    # the hub's thread may print in between once the block ends.
    sys.stdout.write(
        f"  monitor: {event.greenlet.name!r} has not yielded for {event.blocking_time} s;"
        f" it is in {frame.f_code.co_name}()\n"
    )


events.subscribers.append(log_blocking)


def checksum(data):
    # Pure-Python number crunching: correct, and it never yields.
    deadline = time.perf_counter() + 0.4
    total = 0
    while time.perf_counter() < deadline:
        total = (total + sum(data)) % 65521
    return total


def handle(request):
    print(f"{request}: started")
    if request == "upload":
        checksum(range(100))
    else:
        gevent.sleep(0.2)  # waiting for the network, cooperatively
    print(f"{request}: done")


workers = []
for request in ("page", "upload", "api"):
    worker = gevent.spawn(handle, request)
    worker.name = request
    workers.append(worker)
gevent.joinall(workers)
print(f"blocked greenlets: {sorted(g.name for g in already_logged)}")
