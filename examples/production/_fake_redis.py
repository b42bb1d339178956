"""What the two redis examples share (a helper, not an example).

Run as a script, it starts fakeredis's TCP server on 127.0.0.1, on a port the
system picks, prints that port, and serves until its standard input closes.
Imported, it offers :func:`fake_redis_server`, which runs that script as a
child process for the length of a ``with`` block, and :func:`blpop_demo`,
the code both examples run: they differ only in whether they patch first.
"""

import time

import gevent
import redis
from gevent import monkey

from _child_server import child_server, serve_until_stdin_closes

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


def fake_redis_server():
    """Start the server in a child process; yield its port; always stop it."""
    return child_server(__file__, "the fake Redis server")


def serve():
    from fakeredis import TcpFakeServer

    # Real Redis turns Nagle's algorithm off on every client connection;
    # fakeredis does not, so a pipeline's replies (one write each) would wait
    # about 40 ms for the client's delayed ACK. Celery's broker pipelines.
    server = TcpFakeServer(("127.0.0.1", 0), server_type="redis")
    server.RequestHandlerClass = type("NoDelayHandler", (server.RequestHandlerClass,),
                                      {"disable_nagle_algorithm": True})
    # A connection's thread can sit in a blocking command (BRPOP) for a while
    # after its client has gone; the server need not wait for it to stop.
    server.daemon_threads = True
    serve_until_stdin_closes(server)


if __name__ == "__main__":
    serve()
