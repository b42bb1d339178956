"""Under --preload, the app is imported before the gevent worker patches: its lock is a real one."""

from gevent import monkey

monkey.patch_all()

import signal

import gevent

from _gunicorn import fetch, gunicorn


def main():
    # --timeout 1: the arbiter kills a worker that has not checked in for 1 s.
    with gunicorn("--bind", "127.0.0.1:0", "--preload", "--timeout", "1",
                  app="_preloaded_app:application") as server:
        print(fetch(server.address, "locks"))
        requests = [gevent.spawn(fetch, server.address, "refresh") for _ in range(2)]
        done = gevent.joinall(requests, timeout=0.9)
        print(f"requests answered within 0.9 s: {len(done)} of 2 (each needs 0.3 s)")
        timeout = server.wait_for("WORKER TIMEOUT", timeout=4)
        gevent.killall(requests)
        server.stop(signal.SIGINT)
    # The log up to the timeout (what follows it depends on timing).
    for line in server.log[:server.log.index(timeout) + 1]:
        if "MonkeyPatchWarning" in line:  # one very long line: keep its two points
            warning, _, culprits = line.partition(" Modules that had direct imports ")
            print("log:", warning[warning.index("MonkeyPatchWarning"):].split(". ")[0] + ". ...")
            print("log:   Modules that had direct imports", culprits.split(" (/")[0] + " (...)']")
        elif line.startswith("["):
            print("log:", line)

if __name__ == "__main__":
    main()
