"""What the tests share: copies of the small projects under ``roots/``, a
build helper, the readers of what a build wrote, and a headless browser.

The test modules import the helpers by name (``from conftest import build,
html``), and ask for the fixtures as usual.
"""

import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.util.console import strip_colors

pytest_plugins = ["sphinx.testing.fixtures"]

ROOTS = Path(__file__).parent / "roots"
REPOSITORY = Path(__file__).resolve().parent.parent
#: What a root needs beside it, copied from the repository.
EXTRAS = {"apilinks": {"_inventories": REPOSITORY / "docs" / "_inventories"}}


@pytest.fixture(scope="session")
def rootdir():
    return ROOTS


@pytest.fixture
def project(tmp_path, request):
    """A fresh copy of a root to write pages into: ``roots/test-runner``, or the
    one a test module names in ``TEST_ROOT`` (``"apilinks"``, ``"downloads"``)."""
    name = getattr(request.module, "TEST_ROOT", "runner")
    target = tmp_path / f"test-{name}"
    shutil.copytree(ROOTS / f"test-{name}", target)
    for folder, source in EXTRAS.get(name, {}).items():
        shutil.copytree(source, target / folder)
    return target


def build(make_app, srcdir: Path, pages: dict[str, str] | str | None = None, builder: str = "html",
          previous=None, **kwargs):
    """Write *pages* (a text is ``index.md``) into *srcdir* and build it.

    *previous* is an earlier app on the same folder, closed first, as a new
    ``sphinx-build`` run would start.
    """
    if isinstance(pages, str):
        pages = {"index": pages}
    for name, text in (pages or {}).items():
        (srcdir / f"{name}.md").write_text(text, encoding="utf-8")
    if previous is not None:
        previous.cleanup()
    app = make_app(builder, srcdir=srcdir, **kwargs)
    app.build()
    return app


def warning_text(app) -> str:
    """Everything the build warned, without colours."""
    return strip_colors(app.warning.getvalue()).strip()


def html(app, page: str = "index") -> str:
    return (Path(app.outdir) / f"{page}.html").read_text(encoding="utf-8")


def soup(app, page: str = "index") -> BeautifulSoup:
    return BeautifulSoup(html(app, page), "html.parser")


# -- a headless Chromium, for the tests that look at pages ------------------------

#: The flags a headless Chromium needs in a container, as root, without network.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium (or ``$CHROMIUM``) driven by Playwright, one per test
    module; skipped, with the reason, when either is missing. Playwright
    downloads no browser here."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is not installed (requirements/dev.txt)")
    chromium = (os.environ.get("CHROMIUM") or shutil.which("chromium")
                or shutil.which("chromium-browser"))
    if not (chromium and os.access(chromium, os.X_OK)):
        pytest.skip("no Chromium found: install Debian's chromium package "
                    "(apt-get install chromium) or set $CHROMIUM")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
