"""Sizing the hub's threadpool: before its first use, or through maxsize."""

import gevent

# gevent.config holds gevent's settings, and the threadpool's size is not one
# of them. Config accepts any attribute it does not know, so this line raises
# nothing, and changes nothing.
gevent.config.threadpool_size = 4
settings = [name for name in dir(gevent.config) if "threadpool" in name]
print(f"gevent.config's threadpool settings: {', '.join(settings)}")

hub = gevent.get_hub()
print(f"hub.threadpool_size, the default: {hub.threadpool_size}")

# The hub creates its pool on first use (a DNS lookup is one), with its
# threadpool_size at that moment.
hub.threadpool_size = 20
print(f"set to 20 before first use: maxsize {hub.threadpool.maxsize}")
hub.threadpool_size = 30
print(f"set to 30 after first use:  maxsize {hub.threadpool.maxsize}, too late")

# The pool's own maxsize works at any time.
hub.threadpool.maxsize = 30
print(f"hub.threadpool.maxsize = 30: maxsize {hub.threadpool.maxsize}")
