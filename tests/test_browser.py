"""The WebSocket page and the chat room, used through a real headless Chromium.

Each test starts an example as a reader would, ``python <script> --serve
--port 0``, learns the port from the first line it prints ("serving on
http://127.0.0.1:PORT/ ..."), drives the page with Playwright, and stops the
server at the end.

Playwright does not download a browser here: it drives the system's Chromium
(Debian's ``chromium`` package, or the path in ``$CHROMIUM``). Without that
browser, or without the playwright package, the tests are skipped and say why.
"""

import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "real_world"
CHROMIUM = (os.environ.get("CHROMIUM") or shutil.which("chromium")
            or shutil.which("chromium-browser"))
# The flags a headless Chromium needs in a container, as root, without network.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking"]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed (requirements/dev.txt)")
if not (CHROMIUM and os.access(CHROMIUM, os.X_OK)):
    pytest.skip("no Chromium found: install Debian's chromium package "
                "(apt-get install chromium) or set $CHROMIUM", allow_module_level=True)

expect = sync_api.expect


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
