"""The ways to start a greenlet, and to pass arguments to it."""

import functools
import time

import gevent
from gevent import Greenlet

start = time.perf_counter()


def greet(name, greeting="hello"):
    print(f"{name}: {greeting}, at {time.perf_counter() - start:.1f}s")
    return name


# gevent.spawn(function, *args, **kwargs) creates a greenlet and schedules it.
first = gevent.spawn(greet, "gevent.spawn")
# Greenlet.spawn is the same, as a class method; keyword arguments work too.
second = Greenlet.spawn(greet, "Greenlet.spawn", greeting="hi")
# Creating a Greenlet does not schedule it: it waits until start() is called.
third = Greenlet(greet, "Greenlet + start")
third.start()
# spawn_later(seconds, ...) waits that long before it starts the greenlet.
fourth = gevent.spawn_later(0.2, greet, "spawn_later(0.2)")
# Anything callable will do, such as a partial or a lambda.
fifth = gevent.spawn(functools.partial(greet, "partial", greeting="hey"))
sixth = gevent.spawn(lambda: greet("lambda", greeting="howdy"))

greenlets = [first, second, third, fourth, fifth, sixth]
print(f"main: {len(greenlets)} greenlets created, none has run yet")
gevent.joinall(greenlets)
print(f"main: their values: {[g.value for g in greenlets]}")
