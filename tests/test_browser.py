"""The built site, the WebSocket page and the chat room, through a real headless Chromium.

The site tests serve a build of the tutorial (``tests/sitebuild.py``) the way
Read the Docs does: under ``/en/latest/``, with ``404.html`` for any address
that has no file. The example tests start an example as a reader would,
``python <script> --serve --port 0``, learn the port from the first line it
prints ("serving on http://127.0.0.1:PORT/ ..."), drive the page with
Playwright, and stop the server at the end.

Playwright does not download a browser here: it drives the system's Chromium
(Debian's ``chromium`` package, or the path in ``$CHROMIUM``). Without that
browser, or without the playwright package, the tests are skipped and say why.
"""

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "real_world"
# The browser fixture (conftest.py) skips these tests, saying why, where
# Playwright or Chromium is missing.
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed (requirements/dev.txt)")
expect = sync_api.expect


@pytest.fixture
def serve():
    """Start an example with --serve on a free port; return its URL. Stopped afterwards."""
    servers = []

    def start(script):
        proc = subprocess.Popen(
            [sys.executable, str(EXAMPLES / script), "--serve", "--port", "0"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        lines = []
        servers.append((proc, lines))
        # Keep reading its log, so that a full pipe never blocks the server.
        # The script prints its address first; give it 10 s to do so.
        reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
        reader.start()
        for _ in range(100):
            if lines or proc.poll() is not None:
                break
            threading.Event().wait(0.1)
        first = lines[0] if lines else ""
        found = re.search(r"serving on (http://\S+)", first)
        assert found, f"{script} --serve did not say where it listens: {first!r}"
        return found.group(1)

    yield start
    for proc, lines in servers:
        proc.terminate()  # SIGTERM: the example stops its server cleanly.
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail("the server did not stop on SIGTERM:\n" + "".join(lines))
        proc.stdout.close()


def test_websocket_page_shows_pushed_messages(browser, serve):
    url = serve("websocket_push.py")
    page = browser.new_page()
    page.goto(url)
    expect(page.locator("#status")).to_have_text("Connected")
    # The server pushes once a second: wait for two messages to arrive.
    pushed = page.locator("#messages li")
    expect(pushed.nth(1)).to_be_visible(timeout=5000)
    assert re.fullmatch(r"push \d+: 1 listening", pushed.first.inner_text())
    page.close()


def join(browser, url, user, room):
    """A separate browser context (its own cookies and storage), joined to *room*."""
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.fill("input[name=user]", user)
    page.select_option("select[name=room]", room)
    page.click("text=Join")
    page.wait_for_url(f"**/rooms/{room}/{user}")
    return context, page, dialogs


def say(page, text):
    page.fill("#say input", text)
    page.press("#say input", "Enter")


def test_chat_two_users_see_each_other(browser, serve):
    url = serve("chat_room.py")
    alice_context, alice, alice_dialogs = join(browser, url, "alice", "gevent")
    bob_context, bob, bob_dialogs = join(browser, url, "bob", "gevent")

    say(alice, "Hi Bob!")
    expect(bob.locator("#messages li").last).to_have_text("alice Hi Bob!")
    expect(alice.locator("#messages li").last).to_have_text("alice Hi Bob!")

    hostile = "<script>alert('pwned')</script><b>bold?</b>"
    say(bob, hostile)
    # Shown as text, in the page that received it by polling...
    expect(alice.locator("#messages li").last).to_have_text(f"bob {hostile}")
    # ...and in the backlog that the server renders into a freshly loaded page.
    alice.reload()
    expect(alice.locator("#messages li").last).to_have_text(f"bob {hostile}")
    for page in (alice, bob):
        # No element came out of the message: no <script>, and one <b> (the name) per line.
        assert page.locator("#messages script").count() == 0
        assert page.locator("#messages li b").count() == page.locator("#messages li").count()
    assert alice_dialogs == bob_dialogs == [], "a message ran as a script"

    alice_context.close()
    bob_context.close()


def test_chat_unknown_room_or_user_is_404(browser, serve):
    url = serve("chat_room.py")
    page = browser.new_page()
    for path, says in [("rooms/nowhere/alice", "There is no room named 'nowhere'."),
                       ("rooms/gevent/mallory", "Nobody called 'mallory' has joined 'gevent'.")]:
        response = page.goto(url + path)
        assert response.status == 404
        assert says in page.inner_text("body")
    page.close()


# -- The built site ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_url():
    """Serve the built site under /en/latest/ on 127.0.0.1; missing files get 404.html."""
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import urlsplit

    from sitebuild import PREFIX, built_site

    root = built_site()

    class ReadTheDocsLike(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def translate_path(self, path):
            path = urlsplit(path).path
            if not path.startswith(PREFIX):
                return str(root / "no such file")
            return super().translate_path("/" + path[len(PREFIX):])

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (root / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), ReadTheDocsLike)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def site_page(browser):
    """A page that may use the clipboard, and never reaches the internet."""
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"),
               lambda route: route.fulfill(status=200, content_type="text/html",
                                           body="<title>stand-in for the reference</title>"))
    yield page
    context.close()


@pytest.mark.parametrize("query, title, page", [
    ("monkey patch", "Monkey patching", "docs/core/monkey-patching.html"),
    ("queue", "Queues", "docs/data-structures/queues.html"),
])
def test_search_lists_the_page_named_by_the_query_first(site_page, site_url, query, title, page):
    site_page.goto(site_url + "search.html?q=" + query.replace(" ", "+"))
    first = site_page.locator("#search-results ul.search li").first
    expect(first).to_be_visible(timeout=15000)
    link = first.locator("a").first
    assert link.inner_text() == title
    assert link.get_attribute("href").split("?")[0].endswith(page)


def test_the_copy_button_copies_the_script_without_line_numbers(site_page, site_url):
    site_page.goto(site_url + "docs/core/spawning.html")
    block = site_page.locator("div.runexample").first
    caption = block.locator(".code-block-caption")
    assert caption.locator("a.download").inner_text() == "examples/core/spawning.py"
    assert "excerpt" not in caption.inner_text()  # the whole script
    block.locator("pre").hover()
    block.locator("button.copybtn").click()
    copied = site_page.evaluate("navigator.clipboard.readText()")
    script = (ROOT / "examples" / "core" / "spawning.py").read_text(encoding="utf-8")
    assert copied.rstrip("\n") == script.rstrip("\n")


def test_a_name_in_a_code_block_links_to_its_reference(site_page, site_url):
    site_page.goto(site_url + "docs/core/spawning.html")
    code = site_page.locator("div.runexample pre").first
    link = code.locator("a.sphinx-codeautolink-a", has_text=re.compile(r"^gevent\.spawn$")).first
    reference = "https://www.gevent.org/api/gevent.html#gevent.spawn"
    assert link.get_attribute("href") == reference
    # Following it leads there (the route above answers instead of the internet).
    link.click()
    site_page.wait_for_url(reference)
    assert site_page.title() == "stand-in for the reference"


def test_the_404_page_renders_with_working_links_at_any_depth(site_page, site_url):
    for missing in ("no-such-page.html", "docs/core/no/such/deep/page.html"):
        response = site_page.goto(site_url + missing)
        assert response.status == 404
        expect(site_page.locator("h1")).to_have_text("Page not found")
        # The theme's stylesheet loaded: its side navigation is fixed to the left.
        assert site_page.locator("nav.wy-nav-side").evaluate(
            "e => getComputedStyle(e).position") == "fixed"
    site_page.locator("div[itemprop=articleBody] a", has_text="Data structures").click()
    site_page.wait_for_url(site_url + "docs/data-structures/index.html")
    assert site_page.locator("h1").inner_text().startswith("Data structures")
    # The search box on the 404 page searches the tutorial.
    site_page.goto(site_url + "a/b/c/d/missing")
    site_page.fill(".notfound-search input[name=q]", "monkey patch")
    site_page.press(".notfound-search input[name=q]", "Enter")
    expect(site_page.locator("#search-results ul.search li").first).to_be_visible(timeout=15000)
