"""gevent.local.local: one object, a separate set of attributes in every greenlet."""
import gevent
from gevent.local import local


class RequestState(local):
    # __init__ runs again in each greenlet the first time it touches the object,
    # so every greenlet starts from these defaults.
    def __init__(self):
        self.user = "anonymous"


state = RequestState()


def handle(user):
    state.user = user
    print(f"{user}: set state.user")
    # Let the other greenlets run and set state.user to their own values.
    gevent.sleep(0)
    print(f"{user}: state.user is still {state.user!r}")


def background_job():
    # This greenlet never assigns state.user, so it sees the default.
    print(f"background job: state.user is {state.user!r}")


state.user = "admin"
gevent.joinall([
    gevent.spawn(handle, "alice"),
    gevent.spawn(handle, "bob"),
    gevent.spawn(background_job),
])
print(f"main: state.user is {state.user!r}")
