"""A large result from a child process: recv() holds the hub while the bytes come in."""

from gevent import monkey

monkey.patch_all()

import multiprocessing  # noqa: E402  (imported after patching)
import time  # noqa: E402

import gevent  # noqa: E402
from gevent.socket import wait_read  # noqa: E402

SIZE = 32 * 2**20  # a 32 MB result: far more than a pipe holds (64 KB on Linux)


def _child(connection):
    connection.send(bytes(SIZE))
    connection.close()


def receive(in_thread):
    reader, writer = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.Process(target=_child, args=(writer,))
    process.start()
    writer.close()
    wait_read(reader.fileno())  # readable: the first bytes are there, not all of them
    begin = time.perf_counter()
    if in_thread:
        result = gevent.get_hub().threadpool.apply(reader.recv)  # a real thread waits
    else:
        result = reader.recv()  # this thread waits, and with it the hub
    end = time.perf_counter()
    process.join()
    reader.close()
    return len(result), begin, end


def ticker(ticks):
    while True:
        ticks.append(time.perf_counter())
        gevent.sleep(0.01)  # a fast ticker: receiving takes only a fraction of a second


if __name__ == "__main__":
    for label, in_thread in (("recv() in the hub's thread", False),
                             ("recv() in a threadpool thread", True)):
        ticks = []
        tick = gevent.spawn(ticker, ticks)
        size, begin, end = gevent.spawn(receive, in_thread).get()
        tick.kill()
        print(f"{label + ':':31} {size // 2**20} MB;",
              f"ticker ticks while receiving: {sum(begin < t < end for t in ticks)}")
