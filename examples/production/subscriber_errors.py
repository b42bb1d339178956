"""An EventLoopBlocked subscriber that raises ends the monitor thread; a guarded one does not."""

import subprocess
import sys
import time
import warnings

import gevent
from gevent import events


def send_metric(event):
    """Stands for a metrics client whose server is down: it always raises."""
    raise ConnectionError("metrics server unreachable")


def watch(guarded):
    """Block the hub twice, with a subscriber that sends a metric for each block."""
    gevent.config.monitor_thread = True
    gevent.config.max_blocking_time = 0.1
    gevent.config.print_blocking_reports = False
    warnings.filterwarnings("ignore", message="Unable to monitor memory usage")  # no psutil
    logged = []

    def on_blocked(event):
        if not isinstance(event, events.EventLoopBlocked) or event.greenlet in logged:
            return
        logged.append(event.greenlet)
        print(f"  subscriber: {event.greenlet.name!r} blocked the hub", flush=True)
        if not guarded:
            send_metric(event)
            return
        try:
            send_metric(event)
        except Exception as exc:  # never let an error reach the monitor thread
            print(f"  subscriber: no metric sent ({exc})", flush=True)

    events.subscribers.append(on_blocked)  # process-wide: every hub's monitor calls it
    for name in ("first", "second"):
        print(f"{name} block: 0.35 s", flush=True)
        worker = gevent.spawn(time.sleep, 0.35)  # unpatched: holds the hub's thread
        worker.name = name
        worker.join()
        gevent.sleep(0.15)  # the hub is free; the monitor takes a look
    monitor = gevent.get_hub().periodic_monitoring_thread
    alive = monitor.monitor_thread_ident in sys._current_frames()
    print(f"blocks logged: {len(logged)} of 2; monitor thread alive: {alive}")


def main():
    # Each way runs in a process of its own, both at once: a monitor thread
    # that has ended stays ended for the rest of its process.
    ways = {mode: subprocess.Popen([sys.executable, __file__, mode], stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
            for mode in ("unguarded", "guarded")}
    for mode, child in ways.items():
        output, _ = child.communicate(timeout=10)
        print(f"{mode} subscriber:")
        for line in output.splitlines():
            if line.startswith(("  subscriber", "first", "second", "blocks")):
                print("  " + line)
            elif " failed with " in line:  # gevent's last word on the monitor thread
                print("  gevent: <PeriodicMonitoringThread ...> failed with "
                      + line.rsplit(" failed with ", 1)[1])


if __name__ == "__main__":
    if len(sys.argv) > 1:
        watch(guarded=sys.argv[1] == "guarded")
    else:
        main()
