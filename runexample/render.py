"""Turn a run's result into doctree nodes, when a page is written.

Nothing here waits for runs or warns: :func:`.events.fill_outputs` does,
and calls :func:`output_nodes` with each result.
"""

from __future__ import annotations

import html

from docutils import nodes

from . import timeline
from .records import RunResult, RunSpec

#: The class of the block that shows a run's output (see :mod:`.api`).
OUTPUT_CLASS = "runexample-output"


def output_nodes(spec: RunSpec, display: str, result: RunResult | None, max_lines: int,
                 figure_id: str = "runexample-tl", caption: str = "") -> list[nodes.Node]:
    """The labelled output block for *result* (and its notes), and the
    timeline under it if the spec asked for one."""
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
    picture = None
    if result is not None and spec.timeline and result.timeline:
        picture = _picture(spec, result, text, figure_id, caption)
    if picture is not None and picture.markers:
        block = numbered_block(text, picture.markers, figure_id)
    else:
        block = nodes.literal_block(text, text, classes=["runexample-output-text"])
        block["language"] = "none"
    caption_node = nodes.caption("", label, classes=["runexample-caption"])
    wrapper = nodes.container("", caption_node, block, literal_block=True,
                              classes=["literal-block-wrapper", OUTPUT_CLASS])
    wrapper["runexample_script"] = spec.script
    out: list[nodes.Node] = [wrapper, *notes]
    if picture is not None:
        out.append(figure_node(picture, figure_id, caption))
    return out


def _picture(spec: RunSpec, result: RunResult, text: str, figure_id: str,
             caption: str) -> timeline.Picture | None:
    try:
        return timeline.draw(result.timeline, text, title=f"Greenlets of {spec.script} over time",
                             caption=caption, id_prefix=figure_id)
    except ValueError:
        return None  # a record from an older recorder: no picture until it runs again


def numbered_block(text: str, markers: list[timeline.Marker], figure_id: str) -> nodes.literal_block:
    """The output block with the picture's numbers in a gutter.

    A number stands before the first line of each marker; the other lines it
    covers get a bar in the gutter; every other line an empty gutter.
    """
    first = {m.first: m for m in markers}
    covered = {i: m for m in markers for i in range(m.first, m.first + m.count)}
    block = nodes.literal_block(text, "", classes=["runexample-output-text", "tl-numbered"])
    for i, line in enumerate(text.split("\n")):
        if i:
            block += nodes.Text("\n")
        # A space after the gutter keeps number and line apart even without CSS.
        marker = covered.get(i)
        if marker is None:
            block += nodes.inline("", "", nodes.inline("", "", classes=["tl-gutter"]),
                                  nodes.Text(" " + line), classes=["tl-line"])
            continue
        head = i in first
        gutter = nodes.inline("", str(marker.number) if head else "",
                              classes=["tl-num" if head else "tl-gutter", *([] if head else ["tl-more"])])
        classes = ["tl-line", timeline.marker_class(figure_id, marker.number), *(["tl-head"] if head else [])]
        block += nodes.inline("", "", gutter, nodes.Text(" " + line), classes=classes)
    return block


def figure_node(picture: timeline.Picture, figure_id: str, caption: str) -> nodes.Node:
    figcaption = f"<figcaption>{html.escape(caption.strip())}</figcaption>" if caption.strip() else ""
    return nodes.raw(
        "", f'<figure class="runexample-timeline" id="{figure_id}">'
            f'<div class="tl-scroll" tabindex="0" role="region" aria-labelledby="{figure_id}-t">'
            f"{picture.svg}</div>{figcaption}</figure>",
        format="html")
