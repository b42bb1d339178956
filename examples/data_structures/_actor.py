"""The Actor base class that the actor examples import (not an example by itself)."""
import gevent
from gevent.queue import Queue

# A private marker object: no ordinary message can be mistaken for it.
_STOP = object()


class Actor(gevent.Greenlet):
    """A greenlet with an inbox. It handles its messages one at a time, in order."""

    def __init__(self, name, inbox=None):
        super().__init__()
        self.name = name
        # Passing in an existing inbox lets a replacement actor take over a mailbox.
        self.inbox = Queue() if inbox is None else inbox

    def send(self, message):
        self.inbox.put(message)

    def stop(self):
        """Ask the actor to finish once it has handled the messages sent before."""
        self.inbox.put(_STOP)

    def receive(self, message):
        raise NotImplementedError("a subclass says how to handle a message")

    def _run(self):
        # The whole life of an actor: wait for a message, handle it, repeat.
        while (message := self.inbox.get()) is not _STOP:
            self.receive(message)
