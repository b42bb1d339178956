"""What the two redis examples share (a helper, not an example).

Run as a script, it starts fakeredis's TCP server on 127.0.0.1, on a port the
system picks, prints that port, and serves until its standard input closes.
Imported, it offers :func:`fake_redis_server`, which runs that script as a
child process for the length of a ``with`` block, and :func:`blpop_demo`,
the code both examples run: they differ only in whether they patch first.
"""

import subprocess
import sys
import time
from contextlib import contextmanager

import gevent
import redis
from gevent import monkey

WAIT = 0.3  # BLPOP's timeout: how long Redis holds a request when the list is empty


def producer(client, clock):
    gevent.sleep(0.1)
    client.rpush("jobs", "job-a", "job-b", "job-c")
    print(f"producer: pushed 3 jobs at {clock():.1f} s")


def worker(client, clock):
    # BLPOP: "pop from this list, or wait until something is pushed".
    # The waiting happens in Redis; the client waits for the reply in recv().
    reply = client.blpop(["jobs"], timeout=WAIT)
    return clock(), reply[1].decode() if reply else None


def blpop_demo():
    """Three workers BLPOP an empty list; a producer pushes three jobs after 0.1 s."""
    with fake_redis_server() as port:
        client = redis.Redis(host="127.0.0.1", port=port)
        client.ping()  # connect once, so that the timings below leave connecting out
        start = time.perf_counter()

        def clock():
            return time.perf_counter() - start

        pusher = gevent.spawn(producer, client, clock)
        workers = [gevent.spawn(worker, client, clock) for _ in range(3)]
        gevent.joinall([pusher, *workers])
        for n, job in enumerate(workers, 1):
            at, got = job.value
            print(f"worker {n}: BLPOP returned at {at:.1f} s with {got or 'nothing'}")
        print(f"socket patched: {monkey.is_module_patched('socket')}")


@contextmanager
def fake_redis_server():
    """Start the server in a child process; yield its port; always stop it."""
    proc = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        if not line.strip().isdigit():
            raise RuntimeError(f"the fake Redis server did not start (it said {line!r})")
        yield int(line)
    finally:
        proc.stdin.close()  # the server's signal to shut down
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def serve():
    import threading

    from fakeredis import TcpFakeServer

    server = TcpFakeServer(("127.0.0.1", 0), server_type="redis")
    # A short poll interval: shutdown() waits for serve_forever() to notice.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    print(server.server_address[1], flush=True)
    try:
        sys.stdin.read()  # returns when the parent closes our stdin, or dies
    finally:
        server.shutdown()  # also ends the connections' threads
        server.server_close()
        thread.join()


if __name__ == "__main__":
    serve()
