"""Two workers share a queue."""

import time

import gevent
from gevent.queue import Queue

tasks = Queue()


class Worker:
    def __init__(self, name):
        self.name = name

    def run(self):
        while not tasks.empty():
            item = tasks.get()
            gevent.sleep(0)
            print(self.name, "did", item)


def main():
    for n in range(4):
        tasks.put(n)
    started = time.perf_counter()
    gevent.joinall([gevent.spawn(Worker(name).run) for name in "ab"])
    assert time.perf_counter() - started < 1


main()
