"""The version matrix on the pages, drawn from ``docs/_data/versions.json``.

``make compat`` (the ``compat`` package) runs every example on every gevent
release and Python listed in ``compat/releases.txt`` and writes that file;
this extension only reads it, so a rebuilt matrix updates every line below
and no version number on a page is typed by hand.

* Under the title of each page that shows examples' output, one line says
  which releases and Pythons they were checked on, and whether any of them
  prints something else somewhere.
* Under the output of an example that differs on some releases, a note says
  from which release on the output shown holds (or where it differs), and
  links to the matrix.
* The directive ``version-matrix`` draws the whole matrix: a row per
  example, linking to its page, and a column per cell; every cell that is not
  a plain pass opens its diff or error.

A page that shows examples depends on the data file, so a new matrix
rewrites exactly those pages.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import runexample
from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

DATA = "docs/_data/versions.json"
#: Marks in the matrix, with what they mean.
MARKS = {
    "passed": ("✓", "prints what the page shows"),
    "explained": ("≈", "differs, as the page explains"),
    "differs": ("≠", "prints something else"),
    "failed": ("✗", "fails"),
    "impossible": ("–", "cannot exist"),
    "missing": ("?", "not run yet"),
}


class version_matrix(nodes.General, nodes.Element):
    """Stands for the matrix until the page is written."""


class VersionMatrix(SphinxDirective):
    """``{version-matrix}``: the whole matrix, on the appendix page."""

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(self.env.relfn2path("/" + DATA)[1])
        return [version_matrix()]


# -- reading the data --------------------------------------------------------------------------


def _key(release: str) -> tuple[int, ...]:
    return tuple(int(p) for p in release.split("."))


class Matrix:
    """The data file, with the questions the pages ask of it."""

    def __init__(self, data: dict) -> None:
        self.data = data
        self.pythons: list[str] = data.get("pythons", [])
        self.releases: list[str] = sorted(data.get("releases", []), key=_key)
        self.cells: dict[str, dict] = data.get("cells", {})
        self.rows: dict[str, dict] = data.get("examples", {})

    @staticmethod
    def cell_id(python: str, release: str) -> str:
        return f"py{python}-gevent{release}"

    def possible(self) -> list[tuple[str, str]]:
        """Every (python, release) cell that exists and was run."""
        return [(py, rel) for rel in self.releases for py in self.pythons
                if self.cell_id(py, rel) in self.cells
                and "impossible" not in self.cells[self.cell_id(py, rel)]]

    def status(self, script: str, python: str, release: str) -> str:
        cell = self.cell_id(python, release)
        info = self.cells.get(cell)
        if info is None:
            return "missing"
        if "impossible" in info:
            return "impossible"
        return self.rows.get(script, {}).get("results", {}).get(cell, {}).get("status", "missing")

    def off(self, script: str) -> list[tuple[str, str]]:
        """The cells where *script* does not print what its page shows."""
        return [(py, rel) for py, rel in self.possible() if self.status(script, py, rel) != "passed"]

    def span(self) -> str:
        """``gevent 22.10.2 to 26.9.0 with Python 3.10 to 3.13``."""
        possible = self.possible()
        if not possible:
            return "no release yet"
        releases = sorted({rel for _, rel in possible}, key=_key)
        pythons = sorted({py for py, _ in possible}, key=_key)
        return (f"gevent {releases[0]} to {releases[-1]} with Python {pythons[0]} to {pythons[-1]}")

    def holds_from(self, script: str) -> str | None:
        """The first release from which *script* passes on every Python, when
        it passes on every later one too; ``None`` when it does not."""
        off = self.off(script)
        if not off:
            return self.releases[0] if self.releases else None
        newest_off = max((rel for _, rel in off), key=_key)
        later = [rel for rel in self.releases if _key(rel) > _key(newest_off)]
        return later[0] if later else None

    def describe_off(self, script: str) -> str:
        """Where *script* differs, in words: ``gevent 24.11.1 on Python 3.10 and 3.11; ...``."""
        by_release: dict[str, list[str]] = {}
        for py, rel in self.off(script):
            by_release.setdefault(rel, []).append(py)
        return "; ".join(f"gevent {rel} on Python {' and '.join(pys)}"
                         for rel, pys in sorted(by_release.items(), key=lambda i: _key(i[0])))


def load(app) -> Matrix:
    path = Path(app.confdir, DATA)
    try:
        return Matrix(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        logger.warning("versions: cannot read %s (%s); run `make compat`", DATA, exc,
                       type="versions", location=str(path))
        return Matrix({})


def builder_inited(app) -> None:
    app.builder.tutorial_versions = load(app)


def note_dependency(app, doctree) -> None:
    """A page that shows examples' output is rewritten when the matrix changes."""
    if app.env.docname in runexample.scripts_run(app.env):
        app.env.note_dependency(str(Path(app.confdir, DATA)))


# -- on each page ------------------------------------------------------------------------------


def _link(app, fromdoc: str, text: str, anchor: str = "") -> nodes.Node:
    target = app.config.versions_page
    if not app.builder.format == "html":
        return nodes.Text(text)
    uri = app.builder.get_relative_uri(fromdoc, target) + anchor
    return nodes.reference("", text, refuri=uri, internal=True)


def page_line(app, matrix: Matrix, docname: str, scripts: list[str]) -> nodes.paragraph:
    para = nodes.paragraph("", "", classes=["versions-checked"])
    off = [s for s in scripts if matrix.off(s)]
    count = "Its example" if len(scripts) == 1 else f"All {len(scripts)} examples on this page"
    if not off:
        para += nodes.Text(f"{count} {'prints' if len(scripts) == 1 else 'print'} the output shown on "
                           f"every combination of {matrix.span()} that has a wheel (")
    else:
        names = ", ".join(Path(s).name for s in off)
        para += nodes.Text(f"Checked on {matrix.span()}: the output shown holds on every "
                           f"combination with a wheel, except for {names}, as noted under "
                           f"{'its' if len(off) == 1 else 'their'} output (")
    para += _link(app, docname, "gevent and Python versions")
    para += nodes.Text(").")
    return para


def example_note(app, matrix: Matrix, docname: str, script: str) -> nodes.paragraph | None:
    if not matrix.off(script):
        return None
    since = matrix.holds_from(script)
    explained = all(matrix.status(script, py, rel) == "explained" for py, rel in matrix.off(script))
    para = nodes.paragraph("", "", classes=["versions-note"])
    if since and since != matrix.releases[0]:
        para += nodes.Text(f"This output holds from gevent {since} on. Older releases print "
                           f"something else ({matrix.describe_off(script)})")
    else:
        para += nodes.Text(f"This output differs with {matrix.describe_off(script)}")
    para += nodes.Text(", as this page explains; " if explained else "; ")
    para += _link(app, docname, "see the diff", "#" + nodes.make_id(f"matrix-{script}"))
    para += nodes.Text(".")
    return para


def add_lines(app, doctree, docname: str) -> None:
    """Under the title, the page's line; under each differing output, its note."""
    matrix: Matrix = getattr(app.builder, "tutorial_versions", None)
    runs = runexample.scripts_run(app.env).get(docname)
    if matrix is None or not runs or not matrix.rows:
        return
    scripts = list(dict.fromkeys(script for script, _ in runs))
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, page_line(app, matrix, docname, scripts))
    for block, script in list(runexample.output_blocks(doctree)):
        note = example_note(app, matrix, docname, script)
        if note is not None:
            block.parent.insert(block.parent.index(block) + 1, note)


# -- the appendix's matrix ---------------------------------------------------------------------


def _cell_html(matrix: Matrix, script: str, python: str, release: str) -> str:
    status = matrix.status(script, python, release)
    mark, meaning = MARKS[status]
    title = f"gevent {release}, Python {python}: {meaning}"
    if status == "impossible":
        title = f"gevent {release}, Python {python}: " + matrix.cells[matrix.cell_id(python, release)]["impossible"]
    if status == "passed":  # the legend says what a tick means; most cells are one
        return f'<td class="vm-passed">{mark}</td>'
    if status in ("impossible", "missing"):
        return f'<td class="vm-{status}" title="{html.escape(title)}">{mark}</td>'
    detail = matrix.rows[script]["results"][matrix.cell_id(python, release)].get("detail", "")
    return (f'<td class="vm-{status}"><details><summary title="{html.escape(title)}">{mark}</summary>'
            f'<div class="vm-detail"><p>{html.escape(title)}</p><pre>{html.escape(detail)}</pre>'
            f"</div></details></td>")


def matrix_html(app, matrix: Matrix, docname: str) -> str:
    pages = {script: doc for doc, runs in runexample.scripts_run(app.env).items() for script, _ in runs}
    columns = [(py, rel) for rel in matrix.releases for py in matrix.pythons]
    head1 = "".join(f'<th colspan="{len(matrix.pythons)}" scope="colgroup">gevent {rel}</th>'
                    for rel in matrix.releases)
    head2 = "".join(f'<th scope="col">{py}</th>' for py, _ in columns)
    rows = []
    for script in sorted(matrix.rows):
        doc = pages.get(script)
        name = html.escape(script)
        if doc and app.builder.format == "html":
            name = f'<a href="{app.builder.get_relative_uri(docname, doc)}">{name}</a>'
        cells = "".join(_cell_html(matrix, script, py, rel) for py, rel in columns)
        rows.append(f'<tr id="{nodes.make_id("matrix-" + script)}"><th scope="row">{name}</th>{cells}</tr>')
    return (
        '<div class="version-matrix" tabindex="0" role="region" aria-label="The version matrix">'
        '<table><thead>'
        f'<tr><th rowspan="2" scope="col">example</th>{head1}</tr><tr>{head2}</tr>'
        f'</thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def cells_html(matrix: Matrix) -> str:
    rows = []
    for rel in matrix.releases:
        for py in matrix.pythons:
            info = matrix.cells.get(matrix.cell_id(py, rel), {})
            if "impossible" in info:
                what = html.escape(info["impossible"])
                rows.append(f"<tr><td>{rel}</td><td>{py}</td><td colspan=\"3\">{what}</td></tr>")
            elif info:
                off = sum(matrix.status(s, py, rel) != "passed" for s in matrix.rows)
                rows.append(f"<tr><td>{rel}</td><td>{py}</td><td>Python {info['python']}, greenlet "
                            f"{info['greenlet']}</td><td>{info['date']}</td><td>{off}</td></tr>")
    return ('<div class="version-matrix" tabindex="0" role="region" aria-label="The cells">'
            "<table><thead><tr><th>gevent</th><th>Python</th><th>exactly</th><th>run on</th>"
            "<th>examples not as shown</th></tr></thead><tbody>" + "".join(rows)
            + "</tbody></table></div>")


def fill_matrix(app, doctree, docname: str) -> None:
    matrix: Matrix = getattr(app.builder, "tutorial_versions", None)
    for node in list(doctree.findall(version_matrix)):
        if matrix is None:
            node.replace_self([])
            continue
        legend = " ".join(f"{mark} {meaning}." for mark, meaning in MARKS.values())
        node.replace_self([
            nodes.paragraph("", legend, classes=["vm-legend"]),
            nodes.raw("", matrix_html(app, matrix, docname), format="html"),
            nodes.rubric("", "The cells"),
            nodes.raw("", cells_html(matrix), format="html"),
        ])


def setup(app):
    app.setup_extension("runexample")
    app.add_config_value("versions_page", "docs/appendix/versions", "env", types=[str])
    app.add_node(version_matrix)
    app.add_directive("version-matrix", VersionMatrix)
    app.add_css_file("tutorial-versions.css")
    app.connect("config-inited", lambda app, config: config.html_static_path.append(
        str(Path(__file__).with_name("static"))))
    app.connect("builder-inited", builder_inited)
    app.connect("doctree-read", note_dependency)
    # After the runner has put the outputs in (its handler runs at priority 500).
    app.connect("doctree-resolved", add_lines, priority=600)
    app.connect("doctree-resolved", fill_matrix)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
