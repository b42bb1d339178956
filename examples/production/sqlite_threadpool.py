"""The same INSERT, handed to the hub's threadpool: the hub stays free, the lock holder commits."""

import gevent
from gevent import events

gevent.config.monitor_thread = True  # watching again: this time it stays silent
gevent.config.max_blocking_time = 0.1

import sqlite3

from _sqlite_demo import create_database, hold_write_lock, insert, say, temporary_folder

reports = []
events.subscribers.append(
    lambda event: reports.append(event) if isinstance(event, events.EventLoopBlocked) else None)


def writer(path):
    say("writer", "INSERT, handed to the hub's threadpool")
    pool = gevent.get_hub().threadpool
    try:
        # apply() runs insert() in one of the pool's real threads and waits
        # for its result cooperatively: only this greenlet waits.
        pool.apply(insert, (path,))
        say("writer", "inserted")
    except sqlite3.OperationalError as exc:
        say("writer", f"gave up: {exc}")


def main():
    with temporary_folder() as folder:
        path = create_database(folder)
        gevent.joinall([gevent.spawn(hold_write_lock, path), gevent.spawn(writer, path)])
    print(f"monitor: {len(reports)} reports")


if __name__ == "__main__":
    main()
