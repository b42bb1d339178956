"""Link API names to their reference, in prose and in the example scripts.

In prose, a code span whose text is a dotted name that an intersphinx
inventory documents in the Python domain, such as ```gevent.spawn```,
```gevent.queue.Queue``` or ```socket.socket```, optionally followed by
``()``, becomes a cross-reference to that entry; so does a built-in
exception (```ValueError```), the one kind of bare name that cannot mean
anything else. Every other code span stays as it is: bare names
(```spawn()```, ```Queue```), names no inventory knows (```zmq.green```),
and code spans inside titles, captions and links. MyST's roles
(``{py:func}`gevent.spawn```) still work for anything else.

In code, sphinx-codeautolink links the names in Python code blocks. Two things
make it work on the runner's blocks:

- an excerpt (``:pyobject:``, ``:start-at:`` ...) gets the lines of its script
  above it as a hidden preface, so that its names resolve through the
  script's own imports, and an indented method parses;
- :func:`codeautolink_aliases` maps where Python finds an object (gevent's
  compiled ``gevent._gevent_cqueue.Queue``, ``_thread.lock``) to the name its
  reference documents it under (``gevent.queue.Queue``, ``threading.Lock``).
  ``conf.py`` passes the result as ``codeautolink_inventory_map``.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import inspect
import os
import posixpath
import re
import warnings
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import runexample
from docutils import nodes
from sphinx import addnodes
from sphinx.ext.intersphinx import InventoryAdapter
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.inventory import InventoryFile

#: A dotted name, perhaps called: ``gevent.queue.Queue``, ``gevent.sleep()``.
DOTTED = re.compile(r"(?P<name>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?:\(\))?")
#: A bare name: linked only when it is a built-in exception.
BARE = re.compile(r"[A-Z]\w*")

#: Code spans inside these are left alone: a link inside a link, a heading or
#: a caption helps nobody.
SKIP_INSIDE = (nodes.reference, nodes.title, nodes.caption, nodes.rubric,
               addnodes.pending_xref, addnodes.download_reference, addnodes.toctree)


# -- Prose ------------------------------------------------------------------------------


def python_names(env) -> set[str]:
    """The names to link: every dotted name the loaded intersphinx inventories
    document in the Python domain, and the built-in exceptions among the others."""
    inventory = InventoryAdapter(env).main_inventory
    names = {name for objtype, entries in inventory.items()
             if objtype.startswith("py:") for name in entries if "." in name}
    names.update(name for name in inventory.get("py:exception", {})
                 if "." not in name and isinstance(getattr(builtins, name, None), type))
    return names


def linkable(node: nodes.literal, names: set[str]) -> str | None:
    """The name *node* should link to, or None to leave it as it is."""
    if node.get("classes") or node.get("role"):
        return None  # a role's output ({file}, {kbd}, an xref): not a plain code span
    text = node.astext()
    match = DOTTED.fullmatch(text)
    name = match["name"] if match else text if BARE.fullmatch(text) else None
    if name is None or name not in names:
        return None
    parent = node.parent
    while parent is not None:
        if isinstance(parent, SKIP_INSIDE):
            return None
        parent = parent.parent
    return name


class CodeSpanLinks(SphinxPostTransform):
    """Turn code spans that name a documented API into references to it."""

    # Before sphinx.transforms.post_transforms.ReferencesResolver (10).
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        names = python_names(self.env)
        if not names:
            return
        for node in list(self.document.findall(nodes.literal)):
            target = linkable(node, names)
            if target is None:
                continue
            text = node.astext()
            xref = addnodes.pending_xref(
                "", refdomain="py", reftype="obj", reftarget=target,
                refexplicit=True, refwarn=True, refdoc=self.env.docname,
            )
            xref += nodes.literal(text, text, classes=["xref", "py", "py-obj"])
            xref.source, xref.line = node.source, node.line
            node.replace_self(xref)


# -- Code: prefaces for excerpts ----------------------------------------------------------


#: The builders sphinx-codeautolink links code for.
CODE_LINK_BUILDERS = ("html", "dirhtml")


def add_excerpt_prefaces(app, doctree: nodes.document) -> None:
    """Give each excerpt of a script the lines above it, for codeautolink only.

    The preface is never shown; codeautolink parses it with the block so that
    ``gevent`` in an excerpt means the module the script imported, and removes
    the marker right away. Other builders never see one: a doctree they read
    is kept, and an HTML build that reused it would meet the marker.
    """
    if app.builder.name not in CODE_LINK_BUILDERS:
        return
    from .codeautolink_internals import PrefaceMarker
    for block, path, start in list(runexample.code_blocks(doctree)):
        if start <= 1:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        shown = block.astext().splitlines()
        if lines[start - 1:start - 1 + len(shown)] != shown:
            continue  # dedented or otherwise changed: the lines above do not fit
        marker = PrefaceMarker("\n".join(lines[:start - 1]), "next")
        block.parent.insert(block.parent.index(block), marker)


def _output_file(builder, docname: str):
    """Where the HTML builder writes *docname*: get_output_path in Sphinx 9, get_outfilename in 8.1."""
    if hasattr(builder, "get_output_path"):
        return builder.get_output_path(docname)
    return builder.get_outfilename(docname)  # pragma: no cover - Sphinx 8.1


def note_html_config_change(app) -> None:
    """Before codeautolink looks: has an HTML-only setting changed since the last build?

    The HTML builder then rewrites every page. But codeautolink asks the builder
    which pages are outdated while the build starts, and that first question
    consumes the answer (the builder records the new settings), so Sphinx itself
    would then rewrite nothing. This asks without side effects, first.
    """
    app.builder.tutorial_html_config_changed = False
    if app.builder.name not in CODE_LINK_BUILDERS:
        return
    try:
        previous = type(app.builder.build_info).load(Path(app.outdir) / ".buildinfo")
    except (OSError, ValueError):
        return
    app.builder.tutorial_html_config_changed = previous != app.builder.build_info


def reread_pages_read_elsewhere(app, env, added, changed, removed) -> list[str]:
    """Under HTML, read again each page that this build will write but did not read.

    codeautolink finds the names in a page's code while the page is read, and
    adds the links when it is written. A page read by another builder sharing
    the doctrees (``make doctest``, ``make epub``), and so newer than its HTML,
    would be written without them. Its source being newer than its HTML file
    is what tells: the same test the HTML builder uses to rewrite it. After a
    change of an HTML-only setting, every page is read again and so rewritten.
    """
    if app.builder.name not in CODE_LINK_BUILDERS:
        return []
    if getattr(app.builder, "tutorial_html_config_changed", False):
        return sorted(env.found_docs - added - changed - removed)
    again = []
    for docname in sorted(env.found_docs - added - changed - removed):
        try:
            source = os.stat(env.doc2path(docname)).st_mtime_ns
            output = os.stat(_output_file(app.builder, docname)).st_mtime_ns
        except OSError:
            again.append(docname)  # never written: it will be now
            continue
        if source > output:
            again.append(docname)
    return again


# -- Code: where Python finds an object, and where its reference documents it ----------------


def inventory_names(path: str | Path) -> set[str]:
    """The Python-domain names in the inventory file at *path*."""
    with open(path, "rb") as stream:
        data = InventoryFile.load(stream, "", posixpath.join)
    return {name for objtype, entries in data.items()
            if objtype.startswith("py:") for name in entries}


def imported_modules(folder: str | Path) -> set[str]:
    """The top-level modules that the scripts in *folder* import."""
    found = set()
    for script in Path(folder).rglob("*.py"):
        try:
            tree = ast.parse(script.read_bytes(), str(script))
        except (SyntaxError, ValueError):
            continue  # the runner reports a broken script, naming its page
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                found.add(node.module.split(".")[0])
    return found


@lru_cache(maxsize=None)
def locate(name: str) -> Any:
    """Import the object *name* stands for; None if that fails."""
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                obj = importlib.import_module(".".join(parts[:i]))
        except Exception:  # noqa: BLE001 - a module that cannot import is skipped
            continue
        break
    else:
        return None
    for attr in parts[i:]:
        try:
            obj = getattr(obj, attr)
        except Exception:  # noqa: BLE001
            return None
    return obj


def qualified(obj: Any) -> str | None:
    """``module.qualname`` of a class or routine, as codeautolink computes it."""
    if not (inspect.isclass(obj) or inspect.isroutine(obj)):
        return None
    try:
        return f"{obj.__module__}.{obj.__qualname__}"
    except (AttributeError, TypeError):
        return None


def codeautolink_aliases(names: Iterable[str], modules: Iterable[str]) -> dict[str, str]:
    """Map each place Python finds a documented object to the name it is documented under.

    *names* are the documented names; only those whose top-level module is in
    *modules* are imported (all of ``gevent``, and of the standard library only
    what the examples import). Where two documented names reach one place, the
    shorter wins.
    """
    names = set(names)
    wanted = set(modules)
    aliases: dict[str, str] = {}

    def add(alias: str | None, name: str) -> None:
        if not alias or alias == name or alias in names:
            return
        best = aliases.get(alias)
        if best is None or (len(name), name) < (len(best), best):
            aliases[alias] = name

    by_identity: dict[int, str] = {}  # shortest documented name of each class and routine
    for name in sorted(names, key=lambda n: (len(n), n)):
        if name.split(".")[0] not in wanted:
            continue
        obj = locate(name)
        if obj is None:
            continue
        add(qualified(obj), name)
        if qualified(obj):
            by_identity.setdefault(id(obj), name)
        owner_name, _, member = name.rpartition(".")
        owner = locate(owner_name) if owner_name else None
        owner_fq = qualified(owner) if inspect.isclass(owner) else None
        if owner_fq:
            add(f"{owner_fq}.{member}", name)
    _add_mirrors(names, add, by_identity)
    # Python documents the built-in OSError as ``OSError``, not ``builtins.OSError``.
    for name in names:
        if "." not in name and hasattr(builtins, name):
            aliases[f"builtins.{name}"] = name
    return aliases


def _add_mirrors(names: set[str], add, by_identity: dict[int, str]) -> None:
    """``gevent.socket.SOL_SOCKET`` is ``socket.SOL_SOCKET``: link it there.

    gevent's modules that stand in for the standard library's (``gevent.socket``
    for ``socket``) re-export many of its names unchanged; gevent's reference
    does not list those, Python's does. And gevent documents some of its own
    under the module that implements them: ``gevent.socket.create_connection``
    as ``gevent._socket3.create_connection``.
    """
    implemented: dict[tuple[str, str], str] = {}  # (public module, attr) -> documented name
    for name in sorted(names, key=lambda n: (len(n), n)):
        module_part, _, attr = name.rpartition(".")
        head, _, last = module_part.rpartition(".")
        if head == "gevent" and last.startswith("_"):
            implemented.setdefault((f"gevent.{re.sub(r'^_+|[0-9]+$', '', last)}", attr), name)
    for module_name in sorted(n for n in names if n.startswith("gevent.") and n.count(".") == 1):
        module, std_name = locate(module_name), module_name.split(".", 1)[1]
        std = locate(std_name) if std_name in names else None
        if not inspect.ismodule(module):
            continue
        for attr in sorted(getattr(module, "__all__", None) or dir(module)):
            full = f"{module_name}.{attr}"
            if attr.startswith("_") or full in names:
                continue
            value = getattr(module, attr, None)
            if std is not None and f"{std_name}.{attr}" in names:
                std_value = getattr(std, attr, None)
                if std_value is value or (type(std_value) is type(value)
                                          and not callable(value) and std_value == value):
                    add(full, f"{std_name}.{attr}")
                    continue
            documented = by_identity.get(id(value)) if qualified(value) else None
            documented = documented or implemented.get((module_name, attr))
            if documented:
                add(full, documented)


def drop_codeautolink_css(app, pagename, templatename, context, doctree) -> None:
    """codeautolink adds its stylesheet to every builder but ships it only to HTML.

    An epub would list a file it does not contain; it has no code links to style.
    """
    if app.builder.name in ("html", "dirhtml") or "css_files" not in context:
        return
    context["css_files"] = [
        css for css in context["css_files"]
        if not str(getattr(css, "filename", css)).endswith("sphinx-codeautolink.css")
    ]


def setup(app):
    app.add_post_transform(CodeSpanLinks)
    app.connect("html-page-context", drop_codeautolink_css)
    # Before codeautolink reads the blocks (its doctree-read handler has priority 490).
    app.connect("doctree-read", add_excerpt_prefaces, priority=480)
    app.connect("env-get-outdated", reread_pages_read_elsewhere)
    # Before codeautolink's builder-inited handler (priority 500).
    app.connect("builder-inited", note_html_config_change, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
