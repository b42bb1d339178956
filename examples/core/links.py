"""Run code when a greenlet finishes: link(), link_value() and link_exception()."""

import gevent


def fetch(host, seconds, fails):
    gevent.sleep(seconds)
    if fails:
        raise ConnectionError(f"{host} refused the connection")
    return f"<html from {host}>"


def log_finished(g):
    print(f"link: {g.name} finished, successful()={g.successful()}")


def use_value(g):
    print(f"link_value: {g.name} returned {g.value!r}")


def report_error(g):
    print(f"link_exception: {g.name} failed with {g.exception!r}")


jobs = []
for host, seconds, fails in [("alpha.test", 0.1, False), ("beta.test", 0.2, True)]:
    job = gevent.spawn(fetch, host, seconds, fails)
    job.name = f"fetch {host}"  # gevent uses the name in its own messages too
    # link() fires in every case, link_value() only on success, and
    # link_exception() only on failure. Each callback gets the greenlet.
    job.link(log_finished)
    job.link_value(use_value)
    job.link_exception(report_error)
    jobs.append(job)

gevent.joinall(jobs)
print("main: every job has finished")
