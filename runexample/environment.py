"""The environment an example runs with: a small, clean one, never the build's.

A build runs on a developer's laptop, in CI and on Read the Docs, and its
environment may hold tokens, passwords in proxy URLs, cloud keys. An example
that prints its environment, or a library that logs its configuration,
would put them on a public page. So a run starts from nothing and gets:

* from the build's environment, only :data:`PASSED` (where set) and what the
  project names in ``runexample_pass_env`` (names or globs, as tox's
  ``pass_env``);
* a ``HOME`` of its own: an empty folder that is removed with the run;
* what the project sets in ``runexample_set_env`` (as tox's ``set_env``);
* what the runner itself sets: :data:`FIXED`, its start-up hook's folder on
  ``PYTHONPATH``, and the run's markers.

Nothing here imports Sphinx.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
from pathlib import Path

#: Folder holding the ``sitecustomize`` that every example interpreter loads.
CHILD_DIR = Path(__file__).with_name("_child")

#: Passed from the build's environment, where set: where programs are, the
#: locale and time zone (which shape what a script prints), the temporary folder.
PASSED = ("PATH", "LANG", "LC_*", "TZ", "TMPDIR")

#: Their values say where things are on this machine, not what a run does:
#: left out of the cache key, so that another shell or machine reuses the cache.
MACHINE = ("PATH", "TMPDIR")

#: What the runner sets in every run, whatever the settings say.
FIXED = {
    "PYTHONHASHSEED": "0",
    "PYTHONUNBUFFERED": "1",
    "PYTHONIOENCODING": "utf-8",
    "PYTHONDONTWRITEBYTECODE": "1",
    "NO_COLOR": "1",
}


@dataclasses.dataclass(frozen=True)
class EnvSettings:
    """A project's ``runexample_pass_env`` and ``runexample_set_env``."""

    pass_env: tuple[str, ...] = ()  #: names and globs of variables to pass on
    set_env: tuple[tuple[str, str], ...] = ()  #: (name, value) to set

    def passes(self, name: str) -> bool:
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in (*PASSED, *self.pass_env))

    def common(self, environ: dict[str, str] | None = None) -> dict[str, str]:
        """Every run's environment, before its own ``HOME`` and markers."""
        environ = os.environ if environ is None else environ
        env = {name: value for name, value in environ.items() if self.passes(name)}
        env.update(self.set_env)
        env.update(FIXED)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(CHILD_DIR), env.get("PYTHONPATH", "")) if p)
        return env

    def key(self, environ: dict[str, str] | None = None) -> dict[str, str]:
        """What the cache keys on: :meth:`common`, without this machine's
        folders (:data:`MACHINE`) and the start-up hook's place."""
        env = self.common(environ)
        env["PYTHONPATH"] = env["PYTHONPATH"].replace(str(CHILD_DIR), "<runexample>", 1)
        return {name: ("<this machine's>" if name in MACHINE else value)
                for name, value in sorted(env.items())}


def child_env(settings: EnvSettings | None = None, home: str | None = None,
              extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of one run: :meth:`EnvSettings.common`, its *home*,
    and *extra* (the run's markers and record paths)."""
    env = (settings or EnvSettings()).common()
    if home:
        env["HOME"] = home
    env.update(extra or {})
    return env
