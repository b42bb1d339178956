"""The site around the pages: the root redirect, the 404 page's links, link previews.

- The pages live under ``docs/``, so the site's root ``index.html`` sends
  visitors to the landing page. It carries the landing page's Open Graph
  tags, so that the bare site address pasted into a chat shows a preview too.
- sphinx-notfound-page writes ``404.html`` with absolute links (under
  ``notfound_urls_prefix``), so that it works at any depth of a missing URL.
  Its body comes from here: a search box and links to the landing page and
  each chapter, read from the root document's table of contents.
- sphinxext-opengraph tags every page that has a source; pages that have
  none (the index, search, 404) get ``og:title`` and the site's name here.
"""

from __future__ import annotations

import contextlib
import html
import io
import os
import re
from urllib.parse import urljoin

from sphinx.util import logging

# sphinxext-opengraph prints that matplotlib is missing when it is imported;
# its social cards, the only part that needs it, are switched off in conf.py.
with contextlib.redirect_stdout(io.StringIO()):
    import sphinxext.opengraph  # noqa: F401

logger = logging.getLogger(__name__)

OG_TAG = re.compile(r'<meta (?:property="og:[^"]+"|name="description") content="[^"]*" */?>')


def prefix(app) -> str:
    value = app.config.notfound_urls_prefix or "/"
    return value if value.endswith("/") else value + "/"


def notfound_body(app) -> str:
    """The 404 page's text: where the reader can go from here."""
    env, builder, root = app.env, app.builder, app.config.root_doc
    base = prefix(app)

    def link(docname: str) -> str:
        title = html.escape(env.titles[docname].astext()) if docname in env.titles else docname
        return f'<a href="{html.escape(base + builder.get_target_uri(docname))}">{title}</a>'

    chapters = "".join(f"<li>{link(doc)}</li>\n" for doc in env.toctree_includes.get(root, [])
                       if doc in env.titles)
    return (
        "<h1>Page not found</h1>\n"
        f"<p>There is no page at this address in the {html.escape(app.config.project)}. "
        "It may have moved, or the link that brought you here may be mistyped.</p>\n"
        f'<form class="notfound-search" action="{html.escape(base)}search.html" method="get">\n'
        '<label>Search the tutorial: <input type="search" name="q"></label>\n'
        '<button type="submit">Search</button>\n</form>\n'
        f"<p>Or start again from {link(root)}, or go to a chapter:</p>\n"
        f'<ul class="notfound-chapters">\n{chapters}</ul>\n'
    )


def fill_notfound(app):
    """Runs before sphinx-notfound-page collects its page: give it our body."""
    if app.builder.format != "html" or app.builder.embedded:
        return []
    app.config.notfound_context = {"title": "Page not found", "body": notfound_body(app)}
    return []


DESCRIPTION = re.compile(r'(<meta (?:property="og:description"|name="description") content=")([^"]*)(")')
# A sentence ends at . ! or ? before a space and a word (this tutorial starts
# sentences with "gevent" too, so a lower-case letter counts).
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Za-z`\"(])")


def first_sentence(text: str, shortest: int = 25) -> str:
    """The first sentence of *text*, if it is a whole one of reasonable length."""
    for end in SENTENCE_END.finditer(text):
        if end.start() >= shortest:
            return text[:end.start()]
    return text


def previews_say_one_sentence(app, pagename, templatename, context, doctree) -> None:
    """A preview shows the page's first sentence, not 200 characters cut mid-word."""
    if "metatags" in context:
        context["metatags"] = DESCRIPTION.sub(
            lambda m: m[1] + first_sentence(m[2]) + m[3], context["metatags"])


def og_for_pages_without_source(app, pagename, templatename, context, doctree) -> None:
    """Index, search and 404 pages have no doctree, so sphinxext-opengraph skips them."""
    if doctree is not None or app.builder.name == "epub" or "og:title" in context.get("metatags", ""):
        return
    # Sphinx's templates set these pages' titles themselves, not in the context.
    title = {"search": "Search", "genindex": "Index"}.get(pagename) or context.get("title") or app.config.project
    tags = {"og:title": title, "og:type": "website", "og:site_name": app.config.project}
    site = app.config.ogp_site_url
    if site and pagename != app.config.notfound_pagename:
        tags["og:url"] = urljoin(site, app.builder.get_target_uri(pagename))
    context["metatags"] = context.get("metatags", "") + "".join(
        f'<meta property="{key}" content="{html.escape(value)}" />\n' for key, value in tags.items())


def root_redirect(app, exception) -> None:
    """The pages live under docs/, so send visitors of the site's root there."""
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    landing = app.builder.get_target_uri(app.config.root_doc)
    if landing in ("index.html", ""):
        return  # the landing page is the root already
    title = html.escape(app.config.html_title or app.config.project)
    try:  # the landing page's preview tags, as written (this works under -j too)
        with open(os.path.join(app.outdir, landing.rstrip("/") + ("/index.html" if landing.endswith("/") else "")),
                  encoding="utf-8") as f:
            tags = "".join(OG_TAG.findall(f.read()))
    except OSError:
        tags = ""
    with open(os.path.join(app.outdir, "index.html"), "w", encoding="utf-8") as f:
        f.write(
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="0; url={landing}">'
            f'<link rel="canonical" href="{landing}">'
            f"<title>{title}</title>{tags}</head>"
            f'<body><p><a href="{landing}">{title}</a></p></body></html>\n'
        )


def setup(app):
    app.setup_extension("notfound.extension")
    app.setup_extension("sphinxext.opengraph")
    # Before sphinx-notfound-page's own html-collect-pages handler (priority 500).
    app.connect("html-collect-pages", fill_notfound, priority=400)
    # After sphinxext-opengraph's html-page-context handler (priority 500).
    app.connect("html-page-context", og_for_pages_without_source, priority=600)
    app.connect("html-page-context", previews_say_one_sentence, priority=600)
    app.connect("build-finished", root_redirect)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
