"""An executor for asyncio in a monkey-patched process (a helper, not an example).

After ``monkey.patch_all()``, the threads of asyncio's own default executor
are greenlets. :class:`RealThreadExecutor` runs each job in a real thread
from gevent's threadpool instead, and hands the result back to the asyncio
loop with ``loop.call_soon_threadsafe()``, which always wakes the loop. Make
it the default with ``loop.set_default_executor(RealThreadExecutor())``;
then ``run_in_executor(None, ...)``, ``asyncio.to_thread()`` and
``loop.getaddrinfo()`` all use it.
"""

import asyncio
import concurrent.futures

import gevent


class RealThreadExecutor(concurrent.futures.ThreadPoolExecutor):
    """Runs jobs in the threadpool of the hub of the thread that creates it.

    It subclasses ThreadPoolExecutor only because loop.set_default_executor()
    accepts nothing else; it uses none of that class's threads.
    """

    def __init__(self):
        super().__init__()
        self._hub = gevent.get_hub()

    def submit(self, fn, /, *args, **kwargs):
        loop = asyncio.get_running_loop()
        # A plain concurrent.futures.Future, which asyncio knows how to await.
        # Only the asyncio thread ever touches it (see _settle), so its lock,
        # a gevent lock once threading is patched, is never shared.
        future = concurrent.futures.Future()

        def call():  # in a real thread
            # An error is caught and passed on, not left for gevent to report.
            try:
                return future.set_result, fn(*args, **kwargs)
            except BaseException as error:
                return future.set_exception, error

        def start():  # a greenlet in the hub's thread
            job = self._hub.threadpool.spawn(call)
            job.rawlink(lambda job: loop.call_soon_threadsafe(_settle, future, *job.value))

        # ThreadPool.spawn() may only be called from its hub's thread, and it
        # may wait for a free thread, so it runs in a greenlet there.
        self._hub.loop.run_callback_threadsafe(gevent.spawn, start)
        return future


def _settle(future, settle, outcome):
    """In the asyncio thread: pass on the job's outcome, unless asyncio gave up on it."""
    if not future.cancelled():
        settle(outcome)
