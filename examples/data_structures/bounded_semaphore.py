"""BoundedSemaphore refuses a release() without a matching acquire(); Semaphore does not."""
from gevent.lock import BoundedSemaphore, Semaphore

plain = Semaphore(1)
plain.acquire()
plain.release()
# A buggy extra release: the plain semaphore silently grows to 2 permits,
# so from now on two greenlets can be inside a section meant for one.
plain.release()
print(f"Semaphore: after an extra release(), counter = {plain.counter}")

bounded = BoundedSemaphore(1)
bounded.acquire()
bounded.release()
try:
    bounded.release()
except ValueError as exc:
    # The bug shows up at once, at the line that caused it.
    print(f"BoundedSemaphore: extra release() raised ValueError: {exc}")
print(f"BoundedSemaphore: counter is still {bounded.counter}")
