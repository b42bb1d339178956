"""The classic tutorial's way to install a signal handler, tried on today's gevent."""

import importlib
import signal

import gevent


def call_old_api():
    """Call gevent.signal with a signal and a handler, as old code did; say what happens."""
    try:
        getattr(gevent, "signal")(signal.SIGTERM, print)
    except (AttributeError, TypeError) as error:
        return f"{type(error).__name__}: {error}"
    return "it worked"


print(f"old call: {call_old_api()}")
# The name now belongs to a submodule, which monkey patching imports, for one.
importlib.import_module("gevent.signal")
print(f"old call, once the submodule gevent.signal is imported: {call_old_api()}")
handler = gevent.signal_handler(signal.SIGTERM, print)
print(f"the new call, gevent.signal_handler(), returns a {type(handler).__module__}."
      f"{type(handler).__name__} object")
handler.cancel()  # Removes the handler again.
