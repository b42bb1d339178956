"""What patch_all() does to the queue module, and how to keep queue.Queue."""

from gevent import monkey

monkey.patch_all()

# Everything below is imported after patching, as it must be.
import os  # noqa: E402
import queue  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

import gevent.queue  # noqa: E402


def which_queues():
    names = ("SimpleQueue", "Queue", "LifoQueue", "PriorityQueue")
    patched = [getattr(queue, name) is getattr(gevent.queue, name) for name in names]
    kinds = ["gevent's" if is_gevents else "standard" for is_gevents in patched]
    return ", ".join(f"{name}: {kind}" for name, kind in zip(names, kinds))


def which_attributes(obj, names):
    found = ["yes" if hasattr(obj, name) else "missing" for name in names]
    return ", ".join(f"{name}: {answer}" for name, answer in zip(names, found))


if sys.argv[1:] == ["--child"]:
    # The child process started at the end: it only reports.
    print(f"  {which_queues()}")
    lock = type(queue.Queue().mutex)  # the standard Queue's lock, from threading
    print(f"  a standard Queue's mutex: {lock.__module__}.{lock.__name__}")
    sys.exit()

print("after patch_all():")
print(f"  {which_queues()}")

# gevent's queues share only the documented interface with the standard ones.
# Code that reaches into a standard Queue's internal locks finds nothing.
jobs = queue.Queue()
print(f"  {which_attributes(jobs, ('put', 'get', 'task_done', 'join'))}")
internals = ("mutex", "not_empty", "not_full", "all_tasks_done")
print(f"  {which_attributes(jobs, internals)}")

# patch_all() reads the escape hatch from the environment when it patches.
# This process has patched already, so a child process shows the effect.
print("after patch_all(), with GEVENT_MONKEY_DISABLE_QUEUE_QUEUE=1:")
env = dict(os.environ, GEVENT_MONKEY_DISABLE_QUEUE_QUEUE="1")
child = subprocess.run(
    [sys.executable, os.path.abspath(__file__), "--child"],
    env=env, capture_output=True, text=True, check=True,
)
print(child.stdout, end="")
