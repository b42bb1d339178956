"""The environment an example runs with.

Nothing here imports Sphinx.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Folder holding the ``sitecustomize`` that every example interpreter loads.
CHILD_DIR = Path(__file__).with_name("_child")

#: What the runner sets in every run, whatever the build's environment says.
FIXED = {
    "PYTHONHASHSEED": "0",
    "PYTHONUNBUFFERED": "1",
    "PYTHONIOENCODING": "utf-8",
    "PYTHONDONTWRITEBYTECODE": "1",
    "NO_COLOR": "1",
}


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of one run: the build's, less the runner's own variables,
    with :data:`FIXED`, the start-up hook's folder first on ``PYTHONPATH``, and
    *extra* (the run's markers and record paths)."""
    env = dict(os.environ)
    for name in list(env):
        if name.startswith("RUNEXAMPLE_") or name in ("PYTHONSTARTUP", "PYTHONINSPECT"):
            del env[name]
    env.update(FIXED)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(CHILD_DIR), os.environ.get("PYTHONPATH", "")) if p)
    env.update(extra or {})
    return env
