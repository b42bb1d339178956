"""asyncio in a real thread of its own, greenlets in the main thread, and a bridge between them."""

from gevent import monkey

monkey.patch_all()

import asyncio
import time

import gevent
from gevent.event import AsyncResult

from _real_thread_executor import RealThreadExecutor
from _slow_http import slow_http_server
from fetch_asyncio import fetch  # the coroutine of the asyncio version, unchanged

hub = gevent.get_hub()


def run_asyncio(ready, executor):
    """Runs in a real thread: an asyncio loop on the standard library's own selector."""
    loop = asyncio.SelectorEventLoop(monkey.get_original("selectors", "DefaultSelector")())
    if executor is not None:
        loop.set_default_executor(executor)
    # Anything that crosses into the hub's thread goes through the hub's
    # loop.run_callback_threadsafe(), which wakes the hub and runs the call there.
    hub.loop.run_callback_threadsafe(ready.set, loop)
    try:
        loop.run_forever()
    finally:
        loop.close()
        # Patched threads that asyncio started in this thread are greenlets of
        # this thread's hub, which asyncio never lets run. Let it finish them.
        gevent.wait(timeout=1)


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


def ticker(ticks):
    while True:
        ticks.append(time.perf_counter())
        gevent.sleep(0.1)


def fetch_timed(loop, host, port, paths, start):
    """Fetch *paths* on the asyncio thread, giving up after 0.5 s; say when and what."""
    async def fetch_all():
        return await asyncio.gather(*(fetch(host, port, path) for path in paths))
    try:
        bodies = call_async(loop, asyncio.wait_for(fetch_all(), timeout=0.5))
        what = ", ".join(bodies)
    except asyncio.TimeoutError:
        what = "nothing: gave up waiting"
    return f"{time.perf_counter() - start:.1f} s  from {host}: {what}"


def demo(port, executor):
    ready = AsyncResult()
    thread = hub.threadpool.spawn(run_asyncio, ready, executor)  # a real thread from gevent's pool
    loop = ready.get()
    try:
        ticks = []
        start = time.perf_counter()
        tick = gevent.spawn(ticker, ticks)
        jobs = [gevent.spawn(fetch_timed, loop, "127.0.0.1", port, ["/item/1", "/item/2"], start),
                gevent.spawn(fetch_timed, loop, "localhost", port, ["/item/3"], start)]
        gevent.joinall(jobs, timeout=5, raise_error=True)
        end = time.perf_counter()
        tick.kill()
        for job in jobs:
            print("  " + job.value)
        print(f"  ticker ticks meanwhile: {sum(start <= t < end for t in ticks)}")
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.get(timeout=2)


def main():
    with slow_http_server() as (_, port):
        print("asyncio thread, with asyncio's own default executor:")
        demo(port, None)
        print("asyncio thread, with RealThreadExecutor as its default executor:")
        demo(port, RealThreadExecutor())


if __name__ == "__main__":
    main()
