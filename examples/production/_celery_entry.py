"""A project's own script to start its Celery worker (a helper, not an example).

Projects write one to set things up before the worker starts: logging,
settings, a Django project. With ``--patch-first`` it patches before
anything else, as such a script must for the gevent pool.
"""

import sys

if "--patch-first" in sys.argv:
    from gevent import monkey

    monkey.patch_all()
    sys.argv.remove("--patch-first")

from _celery_app import app  # noqa: E402

if __name__ == "__main__":
    app.worker_main(["worker", "-P", "gevent", "-c", "100", *sys.argv[1:]])
