"""Turn a run's result into doctree nodes, when a page is written."""

from __future__ import annotations

from docutils import nodes

from .directive import runexample_output
from .runner import RunResult, RunSpec


def output_nodes(spec: RunSpec, display: str, result: RunResult | None, max_lines: int) -> list[nodes.Node]:
    """The labelled output block for *result* (and its notes)."""
    notes: list[nodes.Node] = []
    label = "Output"
    if result is None:
        text = "(not run: execution is switched off and no cached run exists)"
    else:
        text = result.output if result.output.strip() else "(no output)"
        if result.returncode not in (None, 0):
            label += f" (exit status {result.returncode})"
        lines = text.rstrip("\n").split("\n")
        if max_lines and len(lines) > max_lines:
            text = "\n".join(lines[:max_lines])
            notes.append(nodes.paragraph(
                "", f"Output cut after {max_lines} of {len(lines):,} lines. "
                f"Run {display} to see all of it.",
                classes=["runexample-note"],
            ))
    text = text.rstrip("\n")
    block = nodes.literal_block(text, text, classes=["runexample-output-text"])
    block["language"] = "none"
    caption = nodes.caption("", label, classes=["runexample-caption"])
    wrapper = nodes.container("", caption, block, literal_block=True,
                              classes=["literal-block-wrapper", "runexample-output"])
    out: list[nodes.Node] = [wrapper, *notes]
    if result is not None and spec.timeline and result.timeline:
        out.append(timeline_node(spec, display, result))
    return out


def timeline_node(spec: RunSpec, display: str, result: RunResult) -> nodes.Node:
    return nodes.raw("", f'<figure class="runexample-timeline">{result.timeline}</figure>',
                     format="html")


def fill_outputs(app, doctree, docname: str) -> None:
    """Replace each placeholder with the output of its run (waiting for it if need be)."""
    from .events import report_problems, state

    st = state(app)
    for node in list(doctree.findall(runexample_output)):
        spec = node["spec"]
        result = st.runner.result(spec)
        report_problems(app, spec, result, [(docname, node["lineno"])])
        new = output_nodes(spec, node["display"], result, app.config.runexample_max_lines)
        # An id gives the "Output" caption its permalink.
        doctree.set_id(new[0], suggested_prefix="output")
        node.replace_self(new)
