"""The ``runexample`` directive and the nodes it leaves in the doctree."""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Any, Callable, NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.directives.code import LiteralIncludeReader
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import set_source_info

from .domain import domain
from .memory import parse_size
from .records import RunSpec

try:  # Sphinx 8.1 and later
    from sphinx.util._lines import parse_line_num_spec
except ImportError:  # pragma: no cover
    from sphinx.util import parselinenos as parse_line_num_spec

logger = logging.getLogger(__name__)

NAME = "runexample"
#: The class on every code block that shows an example (see :mod:`.api`).
CODE_CLASS = "runexample-code"


class runexample_output(nodes.General, nodes.Element):
    """Stands where a script's output goes until the run is done.

    ``spec`` holds the :class:`RunSpec` as a dict, so the doctree pickles
    cleanly; the output itself is filled in when the page is written.
    """


class ExampleError(Exception):
    """Bad input to the directive; becomes a located warning."""


class _Unknown(NamedTuple):
    name: str


class _Options(dict):
    """An option spec that accepts every name, so that an unknown option can be
    reported by this directive, naming the script, instead of by the parser."""

    def __getitem__(self, name: str) -> Callable[[Any], Any]:
        if dict.__contains__(self, name):
            return dict.__getitem__(self, name)
        return lambda value: _Unknown(name)

    def __contains__(self, name: object) -> bool:
        return True


#: Options that select part of the script, with their literalinclude meaning.
EXCERPT = {
    "lines": directives.unchanged_required,
    "pyobject": directives.unchanged_required,
    "start-at": directives.unchanged_required,
    "end-at": directives.unchanged_required,
    "start-after": directives.unchanged_required,
    "end-before": directives.unchanged_required,
    "emphasize-lines": directives.unchanged_required,
    "dedent": directives.unchanged,
}

#: Options that change how the script runs: they are part of its :class:`RunSpec`.
#: Values are checked by :func:`spec_from_options`, which names the script.
RUN = {
    "timeout": directives.unchanged,
    "returncode": directives.unchanged,
    "shows-errors": directives.flag,
    "alone": directives.flag,
    "args": directives.unchanged,
    "timeline": directives.unchanged,  # optional text: the picture's caption
    "max-memory": directives.unchanged,
}

SHOW = {
    "no-output": directives.flag,
    "no-code": directives.flag,
    "name": directives.unchanged,
    "class": directives.class_option,
}


def resolve_script(examples_dir: Path, argument: str) -> tuple[str, Path]:
    """Check *argument* names a script inside *examples_dir*; return (relative, absolute)."""
    arg = argument.strip()
    if not arg:
        raise ExampleError("no script named; give a path relative to the examples folder")
    if os.path.isabs(arg) or arg.startswith(("/", "\\")):
        raise ExampleError(f"{arg!r} is an absolute path; give a path relative to the examples folder")
    root = examples_dir.resolve()
    path = (root / arg).resolve()
    if root != path and root not in path.parents:
        raise ExampleError(f"{arg!r} is outside the examples folder ({root})")
    if not path.is_file():
        raise ExampleError(f"{arg!r}: no such file in the examples folder ({root})")
    if path.suffix != ".py":
        raise ExampleError(f"{arg!r} is not a Python script (.py)")
    return path.relative_to(root).as_posix(), path


def spec_from_options(script: str, options: dict[str, Any], config: Any) -> RunSpec:
    """Build the :class:`RunSpec` for *script* from directive options and the
    ``runexample_*`` values of *config* (the defaults)."""
    timeout = float(config.runexample_timeout)
    if "timeout" in options:
        raw = options["timeout"]
        try:
            timeout = float(raw)
        except (TypeError, ValueError):
            raise ExampleError(f"bad :timeout: {raw!r} for {script}: give a number of seconds") from None
        if not 0 < timeout <= 600:
            raise ExampleError(f"bad :timeout: {raw!r} for {script}: it must be above 0 and at most 600 seconds")
    returncode = 0
    if "returncode" in options:
        raw = options["returncode"]
        try:
            returncode = int(str(raw).strip())
        except ValueError:
            raise ExampleError(f"bad :returncode: {raw!r} for {script}: give an integer exit status") from None
    try:
        max_memory = parse_size(options.get("max-memory") or config.runexample_max_memory)
    except ValueError as exc:
        raise ExampleError(f"bad :max-memory: for {script}: {exc}") from None
    try:
        args = tuple(shlex.split(options.get("args") or ""))
    except ValueError as exc:
        raise ExampleError(f"bad :args: for {script}: {exc}") from None
    return RunSpec(
        script=script,
        timeout=timeout,
        returncode=returncode,
        error_patterns=tuple(sorted(config.runexample_error_patterns.items())),
        shows_errors="shows-errors" in options,
        alone="alone" in options,
        args=args,
        timeline="timeline" in options,
        max_bytes=int(config.runexample_max_bytes),
        max_memory=max_memory,
    )


class RunExample(SphinxDirective):
    """Show an example script, then what it printed when this build ran it.

    The argument is the script's path relative to ``runexample_examples_dir``.
    """

    required_arguments = 1
    optional_arguments = 0
    final_argument_whitespace = True
    has_content = False
    option_spec = _Options({**EXCERPT, **RUN, **SHOW})

    def run(self) -> list[nodes.Node]:
        try:
            return self._run()
        except ExampleError as exc:
            logger.warning(
                "%s: %s", NAME, exc, location=(self.env.docname, self.lineno),
                type=NAME, subtype="input",
            )
            return []

    def _run(self) -> list[nodes.Node]:
        config = self.config
        # Set by the builder-inited handler (events.builder_inited).
        examples_dir, confdir = self.env._runexample_dirs
        script, path = resolve_script(examples_dir, self.arguments[0])
        unknown = sorted(v.name for v in self.options.values() if isinstance(v, _Unknown))
        if unknown:
            known = ", ".join(sorted(dict.keys(self.option_spec)))
            raise ExampleError(
                f"unknown option(s) {', '.join(':%s:' % u for u in unknown)} for {script}; "
                f"known options are {known}"
            )
        if "no-code" in self.options and "no-output" in self.options:
            raise ExampleError(f":no-code: and :no-output: together leave nothing to show for {script}")
        if "no-output" in self.options:
            stray = sorted(set(self.options) & set(RUN))
            if stray:
                raise ExampleError(
                    f"{', '.join(':%s:' % s for s in stray)} for {script} "
                    "would have no effect with :no-output:; put run options on the "
                    "directive that shows the output"
                )
        self.env.note_dependency(str(path))
        domain(self.env).note_shown(self.env.docname, script)
        display = os.path.relpath(path, confdir).replace(os.sep, "/")
        result: list[nodes.Node] = []
        if "no-code" not in self.options:
            result.append(self._code(path, display))
        if "no-output" not in self.options:
            spec = spec_from_options(script, self.options, config)
            domain(self.env).note_run(self.env.docname, spec, self.lineno)
            node = runexample_output(spec=spec, display=display, lineno=self.lineno,
                                     timeline_caption=self.options.get("timeline") or "")
            self.set_source_info(node)
            result.append(node)
        return result

    def _code(self, path: Path, display: str) -> nodes.Node:
        options = {k: v for k, v in self.options.items() if k in EXCERPT}
        if "dedent" in options:
            options["dedent"] = int(options["dedent"]) if options["dedent"] else None
        excerpt = any(k in options for k in EXCERPT if k not in ("emphasize-lines", "dedent"))
        if excerpt:
            options["lineno-match"] = True  # line numbers of an excerpt match the whole file
        location = self.state_machine.get_source_and_line(self.lineno)
        try:
            reader = LiteralIncludeReader(str(path), options, self.config)
            text, lines = reader.read(location=location)
        except (ValueError, OSError) as exc:
            raise ExampleError(f"cannot show {display}: {exc}") from None
        if excerpt and text.strip():  # not the blank lines before an :end-before: line
            text = text.rstrip("\n") + "\n"
            lines = text.count("\n")
        block = nodes.literal_block(text, text, source=str(path))
        block["language"] = "python"
        block["linenos"] = True
        block["classes"] += [CODE_CLASS, *self.options.get("class", [])]
        extra = block["highlight_args"] = {"linenostart": reader.lineno_start}
        if "emphasize-lines" in self.options:
            spec = self.options["emphasize-lines"]
            try:
                wanted = parse_line_num_spec(spec, lines)
            except ValueError as exc:
                raise ExampleError(f"bad :emphasize-lines: {spec!r} for {display}: {exc}") from None
            if any(i >= lines for i in wanted):
                raise ExampleError(
                    f"bad :emphasize-lines: {spec!r} for {display}: "
                    f"only {lines} lines are shown"
                )
            extra["hl_lines"] = [i + 1 for i in wanted]
        self.set_source_info(block)
        caption = nodes.caption("", "", classes=["runexample-caption"])
        set_source_info(self, caption)
        caption += addnodes.download_reference(
            "", "", nodes.literal(display, display),
            reftarget="/" + os.path.relpath(path, self.env.srcdir).replace(os.sep, "/"),
            refdoc=self.env.docname, refexplicit=True, refdomain="", reftype="download",
        )
        url = self.config.runexample_source_url
        if url:
            caption += nodes.Text(" ")
            caption += nodes.reference("", "view source", refuri=url.format(path=display),
                                       classes=["runexample-source"])
        if excerpt:
            caption += nodes.Text(" (excerpt)")
        wrapper = nodes.container("", caption, block, literal_block=True,
                                  classes=["literal-block-wrapper", "runexample"])
        self.add_name(wrapper)
        if not wrapper["ids"]:
            # An id gives the caption its permalink, as Sphinx does for code-block.
            self.state.document.note_implicit_target(wrapper, wrapper)
        return wrapper
