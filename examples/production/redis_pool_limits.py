"""redis-py's pools are bounded: the default one refuses past its size, the blocking one waits."""

from gevent import monkey

monkey.patch_all()  # First, before redis (and the socket module it uses) is imported.

import time  # noqa: E402

import gevent  # noqa: E402
import redis  # noqa: E402

from _fake_redis import fake_redis_server  # noqa: E402

SIZE = 5  # connections in each pool (redis-py's default ConnectionPool allows 100)
REQUESTS = 20  # greenlets, each needing a connection at the same moment
HOLD = 0.2  # BLPOP on an empty list: Redis answers after this long


def request(client, start):
    """One request's call to Redis; returns when it ended, or the error it got."""
    try:
        client.blpop(["nothing-here"], timeout=HOLD)
    except redis.exceptions.ConnectionError as exc:
        return time.perf_counter() - start, exc
    return time.perf_counter() - start, None


def burst(pool):
    client = redis.Redis(connection_pool=pool)
    start = time.perf_counter()
    jobs = [gevent.spawn(request, client, start) for _ in range(REQUESTS)]
    gevent.joinall(jobs)
    results = [job.value for job in jobs]
    done = sorted(at for at, error in results if error is None)
    errors = [(at, error) for at, error in results if error is not None]
    print(f"{type(pool).__name__}(max_connections={SIZE}), {REQUESTS} requests at once:")
    if errors:
        at, error = max(errors, key=lambda e: e[0])
        print(f"  answered: {len(done)}")
        when = "before the first answer" if not done or at < done[0] else "after answers came"
        print(f"  failed: {len(errors)}, all {when}, with {type(error).__name__}: {error}")
    else:
        print(f"  answered: {len(done)}, the first after {done[0]:.1f} s, "
              f"the last after {done[-1]:.1f} s")
    pool.disconnect()


with fake_redis_server() as port:
    burst(redis.ConnectionPool(host="127.0.0.1", port=port, max_connections=SIZE))
    burst(redis.BlockingConnectionPool(host="127.0.0.1", port=port, max_connections=SIZE,
                                       timeout=5))  # wait up to 5 s for a free connection
