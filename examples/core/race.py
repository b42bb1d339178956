"""Greenlets can still race: a yield between a check and an update lets others in."""

import gevent
from gevent.lock import Semaphore

balance = 100  # shared by every greenlet, like any module-level state
balance_lock = Semaphore()


def withdraw(name, amount):
    global balance
    if balance < amount:
        print(f"{name}: refused, the balance is only {balance}")
        return
    print(f"{name}: the balance is {balance}, enough for {amount}")
    # Asking the bank's server takes a while, and waiting for it yields:
    # another greenlet can run, and can change the balance, right here.
    gevent.sleep(0.01)
    balance -= amount
    print(f"{name}: took {amount}, the balance is now {balance}")


def withdraw_locked(name, amount):
    # Only one greenlet at a time can hold the lock, so the check and the
    # update happen together, even with a yield between them.
    with balance_lock:
        withdraw(name, amount)


for func in (withdraw, withdraw_locked):
    balance = 100
    print(f"main: two customers take 80 each, using {func.__name__}()")
    gevent.joinall([gevent.spawn(func, "alice", 80), gevent.spawn(func, "bob", 80)])
    print(f"main: final balance {balance}")
