"""set_exception() hands an error to the waiting greenlet, where get() raises it."""
import gevent
from gevent.event import AsyncResult


def parse_port(text, result):
    # The producer catches its own error and passes it on, instead of dying with it.
    try:
        port = int(text)
    except ValueError as exc:
        print(f"producer: cannot parse {text!r}, calling set_exception()")
        result.set_exception(exc)
    else:
        print(f"producer: parsed {text!r}, calling set({port})")
        result.set(port)


def consumer(text):
    result = AsyncResult()
    gevent.spawn(parse_port, text, result)
    try:
        # get() either returns the value or raises the exception that was set.
        port = result.get()
    except ValueError as exc:
        print(f"consumer: get() raised ValueError: {exc}")
        print(f"consumer: successful()={result.successful()}, "
              f"exception={result.exception!r}")
    else:
        print(f"consumer: get() returned {port}")


consumer("8080")
consumer("eighty")
