"""GEVENT_RESOLVER chooses the resolver: each setting tried in a child process."""

import os
import sys

import gevent
from gevent import subprocess

# What each child does: report which resolver its hub built, and look up
# localhost, which every machine lists in /etc/hosts.
CHILD = """
import socket
import gevent
try:
    resolver = gevent.get_hub().resolver
except ImportError as exc:
    print(f"ImportError: {exc}")
else:
    kind = type(resolver).__module__ + "." + type(resolver).__name__
    found = resolver.getaddrinfo("localhost", 80, socket.AF_INET, socket.SOCK_STREAM)
    print(f"{kind}: localhost is {found[0][4][0]}")
"""

SETTINGS = [None, "thread", "block", "ares", "dnspython", "nosuch,ares", "nosuch"]


def run_child(setting):
    env = dict(os.environ)
    env.pop("GEVENT_RESOLVER", None)
    if setting is not None:
        env["GEVENT_RESOLVER"] = setting
    # Should any resolver send a DNS query after all, send it to this machine.
    env["GEVENT_RESOLVER_NAMESERVERS"] = "127.0.0.1"
    done = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=10
    )
    return (done.stdout or done.stderr).strip()


# Start every child at once; gevent.subprocess waits for them cooperatively.
runs = [gevent.spawn(run_child, setting) for setting in SETTINGS]
for setting, run in zip(SETTINGS, runs):
    label = "(not set)" if setting is None else setting
    print(f"{label:12} -> {run.get()}")
