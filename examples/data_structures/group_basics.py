"""A Group tracks running greenlets so that you can wait for, or kill, all of them."""
import gevent
from gevent.pool import Group


def download(name, seconds):
    print(f"{name}: started")
    try:
        gevent.sleep(seconds)
    except gevent.GreenletExit:
        # kill() raises GreenletExit inside the greenlet, so it can clean up.
        print(f"{name}: killed")
        raise
    print(f"{name}: finished after {seconds}s")


group = Group()
# spawn() creates the greenlet and adds it to the group in one step...
group.spawn(download, "report.pdf", 0.2)
group.spawn(download, "photo.jpg", 0.1)
# ...while add() takes a greenlet that was started elsewhere.
group.add(gevent.spawn(download, "huge.iso", 5.0))
print(f"main: {len(group)} greenlets in the group")

# Wait for the whole group, but no longer than 0.3 s.
group.join(timeout=0.3)
# Finished greenlets leave the group by themselves; only the straggler is left.
print(f"main: after join(timeout=0.3), {len(group)} left in the group")
group.kill()
print(f"main: after kill(), {len(group)} left in the group")
