"""A greenlet's state: bool(g), dead, ready(), successful(), value, exception and get()."""

from pathlib import Path

import gevent


def win():
    return "you win"


def fail():
    raise ValueError("you fail")


def show(moment, greenlets):
    print(f"main: {moment}")
    for name, g in greenlets.items():
        print(
            f"  {name}: bool(g)={bool(g)}, dead={g.dead}, ready()={g.ready()}, "
            f"successful()={g.successful()}, value={g.value!r}, exception={g.exception!r}"
        )


greenlets = {"winner": gevent.spawn(win), "loser": gevent.spawn(fail)}
show("right after spawn", greenlets)

# The loser's exception stays inside the loser: joinall() does not raise it,
# but the hub prints its traceback when it happens.
gevent.joinall(greenlets.values())
show("after joinall()", greenlets)

# get() returns the value, or raises the exception the greenlet died of.
print(f"main: winner.get() returned {greenlets['winner'].get()!r}")
try:
    greenlets["loser"].get()
except ValueError as error:
    print(f"main: loser.get() raised {error!r}")

# Older code asks g.started. gevent keeps it, but its source marks it deprecated.
source = (Path(gevent.__file__).parent / "greenlet.py").read_text().splitlines()
at = next(n for n, line in enumerate(source) if "def started(self):" in line)
print("main: Greenlet.started in gevent's source:", " ".join(s.strip() for s in source[at:at + 3]))
