"""Without monkey patching, redis-py's socket blocks the whole thread while Redis makes it wait."""

from _fake_redis import blpop_demo

if __name__ == "__main__":
    blpop_demo()
