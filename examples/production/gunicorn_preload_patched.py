"""If you must preload: start gunicorn with `python -m gevent.monkey --module gunicorn`."""

from gevent import monkey

monkey.patch_all()

import signal
import time

import gevent

from _gunicorn import fetch, gunicorn


def timed_fetch(address, query, start):
    answer = fetch(address, query)
    return f"{answer} after {time.perf_counter() - start:.1f} s"


def main():
    # The same application and options as gunicorn_preload_pitfall.py; only
    # the launcher differs: gevent patches the arbiter before gunicorn starts.
    with gunicorn("--bind", "127.0.0.1:0", "--preload", "--timeout", "1",
                  app="_preloaded_app:application", patched=True) as server:
        print(fetch(server.address, "locks"))
        start = time.perf_counter()
        requests = [gevent.spawn(timed_fetch, server.address, "refresh", start) for _ in range(2)]
        gevent.joinall(requests, timeout=3)
        # Which request gets the lock first varies; the two waits do not.
        print("two requests:", ", ".join(sorted(str(r.value) for r in requests)))
        server.stop(signal.SIGINT)
    warnings = [line for line in server.log if "MonkeyPatchWarning" in line]
    timeouts = [line for line in server.log if "WORKER TIMEOUT" in line]
    print(f"MonkeyPatchWarnings: {len(warnings)}, worker timeouts: {len(timeouts)}")


if __name__ == "__main__":
    main()
