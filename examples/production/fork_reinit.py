"""os.fork() copies the hub too: gevent.reinit() makes it work in the child."""

import os
import warnings

import gevent
import gevent.os

# Python 3.12 and later warn when a process with threads forks, as this one
# does below on purpose (its threadpool has a thread). The warning is about
# the risk this script demonstrates, so it is silenced here.
warnings.filterwarnings("ignore", message=r"This process .* is multi-threaded", category=DeprecationWarning)

pool = gevent.get_hub().threadpool
print(f"parent: the threadpool answers {pool.apply(sum, ([1, 2],))}")


def use_threadpool(who):
    try:
        with gevent.Timeout(0.5):
            print(f"{who}: the threadpool answers {pool.apply(sum, ([3, 4],))}", flush=True)
    except gevent.Timeout:
        print(f"{who}: no answer from the threadpool within 0.5 s", flush=True)


# 1. The plain os.fork(): the child has a copy of the hub, but only the
#    thread that called fork(). The pool's worker thread did not come along.
pid = os.fork()
if pid == 0:
    use_threadpool("child after os.fork()")
    gevent.reinit()  # rebuild the hub's loop and its threadpool for this process
    use_threadpool("child after gevent.reinit()")
    os._exit(0)  # leave without running the parent's clean-up code
os.waitpid(pid, 0)

# 2. gevent.os.fork(), which is what os.fork() is once os is monkey-patched,
#    calls gevent.reinit() in the child by itself.
pid = gevent.os.fork()
if pid == 0:
    use_threadpool("child after gevent.os.fork()")
    os._exit(0)
_, status = gevent.os.waitpid(pid, 0)  # cooperative: other greenlets run meanwhile
print(f"parent: the child exited with status {os.waitstatus_to_exitcode(status)}")
