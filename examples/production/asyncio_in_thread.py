"""asyncio in a real thread of its own, greenlets in the main thread, and a bridge between them."""

from gevent import monkey

monkey.patch_all()

import asyncio
import time

import gevent
from gevent.event import AsyncResult

from _slow_http import slow_http_server
from fetch_asyncio import fetch  # the coroutine of the asyncio version, unchanged

hub = gevent.get_hub()


def run_asyncio(ready):
    """Runs in a real thread: an asyncio loop on the standard library's own selector."""
    loop = asyncio.SelectorEventLoop(monkey.get_original("selectors", "DefaultSelector")())
    # Anything that crosses into the hub's thread goes through the hub's
    # loop.run_callback_threadsafe(), which wakes the hub and runs the call there.
    hub.loop.run_callback_threadsafe(ready.set, loop)
    try:
        loop.run_forever()
    finally:
        loop.close()


def call_async(loop, coroutine):
    """From a greenlet: run *coroutine* on the asyncio thread; wait for it cooperatively."""
    result = AsyncResult()

    def deliver(future):  # runs in the asyncio thread
        if future.exception() is not None:
            hub.loop.run_callback_threadsafe(result.set_exception, future.exception())
        else:
            hub.loop.run_callback_threadsafe(result.set, future.result())

    asyncio.run_coroutine_threadsafe(coroutine, loop).add_done_callback(deliver)
    return result.get()


def ticker(start):
    ticks = []
    for _ in range(3):
        ticks.append(f"{time.perf_counter() - start:.1f} s")
        gevent.sleep(0.1)
    return ticks


def main():
    ready = AsyncResult()
    thread = hub.threadpool.spawn(run_asyncio, ready)  # a real thread from gevent's pool
    loop = ready.get()
    try:
        with slow_http_server() as (host, port):
            start = time.perf_counter()
            tick = gevent.spawn(ticker, start)
            jobs = [gevent.spawn(call_async, loop, fetch(host, port, f"/item/{n}"))
                    for n in range(1, 6)]
            gevent.joinall([tick, *jobs], timeout=5, raise_error=True)
            print(", ".join(job.value for job in jobs), "(fetched by asyncio)")
            print(f"took {time.perf_counter() - start:.1f} s;",
                  f"meanwhile a greenlet ticked at {', '.join(tick.value)}")
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.get(timeout=2)


if __name__ == "__main__":
    main()
