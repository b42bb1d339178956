"""What gevent.monkey.patch_all() replaces in the standard library."""

# Patch first, before anything else imports socket, ssl, threading or time.
from gevent import monkey

monkey.patch_all()

import concurrent.futures
import select
import selectors
import socket
import subprocess
import threading
import time

import gevent
import gevent.socket
import gevent.threadpool


def dotted(obj):
    return f"{obj.__module__}.{obj.__qualname__}"


# get_original() returns what the standard library had before patching.
for module, name in [
    (socket, "socket"),
    (time, "sleep"),
    (select, "select"),
    (threading, "Lock"),
    (subprocess, "Popen"),
]:
    before = monkey.get_original(module.__name__, name)
    after = getattr(module, name)
    print(f"{module.__name__}.{name}: before {dotted(before)}, after {dotted(after)}")

# "Aggressive" patching, the default, also removes what gevent has no
# cooperative version of. Which names exist depends on the platform.
for module, names in [
    (select, ["epoll", "kqueue", "kevent", "devpoll"]),
    (selectors, ["EpollSelector", "KqueueSelector", "DevpollSelector"]),
]:
    for name in names:
        try:
            monkey.get_original(module.__name__, name)
        except AttributeError:
            continue  # this platform never had it
        print(f"{module.__name__}.{name}: removed? {not hasattr(module, name)}")
print(f"selectors.DefaultSelector: now {dotted(selectors.DefaultSelector)}")

# After patching, the standard library's names point at gevent's objects.
print(f"time.sleep is gevent.sleep: {time.sleep is gevent.sleep}")
print(f"socket.socket is gevent.socket.socket: {socket.socket is gevent.socket.socket}")

# is_module_patched() tells whether patch_all() (or patch_<module>()) ran.
for name in ["socket", "time", "threading", "ssl", "urllib.request"]:
    print(f"is_module_patched({name!r}): {monkey.is_module_patched(name)}")

# Where does each kind of "thread" run? get_native_id() is the OS's own thread id.
main_thread = threading.get_native_id()


def in_main_thread():
    return threading.get_native_id() == main_thread


thread_answer = []
thread = threading.Thread(target=lambda: thread_answer.append(in_main_thread()))
thread.start()
thread.join()
print(f"in the main OS thread? threading.Thread: {thread_answer[0]}")
with concurrent.futures.ThreadPoolExecutor(2) as executor:
    answer = executor.submit(in_main_thread).result()
    print(f"in the main OS thread? concurrent.futures.ThreadPoolExecutor: {answer}")
# The real OS threads: the hub's threadpool, and gevent's executor built on it.
answer = gevent.get_hub().threadpool.spawn(in_main_thread).get()
print(f"in the main OS thread? gevent.get_hub().threadpool: {answer}")
with gevent.threadpool.ThreadPoolExecutor(2) as executor:
    answer = executor.submit(in_main_thread).result()
    print(f"in the main OS thread? gevent.threadpool.ThreadPoolExecutor: {answer}")
