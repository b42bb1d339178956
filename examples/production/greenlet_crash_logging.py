"""A greenlet's crash goes to stderr, not to logging, unless you route it there."""

import io
import logging

import gevent
from gevent.hub import HubDestroyed


class Collect(logging.Handler):
    """Stands for your log shipper or error tracker: it keeps every record."""

    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


collected = Collect()
logging.basicConfig(level=logging.INFO, handlers=[collected])
log = logging.getLogger("service")


def charge(order):
    log.info("charging order %s", order)
    return 100 // (order - 7)  # a bug: order 7 divides by zero


def crash_once(label):
    """Run one crashing greenlet; say where its traceback went."""
    hub = gevent.get_hub()
    hub.exception_stream = stream = io.StringIO()  # stands for stderr, to look at it
    before = len(collected.records)
    gevent.spawn(charge, 7).join()
    errors = [r for r in collected.records[before:] if r.levelno >= logging.ERROR]
    printed = stream.getvalue().strip().splitlines()
    print(f"{label}:")
    # Its last line, without the time in front: which greenlet failed, with what.
    print(f"  the hub printed: {printed[-1].split(' ', 1)[1] if printed else 'nothing'}")
    print(f"  error records in logging: {len(errors)}")
    for record in errors:
        etype, value, _ = record.exc_info
        print(f"    {record.levelname} {record.name}: {record.getMessage()}")
        print(f"    exc_info: {etype.__name__}: {value}")


def route_greenlet_errors_to_logging(hub, logger):
    """Log what the hub would print about a failed greenlet; leave the rest to it."""
    print_it = hub.handle_error  # the hub's own handler, bound to this hub

    def handle_error(context, type, value, tb):
        # gevent's rule for this hook: it must never raise.
        try:
            if (context is None or type is HubDestroyed
                    or issubclass(type, hub.SYSTEM_ERROR + hub.NOT_ERROR)):
                return print_it(context, type, value, tb)  # gevent's own handling
            logger.error("greenlet failed: %s", hub.format_context(context),
                         exc_info=(type, value, tb))
        except Exception:  # logging itself failed: print after all
            return print_it(context, type, value, tb)

    hub.handle_error = handle_error


crash_once("by default")
route_greenlet_errors_to_logging(gevent.get_hub(), logging.getLogger("gevent.greenlets"))
crash_once("with handle_error routed to logging")
