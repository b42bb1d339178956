"""Starts a daemon the classic way (fork, setsid, fork again), then exits.

The daemon leaves the script's process group and session, so killing the
group does not reach it. With ``hang`` as its argument, the script then
hangs instead of exiting.
"""
import os
import sys
import time

first = os.fork()
if first == 0:
    os.setsid()
    daemon = os.fork()
    if daemon == 0:
        time.sleep(120)
        os._exit(0)
    print(f"daemon pid {daemon}", flush=True)
    os._exit(0)
os.waitpid(first, 0)
print("parent exits" if sys.argv[1:] != ["hang"] else "parent hangs", flush=True)
if sys.argv[1:] == ["hang"]:
    time.sleep(120)
