"""Patch only some modules: here sockets and time.sleep, but not threading."""

# Each patch_<name>() function patches one part of the standard library.
from gevent import monkey

monkey.patch_socket()
monkey.patch_time()

import threading
import time

import gevent

for name in ["socket", "time", "threading", "select", "ssl"]:
    print(f"is_module_patched({name!r}): {monkey.is_module_patched(name)}")


def nap(label, events):
    events.append(f"{label} starts")
    time.sleep(0.1)  # patched: waits cooperatively, like gevent.sleep
    events.append(f"{label} ends")


# time.sleep() now lets other greenlets run while it waits.
events = []
gevent.joinall([gevent.spawn(nap, "greenlet A", events), gevent.spawn(nap, "greenlet B", events)])
print(f"greenlets calling time.sleep(): {', '.join(events)}")

# threading was not patched, so a Thread is still a real OS thread.
main_id = threading.get_native_id()
thread_ids = []
worker = threading.Thread(target=lambda: thread_ids.append(threading.get_native_id()))
worker.start()
worker.join()
print(f"threading.Thread runs in another OS thread: {thread_ids[0] != main_id}")
