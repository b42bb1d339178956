"""The ``runexample_*`` configuration values: declared, converted, checked.

Every value can be set on the command line with ``-D``, which hands Sphinx
a string; :func:`config_inited` turns those strings into what the runner
needs, and stops the build with a :class:`~sphinx.errors.ConfigError` that
names a bad value.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from sphinx.errors import ConfigError

from .environment import EnvSettings
from .memory import parse_size


def _default_timeout(config) -> float:
    # A callable default, because Sphinx's -D cannot convert a float default.
    return 10.0


def add_config_values(app) -> None:
    add = app.add_config_value
    add("runexample_examples_dir", "examples", "env", types=[str])
    add("runexample_timeout", _default_timeout, "env", types=[int, float])
    add("runexample_workers", 0, "", types=[int])
    add("runexample_alone_workers", 0, "", types=[int])
    add("runexample_cache", True, "", types=[bool])
    add("runexample_execute", True, "", types=[bool])
    add("runexample_max_lines", 200, "html", types=[int])
    add("runexample_max_bytes", 32768, "env", types=[int])
    add("runexample_python", sys.executable, "env", types=[str])
    add("runexample_source_url", None, "env", types=[str, type(None)])
    add("runexample_update_expected", False, "", types=[bool])
    add("runexample_orphans", True, "", types=[bool])
    add("runexample_error_patterns", {}, "env", types=[dict])
    add("runexample_cache_packages", [], "", types=[list, tuple])
    add("runexample_max_memory", "1GiB", "env", types=[str, int])
    add("runexample_pass_env", [], "", types=[list, tuple])
    add("runexample_set_env", {}, "", types=[dict])


def _words(value) -> list[str]:
    """A list from ``-D name=a,b`` or from a list in conf.py."""
    if isinstance(value, str):
        return [w.strip() for w in value.split(",") if w.strip()]
    return list(value)


def config_inited(app, config) -> None:
    number = config.runexample_timeout
    if isinstance(number, str):  # from -D runexample_timeout=...
        try:
            config.runexample_timeout = float(number)
        except ValueError:
            raise ConfigError(
                f"runexample_timeout must be a number of seconds, got {number!r}") from None
    if not 0 < config.runexample_timeout <= 600:
        raise ConfigError(
            f"runexample_timeout must be above 0 and at most 600 seconds, got {number!r}")
    if config.runexample_max_bytes < 1024:
        raise ConfigError(
            f"runexample_max_bytes must be at least 1024, got {config.runexample_max_bytes!r}")
    for meaning, pattern in config.runexample_error_patterns.items():
        try:
            re.compile(pattern, re.M)
        except (re.error, TypeError) as exc:
            raise ConfigError(
                f"runexample_error_patterns[{meaning!r}] is not a regular expression: {exc}") from None
    config.runexample_cache_packages = _words(config.runexample_cache_packages)
    config.runexample_pass_env = _words(config.runexample_pass_env)
    try:
        parse_size(config.runexample_max_memory)
    except ValueError as exc:
        raise ConfigError(f"runexample_max_memory: {exc}") from None
    for name, value in config.runexample_set_env.items():
        if not isinstance(value, str):
            raise ConfigError(f"runexample_set_env[{name!r}] must be a string, got {value!r}")


def env_settings(config) -> EnvSettings:
    """What the examples' environment holds beside the minimum (see :mod:`.environment`)."""
    return EnvSettings(tuple(config.runexample_pass_env),
                       tuple(sorted(config.runexample_set_env.items())))


def examples_dir(app) -> Path:
    """The examples folder, absolute (``runexample_examples_dir`` is relative to conf.py)."""
    return Path(app.confdir, app.config.runexample_examples_dir).resolve()
