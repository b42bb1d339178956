"""A chat room: Flask on gevent's WSGI server, with long polling for new messages."""

from gevent import monkey

monkey.patch_all()  # First: the demo client uses urllib, which must not block.

import itertools
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from pathlib import Path

import gevent
from flask import Flask, abort, jsonify, redirect, render_template, request, url_for
from gevent.event import Event
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from _serving import command_line, serve_until_stopped, wsgi_server

HERE = Path(__file__).parent / "chat_room"
BACKLOG = 50  # messages kept per room
MAX_TEXT = 500  # characters per message
MAX_MEMBERS = 50  # per room
IDLE = 60  # seconds without polling after which a member's place can be taken
NAME = re.compile(r"[A-Za-z0-9_-]{1,20}")

app = Flask(__name__, template_folder=HERE / "templates", static_folder=HERE / "static")
app.config["MAX_CONTENT_LENGTH"] = 4096  # bytes; reading a bigger body raises a 413
app.config["POLL_SECONDS"] = 10.0  # how long a poll is held when nothing is new


class Room:
    def __init__(self, name):
        self.name = name
        self.members = {}  # name -> time of last poll or post
        self.messages = deque(maxlen=BACKLOG)  # Old messages fall off the front.
        self.ids = itertools.count(1)
        self.news = Event()  # Set, then replaced, whenever a message is posted.

    def add(self, user, text):
        message = {"id": next(self.ids), "user": user, "text": text}
        self.messages.append(message)
        # Wake every poll waiting on this room, and give later polls a fresh Event.
        self.news.set()
        self.news = Event()
        return message

    def since(self, after):
        return [m for m in self.messages if m["id"] > after]


rooms = {name: Room(name) for name in ("lobby", "gevent")}


def find(room_name, user):
    """The room, if it exists and *user* has joined it (who is then marked
    as active); a clear 404 otherwise."""
    room = rooms.get(room_name)
    if room is None:
        abort(404, f"There is no room named {room_name!r}.")
    if user not in room.members:
        abort(404, f"Nobody called {user!r} has joined {room_name!r}.")
    room.members[user] = time.monotonic()
    return room


@app.get("/")
def index():
    return render_template("index.html", rooms=rooms)


@app.post("/join")
def join():
    user, room_name = request.form.get("user", ""), request.form.get("room", "")
    if not NAME.fullmatch(user):
        abort(400, "A name is 1 to 20 letters, digits, '-' or '_'.")
    room = rooms.get(room_name)
    if room is None:
        abort(404, f"There is no room named {room_name!r}.")
    if user not in room.members and len(room.members) >= MAX_MEMBERS:
        now = time.monotonic()  # Make room by forgetting members who stopped polling.
        room.members = {n: t for n, t in room.members.items() if now - t < IDLE}
        if len(room.members) >= MAX_MEMBERS:
            abort(503, f"Room {room_name!r} is full.")
    room.members[user] = time.monotonic()
    print(f"server: {user} joined {room_name}")
    return redirect(url_for("room_page", room_name=room_name, user=user), 303)


@app.get("/rooms/<room_name>/<user>")
def room_page(room_name, user):
    room = find(room_name, user)
    return render_template("room.html", room=room, user=user, max_text=MAX_TEXT)


@app.post("/rooms/<room_name>/<user>/messages")
def post(room_name, user):
    room = find(room_name, user)
    text = request.form.get("text", "").strip()
    if not text:
        abort(400, "Say something: the message is empty.")
    if len(text) > MAX_TEXT:
        abort(413, f"A message has at most {MAX_TEXT} characters.")
    return jsonify(id=room.add(user, text)["id"])


@app.get("/rooms/<room_name>/<user>/poll")
def poll(room_name, user):
    """Answer at once if there is news after message id `after`, else wait for some."""
    room = find(room_name, user)
    after = request.args.get("after", 0, type=int)
    if not room.since(after):
        # Only this greenlet waits; the server goes on with other requests.
        room.news.wait(timeout=app.config["POLL_SECONDS"])
    return jsonify(messages=room.since(after))


TOO_LARGE = RequestEntityTooLarge.description  # Werkzeug's default text


@app.errorhandler(HTTPException)
def plain_error(error):
    """Every refusal: one log line, and a short plain-text answer."""
    if isinstance(error, RequestEntityTooLarge) and error.description == TOO_LARGE:
        # Raised by Werkzeug, because of MAX_CONTENT_LENGTH, when the view first
        # reads the body (request.form here), not before the view runs.
        error.description = f"A request has at most {app.config['MAX_CONTENT_LENGTH']} bytes."
    print(f"server: {request.method} {request.path} -> {error.code}: {error.description}")
    return f"{error.code} {error.name}: {error.description}\n", error.code, {
        "Content-Type": "text/plain; charset=utf-8"}


# ---- The demo: two users talk through the server, as chat.js does in a browser. ----

class Visitor:
    def __init__(self, base, name):
        self.base, self.name = base, name
        self.seen = 0  # the id of the last message this visitor has seen

    def call(self, path, **form):
        """GET *path*, or POST *form* to it; return the answer's text."""
        data = urllib.parse.urlencode(form).encode() if form else None
        try:
            with urllib.request.urlopen(self.base + path, data) as response:
                return response.read().decode()
        except urllib.error.HTTPError as error:
            return error.read().decode().strip()

    def say(self, text):
        print(f"{self.name} says {text!r}")
        self.seen = json.loads(self.call(f"/rooms/gevent/{self.name}/messages", text=text))["id"]

    def listen(self):
        """One long poll: print whatever arrives after the last message seen."""
        answer = self.call(f"/rooms/gevent/{self.name}/poll?after={self.seen}")
        messages = json.loads(answer)["messages"]
        for m in messages:
            print(f"{self.name} sees {m['user']}: {m['text']}")
            self.seen = m["id"]
        return messages


def main():
    app.config["POLL_SECONDS"] = 0.5  # Short, so the demo's empty poll ends soon.
    server = wsgi_server(("127.0.0.1", 0), app, access_log=False)
    server.start()
    base = f"http://127.0.0.1:{server.server_port}"
    alice, bob = Visitor(base, "alice"), Visitor(base, "bob")
    for visitor in (alice, bob):
        visitor.call("/join", user=visitor.name, room="gevent")

    for speaker, listener, text in [(alice, bob, "Hi Bob!"),
                                    (bob, alice, "<script>alert('pwned')</script>")]:
        waiting = gevent.spawn(listener.listen)
        gevent.sleep(0.1)  # The listener's poll is now held by the server...
        speaker.say(text)  # ...and this message ends it.
        waiting.join()
    page = alice.call("/rooms/gevent/alice")
    print("alice's page shows", re.search(r"<li>.*pwned.*</li>", page).group())
    start = time.perf_counter()
    if not bob.listen():
        print(f"bob's next poll: nothing new, answered after {time.perf_counter() - start:.1f}s")

    print("-- mistakes and abuse")
    for path, form in [("/rooms/nowhere/alice", {}), ("/rooms/gevent/mallory", {}),
                       ("/rooms/gevent/alice/messages", {"text": "x" * 600}),
                       ("/rooms/gevent/alice/messages", {"text": "x" * 5000}),
                       # find() refuses mallory before the view reads the body: a 404.
                       ("/rooms/gevent/mallory/messages", {"text": "x" * 5000}),
                       ("/join", {"user": "<b>", "room": "gevent"})]:
        print("client got", alice.call(path, **form))
    server.stop()


if __name__ == "__main__":
    args = command_line(__doc__, port=8005)
    if args.serve:
        serve_until_stopped(wsgi_server((args.host, args.port), app))
    else:
        main()
