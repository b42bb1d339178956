"""A project's Celery settings module (a helper, not an example): it picks the gevent pool."""

worker_pool = "gevent"
