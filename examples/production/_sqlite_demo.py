"""What the two sqlite3 examples share: a database file, a clock, a lock holder (a helper)."""

import os
import sqlite3
import tempfile
import time
import warnings

import gevent

_start = time.perf_counter()
HOLD = 0.2  # seconds the first greenlet keeps its write transaction open
BUSY_TIMEOUT = 0.5  # seconds sqlite3 waits for a lock before giving up

# Without psutil the monitor thread warns that it cannot watch memory use.
# These examples are about blocking, not memory.
warnings.filterwarnings("ignore", "Unable to monitor memory usage")


def start_clock():
    """Times printed by say() count from now."""
    global _start
    _start = time.perf_counter()


def say(who, what):
    print(f"{time.perf_counter() - _start:.1f} s  {who}: {what}")


def create_database(folder):
    path = os.path.join(folder, "visits.db")
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE visits (who TEXT)")
    return path


def hold_write_lock(path):
    """Open a write transaction, wait cooperatively, then commit."""
    con = sqlite3.connect(path, isolation_level=None)  # we say BEGIN/COMMIT ourselves
    con.execute("BEGIN IMMEDIATE")  # take the database's write lock now
    con.execute("INSERT INTO visits VALUES ('holder')")
    start_clock()  # times count from here: a slow disk or a busy CPU before this does not matter
    say("holder", f"has the write lock; waits {HOLD} s before COMMIT")
    gevent.sleep(HOLD)  # e.g. a call to another service in mid-transaction
    con.execute("COMMIT")
    say("holder", "committed")
    con.close()


def insert(path):
    """Insert one row on a connection of our own; sqlite3 waits for the lock."""
    con = sqlite3.connect(path, timeout=BUSY_TIMEOUT)
    try:
        with con:
            con.execute("INSERT INTO visits VALUES ('writer')")
    finally:
        con.close()


def temporary_folder():
    return tempfile.TemporaryDirectory(prefix="gevent-sqlite-")
