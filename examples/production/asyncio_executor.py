"""asyncio inside a greenlet, with an executor of real threads: results come back at once."""

from gevent import monkey

monkey.patch_all()

import asyncio
import ctypes
import socket
import time

import gevent

from _real_thread_executor import RealThreadExecutor

libc = ctypes.CDLL(None)  # the C library: its usleep() is a wait gevent cannot patch


def ticker(ticks):
    while True:
        ticks.append(time.perf_counter())
        gevent.sleep(0.1)


async def main():
    loop = asyncio.get_running_loop()  # on gevent's selector, in the main greenlet
    loop.set_default_executor(RealThreadExecutor())
    start = time.perf_counter()
    ticks = []
    tick = gevent.spawn(ticker, ticks)

    async def done(label, job):
        # wait_for() bounds the wait: a result that never came would show as
        # a TimeoutError after 2 s, instead of a script that never ends.
        result = await asyncio.wait_for(job, timeout=2)
        print(f"{time.perf_counter() - start:.1f} s  {label} {result}")

    async def lookup(host):
        found = await loop.getaddrinfo(host, 80, family=socket.AF_INET, type=socket.SOCK_STREAM)
        return found[0][4][0]

    await asyncio.gather(
        done("asyncio.to_thread(libc.usleep, 300_000) returned",
             asyncio.to_thread(libc.usleep, 300_000)),
        done("loop.getaddrinfo('localhost', 80) found", lookup("localhost")),
    )
    tick.kill()
    print(f"ticker ticks meanwhile: {len(ticks)}")


asyncio.run(main())
