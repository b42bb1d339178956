"""What gevent.monkey.patch_all() replaces in the standard library."""

# Patch first, before anything else imports socket, ssl, threading or time.
from gevent import monkey

monkey.patch_all()

import select
import socket
import subprocess
import threading
import time

import gevent
import gevent.socket


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

# After patching, the standard library's names point at gevent's objects.
print(f"time.sleep is gevent.sleep: {time.sleep is gevent.sleep}")
print(f"socket.socket is gevent.socket.socket: {socket.socket is gevent.socket.socket}")

# is_module_patched() tells whether patch_all() (or patch_<module>()) ran.
for name in ["socket", "time", "threading", "ssl", "urllib.request"]:
    print(f"is_module_patched({name!r}): {monkey.is_module_patched(name)}")
