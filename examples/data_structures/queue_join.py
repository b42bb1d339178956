"""Queue.task_done() and Queue.join() wait for work to be finished, not just taken."""
import gevent
from gevent.queue import Queue, ShutDown

# Since gevent 25.4.1 every Queue can be joined; JoinableQueue is another name for it.
tasks = Queue()


def worker(name):
    while True:
        try:
            task = tasks.get()
        except ShutDown:
            # shutdown() wakes every blocked get() with this exception.
            print(f"{name}: queue shut down, exiting")
            return
        print(f"{name}: took {task}")
        gevent.sleep(0.1)
        print(f"{name}: finished {task}")
        # Without this call, join() below would wait forever.
        tasks.task_done()


workers = [gevent.spawn(worker, name) for name in ("w1", "w2", "w3")]
for task in "abcde":
    tasks.put(task)

# join() returns when every item put so far has been marked done.
tasks.join()
print(f"main: join() returned, {tasks.unfinished_tasks} unfinished tasks")
tasks.shutdown()
gevent.joinall(workers)
