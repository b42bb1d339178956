"""sqlite3 waits for a lock inside C: the hub is blocked, and the monitor thread says so."""

import gevent
from gevent import events

# The monitor thread must be configured before the hub starts (page 1 of
# this chapter introduces it). Instead of letting it print its long report,
# this script subscribes to the event it sends and prints the important lines.
gevent.config.monitor_thread = True
gevent.config.max_blocking_time = 0.1
gevent.config.print_blocking_reports = False

import sqlite3

from _sqlite_demo import create_database, hold_write_lock, insert, say, temporary_folder

reports = []


def on_event(event):
    # Runs in the monitor thread, while the hub's thread is still blocked.
    if isinstance(event, events.EventLoopBlocked):
        reports.append(event.info)


events.subscribers.append(on_event)


def writer(path):
    say("writer", "INSERT, straight from this greenlet")
    try:
        insert(path)  # sqlite3 sleeps in C until the lock is free or the timeout ends
        say("writer", "inserted")
    except sqlite3.OperationalError as exc:
        say("writer", f"gave up: {exc}")


def main():
    with temporary_folder() as folder:
        path = create_database(folder)
        gevent.joinall([gevent.spawn(hold_write_lock, path), gevent.spawn(writer, path)])

    first = reports[0]
    # first[1]: "<time> : Greenlet <...> appears to be blocked"; first[4]: the
    # blocked thread's stack, innermost frame last.
    print("monitor:", first[1].split(" : ", 1)[1])
    for line in first[4].rstrip().splitlines()[-4:]:
        print("monitor:", line)
    print(f"monitor: reported the same block {len(reports)} times, once per max_blocking_time")


if __name__ == "__main__":
    main()
