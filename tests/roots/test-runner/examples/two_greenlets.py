import gevent


def worker(name):
    for step in (1, 2):
        print(f"{name} step {step}")
        gevent.sleep(0)


gevent.joinall([gevent.spawn(worker, "a"), gevent.spawn(worker, "b")])
