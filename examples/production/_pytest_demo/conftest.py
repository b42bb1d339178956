import gc

import gevent
import pytest
from gevent.pool import Pool
from gevent.server import StreamServer


@pytest.fixture(autouse=True)
def wait_limit(request):
    """Fail any test that waits for more than a second (or its own wait_limit)."""
    marker = request.node.get_closest_marker("wait_limit")
    seconds = marker.args[0] if marker else 1.0
    # The Timeout is raised in this greenlet (the test's) wherever it waits.
    with gevent.Timeout(seconds, AssertionError(f"still waiting after {seconds} s")):
        yield


def running_greenlets():
    """Every gevent.Greenlet that has started and not finished, found by the garbage collector."""
    return {g for g in gc.get_objects() if isinstance(g, gevent.Greenlet) and g and not g.dead}


@pytest.fixture(autouse=True)
def no_leftover_greenlets():
    """Kill the greenlets a test leaves running, and fail that test for it."""
    before = running_greenlets()
    yield
    left = running_greenlets() - before
    if left:
        gevent.killall(left, timeout=1)
        pytest.fail(f"left {len(left)} greenlet(s) running: {sorted(g.name for g in left)}",
                    pytrace=False)


@pytest.fixture
def echo_server():
    """An upper-casing line echo server on 127.0.0.1, on a port the system picks."""
    connected = []

    def handle(sock, address):
        connected.append(address)
        with sock, sock.makefile("rwb") as stream:
            for line in stream:
                stream.write(line.upper())
                stream.flush()

    # Port 0: the system picks a free port. A pool, so that stop() can end
    # handlers that are still running when the test is over.
    server = StreamServer(("127.0.0.1", 0), handle, spawn=Pool(50))
    server.start()
    server.connected = connected
    yield server
    server.stop(timeout=1)  # waits up to 1 s for the handlers, then kills them
