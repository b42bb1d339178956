"""An RLock can be taken again by the greenlet that holds it; a plain lock cannot."""
import gevent
from gevent.lock import BoundedSemaphore, RLock


class Account:
    def __init__(self, lock):
        self.lock = lock
        self.balance = 0

    def deposit(self, amount):
        with self.lock:
            gevent.sleep(0.1)  # Saving to the database yields.
            self.balance += amount

    def deposit_all(self, amounts):
        # Hold the lock across all deposits so nobody sees a half-done batch.
        # deposit() takes the same lock again, from the same greenlet.
        with self.lock:
            for amount in amounts:
                self.deposit(amount)


# With a non-reentrant lock the nested acquire waits for ourselves: forever.
try:
    with gevent.Timeout(0.3):
        Account(BoundedSemaphore(1)).deposit_all([10, 20])
except gevent.Timeout:
    print("BoundedSemaphore: deposit_all() was stuck on its own lock, gave up after 0.3s")

account = Account(RLock())


def auditor():
    print("auditor: waiting for the lock")
    with account.lock:
        print(f"auditor: balance is {account.balance}")


checker = gevent.spawn(auditor)
account.deposit_all([10, 20])
print("main: deposit_all() finished")
checker.join()
