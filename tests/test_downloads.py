"""Zips of the examples, built on ``roots/test-downloads``.

That root has two chapters under ``pages/``: ``alpha``, whose page shows
``examples/alpha/hello.py`` (which imports a helper and reads a data file),
and ``beta``, which shows no example; and ``notes/``, a folder without an
index page that shows ``examples/beta/serve.py``.
"""

import os
import subprocess
import sys
import zipfile
from pathlib import Path


from bs4 import BeautifulSoup

from conftest import build, soup, warning_text
from tutorial_ext.downloads import REQUIREMENTS_MARKER, requirements_text

ROOT = Path(__file__).resolve().parent.parent


TEST_ROOT = "downloads"


def zips(app):
    return sorted(p.name for p in (Path(app.outdir) / "_downloads" / "examples").iterdir())


def test_one_zip_of_all_and_one_per_chapter_that_shows_examples(make_app, project):
    app = build(make_app, project)
    warnings = warning_text(app)
    assert warnings == ""
    # beta shows no example, and notes/ has no index page: neither gets a zip.
    assert zips(app) == ["test-examples-alpha.zip", "test-examples.zip"]
    with zipfile.ZipFile(Path(app.outdir) / "_downloads/examples/test-examples.zip") as archive:
        assert sorted(archive.namelist()) == [
            "test-examples/README.txt",
            "test-examples/alpha/_data/name.txt",
            "test-examples/alpha/_helper.py",
            "test-examples/alpha/hello.py",
            "test-examples/beta/serve.py",
            "test-examples/beta/templates/page.html",
            "test-examples/requirements.txt",
        ]  # no .expected, no __pycache__
        assert archive.read("test-examples/requirements.txt").decode() == (
            "# The examples.\ngevent==26.9.0\n")
        readme = archive.read("test-examples/README.txt").decode()
        assert "Test tutorial (release 1.0)" in readme
        assert ".venv/bin/python alpha/hello.py" in readme
    with zipfile.ZipFile(Path(app.outdir) / "_downloads/examples/test-examples-alpha.zip") as archive:
        names = archive.namelist()
    assert "test-examples/alpha/hello.py" in names
    assert not [n for n in names if "/beta/" in n]


def test_a_script_runs_from_the_unpacked_zip(make_app, project, tmp_path):
    app = build(make_app, project)
    warnings = warning_text(app)
    assert warnings == ""
    with zipfile.ZipFile(Path(app.outdir) / "_downloads/examples/test-examples.zip") as archive:
        archive.extractall(tmp_path / "unpacked")
    # From another directory: the script finds its helper and its data file itself.
    done = subprocess.run([sys.executable, str(tmp_path / "unpacked/test-examples/alpha/hello.py")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert (done.returncode, done.stdout, done.stderr) == (0, "hello world\n", "")


def test_the_zips_are_the_same_from_build_to_build(make_app, project, tmp_path):
    app = build(make_app, project)
    first = (Path(app.outdir) / "_downloads/examples/test-examples.zip").read_bytes()
    (project / "examples/alpha/hello.py").touch()
    app = build(make_app, project, previous=app, freshenv=True)
    assert (Path(app.outdir) / "_downloads/examples/test-examples.zip").read_bytes() == first


def test_links_from_the_role_and_the_chapter_offer(make_app, project):
    app = build(make_app, project)
    warnings = warning_text(app)
    assert warnings == ""
    links = {a.get_text(): a["href"] for a in soup(app, "pages/index").find_all("a", class_="examples-zip")}
    assert links == {
        "test-examples.zip": "../_downloads/examples/test-examples.zip",
        "just the first chapter": "../_downloads/examples/test-examples-alpha.zip",
    }
    alpha = soup(app, "pages/alpha/index")
    offer = alpha.find("p", class_="examples-zip-offer")
    # Right after the chapter's first paragraph.
    assert offer.find_previous_sibling("p").get_text() == "The first chapter."
    assert offer.get_text() == ("Download this chapter's examples: test-examples-alpha.zip "
                                "(1 script, with the helper modules and files they need).")
    assert offer.find("a")["href"] == "../../_downloads/examples/test-examples-alpha.zip"
    assert (Path(app.outdir) / "pages/alpha" / offer.find("a")["href"]).resolve().is_file()
    assert soup(app, "pages/beta/index").find("p", class_="examples-zip-offer") is None


def test_the_caption_still_links_the_single_script(make_app, project):
    app = build(make_app, project)
    caption = soup(app, "pages/alpha/one").find("div", class_="code-block-caption")
    href = caption.find("a", class_="download")["href"]
    assert href.endswith("/hello.py")
    assert (Path(app.outdir) / "pages/alpha" / href).resolve().is_file()


def test_a_new_chapter_gets_its_zip_without_an_edit(make_app, project):
    (project / "pages/beta/two.md").write_text("# Two\n\n```{runexample} beta/serve.py\n```\n")
    index = project / "pages/beta/index.md"
    index.write_text(index.read_text() + "\n```{toctree}\ntwo\n```\n")
    app = build(make_app, project)
    warnings = warning_text(app)
    assert warnings == ""
    assert "test-examples-beta.zip" in zips(app)
    assert soup(app, "pages/beta/index").find("p", class_="examples-zip-offer") is not None


def test_an_unknown_chapter_is_a_located_warning(make_app, project):
    (project / "pages/index.md").write_text(
        "# Tutorial\n\n{examples-zip}`gamma`\n\n```{toctree}\nalpha/index\nbeta/index\nnotes/extra\n```\n")
    app = build(make_app, project)
    warnings = warning_text(app)
    assert "pages/index.md:3: WARNING: examples-zip: no chapter 'gamma'" in warnings


def test_in_an_epub_the_link_goes_to_the_site_or_is_text(make_app, project):
    app = build(make_app, project, builder="epub", confoverrides={"version": "1", "copyright": "2026"})
    text = (Path(app.outdir) / "pages/index.xhtml").read_text("utf-8")
    assert "test-examples.zip" in text and "_downloads" not in text
    app = build(make_app, project, builder="epub", previous=app, freshenv=True, confoverrides={
        "version": "1", "copyright": "2026", "html_baseurl": "https://example.org/tutorial/"})
    book = BeautifulSoup((Path(app.outdir) / "pages/index.xhtml").read_text("utf-8"), "html.parser")
    assert book.find("a", string="test-examples.zip")["href"] == (
        "https://example.org/tutorial/_downloads/examples/test-examples.zip")


def test_the_tutorials_requirements_have_the_examples_part():
    text = requirements_text(ROOT / "requirements" / "docs.txt")
    assert text.startswith(REQUIREMENTS_MARKER)
    assert "gevent==" in text and "sphinx" not in text.lower()


def test_the_offer_follows_a_page_that_changes_its_examples(make_app, project):
    app = build(make_app, project)
    assert "(1 script," in soup(app, "pages/alpha/index").find("p", class_="examples-zip-offer").get_text()
    # A page two levels below the chapter index, whose toctree does not list it.
    (project / "pages/alpha/deeper.md").write_text("# Deeper\n\nNothing yet.\n")
    (project / "pages/alpha/one.md").write_text(
        "# One\n\n```{runexample} alpha/hello.py\n```\n\n```{toctree}\ndeeper\n```\n")
    app = build(make_app, project, previous=app)
    one = project / "pages/alpha/deeper.md"
    one.write_text(one.read_text() + "\n```{runexample} beta/serve.py\n```\n")
    later = one.stat().st_mtime_ns + 2_000_000_000
    os.utime(one, ns=(later, later))
    app = build(make_app, project, previous=app)  # incremental: only deeper.md changed
    warnings = warning_text(app)
    assert warnings == ""
    offer = soup(app, "pages/alpha/index").find("p", class_="examples-zip-offer")
    assert "(2 scripts," in offer.get_text()
    with zipfile.ZipFile(Path(app.outdir) / "_downloads/examples/test-examples-alpha.zip") as archive:
        assert "test-examples/beta/serve.py" in archive.namelist()
