"""The one Sphinx configuration: used by the Makefile, tox and Read the Docs."""

import os
import platform
import re
import sys
from importlib import metadata
from urllib.parse import urlsplit

# The runner lives beside this file, as a package of its own.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from tutorial_ext import apilinks  # noqa: E402

# -- Project ------------------------------------------------------------------

project = "gevent tutorial"
author = "the gevent tutorial contributors"
copyright = "2026, " + author
release = "2026.11"
version = release  # the epub builder wants one, and this tutorial has no X.Y series

# -- General ------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.intersphinx",
    "sphinx_codeautolink",
    "sphinx_copybutton",
    "runexample",  # our example runner: runexample/__init__.py
    "tutorial_ext.apilinks",  # code spans such as `gevent.spawn` link to the reference
    "tutorial_ext.linkpass",  # codeautolink's HTML pass on every core, as pages are written
    "tutorial_ext.epub",  # marks the epub's pages that hold SVG timelines
    "tutorial_ext.downloads",  # zips of the examples, all and per chapter
    "tutorial_ext.site",  # the root redirect, the 404 page, link previews
    "tutorial_ext.versions",  # the version matrix (docs/_data/versions.json) on the pages
]

# This file sits at the root of the repository, so the root is Sphinx's
# source folder: only the pages under docs/ are pages.
root_doc = "docs/index"
include_patterns = ["docs/**"]
exclude_patterns = [
    "_build", ".venv", ".tox", ".git", ".ci", ".pytest_cache",
    "README.md", "tests", "benchmarks", "examples", "requirements", "runexample",
    "tutorial_ext", "compat", ".github",
    # The version matrix's environments: Sphinx would walk every file of them.
    ".compat",
]
source_suffix = {".md": "markdown"}

# Every reference must resolve; the Makefile, tox and Read the Docs all add -W.
nitpicky = True

myst_enable_extensions = ["colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3

# The versions this build really used, for the landing page.
myst_substitutions = {
    "python_version": platform.python_version(),
    "gevent_version": metadata.version("gevent"),
    "greenlet_version": metadata.version("greenlet"),
    "sphinx_version": metadata.version("sphinx"),
}

# -- Links to gevent's and Python's reference ----------------------------------------

# Each project lists two places for its inventory: the live one first, so that
# a build with internet uses the current inventory, and the copy kept in this
# repository second, used when the first cannot be fetched (an offline build
# logs that at info level, not as a warning). README.md says how to refresh
# the copies.
intersphinx_mapping = {
    "gevent": ("https://www.gevent.org/", (None, "docs/_inventories/gevent.inv")),
    "python": ("https://docs.python.org/3/", (None, "docs/_inventories/python.inv")),
}
# Without a limit, a fetch that gets no answer would hang the build.
intersphinx_timeout = 10

# Names in the example scripts link too (sphinx-codeautolink). Python finds
# many gevent objects in compiled modules (gevent.queue.Queue is
# gevent._gevent_cqueue.Queue); this map leads each back to the name gevent's
# reference documents it under. Names from Flask, Werkzeug, pyzmq and
# simple-websocket stay unlinked on purpose: there is no inventory of theirs
# here, and codeautolink's warnings about them stay off.
_here = os.path.dirname(os.path.abspath(__file__))
codeautolink_inventory_map = apilinks.codeautolink_aliases(
    apilinks.inventory_names(os.path.join(_here, "docs/_inventories/gevent.inv"))
    | apilinks.inventory_names(os.path.join(_here, "docs/_inventories/python.inv")),
    apilinks.imported_modules(os.path.join(_here, "examples")) | {"gevent"},
)

# -- HTML -----------------------------------------------------------------------

html_theme = "sphinx_rtd_theme"
html_title = "gevent tutorial"
html_theme_options = {"navigation_depth": 3, "collapse_navigation": False}
html_static_path = []
html_last_updated_fmt = "%Y-%m-%d"
copybutton_exclude = ".linenos, .gp, .go"
# Pages whose title holds every searched word come first (see the file).
html_search_scorer = "tutorial_ext/search_scorer.js"

# -- Epub -------------------------------------------------------------------------------

# Sphinx's epub theme, with long code lines wrapped (tutorial_ext/themes).
html_theme_path = ["tutorial_ext/themes"]
epub_theme = "tutorial_epub"
# Links still work in a reader; printing each URL after it would bury the
# text under the many links to gevent's and Python's reference.
epub_show_urls = "no"
# With the default scope, Sphinx writes the book's table of contents relative
# to docs/ instead of the book's root when the root document sits in a folder
# (Sphinx 9.0); this scope takes the entries that it has corrected.
epub_tocscope = "includehidden"
# Left in the output folder by an earlier build (the runner's report of its
# runs, Sphinx's backup of changed build info): not part of the book.
epub_exclude_files = ["runexample-report.json", ".buildinfo.bak"]
# The book's identifier; the table of contents repeats it, so it must be a
# valid XML id as well.
epub_uid = epub_identifier = "gevent-tutorial-" + release

# -- Downloads --------------------------------------------------------------------------

# _downloads/examples/gevent-tutorial-examples.zip, and one zip per chapter
# (tutorial_ext/downloads.py). Their requirements.txt is the examples' part of
# requirements/docs.txt, from the line "# The examples." on.
examples_zip_basename = "gevent-tutorial-examples"
examples_zip_requirements = "requirements/docs.txt"

# -- The example runner ------------------------------------------------------------

runexample_examples_dir = "examples"
runexample_timeout = 10
# gevent prints a greenlet's uncaught exception and carries on, so a script
# can exit 0 after one died. This line of gevent's report (Hub.print_exception)
# fails the run, unless the page shows it on purpose with :shows-errors:.
runexample_error_patterns = {
    "a greenlet died with an uncaught exception":
        r"^.*<[^<>\n]* at 0x[0-9a-fA-F]+[^\n]*> failed with [\w.]+\s*$",
}
# Every example imports gevent, or runs code that does: a cached run is
# stale when either changes, even if the script itself imported neither.
runexample_cache_packages = ["gevent", "greenlet"]

# On Read the Docs, link each example to its source on GitHub at the built commit.
_clone = os.environ.get("READTHEDOCS_GIT_CLONE_URL", "")
_match = re.match(r"(?:https://|git@)github\.com[/:]([^/]+/[^/]+?)(?:\.git)?$", _clone)
if _match and os.environ.get("READTHEDOCS_GIT_COMMIT_HASH"):
    runexample_source_url = (
        f"https://github.com/{_match[1]}/blob/"
        f"{os.environ['READTHEDOCS_GIT_COMMIT_HASH']}/{{path}}"
    )

# -- The site: 404 page, link previews, the root redirect ------------------------------
# tutorial_ext/site.py: the site's root index.html sends visitors to docs/, and
# the 404 page links to the landing page, each chapter and the search.

# Read the Docs says where this build will be served; elsewhere, links that
# must be absolute start at the site's root.
_canonical = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
html_baseurl = _canonical
# The 404 page is served for a missing URL at any depth, so its links and
# assets are absolute: under this path.
notfound_urls_prefix = urlsplit(_canonical).path or "/"
# Link previews (Open Graph): title and first sentence of every page. The
# social-card images would need matplotlib, which this project does not use.
ogp_site_url = _canonical
ogp_social_cards = {"enable": False}
