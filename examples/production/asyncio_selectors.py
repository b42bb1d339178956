"""One thread, both libraries: an asyncio loop inside a greenlet, and what its selector decides."""

from gevent import monkey

monkey.patch_all()  # among much else: selectors.DefaultSelector becomes gevent's

import asyncio
import selectors
import time

import gevent

start = time.perf_counter()


def say(text):
    print(f"  {time.perf_counter() - start:.1f} s  {text}")


def ticker():
    for _ in range(3):
        say("greenlet: tick")
        gevent.sleep(0.1)


async def waits():
    await asyncio.sleep(0.3)
    say("coroutine: slept 0.3 s")


def run_both(selector):
    global start
    print(f"asyncio on {type(selector).__module__}.{type(selector).__name__}:")
    start = time.perf_counter()
    tick = gevent.spawn(ticker)
    gevent.sleep(0)  # let the ticker start first
    loop = asyncio.SelectorEventLoop(selector)
    try:
        loop.run_until_complete(waits())  # the loop runs in this (the main) greenlet
    finally:
        loop.close()
    tick.join()


if __name__ == "__main__":
    # The selector that the standard library would have used: its select()
    # blocks the whole thread, so no greenlet runs while asyncio waits.
    run_both(monkey.get_original("selectors", "DefaultSelector")())
    # The patched default: it waits through gevent's hub, so greenlets run.
    run_both(selectors.DefaultSelector())
