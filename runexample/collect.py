"""Find every example run the pages ask for, by reading them with Sphinx.

Used by the test suite to run each example with exactly the options its page
gives it (``:returncode:``, ``:args:``, ...), without building any HTML::

    from runexample.collect import collect
    uses = collect("path/to/project")   # {RunSpec: [(docname, lineno), ...]}
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from .records import RunSpec


def collect(confdir: str | Path, srcdir: str | Path | None = None) -> dict[RunSpec, list[tuple[str, int]]]:
    """Read the project at *confdir* with nothing executed; return each run spec and where it is used."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

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
        return domain(app.env).all_runs()
