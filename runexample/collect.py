"""Find every example run the pages ask for, by reading them with Sphinx.

Used by the test suite and the version matrix to run each example with
exactly the options its page gives it (``:returncode:``, ``:args:``, ...),
and the project's settings, without building any HTML::

    from runexample.collect import collect, read_project
    uses = collect("path/to/project")   # {RunSpec: [(docname, lineno), ...]}
    project = read_project("path/to/project")  # the same, and the settings
"""

from __future__ import annotations

import dataclasses
import io
import tempfile
from pathlib import Path

from .environment import EnvSettings
from .records import RunSpec


@dataclasses.dataclass
class Project:
    """What a project asks the runner to do, as its pages and ``conf.py`` say."""

    uses: dict[RunSpec, list[tuple[str, int]]]  #: each run, and where it is used
    examples_dir: Path
    env: EnvSettings
    cache_packages: tuple[str, ...]


def read_project(confdir: str | Path, srcdir: str | Path | None = None) -> Project:
    """Read the project at *confdir* with nothing executed."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    from .config import env_settings, examples_dir
    from .domain import domain

    # docutils_namespace() undoes the global registrations Sphinx makes, so
    # that a later Sphinx application in this process starts clean.
    with tempfile.TemporaryDirectory(prefix="runexample-collect-") as tmp, docutils_namespace():
        app = Sphinx(
            srcdir=str(srcdir or confdir),
            confdir=str(confdir),
            outdir=str(Path(tmp, "out")),
            doctreedir=str(Path(tmp, "doctrees")),
            buildername="dummy",
            confoverrides={"runexample_execute": False, "runexample_orphans": False},
            status=None,
            warning=io.StringIO(),
            freshenv=True,
        )
        app.build()
        return Project(domain(app.env).all_runs(), examples_dir(app), env_settings(app.config),
                       tuple(app.config.runexample_cache_packages))


def collect(confdir: str | Path, srcdir: str | Path | None = None) -> dict[RunSpec, list[tuple[str, int]]]:
    """Read the project at *confdir* with nothing executed; return each run spec and where it is used."""
    return read_project(confdir, srcdir).uses
