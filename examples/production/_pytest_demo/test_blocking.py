from gevent import monkey

# The real time.sleep, as gevent found it before patching: it blocks the
# whole thread, like a C library that does not know about gevent.
real_sleep = monkey.get_original("time", "sleep")


def test_blocks_the_thread():
    real_sleep(0.6)
