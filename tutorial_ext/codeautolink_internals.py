"""Every internal of sphinx-codeautolink that this project relies on, in one place.

sphinx-codeautolink has no public API for what ``linkpass`` and ``apilinks``
do, so they use the names below, and nothing else of it. :func:`problems`
checks each one against the installed version and says, in words, what
changed; ``linkpass`` refuses to start with a clear error when anything has,
and ``tests/test_apilinks.py`` fails with the same words. The link pass
itself is checked end to end by that file's other tests (its HTML equals
codeautolink's own pass, byte for byte).

1. The extension's state object, :class:`SphinxCodeAutoLink`, found as the
   owner of its ``build-finished`` handler ``apply_links``, which
   ``linkpass`` replaces; and the state's attributes :data:`STATE`.
2. Its ``DataCache`` (``state.cache``): the attributes :data:`CACHE`. Its
   ``read()`` reloads the names saved by the last build only for pages whose
   source ends in ``.rst``; :func:`reload_saved_names` makes it reload them
   for every page Sphinx knows, whatever its suffix.
3. ``link_html``, which puts the links into one written page, called with
   the parameters :data:`LINK_HTML`.
4. ``PrefaceMarker(content, level)``, which ``apilinks`` puts before an
   excerpt so that its names resolve through the whole script's imports.
5. The priorities of two of its handlers (:data:`PRIORITIES`): ``apilinks``
   and ``linkpass`` run just before or after them.
"""

from __future__ import annotations

import inspect
from importlib import metadata

from sphinx_codeautolink.extension import SphinxCodeAutoLink
from sphinx_codeautolink.extension.block import link_html
from sphinx_codeautolink.extension.directive import PrefaceMarker

#: The version these internals were read from (requirements/docs.txt pins it).
KNOWN_VERSION = "0.19.0"
STATE = ("do_nothing", "cache", "inventory", "custom_blocks", "search_css_classes",
         "disable_link_titles", "apply_links", "build_inited", "parse_blocks")
CACHE = ("transforms", "src_dir", "read", "write")
LINK_HTML = ("document", "out_dir", "transforms", "inventory", "custom_blocks",
             "search_css_classes", "builder_name", "disable_link_titles")
PRIORITIES = {("builder-inited", "build_inited"): 500, ("doctree-read", "parse_blocks"): 490}

__all__ = ["PrefaceMarker", "link_html", "problems", "reload_saved_names", "state_of"]


def state_of(app) -> tuple[SphinxCodeAutoLink, int]:
    """The extension's state object, and the listener id of its ``apply_links``."""
    for listener in app.events.listeners["build-finished"]:
        owner = getattr(listener.handler, "__self__", None)
        if isinstance(owner, SphinxCodeAutoLink) and listener.handler.__name__ == "apply_links":
            return owner, listener.id
    raise LookupError("its build-finished handler apply_links is not connected")


class _KnownPages:
    """Stands in for the source folder while ``DataCache.read`` runs: a page
    "exists" when Sphinx found its source, whatever the source's suffix."""

    def __init__(self, docnames) -> None:
        self.docnames = set(docnames)

    def __truediv__(self, name: str) -> _KnownPages._Page:
        return self._Page(name.removesuffix(".rst") in self.docnames)

    class _Page:
        def __init__(self, found: bool) -> None:
            self.found = found

        def exists(self) -> bool:
            return self.found


def reload_saved_names(state: SphinxCodeAutoLink, docnames) -> None:
    """Reload the names the last build saved for *docnames*, ``.md`` pages included."""
    cache = state.cache
    src_dir = cache.src_dir
    cache.src_dir = _KnownPages(docnames)
    try:
        cache.read()
    finally:
        cache.src_dir = src_dir


def problems(app=None) -> list[str]:
    """What differs from the internals listed above; an empty list if nothing does.

    With *app* (a Sphinx application that has loaded the extension), the
    handlers and their priorities are checked too.
    """
    found = []
    state = SphinxCodeAutoLink()
    for name in STATE:
        if not hasattr(state, name) and not hasattr(SphinxCodeAutoLink, name):
            found.append(f"SphinxCodeAutoLink has no attribute {name!r}")
    from sphinx_codeautolink.extension.cache import DataCache

    cache = DataCache(".", ".")
    found += [f"DataCache has no attribute {name!r}" for name in CACHE if not hasattr(cache, name)]
    params = tuple(inspect.signature(link_html).parameters)
    if params != LINK_HTML:
        found.append(f"link_html takes {params}, not {LINK_HTML}")
    if tuple(inspect.signature(PrefaceMarker).parameters) != ("content", "level"):
        found.append("PrefaceMarker no longer takes (content, level)")
    if app is not None:
        found += _handler_problems(app)
    if found:
        found.append(f"(read from sphinx-codeautolink {KNOWN_VERSION}; installed: "
                     f"{metadata.version('sphinx-codeautolink')})")
    return found


def _handler_problems(app) -> list[str]:
    found = []
    try:
        state_of(app)
    except LookupError as exc:
        found.append(str(exc))
    for (event, handler), priority in PRIORITIES.items():
        seen = [listener.priority for listener in app.events.listeners[event]
                if getattr(listener.handler, "__name__", "") == handler
                and isinstance(getattr(listener.handler, "__self__", None), SphinxCodeAutoLink)]
        if seen != [priority]:
            found.append(f"its {event} handler {handler} runs at priority {seen or 'none'}, not {priority}")
    return found
