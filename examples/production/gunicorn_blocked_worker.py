"""Under gunicorn, a blocked hub is only a WORKER TIMEOUT, unless gevent's monitor thread is on."""

from gevent import monkey

monkey.patch_all()

import re
import signal

import gevent

from _gunicorn import fetch, gunicorn


def ask(address):
    try:
        return fetch(address)
    except OSError as exc:  # the worker was killed before it answered
        return f"no answer ({type(exc).__name__})"


def main():
    # GEVENT_MONITOR_THREAD_ENABLE reaches the worker through gunicorn's
    # environment; gevent reads it when the worker's hub starts.
    # --graceful-timeout 0: once the demonstration is over, stop at once.
    with gunicorn("--bind", "127.0.0.1:0", "--timeout", "1", "--graceful-timeout", "0",
                  app="_blocking_app:application",
                  env={"GEVENT_MONITOR_THREAD_ENABLE": "1"}) as server:
        request = gevent.spawn(ask, server.address)
        timeout = server.wait_for("WORKER TIMEOUT", timeout=5)
        server.stop(signal.SIGINT)
        print(f"client: {request.get(timeout=5)}")
    # The worker's log, trimmed to its story, in the order gunicorn wrote it.
    log = server.log[:server.log.index(timeout) + 1]
    report = next(n for n, line in enumerate(log) if "appears to be blocked" in line)
    # Its first line, without the time and the handler's long arguments.
    print("log:", re.sub(r"\(.*\)>", "(...)>", log[report].split(" : ", 1)[1]))
    # Its "Blocked Stack" ends in the application's code.
    for line in [line.strip() for line in log[report:] if "_blocking_app.py" in line][:2]:
        print("log:  ", line)
    # The arbiter and the worker share the pipe: the arbiter's line may come
    # in the middle of one of the report's lines.
    print("log:", timeout[timeout.index("[CRITICAL]"):])


if __name__ == "__main__":
    main()
