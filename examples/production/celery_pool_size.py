"""How many tasks a gevent worker runs at once (-c), and how many it takes from the broker."""

import os
import re
import time

from _celery_app import collect, fake_broker, send, workers

CELERY = ["-m", "celery", "-A", "_celery_app", "worker", "-P", "gevent"]
STARTS = {  # the command line after "celery -A app worker -P gevent": (its options, its queue)
    "": ([], "default"),
    "-c 1000": (["-c", "1000"], "wide"),
}
TASKS, SECONDS = 20, 0.2


if __name__ == "__main__":
    with fake_broker(), workers(*[(CELERY + o, q) for o, q in STARTS.values()]) as started:
        for options, worker in zip(STARTS, started):
            # What the worker logged: its banner's "concurrency: N (gevent)", and
            # "prefetch_count->N" (at debug level) when it began to consume.
            worker.wait_for_log("prefetch_count->")
            at_once = int(re.search(r"concurrency: (\d+) \(gevent\)", worker.read_log())[1])
            took = int(re.search(r"prefetch_count->(\d+)", worker.read_log())[1])
            # Without -c the figures depend on the machine: name them.
            if at_once == os.cpu_count():
                at_once = "os.cpu_count()"
            if took == 4 * os.cpu_count():
                took = "4 x os.cpu_count()"
            print(f"celery -A app worker -P gevent {options}".rstrip())
            print(f"  runs at most {at_once} tasks at once; takes up to {took} from the broker")
        wide = started[1]
        got = collect(send(wide.queue, TASKS, SECONDS), time.monotonic() + 20)
        done = "all done" if got["done"] == TASKS else f"only {got['done']} done"
        side = "side by side" if got["at once"] > 1 else "one at a time"
        print(f"{TASKS} tasks of {SECONDS} s on the -c 1000 worker: {done}, {side}; "
              f"time.sleep patched: {', '.join(map(str, got['patched']))}")
