"""sphinx-codeautolink's HTML pass, on several processes, as pages are written.

sphinx-codeautolink works in two halves. While Sphinx reads a page, it finds
the names in the page's Python code blocks. At the end of the build
(``build-finished``) it opens each written page again, finds those blocks in
the HTML and wraps every name in a link to its reference. That second half
parses each page with BeautifulSoup's pure-Python parser, one page after
another, in Sphinx's own process: on this tutorial about 6 s at the end of a
cold build, with the other core idle.

This module runs the same function, codeautolink's own ``link_html``, in a
pool of processes, one page per task. Each page starts as soon as Sphinx has
written it, so the linking overlaps with pages still waiting for their
examples. A warning that ``link_html`` logs in a worker comes back to Sphinx
with its type, subtype and location, so ``-W`` still sees it.

Every page written in this build is linked. (codeautolink's own pass links
the pages that were outdated when the build started, which misses a page
that a build writes for another reason.)

The workers are fresh interpreters (multiprocessing's "spawn"), not forks
of Sphinx, whose example-running threads may hold locks. As with any use of
multiprocessing, a script that runs Sphinx in its own process must keep its
top-level code under ``if __name__ == "__main__":``.

It also reloads, for every page, the names codeautolink saved in the last
build (codeautolink itself reloads them only for ``.rst`` pages), so that a
page written again without being read again (``sphinx-build -a``, a changed
template) keeps its links; a page for which none were saved is a warning.

This replaces one handler of that extension, its ``build-finished``
``apply_links``. The internals of codeautolink it uses are listed, and
checked, in :mod:`tutorial_ext.codeautolink_internals`.
"""

from __future__ import annotations

import logging as pylogging
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from typing import Any

from sphinx.errors import ExtensionError
from sphinx.util import logging
from .codeautolink_internals import SphinxCodeAutoLink, link_html, problems, reload_saved_names, state_of

# Warnings are logged under codeautolink's own name, as its serial pass would.
logger = logging.getLogger("sphinx_codeautolink.extension.block")

#: What a worker process links with, set once per process by _start_worker.
_settings: dict[str, Any] = {}


class _Keep(pylogging.Handler):
    """In a worker: keep what codeautolink logs, to send it back with the result."""

    def __init__(self) -> None:
        super().__init__(pylogging.WARNING)
        self.records: list[pylogging.LogRecord] = []

    def emit(self, record: pylogging.LogRecord) -> None:
        self.records.append(record)


def _start_worker(settings: dict[str, Any]) -> None:
    _settings.update(settings)
    keep = _settings["keep"] = _Keep()
    sphinx_log = pylogging.getLogger("sphinx")
    sphinx_log.handlers[:] = [keep]
    sphinx_log.propagate = False


def _link_page(settings: dict[str, Any], docname: str, transforms: list) -> None:
    link_html(docname, settings["outdir"], transforms, settings["inventory"],
              settings["custom_blocks"], settings["search_css_classes"],
              builder_name=settings["builder_name"],
              disable_link_titles=settings["disable_link_titles"])


def _link(docname: str, transforms: list) -> list[tuple]:
    """In a worker: link one written page; return what was logged meanwhile."""
    keep = _settings["keep"]
    keep.records.clear()
    _link_page(_settings, docname, transforms)
    return [(r.levelno, r.getMessage(), getattr(r, "type", None), getattr(r, "subtype", None),
             getattr(r, "location", None)) for r in keep.records]


class LinkPass:
    """One build's linking: a page goes to the pool once Sphinx has written it.

    The pool starts once :data:`POOL_FROM` pages wait for it. Starting a worker
    costs about as much as linking two pages, so a rebuild that writes fewer
    pages links them in Sphinx's own process, at the end, as codeautolink does.
    """

    POOL_FROM = 4

    def __init__(self, app, state: SphinxCodeAutoLink) -> None:
        self.app = app
        self.state = state
        self.written: list[str] = []
        self.waiting: list[str] = []
        self.futures: dict[str, Future] = {}
        self.pool: ProcessPoolExecutor | None = None

    def page_resolved(self, docname: str) -> None:
        """Sphinx is about to write *docname*. When it writes one page at a time
        (no ``-j``), the page it resolved before this one is on disk by now."""
        if self.written and self.app.parallel <= 1:
            self.submit(self.written[-1])
        self.written.append(docname)

    def settings(self) -> dict[str, Any]:
        state, app = self.state, self.app
        return {
            "outdir": str(app.outdir), "inventory": state.inventory,
            "custom_blocks": state.custom_blocks, "search_css_classes": state.search_css_classes,
            "builder_name": app.builder.name, "disable_link_titles": state.disable_link_titles,
        }

    def submit(self, docname: str) -> None:
        """Link *docname*, which is on disk, as soon as the pool can."""
        transforms = self.state.cache.transforms
        if docname not in transforms:
            logger.warning("this page was written without the links in its code: no names were "
                           "saved for it when it was last read; build again with -E",
                           location=docname, type="codeautolink", subtype="linkpass")
        if not transforms.get(docname) or docname in self.waiting:
            return
        self.waiting.append(docname)
        if self.pool is None and len(self.waiting) >= self.POOL_FROM:
            workers = max(1, min(os.cpu_count() or 1, len(self.state.cache.transforms)))
            self.pool = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker, initargs=(self.settings(),))
        if self.pool is not None:
            for doc in self.waiting:
                if doc not in self.futures:
                    self.futures[doc] = self.pool.submit(_link, doc, self.state.cache.transforms[doc])

    def finish(self) -> None:
        """Link what is left, wait for every page, and pass on what the workers logged."""
        try:
            for docname in self.written:
                self.submit(docname)
            if self.pool is None:
                settings = self.settings()
                for docname in self.waiting:
                    transforms = self.state.cache.transforms[docname]
                    self._wait(docname, partial(_link_page, settings, docname, transforms))
            for docname in sorted(self.futures):
                for level, message, kind, subtype, location in self._wait(
                        docname, self.futures[docname].result):
                    logger.log(level, message, type=kind, subtype=subtype, location=location)
            self.state.cache.write()
        finally:
            self.close()

    @staticmethod
    def _wait(docname: str, link):
        try:
            return link()
        except Exception as exc:
            raise ExtensionError(
                f"sphinx-codeautolink could not link the page {docname!r}: {exc!r}",
                modname=__name__) from exc

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def setup(app):
    app.setup_extension("sphinx_codeautolink")
    changed = problems(app)
    if changed:
        raise ExtensionError("sphinx-codeautolink changed where this module relies on it:\n  "
                             + "\n  ".join(changed), modname=__name__)
    state, listener = state_of(app)
    app.disconnect(listener)

    def builder_inited(app) -> None:
        if state.do_nothing:
            app.builder.tutorial_linkpass = None
            return
        reload_saved_names(state, app.env.found_docs)
        app.builder.tutorial_linkpass = LinkPass(app, state)

    def doctree_resolved(app, doctree, docname) -> None:
        linkpass = getattr(app.builder, "tutorial_linkpass", None)
        if linkpass is not None:
            linkpass.page_resolved(docname)

    def build_finished(app, exception) -> None:
        linkpass = getattr(app.builder, "tutorial_linkpass", None)
        if linkpass is None:
            return
        if exception is not None:
            linkpass.close()
            return
        linkpass.finish()

    # After codeautolink's own builder-inited handler (priority 500), which
    # decides whether this builder gets links at all.
    app.connect("builder-inited", builder_inited, priority=600)
    app.connect("doctree-resolved", doctree_resolved, priority=900)
    app.connect("build-finished", build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

