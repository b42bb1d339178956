"""contextvars under gevent: every greenlet runs in a context of its own."""
import contextvars

import gevent

request_id = contextvars.ContextVar("request_id", default="-")


def log(message):
    # Code deep in a call stack can read the current request's id without
    # it being passed down as an argument.
    print(f"[{request_id.get()}] {message}")


def handle(rid):
    request_id.set(rid)
    log("start")
    gevent.sleep(0)  # The other handlers run and set their own ids.
    log("finish")


request_id.set("main")
gevent.joinall([gevent.spawn(handle, "req-1"), gevent.spawn(handle, "req-2")])
log("main is unaffected by what the greenlets set")

# A new greenlet starts with an empty context: it does not inherit "main".
gevent.spawn(log, "plain spawn").join()
# To hand the current values to a greenlet, run it inside a copy of this context.
gevent.spawn(contextvars.copy_context().run, log, "spawn with a copied context").join()
