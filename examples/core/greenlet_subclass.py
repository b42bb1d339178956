"""Subclass Greenlet and override _run() to keep a task and its state together."""

import gevent
from gevent import Greenlet


class Countdown(Greenlet):
    def __init__(self, label, count):
        # Greenlet.__init__ must run, or the greenlet cannot be started.
        super().__init__()
        self.label = label
        self.count = count

    def _run(self):
        # _run() is what the greenlet executes once it has been started.
        while self.count:
            print(f"{self.label}: {self.count}")
            self.count -= 1
            gevent.sleep(0)  # let the other countdown take a turn
        # Whatever _run() returns becomes the greenlet's value.
        return f"{self.label} reached zero"


rocket = Countdown("rocket", 3)
rocket.start()
# The spawn() class method works for subclasses too: it builds and starts.
egg_timer = Countdown.spawn("egg timer", 2)

gevent.joinall([rocket, egg_timer])
print(f"main: {rocket.value!r}, {egg_timer.value!r}")
