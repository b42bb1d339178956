"""Two actors pass a counter back and forth, and stop themselves after a few rounds."""
import gevent

from _actor import Actor

LAST_BALL = 6


class Player(Actor):
    peer = None

    def receive(self, ball):
        print(f"{self.name}: got ball {ball}")
        if ball < LAST_BALL:
            # Actors never call each other's methods to do work: they send messages.
            self.peer.send(ball + 1)
        else:
            print(f"{self.name}: that was the last ball, stopping us both")
            self.peer.stop()
            self.stop()


ping = Player("ping")
pong = Player("pong")
ping.peer, pong.peer = pong, ping
ping.start()
pong.start()

ping.send(1)  # Serve the first ball.
gevent.joinall([ping, pong])
print(f"main: both actors finished: ping.dead={ping.dead}, pong.dead={pong.dead}")
