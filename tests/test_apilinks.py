"""API names link to their reference: code spans in prose, names in the runner's code.

Built on ``roots/test-apilinks``, whose intersphinx mapping names an address
that cannot answer first and the inventory copies second, like an offline
build of the tutorial.
"""

import re
import runpy
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.errors import ExtensionError
from sphinx.util.console import strip_colors

from conftest import build, soup, warning_text
from tutorial_ext import apilinks, linkpass

ROOT = Path(__file__).resolve().parent.parent
INVENTORIES = ROOT / "docs" / "_inventories"
GEVENT = "https://www.gevent.org/api/"
PYTHON = "https://docs.python.org/3/library/"


TEST_ROOT = "apilinks"


def links(tag):
    return {a.get_text(): a["href"] for a in tag.find_all("a", href=True)}


# -- prose ----------------------------------------------------------------------------------


def test_dotted_names_in_code_spans_link_to_their_reference(make_app, project):
    app = build(make_app, project, (
        "# Page\n\n"
        "Start with `gevent.spawn`, wait with `gevent.sleep()`, queue with\n"
        "`gevent.queue.Queue`. The standard library has `socket.socket` and\n"
        "`threading.local`, and raises `ValueError`.\n"
    ))
    warnings = warning_text(app)
    assert warnings == ""
    found = links(soup(app).find("p"))
    assert found == {
        "gevent.spawn": GEVENT + "gevent.html#gevent.spawn",
        "gevent.sleep()": GEVENT + "gevent.html#gevent.sleep",
        "gevent.queue.Queue": GEVENT + "gevent.queue.html#gevent.queue.Queue",
        "socket.socket": PYTHON + "socket.html#socket.socket",
        "threading.local": PYTHON + "threading.html#threading.local",
        "ValueError": "https://docs.python.org/3/library/exceptions.html#ValueError",
    }


def test_other_code_spans_stay_as_they_are(make_app, project):
    app = build(make_app, project, (
        "# About `gevent.spawn`\n\n"
        "Bare names: `spawn()`, `Queue`, `Timeout`, `None`, `set()`, `GreenletExit`.\n"
        "Unknown to every inventory: `zmq.green`,\n"
        "`request.args`. Not a name: `gevent.spawn(f)`, `a b`.\n"
        "Already a link: [`gevent.sleep`](https://example.org/).\n"
        "A role's output: {kbd}`gevent.sleep`.\n"
    ))
    warnings = warning_text(app)
    assert warnings == ""
    page = soup(app)
    assert page.find("h1").find("a", class_="reference") is None
    assert links(page.find("p")) == {"gevent.sleep": "https://example.org/"}
    assert "zmq.green" in page.find("p").get_text()


def test_a_role_still_links_what_a_code_span_cannot(make_app, project):
    app = build(make_app, project, "# Page\n\nThe {py:class}`~gevent.event.AsyncResult` class.\n")
    warnings = warning_text(app)
    assert warnings == ""
    assert links(soup(app).find("p")) == {
        "AsyncResult": GEVENT + "gevent.event.html#gevent.event.AsyncResult"}


def test_a_name_no_inventory_has_still_warns_in_a_role(make_app, project):
    """Nitpicky mode stays on: only code spans are linked by guessing, roles are checked."""
    app = build(make_app, project, "# Page\n\nSee {py:func}`gevent.no_such_function`.\n")
    warnings = warning_text(app)
    assert "py:func reference target not found: gevent.no_such_function" in warnings


# -- code -----------------------------------------------------------------------------------


def test_names_in_a_whole_script_link_and_line_numbers_stay(make_app, project):
    app = build(make_app, project, (
        "# Page\n\n```{runexample} workers.py\n:emphasize-lines: 6\n```\n"))
    warnings = warning_text(app)
    assert warnings == ""
    block = soup(app).find("div", class_="runexample")
    code = block.find("pre")
    found = links(code)
    assert found["gevent.spawn"] == GEVENT + "gevent.html#gevent.spawn"
    assert found["gevent.joinall"] == GEVENT + "gevent.html#gevent.joinall"
    # Compiled in gevent._gevent_cqueue, documented as gevent.queue.Queue.
    assert found["Queue"] == GEVENT + "gevent.queue.html#gevent.queue.Queue"
    assert found["time.perf_counter"] == PYTHON + "time.html#time.perf_counter"
    # Line numbers, the highlighted line and the caption's download link are intact.
    numbers = [int(s.get_text()) for s in code.find_all("span", class_="linenos")]
    lines = (project / "examples" / "workers.py").read_text().count("\n")
    assert numbers == list(range(1, lines + 1))
    assert "from gevent.queue import Queue" in code.find("span", class_="hll").get_text()
    assert block.find("a", class_="download")["href"].endswith("/workers.py")


def test_names_in_an_excerpt_resolve_through_the_scripts_imports(make_app, project):
    app = build(make_app, project, (
        "# Page\n\n```{runexample} workers.py\n:pyobject: Worker.run\n:no-output:\n```\n"))
    warnings = warning_text(app)
    assert warnings == ""
    block = soup(app).find("div", class_="runexample")
    assert "(excerpt)" in block.find(class_="code-block-caption").get_text()
    code = block.find("pre")
    numbers = [int(s.get_text()) for s in code.find_all("span", class_="linenos")]
    assert numbers == list(range(15, 20))  # the script's own line numbers
    found = links(code)
    # `gevent` and `tasks` are defined above the excerpt, in the hidden preface.
    assert found["gevent.sleep"] == GEVENT + "gevent.html#gevent.sleep"
    # Queue inherits get() from SimpleQueue, where gevent documents it.
    assert found["tasks.get"] == GEVENT + "gevent.queue.html#gevent.queue.SimpleQueue.get"
    # The preface itself is never shown.
    assert "import" not in code.get_text()


def test_output_blocks_get_no_links(make_app, project):
    app = build(make_app, project, "# Page\n\n```{runexample} workers.py\n```\n")
    warnings = warning_text(app)
    assert warnings == ""
    output = soup(app).find("div", class_="runexample-output")
    assert "a did 0" in output.get_text()
    assert output.find("a", class_="sphinx-codeautolink-a") is None


def test_epub_builds_without_the_markers(make_app, project):
    """codeautolink links only HTML; its preface markers must not reach other builders."""
    app = build(make_app, project, (
        "# Page\n\n```{runexample} workers.py\n:pyobject: Worker.run\n:no-output:\n```\n"),
        builder="epub")
    warnings = warning_text(app)
    assert "unknown node" not in warnings, warnings
    page = BeautifulSoup((Path(app.outdir) / "index.xhtml").read_text("utf-8"), "html.parser")
    assert "item = tasks.get()" in page.find("pre").get_text()


# -- the pass that adds the links: tutorial_ext.linkpass ------------------------------------


SECOND_PAGE = "# Other\n\n```{runexample} workers.py\n:pyobject: Worker.run\n:no-output:\n```\n"
TOCTREE = "```{toctree}\nother\n```\n\n"


@pytest.fixture(params=["here", "pool"])
def where(request, monkeypatch):
    """Link in Sphinx's process (a build that writes few pages), or in the pool."""
    if request.param == "pool":
        monkeypatch.setattr(linkpass.LinkPass, "POOL_FROM", 1)
    return request.param


def two_pages(project, output=False):
    (project / "other.md").write_text(SECOND_PAGE)
    options = "" if output else ":no-output:\n"
    (project / "index.md").write_text(
        f"# Page\n\n{TOCTREE}```{{runexample}} workers.py\n{options}```\n")


def linked_where(app) -> str:
    futures = app.builder.tutorial_linkpass.futures
    assert set(futures) in (set(), {"index", "other"})
    return "pool" if futures else "here"


def test_the_pool_writes_what_codeautolinks_own_pass_writes(make_app, project, tmp_path, where):
    two_pages(project, output=True)
    serial = tmp_path / "serial"
    shutil.copytree(project, serial)
    ours = make_app("html", srcdir=project, warningiserror=False)
    ours.build()
    assert linked_where(ours) == where
    our_warnings = strip_colors(ours.warning.getvalue()).strip()
    ours.cleanup()  # unregisters its nodes, which a second app would register again
    # The root's extensions, without this one: codeautolink's own pass links the pages.
    own = ["myst_parser", "sphinx.ext.intersphinx", "sphinx_codeautolink", "runexample",
           "tutorial_ext.apilinks"]
    theirs = make_app("html", srcdir=serial, warningiserror=False,
                      confoverrides={"extensions": own})
    theirs.build()
    assert "tutorial_ext.linkpass" not in theirs.extensions
    assert our_warnings == ""
    assert strip_colors(theirs.warning.getvalue()).strip() == ""
    for page in ("index", "other"):
        html = (Path(ours.outdir) / f"{page}.html").read_text("utf-8")
        assert html == (Path(theirs.outdir) / f"{page}.html").read_text("utf-8"), page
        assert soup(ours, page).find("a", class_="sphinx-codeautolink-a") is not None, page


def test_a_warning_logged_while_linking_reaches_sphinx(make_app, project, where):
    two_pages(project)
    app = make_app("html", srcdir=project, warningiserror=False)

    def garble(app, pagename, templatename, context, doctree):
        # The written code no longer matches what codeautolink read.
        if pagename in ("index", "other"):
            context["body"] = context["body"].replace("tasks", "chores")

    app.connect("html-page-context", garble)
    app.build()
    assert linked_where(app) == where
    warnings = strip_colors(app.warning.getvalue())
    for page in ("index", "other"):
        assert f"{page}.md: WARNING: Could not match a code example to HTML" in warnings, warnings
    assert "[codeautolink.match_block]" in warnings


def test_a_page_that_cannot_be_linked_stops_the_build_with_its_name(make_app, project, where):
    two_pages(project)
    app = make_app("html", srcdir=project, warningiserror=False)

    def lose_the_page(app, exception):  # before the pass (priority 500); Sphinx calls it
        (Path(app.outdir) / "other.html").unlink(missing_ok=True)  # again after the error

    app.connect("build-finished", lose_the_page, priority=100)
    with pytest.raises(ExtensionError, match=r"could not link the page 'other'.*FileNotFoundError"):
        app.build()



def test_a_page_rewritten_because_its_script_changed_keeps_its_links(make_app, project):
    """codeautolink's own pass links only the pages outdated when the build
    starts; this one is written again because its example changed."""
    (project / "index.md").write_text("# Page\n\n```{runexample} workers.py\n```\n")
    first = make_app("html", srcdir=project, warningiserror=False)
    first.build()
    first.cleanup()
    with open(project / "examples" / "workers.py", "a") as script:
        script.write("# edited\n")
    again = make_app("html", srcdir=project, warningiserror=False)
    again.build()
    assert again.builder.tutorial_linkpass.written == ["index"]
    assert strip_colors(again.warning.getvalue()).strip() == ""
    assert soup(again).find("a", class_="sphinx-codeautolink-a") is not None


def test_pages_written_by_parallel_workers_are_linked_at_the_end(make_app, project, monkeypatch):
    """Under ``-j`` Sphinx writes most pages in forked processes; they are linked too."""
    monkeypatch.setattr(linkpass.LinkPass, "POOL_FROM", 1)
    two_pages(project)
    app = make_app("html", srcdir=project, warningiserror=False, parallel=2)
    app.build()
    assert strip_colors(app.warning.getvalue()).strip() == ""
    assert linked_where(app) == "pool"
    for page in ("index", "other"):
        assert soup(app, page).find("a", class_="sphinx-codeautolink-a") is not None, page

# -- the alias map ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def names():
    return (apilinks.inventory_names(INVENTORIES / "gevent.inv")
            | apilinks.inventory_names(INVENTORIES / "python.inv"))


@pytest.fixture(scope="module")
def aliases(names):
    return apilinks.codeautolink_aliases(names, {"gevent", "socket", "threading", "queue"})


@pytest.mark.parametrize("found, documented", [
    ("gevent._gevent_cqueue.Queue", "gevent.queue.Queue"),  # compiled class
    ("gevent._gevent_cevent.Event.wait", "gevent.event.Event.wait"),  # its method
    ("gevent._gevent_c_hub_local.get_hub", "gevent.hub.get_hub"),
    ("greenlet.GreenletExit", "gevent.GreenletExit"),  # re-exported from greenlet
    ("gevent.socket.create_connection", "gevent._socket3.create_connection"),
    ("gevent.socket.SOCK_STREAM", "socket.SOCK_STREAM"),  # the standard library's own
    ("gevent.socket.error", "socket.error"),
    ("_thread._local", "threading.local"),
    ("builtins.OSError", "OSError"),
])
def test_aliases_lead_to_the_documented_name(aliases, names, found, documented):
    assert documented in names
    assert aliases[found] == documented


def test_aliases_never_shadow_a_documented_name(aliases, names):
    assert not set(aliases) & names
    assert set(aliases.values()) <= names


def test_imported_modules_reads_the_scripts(tmp_path):
    (tmp_path / "a.py").write_text("import os.path\nfrom gevent import monkey\nfrom . import x\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.py").write_text("def f():\n    import zmq.green as zmq\n")
    (tmp_path / "broken.py").write_text("import flask\ndef (:\n")  # skipped, not a crash
    assert apilinks.imported_modules(tmp_path) == {"os", "gevent", "zmq"}


# -- the tutorial's own configuration ----------------------------------------------------------


def test_conf_reads_live_inventories_first_and_the_copies_offline():
    conf = runpy.run_path(str(ROOT / "conf.py"))
    assert set(conf["intersphinx_mapping"]) == {"gevent", "python"}
    for name, (url, locations) in conf["intersphinx_mapping"].items():
        assert url.startswith("https://")
        first, fallback = locations
        assert first is None, "the live inventory (url + objects.inv) comes first"
        assert not re.search(r"\.\./|shared", fallback), "the build never reads ../shared"
        assert (ROOT / fallback).is_file()
        assert fallback == f"docs/_inventories/{name}.inv"
    assert conf["intersphinx_timeout"] > 0


def test_html_after_epub_on_the_same_doctrees_still_links_code(make_app, project):
    """``make epub`` then ``make html`` share the doctrees: no stray marker, no lost links."""
    text = "# Page\n\n```{runexample} workers.py\n:pyobject: Worker.run\n:no-output:\n```\n"
    app = build(make_app, project, text, builder="epub")
    warnings = warning_text(app)
    assert warnings == ""
    app.cleanup()
    app = make_app("html", srcdir=project, warningiserror=False)
    app.build()
    assert strip_colors(app.warning.getvalue()).strip() == ""
    code = soup(app).find("div", class_="runexample").find("pre")
    assert links(code)["gevent.sleep"] == GEVENT + "gevent.html#gevent.sleep"


def test_a_changed_html_setting_rewrites_every_page_with_its_links(make_app, project):
    text = "# Page\n\n```{runexample} workers.py\n:no-output:\n```\n"
    app = build(make_app, project, text)
    warnings = warning_text(app)
    assert warnings == ""
    app.cleanup()
    app = make_app("html", srcdir=project, confoverrides={"html_title": "A new title"})
    app.build()
    page = soup(app)
    assert "A new title" in page.find("title").get_text()
    assert links(page.find("div", class_="runexample").find("pre"))["gevent.spawn"] == (
        GEVENT + "gevent.html#gevent.spawn")


# -- pages written again without being read again ------------------------------------------


def _code_links(app, page="index") -> int:
    return len(soup(app, page).find_all("a", class_="sphinx-codeautolink-a"))


def test_writing_every_page_again_keeps_every_link(make_app, project):
    """``sphinx-build -a`` writes every page but reads only the outdated ones;
    codeautolink 0.19 reloads its saved names only for ``.rst`` pages."""
    two_pages(project)
    first = make_app("html", srcdir=project, warningiserror=False)
    first.build()
    before = {page: _code_links(first, page) for page in ("index", "other")}
    assert all(before.values()), before
    first.cleanup()
    again = make_app("html", srcdir=project, warningiserror=False)
    again.build(force_all=True)
    assert sorted(again.builder.tutorial_linkpass.written) == ["index", "other"]
    assert strip_colors(again.warning.getvalue()).strip() == ""
    assert {page: _code_links(again, page) for page in ("index", "other")} == before


def test_a_page_written_without_its_saved_names_is_a_warning(make_app, project):
    """If codeautolink's saved names are gone, a page written without being
    read again would lose its links: the build says so instead."""
    two_pages(project)
    first = make_app("html", srcdir=project, warningiserror=False)
    first.build()
    first.cleanup()
    (Path(first.doctreedir) / "codeautolink-cache.json").unlink()
    again = make_app("html", srcdir=project, warningiserror=False)
    again.build(force_all=True)
    warnings = strip_colors(again.warning.getvalue())
    for page in ("index", "other"):
        assert re.search(rf"{page}\.md: WARNING: .*written without the links in its code", warnings), warnings


def test_the_codeautolink_internals_we_use_are_still_there(make_app, project):
    """When an upgrade of sphinx-codeautolink moves one, this says which."""
    from tutorial_ext import codeautolink_internals

    app = make_app("html", srcdir=project, confoverrides={"extensions": ["sphinx_codeautolink"]})
    changed = codeautolink_internals.problems(app)
    assert changed == [], "\n".join(changed)


def test_a_changed_internal_is_named(monkeypatch):
    from sphinx_codeautolink.extension.cache import DataCache

    from tutorial_ext import codeautolink_internals

    monkeypatch.delattr(DataCache, "write")
    changed = "\n".join(codeautolink_internals.problems())
    assert "DataCache has no attribute 'write'" in changed
    assert "read from sphinx-codeautolink 0.19.0" in changed
