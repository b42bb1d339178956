"""Which uses of multiprocessing hang once threads are patched: each runs in a child
process, and a gevent.Timeout in this process ends the ones that hang."""

from gevent import monkey

monkey.patch_all()

import concurrent.futures  # noqa: E402  (everything is imported after patching)
import faulthandler  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402

import gevent  # noqa: E402
from gevent import subprocess  # noqa: E402

CASES = {
    "pool": "multiprocessing.Pool(2).map()",
    "queue": "put() then get() on a multiprocessing.Queue",
    "executor": "concurrent.futures.ProcessPoolExecutor(2).map()",
}


def square(n):
    return n * n


def child(case):
    """Runs in the child process, patched like the parent."""
    # faulthandler writes every thread's stack on SIGUSR1 from C, so it works
    # even while the hub is blocked and no Python signal handler could run.
    faulthandler.register(signal.SIGUSR1)
    print("ready", flush=True)
    if case == "pool":
        with multiprocessing.Pool(2) as pool:
            result = pool.map(square, range(4))
    elif case == "queue":
        queue = multiprocessing.Queue()
        queue.put([0, 1, 4, 9])
        result = queue.get()
    else:
        with concurrent.futures.ProcessPoolExecutor(2) as executor:
            result = list(executor.map(square, range(4)))
    print(f"finished: {result}", flush=True)


def stack_summary(lines):
    """The multiprocessing frames of a faulthandler dump, innermost first."""
    for line in lines:
        # Each frame is a line like:  File "/.../multiprocessing/pool.py", line 579 in _handle_results
        if line.startswith("  File ") and "/multiprocessing/" in line:
            path, function = line.split('"')[1], line.rstrip().rsplit(" in ", 1)[1]
            yield f"    multiprocessing/{path.rsplit('/', 1)[1]} in {function}"


def read_dump(stream):
    """Read a faulthandler dump up to its outermost frame."""
    while True:
        line = stream.readline()
        yield line
        if not line or line.rstrip().endswith((" in <module>", " in _bootstrap")):
            return


def run_case(case):
    # A new session puts the child and any processes it starts in their own
    # process group, so that one killpg() ends them all.
    child_process = subprocess.Popen(
        [sys.executable, __file__, case],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        text=True,
    )
    child_process.stdout.readline()  # "ready": the child is about to try
    lines = [f"{CASES[case]}:"]
    try:
        with gevent.Timeout(1.5):  # ample for the case that works, even on a busy machine
            output = child_process.stdout.read()  # until the child exits
        lines.append("  " + output.strip())
    except gevent.Timeout:
        lines.append("  still waiting after 1.5 s; where the child's only thread is stuck:")
        os.kill(child_process.pid, signal.SIGUSR1)
        with gevent.Timeout(1):
            lines.extend(stack_summary(read_dump(child_process.stdout)))
        os.killpg(child_process.pid, signal.SIGKILL)
        child_process.stdout.read()
    child_process.wait()
    child_process.stdout.close()
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        child(sys.argv[1])
    else:
        runs = [gevent.spawn(run_case, case) for case in CASES]
        for run in runs:
            print(run.get())
