"""A pytest plugin that only patches. Load it with ``-p gevent_patch``.

pytest imports ``-p`` plugins before the plugins it finds installed and
before any conftest.py, so this runs before most other code is imported.
"""

from gevent import monkey

monkey.patch_all()
