"""Ask a stuck program what each greenlet is doing, with gevent.util.format_run_info()."""

import os
import signal

import gevent
from gevent.lock import BoundedSemaphore
from gevent.util import format_run_info

accounts = BoundedSemaphore()
ledger = BoundedSemaphore()


def transfer():
    with accounts:
        gevent.sleep(0.05)  # some work, during which the other greenlet runs
        with ledger:
            print("transfer: done")


def audit():
    with ledger:
        gevent.sleep(0.05)
        with accounts:
            print("audit: done")


def show_run_info():
    # thread_stacks=False: this program has one thread, and the greenlet
    # stacks already say what it does. limit=1: the innermost frame only.
    lines = format_run_info(thread_stacks=False, limit=1)
    # The report lists every greenlet, in an order that varies from run to
    # run. Print the entries of the two workers, without the tree's drawing.
    for name in ("transfer", "audit"):
        start = next(i for i, line in enumerate(lines) if f'<Greenlet "{name}"' in line)
        end = next((i for i in range(start + 1, len(lines)) if "+---" in lines[i]), len(lines))
        print("\n".join(line[6:] for line in lines[start:end]))


# In production you would send the signal from a shell: kill -USR1 <pid>.
gevent.signal_handler(signal.SIGUSR1, show_run_info)
workers = [gevent.spawn(transfer), gevent.spawn(audit)]
workers[0].name, workers[1].name = "transfer", "audit"
gevent.spawn_later(0.2, os.kill, os.getpid(), signal.SIGUSR1)

done = gevent.joinall(workers, timeout=0.5)
print(f"after 0.5 s, {len(done)} of 2 workers had finished")
gevent.killall(workers)
