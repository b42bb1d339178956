import gevent

ticks = []


def poll_forever():
    while True:
        ticks.append("tick")
        gevent.sleep(0.01)


def test_starts_a_poller():
    # A bug on purpose: a background greenlet that nothing ever stops.
    poller = gevent.spawn(poll_forever)
    poller.name = "poller"
    gevent.sleep(0.05)
    assert ticks


def test_runs_after_it():
    ticks.clear()
    gevent.sleep(0.05)
    assert ticks == []  # nothing the previous test started runs on into this one
