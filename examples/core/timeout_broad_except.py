"""gevent.Timeout is a BaseException: `except Exception` lets it through, a bare `except:` eats it."""

import time

import gevent
from gevent import Timeout

print(f"Timeout is an Exception: {issubclass(Timeout, Exception)}")
print(f"Timeout is a BaseException: {issubclass(Timeout, BaseException)}")


def since(start):
    return f"{time.perf_counter() - start:.1f}s"


def fetch_catching_errors():
    try:
        gevent.sleep(0.5)  # stands in for a reply that takes too long
        return "a reply"
    except Exception as error:  # meant for network errors
        return f"an error, {error!r}"


def fetch_with_retries():
    for attempt in (1, 2):
        try:
            gevent.sleep(0.2)  # this time the reply takes 0.2 seconds
            return f"a reply on attempt {attempt}"
        except:  # noqa: E722 -- a bare except catches BaseException, Timeout too
            print(f"  attempt {attempt} failed, retrying")
    return "nothing"


# 1. The Timeout passes through `except Exception` to the code that set it.
start = time.perf_counter()
try:
    with Timeout(0.1):
        result = fetch_catching_errors()
    print(f"1. except Exception: got {result}")
except Timeout:
    print(f"1. except Exception: let the Timeout through, caught outside after {since(start)}")

# 2. A bare `except:` swallows it: the block goes on, past its limit.
start = time.perf_counter()
with Timeout(0.1):
    result = fetch_with_retries()
print(f"2. bare except: the 0.1s block ended normally after {since(start)}, with {result}")


# 3. An exception class of our own that derives from Exception loses that
#    protection: `except Exception` catches it like any other error.
class TooSlow(Exception):
    pass


start = time.perf_counter()
try:
    with Timeout(0.1, TooSlow):
        result = fetch_catching_errors()
    print(f"3. TooSlow(Exception): got {result} after {since(start)}")
except TooSlow:
    print("3. TooSlow(Exception): caught outside")
