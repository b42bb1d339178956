"""A bounded Queue (maxsize) makes a fast producer wait until the consumer catches up."""
import gevent
from gevent.queue import Queue

# Room for two items only: a put() on a full queue blocks the producer.
tasks = Queue(maxsize=2)


def producer():
    for task in range(1, 6):
        tasks.put(task)
        print(f"producer: put {task}, queue holds {tasks.qsize()}")
    # A sentinel tells the consumer that no more work will come.
    tasks.put(None)
    print("producer: done")


def consumer():
    while (task := tasks.get()) is not None:
        print(f"consumer: took {task}")
        # Each task takes 0.1 s, far longer than a put() does.
        gevent.sleep(0.1)
    print("consumer: no more work")


gevent.joinall([gevent.spawn(producer), gevent.spawn(consumer)])
