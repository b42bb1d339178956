"""Patched, redis-py waits for Redis cooperatively: a greenlet waits, not the whole thread."""

from gevent import monkey

monkey.patch_all()  # First, before redis (and the socket module it uses) is imported.

from _fake_redis import blpop_demo

if __name__ == "__main__":
    blpop_demo()
