"""runexample: show example scripts in Sphinx pages with the output they really print.

Each example is run during the build, in its own fresh interpreter, and its
output is placed under the code. A broken, hung or silently failing example
is a located warning (so ``-W`` fails the build), and ``sphinx-build -b
doctest`` checks every example against an expectation committed beside it.

Usage, in ``conf.py``::

    extensions = ["runexample"]
    runexample_examples_dir = "examples"   # relative to conf.py

and in a MyST page (reStructuredText works the same way)::

    ```{runexample} core/switching.py
    ```

    ```{runexample} core/switching.py
    :pyobject: worker
    :no-output:
    ```

The first shows the whole script, with a caption linking to the file and
line numbers, followed by an "Output" block. The second shows one function
and does not run anything. A script runs once per build however many
directives show it.

Options:

``:lines:``, ``:pyobject:``, ``:start-at:``, ``:end-at:``, ``:start-after:``,
``:end-before:``, ``:emphasize-lines:``, ``:dedent:``
    Show part of the script, as ``literalinclude`` does. Line numbers of an
    excerpt match the whole file.
``:no-output:`` / ``:no-code:``
    Show only the code (nothing runs) / only the output.
``:timeout: SECONDS``
    Kill the script's whole process group after this long (default
    ``runexample_timeout``).
``:returncode: N``
    The exit status the script should end with (default 0).
``:greenlet-errors:``
    The script shows a greenlet dying on purpose. Without it, gevent's
    "<Greenlet ...> failed with ..." report fails the example even though the
    process exits 0.
``:alone:``
    For timing demonstrations: run while no ordinary example runs. Examples
    marked so go first, and share that quiet spell only with each other
    (``runexample_alone_workers`` at a time).
``:args: ARGS``
    Extra command-line arguments (split like a shell would).
``:timeline: [CAPTION]``
    Record greenlet switches and draw them under the output: a lane per
    greenlet on a time axis, with numbered markers that match numbers beside
    the output lines. The optional text becomes the picture's caption; say
    what to look for in the program.

Configuration (all prefixed ``runexample_``):

``examples_dir`` (``"examples"``)
    Folder of the scripts, relative to the configuration directory.
``timeout`` (``10``)
    Default timeout in seconds.
``workers`` (``0``)
    Size of the pool that runs examples; 0 picks 8 per CPU, at most 32.
``alone_workers`` (``0``)
    How many ``:alone:`` examples may run at once; 0 picks 3 per CPU, and 1
    makes them truly alone.
``cache`` (``True``)
    Keep results under the doctree folder and reuse them while nothing they
    depend on has changed. The environment variable ``RUNEXAMPLE_FRESH=1``
    forces fresh runs for one build.
``execute`` (``True``)
    Off: never run, show cached output only.
``max_lines`` (``200``)
    Longer output is cut on the page, with a note saying so.
``max_bytes`` (``32768``)
    Output beyond this many bytes is not kept: the run notes how much more
    there was. This bounds the page and the cache when a script prints
    megabytes, or one endless line.
``python`` (``sys.executable``)
    The interpreter that runs the examples.
``source_url`` (``None``)
    A format string such as ``"https://github.com/o/r/blob/main/{path}"``;
    adds a "view source" link to each caption.
``orphans`` (``True``)
    Warn about scripts in the examples folder that no page runs (names
    starting with ``_`` are helpers, and exempt).
``update_expected`` (``False``)
    With the doctest builder: rewrite expectations that no longer match.

Every value can be set on the command line, for example
``sphinx-build -D runexample_timeout=30`` or ``-D runexample_cache=0``.
"""

from __future__ import annotations

import sys
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from . import render
from .directive import NAME, RunExample, runexample_output
from .runner import RunSpec

__version__ = "1.0"

logger = logging.getLogger(__name__)


def _default_timeout(config) -> float:
    return 10.0

def setup(app: Sphinx) -> dict[str, Any]:
    from . import builder, events

    app.add_config_value("runexample_examples_dir", "examples", "env", types=[str])
    # A callable default, because Sphinx's -D cannot convert a float default;
    # events.config_inited turns a -D string into a number.
    app.add_config_value("runexample_timeout", _default_timeout, "env", types=[int, float])
    app.add_config_value("runexample_workers", 0, "", types=[int])
    app.add_config_value("runexample_alone_workers", 0, "", types=[int])
    app.add_config_value("runexample_cache", True, "", types=[bool])
    app.add_config_value("runexample_execute", True, "", types=[bool])
    app.add_config_value("runexample_max_lines", 200, "html", types=[int])
    app.add_config_value("runexample_max_bytes", 32768, "env", types=[int])
    app.add_config_value("runexample_python", sys.executable, "env", types=[str])
    app.add_config_value("runexample_source_url", None, "env", types=[str, type(None)])
    app.add_config_value("runexample_update_expected", False, "", types=[bool])
    app.add_config_value("runexample_orphans", True, "", types=[bool])

    app.add_directive(NAME, RunExample)
    app.add_node(runexample_output)
    app.setup_extension("sphinx.ext.doctest")
    app.add_builder(builder.ExampleDocTestBuilder, override=True)

    # Before Sphinx checks the types of config values (priority 800).
    app.connect("config-inited", events.config_inited, priority=500)
    app.connect("builder-inited", events.builder_inited)
    app.connect("env-before-read-docs", events.before_read)
    app.connect("env-purge-doc", events.purge_doc)
    app.connect("env-merge-info", events.merge_info)
    app.connect("env-get-outdated", events.get_outdated)
    app.connect("env-updated", events.env_updated)
    app.connect("doctree-resolved", render.fill_outputs)
    app.connect("build-finished", events.build_finished)
    app.add_css_file("runexample.css")
    app.add_js_file("runexample-timeline.js", defer="defer")
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


__all__ = ["setup", "RunSpec", "__version__"]
