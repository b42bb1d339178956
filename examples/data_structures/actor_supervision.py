"""When receive() raises, the actor dies; a supervisor notices and starts a replacement."""
from gevent.event import Event

from _actor import Actor


class Doubler(Actor):
    def receive(self, text):
        # int() raises ValueError for text that is not a number. Nothing here
        # catches it, so it ends this actor's greenlet: "let it crash".
        print(f"{self.name}: {text} doubled is {int(text) * 2}")


class Supervisor:
    """Restarts a crashed actor on the same inbox, up to max_restarts times."""

    def __init__(self, actor_class, name, max_restarts):
        self.actor_class = actor_class
        self.restarts_left = max_restarts
        self.finished = Event()
        self._start(actor_class(name))

    def _start(self, actor):
        self.actor = actor
        # Links run when the greenlet ends: one for a crash, one for a normal exit.
        actor.link_exception(self._on_crash)
        actor.link_value(lambda _: self.finished.set())
        actor.start()

    def _on_crash(self, dead):
        print(f"supervisor: {dead.name} crashed with {dead.exception!r}")
        if self.restarts_left == 0:
            print("supervisor: no restarts left, giving up")
            self.finished.set()
            return
        self.restarts_left -= 1
        # The new actor takes over the old inbox, so no queued message is lost.
        print(f"supervisor: starting a new {dead.name} on the same inbox")
        self._start(self.actor_class(dead.name, inbox=dead.inbox))


supervisor = Supervisor(Doubler, "doubler", max_restarts=1)
# Senders hold the inbox, not the actor, so they keep working across restarts.
inbox = supervisor.actor.inbox
for text in ["2", "21", "forty", "5"]:
    inbox.put(text)
supervisor.actor.stop()
supervisor.finished.wait()
print("main: all messages handled")
