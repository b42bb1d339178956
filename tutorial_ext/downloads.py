"""Zips of the examples: one with them all, and one per chapter.

Each zip unpacks into one folder, ``gevent-tutorial-examples/``, holding the
chapters' example folders as they are in the repository (scripts, the helper
modules they import, their templates and data files) with a ``README.txt``
on how to run them and a ``requirements.txt``. The ``.expected`` files stay
out: they are the build's checks, written with placeholders such as ``...``,
and each page already shows what its script printed.

The zips are written to ``_downloads/examples/`` of an HTML build. Pages link
to them with a role::

    {examples-zip}`all`                          the zip of every example
    {examples-zip}`Download them all <all>`      the same, with its own text
    {examples-zip}`core`                         one chapter's zip (by its folder under docs/)

and every chapter index (``docs/<chapter>/index``) whose pages show examples
gets a paragraph offering its chapter's zip, so that a new chapter gets one
without an edit. In a build that is not a web site (epub), a link goes to
the site when ``html_baseurl`` is set, and is plain text otherwise.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from urllib.parse import urljoin

import runexample
from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import ReferenceRole

logger = logging.getLogger(__name__)

FOLDER = "_downloads/examples"
#: In the requirements file, the line that starts the examples' own packages.
REQUIREMENTS_MARKER = "# The examples."
#: Fixed timestamps keep the zips byte-for-byte the same from build to build.
EPOCH = (1980, 1, 1, 0, 0, 0)


# -- What goes in a zip -----------------------------------------------------------------------


def example_files(folder: Path) -> list[Path]:
    """The files of one examples folder that running its scripts needs."""
    found = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if (path.is_file() and path.suffix not in (".expected", ".pyc")
                and not any(p.startswith(".") or p == "__pycache__" for p in parts)):
            found.append(path)
    return found


def scripts(files: list[Path], folder: Path) -> list[Path]:
    """The examples among *files*, as the runner decides (helpers such as
    ``_serving.py`` or ``_pytest_demo/`` are not)."""
    return [p for p in files if runexample.is_example(p.relative_to(folder))]


def requirements_text(path: Path) -> str | None:
    """The examples' part of a requirements file, from :data:`REQUIREMENTS_MARKER` on."""
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        start = lines.index(REQUIREMENTS_MARKER)
    except ValueError:
        return None
    return "\n".join(lines[start:]).strip() + "\n"


def readme_text(project: str, release: str, example: str, requirements: bool) -> str:
    install = ("    .venv/bin/pip install -r requirements.txt\n" if requirements
               else "    .venv/bin/pip install gevent\n")
    return (
        f"The examples of {project} (release {release})\n"
        "\n"
        "Each script in these folders is one that a page of the tutorial shows,\n"
        "and the output on that page is what it printed when the site was built.\n"
        "You need Python 3.10 or newer. To run them:\n"
        "\n"
        "    python3 -m venv .venv\n"
        f"{install}"
        f"    .venv/bin/python {example}\n"
        "\n"
        "Every script stops by itself within a few seconds and needs no internet.\n"
        "The servers listen on 127.0.0.1, on a port the system picks, and talk to\n"
        "themselves. A file whose name starts with _ is a helper that the scripts\n"
        "beside it import; the folders beside the scripts hold their templates and\n"
        "static files. Each script finds what it needs next to itself, so you can\n"
        "run it from any directory.\n"
    )


def write_zip(target: Path, root: str, folders: dict[str, Path], extra: dict[str, str]) -> int:
    """Write *folders* (name in the zip -> folder) and *extra* files under *root*/.

    Returns the number of example scripts written.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in sorted(extra.items()):
            info = zipfile.ZipInfo(f"{root}/{name}", EPOCH)
            info.external_attr = 0o644 << 16
            archive.writestr(info, text, zipfile.ZIP_DEFLATED)
        for name, folder in sorted(folders.items()):
            files = example_files(folder)
            count += len(scripts(files, folder))
            for path in files:
                arcname = f"{root}/{name}/{path.relative_to(folder).as_posix()}"
                info = zipfile.ZipInfo(arcname, EPOCH)
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    return count


# -- Which chapter uses which folders -------------------------------------------------------------


def chapter_of(docname: str, root_doc: str) -> str | None:
    """``core`` for ``docs/core/spawning`` when the root document is ``docs/index``."""
    base = posixpath.dirname(root_doc)
    prefix = f"{base}/" if base else ""
    if not docname.startswith(prefix):
        return None
    parts = docname[len(prefix):].split("/")
    return parts[0] if len(parts) > 1 else None


def chapter_index(config, chapter: str) -> str:
    return f"{posixpath.dirname(config.root_doc)}/{chapter}/index".lstrip("/")


def chapter_folders(app) -> dict[str, list[str]]:
    """Each chapter -> the example folders its pages show scripts from.

    A chapter is a folder of pages beside the root document with an ``index``
    page of its own (``docs/core/index``); a folder without one, such as an
    appendix of single pages, offers no zip.
    """
    env = app.env
    found: dict[str, set[str]] = {}
    for docname, shown in runexample.scripts_shown(env).items():
        chapter = chapter_of(docname, app.config.root_doc)
        if chapter is None or chapter_index(app.config, chapter) not in env.found_docs:
            continue
        found.setdefault(chapter, set()).update(script.split("/")[0] for script in shown)
    return {chapter: sorted(folders) for chapter, folders in found.items()}


def zip_name(config, chapter: str | None) -> str:
    base = config.examples_zip_basename
    return f"{base}.zip" if chapter is None else f"{base}-{chapter}.zip"


# -- Links ------------------------------------------------------------------------------------------


class examples_zip_link(nodes.Inline, nodes.TextElement):
    """Stands for a link to a zip until the page is written (``chapter`` None: all)."""


class ExamplesZipRole(ReferenceRole):
    """``{examples-zip}`all``` or ``{examples-zip}`text <chapter>```."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        target = self.target.strip()
        chapter = None if target == "all" else target
        if chapter is not None and chapter_index(self.config, chapter) not in self.env.found_docs:
            msg = self.inliner.reporter.warning(
                f"examples-zip: no chapter {target!r}: give 'all' or a folder under "
                f"{posixpath.dirname(self.config.root_doc) or 'the source folder'} that has an index page",
                line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        title = self.title if self.has_explicit_title else zip_name(self.config, chapter)
        node = examples_zip_link(self.rawtext, "", chapter=chapter)
        node += nodes.literal(title, title) if not self.has_explicit_title else nodes.Text(title)
        return [node], []


def resolve_links(app, doctree: nodes.document, docname: str) -> None:
    """Offer a chapter's zip on its index, then point every zip link at its file."""
    offer_chapter_zip(app, doctree, docname)
    website = app.builder.format == "html" and not app.builder.embedded
    for node in list(doctree.findall(examples_zip_link)):
        path = f"{FOLDER}/{zip_name(app.config, node['chapter'])}"
        if website:
            page = app.builder.get_target_uri(docname)
            uri = posixpath.relpath(path, posixpath.dirname(page) or ".")
        elif app.config.html_baseurl:
            uri = urljoin(app.config.html_baseurl.rstrip("/") + "/", path)
        else:
            node.replace_self(node.children)
            continue
        node.replace_self(nodes.reference("", "", *node.children, refuri=uri,
                                          classes=["examples-zip"]))


def offer_chapter_zip(app, doctree: nodes.document, docname: str) -> None:
    chapter = chapter_of(docname, app.config.root_doc)
    if chapter is None or docname != chapter_index(app.config, chapter):
        return
    folders = chapter_folders(app).get(chapter)
    section = next(iter(doctree.findall(nodes.section)), None)
    if not folders or section is None:
        return
    root = runexample.examples_dir(app)
    count = sum(len(scripts(example_files(root / f), root / f)) for f in folders)
    link = examples_zip_link("", "", chapter=chapter)
    name = zip_name(app.config, chapter)
    link += nodes.literal(name, name)
    para = nodes.paragraph("", "", classes=["examples-zip-offer"])
    para += nodes.Text("Download this chapter's examples: ")
    para += link
    scripts_word = "script" if count == 1 else "scripts"
    para += nodes.Text(f" ({count} {scripts_word}, with the helper modules and files they need).")
    intro = next((c for c in section.children if isinstance(c, nodes.paragraph)), None)
    position = section.index(intro) + 1 if intro is not None else 1
    section.insert(position, para)


def visit_passthrough(self, node) -> None:
    """An unresolved link (a builder we did not expect) shows its text."""


def depart_passthrough(self, node) -> None:
    pass


# -- Writing the zips -------------------------------------------------------------------------------


def write_zips(app, exception) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.embedded:
        return
    root = runexample.examples_dir(app)
    outdir = Path(app.outdir) / FOLDER
    base = app.config.examples_zip_basename
    extra = {}
    req_path = Path(app.confdir) / app.config.examples_zip_requirements
    requirements = requirements_text(req_path) if req_path.is_file() else None
    if requirements is None:
        logger.warning("examples zip: no line %r in %s; the zips have no requirements.txt",
                       REQUIREMENTS_MARKER, req_path, type="examples_zip", location=str(req_path))
    else:
        extra["requirements.txt"] = requirements

    def write(chapter: str | None, folders: list[str]) -> None:
        dirs = {name: root / name for name in folders}
        all_scripts = [p for d in dirs.values() for p in scripts(example_files(d), d)]
        if not all_scripts:
            return
        first = min(all_scripts).relative_to(root).as_posix()
        readme = readme_text(app.config.project, app.config.release, first, requirements is not None)
        count = write_zip(outdir / zip_name(app.config, chapter), base, dirs, {**extra, "README.txt": readme})
        logger.info("examples zip: %s (%d scripts)", zip_name(app.config, chapter), count)

    everything = sorted(p.name for p in root.iterdir()
                        if p.is_dir() and not p.name.startswith((".", "_")))
    write(None, everything)
    for chapter, folders in sorted(chapter_folders(app).items()):
        write(chapter, folders)


def reread_chapter_indexes(app, env, added, changed, removed) -> list[str]:
    """A page that changes may show other examples: its chapter's offer must follow."""
    indexes = set()
    for docname in added | changed | removed:
        chapter = chapter_of(docname, app.config.root_doc)
        index = chapter_index(app.config, chapter) if chapter else None
        if index and index in env.found_docs and index != docname:
            indexes.add(index)
    return sorted(indexes)


def setup(app):
    app.setup_extension("runexample")
    app.add_config_value("examples_zip_basename", "examples", "html", types=[str])
    app.add_config_value("examples_zip_requirements", "requirements.txt", "html", types=[str])
    app.add_node(examples_zip_link, **{fmt: (visit_passthrough, depart_passthrough)
                                        for fmt in ("html", "latex", "text", "man", "texinfo")})
    app.add_role("examples-zip", ExamplesZipRole())
    app.connect("doctree-resolved", resolve_links)
    app.connect("env-get-outdated", reread_chapter_indexes)
    app.connect("build-finished", write_zips)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
