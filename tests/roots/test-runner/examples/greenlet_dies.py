import gevent


def broken():
    raise KeyError("lost")


gevent.spawn(broken).join()
print("main carries on and exits 0")
