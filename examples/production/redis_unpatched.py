"""Without monkey patching, redis-py's socket blocks the whole thread while Redis makes it wait."""

import time

import gevent
import gevent.monkey
import redis

from _fake_redis import fake_redis_server

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


def main():
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
        print(f"socket patched: {gevent.monkey.is_module_patched('socket')}")


if __name__ == "__main__":
    main()
