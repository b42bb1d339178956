"""Who patches a Celery worker? The celery command does, when it sees -P gevent; other starts do not."""

import time

from _celery_app import collect, fake_broker, send, workers

TASKS, SECONDS = 5, 0.2  # each task waits 0.2 s in time.sleep()
WAIT = 0.5  # how long we wait for them

STARTS = {  # how the worker is started: (its command line, its queue)
    'celery -A app worker  (worker_pool = "gevent" in the configuration)':
        (["-m", "celery", "-A", "_celery_app", "worker"], "config",
         {"DEMO_CELERY_CONFIG": "_celery_config"}),
    'python start_worker.py  (app.worker_main(["worker", "-P", "gevent"]))':
        (["_celery_entry.py"], "script"),
    "python start_worker.py  (the same script, patching first)":
        (["_celery_entry.py", "--patch-first"], "patched"),
}


def report(how, worker, got):
    print(how)
    if got["done"] == TASKS:
        side = "side by side" if got["at once"] > 1 else "one at a time"
        print(f"  {TASKS} tasks of {SECONDS} s: all done, {side}; "
              f"time.sleep patched: {', '.join(map(str, got['patched']))}")
    else:
        received = "received" if worker.tasks("received") else "not received"
        print(f"  {TASKS} tasks of {SECONDS} s: {received}, {got['done']} done after {WAIT} s")
    for warning in worker.warnings():
        print(f"  celery warned: {warning}")


if __name__ == "__main__":
    with fake_broker(), workers(*STARTS.values()) as started:
        sent = [send(worker.queue, TASKS, SECONDS) for worker in started]
        waited = time.monotonic() + WAIT
        # The patched worker's tasks first, however long a busy machine takes;
        # then the others, at least WAIT seconds after they were sent.
        last = collect(sent[-1], time.monotonic() + 20)
        for how, worker, pending in zip(STARTS, started, sent):
            report(how, worker, last if pending is sent[-1] else collect(pending, waited))
