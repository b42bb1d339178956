import shutil
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir():
    return ROOTS


@pytest.fixture
def project(tmp_path):
    """A fresh copy of the ``test-runner`` root, to write pages into."""
    return _copy_root(tmp_path, "test-runner")


def _copy_root(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(ROOTS / f"test-{name.removeprefix('test-')}", target)
    return target


# -- a headless Chromium, for the tests that look at pages ------------------------

#: The flags a headless Chromium needs in a container, as root, without network.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium (or ``$CHROMIUM``) driven by Playwright, one per test
    module; skipped, with the reason, when either is missing. Playwright
    downloads no browser here."""
    import os

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
