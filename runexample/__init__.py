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
``:shows-errors:``
    The page shows, on purpose, an error report that
    ``runexample_error_patterns`` would count as a failure.
``:alone:``
    For timing demonstrations: run while no ordinary example runs. Examples
    marked so go first, and share that quiet spell only with each other
    (``runexample_alone_workers`` at a time).
``:args: ARGS``
    Extra command-line arguments (split like a shell would).
``:max-memory: SIZE``
    The memory the script's processes may hold together (``512MiB``; default
    ``runexample_max_memory``).
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
``error_patterns`` (``{}``)
    What a failure looks like in the output, for failures that do not change
    the exit status: ``{"meaning": r"regular expression"}``. A run whose output
    has a line that matches fails, with the meaning in its warning, unless the
    directive says ``:shows-errors:``. This tutorial sets gevent's report of a
    greenlet that died.
``max_memory`` (``"1GiB"``)
    A run whose processes hold more resident memory together is stopped, with
    a warning (Linux; see ``runexample/memory.py``). ``0``: no bound.
``pass_env`` (``[]``) / ``set_env`` (``{}``)
    Variables passed from the build's environment (names and globs) / set, in
    every run's otherwise minimal environment (see ``runexample/environment.py``).
``cache_packages`` (``[]``)
    Distributions whose versions every cached run depends on, whether the
    script imports them or not (the cache always keys on those it imports).

Every value can be set on the command line, for example
``sphinx-build -D runexample_timeout=30`` or ``-D runexample_cache=0``
(a list as ``-D runexample_cache_packages=gevent,greenlet``, a dict entry as
``-D runexample_error_patterns.meaning=regex``).

What other extensions may use is in :mod:`runexample.api`, and exported here.
The modules, one job each:

``config``      the settings: declared, converted from ``-D``, checked
``directive``   the directive, its options, and the placeholder node
``domain``      what each page shows and runs, kept across rebuilds and ``-j``
``scan``        find directives in page sources before Sphinx reads them
``events``      the Sphinx event handlers that start runs and fill in outputs
``render``      a result as doctree nodes
``report``      the table of a build's runs
``builder``     the doctest builder, which checks expectations
``collect``     every run a project asks for, read with Sphinx (for tests)
``pool``        the pool that runs each spec once, and the ``:alone:`` gate
``process``     one run in a fresh interpreter
``environment`` the environment a run gets
``contain``     find and kill what a run left behind
``memory``      the memory bound of each run, children included
``cache``       results on disk, keyed on what they depend on
``interpreter`` what the interpreter that runs the examples is
``records``     ``RunSpec`` and ``RunResult``
``judge``       what is wrong with a run, in words
``expect``      expectations and the checker
``files``       which files are examples; digests
``text``        output bytes to text
``timeline``    greenlet timelines: record in the run, draw at write time
``api``         the names other extensions may use

Only ``config``, ``directive``, ``domain``, ``events``, ``render``,
``report``, ``builder``, ``collect`` and ``api`` import Sphinx.
"""

from __future__ import annotations

from typing import Any

from .api import (CODE_CLASS, ExampleCode, code_blocks, example_scripts, examples_dir, is_example,
                  output_blocks, scripts_run, scripts_shown)
from .records import RunResult, RunSpec

__version__ = "1.1"


def setup(app) -> dict[str, Any]:
    from . import builder, config, events
    from .directive import NAME, RunExample, runexample_output
    from .domain import ExampleDomain

    config.add_config_values(app)
    app.add_directive(NAME, RunExample)
    app.add_node(runexample_output)
    app.add_domain(ExampleDomain)
    app.setup_extension("sphinx.ext.doctest")
    app.add_builder(builder.ExampleDocTestBuilder, override=True)

    # Before Sphinx checks the types of config values (priority 800).
    app.connect("config-inited", config.config_inited, priority=500)
    app.connect("config-inited", add_static)
    app.connect("builder-inited", events.builder_inited)
    app.connect("env-before-read-docs", events.before_read)
    app.connect("env-get-outdated", events.get_outdated)
    app.connect("env-updated", events.env_updated)
    app.connect("doctree-resolved", events.fill_outputs)
    app.connect("build-finished", events.build_finished)
    app.add_css_file("runexample.css")
    app.add_js_file("runexample-timeline.js", defer="defer")
    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def add_static(app, config) -> None:
    from pathlib import Path

    config.html_static_path.append(str(Path(__file__).with_name("static")))


__all__ = ["CODE_CLASS", "ExampleCode", "RunResult", "RunSpec", "__version__", "code_blocks",
           "example_scripts", "examples_dir", "is_example", "output_blocks", "scripts_run",
           "scripts_shown", "setup"]
