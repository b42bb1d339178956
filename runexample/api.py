"""What other Sphinx extensions may use of runexample.

These names are the runner's promise to the extensions around it (this
tutorial's zips and code links use nothing else); the rest of the package
may change between versions. Import them from the package::

    import runexample

    root = runexample.examples_dir(app)
    for page, scripts in runexample.scripts_shown(app.env).items(): ...
    for block in runexample.code_blocks(doctree): ...
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, NamedTuple

from docutils import nodes

from .config import examples_dir
from .directive import CODE_CLASS
from .domain import domain
from .files import example_scripts, is_example
from .render import OUTPUT_CLASS


def scripts_shown(env) -> dict[str, set[str]]:
    """Each page that shows example scripts (code, output or both) -> those
    scripts, relative to :func:`examples_dir`, with ``/`` separators."""
    return domain(env).shown()


class ExampleCode(NamedTuple):
    """A code block showing an example script, where it comes from."""

    node: nodes.literal_block
    path: Path  #: the script
    first_line: int  #: the line of the script that the block's first line is


def scripts_run(env) -> dict[str, list[tuple[str, int]]]:
    """Each page that shows the output of example scripts -> (script, line of
    its directive) for each output, in page order."""
    return {doc: [(spec.script, line) for spec, line in sorted(runs, key=lambda r: r[1])]
            for doc, runs in domain(env).data["runs"].items() if runs}


def output_blocks(doctree: nodes.Node) -> Iterator[tuple[nodes.container, str]]:
    """Every block in a *written* page (from ``doctree-resolved`` at a priority
    above 500) that shows a run's output, with its script."""
    for block in doctree.findall(nodes.container):
        if OUTPUT_CLASS in block["classes"] and "runexample_script" in block:
            yield block, block["runexample_script"]


def code_blocks(doctree: nodes.Node) -> Iterator[ExampleCode]:
    """Every block in *doctree* that shows (part of) an example script."""
    for block in doctree.findall(nodes.literal_block):
        if CODE_CLASS in block["classes"]:
            start = block.get("highlight_args", {}).get("linenostart", 1)
            yield ExampleCode(block, Path(block["source"]), start)


__all__ = ["CODE_CLASS", "ExampleCode", "code_blocks", "example_scripts", "examples_dir",
           "is_example", "output_blocks", "scripts_run", "scripts_shown"]
