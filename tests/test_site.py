"""The built tutorial: links to the references, link previews, the 404 page, the zips.

The site is built once per session by ``tests/sitebuild.py``.
"""

import zipfile
from pathlib import Path

import pytest

import runexample
from bs4 import BeautifulSoup

from sitebuild import CANONICAL, PREFIX, ROOT, built_site

GEVENT = "https://www.gevent.org/"
PYTHON = "https://docs.python.org/3/"


@pytest.fixture(scope="module")
def site():
    return built_site()


@pytest.fixture(scope="module")
def pages(site):
    """Every HTML page of the site, parsed: path relative to the site -> soup."""
    return {p.relative_to(site).as_posix(): BeautifulSoup(p.read_text("utf-8"), "html.parser")
            for p in sorted(site.rglob("*.html"))
            if not p.relative_to(site).parts[0].startswith(("_static", "_sources", "_downloads"))}


def reference_links(pages):
    """(site, inside a code block?) for every link into gevent's or Python's reference."""
    found = []
    for soup in pages.values():
        for a in soup.find_all("a", href=True):
            for name, base in (("gevent", GEVENT), ("python", PYTHON)):
                if a["href"].startswith(base) and len(a["href"]) > len(base):
                    found.append((name, a.find_parent("pre") is not None))
    return found


def test_many_links_into_the_references_in_prose_and_in_code(pages):
    links = reference_links(pages)
    gevent = sum(1 for name, _ in links if name == "gevent")
    python = sum(1 for name, _ in links if name == "python")
    in_code = sum(1 for _, code in links if code)
    in_prose = len(links) - in_code
    assert gevent >= 150, gevent
    assert python >= 30, python
    assert in_code >= 50, in_code
    assert in_prose >= 30, in_prose  # code spans such as `gevent.spawn` in the text


def test_code_links_keep_the_line_numbers(pages):
    soup = pages["docs/core/spawning.html"]
    block = soup.find("div", class_="runexample").find("pre")
    numbers = [int(s.get_text()) for s in block.find_all("span", class_="linenos")]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 10
    spawn = block.find("a", string=None, href=GEVENT + "api/gevent.html#gevent.spawn")
    assert spawn is not None and spawn.get_text() == "gevent.spawn"


def test_every_page_has_a_link_preview(pages):
    missing = [path for path, soup in pages.items() if not soup.find("meta", property="og:title")]
    assert missing == []
    landing = pages["docs/index.html"]
    assert landing.find("meta", property="og:title")["content"] == "The gevent tutorial"
    assert landing.find("meta", property="og:url")["content"] == CANONICAL + "docs/index.html"
    # The first sentence, whole, as a link preview shows it.
    assert landing.find("meta", property="og:description")["content"] == (
        "gevent lets one Python thread serve thousands of network connections at once.")
    assert landing.find("meta", attrs={"name": "description"})["content"] == (
        "gevent lets one Python thread serve thousands of network connections at once.")
    assert landing.find("link", rel="canonical")["href"] == CANONICAL + "docs/index.html"
    # The site's root only redirects, but a preview of its address shows the landing page.
    root = pages["index.html"]
    assert root.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=docs/index.html"
    assert root.find("meta", property="og:title")["content"] == "The gevent tutorial"


def test_the_404_page_links_back_with_absolute_addresses(site, pages):
    assert (site / "404.html").is_file()
    soup = pages["404.html"]
    assert soup.find("h1").get_text() == "Page not found"
    body = soup.find("div", itemprop="articleBody")
    hrefs = [a["href"] for a in body.find_all("a")]
    assert PREFIX + "docs/index.html" in hrefs
    for chapter in ("core", "data-structures", "real-world"):
        assert f"{PREFIX}docs/{chapter}/index.html" in hrefs
    assert body.find("form")["action"] == PREFIX + "search.html"
    # Every link and asset is absolute, so the page works at any depth of a missing URL.
    for tag, attr in (("a", "href"), ("link", "href"), ("script", "src")):
        for node in soup.find_all(tag, attrs={attr: True}):
            value = node[attr]
            assert value.startswith((PREFIX, "https://", "#")), (tag, value)
    for href in hrefs:
        assert (site / href.removeprefix(PREFIX)).is_file(), href


def example_scripts():
    return runexample.example_scripts(ROOT / "examples")


def test_the_zip_holds_every_example_and_what_it_needs(site):
    path = site / "_downloads" / "examples" / "gevent-tutorial-examples.zip"
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    inside = {n.removeprefix("gevent-tutorial-examples/") for n in names}
    assert set(example_scripts()) <= inside
    assert {"README.txt", "requirements.txt", "real_world/_serving.py",
            "real_world/chat_room/templates/room.html"} <= inside
    assert not [n for n in inside if n.endswith(".expected")]


def test_each_chapter_index_offers_its_zip(site, pages):
    for chapter in ("core", "data-structures", "real-world"):
        offer = pages[f"docs/{chapter}/index.html"].find("p", class_="examples-zip-offer")
        href = offer.find("a")["href"]
        assert href.endswith(f"gevent-tutorial-examples-{chapter}.zip")
        assert (site / "docs" / chapter / href).resolve().is_file()
    landing = pages["docs/index.html"].find("a", class_="examples-zip")
    assert landing["href"] == "../_downloads/examples/gevent-tutorial-examples.zip"


def test_every_caption_still_links_its_script(site, pages):
    checked = 0
    for path, soup in pages.items():
        for block in soup.find_all("div", class_="runexample"):
            link = block.find(class_="code-block-caption").find("a", class_="download")
            assert link is not None, path
            assert (site / Path(path).parent / link["href"]).resolve().is_file()
            checked += 1
    assert checked >= len(example_scripts()) // 2


@pytest.mark.parametrize("canonical, prefix", [
    (None, "/"),  # a local build, served from the site's root
    ("https://gevent-tutorial.readthedocs.io/en/stable/", "/en/stable/"),
])
def test_conf_takes_the_address_from_read_the_docs(monkeypatch, canonical, prefix):
    import runpy

    if canonical is None:
        monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    else:
        monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", canonical)
    conf = runpy.run_path(str(ROOT / "conf.py"))
    assert conf["notfound_urls_prefix"] == prefix
    assert conf["ogp_site_url"] == conf["html_baseurl"] == (canonical or "")


def test_the_epub_is_a_whole_book():
    import posixpath
    import re

    from sitebuild import built_epub

    with zipfile.ZipFile(built_epub()) as book:
        names = set(book.namelist())
        opf = book.read("content.opf").decode()
        nav = book.read("nav.xhtml").decode() + book.read("toc.ncx").decode()
        pages = {n: book.read(n).decode() for n in names if n.endswith(".xhtml")}
    # The table of contents points at pages inside the book (docs/...), not beside it.
    targets = {t.split("#")[0] for t in re.findall(r'(?:href|src)="([^"]+\.xhtml[^"]*)"', nav)}
    assert "docs/core/monkey-patching.xhtml" in targets
    assert targets <= names
    # Every stylesheet a page asks for is in the book.
    for name, text in pages.items():
        for css in re.findall(r'<link[^>]*href="([^"]+\.css)[^"]*"', text):
            assert posixpath.normpath(posixpath.join(posixpath.dirname(name), css)) in names, (name, css)
    assert "<dc:identifier" in opf and "gevent-tutorial-" in opf
    # Links keep their text only: no URL printed after each of the many reference links.
    assert "[https://www.gevent.org/" not in pages["docs/core/spawning.xhtml"]
    assert "_static/tutorial-epub.css" in opf  # long code lines wrap



@pytest.mark.parametrize("text, first", [
    ("gevent lets one thread serve many connections. It does this with greenlets.",
     "gevent lets one thread serve many connections."),
    ("Greenlets only take turns when they wait through gevent. gevent's own modules do.",
     "Greenlets only take turns when they wait through gevent."),
    ("Short. Then a sentence long enough to be the description of a page on its own.",
     "Short. Then a sentence long enough to be the description of a page on its own."),
    ("One sentence that runs on and is cut by the preview length in the middle of a ...",
     "One sentence that runs on and is cut by the preview length in the middle of a ..."),
])
def test_first_sentence(text, first):
    from tutorial_ext.site import first_sentence

    assert first_sentence(text) == first


def test_no_page_shows_where_the_site_was_built(site):
    """Outputs name places neutrally (runexample/text.py): not this checkout,
    its virtual environment, the home folder or the interpreter's own path."""
    import os
    import sys

    places = {str(ROOT), os.path.expanduser("~"), sys.prefix, os.path.realpath(sys.executable)}
    places = {p for p in places if len(p) > 1}
    found = []
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".txt", ".js", ".json", ".xml"):
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{path.relative_to(site)}: {p}" for p in places if p in text]
    assert not found, "\n".join(found[:20])
